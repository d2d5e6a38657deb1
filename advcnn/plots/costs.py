"""What convolutions cost, drawn: stacked cost bars, and the lecture's bottleneck comparison.

Each function returns a ``Figure``, so it can be made and tested outside a notebook;
``draw_pointwise_conv`` (from ``advcnn.plots.pointwise``) is importable from here too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from advcnn.cost import BottleneckCost, bottleneck_cost
from advcnn.plots.fonts import tr_plot
from advcnn.plots.pointwise import draw_pointwise_conv

__all__ = [
    "COST_COLORS",
    "bottleneck_bars",
    "draw_pointwise_conv",
    "format_count",
    "plot_bottleneck_costs",
    "plot_stacked_costs",
]

#: Colours of the bottleneck comparison: the 1×1 blue of the Inception plots, the k×k
#: convolutions warm, the direct one darker than the expansion that replaces it.
COST_COLORS = {"direct": "#C44E52", "reduce": "#4C72B0", "expand": "#DD8452"}
# Used, in turn, for segment names that ``plot_stacked_costs`` is given no colour for.
_CYCLE = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C")

Bars = Mapping[str, Mapping[str, float]]


def format_count(value: float) -> str:
    """A count in a few characters for axis ticks and crowded labels: 120.4M, 15.9K, 840.

    Args:
        value: A non-negative count (MACs, parameters).

    Returns:
        The value with at most one decimal and a K, M or G suffix (powers of 1000): ``"400M"``,
        ``"12.4M"``; below 1000 a whole number.
    """
    for threshold, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= threshold:
            return f"{value / threshold:.1f}".removesuffix(".0") + suffix
    return f"{value:.0f}"


def plot_stacked_costs(
    bars: Bars,
    *,
    ylabel: str | None = None,
    title: str | None = None,
    colors: Mapping[str, str] | None = None,
    label_format: Callable[[float], str] = lambda value: f"{value:,.0f}",
    ax: Axes | None = None,
    figsize: tuple[float, float] = (5.0, 3.4),
) -> Figure:
    """Stacked bars: one per design, each made of the layers it contains, its total on top.

    Args:
        bars: Bar label → {segment name → value}, both in drawing order (left to right,
            bottom to top). Segments that share a name across bars share a colour and a legend
            entry, so name the same layer the same way in every bar.
        ylabel: Label of the value axis; ``None``: "multiply-accumulates (MACs)".
        title: Title of the axes, if any.
        colors: Segment name → colour; names left out take colours from a fixed cycle.
        label_format: How the total above each bar is written (default: ``120,422,400``);
            ``format_count`` suits crowded charts.
        ax: Axes to draw into (for a panel of a larger figure); a new figure if ``None``.
        figsize: Size of the new figure when ``ax`` is ``None``.

    Returns:
        The figure. Each segment name becomes one ``BarContainer`` in ``ax.containers``, labelled
        with that name, holding one rectangle per bar that has the segment, left to right.

    Raises:
        ValueError: No bars, a bar without segments, or a negative value.
    """
    if not bars or any(not segments for segments in bars.values()):
        raise ValueError("plot_stacked_costs needs at least one bar, each with a segment")
    if any(value < 0 for segments in bars.values() for value in segments.values()):
        raise ValueError("plot_stacked_costs draws costs, which cannot be negative")
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    fig = ax.figure
    colors = dict(colors or {})
    labels = list(bars)
    # Segment names in first-seen order, so the legend reads bottom-up like the first bar.
    names = list(dict.fromkeys(name for segments in bars.values() for name in segments))
    spare = iter(color for color in _CYCLE if color not in colors.values())
    for name in names:
        if name not in colors:
            colors[name] = next(spare, "#8C8C8C")

    # A segment's bottom is the sum of the segments under it in its own bar, whose order may
    # differ from bar to bar; then one ax.bar call per name gives one container per name.
    bottoms: dict[tuple[str, str], float] = {}
    totals = []
    for label in labels:
        height = 0.0
        for name, value in bars[label].items():
            bottoms[label, name] = height
            height += value
        totals.append(height)
    for name in names:
        holders = [label for label in labels if name in bars[label]]
        ax.bar(
            [labels.index(label) for label in holders],
            [bars[label][name] for label in holders],
            bottom=[bottoms[label, name] for label in holders],
            color=colors[name],
            edgecolor="white",
            linewidth=0.8,
            label=name,
        )
    top = max(totals) or 1.0
    for x, total in enumerate(totals):
        ax.text(x, total + top * 0.02, label_format(total), ha="center", va="bottom", fontsize=8)

    ax.set_xticks(range(len(labels)), labels, fontsize=8)
    ax.set_ylim(0, top * 1.18)
    ax.set_ylabel(tr_plot("multiply-accumulates (MACs)") if ylabel is None else ylabel, fontsize=9)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_count(value)))
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, fontsize=10)
    # Reversed, so that the legend lists the segments top to bottom, as they are stacked.
    handles, names_drawn = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], names_drawn[::-1], fontsize=8, frameon=False, loc="best")
    return fig


def bottleneck_bars(*args: int, **kwargs: int) -> dict[str, Bars]:
    """The bars of the lecture's comparison, for ``plot_stacked_costs``, MACs and parameters.

    Args:
        *args, **kwargs: ``advcnn.cost.bottleneck_cost``'s arguments (``in_channels``,
            ``bottleneck_channels``, ``out_channels``, ``kernel_size``, ``image_size``); the
            lecture's example when left out.

    Returns:
        ``{"macs": bars, "params": bars}``, each with a ``"direct"`` bar (one segment) and a
        ``"bottleneck"`` bar (``"1×1 reduce"`` under ``"k×k expand"``); parameters include biases.
        Bar and segment names are labels, in the plots' language (``advcnn.plots.fonts``).
    """
    return _bars(bottleneck_cost(*args, **kwargs))


def _segment_names(cost: BottleneckCost) -> tuple[str, str, str]:
    """The legend's names of the direct, reduce and expand convolutions."""
    k = f"{cost.kernel_size}×{cost.kernel_size}"
    return tr_plot("{k} direct", k=k), tr_plot("1×1 reduce"), tr_plot("{k} expand", k=k)


