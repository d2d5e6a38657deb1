"""Pictures of gradient flow through plain and residual stacks, and of the blocks themselves.

Reference: He et al., "Deep Residual Learning for Image Recognition", CVPR 2016 (Figure 2: the
residual block; Figure 3: the dotted shortcuts where the shape changes); He et al., "Identity
Mappings in Deep Residual Networks", ECCV 2016 (why the identity path keeps gradients alive).

Every function takes numbers (from ``advcnn.gradients`` or a training history) and returns a
matplotlib ``Figure``; none of them shows it, so the notebooks, the widgets and the tests decide.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from advcnn.gradients import GradientProfile
from advcnn.plots.fonts import tr_plot

__all__ = [
    "PLAIN_COLOR",
    "RESIDUAL_COLOR",
    "SHORTCUT_KINDS",
    "draw_blocks",
    "moving_average",
    "plot_block_gradients",
    "plot_jacobian_products",
    "plot_jacobians",
    "plot_loss_curves",
]

PLAIN_COLOR = "tab:red"
RESIDUAL_COLOR = "tab:blue"
SHORTCUT_KINDS = ("none", "identity", "projection", "pad")


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def _positive(values: Sequence[float]) -> np.ndarray:
    # A gradient that underflowed to exactly 0 has no place on a log axis: leave a gap.
    array = np.asarray(values, dtype=float)
    return np.where(array > 0, array, np.nan)


def plot_block_gradients(
    plain: GradientProfile, residual: GradientProfile, *, ax: Axes | None = None
) -> Figure:
    """Gradient norm of every block, plain and residual, on a log scale.

    Args:
        plain: Profile of the plain stack.
        residual: Profile of the residual stack (same depth).
        ax: Draw into these axes instead of a new figure.

    Returns:
        The figure: two lines, x = block number (1 = next to the input), y = gradient norm.
    """
    fig, ax = _new_axes(ax, (7, 3.6))
    for profile, color, name in (
        (plain, PLAIN_COLOR, tr_plot("plain")),
        (residual, RESIDUAL_COLOR, tr_plot("residual")),
    ):
        blocks = np.arange(1, len(profile.block_norms) + 1)
        ax.semilogy(
            blocks, _positive(profile.block_norms), "o-", color=color, markersize=3, label=name
        )
    ax.set_xlabel(tr_plot("block (1 = next to the input)"))
    ax.set_ylabel(tr_plot("‖gradient of the block's weights‖"))
    ax.set_title(
        tr_plot(
            "Gradients at initialisation: {depth} blocks ({convolutions} convolutions) "
            "of {channels} channels",
            depth=plain.depth,
            convolutions=2 * plain.depth,
            channels=plain.channels,
        )
    )
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def plot_jacobians(matrices: Mapping[str, torch.Tensor | np.ndarray]) -> Figure:
    """Matrices side by side as heat maps on a shared, symmetric colour scale.

    Args:
        matrices: Title → matrix, e.g. ``{"I": eye, "J_F": jf, "J = I + J_F": j}``.

    Returns:
        The figure, one image per matrix.
    """
    arrays = {title: np.asarray(matrix, dtype=float) for title, matrix in matrices.items()}
    limit = max(float(np.abs(a).max()) for a in arrays.values()) or 1.0
    fig, axes = plt.subplots(1, len(arrays), figsize=(3.2 * len(arrays), 3.4), squeeze=False)
    for ax, (title, array) in zip(axes[0], arrays.items(), strict=True):
        image = ax.imshow(array, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(title)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.colorbar(image, ax=axes[0].tolist(), shrink=0.8)
    return fig


def plot_jacobian_products(
    plain_norms: Sequence[float], residual_norms: Sequence[float], *, ax: Axes | None = None
) -> Figure:
    """Spectral norm of ``J_l ··· J_1`` against ``l``, plain and residual, on a log scale.

    Returns:
        The figure, with a dotted line at 1 (a product that neither grows nor shrinks).
    """
    fig, ax = _new_axes(ax, (7, 3.4))
    for norms, color, name in (
        (plain_norms, PLAIN_COLOR, tr_plot("plain")),
        (residual_norms, RESIDUAL_COLOR, tr_plot("residual")),
    ):
        blocks = np.arange(1, len(norms) + 1)
        ax.semilogy(blocks, _positive(norms), "o-", color=color, markersize=3, label=name)
    ax.axhline(1.0, color="gray", linestyle=":", linewidth=1)
    ax.set_xlabel(tr_plot("blocks multiplied, l"))
    ax.set_ylabel(tr_plot("largest singular value of J_l ··· J_1"))
    ax.set_title(tr_plot("The chain rule through a stack: a product of Jacobians"))
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="lower left")
    fig.tight_layout()
    return fig


def moving_average(values: Sequence[float], window: int) -> np.ndarray:
    """Mean of each run of ``window`` consecutive values (``len - window + 1`` of them).

    A window longer than the series is shortened to the series.
    """
    array = np.asarray(values, dtype=float)
    window = max(1, min(window, len(array)))
    return np.convolve(array, np.ones(window) / window, mode="valid")


def plot_loss_curves(
    curves: Mapping[str, Sequence[tuple[int, float]]],
    *,
    window: int = 5,
    colors: Mapping[str, str] | None = None,
    chance: float | None = math.log(10),
    ax: Axes | None = None,
) -> Figure:
    """Training-loss curves on one plot: the logged points faint, a moving average on top.

    Args:
        curves: Label → ``(step, loss)`` pairs, e.g. ``History.steps`` from ``advcnn.train.fit``.
        window: Length of the moving average, in logged points.
        colors: Label → colour; matplotlib's cycle for the others.
        chance: Draw a dotted line at this loss (``ln 10``: guessing among 10 classes);
            ``None`` for none.
        ax: Draw into these axes instead of a new figure.

    Returns:
        The figure. Its solid lines (one per curve, in order) are the moving averages, each
        point placed at the step that ends its window.
    """
    fig, ax = _new_axes(ax, (7, 3.8))
    colors = dict(colors or {})
    for label, points in curves.items():
        steps = np.array([step for step, _ in points], dtype=float)
        losses = np.array([loss for _, loss in points], dtype=float)
        smooth = moving_average(losses, window)
        (line,) = ax.plot(
            steps[len(steps) - len(smooth) :],
            smooth,
            label=label,
            linewidth=2,
            color=colors.get(label),
        )
        ax.plot(steps, losses, color=line.get_color(), alpha=0.25, linewidth=0.8)
    if chance is not None:
        ax.axhline(chance, color="gray", linestyle=":", linewidth=1)
        ax.annotate(
            tr_plot("chance: ln 10"),
            (0.0, chance),
            xycoords=("axes fraction", "data"),
            xytext=(4, 4),
            textcoords="offset points",
            color="gray",
            fontsize=8,
        )
    ax.set_xlabel(tr_plot("training step"))
    ax.set_ylabel(tr_plot("training loss (cross-entropy)"))
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower left")
    fig.tight_layout()
    return fig


def _box(ax: Axes, y: float, text: str, color: str) -> None:
    ax.add_patch(
        FancyBboxPatch(
            (-0.9, y - 0.3),
            1.8,
            0.6,
            boxstyle="round,pad=0.02",
            facecolor=color,
            edgecolor="black",
            linewidth=1,
        )
    )
    ax.text(0, y, text, ha="center", va="center", fontsize=8.5, linespacing=1.0)


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], **style: object) -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10, **style))


# Heights of the diagram's elements, top (input) to bottom (output), as in He et al.'s Figure 2.
_LAYOUT = {
    "x": 6.75,
    "split": 6.05,
    "conv1": 5.35,
    "relu1": 4.45,
    "conv2": 3.55,
    "add": 2.6,
    "relu2": 1.75,
    "out": 0.85,
}


def _draw_block(ax: Axes, shortcut: str, in_shape: str, out_shape: str) -> None:
    ys = _LAYOUT
    changes_shape = shortcut in ("projection", "pad")
    ax.text(0, ys["x"], f"x: {in_shape}", ha="center", va="center", fontsize=9)
    conv = tr_plot("3×3 conv")
    _box(ax, ys["conv1"], tr_plot("3×3 conv\nstride 2") if changes_shape else conv, "#cfe2f3")
    _box(ax, ys["relu1"], "ReLU", "#eeeeee")
    _box(ax, ys["conv2"], conv, "#cfe2f3")
    _box(ax, ys["relu2"], "ReLU", "#eeeeee")
    ax.text(0, ys["out"], f"out: {out_shape}", ha="center", va="center", fontsize=9)
    # (top of the arrow, bottom of the arrow) for each step down the main path.
    edges = [(ys["x"] - 0.2, ys["conv1"] + 0.32)]
    if shortcut == "none":
        edges += [(ys["conv2"] - 0.3, ys["relu2"] + 0.32)]
    else:
        ax.add_patch(plt.Circle((0, ys["add"]), 0.22, facecolor="white", edgecolor="black"))
        ax.text(0, ys["add"], "+", ha="center", va="center", fontsize=12)
        edges += [(ys["conv2"] - 0.3, ys["add"] + 0.24), (ys["add"] - 0.22, ys["relu2"] + 0.32)]
    edges += [
        (ys["conv1"] - 0.3, ys["relu1"] + 0.32),
        (ys["relu1"] - 0.3, ys["conv2"] + 0.32),
        (ys["relu2"] - 0.3, ys["out"] + 0.2),
    ]
    for top, bottom in edges:
        _arrow(ax, (0, top), (0, bottom), color="black")
    if shortcut == "none":
        ax.set_title(tr_plot("plain block"), fontsize=10)
        return
    # The shortcut leaves the main path below the input label and rejoins it at the "+".
    style = {"color": RESIDUAL_COLOR, "linewidth": 2, "linestyle": ":" if changes_shape else "-"}
    ax.plot([0, 1.25, 1.25], [ys["split"], ys["split"], ys["add"]], **style)
    ax.plot([0], [ys["split"]], "o", color=RESIDUAL_COLOR, markersize=4)
    _arrow(ax, (1.25, ys["add"]), (0.24, ys["add"]), **style)
    label = {
        "identity": tr_plot("identity:\nx itself"),
        "projection": tr_plot("1×1 conv\nstride 2"),
        "pad": tr_plot("avg-pool 2×2,\nthen zero\nchannels"),
    }[shortcut]
    ax.text(
        1.35,
        (ys["split"] + ys["add"]) / 2,
        label,
        ha="left",
        va="center",
        fontsize=8,
        color=RESIDUAL_COLOR,
    )
    title = {
        "identity": tr_plot("residual block"),
        "projection": tr_plot("shortcut: projection"),
        "pad": tr_plot("shortcut: pad"),
    }[shortcut]
    ax.set_title(title, fontsize=10)


def draw_blocks(
    shortcuts: Sequence[str] = ("none", "identity"),
    *,
    shapes: Sequence[tuple[str, str]] | None = None,
) -> Figure:
    """Diagrams of blocks side by side: plain, residual, and the dotted-line shortcuts.

    Args:
        shortcuts: For each diagram, one of ``"none"`` (plain block), ``"identity"`` (the
            lecture's residual block), ``"projection"`` or ``"pad"`` (shape-changing blocks).
        shapes: For each diagram, the input and output shape written above and below it;
            by default ``C×H×W`` in and out, or ``2C×H/2×W/2`` out for a shape-changing block.

    Returns:
        The figure.

    Raises:
        ValueError: An unknown shortcut kind, or ``shapes`` of the wrong length.
    """
    for kind in shortcuts:
        if kind not in SHORTCUT_KINDS:
            raise ValueError(f"shortcut must be one of {SHORTCUT_KINDS}, got {kind!r}")
    if shapes is None:
        shapes = [
            ("C×H×W", "2C×H/2×W/2" if kind in ("projection", "pad") else "C×H×W")
            for kind in shortcuts
        ]
    if len(shapes) != len(shortcuts):
        raise ValueError(f"got {len(shapes)} shapes for {len(shortcuts)} blocks")
    fig, axes = plt.subplots(1, len(shortcuts), figsize=(2.6 * len(shortcuts), 4.2), squeeze=False)
    for ax, kind, (in_shape, out_shape) in zip(axes[0], shortcuts, shapes, strict=True):
        _draw_block(ax, kind, in_shape, out_shape)
        ax.set_xlim(-1.3, 2.5)
        ax.set_ylim(0.5, 7.1)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.tight_layout()
    return fig
