"""The explorers and messages in Chinese: Chinese words around the very same numbers.

Each explorer is built once in English and once after ``set_language("zh")``; the numbers it
shows (its ``data-key`` spans) must be identical, and its descriptions and headers Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from advcnn import course, i18n  # noqa: E402
from advcnn.config import TrainConfig  # noqa: E402
from advcnn.history import History  # noqa: E402
from advcnn.messages_zh import ZH  # noqa: E402
from advcnn.models.residual_units import VARIANT_LABELS, VARIANTS  # noqa: E402
from advcnn.plots.residual_units import variant_label  # noqa: E402
from advcnn.progress import EpochTally  # noqa: E402
from advcnn.widgets import (  # noqa: E402
    BottleneckExplorer,
    DenseNetExplorer,
    DepthExplorer,
    InceptionExplorer,
    VariantDepthExplorer,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
CONTROLS = (widgets.IntSlider, widgets.Button, widgets.Checkbox, widgets.Dropdown)
# Words a Chinese summary keeps: code names, symbols of formulas, HTML's non-breaking space.
KEPT = {"MACs", "MAC", "same", "grad", "nbsp"}


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.fixture(scope="module")
def batch(mnist_sample) -> tuple[torch.Tensor, torch.Tensor]:
    return mnist_sample.train_images[:32], mnist_sample.train_labels[:32]


def _controls(explorer) -> list[widgets.Widget]:
    """Every control with a description: the sliders, and the button, checkbox or dropdown."""
    found = []

    def walk(widget: widgets.Widget) -> None:
        if isinstance(widget, CONTROLS):
            found.append(widget)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(explorer.widget)
    return found


def _headers(markup: str) -> list[str]:
    return [cell for cell in re.findall(r"<th[^>]*>([^<]*)</th>", markup) if cell]


def _in_both_languages(build):
    english = build()
    i18n.set_language("zh")
    return english, build()


def _assert_chinese_controls(english, chinese) -> None:
    before = [control.description for control in _controls(english)]
    after = [control.description for control in _controls(chinese)]
    assert len(after) == len(before) > 0
    for text_en, text_zh in zip(before, after, strict=True):
        assert text_zh == ZH[text_en], text_en
        assert CJK.search(text_zh), text_zh


EXPLORERS = {
    "bottleneck": lambda batch: BottleneckExplorer(),
    "inception": lambda batch: InceptionExplorer(),
    "depth": lambda batch: DepthExplorer(*batch, depth=3, channels=4),
    "variant": lambda batch: VariantDepthExplorer(*batch, depth=3, channels=4),
    "densenet": lambda batch: DenseNetExplorer(growth_rate=4, layers=2),
}


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_explorers_show_chinese_words_around_the_same_numbers(name, batch) -> None:
    english, chinese = _in_both_languages(lambda: EXPLORERS[name](batch))
    assert chinese.shown() == english.shown()
    assert chinese.shown()  # there are numbers to compare
    _assert_chinese_controls(english, chinese)
    headers_en, headers_zh = _headers(english.summary.value), _headers(chinese.summary.value)
    assert len(headers_zh) == len(headers_en)
    for header_en, header_zh in zip(headers_en, headers_zh, strict=True):
        # Symbols and code names ("H×W", "MACs", "‖dL/dx₀‖ ÷ ‖dL/dx_L‖") stay as they are.
        assert header_zh == ZH.get(header_en, header_en)
    assert not headers_zh or any(CJK.search(header) for header in headers_zh)
    # The sentences around the numbers are Chinese too: no English word of three letters or more
    # is left outside the spans, but for code names and symbols.
    prose = re.sub(
        r"<[^>]+>", " ", re.sub(r"<span data-key[^>]*>[^<]*</span>", "", chinese.summary.value)
    )
    leftover = set(re.findall(r"\b[A-Za-z]{3,}\b", prose)) - KEPT
    assert CJK.search(prose) and not leftover, leftover


def test_the_inception_shape_table_is_chinese_with_the_same_shapes() -> None:
    english, chinese = _in_both_languages(InceptionExplorer)
    assert _headers(chinese.shape_table.value) == [
        ZH["layer"],
        ZH["type"],
        ZH["output C×H×W"],
        ZH["params"],
        "MACs",
    ]
    cells = re.compile(r"<td[^>]*>([^<]*)</td>")
    rows_en, rows_zh = (
        cells.findall(english.shape_table.value),
        cells.findall(chinese.shape_table.value),
    )
    assert rows_zh[0] == ZH["input"] and rows_en[0] == "input"
    assert rows_zh[1:] == rows_en[1:]  # layer names, classes, shapes and counts


def test_a_slider_moved_in_chinese_shows_what_it_shows_in_english() -> None:
    def moved() -> BottleneckExplorer:
        explorer = BottleneckExplorer()
        explorer.sliders["bottleneck_channels"].value = 200  # costs more than the direct path
        return explorer

    english, chinese = _in_both_languages(moved)
    assert chinese.shown() == english.shown()
    assert "没有节省" in chinese.summary.value and "no saving" in english.summary.value
    assert chinese.reset_button.description == ZH["lecture's values"]


def test_the_variant_labels_are_the_models_and_translated() -> None:
    # residual_units.variant_label writes the English labels a second time, as tr's keys.
    for variant in VARIANTS:
        assert variant_label(variant) == VARIANT_LABELS[variant]
        assert VARIANT_LABELS[variant] in ZH
    i18n.set_language("zh")
    for variant in VARIANTS:
        assert variant_label(variant) == ZH[VARIANT_LABELS[variant]]
    assert variant_label("plain") == ZH["plain (BN)"]
    assert variant_label(None) == ZH["lecture's blocks"]
    assert variant_label("unknown") == "unknown"


def test_an_update_that_fails_says_so_in_chinese() -> None:
    i18n.set_language("zh")
    explorer = BottleneckExplorer()
    error = ValueError("broken on purpose")
    explorer._show_error(error)
    assert ZH["This update failed."] in explorer.summary.value
    assert explorer.shown() == {"error": "ValueError: broken on purpose"}


@pytest.mark.parametrize("quick", ["1", ""])
def test_describe_mode_in_chinese(monkeypatch: pytest.MonkeyPatch, quick: str) -> None:
    monkeypatch.setenv(course.QUICK_ENV, quick)
    english = course.describe_mode()
    i18n.set_language("zh")
    chinese = course.describe_mode()
    assert CJK.search(chinese) and chinese != english
    assert course.QUICK_ENV in chinese  # the variable's name, to type, stays as it is
    assert ("快速模式" in chinese) == bool(quick)
    assert "，" in chinese or "：" in chinese


def _tally(epochs: int = 3) -> EpochTally:
    config = TrainConfig(epochs=epochs, progress=True)
    totals = torch.tensor([6.0, 2.0])  # loss x images, correct predictions
    return EpochTally(1, totals, 8, History(), config, lambda: 0.5, None, None)


def test_the_progress_bar_in_both_languages() -> None:
    tally = _tally()
    tally.count(4, 0.01)
    tally.log(1)
    assert (tally.bar.desc, tally.bar.postfix) == ("epoch 1/3", "acc=50.00%, loss=1.5000")
    tally.bar.close()
    i18n.set_language("zh")
    tally = _tally()
    tally.count(4, 0.01)
    tally.close(1)
    assert tally.bar.desc == "第 1/3 轮"
    assert tally.bar.postfix == "训练准确率=50.00%, 损失=1.5000, 测试准确率=50.00%"
