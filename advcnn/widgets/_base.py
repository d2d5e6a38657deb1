"""What every explorer shares: sliders in; a summary of tagged numbers and a plot out.

Each number an explorer shows sits in a ``<span data-key="…">`` of its ``summary``, written by
``span``; ``shown()`` reads the spans back with ``read_spans``. That markup is what the tests
read, headlessly and in a browser, so every explorer writes and parses it here, in one place.
Only widgets that ipywidgets 7.7 (Google Colab) and 8 both have are used. An exception inside
a slider's update is shown where the summary was (JupyterLab 4 would swallow it silently).
"""

from __future__ import annotations

import html
import re
import traceback
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import clear_output, display
from matplotlib.figure import Figure

from advcnn.i18n import tr

__all__ = ["SliderExplorer", "read_spans", "reset_button", "span", "table_row"]

_SPAN = re.compile(r'<span data-key="([^"]+)">([^<]*)</span>')


def span(key: str, value: int | str) -> str:
    """One number of a summary, tagged so that ``read_spans`` finds it.

    Args:
        key: The ``data-key`` it is read back by.
        value: A count, written with thousands separators (``"12,443,648"``), or text already
            formatted (``"0.103"``, ``"1.92e-34"``), which is HTML-escaped.

    Returns:
        ``<span data-key="key">value</span>``.
    """
    text = f"{value:,}" if isinstance(value, int) else value
    return f'<span data-key="{key}">{html.escape(text)}</span>'


def read_spans(markup: str) -> dict[str, str]:
    """The text of every ``span`` in ``markup``, by ``data-key``, as displayed."""
    return {key: html.unescape(text) for key, text in _SPAN.findall(markup)}


def table_row(
    cells: Sequence[str],
    aligns: Sequence[str],
    *,
    padding: str,
    header: bool = False,
    bold: bool = False,
) -> str:
    """One row of a summary table: each cell (markup, inserted as it is) in a ``<td>``, or a
    ``<th>`` when ``header``, with its own text alignment.

    Args:
        cells: The cells' markup; escape plain text first.
        aligns: ``"left"`` or ``"right"``, one per cell.
        padding: CSS padding of every cell, e.g. ``"1px 8px"``.
        header: Header cells (``<th>``) instead of data cells.
        bold: Bold text in every cell.
    """
    tag = "th" if header else "td"
    weight = ";font-weight:bold" if bold else ""
    return (
        "<tr>"
        + "".join(
            f'<{tag} style="padding:{padding};text-align:{align}{weight}">{cell}</{tag}>'
            for cell, align in zip(cells, aligns, strict=True)
        )
        + "</tr>"
    )


def reset_button(reset: Callable[[], None]) -> widgets.Button:
    """A "lecture's values" button that calls ``reset`` when clicked."""
    button = widgets.Button(description=tr("lecture's values"))
    button.on_click(lambda _: reset())
    return button


class SliderExplorer:
    """Integer sliders that drive an ``HTML`` summary and a matplotlib plot.

    A subclass passes its sliders to ``__init__``, builds ``widget`` around them, ``summary`` and
    ``plot_output``, wires the sliders to its update with ``_watch_sliders``, and draws through
    ``_redraw``.

    Args:
        sliders: ``IntSlider`` by key.

    Attributes:
        sliders: The sliders, by key.
        summary: ``HTML`` whose numbers sit in ``span``s; ``shown()`` reads them back.
        plot_output: ``Output`` that holds the plot.
        figure: The figure drawn last (kept for tests; already closed).
        error: The exception the last slider update raised, or ``None`` after a good update.
        widget: The widget to display, built by the subclass.
    """

    widget: widgets.Box

    def __init__(self, sliders: dict[str, widgets.IntSlider]) -> None:
        self.sliders = sliders
        self.summary = widgets.HTML()
        self.plot_output = widgets.Output()
        self.figure: Figure | None = None
        self.error: Exception | None = None

    def _ipython_display_(self) -> None:
        display(self.widget)

    def shown(self) -> dict[str, str]:
        """The numbers the summary shows, by ``data-key``, as displayed (``"12,443,648"``)."""
        return read_spans(self.summary.value)

    def _watch_sliders(self, update: Callable[[dict[str, object]], None]) -> None:
        """Call ``update`` with the change whenever a slider's value changes; show what it
        raises in the summary (ipywidgets only logs an observer's exception, where a learner in
        JupyterLab 4 never sees it, and the widget looks as if it had ignored the slider)."""

        def guarded(change: dict[str, object]) -> None:
            try:
                update(change)
            except Exception as error:  # noqa: BLE001 - shown to the learner instead of lost
                self._show_error(error)
            else:
                self.error = None

        for slider in self.sliders.values():
            slider.observe(guarded, names="value")

    def _show_error(self, error: Exception) -> None:
        """Replace the summary by the error and where it was raised, and clear the stale plot."""
        self.error = error
        frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
        where = ""
        if frame:
            where = tr(
                " (in {function}, {file}:{line})",
                function=frame.name,
                file=frame.filename,
                line=frame.lineno,
            )
        self.summary.value = (
            '<div style="color:#b00020;white-space:pre-wrap">'
            f"<b>{html.escape(tr('This update failed.'))}</b> "
            f"{span('error', f'{type(error).__name__}: {error}')}"
            f"<br><small>{html.escape(where)}</small></div>"
        )
        with self.plot_output:
            clear_output()

    def _redraw(self, draw: Callable[[], Figure]) -> None:
        """Replace the plot in ``plot_output`` with the figure ``draw`` returns."""
        with self.plot_output:
            clear_output(wait=True)
            self.figure = draw()
            plt.show()
            # In a notebook plt.show() has drawn and closed it already; elsewhere close it here.
            plt.close(self.figure)
