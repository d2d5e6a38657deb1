"""The notebook in JupyterLab 4: open it, run all its cells, wait for the kernel, find errors.

Menus are clicked as a person clicks them (**Run → Run All Cells**). The kernel's state is read
from the application object the server exposes to the page, and errors from the outputs a person
sees, the notebook's own error outputs and the log console.
"""

from __future__ import annotations

import re
import time

from jlab_base import KERNEL_START_TIMEOUT, RUN_ALL_TIMEOUT, WIDGET_TIMEOUT, Scope, wait_until
from playwright.sync_api import Locator, Page

__all__ = [
    "assert_no_errors",
    "code_cells",
    "kernel_status",
    "notebook_panel",
    "open_notebook",
    "run_all",
    "wait_idle",
]


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
