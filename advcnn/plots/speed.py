"""Figures of notebook 06: the learning rate per step, the ablation's accuracies, images per second.

Each function takes the numbers ``advcnn.ablation`` and ``advcnn.throughput`` compute and returns
a matplotlib figure.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from advcnn.ablation import AblationRow
from advcnn.plots.fonts import plot_language, tr_plot

__all__ = ["plot_ablation", "plot_learning_rates", "plot_rates"]


def plot_learning_rates(
    schedules: Mapping[str, Sequence[float]], steps_per_epoch: int | None = None
) -> Figure:
    """The learning rate at every step, one line per schedule; epoch boundaries dotted."""
    if not schedules:
        raise ValueError("plot_learning_rates needs at least one schedule")
    fig, axes = plt.subplots(figsize=(7, 2.8))
    longest = 0
    for name, rates in schedules.items():
        axes.plot(range(len(rates)), list(rates), label=name)
        longest = max(longest, len(rates))
    if steps_per_epoch:
        for boundary in range(steps_per_epoch, longest, steps_per_epoch):
            axes.axvline(boundary, color="0.7", linestyle=":", linewidth=1)
    axes.set(xlabel=tr_plot("optimisation step"), ylabel=tr_plot("learning rate"))
    axes.legend(fontsize="small")
    fig.tight_layout()
    return fig


def plot_ablation(rows: Sequence[AblationRow], *, reference: float | None = 0.99) -> Figure:
    """Final test accuracy of every seed (dots) and their mean (bar), one row per recipe; the
    mean training seconds per run beside it. Diverged seeds are counted in the label."""
    if not rows:
        raise ValueError("plot_ablation needs at least one row")
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(10, 0.45 * len(rows) + 1.2), sharey=True, width_ratios=(3, 1)
    )
    # Without a CJK font, a Chinese label is drawn in English (``Label.english``).
    english = plot_language() == "en"
    labels = [
        (getattr(row.label, "english", row.label) if english else row.label)
        + (tr_plot("  ({count} diverged)", count=row.diverged) if row.diverged else "")
        for row in rows
    ]
    positions = range(len(rows))
    finished = [accuracy for row in rows for accuracy in row.finished]
    low = min(finished, default=0.9)
    for position, row in zip(positions, rows, strict=True):
        values = [100 * accuracy for accuracy in row.finished]
        left.scatter(values, [position] * len(values), color="C0", s=14, zorder=3)
        if not math.isnan(row.mean):
            left.plot([100 * row.mean] * 2, [position - 0.3, position + 0.3], color="C3")
    if reference is not None:
        left.axvline(100 * reference, color="0.5", linestyle="--", linewidth=1)
    left.set_xlim(100 * low - 0.2, 100.0)
    left.set(xlabel=tr_plot("test accuracy (%): seeds as dots, mean as a bar"))
    left.set_yticks(list(positions), labels)
    left.invert_yaxis()
    right.barh(list(positions), [row.mean_seconds for row in rows], color="C2")
    right.set(xlabel=tr_plot("training s per run"))
    fig.tight_layout()
    return fig


def plot_rates(rates: Mapping[str, Sequence[float]], *, unit: str | None = None) -> Figure:
    """Median images per second of each variant as a bar, every round as a dot.

    ``unit`` labels the x-axis; ``None``: "images / s".
    """
    if not rates:
        raise ValueError("plot_rates needs at least one variant")
    fig, axes = plt.subplots(figsize=(7, 0.5 * len(rates) + 1.0))
    for position, values in enumerate(rates.values()):
        median = statistics.median(values)
        axes.barh(position, median, color=f"C{position}", alpha=0.6)
        axes.scatter(list(values), [position] * len(values), color="k", s=10, zorder=3)
    axes.set_yticks(range(len(rates)), list(rates))
    axes.invert_yaxis()
    axes.set(xlabel=tr_plot("images / s") if unit is None else unit)
    fig.tight_layout()
    return fig
