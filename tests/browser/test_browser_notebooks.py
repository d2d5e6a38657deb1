"""Every notebook, run in JupyterLab in Chromium, with every slider moved as a learner moves it.

For each ``notebooks/*.ipynb`` (a temporary copy; see ``conftest.py``): Run → Run All Cells, wait
until every code cell has run, and require no error anywhere. Then, in every cell that holds
sliders, drag each slider, step it with arrow keys and type into its readout, and require after
each move that the numbers the widget shows (its ``data-key`` elements) are what advcnn computes
for the new setting (``expectations.py``) and that its plot is redrawn.

Run one notebook with ``pytest tests/browser -k 02_inception``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from expectations import spec_for
from jlab import (
    NOTEBOOK_DIR,
    assert_no_errors,
    open_notebook,
    run_all,
    shown_keys,
    slider_descriptions,
    widget_cells,
)
from playwright.sync_api import Page
from widget_checks import exercise_widget_cell

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))

# Every step has its own limit (jlab_base.py); this bounds a whole notebook: Run All may take up to
# RUN_ALL_TIMEOUT (8 min) and a widget whose numbers stop following fails at its first move.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_in_jupyterlab(page: Page, notebook: Path) -> None:
    open_notebook(page, f"notebooks/{notebook.name}")
    run_all(page)
    assert_no_errors(page)
    for index, cell in enumerate(widget_cells(page)):
        keys = shown_keys(cell)
        spec = spec_for(notebook.stem, keys)
        if keys and spec is None:
            pytest.fail(
                f"{notebook.name}: widget {index} (sliders {slider_descriptions(cell)}) shows "
                f"data-keys {keys}, but no function in tests/browser/expectations.py recomputes "
                f'them: add one with @widget("{notebook.stem}", keys={tuple(keys)!r})'
            )
        exercise_widget_cell(cell, spec)
    assert_no_errors(page)
