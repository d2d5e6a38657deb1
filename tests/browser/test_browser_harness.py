"""The harness proves itself on a demo notebook: it passes a working widget and fails broken ones.

Without these, a harness that looked at the wrong element or never waited would pass every
notebook. The demo (``demo_notebook.py``) follows the same conventions as advcnn's notebooks.
"""

from __future__ import annotations

import pytest
from conftest import LabServer
from demo_notebook import write_demo
from expectations import spec_for
from jlab import (
    assert_no_errors,
    open_notebook,
    run_all,
    shown,
    shown_keys,
    slider,
    widget_cells,
)
from playwright.sync_api import Page
from widget_checks import exercise_widget_cell

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

KEYS = ["direct_macs", "bottleneck_macs", "mac_ratio"]
# A broken widget is given this long to show the right numbers before the check gives up.
BROKEN_TIMEOUT = 8.0


def test_working_widget_passes(page: Page, lab_server: LabServer) -> None:
    write_demo(lab_server.root / "harness" / "working" / "harness_demo.ipynb")
    open_notebook(page, "harness/working/harness_demo.ipynb")
    run_all(page)
    assert_no_errors(page)
    (cell,) = widget_cells(page)
    assert shown_keys(cell) == KEYS
    # The lecture's example, read straight off the page before anything moves.
    assert shown(cell, "direct_macs") == "120,422,400"
    assert shown(cell, "bottleneck_macs") == "12,443,648"
    report = exercise_widget_cell(cell, spec_for("harness_demo", KEYS))
    assert len(report.moves) == 3, report.moves
    # The readout typed into last is the grid's middle: 1 + round(0.5 * 63) = 33.
    assert slider(cell, "bottleneck channels").value() == 33
    assert_no_errors(page)


def test_broken_widgets_fail(page: Page, lab_server: LabServer) -> None:
    faults = ["frozen", "drifts", "raises", "cell_error"]
    write_demo(lab_server.root / "harness" / "broken" / "harness_demo.ipynb", faults)
    open_notebook(page, "harness/broken/harness_demo.ipynb")
    run_all(page)  # the failing cell is the last one, so every cell still runs
    with pytest.raises(AssertionError, match="ZeroDivisionError"):
        assert_no_errors(page)
    frozen, drifts, raises = widget_cells(page)
    spec = spec_for("harness_demo", KEYS)
    with pytest.raises(AssertionError, match="nothing the widget shows changed"):
        exercise_widget_cell(frozen, spec, timeout=BROKEN_TIMEOUT)
    with pytest.raises(AssertionError, match="'bottleneck_macs' shows '12,443,648'"):
        exercise_widget_cell(drifts, spec, timeout=BROKEN_TIMEOUT)
    with pytest.raises(AssertionError, match="ValueError: this explorer breaks above 40"):
        exercise_widget_cell(raises, spec, timeout=BROKEN_TIMEOUT)
