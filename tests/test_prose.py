"""The notebooks' prose never states a number that their own stored outputs contradict.

The rule and the ``<!-- fixed: ... - source -->`` comment are described in ``tests/prose.py`` and
in the README's notebook section.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from prose import backed, check_notebook, claims_in, output_numbers, problems_in

NOTEBOOK_DIR = Path(__file__).parent.parent / "notebooks"
NOTEBOOKS = sorted(
    path for path in NOTEBOOK_DIR.glob("**/*.ipynb") if ".ipynb_checkpoints" not in path.parts
)


def _id(path: Path) -> str:
    return path.relative_to(NOTEBOOK_DIR).as_posix()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[_id(path) for path in NOTEBOOKS])
def test_prose_numbers_are_backed_by_outputs(path: Path) -> None:
    problems = check_notebook(path)
    assert not problems, f"{path.name}: prose that its outputs do not back:\n" + "\n".join(
        f"  {problem}" for problem in problems
    )


def _notebook(prose: str, output: str) -> dict:
    return {
        "cells": [
            {"cell_type": "markdown", "source": prose},
            {
                "cell_type": "code",
                "source": "",
                "outputs": [{"output_type": "stream", "text": output}],
            },
        ],
        "metadata": {},
    }


def test_a_changed_output_fails_the_prose_quoting_it() -> None:
    prose = "ResidualNet reached 99.42% and trained 2.3× as fast, in 72 s."
    assert problems_in(_notebook(prose, "acc 0.99417  speed-up 2.31x  time 71.6 s")) == []
    problems = problems_in(_notebook(prose, "acc 0.99317  speed-up 2.31x  time 71.6 s"))
    assert len(problems) == 1
    assert "'99.42%'" in problems[0].message and "fixed:" in problems[0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a 5×5 convolution on 28×28 from 192 channels, N × 1 × 28 × 28 floats", []),
        ("costs 120,422,400 multiply-accumulates", ["120,422,400"]),
        ("gradients of 1.9e-34 reach the stem", ["1.9e-34"]),
        ("images/s differ 6.3× where MACs differ 12.9x", ["6.3×", "12.9x"]),
        ("about 1,617 img/s, 3 s per epoch and 47 MB", ["1,617 img/s", "3 s", "47 MB"]),
        ("see section 2.3, Table 2 and Python 3.12 or torch 2.11.0", []),
        ("`lr=0.01` and $0.5^{20}$ and [link](https://x.org/1.5)", []),
        ("momentum 0.5 over 5 seeds", ["0.5"]),
    ],
)
def test_which_numbers_count_as_claims(text: str, expected: list[str]) -> None:
    assert [claim.text for claim in claims_in(text)] == expected


def test_rounding_and_percent_forms() -> None:
    numbers = output_numbers(_notebook("", "accuracy: 0.99231, ratio 12.94, grad 1.93e-34"))
    for text in ("99.2%", "99.23%", "12.9×", "13×", "1.9e-34"):
        (claim,) = claims_in(text)
        assert backed(claim, numbers), text
    for text in ("99.3%", "12.8×", "2.0e-34"):
        (claim,) = claims_in(text)
        assert not backed(claim, numbers), text


def test_fixed_numbers_need_a_source_and_must_still_be_stated() -> None:
    sourced = "The slides report 98.69%.\n<!-- fixed: 98.69% - the lecture's slides -->"
    assert problems_in(_notebook(sourced, "")) == []
    unsourced = "The slides report 98.69%.\n<!-- fixed: 98.69% -->"
    assert "names no source" in problems_in(_notebook(unsourced, ""))[0].message
    stale = "The slides report 98.7%.\n<!-- fixed: 98.69% - the lecture's slides -->"
    messages = " ".join(problem.message for problem in problems_in(_notebook(stale, "")))
    assert "'98.7%'" in messages and "no longer" in messages


def test_widget_state_counts_as_output() -> None:
    notebook = _notebook("The explorer shows 12,443,648.", "")
    assert problems_in(notebook)
    notebook["metadata"]["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {
            "state": {"m": {"state": {"value": '<span data-key="m">12,443,648</span>'}}}
        }
    }
    assert problems_in(notebook) == []
