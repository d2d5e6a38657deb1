"""Pictures of the residual units of the Identity Mappings paper: gradients and training runs.

Every function takes numbers (``GradientProfile`` s from ``advcnn.gradients``, accuracies from
training runs) and returns a matplotlib ``Figure`` without showing it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from advcnn.gradients import GradientProfile
from advcnn.models.residual_units import VARIANT_LABELS

__all__ = ["VARIANT_COLORS", "plot_signal_gradients", "plot_variant_accuracies", "variant_label"]

VARIANT_COLORS = {
    "plain": "tab:red",
    "original": "tab:blue",
    "bn_after_addition": "tab:orange",
    "relu_before_addition": "tab:purple",
    "relu_only_preactivation": "tab:brown",
    "full_preactivation": "tab:green",
}


def variant_label(variant: str | None) -> str:
    """``"(e) full pre-activation"`` for a residual unit, ``"plain (BN)"`` for the plain stack."""
    if variant is None:
        return "lecture's blocks"
    return VARIANT_LABELS.get(variant, "plain (BN)" if variant == "plain" else variant)


def plot_signal_gradients(profiles: Sequence[GradientProfile], *, ax: Axes | None = None) -> Figure:
    """``‖dL/dx_l‖`` at every block's input (and at the top), one line per profile, log scale.

    Args:
        profiles: Profiles from ``advcnn.gradients.variant_profile`` (same depth).
        ax: Draw into these axes instead of a new figure.

    Returns:
        The figure: x = block whose input it is (depth + 1 = the last block's output).
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 3.6))
    else:
        fig = ax.figure
    for profile in profiles:
        positions = np.arange(1, len(profile.input_norms) + 1)
        ax.semilogy(
            positions,
            profile.input_norms,
            "o-",
            markersize=3,
            color=VARIANT_COLORS.get(profile.variant or ""),
            label=variant_label(profile.variant),
        )
    depth = profiles[0].depth if profiles else 0
    ax.set_xlabel(f"input of block (1 = first; {depth + 1} = output of the last)")
    ax.set_ylabel("‖dL / dx‖")
    ax.set_title(f"Gradient reaching each block at initialisation, {depth} blocks with BN")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_variant_accuracies(accuracies: Mapping[str, Sequence[float]]) -> Figure:
    """One dot per run and the mean as a bar, per variant: test accuracy in percent."""
    fig, ax = plt.subplots(figsize=(7, 3.2))
    for index, (variant, values) in enumerate(accuracies.items()):
        percent = 100 * np.asarray(values, dtype=float)
        color = VARIANT_COLORS.get(variant, "tab:gray")
        ax.bar(index, percent.mean(), color=color, alpha=0.35, width=0.6)
        ax.plot(np.full(len(percent), index), percent, "o", color=color)
    ax.set_xticks(range(len(accuracies)))
    ax.set_xticklabels([variant_label(v) for v in accuracies], rotation=20, ha="right", fontsize=8)
    ax.set_ylabel("test accuracy (%)")
    low = min(100 * min(values) for values in accuracies.values())
    ax.set_ylim(max(0.0, low - 2), 100)
    ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    return fig
