"""What a 1×1 convolution computes, and what convolutions cost, drawn with matplotlib.

References: Lin, Chen and Yan, "Network In Network", 2013 (a 1×1 convolution is a small fully
connected layer applied at every pixel); Szegedy et al., "Going Deeper with Convolutions",
CVPR 2015, Section 4 (1×1 "reductions" in front of the expensive 3×3 and 5×5 convolutions).

Three kinds of figure live here, each returned as a ``Figure`` so it can be made and tested
outside a notebook:

* ``draw_pointwise_conv`` draws a tiny 1×1 convolution with its numbers: the channels of one
  pixel, the weight matrix, and the mixed channels that come out.
* ``plot_stacked_costs`` is the general cost chart: one bar per design, each stacked from the
  layers it is made of (``{"direct": {"5×5": 120_422_400}, "bottleneck": {"1×1 reduce": …,
  "5×5 expand": …}}``). A segment name used in several bars keeps one colour and one legend
  entry. Any notebook that compares costs can import it.
* ``plot_bottleneck_costs`` applies it to the lecture's comparison: a direct k×k convolution
  against a 1×1 reduction followed by the k×k one, MACs and parameters side by side, with the
  numbers from ``advcnn.cost``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.ticker import FuncFormatter

from advcnn.cost import bottleneck_cost, conv_params

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
_INPUT_COLORS = ("#F4A6A6", "#A8D5A2", "#A6C8F4", "#F4D58D", "#D5B8F0", "#BFBFBF")
_OUTPUT_COLOR = "#E2D4F7"
_HIGHLIGHT = "#FFE066"

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
    ylabel: str = "multiply-accumulates (MACs)",
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
        ylabel: Label of the value axis.
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
    ax.set_ylabel(ylabel, fontsize=9)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_count(value)))
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, fontsize=10)
    # Reversed, so that the legend lists the segments top to bottom, as they are stacked.
    handles, names_drawn = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], names_drawn[::-1], fontsize=8, frameon=False, loc="best")
    return fig


def bottleneck_bars(
    in_channels: int = 192,
    bottleneck_channels: int = 16,
    out_channels: int = 32,
    kernel_size: int = 5,
    image_size: int = 28,
) -> dict[str, Bars]:
    """The bars of the lecture's comparison, for ``plot_stacked_costs``, MACs and parameters.

    Args:
        in_channels: Channels C_in entering both paths.
        bottleneck_channels: Channels C_b after the 1×1 reduction.
        out_channels: Channels C_out leaving both paths.
        kernel_size: The k of the k×k convolution ("same" padding, stride 1).
        image_size: Height and width of the image.

    Returns:
        ``{"macs": bars, "params": bars}``, each with a ``"direct"`` bar (one segment) and a
        ``"bottleneck"`` bar (``"1×1 reduce"`` under ``"k×k expand"``); parameters include biases.
    """
    cost = bottleneck_cost(in_channels, bottleneck_channels, out_channels, kernel_size, image_size)
    k = f"{kernel_size}×{kernel_size}"
    direct = f"direct\n{in_channels}→{out_channels}"
    through = f"bottleneck\n{in_channels}→{bottleneck_channels}→{out_channels}"
    reduce_params = conv_params(in_channels, bottleneck_channels, 1)
    expand_params = conv_params(bottleneck_channels, out_channels, kernel_size)
    return {
        "macs": {
            direct: {f"{k} direct": cost.direct_macs},
            through: {"1×1 reduce": cost.reduce_macs, f"{k} expand": cost.expand_macs},
        },
        "params": {
            direct: {f"{k} direct": cost.direct_params},
            through: {"1×1 reduce": reduce_params, f"{k} expand": expand_params},
        },
    }


def plot_bottleneck_costs(
    in_channels: int = 192,
    bottleneck_channels: int = 16,
    out_channels: int = 32,
    kernel_size: int = 5,
    image_size: int = 28,
    *,
    figsize: tuple[float, float] = (8.0, 3.2),
) -> Figure:
    """MACs and parameters of a direct k×k convolution against a 1×1 bottleneck before it.

    The defaults are the lecture's example (192 → 16 → 32 channels, 5×5, 28×28).

    Args:
        in_channels: Channels C_in entering both paths.
        bottleneck_channels: Channels C_b after the 1×1 reduction.
        out_channels: Channels C_out leaving both paths.
        kernel_size: The k of the k×k convolution.
        image_size: Height and width of the image.
        figsize: Size of the figure.

    Returns:
        A figure with two axes, MACs then parameters, drawn by ``plot_stacked_costs`` from
        ``bottleneck_bars``; each title gives the bottleneck ÷ direct ratio.
    """
    k = f"{kernel_size}×{kernel_size}"
    colors = {
        f"{k} direct": COST_COLORS["direct"],
        "1×1 reduce": COST_COLORS["reduce"],
        f"{k} expand": COST_COLORS["expand"],
    }
    fig, axes = plt.subplots(1, 2, figsize=figsize)
    bars = bottleneck_bars(in_channels, bottleneck_channels, out_channels, kernel_size, image_size)
    for ax, key, what in zip(axes, ("macs", "params"), ("MACs", "parameters"), strict=True):
        direct, through = (sum(segments.values()) for segments in bars[key].values())
        plot_stacked_costs(
            bars[key],
            ylabel=what,
            title=f"{what}: bottleneck ÷ direct = {through / direct:.3f}",
            colors=colors,
            label_format=format_count,
            ax=ax,
        )
    fig.tight_layout()
    return fig


def _number(value: float) -> str:
    """Up to two decimals, no trailing zeros: 2, 0.5, -1.25."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _cell(
    ax: Axes,
    x: float,
    y: float,
    text: str,
    color: str,
    *,
    gid: str | None = None,
    bold: bool = False,
) -> None:
    ax.add_patch(Rectangle((x, y), 1, 1, facecolor=color, edgecolor="#444444", linewidth=0.6))
    label = ax.text(
        x + 0.5,
        y + 0.5,
        text,
        ha="center",
        va="center",
        fontsize=7.5,
        fontweight="bold" if bold else "normal",
    )
    if gid is not None:
        label.set_gid(gid)


