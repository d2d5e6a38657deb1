"""The Inception module drawn: its branches, its padding, its concatenation and its costs per block.

Each function returns a matplotlib figure, so each picture can be made, and tested, outside a
notebook; the numbers come from ``advcnn.cost`` and the widths from ``advcnn.models.inception``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.ticker import FuncFormatter

from advcnn.cost import LayerCost, predicted_shape_trace
from advcnn.models.inception import LECTURE_INCEPTION
from advcnn.plots.fonts import tr_plot

__all__ = [
    "BRANCH_COLORS",
    "BRANCH_NAMES",
    "block_totals",
    "draw_inception_module",
    "draw_padding",
    "plot_block_costs",
    "plot_concat_channels",
]

#: The four branches in the order ``torch.cat`` stacks them, with one colour each for every plot.
BRANCH_NAMES = ("1×1", "5×5", "3×3", "pool")
BRANCH_COLORS = {"1×1": "#4C72B0", "5×5": "#DD8452", "3×3": "#55A868", "pool": "#8172B3"}
_NEUTRAL = "#E8E8E8"
_BRANCH_KEYS = ("ch1x1", "ch5x5red", "ch5x5", "ch3x3red", "ch3x3", "pool_proj")
_BRANCH_KEYS += ("kernel5x5", "kernel3x3")


def block_totals(rows: list[LayerCost], field: str = "macs") -> dict[str, int]:
    """Sum ``field`` ("macs" or "params") over the top-level blocks of a network.

    A row belongs to the block named before the first dot (``incep1.branch1x1`` → ``incep1``).
    Pooling rows join the block before them, so the lecture's net reads conv1, incep1, conv2,
    incep2, fc.
    """
    totals: dict[str, int] = {}
    block = ""
    for row in rows:
        if row.kind not in ("MaxPool2d", "AvgPool2d") or not block:
            block = row.name.split(".")[0]
        totals[block] = totals.get(block, 0) + getattr(row, field)
    return totals


def _box(ax: Axes, x: float, y: float, text: str, color: str, width: float = 2.1) -> None:
    height = 0.78
    patch = FancyBboxPatch(
        (x - width / 2, y - height / 2),
        width,
        height,
        boxstyle="round,pad=0.02,rounding_size=0.12",
        facecolor=color,
        edgecolor="#333333",
        linewidth=1.0,
    )
    patch.set_gid("box")
    ax.add_patch(patch)
    ax.text(x, y, text, ha="center", va="center", fontsize=8.5)


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], label: str = "") -> None:
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={"arrowstyle": "-|>", "color": "#333333", "lw": 1.0, "shrinkA": 0, "shrinkB": 0},
    )
    if label:
        mid = ((start[0] + end[0]) / 2 + 0.08, (start[1] + end[1]) / 2)
        ax.text(*mid, label, fontsize=7, color="#555555", ha="left", va="center")


def draw_inception_module(
    *, in_channels: int | None = None, image_size: int | None = None, **branches: int
) -> Figure:
    """The lecture's missing picture: the four branches of ``InceptionA`` as boxes and arrows.

    Every arrow is labelled with the shape of the tensor it carries (C × H × W, one image).

    Args:
        in_channels: Channels entering the module; ``None``: those of ``incep1`` in the lecture's
            net (``conv1_channels``).
        image_size: Its height and width; ``None``: that of ``incep1`` (after conv1 and pooling).
        **branches: ``InceptionA``'s widths and kernels (``ch1x1``, ``ch5x5red``, ``ch5x5``,
            ``ch3x3red``, ``ch3x3``, ``pool_proj``, ``kernel5x5``, ``kernel3x3``); the lecture's
            when left out.

    Returns:
        The figure; its boxes are the patches with gid ``"box"`` (10 of them: input, 8 layers,
        concatenation).
    """
    unknown = set(branches) - set(_BRANCH_KEYS)
    if unknown:
        raise ValueError(f"draw_inception_module: unknown keywords {sorted(unknown)}")
    # What reaches incep1 in the lecture's net: the output of conv1 and its max-pooling.
    incep1_input = next(shape for name, _, shape in predicted_shape_trace() if name == "mp")
    in_channels = incep1_input[0] if in_channels is None else in_channels
    image_size = incep1_input[1] if image_size is None else image_size
    b = {key: LECTURE_INCEPTION[key] for key in _BRANCH_KEYS} | branches
    ch1x1, ch5x5red, ch5x5 = b["ch1x1"], b["ch5x5red"], b["ch5x5"]
    ch3x3red, ch3x3, pool_proj = b["ch3x3red"], b["ch3x3"], b["pool_proj"]
    kernel5x5, kernel3x3 = b["kernel5x5"], b["kernel3x3"]
    hw = f"{image_size}×{image_size}"
    k5, k3 = f"{kernel5x5}×{kernel5x5}", f"{kernel3x3}×{kernel3x3}"
    pad5, pad3 = (kernel5x5 - 1) // 2, (kernel3x3 - 1) // 2  # the padding that keeps H×W
    fig, ax = plt.subplots(figsize=(9.5, 5.4))
    ax.set_xlim(0, 12)
    ax.set_ylim(-0.2, 7.2)
    ax.axis("off")
    columns = (1.5, 4.5, 7.5, 10.5)
    levels = (5.2, 3.8, 2.4)
    top, bottom = 6.6, 0.6
    entry = tr_plot("input\n{channels}×{hw}", channels=in_channels, hw=hw)
    _box(ax, 6, top, entry, _NEUTRAL, width=2.6)

    def conv(kernel: str, channels: int, padding: int | None = None) -> tuple[str, int]:
        if padding is None:
            return tr_plot("{kernel} conv, {channels}", kernel=kernel, channels=channels), channels
        label = tr_plot(
            "{kernel} conv, {channels}\npadding {padding}",
            kernel=kernel,
            channels=channels,
            padding=padding,
        )
        return label, channels

    branches = [
        [conv("1×1", ch1x1)],
        [conv("1×1", ch5x5red), conv(k5, ch5x5, pad5)],
        [conv("1×1", ch3x3red), conv(k3, ch3x3, pad3), conv(k3, ch3x3, pad3)],
        [(tr_plot("3×3 avg pool\nstride 1, pad 1"), in_channels), conv("1×1", pool_proj)],
    ]
    half = 0.39
    for x, name, layers in zip(columns, BRANCH_NAMES, branches, strict=True):
        color = BRANCH_COLORS[name] + "40"  # the branch colour, mostly transparent
        _arrow(ax, (6, top - half), (x, levels[0] + half))
        for level, (label, channels) in enumerate(layers):
            y = levels[level]
            _box(ax, x, y, label, color)
            below = levels[level + 1] + half if level + 1 < len(layers) else bottom + half
            _arrow(ax, (x, y - half), (x, below), f"{channels}×{hw}")

    total = ch1x1 + ch5x5 + ch3x3 + pool_proj
    sum_text = f"{ch1x1} + {ch5x5} + {ch3x3} + {pool_proj} = {total}"
    concatenation = tr_plot(
        "torch.cat(dim=1): {sum}\noutput {total}×{hw}", sum=sum_text, total=total, hw=hw
    )
    _box(ax, 6, bottom, concatenation, _NEUTRAL, 10.6)
    ax.set_title(tr_plot("InceptionA: four branches, one concatenation"), fontsize=11)
    fig.tight_layout()
    return fig


def draw_padding(
    kernel_size: int = 5, image_size: int = 6, paddings: tuple[int, ...] = (0, 1, 2)
) -> Figure:
    """Where a k×k kernel's centre can sit, for each padding: those cells are the output pixels.

    One panel per padding: the image (white), the zero padding around it (grey), the kernel's
    window in its first position (outlined), and every pixel the window's centre visits while
    sliding (coloured). There are ``H_out²`` of them, with H_out = H + 2p − k + 1.

    Returns:
        The figure; in each panel the coloured cells are the patches with gid ``"centre"``.
    """
    fig, axes = plt.subplots(1, len(paddings), figsize=(3.2 * len(paddings), 3.6), squeeze=False)
    reach = (kernel_size - 1) // 2
    for ax, padding in zip(axes[0], paddings, strict=True):
        side = image_size + 2 * padding
        out = image_size + 2 * padding - kernel_size + 1
        for row in range(side):
            for col in range(side):
                inside = padding <= row < padding + image_size and padding <= col < side - padding
                cell = Rectangle((col, row), 1, 1, facecolor="white" if inside else "#CCCCCC")
                cell.set_edgecolor("#999999")
                ax.add_patch(cell)
        first = reach  # padded coordinate of the window centre in its first position
        for row in range(first, first + max(out, 0)):
            for col in range(first, first + max(out, 0)):
                cell = Rectangle((col, row), 1, 1, facecolor=BRANCH_COLORS["5×5"], alpha=0.7)
                cell.set_gid("centre")
                ax.add_patch(cell)
        if out > 0:
            window = Rectangle((0, 0), kernel_size, kernel_size, fill=False, linewidth=2.2)
            ax.add_patch(window)
            ax.plot(reach + 0.5, reach + 0.5, "o", color="black", markersize=4)
        ax.set_xlim(-0.3, side + 0.3)
        ax.set_ylim(side + 0.3, -0.3)
        ax.set_aspect("equal")
        ax.axis("off")
        sizes = {"padding": padding, "size": image_size, "out": max(out, 0)}
        if out == image_size:
            change = tr_plot("padding {padding}: {size}→{out} (same size)", **sizes)
        else:
            change = tr_plot("padding {padding}: {size}→{out}", **sizes)
        ax.set_title(
            f"{change}\n{image_size} + 2·{padding} − {kernel_size} + 1 = {out}", fontsize=9
        )
    fig.suptitle(
        tr_plot(
            "{kernel}×{kernel} kernel on a {size}×{size} image: the window in its first position "
            "(outlined), every position of its centre (coloured)",
            kernel=kernel_size,
            size=image_size,
        ),
        fontsize=10,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    return fig


def plot_concat_channels(**widths: int) -> Figure:
    """Which channels of the concatenated tensor come from which branch, as one stacked bar.

    Args:
        **widths: ``ch1x1``, ``ch5x5``, ``ch3x3``, ``pool_proj``; the lecture's when left out.

    Returns:
        The figure; its bars (``ax.patches``) start at 0, ch1x1, ch1x1 + ch5x5, … and are as wide
        as each branch's channel count.
    """
    keys = ("ch1x1", "ch5x5", "ch3x3", "pool_proj")
    unknown = set(widths) - set(keys)
    if unknown:
        raise ValueError(f"plot_concat_channels: unknown widths {sorted(unknown)}; use {keys}")
    given = {key: LECTURE_INCEPTION[key] for key in keys} | widths
    widths = dict(zip(BRANCH_NAMES, (given[key] for key in keys), strict=True))
    fig, ax = plt.subplots(figsize=(8, 1.9))
    start = 0
    shown_names = {"pool": tr_plot("pool")}  # the others are kernel sizes, the same in any language
    for name, width in widths.items():
        ax.barh(0, width, left=start, color=BRANCH_COLORS[name], edgecolor="white")
        ax.text(
            start + width / 2,
            0,
            f"{shown_names.get(name, name)}\n{start}–{start + width - 1}",
            ha="center",
            va="center",
            color="white",
            fontsize=8,
        )
        start += width
    ax.set_xlim(0, start)
    ax.set_yticks([])
    ax.set_xlabel(
        tr_plot("channel index of the concatenated output ({channels} channels)", channels=start)
    )
    ax.set_title(
        tr_plot(
            "torch.cat(dim=1) stacks the branches: {widths}",
            widths=" + ".join(map(str, widths.values())),
        )
    )
    fig.tight_layout()
    return fig


def plot_block_costs(rows: list[LayerCost]) -> Figure:
    """MACs and parameters per block (conv1, incep1, conv2, incep2, fc) side by side.

    Args:
        rows: ``LayerCost`` rows, measured (``advcnn.cost.layer_costs``) or predicted.

    Returns:
        A figure with two axes, MACs then parameters; bar heights are ``block_totals``.
    """
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    for ax, field in zip(axes, ("macs", "params"), strict=True):
        totals = block_totals(rows, field)
        colors = ["#4C72B0" if name.startswith("incep") else "#999999" for name in totals]
        bars = ax.bar(list(totals), list(totals.values()), color=colors)
        ax.bar_label(bars, labels=[f"{value:,}" for value in totals.values()], fontsize=7)
        if field == "macs":
            title = tr_plot("MACs per image: {total:,} in all", total=sum(totals.values()))
        else:
            title = tr_plot("parameters: {total:,} in all", total=sum(totals.values()))
        ax.set_title(title, fontsize=10)
        ax.set_ylim(0, max(totals.values()) * 1.18)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.tick_params(axis="y", labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
