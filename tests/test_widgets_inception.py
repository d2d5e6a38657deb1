"""The Inception explorer and its plots, checked against the real network, measured.

Every number the explorer shows is worked out by arithmetic (``advcnn.plots.inception``); here it
is held against ``InceptionNet`` built with the same slider values: parameters counted with
``sum(p.numel())``, MACs measured with ``FlopCounterMode``, and the flattened size read off the
tensor that actually reaches ``fc``.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.patches import Rectangle
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from advcnn.cost import layer_costs, predicted_layer_costs, predicted_shape_trace, shape_trace
from advcnn.models import InceptionNet
from advcnn.plots.inception import (
    BRANCH_NAMES,
    block_totals,
    draw_inception_module,
    draw_padding,
    plot_block_costs,
    plot_concat_channels,
)
from advcnn.widgets.inception import LECTURE_WIDTHS, InceptionExplorer, key_rows

CONFIGS = [
    {},
    {"ch5x5": 40},
    {"ch1x1": 1, "ch5x5red": 1, "ch5x5": 1, "ch3x3red": 1, "ch3x3": 1, "pool_proj": 1},
    {"conv1_channels": 3, "conv2_channels": 64, "ch3x3red": 33, "pool_proj": 7},
    {"ch1x1": 64, "ch5x5red": 2, "ch5x5": 17, "ch3x3red": 50, "ch3x3": 9, "conv1_channels": 1},
]


def measure(config: dict[str, int], input_size: tuple[int, ...] = (2, 1, 28, 28)) -> dict[str, int]:
    """What the network built from ``config`` really has and does, by direct measurement."""
    torch.manual_seed(0)
    model = InceptionNet(**config).eval()
    seen: dict[str, tuple[int, ...]] = {}
    hooks = [
        model.fc.register_forward_pre_hook(lambda _m, args: seen.update(fc_in=args[0].shape)),
        model.incep2.register_forward_hook(lambda _m, _a, out: seen.update(incep2=out.shape)),
    ]
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        model(torch.randn(input_size))
    for hook in hooks:
        hook.remove()
    return {
        "concat_channels": seen["incep2"][1],
        "feature_size": seen["incep2"][2],
        "flat_features": seen["fc_in"][1],
        "params": sum(p.numel() for p in model.parameters()),
        "conv2_params": sum(p.numel() for p in model.conv2.parameters()),
        "fc_params": sum(p.numel() for p in model.fc.parameters()),
        # FlopCounterMode counts a multiply and an add per MAC, over the whole batch.
        "macs": counter.get_total_flops() // 2 // input_size[0],
    }


def as_shown(numbers: dict[str, int]) -> dict[str, str]:
    return {key: f"{value:,}" for key, value in numbers.items()}


def test_defaults_are_the_lectures_network():
    explorer = InceptionExplorer()
    assert explorer.shown() == as_shown(measure({}))
    assert explorer.shown()["flat_features"] == "1,408"
    assert explorer.shown()["params"] == "97,298"


@pytest.mark.parametrize("config", CONFIGS[1:])
def test_shown_numbers_follow_the_sliders(config):
    explorer = InceptionExplorer()
    before = explorer.figure
    for key, value in config.items():
        explorer.sliders[key].value = value
    expected = measure({**LECTURE_WIDTHS, **config})
    assert explorer.shown() == as_shown(expected)
    # The chart was redrawn, and shows the measured costs of the new network.
    assert explorer.figure is not before
    rows = layer_costs(InceptionNet(**explorer.config()))
    macs_axis, params_axis = explorer.figure.axes
    assert [bar.get_height() for bar in macs_axis.patches] == list(block_totals(rows).values())
    heights = [bar.get_height() for bar in params_axis.patches]
    assert heights == list(block_totals(rows, "params").values())


def test_shape_table_lists_the_measured_shapes():
    explorer = InceptionExplorer()
    explorer.sliders["pool_proj"].value = 30
    explorer.sliders["conv1_channels"].value = 12
    trace = shape_trace(InceptionNet(**explorer.config()))
    for name, kind, shape in trace:
        if "." not in name:
            assert f">{'×'.join(map(str, shape))}<" in explorer.shape_table.value, name
            assert f">{kind}<" in explorer.shape_table.value
    assert ">94·4·4 = 1,504<" in explorer.shape_table.value


def test_reset_restores_the_lecture():
    explorer = InceptionExplorer()
    explorer.sliders["ch3x3"].value = 5
    explorer.sliders["conv2_channels"].value = 50
    assert explorer.shown()["params"] != "97,298"
    explorer.reset_button.click()
    assert explorer.shown() == as_shown(measure({}))


def test_sliders_name_the_networks_arguments_and_are_labelled():
    explorer = InceptionExplorer()
    InceptionNet(**{key: slider.value for key, slider in explorer.sliders.items()})
    descriptions = [slider.description for slider in explorer.sliders.values()]
    assert all(descriptions) and len(set(descriptions)) == len(descriptions)
    assert all(slider.min == 1 for slider in explorer.sliders.values())


def test_other_image_sizes_and_classes():
    explorer = InceptionExplorer(image_size=36, in_channels=3, num_classes=7)
    explorer.sliders["ch1x1"].value = 9
    expected = measure({**explorer.config()}, input_size=(1, 3, 36, 36))
    assert explorer.shown() == as_shown(expected)


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize(
    "net", [{}, {"image_size": 40, "in_channels": 3, "num_classes": 5}, {"kernel5x5": 7}]
)
def test_predictions_match_measurements(config, net):
    full = {**config, **net}
    model = InceptionNet(**full)
    input_size = (
        1,
        net.get("in_channels", 1),
        net.get("image_size", 28),
        net.get("image_size", 28),
    )
    assert predicted_shape_trace(**full) == shape_trace(model, input_size)
    assert predicted_layer_costs(**full) == layer_costs(model, input_size)


def test_key_rows_sum_each_block():
    rows = key_rows(predicted_shape_trace(), predicted_layer_costs())
    assert [name for name, *_ in rows] == ["conv1", "mp", "incep1", "conv2", "mp", "incep2", "fc"]
    model = InceptionNet()
    by_name = {name: (params, macs) for name, _, _, params, macs in rows}
    assert by_name["incep1"][0] == sum(p.numel() for p in model.incep1.parameters())
    assert by_name["incep2"][0] == sum(p.numel() for p in model.incep2.parameters())
    assert sum(macs for *_, macs in rows) == sum(row.macs for row in layer_costs(model))


def test_block_totals_add_up():
    model = InceptionNet(ch3x3=11)
    rows = layer_costs(model)
    totals = block_totals(rows, "params")
    assert list(totals) == ["conv1", "incep1", "conv2", "incep2", "fc"]
    assert sum(totals.values()) == sum(p.numel() for p in model.parameters())
    assert totals["conv2"] == model.conv2.weight.numel() + model.conv2.bias.numel()


def test_plot_block_costs_bars():
    rows = layer_costs(InceptionNet())
    fig = plot_block_costs(rows)
    macs_axis, params_axis = fig.axes
    assert [bar.get_height() for bar in macs_axis.patches] == list(block_totals(rows).values())
    assert sum(bar.get_height() for bar in params_axis.patches) == 97_298
    plt.close(fig)


def _texts(fig) -> str:
    return "\n".join(text.get_text() for ax in fig.axes for text in ax.texts)


def test_diagram_boxes_and_concatenation():
    fig = draw_inception_module()
    boxes = [patch for patch in fig.axes[0].patches if patch.get_gid() == "box"]
    assert len(boxes) == 10  # input, 1 + 2 + 3 + 2 layers, concatenation
    texts = _texts(fig)
    assert "16 + 24 + 24 + 24 = 88" in texts
    assert "output 88×12×12" in texts
    assert "5×5 conv, 24\npadding 2" in texts
    plt.close(fig)
    fig = draw_inception_module(in_channels=20, image_size=4, ch5x5=7, kernel3x3=5)
    texts = _texts(fig)
    assert "16 + 7 + 24 + 24 = 71" in texts and "input\n20×4×4" in texts
    assert "5×5 conv, 24\npadding 2" in texts  # the 3×3 branch with kernel3x3=5
    plt.close(fig)


@pytest.mark.parametrize("kernel_size, image_size", [(5, 6), (3, 5), (7, 9)])
def test_padding_panels_colour_one_cell_per_output_pixel(kernel_size, image_size):
    paddings = (0, 1, (kernel_size - 1) // 2)
    fig = draw_padding(kernel_size, image_size, paddings)
    for ax, padding in zip(fig.axes, paddings, strict=True):
        conv = nn.Conv2d(1, 1, kernel_size, padding=padding)
        out = conv(torch.zeros(1, 1, image_size, image_size)).shape[-1]
        centres = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid() == "centre"]
        assert len(centres) == out * out
    plt.close(fig)


def test_concat_bar_stacks_the_branches():
    widths = {"ch1x1": 5, "ch5x5": 11, "ch3x3": 2, "pool_proj": 30}
    fig = plot_concat_channels(**widths)
    bars = fig.axes[0].patches
    assert [bar.get_width() for bar in bars] == list(widths.values())
    assert [bar.get_x() for bar in bars] == [0, 5, 16, 18]
    # The channel ranges torch.cat really produces: branch i fills [start, start + width).
    parts = [torch.full((1, w, 2, 2), float(i)) for i, w in enumerate(widths.values())]
    joined = torch.cat(parts, dim=1)[0, :, 0, 0]
    for i, bar in enumerate(bars):
        block = joined[int(bar.get_x()) : int(bar.get_x() + bar.get_width())]
        assert torch.all(block == i)
    assert len(bars) == len(BRANCH_NAMES)
    plt.close(fig)


def test_predictions_reject_unknown_keywords():
    with pytest.raises(ValueError, match="ch5x5_red"):
        predicted_layer_costs(ch5x5_red=8)
