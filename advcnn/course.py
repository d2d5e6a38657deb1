"""Settings shared by the notebooks: quick mode, and how to say which mode a run is in.

``make test`` and the browser tests set ``ADVCNN_QUICK=1`` so that every notebook re-executes in
seconds on a CPU; a learner who opens a notebook gets the full run.
"""

from __future__ import annotations

import os

from advcnn.i18n import tr

__all__ = ["QUICK_ENV", "quick_mode", "describe_mode"]

QUICK_ENV = "ADVCNN_QUICK"


def quick_mode() -> bool:
    """``True`` when the environment variable ``ADVCNN_QUICK`` is set to anything but 0/false."""
    return os.environ.get(QUICK_ENV, "").strip().lower() not in ("", "0", "false", "no")


def describe_mode() -> str:
    """One sentence saying which mode this run is in and how to switch."""
    if quick_mode():
        return tr(
            "Quick mode ({env}=1): small subsets and short runs, for tests. "
            "Unset {env} for the full run.",
            env=QUICK_ENV,
        )
    return tr(
        "Full mode: the whole run. Set {env}=1 for a quick check on a small subset.", env=QUICK_ENV
    )
