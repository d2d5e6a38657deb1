"""What the JupyterLab driver shares: where things are, how long to wait, how numbers are read.

The numbers a widget shows are text (``"120,422,400"``, ``"10.3%"``); ``parse_number`` turns it
into the number advcnn computes, and ``resolution`` says how finely the text can show it.
``wait_until`` polls the page until something holds, with a time limit and a message that says
what was awaited.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from playwright.sync_api import Locator, Page

__all__ = [
    "KERNEL_START_TIMEOUT",
    "NOTEBOOK_DIR",
    "REPO_ROOT",
    "RUN_ALL_TIMEOUT",
    "WIDGET_TIMEOUT",
    "Control",
    "Scope",
    "parse_number",
    "resolution",
    "wait_until",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
# The notebooks under test; another folder can be named to try the suite on other notebooks.
NOTEBOOK_DIR = Path(os.environ.get("ADVCNN_BROWSER_NOTEBOOKS", REPO_ROOT / "notebooks"))

# Bounded but generous: the fourth notebook trains a small model on a CPU even in quick mode.
KERNEL_START_TIMEOUT = float(os.environ.get("ADVCNN_BROWSER_KERNEL_TIMEOUT", "120"))
RUN_ALL_TIMEOUT = float(os.environ.get("ADVCNN_BROWSER_RUN_TIMEOUT", "480"))
WIDGET_TIMEOUT = float(os.environ.get("ADVCNN_BROWSER_WIDGET_TIMEOUT", "60"))
_POLL_SECONDS = 0.25

Control = int | float | str | bool
Scope = Page | Locator
_T = TypeVar("_T")

_NUMBER = re.compile(r"[-+−]?(?:\d[\d,_\u2009\u202f]*)?\.?\d+(?:[eE][-+]?\d+)?")


def wait_until(
    probe: Callable[[], tuple[bool, _T]], *, timeout: float, what: str, poll: float = _POLL_SECONDS
) -> _T:
    """Poll ``probe`` until it reports success; raise ``AssertionError`` after ``timeout`` seconds.

    Args:
        probe: Returns ``(done, detail)``; ``detail`` of the last attempt explains a timeout.
        timeout: Seconds to keep trying.
        what: What is being waited for, for the error message.
        poll: Seconds between attempts.

    Returns:
        The ``detail`` of the successful attempt.
    """
    __tracebackhide__ = True  # a failure reads as the caller's, with this function's message
    deadline = time.monotonic() + timeout
    while True:
        done, detail = probe()
        if done:
            return detail
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}: {detail}")
        time.sleep(poll)


def parse_number(text: str) -> int | float:
    """The first number in ``text``: ``"120,422,400"`` → 120422400, ``"10.3%"`` → 10.3.

    Thousands separators (commas, underscores, thin spaces) are dropped; a number written without
    a decimal point or exponent comes back as ``int``.
    """
    match = _NUMBER.search(text)
    if match is None:
        raise ValueError(f"no number in {text!r}")
    token = re.sub(r"[,_\u2009\u202f]", "", match.group()).replace("−", "-")
    return float(token) if any(c in token for c in ".eE") else int(token)


def resolution(text: str) -> float:
    """One unit in the last digit of the first number in ``text``: "10.3%" → 0.1, "1.5e8" → 1e7."""
    match = _NUMBER.search(text)
    if match is None:
        raise ValueError(f"no number in {text!r}")
    mantissa, _, exponent = match.group().lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)
