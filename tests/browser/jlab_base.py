"""What the JupyterLab driver shares: where things are, how long to wait, how numbers are read.

``find_chromium`` says which browser the tests drive: ``$ADVCNN_CHROMIUM``, else a Chromium or
Chrome installed on the machine, else Playwright's own Chromium, downloaded once with
``python -m playwright install chromium`` when it is missing.

The numbers a widget shows are text (``"120,422,400"``, ``"10.3%"``); ``parse_number`` turns it
into the number advcnn computes, and ``resolution`` says how finely the text can show it.
``wait_until`` polls the page until something holds, with a time limit and a message that says
what was awaited.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from playwright.sync_api import BrowserType, Locator, Page

__all__ = [
    "KERNEL_START_TIMEOUT",
    "NOTEBOOK_DIR",
    "REPO_ROOT",
    "RUN_ALL_TIMEOUT",
    "WIDGET_TIMEOUT",
    "ChromiumNotFoundError",
    "Control",
    "Scope",
    "find_chromium",
    "installed_chromium",
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

# Chromium or Chrome as Linux distributions name it on PATH, then where macOS installs the apps.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
MACOS_APPS = (
    "Chromium.app/Contents/MacOS/Chromium",
    "Google Chrome.app/Contents/MacOS/Google Chrome",
)
INSTALL_COMMAND = (sys.executable, "-m", "playwright", "install", "chromium")
INSTALL_TIMEOUT = float(os.environ.get("ADVCNN_BROWSER_INSTALL_TIMEOUT", "900"))

Control = int | float | str | bool
Scope = Page | Locator
_T = TypeVar("_T")


class ChromiumNotFoundError(RuntimeError):
    """No browser for the tests: none installed, and Playwright's could not be downloaded."""


def _executable(path: str | os.PathLike[str] | None) -> Path | None:
    if not path:
        return None
    path = Path(path)
    return path if path.is_file() and os.access(path, os.X_OK) else None


def installed_chromium() -> Path | None:
    """A Chromium or Chrome installed on this machine: on PATH, or a macOS application."""
    for name in CHROMIUM_NAMES:
        if found := _executable(shutil.which(name)):
            return found
    if sys.platform == "darwin":
        for folder in (Path("/Applications"), Path.home() / "Applications"):
            for app in MACOS_APPS:
                if found := _executable(folder / app):
                    return found
    return None


def _install_playwright_chromium() -> str | None:
    """Run ``playwright install chromium``; None when it worked, else why it failed, in a line."""
    try:
        result = subprocess.run(
            INSTALL_COMMAND, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return f"no answer in {INSTALL_TIMEOUT:.0f} s"
    except OSError as error:
        return str(error)
    if result.returncode == 0:
        return None
    lines = [line.strip() for line in (result.stderr + result.stdout).splitlines() if line.strip()]
    # Playwright's own message names the cause (no network, a proxy, a full disk).
    reason = next((line for line in lines if "error" in line.lower()), lines[-1] if lines else "")
    return f"exit status {result.returncode}" + (f": {reason[:200]}" if reason else "")


def find_chromium(browser_type: BrowserType) -> Path:
    """The browser the tests drive, fetching Playwright's Chromium when the machine has none.

    In order: ``$ADVCNN_CHROMIUM``; the first of ``CHROMIUM_NAMES`` on ``PATH`` (on macOS also
    Chromium.app and Google Chrome.app); Playwright's own Chromium if it is installed; and
    otherwise Playwright's Chromium after one ``python -m playwright install chromium``, which
    needs internet access but no root.

    Args:
        browser_type: ``playwright.chromium``, which knows where Playwright keeps its Chromium.

    Raises:
        ChromiumNotFoundError: ``$ADVCNN_CHROMIUM`` names no executable file, or no browser was
            found and the download failed. The message is one line with the command to run.
    """
    named = os.environ.get("ADVCNN_CHROMIUM")
    if named:
        if found := _executable(named):
            return found
        raise ChromiumNotFoundError(
            f"ADVCNN_CHROMIUM={named} is not an executable file: point it at a Chromium or "
            "Chrome binary, or unset it to let the browser tests find or fetch one."
        )
    if found := installed_chromium() or _executable(browser_type.executable_path):
        return found
    failure = _install_playwright_chromium()
    if found := _executable(browser_type.executable_path):
        return found
    reason = failure or f"nothing at {browser_type.executable_path} afterwards"
    raise ChromiumNotFoundError(
        "The browser tests found no Chromium or Chrome, and downloading Playwright's failed "
        f"({reason}). Run: {shlex.join(INSTALL_COMMAND)}"
    )


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
