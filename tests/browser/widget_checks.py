"""Exercise every slider of a widget the three ways a person moves one, and check what it shows.

For each slider: drag the handle with the mouse, step it with arrow keys, type into its readout.
After each move the slider must stand where the move put it, the widget must react (a number or
text changes, or a plot is redrawn; a plot it showed must be redrawn), every data-key must show
what the widget's registered ``WidgetSpec`` computes for the new setting, and no error may appear.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from expectations import WidgetSpec, agrees
from jlab import (
    WIDGET_TIMEOUT,
    Slider,
    assert_no_errors,
    controls,
    decimals_of,
    grid_value,
    kernel_status,
    shown_keys,
    slider,
    slider_descriptions,
    wait_until,
)
from playwright.sync_api import Locator

__all__ = ["WidgetReport", "check_shown", "exercise_slider", "exercise_widget_cell"]

# Marks every plot image inside a widget with a fingerprint of its picture, so that a redraw (a new
# <img>, or a new picture in the old one) can be told apart from a plot left standing. Figures the
# cell itself displays, outside any widget, are not expected to move.
_MARK_PLOTS_JS = """
(cell) => {
  const imgs = cell.querySelectorAll('.jupyter-widgets img');
  imgs.forEach((img) => { img.dataset.seenPicture = img.src.length + ':' + img.src.slice(-64); });
  return imgs.length;
}
"""
# Everything one poll needs, read in a single call (each call is a round trip to the browser).
_SNAPSHOT_JS = """
(cell) => {
  const texts = {};
  const repeated = [];
  for (const el of cell.querySelectorAll('[data-key]')) {
    if (el.dataset.key in texts) repeated.push(el.dataset.key);
    texts[el.dataset.key] = el.textContent.trim();
  }
  const redrawn = Array.from(cell.querySelectorAll('.jupyter-widgets img')).some(
    (img) => img.dataset.seenPicture !== img.src.length + ':' + img.src.slice(-64));
  // What the widget's HTML and Output widgets say (slider readouts excluded).
  const said = Array.from(cell.querySelectorAll('.widget-html-content, .widget-output'))
    .map((el) => el.innerText).join('\\n');
  return {texts, repeated, redrawn, said};
}
"""


@dataclass
class WidgetReport:
    """What was done to one widget cell, for the test's log."""

    keys: list[str]
    moves: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Snapshot:
    texts: dict[str, str]  # data-key → shown text
    redrawn: bool  # a plot was redrawn since the plots were marked
    said: str  # all text of the widget's HTML and Output widgets


def _snapshot(cell: Locator) -> _Snapshot:
    found = cell.evaluate(_SNAPSHOT_JS)
    if found["repeated"]:
        raise AssertionError(f"data-keys shown twice in one widget: {found['repeated']}")
    return _Snapshot(found["texts"], found["redrawn"], found["said"])


def _mismatches(cell: Locator, spec: WidgetSpec | None, texts: dict[str, str]) -> list[str]:
    if spec is None:
        return []
    values = controls(cell)
    wrong = []
    for key, expected in spec.expected(values).items():
        text = texts.get(key)
        if text is None:
            wrong.append(f"data-key {key!r} is no longer shown")
        elif not agrees(text, expected):
            wrong.append(
                f"data-key {key!r} shows {text!r}, {spec.compute.__name__} gives {expected!r}"
            )
    return [f"{'; '.join(wrong)} (controls: {values})"] if wrong else []


def check_shown(cell: Locator, spec: WidgetSpec | None, *, timeout: float = WIDGET_TIMEOUT) -> None:
    """Wait until every data-key in ``cell`` shows what ``spec`` computes for its controls."""
    wait_until(
        lambda: (not (wrong := _mismatches(cell, spec, _snapshot(cell).texts)), wrong),
        timeout=timeout,
        what="the widget's numbers to match advcnn",
    )


