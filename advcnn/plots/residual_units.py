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
from advcnn.i18n import get_language, tr
from advcnn.models.residual_units import VARIANT_LABELS
from advcnn.plots.fonts import plot_language, tr_plot

__all__ = ["VARIANT_COLORS", "plot_signal_gradients", "plot_variant_accuracies", "variant_label"]

VARIANT_COLORS = {
    "plain": "tab:red",
    "original": "tab:blue",
    "bn_after_addition": "tab:orange",
    "relu_before_addition": "tab:purple",
    "relu_only_preactivation": "tab:brown",
    "full_preactivation": "tab:green",
}


def variant_label(variant: str | None, *, plot: bool = False) -> str:
    """``"(e) full pre-activation"`` for a residual unit, ``"plain (BN)"`` for the plain stack.

    Args:
        variant: A name of ``VARIANTS``, ``"plain"``, or ``None`` for the lecture's blocks.
        plot: For a figure: Chinese only where a CJK font can draw it (``advcnn.plots.fonts``).

    Returns:
        The label in the language in use; an unknown name as it is.
    """
    if (plot_language() if plot else get_language()) == "zh":
        # The English texts are VARIANT_LABELS' (tests/test_i18n_widgets.py holds them equal).
        translated = {
            None: tr("lecture's blocks"),
            "plain": tr("plain (BN)"),
            "original": tr("(a) original"),
            "bn_after_addition": tr("(b) BN after addition"),
            "relu_before_addition": tr("(c) ReLU before addition"),
            "relu_only_preactivation": tr("(d) ReLU-only pre-activation"),
            "full_preactivation": tr("(e) full pre-activation"),
        }
        return translated.get(variant, str(variant))
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
            label=variant_label(profile.variant, plot=True),
        )
    depth = profiles[0].depth if profiles else 0
    ax.set_xlabel(
        tr_plot("input of block (1 = first; {last} = output of the last)", last=depth + 1)
    )
    ax.set_ylabel("‖dL / dx‖")
    ax.set_title(
        tr_plot(
            "Gradient reaching each block at initialisation, {depth} blocks with BN", depth=depth
        )
    )
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
    labels = [variant_label(v, plot=True) for v in accuracies]
    ax.set_xticklabels(labels, rotation=20, ha="right", fontsize=8)
    ax.set_ylabel(tr_plot("test accuracy (%)"))
    low = min(100 * min(values) for values in accuracies.values())
    ax.set_ylim(max(0.0, low - 2), 100)
    ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    return fig
