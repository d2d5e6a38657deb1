"""Drive JupyterLab 4 and ipywidgets 8 in Chromium the way a learner does.

Everything here acts on what a person sees and touches: menus are clicked, slider handles are
dragged with the mouse or stepped with arrow keys, readouts are typed into. The numbers a widget
shows are read from elements carrying a ``data-key`` attribute, the convention every advcnn widget
follows (``<span data-key="direct_macs">120,422,400</span>``), and sliders are found by their
``description``.

A *scope* is either the whole page or one cell (a Playwright ``Locator``); give a cell when the
same description or data-key appears in more than one widget.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
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


# --------------------------------------------------------------------------------------------
# The notebook: open, run, wait, check


def notebook_panel(page: Page) -> Locator:
    """The notebook panel shown in the main area (tests open one notebook per page)."""
    return page.locator("#jp-main-dock-panel .jp-NotebookPanel:visible")


def code_cells(page: Page) -> Locator:
    """Every code cell of the open notebook, in order."""
    return notebook_panel(page).locator(".jp-Notebook .jp-Cell.jp-CodeCell")


# The notebook panel in the main area, found through the application object that the server
# exposes (``expose_app_in_browser``); its session says more than the toolbar, which shows "idle"
# before a kernel is even attached.
_FIND_PANEL_JS = """
const panel = () => {
  const app = window.jupyterapp;
  if (!app) return null;
  return Array.from(app.shell.widgets('main')).find(
    (w) => w.sessionContext && w.content && w.content.model && w.content.model.cells) || null;
};
"""
_KERNEL_STATUS_JS = (
    "() => {"
    + _FIND_PANEL_JS
    + """
  const found = panel();
  if (!found) return null;
  const context = found.sessionContext;
  const kernel = context.session && context.session.kernel;
  if (!context.isReady || !kernel) return 'starting';
  if (kernel.connectionStatus !== 'connected') return kernel.connectionStatus;
  return kernel.status;
}"""
)


def kernel_status(page: Page) -> str:
    """The notebook's kernel: ``idle``, ``busy``, ``starting``, ``dead``, ``connecting``, …"""
    status = page.evaluate(_KERNEL_STATUS_JS)
    if status is None:  # no application object: fall back on the toolbar's indicator
        indicator = notebook_panel(page).locator(".jp-Notebook-ExecutionIndicator")
        status = indicator.first.get_attribute("data-status") if indicator.count() else None
    return status or "unknown"


def _dialog_text(page: Page) -> str | None:
    dialog = page.locator(".jp-Dialog")
    return " ".join((dialog.first.text_content() or "").split()) if dialog.count() else None


def _accept_kernel_dialog(page: Page) -> None:
    # A notebook without kernelspec metadata asks which kernel to start; take the default.
    text = _dialog_text(page)
    if text and "Select Kernel" in text:
        page.locator(".jp-Dialog .jp-mod-accept").first.click()


def _no_dialog(page: Page) -> None:
    text = _dialog_text(page)
    if text:
        raise AssertionError(f"JupyterLab opened a dialog: {text}")


def open_notebook(page: Page, name: str) -> None:
    """Open ``name`` (a path under the server's root) and wait for its kernel to be ready.

    The page's browser context carries the server's address as its base URL and the token
    (see ``conftest.py``); ``?reset`` gives every test a fresh workspace, so exactly one notebook
    is open.
    """
    page.goto(f"/lab/tree/{name}?reset")
    notebook_panel(page).locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)

    def ready() -> tuple[bool, str]:
        _accept_kernel_dialog(page)
        status = kernel_status(page)
        return status == "idle", f"kernel status {status!r}"

    wait_until(ready, timeout=KERNEL_START_TIMEOUT, what=f"the kernel of {name} to start")


# Code cells whose outputs hold a widget that is not drawn as one: without the jupyterlab_widgets
# extension JupyterLab falls back on the text "VBox(children=...)", and no slider would be tested.
_UNDRAWN_WIDGETS_JS = (
    "() => {"
    + _FIND_PANEL_JS
    + """
  const found = panel();
  if (!found) return [];
  const undrawn = [];
  found.content.widgets.forEach((cell, index) => {
    const outputs = cell.model.outputs;
    if (!outputs) return;
    for (let j = 0; j < outputs.length; j++) {
      const data = outputs.get(j).data || {};
      if ('application/vnd.jupyter.widget-view+json' in data &&
          !cell.node.querySelector('.jupyter-widgets')) undrawn.push(index);
    }
  });
  return undrawn;
}"""
)


