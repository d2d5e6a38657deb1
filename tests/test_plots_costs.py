"""The cost charts and the 1×1 convolution picture, checked against what they claim to show.

Bar heights are held against ``nn.Conv2d`` modules measured with ``FlopCounterMode`` and
``sum(p.numel())``; the numbers printed in the 1×1 picture against ``torch.nn.functional.conv2d``.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
import torch
import torch.nn.functional as F
from matplotlib.colors import to_hex
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

import advcnn.plots.costs as costs
import advcnn.plots.pointwise as pointwise
from advcnn.plots.costs import (
    COST_COLORS,
    bottleneck_bars,
    draw_pointwise_conv,
    format_count,
    plot_bottleneck_costs,
    plot_stacked_costs,
)


def bar_heights(ax) -> dict[str, list[tuple[float, float, float]]]:
    """Segment name → (x, bottom, height) of each of its rectangles."""
    return {
        container.get_label(): [
            (patch.get_x() + patch.get_width() / 2, patch.get_y(), patch.get_height())
            for patch in container.patches
        ]
        for container in ax.containers
    }


def test_stacked_bars_have_the_given_heights_and_bottoms():
    bars = {
        "one": {"a": 5, "b": 3},
        "two": {"b": 2, "c": 7},
        "three": {"a": 1},
    }
    fig = plot_stacked_costs(bars, title="demo")
    ax = fig.axes[0]
    assert bar_heights(ax) == {
        "a": [(0, 0, 5), (2, 0, 1)],
        "b": [(0, 5, 3), (1, 0, 2)],
        "c": [(1, 2, 7)],
    }
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["one", "two", "three"]
    # The totals, above the bars, and one legend entry per segment name, top of the stack first.
    assert [text.get_text() for text in ax.texts] == ["8", "9", "1"]
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["c", "b", "a"]
    assert ax.get_title() == "demo"
    plt.close(fig)


def test_a_segment_name_keeps_its_colour():
    bars = {"x": {"reduce": 1, "other": 2}, "y": {"other": 3, "reduce": 4}}
    fig = plot_stacked_costs(bars, colors={"reduce": "#123456"})
    colors = {
        container.get_label(): {to_hex(patch.get_facecolor()) for patch in container.patches}
        for container in fig.axes[0].containers
    }
    assert colors["reduce"] == {"#123456"}
    assert len(colors["other"]) == 1 and colors["other"] != {"#123456"}
    plt.close(fig)


def test_stacked_costs_draws_into_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert plot_stacked_costs({"a": {"s": 1}}, ax=right, label_format=format_count) is fig
    assert not left.containers and len(right.containers) == 1
    plt.close(fig)


@pytest.mark.parametrize("bars", [{}, {"a": {}}, {"a": {"s": -1}}])
def test_stacked_costs_rejects_nonsense(bars):
    with pytest.raises(ValueError):
        plot_stacked_costs(bars)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (840, "840"),
        (15_920, "15.9K"),
        (120_422_400, "120.4M"),
        (400_000_000, "400M"),
        (3.2e9, "3.2G"),
    ],
)
def test_format_count(value, text):
    assert format_count(value) == text


def measured(c_in: int, c_b: int, c_out: int, k: int, size: int) -> dict[str, dict[str, int]]:
    """MACs and parameters of the three convolutions, built for real and measured."""
    convs = {
        "direct": nn.Conv2d(c_in, c_out, k, padding=k // 2),
        "reduce": nn.Conv2d(c_in, c_b, 1),
        "expand": nn.Conv2d(c_b, c_out, k, padding=k // 2),
    }
    inputs = {"direct": c_in, "reduce": c_in, "expand": c_b}
    result: dict[str, dict[str, int]] = {"macs": {}, "params": {}}
    for name, conv in convs.items():
        with FlopCounterMode(display=False) as counter:
            conv(torch.zeros(1, inputs[name], size, size))
        result["macs"][name] = counter.get_total_flops() // 2
        result["params"][name] = sum(p.numel() for p in conv.parameters())
    return result


@pytest.mark.parametrize("config", [(192, 16, 32, 5, 28), (10, 16, 24, 5, 12), (64, 8, 3, 3, 7)])
def test_bottleneck_bars_match_measured_convolutions(config):
    truth = measured(*config)
    k = f"{config[3]}×{config[3]}"
    bars = bottleneck_bars(*config)
    for kind in ("macs", "params"):
        direct, through = bars[kind].values()
        assert direct == {f"{k} direct": truth[kind]["direct"]}
        assert through == {
            "1×1 reduce": truth[kind]["reduce"],
            f"{k} expand": truth[kind]["expand"],
        }


def test_plot_bottleneck_costs_draws_both_panels():
    truth = measured(192, 16, 32, 5, 28)
    fig = plot_bottleneck_costs()
    assert len(fig.axes) == 2
    for ax, kind in zip(fig.axes, ("macs", "params"), strict=True):
        heights = bar_heights(ax)
        assert heights["5×5 direct"] == [(0, 0, truth[kind]["direct"])]
        assert heights["1×1 reduce"] == [(1, 0, truth[kind]["reduce"])]
        assert heights["5×5 expand"] == [(1, truth[kind]["reduce"], truth[kind]["expand"])]
        ratio = (truth[kind]["reduce"] + truth[kind]["expand"]) / truth[kind]["direct"]
        assert f"{ratio:.3f}" in ax.get_title()
        reduce_color = ax.containers[1].patches[0].get_facecolor()
        assert to_hex(reduce_color) == COST_COLORS["reduce"].lower()
    plt.close(fig)


def texts_by_gid(fig) -> dict[str, str]:
    return {text.get_gid(): text.get_text() for text in fig.axes[0].texts if text.get_gid()}


@pytest.mark.parametrize("pixel", [(0, 0), (1, 2), (3, 3)])
def test_pointwise_picture_prints_what_conv2d_computes(pixel):
    torch.manual_seed(1)
    x = torch.randint(-3, 4, (3, 4, 4)).float()
    conv = nn.Conv2d(3, 2, kernel_size=1)
    with torch.no_grad():
        conv.weight.copy_(torch.randint(-2, 3, (2, 3, 1, 1)).float() / 2)
        conv.bias.copy_(torch.tensor([0.5, -1.0]))
    fig = draw_pointwise_conv(x, conv.weight, conv.bias, pixel)
    shown = texts_by_gid(fig)
    expected = F.conv2d(x[None], conv.weight, conv.bias)[0]
    row, col = pixel
    for o in range(2):
        for i in range(4):
            for j in range(4):
                assert float(shown[f"output-{o}-{i}-{j}"]) == pytest.approx(
                    expected[o, i, j].item(), abs=0.005
                )
        assert float(shown[f"result-{o}"]) == pytest.approx(expected[o, row, col].item())
        assert shown[f"equation-{o}"].startswith(f"y{o} = ")
        assert shown[f"equation-{o}"].endswith(f"= {shown[f'result-{o}']}")
        for c in range(3):
            assert float(shown[f"weight-{o}-{c}"]) == conv.weight[o, c, 0, 0].item()
    for c in range(3):
        assert float(shown[f"vector-{c}"]) == x[c, row, col].item()
        assert float(shown[f"input-{c}-{row}-{col}"]) == x[c, row, col].item()
    plt.close(fig)


def test_pointwise_picture_without_bias():
    x = torch.arange(8.0).reshape(2, 2, 2)
    weight = torch.tensor([[1.0, -1.0]])
    fig = draw_pointwise_conv(x, weight, None, (0, 1))
    shown = texts_by_gid(fig)
    assert shown["bias-0"] == "0"
    assert float(shown["result-0"]) == (x[0, 0, 1] - x[1, 0, 1]).item()
    plt.close(fig)


@pytest.mark.parametrize(
    ("x_shape", "w_shape", "bias", "pixel"),
    [
        ((3, 4, 4), (2, 4), None, (0, 0)),  # channels do not match
        ((3, 4, 4), (2, 3, 3, 3), None, (0, 0)),  # not a 1×1 kernel
        ((5, 4, 4), (2, 5), None, (0, 0)),  # too many channels to draw
        ((3, 7, 7), (2, 3), None, (0, 0)),  # too many pixels to draw
        ((3, 4, 4), (2, 3), torch.zeros(3), (0, 0)),  # wrong number of biases
        ((3, 4, 4), (2, 3), None, (4, 0)),  # pixel outside
    ],
)
def test_pointwise_picture_rejects_what_it_cannot_draw(x_shape, w_shape, bias, pixel):
    with pytest.raises(ValueError):
        draw_pointwise_conv(torch.zeros(x_shape), torch.zeros(w_shape), bias, pixel)


def test_costs_also_exports_the_pointwise_picture():
    # Notebook 1 imports draw_pointwise_conv from advcnn.plots.costs, next to the cost charts.
    for name in pointwise.__all__:
        assert name in costs.__all__
        assert getattr(costs, name) is getattr(pointwise, name)
