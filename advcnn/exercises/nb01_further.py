"""Checks of notebook 01's exercises beyond the lecture's example: two 3×3 convolutions against
one 5×5 (01.5), ResNet's bottleneck block (01.6) and timing against MACs (01.7). Right answers
are recomputed with ``conv_macs``, ``bottleneck_cost``, ``FlopCounterMode`` and convolutions."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import torch
from torch import nn

from advcnn.cost import bottleneck_cost, conv_macs, total_macs
from advcnn.exercises._core import Mistake, exercise, expect_close, expect_number, parts
from advcnn.i18n import tr

__all__: list[str] = []


def _two_3x3_over_5x5(channels: int, *, padding: int | None = None) -> float:
    """MACs of two stacked 3×3 convolutions C → C at 28×28 over one 5×5 convolution's."""
    first = conv_macs(channels, channels, 3, 28, padding=padding)
    inner = 28 if padding is None else 28 - 2  # the second convolution's input
    second = conv_macs(channels, channels, 3, inner, padding=padding)
    return (first + second) / conv_macs(channels, channels, 5, 28)


def _window_of_two_3x3s() -> int:
    """Non-zero outputs of two all-ones 3×3 convolutions on an 11×11 image holding one 1."""
    image = torch.zeros(1, 1, 11, 11)
    image[0, 0, 5, 5] = 1.0
    out = image
    with torch.no_grad():
        for _ in range(2):
            conv = nn.Conv2d(1, 1, 3, padding=1, bias=False)
            conv.weight.fill_(1.0)
            out = conv(out)
    return int(torch.count_nonzero(out).item())


@exercise("01.5", "A 5×5 or two 3×3s?")
def _two_3x3s(answer: Any) -> str:
    given = parts(answer, ["mac_ratio", "nonzero"])
    ratios = {_two_3x3_over_5x5(channels) for channels in (16, 64, 256)}
    (ratio,) = ratios  # the same for every C: the channels cancel
    expect_close(
        given["mac_ratio"],
        ratio,
        tr("two 3×3 convolutions' MACs over one 5×5's"),
        rel_tol=1e-3,
        mistakes=[
            (
                1 / ratio,
                tr("that is one 5×5 over two 3×3s: the question asks two 3×3s ÷ one 5×5."),
            ),
            (ratio / 2, tr("that counts one 3×3 convolution; the pair has two.")),
            (2 * 3 / 5, tr("a convolution's cost grows with k², not k: 3² and 5².")),
            (
                3 / 5,
                tr("one 3×3 against one 5×5, and with k instead of k²: two 3×3s, and k²."),
            ),
            (
                _two_3x3_over_5x5(64, padding=0),
                tr(
                    "the 3×3 convolutions lost their padding: with "
                    "padding 1 each keeps the 28×28 size, as the 5×5 with padding 2 does."
                ),
            ),
        ],
        hint=tr("Divide 2 · conv_macs(C, C, 3, 28) by conv_macs(C, C, 5, 28)."),
    )
    count = expect_number(given["nonzero"], tr("a count of non-zero outputs ('nonzero')"))
    window = _window_of_two_3x3s()
    if count != window:
        wrong = {
            9: tr("that is after one 3×3 convolution: feed its output through the second."),
            121: tr(
                "that counts every output value, zeros included: count the non-zero ones "
                "(torch.count_nonzero)."
            ),
            49: tr("that is the window of three stacked 3×3s (or a 7×7): use two."),
            5: tr("that is the window's width: count the non-zero values in the whole square."),
        }
        raise Mistake(
            wrong.get(
                int(count) if count == int(count) else -1,
                tr(
                    "{count:g} is not the number of non-zero outputs: the padding keeps 11×11, "
                    "and a value is non-zero if the 1 lies in its window.",
                    count=count,
                ),
            )
        )
    return tr(
        "two 3×3s cost 18/25 of one 5×5 at any C (conv_macs agrees at C = 16, 64 and 256), and "
        "the single 1 spreads to a 5×5 square of non-zero outputs: the same window, fewer MACs."
    )


def _resnet_block(*, padding: int = 1, device: str = "meta") -> nn.Sequential:
    """ResNet's bottleneck block's convolutions, 1×1 256→64, 3×3 64→64, 1×1 64→256.

    On the meta device: ``FlopCounterMode`` counts from shapes alone, so nothing is computed."""
    return nn.Sequential(
        nn.Conv2d(256, 64, 1, device=device),
        nn.Conv2d(64, 64, 3, padding=padding, device=device),
        nn.Conv2d(64, 256, 1, device=device),
    )


