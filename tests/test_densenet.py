"""DenseNet: torchvision's own dense block as the reference, channel arithmetic, costs measured
with ``FlopCounterMode``, activation memory, and the configurations that must be refused."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode
from torchvision.models.densenet import _DenseBlock, _Transition

from advcnn.cost import conv_macs, shape_trace
from advcnn.memory import activation_bytes, batch_activation_bytes
from advcnn.models import DenseBlock, DenseLayer, DenseNet, Transition
from advcnn.models.densenet import channel_table

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _randomise(module: nn.Module) -> None:
    for bn in module.modules():
        if isinstance(bn, nn.BatchNorm2d):
            with torch.no_grad():
                bn.weight.uniform_(0.5, 1.5)
                bn.bias.uniform_(-0.5, 0.5)
                bn.running_mean.uniform_(-0.5, 0.5)
                bn.running_var.uniform_(0.5, 2.0)


def _flop_macs(module: nn.Module, x: torch.Tensor) -> int:
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        module(x)
    return counter.get_total_flops() // 2


@pytest.mark.parametrize(
    ("num_layers", "num_input_features", "bn_size", "growth_rate"),
    [(3, 8, 4, 6), (1, 5, 2, 3), (4, 16, 4, 12)],
)
def test_dense_block_loads_torchvision_strict(
    num_layers: int, num_input_features: int, bn_size: int, growth_rate: int
) -> None:
    torch.manual_seed(0)
    theirs = _DenseBlock(num_layers, num_input_features, bn_size, growth_rate, drop_rate=0)
    _randomise(theirs)
    ours = DenseBlock(num_layers, num_input_features, bn_size, growth_rate, drop_rate=0)
    ours.load_state_dict(theirs.state_dict(), strict=True)
    x = torch.randn(2, num_input_features, 9, 9)
    theirs.eval(), ours.eval()
    with torch.no_grad():
        expected = theirs(x)
        assert torch.equal(ours(x), expected)
    assert (
        expected.shape[1]
        == ours.num_output_features
        == num_input_features + num_layers * growth_rate
    )


def test_transition_loads_torchvision_strict() -> None:
    torch.manual_seed(0)
    theirs = _Transition(20, 10)
    _randomise(theirs)
    ours = Transition(20, compression=0.5)
    ours.load_state_dict(theirs.state_dict(), strict=True)
    x = torch.randn(2, 20, 8, 8)
    theirs.eval(), ours.eval()
    with torch.no_grad():
        assert torch.equal(ours(x), theirs(x))
    assert ours(x).shape == (2, 10, 4, 4)


@pytest.mark.parametrize(
    ("channels", "compression", "expected"),
    [(30, 0.5, 15), (31, 0.5, 15), (10, 1.0, 10), (7, 0.3, 2)],
)
def test_transition_keeps_floor_theta_m(channels: int, compression: float, expected: int) -> None:
    assert (
        Transition(channels, compression).num_output_features
        == expected
        == math.floor(compression * channels)
    )


@pytest.mark.parametrize("bottleneck", [True, False])
def test_dense_layer_params_and_macs(bottleneck: bool) -> None:
    m, k, bn_size, size = 20, 6, 4, 7
    layer = DenseLayer(m, k, bn_size, bottleneck=bottleneck)
    x = torch.randn(1, m, size, size)
    assert layer(x).shape == (1, k, size, size)
    if bottleneck:
        width = bn_size * k
        params = 2 * m + m * width + 2 * width + width * k * 9
        macs = conv_macs(m, width, 1, size) + conv_macs(width, k, 3, size)
        assert [name for name, _ in layer.named_children()] == [
            "norm1",
            "relu1",
            "conv1",
            "norm2",
            "relu2",
            "conv2",
        ]
    else:
        params = 2 * m + m * k * 9
        macs = conv_macs(m, k, 3, size)
        assert [name for name, _ in layer.named_children()] == ["norm1", "relu1", "conv1"]
    assert sum(p.numel() for p in layer.parameters()) == params
    assert _flop_macs(layer, x) == macs


@pytest.mark.parametrize("bottleneck", [True, False])
@pytest.mark.parametrize(
    ("growth_rate", "block_config", "compression"),
    [(12, (6, 6), 0.5), (4, (2, 3, 1), 0.7), (8, (3,), 1.0)],
)
def test_channel_table_matches_the_model(
    growth_rate, block_config, compression, bottleneck
) -> None:
    model = DenseNet(growth_rate, block_config, compression=compression, bottleneck=bottleneck)
    rows = channel_table(growth_rate, block_config, compression=compression)
    trace = {name: shape for name, _, shape in shape_trace(model)}
    by_name = {row.name: row for row in rows}
    assert trace["conv0"][0] == by_name["conv0"].out_channels == 2 * growth_rate
    for b, num_layers in enumerate(block_config):
        block_out = trace[f"blocks.{b}"]
        last = by_name[f"block{b + 1}.layer{num_layers}"]
        assert block_out[0] == last.total_channels
        for layer in range(1, num_layers + 1):
            row = by_name[f"block{b + 1}.layer{layer}"]
            assert trace[f"blocks.{b}.denselayer{layer}.norm1"][0] == row.in_channels
            assert trace[f"blocks.{b}.denselayer{layer}"] == (growth_rate, row.size, row.size)
        if b < len(block_config) - 1:
            row = by_name[f"transition{b + 1}"]
            assert trace[f"transitions.{b}"] == (row.out_channels, row.size, row.size)


def test_densenet_macs_add_up() -> None:
    # Whole-network MACs from FlopCounterMode equal the sum of the layer formulas.
    k, config = 8, (3, 2)
    model = DenseNet(k, config)
    rows = channel_table(k, config)
    expected = conv_macs(1, 2 * k, 3, 28)
    for row in rows[1:]:
        if row.name.startswith("transition"):
            expected += conv_macs(row.in_channels, row.out_channels, 1, row.size * 2)
        else:
            expected += conv_macs(row.in_channels, 4 * k, 1, row.size) + conv_macs(
                4 * k, k, 3, row.size
            )
    expected += model.num_features * 10  # the classifier
    assert _flop_macs(model.eval(), torch.zeros(1, 1, 28, 28)) == expected


@pytest.mark.parametrize("device", DEVICES)
def test_densenet_trains_a_step(device: str) -> None:
    torch.manual_seed(0)
    model = DenseNet(6, (2, 2), num_classes=7).to(device)
    out = model(torch.randn(3, 1, 28, 28, device=device))
    assert out.shape == (3, 7) and torch.isfinite(out).all()
    out.sum().backward()
    assert all(torch.isfinite(p.grad).all() for p in model.parameters())


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"growth_rate": 0}, "growth_rate"),
        ({"growth_rate": -4}, "growth_rate"),
        ({"compression": 0}, "compression"),
        ({"compression": 1.5}, "compression"),
        ({"compression": -0.5}, "compression"),
        ({"block_config": ()}, "block_config"),
        ({"block_config": (3, 0)}, "block_config"),
        ({"block_config": (1, 1, 1, 1, 1)}, "block_config"),
        ({"num_init_features": 0}, "num_init_features"),
    ],
)
def test_bad_configurations(kwargs: dict, argument: str) -> None:
    with pytest.raises(ValueError, match=argument) as error:
        DenseNet(**kwargs)
    if argument == "compression":
        assert "(0, 1]" in str(error.value)


def test_bad_parts() -> None:
    with pytest.raises(ValueError, match="growth_rate"):
        DenseLayer(8, 0)
    with pytest.raises(ValueError, match="growth_rate"):
        DenseBlock(2, 8, 4, -1)
    with pytest.raises(ValueError, match=r"compression must be in \(0, 1\]"):
        Transition(8, 0.0)
    with pytest.raises(ValueError, match="leaves none"):
        Transition(3, 0.2)


def test_activation_bytes_by_hand() -> None:
    # A convolution saves its input, a ReLU its output; the weight is a parameter, not counted.
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU())
    assert activation_bytes(model, (2, 1, 8, 8)) == 4 * (2 * 1 * 8 * 8 + 2 * 4 * 8 * 8)


def test_batch_activation_bytes_is_exact() -> None:
    model = DenseNet(4, (2, 2))
    assert batch_activation_bytes(model, 16) == activation_bytes(model, (16, 1, 28, 28))


def test_dense_block_keeps_every_concatenation() -> None:
    # Each layer's batch norm saves its own input, the concatenation of everything before it,
    # so the block holds at least Σ (k0 + l·k) channels of maps: quadratic in the layers.
    n, k0, k, size, layers = 2, 8, 4, 6, 5
    block = DenseBlock(layers, k0, 4, k)
    floor = sum(4 * n * (k0 + index * k) * size * size for index in range(layers))
    assert activation_bytes(block, (n, k0, size, size)) >= floor
