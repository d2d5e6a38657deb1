"""Checks of notebook 03's exercises 4 to 6: whether the deep plain stack overfits (03.4), the
shortcut of a block on odd sizes (03.5), and how deep a plain stack can go (03.6).

The experiments are judged from the histories the learner passes, with section 3's own test of
whether a run learned; shapes come from running ``ShortcutBlock``; ratios from
``advcnn.gradients`` on a fixed batch. No check trains.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import torch
import torch.nn.functional as F

from advcnn.exercises._core import Mistake, exercise, expect_choice, expect_type
from advcnn.exercises.nb03_common import (
    checked_parts,
    expect_history,
    learned,
    needs,
    own_random_numbers,
    plain_profile,
    whole_number,
)
from advcnn.i18n import tr
from advcnn.models import ShortcutBlock

__all__: list[str] = []

# --- 03.4 Is the plain stack overfitting? ------------------------------------------------------

_OVERFIT_GAP = 0.05  # training accuracy this far above test accuracy counts as overfitting


def _verdicts() -> dict[str, str]:
    """Every option of 03.4's ``verdict``, with what the history shows when it is right."""
    return {
        "underfitting": tr(
            "its training loss over the last 100 steps stayed within 0.1 of chance (ln 10)"
        ),
        "overfitting": tr("its training accuracy is more than 5 points above its test accuracy"),
        "neither": tr(
            "its training loss fell more than 0.1 below chance (ln 10), and its test accuracy "
            "is within 5 points of its training accuracy"
        ),
    }


def _right_verdict(history: Any) -> str:
    record = history.records[-1]
    if not learned(history):
        return "underfitting"
    return (
        "overfitting" if record.train_accuracy - record.test_accuracy > _OVERFIT_GAP else "neither"
    )


def _check_verdict(value: Any, results: dict[str, Any]) -> str:
    right = _right_verdict(needs(results, "history"))
    verdicts = _verdicts()
    wrong = {
        option: tr("not for the run you passed: {reason}", reason=verdicts[right])
        for option in verdicts
        if option != right
    }
    if right == "underfitting":
        wrong["overfitting"] = tr(
            "overfitting needs a low training loss, and in the run you passed "
            "{reason}: it did not fit even the training digits",
            reason=verdicts[right],
        )
    return expect_choice(value, right, wrong)


@exercise("03.4", "Is the plain stack overfitting?")
def _overfitting(answer: Any) -> str:
    results = checked_parts(
        answer,
        {
            "history": lambda value, _: expect_history(value, "'history'"),
            "verdict": _check_verdict,
        },
    )
    right = results["verdict"]
    if right == "underfitting":
        return tr(
            "underfitting is right: the run you passed never got its training loss below chance, "
            "so it failed on the training digits before the test digits could tell it anything. "
            "That is the opposite of overfitting, and section 1 says why: its first blocks hardly "
            "receive a gradient. He et al.'s deeper plain networks, with batch norm, still "
            "trained, but to a higher training error: the same kind of failure, milder."
        )
    return tr(
        "{right} is right for the run you passed: {reason}. Is it the history of "
        "section 3's 20-block plain stack?",
        right=right,
        reason=_verdicts()[right],
    )


# --- 03.5 Odd sizes ----------------------------------------------------------------------------

_ODD = (1, 16, 7, 7)


@functools.lru_cache(maxsize=1)
def _odd_sizes() -> tuple[tuple[int, ...], int, int]:
    """The output shape of both shortcut blocks for a 1×16×7×7 input, and the pooled height
    without and with ``ceil_mode``."""
    x = torch.zeros(_ODD)
    with own_random_numbers(), torch.no_grad():
        shapes = {
            tuple(ShortcutBlock(16, 32, stride=2, shortcut=kind)(x).shape)
            for kind in ("pad", "projection")
        }
    (shape,) = shapes  # both shortcuts give the main path's shape
    floor = F.avg_pool2d(x, kernel_size=2, stride=2).shape[-1]
    ceil = F.avg_pool2d(x, kernel_size=2, stride=2, ceil_mode=True).shape[-1]
    return shape, floor, ceil


def _check_shape(value: Any, results: dict[str, Any]) -> tuple[int, ...]:
    given = expect_type(
        value, (tuple, list, torch.Size), tr("a shape: a tuple such as (1, 16, 7, 7)")
    )
    shape = tuple(whole_number(size, tr("sizes in the shape")) for size in given)
    right, floor, _ = _odd_sizes()
    if shape == right:
        return shape
    if len(shape) == 3:
        raise Mistake(tr("give the whole shape, the batch dimension first: (N, C, H, W)"))
    if len(shape) != 4:
        raise Mistake(
            tr("an image batch has 4 dimensions (N, C, H, W), not {count}", count=len(shape))
        )
    if shape[1] == _ODD[1]:
        raise Mistake(tr("the block maps 16 channels to 32: its output has out_channels channels"))
    if shape[2] != shape[3]:
        raise Mistake(tr("a square input gives a square output here"))
    if shape[2] == _ODD[2]:
        raise Mistake(
            tr("stride 2 halves the height and the width (rounding as the convolution does)")
        )
    if shape[2] == floor:
        raise Mistake(
            tr(
                "⌊7 / 2⌋ is how pooling without ceil_mode rounds. The main path is a 3×3 "
                "convolution with padding 1 and stride 2: ⌊(H + 2 − 3) / 2⌋ + 1"
            )
        )
    raise Mistake(tr("run both blocks on torch.randn(1, 16, 7, 7) and read .shape"))


