"""What a 1×1 convolution computes, drawn with its numbers: one pixel's channels, the weight
matrix, and the mixed channels that come out."""

from __future__ import annotations

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle

from advcnn.plots.fonts import plot_language, tr_plot

__all__ = ["draw_pointwise_conv"]

# Pale fills, so that the printed numbers stay legible: one per input channel, one for every
# output channel, and the pixel whose arithmetic is written out.
_INPUT_COLORS = ("#F4A6A6", "#A8D5A2", "#A6C8F4", "#F4D58D", "#D5B8F0", "#BFBFBF")
_OUTPUT_COLOR = "#E2D4F7"
_HIGHLIGHT = "#FFE066"


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
    title = tr_plot("input: {channels} channels", channels=c_in)
    inputs = _planes(ax, x, 0, top, list(_INPUT_COLORS), pixel, "input", title)

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
        tr_plot("output: {channels} channels", channels=c_out),
        labels_right=True,
    )
    for o, end in enumerate(outputs):
        _arrow(ax, (r_left + 1, r_top - o - 0.5), end)
    ax.text(
        (eq_left + r_left + 1) / 2,
        -0.2,
        tr_plot("pixel (i, j) = {pixel}; every pixel gets the same W and b", pixel=pixel),
        ha="center",
        va="bottom",
        fontsize=8.5,
        # CJK fonts have no italics: matplotlib would fall back to one without Chinese glyphs.
        style="normal" if plot_language() == "zh" else "italic",
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
