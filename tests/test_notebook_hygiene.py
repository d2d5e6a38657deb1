"""The stored notebooks render on GitHub and in Colab, and their diffs stay small.

GitHub refuses to render a notebook whose ``metadata.widgets`` lacks the widgets' ``state``; a
stored traceback shows a learner a broken course before they run anything; and nbconvert's
per-cell execution timestamps change on every run, so a one-line prose edit would rewrite
hundreds of lines (``make notebooks`` turns them off).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOK_DIR = Path(__file__).parent.parent / "notebooks"
NOTEBOOKS = sorted(
    path for path in NOTEBOOK_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts
)
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def widget_problems(notebook: dict) -> list[str]:
    """Widget views whose model the stored state lacks, and state entries without ``state``."""
    problems = []
    managers = notebook.get("metadata", {}).get("widgets", {})
    models = {}
    for mime, manager in managers.items():
        if not isinstance(manager.get("state"), dict):
            problems.append(f"metadata.widgets[{mime!r}] has no 'state'")
            continue
        for model_id, model in manager["state"].items():
            if not isinstance(model, dict) or not isinstance(model.get("state"), dict):
                problems.append(f"widget model {model_id} has no 'state'")
            models[model_id] = model
    for index, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view and view.get("model_id") not in models:
                problems.append(f"cell {index} shows widget {view.get('model_id')}, not stored")
    return problems


def traceback_problems(notebook: dict) -> list[str]:
    """Error outputs, and tracebacks printed into any output."""
    problems = []
    for index, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                problems.append(f"cell {index}: stored error {output.get('ename')}")
                continue
            texts = [_text(output.get("text", ""))]
            texts += [_text(value) for value in output.get("data", {}).values()]
            if any("Traceback (most recent call last)" in text for text in texts):
                problems.append(f"cell {index}: a traceback in a stored output")
    return problems


def timing_problems(notebook: dict) -> list[str]:
    """Cells with nbconvert's execution timestamps, and outputs without an execution count."""
    problems = []
    for index, cell in enumerate(notebook["cells"]):
        if "execution" in cell.get("metadata", {}):
            problems.append(f"cell {index}: execution timing metadata")
        if cell["cell_type"] == "code" and cell.get("outputs") and not cell["execution_count"]:
            problems.append(f"cell {index}: outputs but no execution count (nbval fails on it)")
    return problems


@pytest.mark.parametrize(
    "path", NOTEBOOKS, ids=[path.relative_to(NOTEBOOK_DIR).as_posix() for path in NOTEBOOKS]
)
def test_stored_widgets_have_their_state(path: Path) -> None:
    assert widget_problems(_load(path)) == []


@pytest.mark.parametrize(
    "path", NOTEBOOKS, ids=[path.relative_to(NOTEBOOK_DIR).as_posix() for path in NOTEBOOKS]
)
def test_no_stored_output_holds_a_traceback(path: Path) -> None:
    assert traceback_problems(_load(path)) == []


@pytest.mark.parametrize(
    "path", NOTEBOOKS, ids=[path.relative_to(NOTEBOOK_DIR).as_posix() for path in NOTEBOOKS]
)
def test_no_cell_carries_execution_timing(path: Path) -> None:
    assert timing_problems(_load(path)) == []


def test_the_checks_catch_what_they_look_for() -> None:
    view = {"output_type": "display_data", "data": {WIDGET_VIEW: {"model_id": "m1"}}}
    cell = {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [view]}
    notebook = {"cells": [cell], "metadata": {}}
    assert widget_problems(notebook) == ["cell 0 shows widget m1, not stored"]
    notebook["metadata"]["widgets"] = {WIDGET_STATE: {"version_major": 2}}
    assert widget_problems(notebook) == [
        f"metadata.widgets[{WIDGET_STATE!r}] has no 'state'",
        "cell 0 shows widget m1, not stored",
    ]
    notebook["metadata"]["widgets"][WIDGET_STATE]["state"] = {"m1": {"model_name": "VBoxModel"}}
    assert widget_problems(notebook) == ["widget model m1 has no 'state'"]
    notebook["metadata"]["widgets"][WIDGET_STATE]["state"]["m1"]["state"] = {}
    assert widget_problems(notebook) == []

    assert traceback_problems(notebook) == []
    cell["outputs"].append({"output_type": "error", "ename": "ValueError", "traceback": []})
    printed = "Traceback (most recent call last):\n  File ...\nValueError: no"
    cell["outputs"].append({"output_type": "stream", "name": "stderr", "text": printed})
    assert traceback_problems(notebook) == [
        "cell 0: stored error ValueError",
        "cell 0: a traceback in a stored output",
    ]

    assert timing_problems(notebook) == []
    cell["metadata"]["execution"] = {"iopub.execute_input": "2026-11-27T21:13:52.341401Z"}
    cell["execution_count"] = None
    assert timing_problems(notebook) == [
        "cell 0: execution timing metadata",
        "cell 0: outputs but no execution count (nbval fails on it)",
    ]


LINK = re.compile(r"\]\(([^)#\s]+\.(?:ipynb|md))[)#]")


@pytest.mark.parametrize(
    "path", NOTEBOOKS, ids=[path.relative_to(NOTEBOOK_DIR).as_posix() for path in NOTEBOOKS]
)
def test_links_to_notebooks_and_pages_lead_somewhere(path: Path) -> None:
    broken = []
    for index, cell in enumerate(_load(path)["cells"]):
        if cell["cell_type"] == "markdown":
            for link in LINK.findall(_text(cell["source"])):
                if "://" not in link and not (path.parent / link).exists():
                    broken.append(f"cell {index}: {link}")
    assert broken == []