def _bars(cost: BottleneckCost) -> dict[str, Bars]:
    direct_name, reduce_name, expand_name = _segment_names(cost)
    direct = tr_plot(
        "direct\n{in_channels}→{out_channels}",
        in_channels=cost.in_channels,
        out_channels=cost.out_channels,
    )
    channels = (cost.in_channels, cost.bottleneck_channels, cost.out_channels)
    through = tr_plot("bottleneck\n{channels}", channels="→".join(map(str, channels)))
    return {
        "macs": {
            direct: {direct_name: cost.direct_macs},
            through: {reduce_name: cost.reduce_macs, expand_name: cost.expand_macs},
        },
        "params": {
            direct: {direct_name: cost.direct_params},
            through: {reduce_name: cost.reduce_params, expand_name: cost.expand_params},
        },
    }


def plot_bottleneck_costs(
    *args: int, figsize: tuple[float, float] = (8.0, 3.2), **kwargs: int
) -> Figure:
    """MACs and parameters of a direct k×k convolution against a 1×1 bottleneck before it.

    Args:
        *args, **kwargs: ``advcnn.cost.bottleneck_cost``'s arguments; the lecture's example
            when left out.
        figsize: Size of the figure.

    Returns:
        A figure with two axes, MACs then parameters, drawn by ``plot_stacked_costs`` from
        ``bottleneck_bars``; each title gives the bottleneck ÷ direct ratio.
    """
    cost = bottleneck_cost(*args, **kwargs)
    direct_name, reduce_name, expand_name = _segment_names(cost)
    colors = {
        direct_name: COST_COLORS["direct"],
        reduce_name: COST_COLORS["reduce"],
        expand_name: COST_COLORS["expand"],
    }
    fig, axes = plt.subplots(1, 2, figsize=figsize)
    bars = _bars(cost)
    whats = ("MACs", tr_plot("parameters"))
    for ax, key, what in zip(axes, ("macs", "params"), whats, strict=True):
        direct, through = (sum(segments.values()) for segments in bars[key].values())
        plot_stacked_costs(
            bars[key],
            ylabel=what,
            title=tr_plot(
                "{what}: bottleneck ÷ direct = {ratio:.3f}", what=what, ratio=through / direct
            ),
            colors=colors,
            label_format=format_count,
            ax=ax,
        )
    fig.tight_layout()
    return fig
