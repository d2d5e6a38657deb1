"""The helpers a check uses to read the learner's answer: ``Mistake`` and ``NotAnswered``, calling
the learner's code (``call``), and the expectations of a type, a number, a dict of parts, a value
close to the right one and a choice among options.

Every text a learner reads goes through ``advcnn.i18n.tr``. A ``what`` fragment that a check passes
to these helpers is already translated by the caller (``what=tr("the block's MACs")``) and is
never looked up again here; the defaults (``"your function"``, ``"a dict"``, ``"one of"``) are.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Mapping
from typing import Any

from advcnn.i18n import tr

__all__ = [
    "Mistake",
    "NotAnswered",
    "call",
    "error_name",
    "expect_choice",
    "expect_close",
    "expect_number",
    "expect_type",
    "is_unanswered",
    "listed",
    "not_answered",
    "parts",
]


def not_answered() -> str:
    """What to do with a stub, in the language in use: what ``NotAnswered()`` says."""
    return tr(
        "Replace the `...` (or the `raise NotImplementedError`) with your answer, then run the "
        "cell again."
    )


def is_unanswered(answer: Any) -> bool:
    """``True`` for the stubs a notebook leaves in place of an answer: ``...`` and ``None``."""
    return answer is None or answer is Ellipsis


class Mistake(Exception):
    """Raised by a check when the answer is wrong; its text is what the learner reads."""


class NotAnswered(Exception):
    """Raised by a check when the answer, or a part of it, is still a stub; without a message of
    its own it says what ``not_answered()`` says, in the language in use when it is read."""

    def __str__(self) -> str:
        return super().__str__() or not_answered()


def error_name(error: BaseException) -> str:
    """The class name of ``error``, as a message names it."""
    return type(error).__name__


def call(function: Any, *args: Any, what: str | None = None, **kwargs: Any) -> Any:
    """Call the learner's ``function``; a stub becomes ``NotAnswered``, any other error a
    ``Mistake`` that names it (the error itself is the ``Mistake``'s ``__cause__``).

    Args:
        function: The learner's function.
        args: Its arguments.
        what: How to name the call in a message, already translated: code such as
            ``"break_even(c_in, c_out, k)"`` or ``tr("iterating your sampler")``; ``None``:
            "your function".
        kwargs: Its keyword arguments.

    Raises:
        NotAnswered: ``function`` raised ``NotImplementedError``.
        Mistake: ``function`` is not callable, or raised anything else.
    """
    if what is None:
        what = tr("your function")
    if not callable(function):
        raise Mistake(
            tr(
                "expected {what} (something to call), got {got}",
                what=what,
                got=_describe(function),
            )
        )
    try:
        return function(*args, **kwargs)
    except NotImplementedError as stub:
        raise NotAnswered() from stub
    except Exception as error:
        raise Mistake(
            tr(
                "{what} raised {error_type}: {error}",
                what=what,
                error_type=error_name(error),
                error=error,
            )
        ) from error


def _describe(value: Any) -> str:
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"{type(value).__name__} {text}"


def expect_type(answer: Any, types: type | tuple[type, ...], what: str) -> Any:
    """Return ``answer`` if it is one of ``types``, else raise ``Mistake`` saying what was expected.

    ``bool`` is not accepted where a number is expected, although Python counts it as an ``int``.

    Raises:
        Mistake: ``answer`` is of another type.
    """
    wanted = types if isinstance(types, tuple) else (types,)
    number_wanted = any(t in (int, float) for t in wanted) and bool not in wanted
    if isinstance(answer, wanted) and not (number_wanted and isinstance(answer, bool)):
        return answer
    raise Mistake(tr("expected {what}, got {got}", what=what, got=_describe(answer)))


def expect_number(answer: Any, what: str) -> float:
    """``answer`` as a float if it is an int, a float or a one-element tensor or array.

    Raises:
        Mistake: ``answer`` is not a single finite number.
    """
    if not isinstance(answer, (int, float)) and hasattr(answer, "item"):
        with contextlib.suppress(TypeError, ValueError, RuntimeError):  # more than one element
            answer = answer.item()
    number = expect_type(answer, (int, float), what)
    if not math.isfinite(number):
        raise Mistake(tr("expected {what}, got {got}", what=what, got=number))
    return float(number)


def listed(names: Iterable[Any]) -> str:
    """``names`` as their reprs, separated by commas: ``'a', 'b'``."""
    return ", ".join(map(repr, names))


def parts(answer: Any, names: Iterable[str], what: str | None = None) -> dict[str, Any]:
    """The named parts of a multi-part answer given as a dict.

    Args:
        answer: The learner's dict.
        names: The keys asked for, in order.
        what: What the answer is, for the message when it is not a dict (already translated;
            ``None``: "a dict").

    Raises:
        Mistake: ``answer`` is not a mapping, or lacks a part, or has a part not asked for.
        NotAnswered: Some parts are still ``...``; the message lists them.
    """
    names = list(names)
    if not isinstance(answer, Mapping):
        raise Mistake(
            tr(
                "expected {what} with the keys {keys}, got {got}",
                what=tr("a dict") if what is None else what,
                keys=listed(names),
                got=_describe(answer),
            )
        )
    missing = [name for name in names if name not in answer]
    extra = [key for key in answer if key not in names]
    if missing and extra:
        said = tr(
            "missing {missing}; not asked for {extra}",
            missing=listed(missing),
            extra=listed(extra),
        )
    elif missing:
        said = tr("missing {missing}", missing=listed(missing))
    elif extra:
        said = tr("not asked for {extra}", extra=listed(extra))
    if missing or extra:
        raise Mistake(
            tr("the answer's keys should be {keys}: {problems}", keys=listed(names), problems=said)
        )
    stubs = [name for name in names if is_unanswered(answer[name])]
    if len(stubs) == len(names):
        raise NotAnswered()
    if stubs:
        raise NotAnswered(
            tr("Replace the `...` of {names} with your answer too.", names=listed(stubs))
        )
    return {name: answer[name] for name in names}


def expect_close(
    answer: Any,
    expected: float,
    what: str,
    *,
    mistakes: Iterable[tuple[float, str]] = (),
    rel_tol: float = 1e-9,
    abs_tol: float = 0.0,
    hint: str = "",
) -> float:
    """Check a numeric answer against ``expected``, naming the likely mistake when it is wrong.

    Args:
        answer: The learner's number.
        expected: The right value, computed by the package's own code.
        what: What the number is, for the messages, already translated:
            ``tr("the MACs of the 5×5 branch")``.
        mistakes: ``(value, message)`` pairs: the value a common mistake gives, and what to say
            when the answer equals it (translated by the caller). The right value never appears
            in a message.
        rel_tol: Relative tolerance of every comparison (``math.isclose``).
        abs_tol: Absolute tolerance of every comparison.
        hint: What to say when the answer matches no known mistake (translated by the caller).

    Returns:
        The answer as a float.

    Raises:
        Mistake: The answer is not a number or not close to ``expected``.
    """
    number = expect_number(answer, tr("a number ({what})", what=what))

    def close(value: float) -> bool:
        return math.isclose(number, value, rel_tol=rel_tol, abs_tol=abs_tol)

    if close(expected):
        return number
    for value, message in mistakes:
        if close(value):
            raise Mistake(message)
    if hint:
        raise Mistake(tr("{number:,g} is not {what}. {hint}", number=number, what=what, hint=hint))
    raise Mistake(tr("{number:,g} is not {what}.", number=number, what=what))


def expect_choice(
    answer: Any, right: str, wrong: Mapping[str, str], what: str | None = None
) -> str:
    """Check a multiple-choice answer given as one of the option strings.

    Args:
        answer: The learner's option, compared without case or surrounding spaces. The options
            stay English in every language: they are what the learner types.
        right: The right option.
        wrong: Every other option, mapped to what to say when it is chosen (translated by the
            caller).
        what: How to introduce the options in the message for an answer that is none of them,
            already translated (``tr("close_when: one of")``; the Chinese message reads
            ``"{what}：'a', 'b'；你给的是 …"``, so a fragment that says 应为 reads best);
            ``None``: "one of".

    Raises:
        Mistake: A wrong option (its message), or an answer that is not an option.
    """
    options = listed([right, *wrong])
    what = tr("one of") if what is None else what
    if not isinstance(answer, str):
        raise Mistake(
            tr(
                "expected {what} {options}, got {got}",
                what=what,
                options=options,
                got=_describe(answer),
            )
        )
    chosen = answer.strip().lower()
    if chosen == right.lower():
        return right
    for option, message in wrong.items():
        if chosen == option.lower():
            raise Mistake(message)
    raise Mistake(
        tr("expected {what} {options}, got {got}", what=what, options=options, got=repr(answer))
    )
