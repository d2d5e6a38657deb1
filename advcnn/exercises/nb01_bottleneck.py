"""Checks of notebook 01's bottleneck arithmetic: the predict-first question before the explorer
(01.p1) and exercises 01.1 to 01.4. Every right answer is recomputed with ``bottleneck_cost``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import torch

from advcnn.cost import bottleneck_cost
from advcnn.exercises._core import (
    Mistake,
    NotAnswered,
    call,
    exercise,
    expect_choice,
    expect_close,
    expect_number,
    expect_type,
    parts,
)
from advcnn.models._checks import keyword_defaults

__all__: list[str] = []

# (C_in, C_out, k): the lecture's example, incep1's 5×5 branch, and shapes that catch a formula
# with C_in and C_out swapped or k instead of k².
_BREAK_EVEN_CASES = ((192, 32, 5), (10, 24, 5), (64, 64, 3), (256, 64, 1), (32, 192, 3))
# What the explorer's sliders offer: a setting the learner gives must be one they can set there.
_SLIDERS = {
    "in_channels": range(1, 513),
    "bottleneck_channels": range(1, 513),
    "out_channels": range(1, 513),
    "kernel_size": range(1, 8, 2),
    "image_size": range(1, 113),
}
_LECTURE = keyword_defaults(bottleneck_cost)


def _where(c_in: int, c_out: int, k: int, got: float) -> str:
    return f"for C_in={c_in}, C_out={c_out}, k={k} you gave {got:g}"


@exercise("01.p1", "Predict: a bottleneck as wide as its input")
def _predict_wide_bottleneck(answer: Any) -> str:
    c_in, c_out, k = (_LECTURE[key] for key in ("in_channels", "out_channels", "kernel_size"))
    cost = bottleneck_cost(bottleneck_channels=c_in)
    reduce_share = cost.reduce_macs / cost.direct_macs
    expect_close(
        answer,
        cost.mac_ratio,
        "the MAC ratio the explorer will show",
        abs_tol=5e-4,  # the explorer shows three decimals
        mistakes=[
            (
                1.0,
                "that is the expansion's share alone (C_b/C_in = 1): the 1×1 reduction "
                "costs MACs too.",
            ),
            (
                reduce_share,
                "that is the 1×1 reduction's share alone: the k×k expansion now "
                "reads all C_in channels, as the direct path does.",
            ),
            (
                bottleneck_cost().mac_ratio,
                f"that is the lecture's ratio, with C_b = {_LECTURE['bottleneck_channels']}; "
                f"the question sets C_b to {c_in}.",
            ),
            (1 + c_in / (k * c_out), "the 1×1 reduction's share is C_b/(k²·C_out): k², not k."),
        ],
        hint=f"Add the closed form's two shares, C_b/(k²·C_out) + C_b/C_in, with C_b = {c_in}.",
    )
    return (
        "a bottleneck as wide as its input costs the whole direct convolution (C_b/C_in = 1) "
        "plus its 1×1 reduction: more than the direct path, as the explorer shows."
    )


def _largest_saving_width(in_channels: int, out_channels: int, kernel_size: int) -> int:
    """The largest C_b whose bottleneck still costs fewer MACs than the direct convolution,
    found by trying widths with ``bottleneck_cost`` rather than by the closed form."""
    width = 0
    while bottleneck_cost(in_channels, width + 1, out_channels, kernel_size, 8).mac_ratio < 1:
        width += 1
    return width


@exercise("01.1", "Break-even width")
def _break_even(answer: Any) -> str:
    for c_in, c_out, k in _BREAK_EVEN_CASES:
        got = expect_number(
            call(answer, c_in, c_out, k, what="break_even(c_in, c_out, k)"),
            f"a width for C_in={c_in}, C_out={c_out}, k={k}",
        )
        right = _largest_saving_width(c_in, c_out, k)
        if got == right:
            continue
        bound = 1 / (1 / (k * k * c_out) + 1 / c_in)
        where = _where(c_in, c_out, k, got)
        if abs(got - bound) < 1e-6 and got != int(got):
            raise Mistake(f"{where}: that is the bound itself; a width is a whole number below it.")
        if got == right + 1:
            raise Mistake(
                f"{where}: at that width the bottleneck costs at least as much (ratio ≥ 1)."
            )
        if got == right - 1:
            raise Mistake(f"{where}: one channel more still saves MACs (an off-by-one?).")
        swapped = int(1 / (1 / (k * k * c_in) + 1 / c_out))
        if got in (swapped, swapped - 1) and swapped != right:
            raise Mistake(f"{where}: C_in and C_out look swapped in your formula.")
        no_square = int(1 / (1 / (k * c_out) + 1 / c_in))
        if got in (no_square, no_square - 1) and no_square != right:
            raise Mistake(f"{where}: the k×k convolution's cost grows with k², not k.")
        raise Mistake(
            f"{where}, which is not the largest saving width. Solve "
            "C_b/(k²·C_out) + C_b/C_in < 1 for C_b."
        )
    lecture = _largest_saving_width(192, 32, 5)
    return (
        f"right for all {len(_BREAK_EVEN_CASES)} shapes tried, the lecture's example "
        f"(192, 32, 5) included: C_b ≤ {lecture} still saves MACs."
    )


def _parts_of_stubs(answer: Any, names: list[str], function: str, probe: tuple) -> dict[str, Any]:
    """``parts``, except that while the function part is still a stub too, the whole answer is
    "not answered yet" rather than "fill in the rest as well"."""
    try:
        return parts(answer, names)
    except NotAnswered:
        try:
            answer[function](*probe)
        except NotImplementedError:
            raise NotAnswered() from None
        except Exception:  # the function is written; the message about the `...` stands
            pass
        raise


_CLOSE_WHEN = {
    "wide input": "with C_in much larger than k²·C_out the 1×1 reduction's share C_b/(k²·C_out) "
    "is the larger one, and the break-even width falls far below C_in.",
    "large image": "H·W cancels from the ratio: the image size never moves the break-even width.",
    "small kernel": "with k = 1 the reduction's share C_b/(k²·C_out) is as large as it gets, which "
    "pulls the break-even width further below C_in.",
}


@exercise("01.2", "Never wider than the input")
def _never_wider(answer: Any) -> str:
    given = _parts_of_stubs(answer, ["ratio", "close_when"], "ratio", _BREAK_EVEN_CASES[0])
    for c_in, c_out, k in _BREAK_EVEN_CASES:
        got = expect_number(
            call(given["ratio"], c_in, c_out, k, what="ratio(c_in, c_out, k)"),
            f"a number from ratio({c_in}, {c_out}, {k})",
        )
        where = _where(c_in, c_out, k, got)
        expect_close(
            got,
            bottleneck_cost(c_in, c_in, c_out, k, 8).mac_ratio,
            f"the MAC ratio at C_b = C_in for C_in={c_in}, C_out={c_out}, k={k}",
            mistakes=[
                (
                    1.0,
                    f"{where}: that is the expansion's share alone; the 1×1 reduction costs "
                    "MACs too.",
                ),
                (
                    c_in / (k * k * c_out),
                    f"{where}: that is the reduction's share alone; add the expansion's, C_b/C_in.",
                ),
                (
                    1 + c_out / (k * k * c_in),
                    f"{where}: C_in and C_out look swapped in the reduction's share.",
                ),
                (
                    1 + c_in / (k * c_out),
                    f"{where}: the reduction's share is C_b/(k²·C_out), with k², not k.",
                ),
            ],
            hint="Put C_b = C_in into C_b/(k²·C_out) + C_b/C_in.",
        )
    expect_choice(given["close_when"], "wide output", _CLOSE_WHEN, "close_when: one of")
    return (
        f"right for all {len(_BREAK_EVEN_CASES)} shapes tried: at C_b = C_in the ratio is "
        "1 + C_in/(k²·C_out), always above 1, and a wider C_b only adds. The break-even width "
        "C_in/(1 + C_in/(k²·C_out)) approaches C_in when k²·C_out is much larger than C_in."
    )


_MOVES = {
    "mac_ratio": "every MAC count, direct and bottleneck alike, grows with H_out·W_out, so the "
    "image size cancels from mac_ratio (section 2 tried 7, 28 and 112).",
    "param_ratio": "parameters do not depend on the image at all: a kernel is the same at any "
    "image size.",
    "both": "neither parameters nor the MAC ratio depend on the image size: H_out·W_out "
    "multiplies every MAC count and cancels from the ratio.",
    "neither": "move the image size slider and watch the two ratios in the explorer's table.",
}


def _what_moves() -> str:
    """Which ratio changes with the image size, by ``bottleneck_cost`` at two sizes."""
    small, large = bottleneck_cost(image_size=7), bottleneck_cost(image_size=112)
    moved = [
        name
        for name in ("mac_ratio", "param_ratio")
        if not math.isclose(getattr(small, name), getattr(large, name), rel_tol=1e-12)
    ]
    return {0: "neither", 2: "both"}.get(len(moved)) or moved[0]


def _setting(setting: Any) -> dict[str, int]:
    """The learner's explorer setting, completed with the lecture's values."""
    if not isinstance(setting, Mapping):
        raise Mistake(
            "expected 'setting' to be a dict of slider values such as "
            f"{{'in_channels': ..., 'kernel_size': ...}}, got {type(setting).__name__}"
        )
    unknown = [key for key in setting if key not in _SLIDERS]
    if unknown:
        raise Mistake(
            f"'setting' has keys the explorer has no slider for: {', '.join(map(repr, unknown))};"
            f" use {', '.join(map(repr, _SLIDERS))}"
        )
    for key, value in setting.items():
        expect_type(value, int, f"a whole number for {key!r}")
        offered = _SLIDERS[key]
        if value not in offered:
            odd = "odd sizes " if offered.step == 2 else ""
            raise Mistake(
                f"the explorer's {key} slider offers {odd}{offered.start} to {offered[-1]}, "
                f"not {value}."
            )
    return _LECTURE | dict(setting)


@exercise("01.3", "Parameters follow MACs")
def _params_follow_macs(answer: Any) -> str:
    given = parts(answer, ["moves", "setting"])
    right = _what_moves()
    wrong = {option: message for option, message in _MOVES.items() if option != right}
    expect_choice(given["moves"], right, wrong, "moves: one of")
    setting = _setting(given["setting"])
    cost = bottleneck_cost(**setting)
    gap = abs(cost.param_ratio - cost.mac_ratio)
    if gap < 0.01:
        changed = {key for key, value in setting.items() if value != _LECTURE[key]}
        if changed <= {"image_size"}:
            raise Mistake(
                "the image size moves neither ratio, so this setting has the lecture's gap: "
                "change the channels or the kernel."
            )
        raise Mistake(
            "with this setting the two ratios differ by less than 0.01. The gap is the biases: "
            "one per output channel, next to C_in·k² weights. Make C_in·k² small."
        )
    return (
        f"neither ratio depends on the image size, and with your setting the biases make "
        f"param_ratio and mac_ratio differ by {gap:.3f}: with few weights per output channel, "
        "one bias each is no longer a rounding error."
    )


# (C_in, C_b, C_out): the lecture's, a widening middle, one narrower than both sides that still
# costs more (before the tie, so that "narrower than both" is named as such), a pair that costs
# exactly as much as the single matrix, and the limits around a break-even of 51.2.
_PAIR_CASES = (
    (192, 16, 32),
    (10, 16, 24),
    (64, 40, 64),
    (4, 2, 4),
    (64, 8, 64),
    (256, 51, 64),
    (256, 52, 64),
    (8, 32, 4),
)


def _true_rank(c_in: int, c_b: int, c_out: int) -> int:
    """Rank of a random C_out × C_b matrix times a random C_b × C_in one: the largest possible."""
    generator = torch.Generator().manual_seed(0)
    first = torch.randn(c_b, c_in, generator=generator, dtype=torch.float64)
    second = torch.randn(c_out, c_b, generator=generator, dtype=torch.float64)
    return int(torch.linalg.matrix_rank(second @ first).item())


def _as_bool(value: Any) -> Any:
    """A NumPy or one-element tensor boolean as a Python bool; anything else unchanged."""
    if not isinstance(value, bool) and hasattr(value, "item"):
        try:
            item = value.item()
        except (TypeError, ValueError, RuntimeError):
            return value
        return item if isinstance(item, bool) else value
    return value


@exercise("01.4", "Two 1×1 convolutions for one")
def _two_for_one(answer: Any) -> str:
    given = parts(answer, ["saves", "max_rank"])
    for c_in, c_b, c_out in _PAIR_CASES:
        shape = f"C_in={c_in}, C_b={c_b}, C_out={c_out}"
        cost = bottleneck_cost(c_in, c_b, c_out, kernel_size=1, image_size=8)
        said = _as_bool(call(given["saves"], c_in, c_b, c_out, what="saves(c_in, c_b, c_out)"))
        if not isinstance(said, bool):
            raise Mistake(
                f"your saves({c_in}, {c_b}, {c_out}) returned {type(said).__name__} {said!r}: it "
                "should return True or False (a comparison), not a ratio or a count."
            )
        if said != (cost.bottleneck_macs < cost.direct_macs):
            if cost.bottleneck_macs == cost.direct_macs:
                raise Mistake(
                    f"for {shape} your saves says {said}: here the two 1×1s cost exactly as "
                    "many MACs as one. Saving means strictly fewer (<, not ≤)."
                )
            if said and c_b < min(c_in, c_out):
                raise Mistake(
                    f"for {shape} your saves says True: narrower than both sides is not enough. "
                    "Both matrices cost: C_b·C_in + C_out·C_b against C_out·C_in."
                )
            raise Mistake(
                f"for {shape} your saves says {said}. Compare C_b·C_in + C_out·C_b with "
                "C_out·C_in (the MACs per pixel) or use the closed form with k = 1."
            )
        rank = expect_number(
            call(given["max_rank"], c_in, c_b, c_out, what="max_rank(c_in, c_b, c_out)"),
            f"a rank from max_rank({c_in}, {c_b}, {c_out})",
        )
        if rank != _true_rank(c_in, c_b, c_out):
            if rank == min(c_in, c_out) and c_b < rank:
                raise Mistake(
                    f"for {shape} max_rank gives {rank:g}, the rank of the single C_out × C_in "
                    "matrix: the product passes through only C_b channels (section 1)."
                )
            if rank == c_b and c_b > min(c_in, c_out):
                raise Mistake(
                    f"for {shape} max_rank gives {rank:g}: a C_out × C_in matrix cannot have a "
                    "rank above min(C_in, C_out), however wide the middle."
                )
            raise Mistake(
                f"for {shape} max_rank gives {rank:g}, which is not the largest rank of a "
                "C_out × C_b matrix times a C_b × C_in one."
            )
    return (
        f"right for all {len(_PAIR_CASES)} shapes tried: two 1×1s save while "
        "C_b·(C_in + C_out) < C_in·C_out, and their product has rank at most "
        "min(C_in, C_b, C_out), so a narrow pair cannot represent a full-rank C_out × C_in matrix."
    )
