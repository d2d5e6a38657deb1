"""Widgets in JupyterLab 4 with ipywidgets 8: the numbers they show, their controls, sliders.

The numbers a widget shows are read from elements carrying a ``data-key`` attribute, the
convention every advcnn widget follows (``<span data-key="direct_macs">120,422,400</span>``);
sliders are found by their ``description`` and moved the way a person moves them: the handle
dragged with the mouse or stepped with arrow keys, the readout typed into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jlab_base import Control, Scope, parse_number
from jlab_notebook import code_cells
from playwright.sync_api import Locator, Page

__all__ = [
    "Slider",
    "controls",
    "decimals_of",
    "grid_value",
    "shown",
    "shown_keys",
    "slider",
    "slider_descriptions",
    "widget_cells",
]


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
