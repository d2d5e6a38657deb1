"""DepthExplorer, headless: move its sliders and check the numbers it shows.

Every number is recomputed independently: the gradient norms from a freshly seeded ``DeepStack``
and plain autograd, the parameter count with ``sum(p.numel())``, the convolution count by
counting ``nn.Conv2d`` modules.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from advcnn.models import DeepStack
from advcnn.widgets.depth import DepthExplorer, format_float

KEYS = {
    "conv_layers",
    "params",
    "plain_first",
    "plain_last",
    "plain_ratio",
    "residual_first",
    "residual_last",
    "residual_ratio",
}


@pytest.fixture(scope="module")
def batch(mnist_sample) -> tuple[torch.Tensor, torch.Tensor]:
    return mnist_sample.train_images[:64], mnist_sample.train_labels[:64]


def _expected(depth: int, channels: int, images: torch.Tensor, labels: torch.Tensor) -> dict:
    """What the widget should show, computed without advcnn.gradients."""
    shown = {}
    for name, residual in (("plain", False), ("residual", True)):
        torch.manual_seed(0)
        model = DeepStack(depth, residual=residual, channels=channels).double()
        loss = F.cross_entropy(model(images.double()), labels)
        loss.backward()
        norms = [
            torch.cat([p.grad.flatten() for p in block.parameters()]).norm().item()
            for block in model.blocks
        ]
        shown[f"{name}_first"] = format_float(norms[0])
        shown[f"{name}_last"] = format_float(norms[-1])
        shown[f"{name}_ratio"] = format_float(norms[0] / norms[-1])
        shown["params"] = f"{sum(p.numel() for p in model.parameters()):,}"
        convs = sum(isinstance(module, nn.Conv2d) for module in model.modules())
        shown["conv_layers"] = f"{convs:,}"
    return shown


def test_sliders_have_unique_descriptions(batch) -> None:
    explorer = DepthExplorer(*batch, depth=4)
    assert set(explorer.sliders) == {"depth", "channels"}
    descriptions = [slider.description for slider in explorer.sliders.values()]
    assert len(set(descriptions)) == len(descriptions)
    assert explorer.widget.children[-1] is explorer.plot_output


def test_initial_numbers(batch) -> None:
    explorer = DepthExplorer(*batch, depth=6, channels=8)
    assert set(explorer.shown()) == KEYS
    assert explorer.shown() == _expected(6, 8, *batch)


@pytest.mark.parametrize(("depth", "channels"), [(2, 4), (13, 16), (40, 8)])
def test_moving_the_sliders(batch, depth: int, channels: int) -> None:
    explorer = DepthExplorer(*batch, depth=5, channels=12)
    explorer.sliders["depth"].value = depth
    explorer.sliders["channels"].value = channels
    assert explorer.shown() == _expected(depth, channels, *batch)


def test_plain_ratio_collapses_with_depth(batch) -> None:
    explorer = DepthExplorer(*batch, depth=3)
    shallow = float(explorer.shown()["plain_ratio"])
    explorer.sliders["depth"].value = 30
    shown = explorer.shown()
    assert float(shown["plain_ratio"]) < 1e-6 * shallow
    assert float(shown["residual_ratio"]) > 0.05
    assert float(shown["plain_first"]) > 0  # float64: no underflow to zero


def test_plot_is_redrawn(batch) -> None:
    explorer = DepthExplorer(*batch, depth=4, channels=8)
    before = explorer.figure
    lines = before.axes[0].get_lines()
    assert len(lines[0].get_xdata()) == 4
    plain, residual = explorer.profiles
    assert np.allclose(lines[0].get_ydata(), plain.block_norms)
    assert np.allclose(lines[1].get_ydata(), residual.block_norms)
    explorer.sliders["depth"].value = 9
    after = explorer.figure
    assert after is not before
    lines = after.axes[0].get_lines()
    assert len(lines[0].get_xdata()) == len(lines[1].get_xdata()) == 9
    assert np.allclose(lines[1].get_ydata(), explorer.profiles[1].block_norms)
    assert "9 blocks (18 convolutions) of 8 channels" in after.axes[0].get_title()


def test_bad_depth_is_refused(batch) -> None:
    with pytest.raises(ValueError, match="depth"):
        DepthExplorer(*batch, depth=1)
    with pytest.raises(ValueError, match="depth"):
        DepthExplorer(*batch, depth=41)


def test_format_float() -> None:
    assert format_float(1.9234e-34) == "1.92e-34"
    assert format_float(0.33126) == "0.331"
    assert format_float(float("nan")) == "nan"


# VariantDepthExplorer: the residual units of the Identity Mappings paper, with batch norm.

from advcnn.models import VARIANTS  # noqa: E402
from advcnn.widgets.depth import VariantDepthExplorer  # noqa: E402

VARIANT_KEYS = {
    "conv_layers",
    "params",
    *(
        f"{who}_{what}"
        for who in ("plain", "unit")
        for what in ("first", "last", "ratio", "signal")
    ),
}


def _variant_expected(variant: str, depth: int, images, labels) -> dict:
    """Per-block norms by running the stack's pieces by hand, without advcnn.gradients."""
    shown = {}
    for key, name in (("plain", "plain"), ("unit", variant)):
        torch.manual_seed(0)
        model = DeepStack(depth, variant=name).double()
        x = model.run_stem(images.double())
        inputs = []
        for block in model.blocks:
            inputs.append(x)
            x = block(x)
        inputs.append(x)
        if model.final_bn is not None:
            x = model.final_bn(x)
        if name in ("full_preactivation", "relu_only_preactivation"):
            x = F.relu(x)
        loss = F.cross_entropy(model.fc(x.mean(dim=(2, 3))), labels)
        grads = torch.autograd.grad(loss, inputs, retain_graph=True)
        loss.backward()
        norms = [
            torch.cat([p.grad.flatten() for p in block.parameters()]).norm().item()
            for block in model.blocks
        ]
        shown[f"{key}_first"] = format_float(norms[0])
        shown[f"{key}_last"] = format_float(norms[-1])
        shown[f"{key}_ratio"] = format_float(norms[0] / norms[-1])
        shown[f"{key}_signal"] = format_float((grads[0].norm() / grads[-1].norm()).item())
        convs = sum(isinstance(module, nn.Conv2d) for module in model.modules())
        shown["conv_layers"] = f"{convs:,}"
        shown["params"] = f"{sum(p.numel() for p in model.parameters()):,}"
    return shown


def test_variant_explorer_controls(batch) -> None:
    explorer = VariantDepthExplorer(*batch, depth=3)
    assert [value for _, value in explorer.variant.options] == list(VARIANTS)
    assert explorer.variant.description == "variant"
    assert explorer.sliders["depth"].description == "depth"
    assert set(explorer.shown()) == VARIANT_KEYS
    assert explorer.widget.children[-1] is explorer.plot_output


@pytest.mark.parametrize(
    ("variant", "depth"), [("original", 2), ("bn_after_addition", 7), ("full_preactivation", 12)]
)
def test_variant_explorer_numbers(batch, variant: str, depth: int) -> None:
    explorer = VariantDepthExplorer(*batch, variant="relu_before_addition", depth=4)
    explorer.variant.value = variant
    explorer.sliders["depth"].value = depth
    assert explorer.shown() == _variant_expected(variant, depth, *batch)
    lines = explorer.figure.axes[0].get_lines()
    assert len(lines) == 2 and len(lines[0].get_xdata()) == depth + 1


def test_variant_explorer_refuses_unknown(batch) -> None:
    with pytest.raises(ValueError, match="variant must be one of"):
        VariantDepthExplorer(*batch, variant="preact")