def _menu(page: Page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def _prompts(page: Page) -> list[str]:
    return code_cells(page).locator(".jp-InputArea-prompt").all_text_contents()


def wait_idle(page: Page, timeout: float = WIDGET_TIMEOUT) -> None:
    """Wait until the kernel is idle and no cell is queued or running (``[*]``).

    Idle must hold for a second, since the kernel goes idle for a moment between queued cells.
    """
    calm_since: list[float] = []

    def idle() -> tuple[bool, str]:
        _no_dialog(page)
        status = kernel_status(page)
        if status in ("dead", "terminating", "autorestarting"):
            raise AssertionError(f"the kernel is {status}: see the JupyterLab server log")
        busy = [i for i, prompt in enumerate(_prompts(page)) if "*" in prompt]
        if status != "idle" or busy:
            calm_since.clear()
            return False, f"kernel {status!r}, code cells still running or queued: {busy}"
        calm_since.append(time.monotonic())
        return calm_since[-1] - calm_since[0] >= 1.0, "settling"

    wait_until(idle, timeout=timeout, what="the kernel to become idle")


def run_all(page: Page, timeout: float = RUN_ALL_TIMEOUT) -> list[int]:
    """Clear every output, then Run → Run All Cells, and wait until every code cell has run.

    Clearing first removes the stored outputs and execution counts, so what is checked afterwards
    comes from this run alone.

    Returns:
        The execution counts of the code cells, in order.

    Raises:
        AssertionError: Execution stopped early (a cell raised), or a cell ran out of order.
    """
    _menu(page, "Edit", "Clear Outputs of All Cells")
    wait_until(
        lambda: (all(p.strip() in ("[ ]:", "[]:", "") for p in _prompts(page)), _prompts(page)),
        timeout=10,
        what="outputs to clear",
    )
    _no_dialog(page)
    _menu(page, "Run", "Run All Cells")
    wait_idle(page, timeout)
    prompts = _prompts(page)
    counts = [re.fullmatch(r"\[(\d+)\]:", p.strip()) for p in prompts]
    if not all(counts):
        # Run All stops at the first exception: show it rather than the missing counts.
        assert_no_errors(page)
        missing = [i for i, count in enumerate(counts) if not count]
        raise AssertionError(f"code cells {missing} never ran (prompts: {prompts})")
    numbers = [int(count.group(1)) for count in counts if count]
    assert numbers == sorted(set(numbers)), f"cells did not run once each, in order: {numbers}"
    wait_until(
        lambda: (not (undrawn := page.evaluate(_UNDRAWN_WIDGETS_JS)), f"cells {undrawn}"),
        timeout=30,
        what="every widget to be drawn (is jupyterlab_widgets installed next to jupyterlab?)",
    )
    return numbers


_ERRORS_JS = (
    "(root) => {"
    + _FIND_PANEL_JS
    + r"""
  const EXCEPTION = /^\s*\w*(?:Error|Exception)\b/m;
  const FAILURES = [
    'Error displaying widget', 'Failed to load model class', 'Failed to create view'];
  const found = [];
  const outputs = root.querySelectorAll('.jp-OutputArea-output');
  for (const out of outputs) {
    const text = out.innerText || '';
    const stderr = out.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr';
    if (stderr && (text.includes('Traceback') || EXCEPTION.test(text))) found.push(text);
    else if (FAILURES.some((f) => text.includes(f))) found.push(text);
  }
  // Error outputs of the notebook model itself (a SyntaxError prints no "Traceback").
  const found_panel = panel();
  const cells = found_panel ? found_panel.content.model.cells : [];
  if (root === document.body) {
    for (let i = 0; i < cells.length; i++) {
      const outputs = cells.get(i).outputs;
      if (!outputs) continue;
      for (let j = 0; j < outputs.length; j++) {
        const out = outputs.get(j).toJSON();
        if (out.output_type === 'error') found.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
      }
    }
  }
  return found;
}"""
)


def _log_console_errors(page: Page) -> list[str]:
    # Exceptions raised in a widget callback that has no output area of its own land in the log
    # console, not in a cell; the status bar counts them.
    item = page.locator(".jp-LogConsoleStatusItem:visible")
    if item.count() == 0:
        return []
    text = (item.first.text_content() or "").strip()
    if not text or text == "0":
        return []
    item.first.click()
    console = page.locator(".jp-LogConsole")
    console.first.wait_for(timeout=10_000)
    entries = console.locator(".jp-OutputArea-child").filter(
        has=page.locator('[data-log-level="error"], [data-log-level="critical"]')
    )
    return [f"log console: {t}" for t in entries.all_inner_texts()]


def assert_no_errors(scope: Scope) -> None:
    """Fail if any output in ``scope`` shows a traceback, an exception or a broken widget.

    On the whole page this also reads the notebook's error outputs and the log console, where
    JupyterLab puts exceptions from widget callbacks that have no output area.
    """
    page = scope if isinstance(scope, Page) else scope.page
    root = page.locator("body") if isinstance(scope, Page) else scope
    found = root.evaluate(_ERRORS_JS)
    if isinstance(scope, Page):
        found += _log_console_errors(page)
    if found:
        shown_errors = "\n\n".join(text[-3000:] for text in found)
        raise AssertionError(f"{len(found)} error output(s) in the notebook:\n{shown_errors}")


# --------------------------------------------------------------------------------------------
# Widgets: cells, numbers, controls


def widget_cells(page: Page) -> list[Locator]:
    """The code cells whose output holds at least one slider, in notebook order."""
    cells = code_cells(page)
    return [
        cells.nth(i) for i in range(cells.count()) if cells.nth(i).locator(".widget-slider").count()
    ]


def shown_keys(scope: Scope) -> list[str]:
    """Every ``data-key`` shown in ``scope``, in document order, without repeats."""
    keys = scope.locator("[data-key]").evaluate_all("els => els.map((e) => e.dataset.key)")
    return list(dict.fromkeys(keys))


def shown(scope: Scope, key: str) -> str:
    """The text of the element with ``data-key=key`` in ``scope``, stripped.

    Raises:
        AssertionError: No such element, or more than one (then pass the widget's cell as scope).
    """
    found = scope.locator(f'[data-key="{key}"]')
    count = found.count()
    if count != 1:
        where = "" if count == 0 else " (pass the widget's cell to tell them apart)"
        raise AssertionError(f"{count} elements with data-key={key!r}{where}")
    return (found.text_content() or "").strip()


_CONTROLS_JS = """
(els) => els.map((el) => {
  const label = (el.querySelector(':scope > .widget-label') || {}).textContent || '';
  if (el.classList.contains('widget-slider')) {
    const readout = el.querySelector('.widget-readout');
    const handle = el.querySelector('.noUi-handle');
    const text = readout && readout.offsetParent !== null ? readout.textContent
      : handle.getAttribute('aria-valuenow');
    return ['slider', label.trim(), text.trim()];
  }
  if (el.classList.contains('widget-dropdown')) {
    const select = el.querySelector('select');
    return ['dropdown', label.trim(), select.selectedIndex < 0 ? '' :
      select.options[select.selectedIndex].textContent.trim()];
  }
  const box = el.querySelector('input[type=checkbox]');
  const span = el.querySelector('.widget-label-basic span');
  return ['checkbox', (span ? span.textContent : label).trim(), box.checked];
})
"""


def controls(scope: Scope) -> dict[str, Control]:
    """Every slider, dropdown and checkbox in ``scope`` by description, with its current value.

    Slider values are read from the readout a person sees (``int`` unless it shows a decimal
    point); dropdowns give the selected label's text; checkboxes ``True``/``False``.
    """
    rows = scope.locator(".widget-slider, .widget-dropdown, .widget-checkbox").evaluate_all(
        _CONTROLS_JS
    )
    values: dict[str, Control] = {}
    for kind, description, value in rows:
        if description in values:
            raise AssertionError(f"two controls described {description!r}: describe them apart")
        values[description] = parse_number(value) if kind == "slider" else value
    return values


def slider_descriptions(scope: Scope) -> list[str]:
    """The descriptions of the sliders in ``scope``, in document order."""
    labels = scope.locator(".widget-slider > .widget-label").all_text_contents()
    return [label.strip() for label in labels]


@dataclass(frozen=True)
class Slider:
    """One ipywidgets 8 slider (noUiSlider underneath), moved the way a person moves it.

    Positions are in the slider's own units (``min`` … ``max`` in steps of ``step``), read from
    the noUiSlider instance that draws it; ``value`` is the number its readout shows.
    """

    root: Locator
    description: str

    @property
    def handle(self) -> Locator:
        return self.root.locator(".noUi-handle")

    @property
    def readout(self) -> Locator:
        return self.root.locator(".widget-readout")

    def bounds(self) -> tuple[float, float, float]:
        """``(min, max, step)`` of the slider."""
        lo, hi, step = self.root.locator(".noUi-target").evaluate(
            "t => [t.noUiSlider.options.range.min, t.noUiSlider.options.range.max,"
            " t.noUiSlider.options.step]"
        )
        return float(lo), float(hi), float(step)

    def position(self) -> float:
        """Where the handle stands, in slider units."""
        return float(self.root.locator(".noUi-target").evaluate("t => Number(t.noUiSlider.get())"))

    def value(self) -> int | float:
        """The value the readout shows (``int`` for an ``IntSlider``)."""
        return parse_number(self.readout.text_content() or "")

    def track_width(self) -> float:
        """Width of the track in CSS pixels (how finely a drag can place the handle)."""
        box = self.root.locator(".noUi-base").bounding_box()
        assert box is not None, f"slider {self.description!r} is not displayed"
        return box["width"]

    def drag_to_fraction(self, fraction: float) -> None:
        """Press the mouse on the handle, drag it to ``fraction`` of the track, release."""
        self.handle.scroll_into_view_if_needed()
        track = self.root.locator(".noUi-base").bounding_box()
        grip = self.handle.bounding_box()
        assert track and grip, f"slider {self.description!r} is not displayed"
        page = self.root.page
        start_x, y = grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2
        end_x = track["x"] + fraction * track["width"]
        page.mouse.move(start_x, y)
        page.mouse.down()
        page.mouse.move(end_x, y, steps=12)
        page.mouse.up()

    def press(self, key: str, times: int = 1) -> None:
        """Focus the handle and press ``key`` (e.g. ``"ArrowRight"``) ``times`` times."""
        self.handle.scroll_into_view_if_needed()
        self.handle.focus()
        for _ in range(times):
            self.root.page.keyboard.press(key)

    def type_value(self, value: int | float | str) -> None:
        """Click the readout, replace its text with ``value`` and press Enter."""
        self.readout.click()
        keyboard = self.root.page.keyboard
        keyboard.press("Control+A")
        keyboard.type(str(value))
        keyboard.press("Enter")


def slider(scope: Scope, description: str) -> Slider:
    """The slider whose description is ``description`` (exactly, after stripping).

    Raises:
        AssertionError: None or several such sliders in ``scope``.
    """
    page = scope if isinstance(scope, Page) else scope.page
    label = re.compile(f"^\\s*{re.escape(description)}\\s*$")
    candidates = scope.locator(".widget-slider").filter(
        has=page.locator(".widget-label", has_text=label)
    )
    count = candidates.count()
    if count != 1:
        raise AssertionError(
            f"{count} sliders described {description!r}; sliders here: {slider_descriptions(scope)}"
        )
    return Slider(candidates.first, description)


def grid_value(lo: float, hi: float, step: float, fraction: float) -> float:
    """The value on the slider's grid nearest ``fraction`` of the way from ``lo`` to ``hi``."""
    return lo + round(fraction * (hi - lo) / step) * step


def decimals_of(*numbers: float) -> int:
    """How many decimals it takes to write all ``numbers`` exactly: (0, 0.25) → 2, (1, 2) → 0."""
    for decimals in range(12):
        scaled = [number * 10**decimals for number in numbers]
        if all(abs(x - round(x)) < 1e-6 for x in scaled):
            return decimals
    return 12
