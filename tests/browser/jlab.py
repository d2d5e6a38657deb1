"""Drive JupyterLab 4 and ipywidgets 8 in Chromium the way a learner does.

Everything here acts on what a person sees and touches: menus are clicked, slider handles are
dragged with the mouse or stepped with arrow keys, readouts are typed into. The numbers a widget
shows are read from elements carrying a ``data-key`` attribute, the convention every advcnn widget
follows (``<span data-key="direct_macs">120,422,400</span>``), and sliders are found by their
``description``.

A *scope* is either the whole page or one cell (a Playwright ``Locator``); give a cell when the
same description or data-key appears in more than one widget.

The driver lives in three modules, and every name of theirs can be imported from here:

* ``jlab_base``: the paths, the time limits, ``wait_until``, and reading numbers from text;
* ``jlab_notebook``: open a notebook, run all its cells, wait for the kernel, check for errors;
* ``jlab_widgets``: read ``data-key`` values and controls, find sliders and move them.
"""

from __future__ import annotations

from jlab_base import (
    KERNEL_START_TIMEOUT,
    NOTEBOOK_DIR,
    REPO_ROOT,
    RUN_ALL_TIMEOUT,
    WIDGET_TIMEOUT,
    Control,
    Scope,
    parse_number,
    resolution,
    wait_until,
)
from jlab_notebook import (
    assert_no_errors,
    code_cells,
    kernel_status,
    notebook_panel,
    open_notebook,
    run_all,
    wait_idle,
)
from jlab_widgets import (
    Slider,
    controls,
    decimals_of,
    grid_value,
    shown,
    shown_keys,
    slider,
    slider_descriptions,
    widget_cells,
)

__all__ = [
    "KERNEL_START_TIMEOUT",
    "NOTEBOOK_DIR",
    "REPO_ROOT",
    "RUN_ALL_TIMEOUT",
    "WIDGET_TIMEOUT",
    "Control",
    "Scope",
    "Slider",
    "assert_no_errors",
    "code_cells",
    "controls",
    "decimals_of",
    "grid_value",
    "kernel_status",
    "notebook_panel",
    "open_notebook",
    "parse_number",
    "resolution",
    "run_all",
    "shown",
    "shown_keys",
    "slider",
    "slider_descriptions",
    "wait_idle",
    "wait_until",
    "widget_cells",
]
