"""The Inception module drawn and counted: its diagram, its padding, its concatenation, its costs.

Reference: Szegedy et al., "Going Deeper with Convolutions", CVPR 2015 (GoogLeNet), Figure 2(b):
the Inception module with 1×1 reductions, four branches concatenated along channels.

Two kinds of functions live here. ``predicted_shape_trace`` and ``predicted_layer_costs`` work out
the shapes, parameters and multiply-accumulates (MACs) of ``advcnn.models.InceptionNet`` by
arithmetic alone, from the output-size formula ⌊(H + 2p − k)/s⌋ + 1, without building the model;
the tests hold them against ``advcnn.cost.shape_trace`` and ``advcnn.cost.layer_costs``, which
measure a real forward pass. The drawing functions take those numbers and return matplotlib
figures, so each picture can be made, and tested, outside a notebook.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.ticker import FuncFormatter

from advcnn.cost import LayerCost, conv_output_size, conv_params

__all__ = [
    "BRANCH_COLORS",
    "BRANCH_NAMES",
    "block_totals",
    "draw_inception_module",
    "draw_padding",
    "plot_block_costs",
    "plot_concat_channels",
    "predicted_layer_costs",
    "predicted_shape_trace",
]

#: The four branches in the order ``torch.cat`` stacks them, with one colour each for every plot.
BRANCH_NAMES = ("1×1", "5×5", "3×3", "pool")
BRANCH_COLORS = {"1×1": "#4C72B0", "5×5": "#DD8452", "3×3": "#55A868", "pool": "#8172B3"}
_NEUTRAL = "#E8E8E8"

Shape = tuple[int, ...]
_Row = tuple[str, str, Shape, int, int, bool]
#: InceptionA's keywords that the arithmetic follows, with the lecture's values.
_BRANCH_DEFAULTS = {
    "ch1x1": 16,
    "ch5x5red": 16,
    "ch5x5": 24,
    "ch3x3red": 16,
    "ch3x3": 24,
    "pool_proj": 24,
    "kernel5x5": 5,
    "kernel3x3": 3,
}


def _conv(name: str, c_in: int, c_out: int, k: int, size: int, padding: int = 0) -> _Row:
    """One k×k convolution on a size×size input: C_out·C_in·k² + C_out parameters, and
    H_out·W_out·C_out·C_in·k² multiply-accumulates."""
    out = conv_output_size(size, k, padding=padding)
    return (
        name,
        "Conv2d",
        (c_out, out, out),
        conv_params(c_in, c_out, k),
        out**2 * c_out * c_in * k * k,
        True,
    )


def _inception(name: str, c_in: int, size: int, b: dict[str, int]) -> list[_Row]:
    """The seven convolutions of one ``InceptionA`` in execution order, then the block itself."""
    pad5, pad3 = (b["kernel5x5"] - 1) // 2, (b["kernel3x3"] - 1) // 2  # "same" padding
    concat = b["ch1x1"] + b["ch5x5"] + b["ch3x3"] + b["pool_proj"]
    return [
        _conv(f"{name}.branch1x1", c_in, b["ch1x1"], 1, size),
        _conv(f"{name}.branch5x5_1", c_in, b["ch5x5red"], 1, size),
        _conv(f"{name}.branch5x5_2", b["ch5x5red"], b["ch5x5"], b["kernel5x5"], size, pad5),
        _conv(f"{name}.branch3x3_1", c_in, b["ch3x3red"], 1, size),
        _conv(f"{name}.branch3x3_2", b["ch3x3red"], b["ch3x3"], b["kernel3x3"], size, pad3),
        _conv(f"{name}.branch3x3_3", b["ch3x3"], b["ch3x3"], b["kernel3x3"], size, pad3),
        # The average pooling before this 1×1 convolution is a function call, not a module, and
        # costs no multiplications, so it has no row (as in advcnn.cost.layer_costs).
        _conv(f"{name}.branch_pool", c_in, b["pool_proj"], 1, size),
        # The block's own row: forward hooks see it after its branches. Its parameters and
        # MACs are those of the rows above, so they are not repeated here.
        (name, "InceptionA", (concat, size, size), 0, 0, False),
    ]


def _plan(
    *,
    num_classes: int,
    in_channels: int,
    image_size: int,
    conv1_channels: int,
    conv2_channels: int,
    **branches: int,
) -> list[_Row]:
    """Every module call of ``InceptionNet`` in the order its output appears, worked out by hand.

    Returns rows of (name, kind, shape, params, MACs, is_leaf). The max-pool module is one module
    called twice; it has no parameters to count twice.
    """
    unknown = set(branches) - set(_BRANCH_DEFAULTS)
    if unknown:
        raise ValueError(
            f"unknown InceptionA keywords {sorted(unknown)}; use {list(_BRANCH_DEFAULTS)}"
        )
    settings = _BRANCH_DEFAULTS | branches
    rows = [_conv("conv1", in_channels, conv1_channels, 5, image_size)]  # 28 → 24
    size = conv_output_size(rows[-1][2][1], 2, stride=2)  # 2×2 max-pool: 24 → 12
    rows.append(("mp", "MaxPool2d", (conv1_channels, size, size), 0, 0, True))
    rows += _inception("incep1", conv1_channels, size, settings)  # 12 → 12, 88 channels
    concat = rows[-1][2][0]
    rows.append(_conv("conv2", concat, conv2_channels, 5, size))  # 12 → 8
    size = conv_output_size(rows[-1][2][1], 2, stride=2)  # 8 → 4
    rows.append(("mp", "MaxPool2d", (conv2_channels, size, size), 0, 0, True))
    rows += _inception("incep2", conv2_channels, size, settings)  # 4 → 4
    flat = concat * size * size  # 88 · 4 · 4 = 1408
    fc_params = conv_params(flat, num_classes, 1)  # weights and biases, as a 1×1 convolution
    rows.append(("fc", "Linear", (num_classes,), fc_params, flat * num_classes, True))
    return rows


def predicted_shape_trace(
    *,
    num_classes: int = 10,
    in_channels: int = 1,
    image_size: int = 28,
    conv1_channels: int = 10,
    conv2_channels: int = 20,
    **branches: int,
) -> list[tuple[str, str, Shape]]:
    """What ``advcnn.cost.shape_trace(InceptionNet(...))`` will report, computed without a model.

    Args:
        num_classes: Output classes of ``fc``.
        in_channels: Channels of the input images.
        image_size: Height and width of the input images.
        conv1_channels: Output channels of ``conv1``.
        conv2_channels: Output channels of ``conv2``.
        **branches: ``InceptionA`` keywords: ``ch1x1``, ``ch5x5red``, ``ch5x5``, ``ch3x3red``,
            ``ch3x3``, ``pool_proj``, ``kernel5x5``, ``kernel3x3`` (the lecture's values when left
            out).

    Returns:
        ``(name, class name, shape without the batch dimension)`` for each module call.
    """
    rows = _plan(
        num_classes=num_classes,
        in_channels=in_channels,
        image_size=image_size,
        conv1_channels=conv1_channels,
        conv2_channels=conv2_channels,
        **branches,
    )
    return [(name, kind, shape) for name, kind, shape, *_ in rows]


def predicted_layer_costs(
    *,
    num_classes: int = 10,
    in_channels: int = 1,
    image_size: int = 28,
    conv1_channels: int = 10,
    conv2_channels: int = 20,
    **branches: int,
) -> list[LayerCost]:
    """What ``advcnn.cost.layer_costs(InceptionNet(...))`` will measure, computed by arithmetic.

    Takes the same arguments as ``predicted_shape_trace``.

    Returns:
        One ``LayerCost`` per call of a leaf module: parameters from C_out·C_in·k² + C_out, MACs
        from H_out·W_out·C_out·C_in·k².
    """
    rows = _plan(
        num_classes=num_classes,
        in_channels=in_channels,
        image_size=image_size,
        conv1_channels=conv1_channels,
        conv2_channels=conv2_channels,
        **branches,
    )
    return [LayerCost(n, k, s, p, m) for n, k, s, p, m, leaf in rows if leaf]


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
    *,
    in_channels: int = 10,
    image_size: int = 12,
    ch1x1: int = 16,
    ch5x5red: int = 16,
    ch5x5: int = 24,
    ch3x3red: int = 16,
    ch3x3: int = 24,
    pool_proj: int = 24,
    kernel5x5: int = 5,
    kernel3x3: int = 3,
) -> Figure:
    """The lecture's missing picture: the four branches of ``InceptionA`` as boxes and arrows.

    Every arrow is labelled with the shape of the tensor it carries (C × H × W, one image).

    Args:
        in_channels: Channels entering the module (10 for ``incep1`` in the lecture's net).
        image_size: Its height and width (12 for ``incep1``).
        ch1x1, ch5x5red, ch5x5, ch3x3red, ch3x3, pool_proj: Branch widths, as in ``InceptionA``.
        kernel5x5, kernel3x3: Kernel sizes of the two spatial branches.

    Returns:
        The figure; its boxes are the patches with gid ``"box"`` (10 of them: input, 8 layers,
        concatenation).
    """
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
    _box(ax, 6, top, f"input\n{in_channels}×{hw}", _NEUTRAL, width=2.6)

    branches = [
        [(f"1×1 conv, {ch1x1}", ch1x1)],
        [(f"1×1 conv, {ch5x5red}", ch5x5red), (f"{k5} conv, {ch5x5}\npadding {pad5}", ch5x5)],
        [
            (f"1×1 conv, {ch3x3red}", ch3x3red),
            (f"{k3} conv, {ch3x3}\npadding {pad3}", ch3x3),
            (f"{k3} conv, {ch3x3}\npadding {pad3}", ch3x3),
        ],
        [("3×3 avg pool\nstride 1, pad 1", in_channels), (f"1×1 conv, {pool_proj}", pool_proj)],
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
    _box(ax, 6, bottom, f"torch.cat(dim=1): {sum_text}\noutput {total}×{hw}", _NEUTRAL, 10.6)
    ax.set_title("InceptionA: four branches, one concatenation", fontsize=11)
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
        keeps = " (same size)" if out == image_size else ""
        ax.set_title(
            f"padding {padding}: {image_size}→{max(out, 0)}{keeps}\n"
            f"{image_size} + 2·{padding} − {kernel_size} + 1 = {out}",
            fontsize=9,
        )
    fig.suptitle(
        f"{kernel_size}×{kernel_size} kernel on a {image_size}×{image_size} image: the window in "
        f"its first position (outlined), every position of its centre (coloured)",
        fontsize=10,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    return fig


def plot_concat_channels(
    *, ch1x1: int = 16, ch5x5: int = 24, ch3x3: int = 24, pool_proj: int = 24
) -> Figure:
    """Which channels of the concatenated tensor come from which branch, as one stacked bar.

    Returns:
        The figure; its bars (``ax.patches``) start at 0, ch1x1, ch1x1 + ch5x5, … and are as wide
        as each branch's channel count.
    """
    widths = dict(zip(BRANCH_NAMES, (ch1x1, ch5x5, ch3x3, pool_proj), strict=True))
    fig, ax = plt.subplots(figsize=(8, 1.9))
    start = 0
    for name, width in widths.items():
        ax.barh(0, width, left=start, color=BRANCH_COLORS[name], edgecolor="white")
        ax.text(
            start + width / 2,
            0,
            f"{name}\n{start}–{start + width - 1}",
            ha="center",
            va="center",
            color="white",
            fontsize=8,
        )
        start += width
    ax.set_xlim(0, start)
    ax.set_yticks([])
    ax.set_xlabel(f"channel index of the concatenated output ({start} channels)")
    ax.set_title(f"torch.cat(dim=1) stacks the branches: {' + '.join(map(str, widths.values()))}")
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
    for ax, field, title in zip(
        axes, ("macs", "params"), ("MACs per image", "parameters"), strict=True
    ):
        totals = block_totals(rows, field)
        colors = ["#4C72B0" if name.startswith("incep") else "#999999" for name in totals]
        bars = ax.bar(list(totals), list(totals.values()), color=colors)
        ax.bar_label(bars, labels=[f"{value:,}" for value in totals.values()], fontsize=7)
        ax.set_title(f"{title}: {sum(totals.values()):,} in all", fontsize=10)
        ax.set_ylim(0, max(totals.values()) * 1.18)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.tick_params(axis="y", labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
