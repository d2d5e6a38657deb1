"""A Chinese notebook in JupyterLab: its explorer speaks Chinese and its numbers still follow.

``notebooks/zh/01_one_by_one_convolution.ipynb`` is run with Run All Cells, then its bottleneck
explorer is checked as the English one is (``test_browser_notebooks.py``): every slider dragged,
stepped and typed into, and after each move every number it shows recomputed by advcnn. Besides,
each slider's description must be the catalogue's Chinese text of the English one.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from expectations import WidgetSpec, spec_for
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

from advcnn.i18n import set_language
from advcnn.widgets.bottleneck import _descriptions

NOTEBOOK = "01_one_by_one_convolution"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _slider_names() -> dict[str, str]:
    """The bottleneck explorer's slider descriptions: Chinese → English (the catalogue may give
    another English text the same Chinese, so the map is built from the explorer's own)."""
    english = _descriptions()
    set_language("zh")
    try:
        chinese = _descriptions()
    finally:
        set_language("en")
    return {chinese[key]: english[key] for key in english}


ENGLISH = _slider_names()

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


def in_english(spec: WidgetSpec) -> WidgetSpec:
    """``spec`` for controls described in Chinese: each description translated back first."""

    def compute(controls):  # noqa: ANN001, ANN202 - the signature of expectations.Compute
        return spec.compute({ENGLISH.get(name, name): value for name, value in controls.items()})

    return dataclasses.replace(spec, compute=compute)


def test_a_chinese_notebook_shows_chinese_labels_and_numbers_that_follow(page: Page) -> None:
    assert (NOTEBOOK_DIR / "zh" / f"{NOTEBOOK}.ipynb").exists()
    open_notebook(page, f"notebooks/zh/{NOTEBOOK}.ipynb")
    run_all(page)
    assert_no_errors(page)
    cells = [cell for cell in widget_cells(page) if shown_keys(cell)]
    assert cells, "the Chinese notebook shows no explorer"
    for cell in cells:
        descriptions = slider_descriptions(cell)
        assert descriptions, "the explorer shows no slider"
        assert all(CHINESE.search(text) for text in descriptions), descriptions
        assert all(text in ENGLISH for text in descriptions), descriptions
        spec = spec_for(NOTEBOOK, shown_keys(cell))
        assert spec is not None, f"no expectations for data-keys {shown_keys(cell)}"
        exercise_widget_cell(cell, in_english(spec))
    assert_no_errors(page)
