"""Every exercise is asked, checked and solved: each id in ``advcnn.exercises.EXERCISES`` has a
stub in its notebook (stored unanswered), a table of wrong answers in its test module, and a
solution in ``notebooks/solutions`` whose stored and re-executed check says it is right."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from advcnn.exercises import EXERCISES, check

REPO = Path(__file__).parent.parent
NOTEBOOK_DIR = REPO / "notebooks"
CHECK_CALL = re.compile(r"""\bcheck\(\s*["'](\d\d\.\w+)["']""")
NOTEBOOK_NUMBERS = sorted({exercise_id[:2] for exercise_id in EXERCISES})


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _output_text(cell: dict) -> str:
    texts = []
    for output in cell.get("outputs", []):
        texts.append("".join(output.get("text", "")))
        texts.append("".join(output.get("data", {}).get("text/plain", "")))
    return "\n".join(texts)


def _checked(path: Path) -> dict[str, dict]:
    """The cells of ``path`` that call ``check``, by the exercise id they check."""
    found: dict[str, dict] = {}
    for cell in _cells(path):
        if cell["cell_type"] != "code":
            continue
        for exercise_id in CHECK_CALL.findall(_source(cell)):
            assert exercise_id not in found, f"{path.name} checks {exercise_id} twice"
            found[exercise_id] = cell
    return found


def _lesson(number: str) -> Path:
    (path,) = NOTEBOOK_DIR.glob(f"{number}_*.ipynb")
    return path


def _solutions(number: str) -> Path:
    return NOTEBOOK_DIR / "solutions" / f"{number}_solutions.ipynb"


def test_every_notebook_of_the_course_has_exercises() -> None:
    lessons = sorted(path.name[:2] for path in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    assert lessons == NOTEBOOK_NUMBERS


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_an_unanswered_exercise_gets_a_note_not_an_error(exercise_id: str) -> None:
    for stub in (..., None):
        feedback = check(exercise_id, stub)
        assert (feedback.passed, feedback.answered) == (False, False), feedback
        assert "Not answered yet" in str(feedback)


def test_the_wrong_answer_tables_cover_every_exercise() -> None:
    covered: set[str] = set()
    for number in NOTEBOOK_NUMBERS:
        module = importlib.import_module(f"test_exercises_nb{number}")
        assert all(len(answers) >= 2 for answers in module.WRONG.values()), number
        covered |= set(module.WRONG)
    assert sorted(set(EXERCISES) - covered) == []
    assert sorted(covered - set(EXERCISES)) == []


@pytest.mark.parametrize("number", NOTEBOOK_NUMBERS)
def test_the_notebook_asks_every_exercise_and_stores_it_unanswered(number: str) -> None:
    path = _lesson(number)
    checked = _checked(path)
    ids = [exercise_id for exercise_id in EXERCISES if exercise_id.startswith(number + ".")]
    assert sorted(checked) == sorted(ids), f"{path.name} checks other ids than EXERCISES has"
    for exercise_id, cell in checked.items():
        assert "Not answered yet" in _output_text(cell), f"{exercise_id}: stored output"
        assert "# NBVAL_CHECK_OUTPUT" in _source(cell), f"{exercise_id}: output not compared"
    sources = "\n".join(_source(cell) for cell in _cells(path) if cell["cell_type"] == "markdown")
    assert f"solutions/{number}_solutions.ipynb" in sources, "no link to the solutions"


@pytest.mark.parametrize("number", NOTEBOOK_NUMBERS)
def test_the_solutions_solve_every_exercise_and_nbval_compares_it(number: str) -> None:
    path = _solutions(number)
    assert path.exists(), f"{path.relative_to(REPO)} is missing"
    checked = _checked(path)
    ids = [exercise_id for exercise_id in EXERCISES if exercise_id.startswith(number + ".")]
    assert sorted(checked) == sorted(ids)
    for exercise_id, cell in checked.items():
        assert "# NBVAL_CHECK_OUTPUT" in _source(cell), f"{exercise_id}: output not compared"
        assert ": Right." in _output_text(cell), f"{exercise_id}: the stored check is not right"
