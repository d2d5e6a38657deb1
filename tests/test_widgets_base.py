"""The summary markup all explorers share, and what ``advcnn.widgets`` and ``advcnn.plots`` export.

``span`` and ``read_spans`` are the contract between an explorer and its tests, in a browser too:
what one writes the other must read back exactly as a learner sees it.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import importlib

import ipywidgets as widgets
import pytest

import advcnn.widgets.bottleneck
from advcnn.widgets._base import SliderExplorer, read_spans, span
from advcnn.widgets.bottleneck import BottleneckExplorer


def test_span_writes_counts_with_thousands_separators():
    assert span("macs", 12_443_648) == '<span data-key="macs">12,443,648</span>'
    assert span("ratio", "0.103") == '<span data-key="ratio">0.103</span>'


@pytest.mark.parametrize("text", ["1.92e-34", "nan", "a < b & c", "0"])
def test_read_spans_returns_what_span_wrote(text):
    markup = f"<div>before {span('first', text)}<br>{span('second', 7_000)} after</div>"
    assert read_spans(markup) == {"first": text, "second": "7,000"}


def test_read_spans_skips_other_markup():
    assert read_spans('<span style="color:red">3</span><b>4</b>') == {}


@pytest.mark.parametrize(
    ("package", "modules"),
    [
        ("advcnn.widgets", ["bottleneck", "depth", "inception"]),
        (
            "advcnn.plots",
            ["costs", "gradients", "inception", "live", "pointwise", "results", "training"],
        ),
    ],
)
def test_package_exports_every_public_name_of_its_modules(package, modules):
    exported = importlib.import_module(package)
    for name in modules:
        module = importlib.import_module(f"{package}.{name}")
        for public in module.__all__:
            assert public in exported.__all__, f"{name}.{public}"
            assert getattr(exported, public) is getattr(module, public)
    assert len(set(exported.__all__)) == len(exported.__all__)


class _Halver(SliderExplorer):
    """A minimal explorer whose update fails for an odd value, as a bug would."""

    def __init__(self) -> None:
        super().__init__({"n": widgets.IntSlider(value=4, min=1, max=9)})
        self.widget = widgets.VBox([self.sliders["n"], self.summary, self.plot_output])
        self._watch_sliders(self._update)
        self._update()

    def _update(self, _change: object = None) -> None:
        n = self.sliders["n"].value
        if n % 2:
            raise ValueError(f"cannot halve {n}")
        self.summary.value = span("half", n // 2)


def test_an_exception_in_an_update_shows_where_the_summary_was():
    explorer = _Halver()
    assert explorer.shown() == {"half": "2"}
    explorer.sliders["n"].value = 5  # ipywidgets would swallow this; the summary says it
    assert explorer.shown() == {"error": "ValueError: cannot halve 5"}
    assert isinstance(explorer.error, ValueError)
    assert "_update" in explorer.summary.value  # where it was raised
    explorer.sliders["n"].value = 8  # a good value brings the numbers back
    assert explorer.shown() == {"half": "4"}
    assert explorer.error is None


def test_a_broken_explorer_shows_its_error(monkeypatch):
    explorer = BottleneckExplorer()
    assert "error" not in explorer.shown()

    def broken(**_: int) -> None:
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(advcnn.widgets.bottleneck, "bottleneck_cost", broken)
    explorer.sliders["bottleneck_channels"].value = 32
    assert explorer.shown() == {"error": "RuntimeError: broken on purpose"}
    explorer.reset()  # still wired: the next update raises again, and says so again
    assert explorer.shown() == {"error": "RuntimeError: broken on purpose"}