def _settle(
    cell: Locator,
    spec: WidgetSpec | None,
    before: _Snapshot,
    plots_before: int,
    *,
    landed: Callable[[], tuple[bool, str]],
    move: str,
    timeout: float,
) -> None:
    __tracebackhide__ = True
    page = cell.page

    def state() -> tuple[bool, list[str]]:
        assert_no_errors(cell)  # a traceback in the widget fails at once, not at the timeout
        problems = []
        ok, where = landed()
        if not ok:
            problems.append(where)
        now = _snapshot(cell)
        changed = now.texts != before.texts or now.said != before.said
        if plots_before and not now.redrawn:
            problems.append("the plot was not redrawn")
        if not changed and not now.redrawn:
            problems.append(f"nothing the widget shows changed (still {before.texts})")
        problems += _mismatches(cell, spec, now.texts)
        status = kernel_status(page)
        if status != "idle":
            problems.append(f"kernel {status!r}")
        return not problems, problems

    wait_until(state, timeout=timeout, what=f"the widget to follow: {move}")
    # Once more after a pause: a drag queues many updates, and the last one must win.
    page.wait_for_timeout(500)
    wait_until(state, timeout=timeout, what=f"the widget to stay right after: {move}")


def exercise_slider(
    cell: Locator, spec: WidgetSpec | None, handle: Slider, *, timeout: float = WIDGET_TIMEOUT
) -> list[str]:
    """Drag, arrow-key and type ``handle`` once each, checking the widget after every move.

    Returns:
        One line per move, saying where the slider went.
    """
    lo, hi, step = handle.bounds()
    assert hi > lo, f"slider {handle.description!r} has nowhere to move ({lo} … {hi})"
    done = []

    def move(name: str, action: Callable[[], None], landed: Callable[[], tuple[bool, str]]) -> None:
        plots = cell.evaluate(_MARK_PLOTS_JS)
        before = _snapshot(cell)
        action()
        _settle(cell, spec, before, plots, landed=landed, move=name, timeout=timeout)
        done.append(f"{name}: {handle.description!r} = {handle.value()}")

    # 1. Drag to the far side of the middle. A pixel of track is worth (hi - lo) / width.
    fraction = 0.2 if (handle.position() - lo) / (hi - lo) > 0.5 else 0.8
    target = lo + fraction * (hi - lo)
    slack = 2 * (hi - lo) / handle.track_width() + step

    def dragged() -> tuple[bool, str]:
        at = handle.position()
        return abs(at - target) <= slack, f"handle at {at}, dragged to about {target:.4g}"

    move(f"drag to {fraction:.0%} of the track", lambda: handle.drag_to_fraction(fraction), dragged)

    # 2. Two arrow-key presses towards the side with room (one, on a slider of two values).
    start = handle.position()
    presses = 2 if hi - lo >= 2 * step - 1e-9 else 1
    right = start + presses * step <= hi + 1e-9
    key, sign = ("ArrowRight", 1) if right else ("ArrowLeft", -1)
    stepped_to = start + sign * presses * step

    def stepped() -> tuple[bool, str]:
        at = handle.position()
        return abs(at - stepped_to) <= 1e-6 * step, f"handle at {at}, expected {stepped_to}"

    move(f"press {key} {presses}×", lambda: handle.press(key, presses), stepped)

    # 3. Type a value on the grid that differs from where the slider now is.
    now = handle.position()
    typed = next(
        v
        for v in (grid_value(lo, hi, step, f) for f in (0.5, 0.3, 0.7, 0.0, 1.0))
        if abs(v - now) > step / 2
    )
    text = f"{typed:.{decimals_of(lo, step)}f}"

    def typed_in() -> tuple[bool, str]:
        at, readout = handle.position(), handle.readout.text_content() or ""
        ok = abs(at - typed) <= step * 1e-6 and agrees(readout, float(typed))
        return ok, f"handle at {at}, readout shows {readout!r}, typed {text}"

    move(f"type {text} into the readout", lambda: handle.type_value(text), typed_in)
    return done


def exercise_widget_cell(
    cell: Locator, spec: WidgetSpec | None, *, timeout: float = WIDGET_TIMEOUT
) -> WidgetReport:
    """Check a widget cell's numbers, then exercise each of its sliders in turn."""
    report = WidgetReport(keys=shown_keys(cell))
    check_shown(cell, spec, timeout=timeout)
    descriptions = slider_descriptions(cell)
    assert all(descriptions), f"every slider needs a description; found {descriptions}"
    for description in descriptions:
        moves = exercise_slider(cell, spec, slider(cell, description), timeout=timeout)
        report.moves += moves
    assert_no_errors(cell)
    return report