def _planes(
    ax: Axes,
    values: torch.Tensor,
    left: float,
    top: float,
    colors: list[str],
    pixel: tuple[int, int],
    prefix: str,
    title: str,
    *,
    labels_right: bool = False,
) -> list[tuple[float, float]]:
    """Channel planes drawn one under another; returns the centre of the pixel in each plane.

    The channel labels go on the side the arrows do not come from."""
    channels, height, width = values.shape
    row, col = pixel
    centres = []
    ax.text(left + width / 2, top + 0.7, title, ha="center", va="bottom", fontsize=9)
    for channel in range(channels):
        plane_top = top - channel * (height + 1)
        for i in range(height):
            for j in range(width):
                chosen = (i, j) == (row, col)
                _cell(
                    ax,
                    left + j,
                    plane_top - i - 1,
                    _number(float(values[channel, i, j])),
                    _HIGHLIGHT if chosen else colors[channel],
                    gid=f"{prefix}-{channel}-{i}-{j}",
                    bold=chosen,
                )
        if labels_right:
            ax.text(left + width + 0.3, plane_top - height / 2, f"c{channel}", va="center")
        else:
            ax.text(left - 0.3, plane_top - height / 2, f"c{channel}", ha="right", va="center")
        centres.append((left + col + 0.5, plane_top - row - 0.5))
    return centres


