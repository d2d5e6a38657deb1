"""DenseNetExplorer, headless: move its controls and check the numbers it shows.

Each number is recomputed independently: channels by k0 + l·k and ⌊θ·m⌋, parameters with
``sum(p.numel())``, MACs with ``FlopCounterMode``, activation memory with one full batch of 64.
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

from advcnn.memory import activation_bytes
from advcnn.models import DenseNet
from advcnn.widgets.densenet import MEMORY_BATCH, DenseNetExplorer

KEYS = {
    "init_channels",
    "block1_out",
    "transition1_out",
    "block2_out",
    "params",
    "macs",
    "activation_mb",
}


def _expected(growth_rate: int, layers: int, compression: int, bottleneck: bool) -> dict[str, str]:
    k0 = 2 * growth_rate
    block1 = k0 + layers * growth_rate
    transition = math.floor(compression / 100 * block1)
    block2 = transition + layers * growth_rate
    model = DenseNet(
        growth_rate, (layers, layers), compression=compression / 100, bottleneck=bottleneck
    )
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        model.eval()(torch.zeros(1, 1, 28, 28))
    memory = activation_bytes(model, (MEMORY_BATCH, 1, 28, 28))
    return {
        "init_channels": f"{k0:,}",
        "block1_out": f"{block1:,}",
        "transition1_out": f"{transition:,}",
        "block2_out": f"{block2:,}",
        "params": f"{sum(p.numel() for p in model.parameters()):,}",
        "macs": f"{counter.get_total_flops() // 2:,}",
        "activation_mb": f"{memory / 1e6:.1f}",
    }


def test_controls_have_unique_descriptions() -> None:
    explorer = DenseNetExplorer(growth_rate=4, layers=2)
    descriptions = [s.description for s in explorer.sliders.values()] + [
        explorer.bottleneck.description
    ]
    assert len(set(descriptions)) == len(descriptions) == 4
    assert explorer.widget.children[-1] is explorer.plot_output
    assert explorer.figure is not None


def test_initial_numbers() -> None:
    explorer = DenseNetExplorer()
    assert set(explorer.shown()) == KEYS
    assert explorer.shown() == _expected(12, 6, 50, True)


@pytest.mark.parametrize(
    ("growth_rate", "layers", "compression", "bottleneck"),
    [(4, 1, 100, False), (8, 3, 30, True), (16, 4, 70, False)],
)
def test_moving_the_controls(
    growth_rate: int, layers: int, compression: int, bottleneck: bool
) -> None:
    explorer = DenseNetExplorer(growth_rate=8, layers=2)
    explorer.sliders["growth_rate"].value = growth_rate
    explorer.sliders["layers"].value = layers
    explorer.sliders["compression"].value = compression
    explorer.bottleneck.value = bottleneck
    assert explorer.shown() == _expected(growth_rate, layers, compression, bottleneck)
    rows = explorer.summary.value.count("<tr>")
    assert rows == 1 + 1 + 2 * layers + 1  # header, conv0, the dense layers, the transition


def test_plot_follows_the_layers() -> None:
    explorer = DenseNetExplorer(growth_rate=4, layers=2)
    explorer.sliders["layers"].value = 5
    left = explorer.figure.axes[0]
    assert len(left.patches) == 1 + 2 * 5 + 1
