"""Check of notebook 03's exercise 3: where float32's gradient norm gives up, and a norm that
does not.

The depth is measured with ``advcnn.gradients.gradient_profile`` in float32 on a fixed batch; the
threshold comes from ``torch.finfo`` and ``torch.nextafter``; the learner's norm is compared with
the float64 norm on tensors that underflow, overflow, or are all zeros.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch

from advcnn.exercises._core import Mistake, call, exercise, expect_type
from advcnn.exercises.nb03_common import checked_parts, plain_profile, whole_number
from advcnn.i18n import tr

__all__: list[str] = []

_SECTION_1_DEPTH = 40  # where section 1 found float32 norms of 0

# --- 03.3 Where float32's norm gives up --------------------------------------------------------


def _has_zero(depth: int) -> bool:
    return any(norm == 0 for norm in plain_profile(depth, torch.float32).block_norms)


def _check_depth(value: Any, results: dict[str, Any]) -> int:
    depth = whole_number(value, tr("a depth (a number of blocks)"))
    if depth < 2:
        raise Mistake(tr("a depth here is a number of blocks, at least 2"))
    if not _has_zero(depth):
        raise Mistake(
            tr(
                "at depth {depth} every block's float32 norm is above 0: the zeros start deeper",
                depth=depth,
            )
        )
    if _has_zero(depth - 1):
        raise Mistake(
            tr(
                "depth {depth}{reason} shows a zero, but so does a shallower stack: find the "
                "smallest depth, trying gradient_profile(..., dtype=torch.float32) one depth at a "
                "time",
                depth=depth,
                reason=tr(" (section 1's depth)") if depth == _SECTION_1_DEPTH else "",
            )
        )
    return depth


def _float32_limits() -> dict[str, float]:
    smallest = float(torch.nextafter(torch.tensor(0.0), torch.tensor(1.0)))  # a subnormal
    info = torch.finfo(torch.float32)
    return {"smallest": smallest, "tiny": info.tiny, "max": info.max}


def _check_threshold(value: Any, results: dict[str, Any]) -> float:
    limits = _float32_limits()
    # x·x rounds to 0 below √(smallest / 2) and to the smallest subnormal from there to
    # √smallest: either end is a fair answer.
    low, high = math.sqrt(limits["smallest"] / 2), math.sqrt(limits["smallest"])
    number = expect_type(value, (int, float), tr("a number (the size of an entry)"))
    if 0.95 * low <= number <= 1.05 * high:
        return number
    mistakes = [
        (
            limits["smallest"],
            tr(
                "that is the smallest float32 itself. The norm squares every entry "
                "first: which entries have a square that small?"
            ),
        ),
        (
            limits["tiny"],
            tr(
                "that is the smallest normal float32: below it come the subnormals, "
                "which reach much further down before a number becomes 0"
            ),
        ),
        (
            math.sqrt(limits["tiny"]),
            tr(
                "below that an entry's square is subnormal, but not yet 0: "
                "the subnormals reach further down"
            ),
        ),
        (
            math.sqrt(limits["max"]),
            tr("that is where squares overflow to inf; the question is where they underflow to 0"),
        ),
    ]
    for wrong, message in mistakes:
        if math.isclose(number, wrong, rel_tol=0.05):
            raise Mistake(message)
    raise Mistake(
        tr(
            "{number:g} is not where an entry's square becomes 0 in float32: that happens when "
            "the square falls below the smallest positive float32, "
            "torch.nextafter(torch.tensor(0.0), torch.tensor(1.0))",
            number=number,
        )
    )


def _norm_cases() -> list[tuple[str, torch.Tensor]]:
    generator = torch.Generator().manual_seed(0)
    return [
        (tr("ordinary entries"), torch.randn(16, 16, 3, 3, generator=generator)),
        (tr("entries around 1e-30"), torch.randn(4640, generator=generator) * 1e-30),
        (tr("entries around 1e25"), torch.randn(100, generator=generator) * 1e25),
        (tr("an all-zero tensor"), torch.zeros(10)),
    ]


def _check_norm(function: Any, results: dict[str, Any]) -> Callable[..., Any]:
    for what, tensor in _norm_cases():
        given = tensor.clone()
        raw = call(function, given, what="norm32(tensor)")
        if not torch.equal(given, tensor):
            raise Mistake(
                tr(
                    "your norm32 changed the tensor it was given (an in-place div_?): work on a "
                    "copy"
                )
            )
        if hasattr(raw, "item") and getattr(raw, "numel", lambda: 1)() == 1:
            raw = raw.item()
        result = expect_type(raw, (int, float), tr("a number (norm32 of {what})", what=what))
        right = float(tensor.double().norm())
        if math.isclose(result, right, rel_tol=1e-4, abs_tol=0.0):
            continue
        scale = float(tensor.abs().max()) or 1.0
        if math.isnan(result):
            raise Mistake(
                tr(
                    "for {what} your norm32 gives nan: dividing by the largest absolute value "
                    "fails when it is 0, so return 0 for such a tensor",
                    what=what,
                )
            )
        if right == 0:
            raise Mistake(
                tr(
                    "for {what} your norm32 gives {result:g}, where the norm is 0",
                    what=what,
                    result=result,
                )
            )
        if result == 0:
            raise Mistake(
                tr(
                    "for {what} your norm32 gives 0: the squares underflow in float32. Divide by "
                    "the largest absolute value before squaring, and multiply back",
                    what=what,
                )
            )
        if math.isinf(result):
            raise Mistake(
                tr(
                    "for {what} your norm32 gives inf: the squares overflow float32 (above about "
                    "3.4e38). The same scaling, by the largest absolute value, fixes that too",
                    what=what,
                )
            )
        if math.isclose(result, right / scale, rel_tol=1e-4):
            raise Mistake(
                tr(
                    "for {what} your norm32 forgets to multiply back by the scale it divided by",
                    what=what,
                )
            )
        if math.isclose(result, right**2, rel_tol=1e-4):
            raise Mistake(
                tr(
                    "for {what} your norm32 gives the sum of squares: take its square root",
                    what=what,
                )
            )
        raise Mistake(
            tr(
                "for {what} your norm32 gives {ratio:.3g} times the norm computed in float64",
                what=what,
                ratio=result / right,
            )
        )
    return function


@exercise("03.3", "Where float32's norm gives up")
def _float32_norm(answer: Any) -> str:
    checked_parts(
        answer, {"depth": _check_depth, "threshold": _check_threshold, "norm": _check_norm}
    )
    return tr(
        "the depth is right (measured on 64 digits of the bundled sample), and so is the "
        "threshold: float32 squares an entry below about √(1.4e-45) to 0, so a block whose "
        "every gradient entry is that small has a float32 norm of 0. Your norm32 agrees with the "
        "float64 norm for tiny, huge, ordinary and all-zero tensors."
    )
