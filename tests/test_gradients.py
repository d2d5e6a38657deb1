"""Gradient norms and Jacobians of advcnn.gradients, and the plots of advcnn.plots.gradients.

The norms are checked against finite differences of the loss, the Jacobians against finite
differences and against a linear map whose matrix is known, and the plots against the numbers
they were given.
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from matplotlib.lines import Line2D

from advcnn.gradients import (
    block_gradient_norms,
    block_jacobian,
    gradient_profile,
    jacobian_product_norms,
    plain_and_residual,
    residual_branch,
    stem_output,
)
from advcnn.models import DeepStack, PlainBlock, ResidualBlock
from advcnn.plots.gradients import (
    draw_blocks,
    moving_average,
    plot_block_gradients,
    plot_jacobian_products,
    plot_jacobians,
    plot_loss_curves,
)


@pytest.fixture(scope="module")
def batch(mnist_sample) -> tuple[torch.Tensor, torch.Tensor]:
    """Sixteen real digits: enough for the checks, cheap in float64."""
    return mnist_sample.train_images[:16], mnist_sample.train_labels[:16]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _loss(model: DeepStack, images: torch.Tensor, labels: torch.Tensor) -> float:
    with torch.no_grad():
        return float(F.cross_entropy(model(images.double()), labels))


@pytest.mark.parametrize("residual", [False, True])
def test_block_gradient_norms_match_finite_differences(batch, residual: bool) -> None:
    images, labels = batch
    torch.manual_seed(3)
    model = DeepStack(4, residual=residual, channels=4, num_classes=7).double()
    labels = labels % 7
    norms = block_gradient_norms(model, images, labels)
    assert len(norms) == 4
    for index, block in enumerate(model.blocks):
        params = list(block.parameters())
        gradient = torch.cat([p.grad.flatten() for p in params])
        assert norms[index] == pytest.approx(float(gradient.norm()), rel=1e-12)
        # Moving the block's weights by ε along the unit gradient direction changes the loss by
        # ε·‖g‖ to first order: a measurement of the norm that does not use autograd.
        direction = gradient / gradient.norm()
        epsilon = 1e-5
        changes = []
        for sign in (1, -1):
            offset = 0
            with torch.no_grad():
                for p in params:
                    p += sign * epsilon * direction[offset : offset + p.numel()].view_as(p)
                    offset += p.numel()
            changes.append(_loss(model, images, labels))
            with torch.no_grad():
                offset = 0
                for p in params:
                    p -= sign * epsilon * direction[offset : offset + p.numel()].view_as(p)
                    offset += p.numel()
        slope = (changes[0] - changes[1]) / (2 * epsilon)
        assert slope == pytest.approx(norms[index], rel=1e-4)


def test_block_gradient_norms_do_not_accumulate(batch) -> None:
    images, labels = batch
    torch.manual_seed(0)
    model = DeepStack(3, residual=True).double()
    assert block_gradient_norms(model, images, labels) == block_gradient_norms(
        model, images, labels
    )


def test_gradient_profile_is_reproducible_and_seeded(batch) -> None:
    images, labels = batch
    first = gradient_profile(6, residual=False, images=images, labels=labels, seed=1)
    again = gradient_profile(6, residual=False, images=images, labels=labels, seed=1)
    other = gradient_profile(6, residual=False, images=images, labels=labels, seed=2)
    assert first == again
    assert first.block_norms != other.block_norms
    torch.manual_seed(1)
    model = DeepStack(6, residual=False).double()
    assert first.block_norms == tuple(block_gradient_norms(model, images, labels))
    assert first.params == sum(p.numel() for p in model.parameters())
    assert first.loss == pytest.approx(_loss(model, images, labels))
    assert (first.first, first.last) == (first.block_norms[0], first.block_norms[-1])
    assert first.ratio == pytest.approx(first.block_norms[0] / first.block_norms[-1])


def test_plain_gradients_vanish_and_residual_ones_do_not(batch) -> None:
    images, labels = batch
    plain, residual = plain_and_residual(12, images, labels, channels=8)
    assert (plain.residual, residual.residual) == (False, True)
    assert plain.params == residual.params
    assert all(norm > 0 for norm in plain.block_norms)
    # The shrinking is geometric in the depth; the shortcut keeps every block within an order
    # of magnitude of the last.
    assert plain.ratio < 1e-5
    assert residual.ratio > 0.1
    assert min(residual.block_norms) > 0.1 * max(residual.block_norms)


def test_float32_underflows_where_float64_does_not(batch) -> None:
    images, labels = batch
    low = gradient_profile(40, residual=False, images=images, labels=labels, dtype=torch.float32)
    high = gradient_profile(40, residual=False, images=images, labels=labels)
    # Near the output both precisions agree; near the input float32 has rounded to zero what
    # float64 still resolves.
    assert low.last == pytest.approx(high.last, rel=1e-4)
    assert low.first == 0.0
    assert 0.0 < high.first < 1e-20


def test_residual_branch_rebuilds_the_block() -> None:
    torch.manual_seed(0)
    block = ResidualBlock(5)
    x = torch.randn(2, 5, 6, 6)
    assert torch.allclose(F.relu(x + residual_branch(block)(x)), block(x), atol=1e-6)
    plain = PlainBlock(5)
    assert torch.allclose(F.relu(residual_branch(plain)(x)), plain(x), atol=1e-6)


def test_block_jacobian_of_a_linear_map_is_its_matrix() -> None:
    torch.manual_seed(0)
    matrix = torch.randn(6, 12, dtype=torch.float64)
    x = torch.randn(1, 3, 2, 2, dtype=torch.float64)
    jacobian = block_jacobian(lambda t: (matrix @ t.flatten()).view(2, 3), x)
    assert jacobian.shape == (6, 12)
    assert torch.allclose(jacobian, matrix)


def test_residual_jacobian_is_identity_plus_branch_jacobian() -> None:
    torch.manual_seed(0)
    block = ResidualBlock(2).double()
    x = torch.randn(1, 2, 3, 3, dtype=torch.float64)
    branch = residual_branch(block)
    jacobian_f = block_jacobian(branch, x)
    jacobian = block_jacobian(lambda t: t + branch(t), x)
    assert jacobian.shape == (18, 18)
    assert torch.allclose(jacobian, torch.eye(18, dtype=torch.float64) + jacobian_f)
    # Directional derivative by central differences, without autograd.
    direction = torch.randn_like(x)
    epsilon = 1e-6
    with torch.no_grad():
        numeric = (branch(x + epsilon * direction) - branch(x - epsilon * direction)) / (
            2 * epsilon
        )
    assert torch.allclose(jacobian_f @ direction.flatten(), numeric.flatten(), atol=1e-6)


@pytest.mark.parametrize("residual", [False, True])
def test_jacobian_product_norms_match_the_whole_stack(batch, residual: bool) -> None:
    images, _ = batch
    torch.manual_seed(0)
    model = DeepStack(5, residual=residual, channels=2).double()
    x = stem_output(model, images[:1])
    assert x.shape == (1, 2, 7, 7)
    norms = jacobian_product_norms(model.blocks, x)
    assert len(norms) == 5
    for count in (1, 3, 5):

        def prefix(t: torch.Tensor, count: int = count) -> torch.Tensor:
            for block in model.blocks[:count]:
                t = block(t)
            return t

        whole = torch.autograd.functional.jacobian(prefix, x).reshape(x.numel(), x.numel())
        largest = float(torch.linalg.svdvals(whole)[0])
        assert norms[count - 1] == pytest.approx(largest, rel=1e-9)


def test_stem_output_feeds_the_blocks(batch) -> None:
    images, _ = batch
    torch.manual_seed(0)
    model = DeepStack(3, residual=True).double()
    x = stem_output(model, images)
    with torch.no_grad():
        for block in model.blocks:
            x = block(x)
        logits = model.fc(x.mean(dim=(2, 3)))
        assert torch.allclose(logits, model(images.double()))


def _lines(fig) -> list[Line2D]:
    return [line for line in fig.axes[0].get_lines() if line.get_linestyle() != ":"]


def test_plot_block_gradients_draws_the_norms(batch) -> None:
    images, labels = batch
    plain, residual = plain_and_residual(5, images, labels, channels=4)
    fig = plot_block_gradients(plain, residual)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["plain", "residual"]
    for line, profile in zip(lines, (plain, residual), strict=True):
        assert list(line.get_xdata()) == [1, 2, 3, 4, 5]
        assert np.allclose(line.get_ydata(), profile.block_norms)


def test_plot_block_gradients_leaves_gaps_for_zeros(batch) -> None:
    images, labels = batch
    plain, residual = plain_and_residual(3, images, labels, channels=4)
    from dataclasses import replace

    underflowed = replace(plain, block_norms=(0.0, *plain.block_norms[1:]))
    ydata = plot_block_gradients(underflowed, residual).axes[0].get_lines()[0].get_ydata()
    assert math.isnan(ydata[0])
    assert np.allclose(ydata[1:], plain.block_norms[1:])


def test_plot_jacobians_shows_each_matrix() -> None:
    eye = torch.eye(4)
    other = torch.arange(16.0).reshape(4, 4) / 16
    fig = plot_jacobians({"I": eye, "J_F": other, "J": eye + other})
    images = [ax.get_images()[0] for ax in fig.axes if ax.get_images()]
    assert [image.axes.get_title() for image in images] == ["I", "J_F", "J"]
    for image, matrix in zip(images, (eye, other, eye + other), strict=True):
        assert np.allclose(image.get_array(), matrix.numpy())
        # One colour scale for all, symmetric about zero, so that equal colours mean equal values.
        assert image.get_clim() == (-2.0 + 1 / 16, 2.0 - 1 / 16)


def test_plot_jacobian_products_draws_both_curves() -> None:
    fig = plot_jacobian_products([0.5, 0.1, 0.01], [1.2, 1.5, 1.9])
    lines = _lines(fig)
    assert np.allclose(lines[0].get_ydata(), [0.5, 0.1, 0.01])
    assert np.allclose(lines[1].get_ydata(), [1.2, 1.5, 1.9])
    assert fig.axes[0].get_yscale() == "log"


def test_moving_average_is_the_mean_of_each_window() -> None:
    values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0]
    expected = [np.mean(values[i : i + 3]) for i in range(len(values) - 2)]
    assert np.allclose(moving_average(values, 3), expected)
    assert np.allclose(moving_average(values, 100), [np.mean(values)])


def test_plot_loss_curves_draws_smoothed_and_raw_losses() -> None:
    curves = {
        "plain": [(10, 2.3), (20, 2.3), (30, 2.31), (40, 2.29), (50, 2.3)],
        "residual": [(10, 2.3), (20, 2.0), (30, 1.5), (40, 1.1), (50, 0.8)],
    }
    fig = plot_loss_curves(curves, window=2, colors={"plain": "red"})
    solid = [line for line in _lines(fig) if line.get_label() in curves]
    assert [line.get_label() for line in solid] == ["plain", "residual"]
    for line, points in zip(solid, curves.values(), strict=True):
        losses = [loss for _, loss in points]
        assert np.allclose(line.get_ydata(), [np.mean(losses[i : i + 2]) for i in range(4)])
        assert list(line.get_xdata()) == [20, 30, 40, 50]
    raw = [line for line in _lines(fig) if line.get_label() not in curves]
    assert np.allclose(raw[1].get_ydata(), [loss for _, loss in curves["residual"]])
    assert matplotlib.colors.same_color(solid[0].get_color(), "red")
    chance = [line for line in fig.axes[0].get_lines() if line.get_linestyle() == ":"]
    assert chance and chance[0].get_ydata()[0] == pytest.approx(math.log(10))


def test_draw_blocks() -> None:
    fig = draw_blocks(("none", "identity", "projection", "pad"))
    assert len(fig.axes) == 4
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["plain block", "residual block", "shortcut: projection", "shortcut: pad"]
    dotted = [any(line.get_linestyle() == ":" for line in ax.get_lines()) for ax in fig.axes]
    assert dotted == [False, False, True, True]
    texts = {text.get_text() for text in fig.axes[2].texts}
    assert "out: 2C×H/2×W/2" in texts
    with pytest.raises(ValueError, match="shortcut"):
        draw_blocks(("identity", "bottleneck"))
    with pytest.raises(ValueError, match="shapes"):
        draw_blocks(("identity",), shapes=[("a", "b"), ("c", "d")])


# variant_profile: stacks with batch norm built from the units of the Identity Mappings paper.

from advcnn.gradients import variant_profile  # noqa: E402
from advcnn.models import STACK_VARIANTS, VARIANTS  # noqa: E402
from advcnn.plots.residual_units import plot_signal_gradients, plot_variant_accuracies  # noqa: E402


@pytest.mark.parametrize("variant", STACK_VARIANTS)
def test_variant_profile_against_autograd(batch, variant: str) -> None:
    profile = variant_profile(4, variant, images=batch[0], labels=batch[1])
    torch.manual_seed(0)
    model = DeepStack(4, variant=variant).double()
    x = model.run_stem(batch[0].double())
    inputs = []
    for block in model.blocks:
        inputs.append(x)
        x = block(x)
    inputs.append(x)
    loss = F.cross_entropy(model.fc(_head(model, x)), batch[1])
    grads = torch.autograd.grad(loss, [*inputs, *model.blocks[0].parameters()])
    assert profile.loss == pytest.approx(loss.item())
    assert profile.input_norms == pytest.approx([g.norm().item() for g in grads[: len(inputs)]])
    first = torch.cat([g.flatten() for g in grads[len(inputs) :]]).norm().item()
    assert profile.first == pytest.approx(first)
    assert profile.variant == variant and profile.residual == (variant != "plain")
    assert profile.signal_ratio == pytest.approx(profile.input_norms[0] / profile.input_norms[-1])


def _head(model: DeepStack, x: torch.Tensor) -> torch.Tensor:
    if model.final_bn is not None:
        x = model.final_bn(x)
    if model.variant in ("full_preactivation", "relu_only_preactivation"):
        x = F.relu(x)
    return x.mean(dim=(2, 3))


@pytest.mark.parametrize("variant", VARIANTS)
def test_identity_path_passes_the_top_gradient_unchanged(batch, variant: str) -> None:
    # With every residual branch silenced (conv2 = 0), a unit whose shortcut and after-addition
    # are identities passes dL/dx_L to every block unchanged: the paper's Eq. 5 with F = 0.
    # ReLU or BN after the addition (units a and b) change it.
    torch.manual_seed(0)
    model = DeepStack(6, variant=variant).double()
    for block in model.blocks:
        torch.nn.init.zeros_(block.conv2.weight)
    x = model.run_stem(batch[0].double())
    inputs = []
    for block in model.blocks:
        inputs.append(x)
        x = block(x)
    inputs.append(x)
    loss = F.cross_entropy(model.fc(_head(model, x)), batch[1])
    grads = torch.autograd.grad(loss, inputs)
    identical = all(torch.allclose(g, grads[-1]) for g in grads)
    assert identical == (variant not in ("original", "bn_after_addition"))


def test_plot_signal_gradients(batch) -> None:
    profiles = [
        variant_profile(3, v, images=batch[0], labels=batch[1]) for v in ("plain", "original")
    ]
    fig = plot_signal_gradients(profiles)
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["plain (BN)", "(a) original"]
    np.testing.assert_allclose(lines[1].get_ydata(), profiles[1].input_norms)


def test_plot_variant_accuracies() -> None:
    fig = plot_variant_accuracies({"original": [0.9, 0.92], "full_preactivation": [0.95, 0.93]})
    heights = [patch.get_height() for patch in fig.axes[0].patches]
    assert heights == pytest.approx([91.0, 94.0])
