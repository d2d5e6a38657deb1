"""The summary markup all explorers share, and what ``advcnn.widgets`` and ``advcnn.plots`` export.

``span`` and ``read_spans`` are the contract between an explorer and its tests, in a browser too:
what one writes the other must read back exactly as a learner sees it.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import importlib

import pytest

from advcnn.widgets._base import read_spans, span


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
