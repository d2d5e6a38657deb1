"""The plots, tables and sentences of ``advcnn.plots`` in Chinese.

A figure drawn after ``set_language("zh")`` has Chinese titles and labels when a CJK font is
installed, and draws every glyph of them (no "missing from font" warning); without such a font
it keeps its English labels. Tables and sentences are Chinese in any case, their numbers the
English ones.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from advcnn import i18n  # noqa: E402
from advcnn.ablation import AblationRow, ablation_table, cumulative, fast_ingredients  # noqa: E402
from advcnn.config import RECIPES  # noqa: E402
from advcnn.cost import layer_costs  # noqa: E402
from advcnn.messages_zh import ZH  # noqa: E402
from advcnn.models import InceptionNet  # noqa: E402
from advcnn.models.densenet import DenseNet, channel_table  # noqa: E402
from advcnn.plots import (  # noqa: E402
    costs,
    densenet,
    fonts,
    gradients,
    inception,
    pointwise,
    residual_units,
    results,
    seeds,
    speed,
    training,
)
from advcnn.plots.live import LivePlot  # noqa: E402
from advcnn.train import EpochRecord, History  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_REQUIRED = os.environ.get("ADVCNN_REQUIRE_CJK_FONT") == "1"


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    with matplotlib.rc_context():  # plot_language puts the CJK font first: undo it
        yield
    i18n.set_language("en")


@pytest.fixture
def cjk_font() -> str:
    family = fonts.cjk_font()
    if family is None:
        assert not CJK_REQUIRED, "ADVCNN_REQUIRE_CJK_FONT=1 but no CJK font is installed"
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    return family


def _history() -> History:
    record = EpochRecord(1, 0.5, 0.9, 0.95, 2.0, 1000.0, 0.01)
    return History(
        records=[record],
        steps=[(5, 1.0), (10, 0.5)],
        evaluations=[(10, 2.0, 0.95)],
        steps_per_epoch=10,
    )


def _densenet() -> Figure:
    rows = channel_table(4, (2, 2), compression=0.5)
    model = DenseNet(growth_rate=4, block_config=(2, 2))
    return densenet.plot_densenet(rows, densenet.dense_costs(layer_costs(model)))


def _pointwise() -> Figure:
    x = torch.arange(12.0).reshape(2, 2, 3)
    return pointwise.draw_pointwise_conv(x, torch.tensor([[1.0, -1.0]]), torch.tensor([0.5]))


ROWS = [
    results.ResultRow("SimpleCNN", 8490, 467_200, 0.98765, 12.34, 5432.1, "cpu", 0.9869),
    results.ResultRow("Mine", 100, 1_000, 0.5, 1.0, 10.0, "cpu"),
]
FIGURES: dict[str, Callable[[], Figure]] = {
    "bottleneck_costs": costs.plot_bottleneck_costs,
    "stacked_costs": lambda: costs.plot_stacked_costs({"a": {"x": 1.0}}),
    "densenet": _densenet,
    "block_gradients_style": lambda: gradients.plot_jacobian_products([1.0, 2.0], [1.0, 1.0]),
    "loss_curves": lambda: gradients.plot_loss_curves({"run": [(1, 2.0), (2, 1.0)]}),
    "blocks": lambda: gradients.draw_blocks(gradients.SHORTCUT_KINDS),
    "inception_module": inception.draw_inception_module,
    "padding": inception.draw_padding,
    "concat_channels": inception.plot_concat_channels,
    "block_costs": lambda: inception.plot_block_costs(layer_costs(InceptionNet())),
    "pointwise": _pointwise,
    "variant_accuracies": lambda: residual_units.plot_variant_accuracies(
        {"plain": [0.98], "full_preactivation": [0.99, 0.985]}
    ),
    "misclassified": lambda: results.plot_misclassified(torch.zeros(2, 28, 28), [4, 7], [9, 1]),
    "cost_and_speed": lambda: results.plot_cost_and_speed(ROWS),
    "seed_accuracies": lambda: seeds.plot_seed_accuracies({"SimpleCNN": [0.98, 0.99]}),
    "learning_rates": lambda: speed.plot_learning_rates({"a": [0.1, 0.2]}, steps_per_epoch=1),
    "rates": lambda: speed.plot_rates({"a": [1.0, 2.0]}),
    "history": lambda: training.plot_history({"SimpleCNN": _history()}, reference={}),
}


def _labels(figure: Figure) -> list[str]:
    """The figure's titles, axis labels, texts and legend entries: what it says in words."""
    texts = [figure._suptitle.get_text()] if figure._suptitle else []
    for axes in figure.axes:
        texts += [axes.get_title(), axes.get_xlabel(), axes.get_ylabel()]
        texts += [text.get_text() for text in axes.texts]
        legend = axes.get_legend()
        texts += [text.get_text() for text in legend.get_texts()] if legend else []
    return [text for text in texts if text]


