"""The bottleneck explorer, held against real ``nn.Conv2d`` modules built from its slider values.

The explorer computes with ``advcnn.cost``; these tests build the direct k×k convolution, the
1×1 reduction and the k×k expansion as ``nn.Conv2d`` modules with the same values, and measure
them: MACs with ``FlopCounterMode`` (2 FLOPs per multiply-accumulate), parameters with
``sum(p.numel())``. The modules live on the ``meta`` device, so that measuring a 512-channel
convolution on a 112×112 image costs no arithmetic.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from advcnn.widgets.bottleneck import LECTURE_BOTTLENECK, BottleneckExplorer

SETTINGS = [
    {},
    {"bottleneck_channels": 64},
    {"in_channels": 10, "bottleneck_channels": 16, "out_channels": 24, "image_size": 12},
    {"kernel_size": 3, "image_size": 56, "in_channels": 256, "bottleneck_channels": 64},
    {"kernel_size": 1, "out_channels": 512, "bottleneck_channels": 1},
    {"kernel_size": 7, "image_size": 1, "in_channels": 1, "out_channels": 1},
    {"in_channels": 512, "bottleneck_channels": 512, "out_channels": 512, "image_size": 112},
]


def measure(
    in_channels: int, bottleneck_channels: int, out_channels: int, kernel_size: int, image_size: int
) -> dict[str, int | float]:
    """MACs and parameters of the two paths, built as real convolutions and measured."""
    padding = kernel_size // 2
    direct = nn.Conv2d(in_channels, out_channels, kernel_size, padding=padding, device="meta")
    reduce = nn.Conv2d(in_channels, bottleneck_channels, 1, device="meta")
    expand = nn.Conv2d(
        bottleneck_channels, out_channels, kernel_size, padding=padding, device="meta"
    )
    x = torch.empty(1, in_channels, image_size, image_size, device="meta")

    def macs(*modules: nn.Module) -> int:
        with FlopCounterMode(display=False) as counter:
            out = x
            for module in modules:
                out = module(out)
        # Same padding really kept the size, or the comparison would be of something else.
        assert out.shape[-2:] == (image_size, image_size)
        return counter.get_total_flops() // 2

    def params(*modules: nn.Module) -> int:
        return sum(p.numel() for module in modules for p in module.parameters())

    measured = {
        "direct_macs": macs(direct),
        "reduce_macs": macs(reduce),
        "expand_macs": macs(reduce, expand) - macs(reduce),
        "bottleneck_macs": macs(reduce, expand),
        "direct_params": params(direct),
        "reduce_params": params(reduce),
        "expand_params": params(expand),
        "bottleneck_params": params(reduce, expand),
    }
    measured["mac_ratio"] = measured["bottleneck_macs"] / measured["direct_macs"]
    measured["param_ratio"] = measured["bottleneck_params"] / measured["direct_params"]
    return measured


def displayed(measured: dict[str, int | float]) -> dict[str, str]:
    """The measurements written the way the explorer documents: 1,234 and 0.103."""
    return {
        key: f"{value:.3f}" if key.endswith("ratio") else f"{value:,}"
        for key, value in measured.items()
    }


@pytest.fixture(scope="module")
def explorer() -> BottleneckExplorer:
    return BottleneckExplorer()


@pytest.mark.parametrize("changes", SETTINGS)
def test_shown_numbers_match_measured_convolutions(explorer, changes):
    explorer.reset()
    for key, value in changes.items():
        explorer.sliders[key].value = value
    config = LECTURE_BOTTLENECK | changes
    assert explorer.config() == config
    assert explorer.shown() == displayed(measure(**config))


def test_starts_at_the_lecture_example():
    fresh = BottleneckExplorer()
    assert fresh.config() == LECTURE_BOTTLENECK
    assert fresh.shown() == displayed(measure(192, 16, 32, 5, 28))
    # The lecture's 12,443,648 (its slide misprints 12,433,648), as measured.
    assert fresh.shown()["bottleneck_macs"] == "12,443,648"


def test_plot_follows_the_sliders(explorer):
    explorer.reset()
    before = explorer.figure
    explorer.sliders["bottleneck_channels"].value = 100
    after = explorer.figure
    assert after is not None and after is not before
    measured = measure(**explorer.config())
    macs_axes, params_axes = after.axes
    for ax, kind in [(macs_axes, "macs"), (params_axes, "params")]:
        heights = {c.get_label(): [p.get_height() for p in c.patches] for c in ax.containers}
        assert heights == {
            "5×5 direct": [measured[f"direct_{kind}"]],
            "1×1 reduce": [measured[f"reduce_{kind}"]],
            "5×5 expand": [measured[f"expand_{kind}"]],
        }
    # The chart's titles carry the same ratios as the summary.
    assert explorer.shown()["mac_ratio"] in macs_axes.get_title()
    assert explorer.shown()["param_ratio"] in params_axes.get_title()


def test_every_slider_redraws(explorer):
    explorer.reset()
    for key, slider in explorer.sliders.items():
        before = explorer.figure
        slider.value = slider.min if slider.value != slider.min else slider.max
        assert explorer.figure is not before, key


def test_kernel_size_stays_odd(explorer):
    explorer.reset()
    explorer.sliders["kernel_size"].value = 4
    assert explorer.sliders["kernel_size"].value == 5
    explorer.sliders["kernel_size"].value = 6
    assert explorer.sliders["kernel_size"].value == 7
    assert explorer.shown() == displayed(measure(**(LECTURE_BOTTLENECK | {"kernel_size": 7})))
    slider = explorer.sliders["kernel_size"]
    assert (slider.min, slider.max, slider.step) == (1, 7, 2)


def test_reset_button_restores_the_lecture(explorer):
    explorer.sliders["in_channels"].value = 3
    explorer.sliders["image_size"].value = 9
    explorer.reset_button.click()
    assert explorer.config() == LECTURE_BOTTLENECK
    assert explorer.shown() == displayed(measure(**LECTURE_BOTTLENECK))


def test_verdict_says_when_the_bottleneck_does_not_save(explorer):
    explorer.reset()
    explorer.sliders["bottleneck_channels"].value = 200
    assert float(explorer.shown()["mac_ratio"]) > 1
    assert "no saving" in explorer.summary.value
    explorer.sliders["bottleneck_channels"].value = 16
    assert "fewer MACs" in explorer.summary.value


def test_sliders_have_unique_human_descriptions(explorer):
    descriptions = [slider.description for slider in explorer.sliders.values()]
    assert len(set(descriptions)) == len(descriptions)
    assert all(" " in d and "_" not in d for d in descriptions)
    assert set(explorer.sliders) == set(LECTURE_BOTTLENECK)


def test_widget_contains_the_controls_and_outputs(explorer):
    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from walk(child)

    inside = list(walk(explorer.widget))
    for part in [*explorer.sliders.values(), explorer.summary, explorer.plot_output]:
        assert any(part is widget for widget in inside)
