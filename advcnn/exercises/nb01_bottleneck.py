"""Checks of notebook 01's bottleneck arithmetic: the predict-first question before the explorer
(01.p1) and exercises 01.1 and 01.2. Every right answer is recomputed with ``bottleneck_cost``."""

from __future__ import annotations

from typing import Any

from advcnn.cost import bottleneck_cost
from advcnn.exercises._core import (
    Mistake,
    NotAnswered,
    call,
    exercise,
    expect_choice,
    expect_close,
    expect_number,
    parts,
)
from advcnn.i18n import tr
from advcnn.models._checks import keyword_defaults

__all__: list[str] = []

# (C_in, C_out, k): the lecture's example, incep1's 5×5 branch, and shapes that catch a formula
# with C_in and C_out swapped or k instead of k².
_BREAK_EVEN_CASES = ((192, 32, 5), (10, 24, 5), (64, 64, 3), (256, 64, 1), (32, 192, 3))
_LECTURE = keyword_defaults(bottleneck_cost)


def _where(c_in: int, c_out: int, k: int, got: float) -> str:
    return tr(
        "for C_in={c_in}, C_out={c_out}, k={k} you gave {got:g}",
        c_in=c_in,
        c_out=c_out,
        k=k,
        got=got,
    )


@exercise("01.p1", "Predict: a bottleneck as wide as its input")
def _predict_wide_bottleneck(answer: Any) -> str:
    c_in, c_out, k = (_LECTURE[key] for key in ("in_channels", "out_channels", "kernel_size"))
    cost = bottleneck_cost(bottleneck_channels=c_in)
    reduce_share = cost.reduce_macs / cost.direct_macs
    expect_close(
        answer,
        cost.mac_ratio,
        tr("the MAC ratio the explorer will show"),
        abs_tol=5e-4,  # the explorer shows three decimals
        mistakes=[
            (
                1.0,
                tr(
                    "that is the expansion's share alone (C_b/C_in = 1): the 1×1 reduction "
                    "costs MACs too."
                ),
            ),
            (
                reduce_share,
                tr(
                    "that is the 1×1 reduction's share alone: the k×k expansion now "
                    "reads all C_in channels, as the direct path does."
                ),
            ),
            (
                bottleneck_cost().mac_ratio,
                tr(
                    "that is the lecture's ratio, with C_b = {lecture}; the question sets C_b "
                    "to {c_in}.",
                    lecture=_LECTURE["bottleneck_channels"],
                    c_in=c_in,
                ),
            ),
            (
                1 + c_in / (k * c_out),
                tr("the 1×1 reduction's share is C_b/(k²·C_out): k², not k."),
            ),
        ],
        hint=tr(
            "Add the closed form's two shares, C_b/(k²·C_out) + C_b/C_in, with C_b = {c_in}.",
            c_in=c_in,
        ),
    )
    return tr(
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
            tr("a width for C_in={c_in}, C_out={c_out}, k={k}", c_in=c_in, c_out=c_out, k=k),
        )
        right = _largest_saving_width(c_in, c_out, k)
        if got == right:
            continue
        bound = 1 / (1 / (k * k * c_out) + 1 / c_in)
        where = _where(c_in, c_out, k, got)
        if abs(got - bound) < 1e-6 and got != int(got):
            raise Mistake(
                tr(
                    "{where}: that is the bound itself; a width is a whole number below it.",
                    where=where,
                )
            )
        if got == right + 1:
            raise Mistake(
                tr(
                    "{where}: at that width the bottleneck costs at least as much (ratio ≥ 1).",
                    where=where,
                )
            )
        if got == right - 1:
            raise Mistake(
                tr("{where}: one channel more still saves MACs (an off-by-one?).", where=where)
            )
        swapped = int(1 / (1 / (k * k * c_in) + 1 / c_out))
        if got in (swapped, swapped - 1) and swapped != right:
            raise Mistake(tr("{where}: C_in and C_out look swapped in your formula.", where=where))
        no_square = int(1 / (1 / (k * c_out) + 1 / c_in))
        if got in (no_square, no_square - 1) and no_square != right:
            raise Mistake(
                tr("{where}: the k×k convolution's cost grows with k², not k.", where=where)
            )
        raise Mistake(
            tr(
                "{where}, which is not the largest saving width. Solve "
                "C_b/(k²·C_out) + C_b/C_in < 1 for C_b.",
                where=where,
            )
        )
    return tr(
        "right for all {cases} shapes tried, the lecture's example (192, 32, 5) included: "
        "C_b ≤ {lecture} still saves MACs.",
        cases=len(_BREAK_EVEN_CASES),
        lecture=_largest_saving_width(192, 32, 5),
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


def _close_when() -> dict[str, str]:
    """The wrong options of 01.2's ``close_when``, each with what to say when it is chosen."""
    return {
        "wide input": tr(
            "with C_in much larger than k²·C_out the 1×1 reduction's share C_b/(k²·C_out) "
            "is the larger one, and the break-even width falls far below C_in."
        ),
        "large image": tr(
            "H·W cancels from the ratio: the image size never moves the break-even width."
        ),
        "small kernel": tr(
            "with k = 1 the reduction's share C_b/(k²·C_out) is as large as it gets, which "
            "pulls the break-even width further below C_in."
        ),
    }


@exercise("01.2", "Never wider than the input")
def _never_wider(answer: Any) -> str:
    given = _parts_of_stubs(answer, ["ratio", "close_when"], "ratio", _BREAK_EVEN_CASES[0])
    for c_in, c_out, k in _BREAK_EVEN_CASES:
        got = expect_number(
            call(given["ratio"], c_in, c_out, k, what="ratio(c_in, c_out, k)"),
            tr("a number from ratio({c_in}, {c_out}, {k})", c_in=c_in, c_out=c_out, k=k),
        )
        where = _where(c_in, c_out, k, got)
        expect_close(
            got,
            bottleneck_cost(c_in, c_in, c_out, k, 8).mac_ratio,
            tr(
                "the MAC ratio at C_b = C_in for C_in={c_in}, C_out={c_out}, k={k}",
                c_in=c_in,
                c_out=c_out,
                k=k,
            ),
            mistakes=[
                (
                    1.0,
                    tr(
                        "{where}: that is the expansion's share alone; the 1×1 reduction costs "
                        "MACs too.",
                        where=where,
                    ),
                ),
                (
                    c_in / (k * k * c_out),
                    tr(
                        "{where}: that is the reduction's share alone; add the expansion's, "
                        "C_b/C_in.",
                        where=where,
                    ),
                ),
                (
                    1 + c_out / (k * k * c_in),
                    tr(
                        "{where}: C_in and C_out look swapped in the reduction's share.",
                        where=where,
                    ),
                ),
                (
                    1 + c_in / (k * c_out),
                    tr(
                        "{where}: the reduction's share is C_b/(k²·C_out), with k², not k.",
                        where=where,
                    ),
                ),
            ],
            hint=tr("Put C_b = C_in into C_b/(k²·C_out) + C_b/C_in."),
        )
    expect_choice(given["close_when"], "wide output", _close_when(), tr("close_when: one of"))
    return tr(
        "right for all {cases} shapes tried: at C_b = C_in the ratio is "
        "1 + C_in/(k²·C_out), always above 1, and a wider C_b only adds. The break-even width "
        "C_in/(1 + C_in/(k²·C_out)) approaches C_in when k²·C_out is much larger than C_in.",
        cases=len(_BREAK_EVEN_CASES),
    )