def _drawn(figure: Figure) -> list[str]:
    """Draw ``figure``; the glyphs a font lacked (matplotlib's "missing from font" warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    plt.close(figure)
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


@pytest.mark.parametrize("name", list(FIGURES))
def test_a_figure_drawn_in_chinese_says_it_in_chinese(name: str, cjk_font: str) -> None:
    english = FIGURES[name]()
    words_en = _labels(english)
    plt.close(english)
    i18n.set_language("zh")
    chinese = FIGURES[name]()
    words_zh = _labels(chinese)
    assert len(words_zh) == len(words_en)
    # Every title and label is Chinese, or a name or symbol the same in both ("MACs", "a").
    for word_en, word_zh in zip(words_en, words_zh, strict=True):
        assert CJK.search(word_zh) or word_zh == word_en, (word_en, word_zh)
    assert any(CJK.search(word) for word in words_zh), words_zh
    assert _drawn(chinese) == []


def test_figure_texts_are_the_catalogues(cjk_font: str) -> None:
    i18n.set_language("zh")
    figure = inception.draw_inception_module()
    assert figure.axes[0].get_title() == ZH["InceptionA: four branches, one concatenation"]
    texts = [text.get_text() for text in figure.axes[0].texts]
    assert "torch.cat(dim=1)：16 + 24 + 24 + 24 = 88\n输出 88×12×12" in texts
    plt.close(figure)
    figure = costs.plot_bottleneck_costs()
    macs_axes, params_axes = figure.axes
    assert macs_axes.get_title() == "MACs：瓶颈 ÷ 直接 = 0.103"
    assert [container.get_label() for container in macs_axes.containers] == [
        "5×5 直接卷积",
        "1×1 降维",
        "5×5 升维",
    ]
    plt.close(figure)


def test_without_a_cjk_font_figures_keep_their_english_labels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    english = costs.plot_bottleneck_costs()
    words_en = _labels(english)
    plt.close(english)
    monkeypatch.setattr(fonts, "cjk_font", lambda: None)
    monkeypatch.setitem(fonts._warned, "no_font", False)
    i18n.set_language("zh")
    with pytest.warns(UserWarning, match="fonts-noto-cjk") as caught:
        chinese = costs.plot_bottleneck_costs()
    assert CJK.search(str(caught[0].message))  # the advice itself is in Chinese
    assert _labels(chinese) == words_en
    assert _drawn(chinese) == []


def _columns(line: str) -> int:
    return sum(2 if CJK.match(char) or char in "（）" else 1 for char in line)


@pytest.mark.parametrize(
    "table",
    [
        lambda: results.ResultsTable(ROWS),
        lambda: seeds.SeedTable({"SimpleCNN": [0.981, 0.984], "ResidualNet": [0.99]}),
    ],
)
def test_tables_have_chinese_headers_and_the_same_cells(table) -> None:
    english = table()
    header_en, html_en = english.header(), english.html()
    i18n.set_language("zh")
    chinese = table()
    assert chinese.cells() == english.cells()
    assert [ZH[title] for title in header_en] == list(chinese.header())
    # In a monospaced font a Chinese character takes two columns: the columns still line up.
    lines = chinese.text().splitlines()
    assert len({_columns(line.rstrip()) for line in lines[2:]} | {_columns(lines[0])}) == 1
    cells = re.compile(r"<td [^>]*>[^<]*</td>")
    assert cells.findall(chinese.html()) == cells.findall(html_en)
    assert all(f"<th>{ZH[title]}</th>" in chinese.html() for title in header_en)


def test_seed_comparisons_are_chinese_sentences_with_the_same_numbers() -> None:
    table = seeds.SeedTable(
        {
            "SimpleCNN": [0.9900, 0.9904, 0.9898],
            "ResidualNet": [0.9925, 0.9921, 0.9930],
            "InceptionNet": [0.9908, 0.9893, 0.9903],
        }
    )
    english = [comparison.describe() for comparison in table.comparisons()]
    i18n.set_language("zh")
    chinese = [comparison.describe() for comparison in table.comparisons()]
    number = re.compile(r"\d+(?:\.\d+)?")
    for sentence_en, sentence_zh in zip(english, chinese, strict=True):
        assert CJK.search(sentence_zh) and sentence_zh.endswith("。")
        assert sorted(number.findall(sentence_zh)) == sorted(number.findall(sentence_en))
    assert "区分开" in chinese[0] and "排不出它们的高下" in chinese[-1]


def test_the_live_plot_reports_in_chinese(cjk_font: str) -> None:
    i18n.set_language("zh")
    live = LivePlot(epochs=2, steps_per_epoch=4, min_seconds=0.0, show=False)
    assert live.status == ZH["waiting for the first step"]
    callbacks = live.callbacks("SimpleCNN")
    callbacks["on_step"](2, 1.25)
    assert live.status == "SimpleCNN：第 1/2 轮，损失 1.250"
    callbacks["on_epoch"](_history().records[0])
    assert live.status == "SimpleCNN：第 1/2 轮，测试准确率 95.00%"
    assert live.figure._suptitle.get_text() == live.status
    assert live.loss_axes.get_title() == ZH["Training loss"]
    assert _drawn(live.figure) == []


def _ablation_rows() -> list[AblationRow]:
    configs = cumulative(RECIPES["lecture"], fast_ingredients(), epochs=1)[:3]
    accuracies = [[0.97, 0.975], [0.98, None], [0.985, 0.99]]
    return [
        AblationRow(label, config, [0, 1], accuracy, [1.0, 1.0])
        for (label, config), accuracy in zip(configs, accuracies, strict=True)
    ]


def _tick_labels(figure: Figure) -> list[str]:
    return [label.get_text() for label in figure.axes[0].get_yticklabels()]


def test_the_ablation_rows_speak_chinese_and_remember_their_english(cjk_font: str) -> None:
    english = _tick_labels(speed.plot_ablation(_ablation_rows()))
    plt.close("all")
    i18n.set_language("zh")
    rows = _ablation_rows()
    assert [row.label.english for row in rows] == [
        "start",
        "+ batch 256, lr × 4",
        "+ clip gradient norm at 1",
    ]
    assert english == [row.label.english for row in rows[:1]] + [
        "+ batch 256, lr × 4  (1 diverged)",
        "+ clip gradient norm at 1",
    ]
    assert [str(row.label) for row in rows] == [
        "起点",
        "+ 批大小 256，学习率 × 4",
        "+ 梯度范数裁剪到 1",
    ]
    figure = speed.plot_ablation(rows)
    assert _tick_labels(figure)[1] == "+ 批大小 256，学习率 × 4（1 个种子发散）"
    assert _drawn(figure) == []
    assert "| 起点 | 2 |" in ablation_table(rows)


def test_without_a_cjk_font_the_ablation_rows_are_drawn_in_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    english = _tick_labels(speed.plot_ablation(_ablation_rows()))
    plt.close("all")
    monkeypatch.setattr(fonts, "cjk_font", lambda: None)
    monkeypatch.setitem(fonts._warned, "no_font", False)
    i18n.set_language("zh")
    rows = _ablation_rows()
    assert CJK.search(rows[1].label)  # the table and the printed lines are Chinese
    with pytest.warns(UserWarning, match="fonts-noto-cjk"):
        figure = speed.plot_ablation(rows)
    assert _tick_labels(figure) == english
    assert _drawn(figure) == []