def draw_pointwise_conv(
    x: torch.Tensor,
    weight: torch.Tensor,
    bias: torch.Tensor | None = None,
    pixel: tuple[int, int] = (1, 2),
    *,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Draw a 1×1 convolution with its numbers: y[:, i, j] = W · x[:, i, j] + b at every pixel.

    Left, the input channels one under another, one pixel highlighted; its channel vector
    x[:, i, j]; in the middle, the weight matrix W, the biases b and each output channel's
    weighted sum written out; then the vector y[:, i, j], and right, the output channels.
    Every value is printed, so a learner can check any pixel by hand.

    Args:
        x: One input image, C_in x H x W (at most 4 channels and 6×6 pixels, to stay legible).
        weight: The convolution's weight, C_out x C_in or C_out x C_in x 1 x 1 (``conv.weight``),
            at most 4 output channels.
        bias: The C_out biases, or ``None`` for none.
        pixel: (row, column) of the pixel whose arithmetic is written out.
        figsize: Size of the figure; ``None`` sizes it to the drawing, about 0.34 inch per cell,
            so that the printed numbers (up to two decimals) fit their cells.

    Returns:
        The figure. Its labels carry gids: ``"input-c-i-j"``, ``"output-o-i-j"``,
        ``"vector-c"``, ``"weight-o-c"``, ``"bias-o"``, ``"equation-o"`` and ``"result-o"``.

    Raises:
        ValueError: Shapes that do not fit together, too many channels or pixels to draw
            legibly, or a pixel outside the image.
    """
    x = x.detach().float().cpu()
    weight = weight.detach().float().cpu()
    if weight.dim() == 4:
        if weight.shape[2:] != (1, 1):
            raise ValueError(f"weight must be a 1×1 kernel, got {tuple(weight.shape)}")
        weight = weight[:, :, 0, 0]
    if x.dim() != 3 or weight.dim() != 2 or weight.shape[1] != x.shape[0]:
        raise ValueError(
            f"x must be C_in x H x W and weight C_out x C_in; got x {tuple(x.shape)} and "
            f"weight {tuple(weight.shape)}"
        )
    c_out, c_in = weight.shape
    _, height, width = x.shape
    if c_in > 4 or c_out > 4 or height > 6 or width > 6:
        raise ValueError("draw_pointwise_conv draws at most 4 input and 4 output channels, 6×6")
    bias = torch.zeros(c_out) if bias is None else bias.detach().float().cpu()
    if bias.shape != (c_out,):
        raise ValueError(f"bias must have {c_out} values, got shape {tuple(bias.shape)}")
    row, col = pixel
    if not (0 <= row < height and 0 <= col < width):
        raise ValueError(f"pixel {pixel} is outside the {height}×{width} image")
    # The sum a 1×1 convolution does at every pixel, written as the matrix product shown.
    y = torch.einsum("oc,chw->ohw", weight, x) + bias[:, None, None]
    vector = x[:, row, col]

    fig, ax = plt.subplots(figsize=figsize or (10.0, 4.6))
    top = max(c_in, c_out) * (height + 1) - 1
    middle = top / 2
    inputs = _planes(ax, x, 0, top, list(_INPUT_COLORS), pixel, "input", f"input: {c_in} channels")

    # The pixel's channel vector, next to the input so that the arrows do not cross anything.
    v_left = width + 2.2
    v_top = middle + c_in / 2
    ax.text(v_left + 0.5, v_top + 0.3, "x[:, i, j]", ha="center", va="bottom", fontsize=8.5)
    for c in range(c_in):
        value = _number(float(vector[c]))
        _cell(ax, v_left, v_top - c - 1, value, _INPUT_COLORS[c], gid=f"vector-{c}", bold=True)
    for c, start in enumerate(inputs):
        _arrow(ax, start, (v_left, v_top - c - 0.5))

    # W and b as small matrices, and under them one weighted sum per output channel.
    eq_left = v_left + 2.2
    w_top = middle + c_out + 1.5
    ax.text(eq_left, w_top + 0.3, "W (C_out × C_in)", ha="left", va="bottom", fontsize=8.5)
    for o in range(c_out):
        for c in range(c_in):
            text = _number(float(weight[o, c]))
            _cell(ax, eq_left + c, w_top - o - 1, text, "#FFFFFF", gid=f"weight-{o}-{c}")
    b_left = eq_left + c_in + 1.5
    ax.text(b_left + 0.5, w_top + 0.3, "b", ha="center", va="bottom", fontsize=8.5)
    for o in range(c_out):
        _cell(ax, b_left, w_top - o - 1, _number(float(bias[o])), "#FFFFFF", gid=f"bias-{o}")
    eq_top = w_top - c_out - 0.8
    lines = []
    for o in range(c_out):
        terms = " + ".join(
            f"{_signed(float(weight[o, c]))}·{_signed(float(vector[c]))}" for c in range(c_in)
        )
        lines.append(
            f"y{o} = {terms} + {_signed(float(bias[o]))} = {_number(float(y[o, row, col]))}"
        )
        label = ax.text(eq_left, eq_top - o * 0.9, lines[-1], ha="left", va="top", fontsize=8)
        label.set_gid(f"equation-{o}")
    # Room for the longest sum: about 0.19 data units per character at 8 points and 0.34 inch
    # per unit. The text is not measured, because that needs the final limits and size.
    eq_width = max(c_in + 3.5, 0.19 * max(map(len, lines)) + 1.5)

    r_left = eq_left + eq_width
    r_top = middle + c_out / 2
    ax.text(r_left + 0.5, r_top + 0.3, "y[:, i, j]", ha="center", va="bottom", fontsize=8.5)
    for o in range(c_out):
        value = _number(float(y[o, row, col]))
        _cell(ax, r_left, r_top - o - 1, value, _OUTPUT_COLOR, gid=f"result-{o}", bold=True)

    out_left = r_left + 3.0
    outputs = _planes(
        ax,
        y,
        out_left,
        top,
        [_OUTPUT_COLOR] * c_out,
        pixel,
        "output",
        f"output: {c_out} channels",
        labels_right=True,
    )
    for o, end in enumerate(outputs):
        _arrow(ax, (r_left + 1, r_top - o - 0.5), end)
    ax.text(
        (eq_left + r_left + 1) / 2,
        -0.2,
        f"pixel (i, j) = {pixel}; every pixel gets the same W and b",
        ha="center",
        va="bottom",
        fontsize=8.5,
        style="italic",
    )
    right = out_left + width + 1.2
    ax.set_xlim(-1.2, right)
    ax.set_ylim(-0.5, top + 1.8)
    if figsize is None:
        fig.set_size_inches(0.34 * (right + 1.2), 0.34 * (top + 2.3))
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig


def _signed(value: float) -> str:
    """A number for a written-out sum: negative ones in parentheses, ``(-1)``."""
    text = _number(value)
    return f"({text})" if text.startswith("-") else text


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=8,
            color="#666666",
            linewidth=0.7,
            shrinkA=2,
            shrinkB=2,
        )
    )
