"""Checks of notebook 01's exercises 01.3 and 01.4: how parameters follow MACs through a
bottleneck, and when two 1×1 convolutions in a row can be one. Right answers are recomputed with
``bottleneck_cost`` and the rank of the product of two weight matrices."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import torch

from advcnn.cost import bottleneck_cost
from advcnn.exercises._core import (
    Mistake,
    call,
    exercise,
    expect_choice,
    expect_number,
    expect_type,
    parts,
)
from advcnn.i18n import tr
from advcnn.models._checks import keyword_defaults

__all__: list[str] = []

# What the explorer's sliders offer: a setting the learner gives must be one they can set there.
_SLIDERS = {
    "in_channels": range(1, 513),
    "bottleneck_channels": range(1, 513),
    "out_channels": range(1, 513),
    "kernel_size": range(1, 8, 2),
    "image_size": range(1, 113),
}
_LECTURE = keyword_defaults(bottleneck_cost)


def _moves() -> dict[str, str]:
    """Every option of 01.3's ``moves``, with what to say when it is chosen and wrong."""
    return {
        "mac_ratio": tr(
            "every MAC count, direct and bottleneck alike, grows with H_out·W_out, so the "
            "image size cancels from mac_ratio (section 2 tried 7, 28 and 112)."
        ),
        "param_ratio": tr(
            "parameters do not depend on the image at all: a kernel is the same at any image size."
        ),
        "both": tr(
            "neither parameters nor the MAC ratio depend on the image size: H_out·W_out "
            "multiplies every MAC count and cancels from the ratio."
        ),
        "neither": tr(
            "move the image size slider and watch the two ratios in the explorer's table."
        ),
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
            tr(
                "expected 'setting' to be a dict of slider values such as "
                "{{'in_channels': ..., 'kernel_size': ...}}, got {got}",
                got=type(setting).__name__,
            )
        )
    unknown = [key for key in setting if key not in _SLIDERS]
    if unknown:
        raise Mistake(
            tr(
                "'setting' has keys the explorer has no slider for: {unknown}; use {sliders}",
                unknown=", ".join(map(repr, unknown)),
                sliders=", ".join(map(repr, _SLIDERS)),
            )
        )
    for key, value in setting.items():
        expect_type(value, int, tr("a whole number for {key!r}", key=key))
        offered = _SLIDERS[key]
        if value not in offered:
            sizes = {"key": key, "start": offered.start, "end": offered[-1], "value": value}
            if offered.step == 2:
                raise Mistake(
                    tr(
                        "the explorer's {key} slider offers odd sizes {start} to {end}, "
                        "not {value}.",
                        **sizes,
                    )
                )
            raise Mistake(
                tr("the explorer's {key} slider offers {start} to {end}, not {value}.", **sizes)
            )
    return _LECTURE | dict(setting)


@exercise("01.3", "Parameters follow MACs")
def _params_follow_macs(answer: Any) -> str:
    given = parts(answer, ["moves", "setting"])
    right = _what_moves()
    wrong = {option: message for option, message in _moves().items() if option != right}
    expect_choice(given["moves"], right, wrong, tr("moves: one of"))
    setting = _setting(given["setting"])
    cost = bottleneck_cost(**setting)
    gap = abs(cost.param_ratio - cost.mac_ratio)
    if gap < 0.01:
        changed = {key for key, value in setting.items() if value != _LECTURE[key]}
        if changed <= {"image_size"}:
            raise Mistake(
                tr(
                    "the image size moves neither ratio, so this setting has the lecture's gap: "
                    "change the channels or the kernel."
                )
            )
        raise Mistake(
            tr(
                "with this setting the two ratios differ by less than 0.01. The gap is the "
                "biases: one per output channel, next to C_in·k² weights. Make C_in·k² small."
            )
        )
    return tr(
        "neither ratio depends on the image size, and with your setting the biases make "
        "param_ratio and mac_ratio differ by {gap:.3f}: with few weights per output channel, "
        "one bias each is no longer a rounding error.",
        gap=gap,
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
                tr(
                    "your saves({c_in}, {c_b}, {c_out}) returned {kind} {said!r}: it should "
                    "return True or False (a comparison), not a ratio or a count.",
                    c_in=c_in,
                    c_b=c_b,
                    c_out=c_out,
                    kind=type(said).__name__,
                    said=said,
                )
            )
        if said != (cost.bottleneck_macs < cost.direct_macs):
            if cost.bottleneck_macs == cost.direct_macs:
                raise Mistake(
                    tr(
                        "for {shape} your saves says {said}: here the two 1×1s cost exactly as "
                        "many MACs as one. Saving means strictly fewer (<, not ≤).",
                        shape=shape,
                        said=said,
                    )
                )
            if said and c_b < min(c_in, c_out):
                raise Mistake(
                    tr(
                        "for {shape} your saves says True: narrower than both sides is not "
                        "enough. Both matrices cost: C_b·C_in + C_out·C_b against C_out·C_in.",
                        shape=shape,
                    )
                )
            raise Mistake(
                tr(
                    "for {shape} your saves says {said}. Compare C_b·C_in + C_out·C_b with "
                    "C_out·C_in (the MACs per pixel) or use the closed form with k = 1.",
                    shape=shape,
                    said=said,
                )
            )
        rank = expect_number(
            call(given["max_rank"], c_in, c_b, c_out, what="max_rank(c_in, c_b, c_out)"),
            tr("a rank from max_rank({c_in}, {c_b}, {c_out})", c_in=c_in, c_b=c_b, c_out=c_out),
        )
        if rank != _true_rank(c_in, c_b, c_out):
            if rank == min(c_in, c_out) and c_b < rank:
                raise Mistake(
                    tr(
                        "for {shape} max_rank gives {rank:g}, the rank of the single "
                        "C_out × C_in matrix: the product passes through only C_b channels "
                        "(section 1).",
                        shape=shape,
                        rank=rank,
                    )
                )
            if rank == c_b and c_b > min(c_in, c_out):
                raise Mistake(
                    tr(
                        "for {shape} max_rank gives {rank:g}: a C_out × C_in matrix cannot have "
                        "a rank above min(C_in, C_out), however wide the middle.",
                        shape=shape,
                        rank=rank,
                    )
                )
            raise Mistake(
                tr(
                    "for {shape} max_rank gives {rank:g}, which is not the largest rank of a "
                    "C_out × C_b matrix times a C_b × C_in one.",
                    shape=shape,
                    rank=rank,
                )
            )
    return tr(
        "right for all {cases} shapes tried: two 1×1s save while "
        "C_b·(C_in + C_out) < C_in·C_out, and their product has rank at most "
        "min(C_in, C_b, C_out), so a narrow pair cannot represent a full-rank C_out × C_in matrix.",
        cases=len(_PAIR_CASES),
    )
