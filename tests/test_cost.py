"""Cost formulas against torch's own FLOP counter, and the lecture's numbers."""

from __future__ import annotations

import itertools

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from advcnn.cost import (
    bottleneck_cost,
    conv_macs,
    conv_output_size,
    conv_params,
    count_params,
    format_table,
    layer_costs,
    shape_trace,
    total_macs,
)
from advcnn.models import DeepStack, InceptionNet, ResidualNet, SimpleCNN


def measured_macs(module: nn.Module, x: torch.Tensor) -> int:
    with FlopCounterMode(display=False) as counter:
        module(x)
    return counter.get_total_flops() // 2


def test_lecture_example():
    cost = bottleneck_cost(192, 16, 32, kernel_size=5, image_size=28)
    assert cost.direct_macs == 120_422_400
    assert (cost.reduce_macs, cost.expand_macs) == (2_408_448, 10_035_200)
    assert cost.bottleneck_macs == 12_443_648
    assert cost.mac_ratio == pytest.approx(0.1033, abs=1e-4)


def test_bottleneck_defaults_are_the_lectures():
    assert bottleneck_cost() == bottleneck_cost(192, 16, 32, 5, 28)


@pytest.mark.parametrize(
    ("in_channels", "out_channels", "kernel_size", "size", "stride", "padding"),
    [
        (c_in, c_out, k, size, stride, padding)
        for c_in, c_out, k, size, stride, padding in itertools.product(
            [1, 3, 16], [2, 24], [1, 3, 5, 7], [9, 28], [1, 2], [None, 0, 1]
        )
        if conv_output_size(
            size, k, stride=stride, padding=(k - 1) // 2 if padding is None else padding
        )
        >= 1
    ],
)
def test_conv_formula_matches_flop_counter(
    in_channels, out_channels, kernel_size, size, stride, padding
):
    pad = (kernel_size - 1) // 2 if padding is None else padding
    conv = nn.Conv2d(in_channels, out_channels, kernel_size, stride=stride, padding=pad)
    x = torch.zeros(1, in_channels, size, size)
    assert conv_macs(
        in_channels, out_channels, kernel_size, size, stride=stride, padding=padding
    ) == measured_macs(conv, x)
    assert conv_params(in_channels, out_channels, kernel_size) == sum(
        p.numel() for p in conv.parameters()
    )


def test_rectangular_images_and_no_bias():
    conv = nn.Conv2d(4, 6, 3, padding=1, bias=False)
    assert conv_macs(4, 6, 3, (10, 17)) == measured_macs(conv, torch.zeros(1, 4, 10, 17))
    assert conv_params(4, 6, 3, bias=False) == conv.weight.numel()


@pytest.mark.parametrize(
    ("c_in", "c_mid", "c_out", "k", "size"),
    [(192, 16, 32, 5, 28), (64, 8, 64, 3, 14), (3, 5, 2, 7, 9)],
)
def test_bottleneck_against_real_modules(c_in, c_mid, c_out, k, size):
    direct = nn.Conv2d(c_in, c_out, k, padding=k // 2)
    bottleneck = nn.Sequential(
        nn.Conv2d(c_in, c_mid, 1), nn.Conv2d(c_mid, c_out, k, padding=k // 2)
    )
    x = torch.zeros(1, c_in, size, size)
    cost = bottleneck_cost(c_in, c_mid, c_out, k, size)
    assert cost.direct_macs == measured_macs(direct, x)
    assert cost.bottleneck_macs == measured_macs(bottleneck, x)
    assert cost.direct_params == sum(p.numel() for p in direct.parameters())
    assert cost.bottleneck_params == sum(p.numel() for p in bottleneck.parameters())
    assert cost.reduce_params == sum(p.numel() for p in bottleneck[0].parameters())
    assert cost.expand_params == sum(p.numel() for p in bottleneck[1].parameters())
    assert (cost.in_channels, cost.bottleneck_channels, cost.out_channels) == (c_in, c_mid, c_out)


@pytest.mark.parametrize(
    "model", [InceptionNet(), ResidualNet(), SimpleCNN(), InceptionNet(ch5x5=8, conv2_channels=7)]
)
def test_layer_costs_add_up_to_the_model(model):
    rows = layer_costs(model, (2, 1, 28, 28))
    assert (
        sum(row.params for row in rows)
        == count_params(model)
        == sum(p.numel() for p in model.parameters())
    )
    assert (
        sum(row.macs for row in rows)
        == total_macs(model)
        == measured_macs(model, torch.zeros(1, 1, 28, 28))
    )


def test_layer_costs_of_inception_net():
    rows = {row.name: row for row in layer_costs(InceptionNet())}
    assert rows["incep1.branch5x5_2"].output_shape == (24, 12, 12)
    assert rows["incep1.branch5x5_2"].macs == conv_macs(16, 24, 5, 12)
    assert rows["conv2"].macs == conv_macs(88, 20, 5, 12, padding=0)
    assert rows["fc"].macs == 1408 * 10
    assert total_macs(InceptionNet()) == 6_019_200


def test_a_module_called_twice_gets_one_row_per_call():
    rows = [row for row in layer_costs(InceptionNet()) if row.name == "mp"]
    assert [row.output_shape for row in rows] == [(10, 12, 12), (20, 4, 4)]


def test_repeated_module_macs_are_split_per_call():
    conv = nn.Conv2d(3, 3, 3, padding=1)
    model = nn.Sequential()
    model.conv = conv

    class Twice(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = conv

        def forward(self, x):
            return self.conv(self.conv(x))

    rows = layer_costs(Twice(), (1, 3, 8, 8))
    assert [row.macs for row in rows] == [conv_macs(3, 3, 3, 8)] * 2
    assert [row.params for row in rows] == [84, 0]


def test_shape_trace_reaches_1408():
    trace = shape_trace(InceptionNet())
    shapes = {name: shape for name, _, shape in trace}
    assert shapes["incep1"] == (88, 12, 12)
    assert shapes["incep2"] == (88, 4, 4)
    assert 88 * 4 * 4 == 1408 == InceptionNet().flat_features


def test_format_table_has_totals():
    text = format_table(layer_costs(ResidualNet()))
    assert "rblock2.conv2" in text
    assert text.splitlines()[-1].split()[-2:] == ["41,514", f"{total_macs(ResidualNet()):,}"]


def test_deep_stack_cost_grows_linearly_with_depth():
    shallow, deep = total_macs(DeepStack(2, residual=True)), total_macs(DeepStack(6, residual=True))
    per_block = 2 * conv_macs(16, 16, 3, 7)
    assert deep - shallow == 4 * per_block


@pytest.mark.parametrize("bad", [{"in_channels": 0}, {"kernel_size": -3}, {"image_size": 2}])
def test_bad_arguments_raise(bad):
    args = {
        "in_channels": 3,
        "out_channels": 4,
        "kernel_size": 5,
        "image_size": 28,
        "padding": 0,
    } | bad
    with pytest.raises(ValueError):
        conv_macs(**args)