@exercise("01.6", "ResNet's bottleneck block")
def _resnet_bottleneck(answer: Any) -> str:
    given = parts(answer, ["bottleneck_macs", "ratio"])
    size = (1, 256, 56, 56)
    block = total_macs(_resnet_block(), size)  # FlopCounterMode, FLOPs / 2
    two_3x3 = 2 * conv_macs(256, 256, 3, 56)
    pixels = 56 * 56
    expect_close(
        given["bottleneck_macs"],
        block,
        tr("the block's MACs"),
        mistakes=[
            (
                2 * block,
                tr(
                    "that is FLOPs, twice the MACs: FlopCounterMode counts a multiply and "
                    "an add for each multiply-accumulate."
                ),
            ),
            (
                block / pixels,
                tr(
                    "that is one output pixel's MACs (the number of weights): multiply "
                    "by H_out·W_out = 56·56."
                ),
            ),
            (
                block / pixels + 64 + 64 + 256,
                tr("that is the block's parameters, weights and biases, not its MACs."),
            ),
            (
                block - conv_macs(256, 64, 1, 56),
                tr(
                    "that counts two of the three convolutions: "
                    "the block has a 1×1 reduce, a 3×3 and a 1×1 expand."
                ),
            ),
            (block - conv_macs(64, 64, 3, 56), tr("the 3×3 convolution is missing.")),
            (
                total_macs(_resnet_block(padding=0), size),
                tr("the 3×3 convolution lost its padding: with padding 1 it keeps 56×56."),
            ),
        ],
        hint=tr("Add three conv_macs calls: 1×1 256→64, 3×3 64→64, 1×1 64→256, all at 56×56."),
    )
    ratio = block / two_3x3
    expect_close(
        given["ratio"],
        ratio,
        tr("the block's MACs over two 3×3 convolutions 256→256"),
        rel_tol=1e-3,
        mistakes=[
            (
                1 / ratio,
                tr("that is two 3×3s ÷ the block: the question asks the block ÷ two 3×3s."),
            ),
            (
                2 * ratio,
                tr(
                    "that compares with one 3×3 convolution (or FLOPs with MACs): the block "
                    "replaces two, counted in MACs."
                ),
            ),
            (ratio / 2, tr("twice too small: FLOPs on one side and MACs on the other?")),
        ],
        hint=tr("Divide by 2 · conv_macs(256, 256, 3, 56)."),
    )
    return tr(
        "the block's three convolutions cost what FlopCounterMode measures, less than a tenth "
        "of two 3×3 convolutions at 256 channels: the 3×3 works on 64 channels only."
    )


def _timings(timings: Any) -> dict[int, float]:
    """Each batch size's measured speed-up, direct_ms / bottleneck_ms."""
    if not isinstance(timings, Mapping):
        raise Mistake(
            tr(
                "expected 'timings' to be a dict {{batch_size: (direct_ms, bottleneck_ms)}}, "
                "got {got}",
                got=type(timings).__name__,
            )
        )
    speedups = {}
    for batch, pair in timings.items():
        if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
            raise Mistake(
                tr(
                    "the keys of 'timings' are batch sizes (whole numbers), not {batch!r}",
                    batch=batch,
                )
            )
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise Mistake(
                tr("timings[{batch}] should be a pair (direct_ms, bottleneck_ms)", batch=batch)
            )
        what = tr("a time in ms for batch {batch}", batch=batch)
        direct, bottleneck = (expect_number(ms, what) for ms in pair)
        if direct <= 0 or bottleneck <= 0:
            raise Mistake(tr("timings[{batch}] holds a time that is not positive", batch=batch))
        speedups[batch] = direct / bottleneck
    if not {1, 64} <= set(speedups):
        raise Mistake(
            tr("'timings' should hold your measurements for batch sizes 1 and 64 at least.")
        )
    if all(speedup < 1 for speedup in speedups.values()):
        raise Mistake(
            tr(
                "in every pair the bottleneck path is the slower one: are the pairs swapped? "
                "They should be (direct_ms, bottleneck_ms)."
            )
        )
    return speedups


@exercise("01.7", "Time is not MACs")
def _time_is_not_macs(answer: Any) -> str:
    given = parts(answer, ["predicted", "timings", "closest"])
    cost = bottleneck_cost()  # the timing cell's shapes; the batch multiplies both paths' MACs
    predicted = cost.direct_macs / cost.bottleneck_macs
    number = expect_number(given["predicted"], tr("a number (the speed-up the MACs predict)"))
    rounded = math.isclose(number, predicted, rel_tol=1e-2)
    batch_cancels = tr("the batch multiplies both paths' MACs, so it cancels from the speed-up.")
    expect_close(
        number,
        predicted,
        tr("the speed-up the MACs predict"),
        rel_tol=1e-3,
        mistakes=[
            (
                cost.mac_ratio,
                tr(
                    "that is the MAC ratio, bottleneck ÷ direct; a speed-up is direct ÷ bottleneck."
                ),
            ),
            (
                1 / cost.param_ratio,
                tr("that comes from the parameter counts; the prediction is about MACs."),
            ),
            (64 * predicted, batch_cancels),
            (predicted / 64, batch_cancels),
        ],
        hint=tr(
            "It is close, but rounded too far: compute it from bottleneck_cost()'s MACs "
            "instead of typing it."
        )
        if rounded
        else tr("Divide the direct path's MACs by the bottleneck path's (bottleneck_cost())."),
    )
    speedups = _timings(given["timings"])
    closest = given["closest"]
    if isinstance(closest, bool) or not isinstance(closest, int | float) or closest not in speedups:
        raise Mistake(
            tr(
                "'closest' should be one of the batch sizes you timed ({timed}), got {closest!r}.",
                timed=sorted(speedups),
                closest=closest,
            )
        )
    off = {batch: abs(speedup - predicted) for batch, speedup in speedups.items()}
    if off[closest] > min(off.values()):
        if speedups[closest] == max(speedups.values()):
            raise Mistake(
                tr(
                    "batch {closest} gave your largest speed-up, but not the one closest to the "
                    "prediction: a speed-up above the prediction is off too.",
                    closest=closest,
                )
            )
        raise Mistake(
            tr(
                "by your own timings, batch {closest}'s speed-up is not the closest to the "
                "prediction: compute direct_ms / bottleneck_ms for each batch and compare.",
                closest=closest,
            )
        )
    return tr(
        "the MACs predict the same speed-up at every batch size, since the batch multiplies "
        "both paths alike, and you read the batch closest to it off your own timings."
    )