def _check_without_ceil(value: Any, results: dict[str, Any]) -> int:
    height = whole_number(value, tr("a height"))
    _, floor, ceil = _odd_sizes()
    if height == floor:
        return height
    if height == ceil:
        raise Mistake(
            tr(
                "that is with ceil_mode=True, which keeps the last, incomplete 2×2 window; "
                "without it the last row and column are dropped"
            )
        )
    raise Mistake(
        tr(
            "average pooling with kernel 2 and stride 2 keeps one value per complete 2×2 "
            "window: try F.avg_pool2d(x, 2) on a 7×7 x"
        )
    )


@exercise("03.5", "Odd sizes")
def _odd(answer: Any) -> str:
    checked_parts(answer, {"shape": _check_shape, "without_ceil": _check_without_ceil})
    return tr(
        "both shortcut blocks give the main path's shape for a 7×7 input, since the 3×3 "
        "convolution with padding 1 keeps the half-filled last window. Without ceil_mode the "
        "pooled shortcut would be one row and one column short, and x + F(x) would fail: "
        "ceil_mode=True makes the pooling count that window too."
    )


# --- 03.6 How deep is too deep? ----------------------------------------------------------------

_TRAINED_DEPTHS = (3, 5, 10)
_RATIO_LIMIT = 1e-4


def _check_histories(value: Any, results: dict[str, Any]) -> dict[int, Any]:
    histories = expect_type(
        value,
        Mapping,
        tr("a dict of depth → History: {example}", example="{3: ..., 5: ..., 10: ...}"),
    )
    if set(histories) != set(_TRAINED_DEPTHS):
        if {str(depth) for depth in _TRAINED_DEPTHS} == set(map(str, histories)):
            raise Mistake(tr("the keys should be the depths as numbers, 3, 5 and 10, not strings"))
        raise Mistake(
            tr(
                "'histories' should have the keys 3, 5 and 10, one run per depth; it has {keys}",
                keys=sorted(map(str, histories)),
            )
        )
    return {depth: expect_history(histories[depth], f"histories[{depth}]") for depth in histories}


def _check_stuck(value: Any, results: dict[str, Any]) -> list[int]:
    histories = needs(results, "histories")
    given = expect_type(value, (list, tuple, set), tr("a list of depths, such as [10], or []"))
    stuck = sorted(whole_number(depth, tr("depths in 'stuck'")) for depth in given)
    for depth in stuck:
        if depth not in histories:
            raise Mistake(
                tr("'stuck' lists {depth}, a depth you did not train: 3, 5 or 10", depth=depth)
            )
        if learned(histories[depth]):
            raise Mistake(
                tr(
                    "your run with {depth} blocks learned: its training loss over the last 100 "
                    "steps ended more than 0.1 below chance (ln 10)",
                    depth=depth,
                )
            )
    for depth, history in sorted(histories.items()):
        if depth not in stuck and not learned(history):
            raise Mistake(
                tr(
                    "your run with {depth} blocks did not learn: its training loss over the "
                    "last 100 steps stayed within 0.1 of chance (ln 10)",
                    depth=depth,
                )
            )
    return stuck


def _check_ratio_depth(value: Any, results: dict[str, Any]) -> int:
    depth = whole_number(value, tr("a depth (a number of blocks)"))
    if depth < 2:
        raise Mistake(tr("a depth here is a number of blocks, at least 2"))
    if plain_profile(depth).ratio >= _RATIO_LIMIT:
        raise Mistake(
            tr("at depth {depth} the plain stack's first ÷ last is still above 1e-4", depth=depth)
        )
    if depth > 2 and plain_profile(depth - 1).ratio < _RATIO_LIMIT:
        raise Mistake(
            tr(
                "at depth {depth} first ÷ last is below 1e-4, but a shallower stack's already "
                "is: find the smallest such depth",
                depth=depth,
            )
        )
    return depth


@exercise("03.6", "How deep is too deep?")
def _too_deep(answer: Any) -> str:
    checked_parts(
        answer,
        {
            "histories": _check_histories,
            "stuck": _check_stuck,
            "ratio_depth": _check_ratio_depth,
        },
    )
    return tr(
        "'stuck' lists exactly the runs whose training loss stayed at chance, and first ÷ last "
        "falls below 1e-4 at the depth you gave (measured on 64 digits of the bundled sample; "
        "the notebook's digits give the same depth). A first block that learns ten thousand "
        "times slower than the last is not frozen: whether it stalls depends on how many steps "
        "the budget gives it."
    )
