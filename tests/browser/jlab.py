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

import jlab_base
import jlab_notebook
import jlab_widgets
from jlab_base import *  # noqa: F403
from jlab_notebook import *  # noqa: F403
from jlab_widgets import *  # noqa: F403

__all__ = [*jlab_base.__all__, *jlab_notebook.__all__, *jlab_widgets.__all__]
