"""The machinery of ``check``: the exercise registry, ``Feedback`` and the helpers that checks use.

A check is a function of the learner's answer. It returns the message for a right answer and
raises ``Mistake`` with the message for a wrong one; ``check`` turns both, an unanswered stub and
any error raised by the learner's own code into a ``Feedback``, never into a traceback.
"""

from __future__ import annotations

import contextlib
import difflib
import html
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "EXERCISES",
    "Exercise",
    "Feedback",
    "Mistake",
    "NotAnswered",
    "call",
    "check",
    "exercise",
    "expect_choice",
    "expect_close",
    "expect_number",
    "expect_type",
    "is_unanswered",
    "parts",
]

NOT_ANSWERED = (
    "Replace the `...` (or the `raise NotImplementedError`) with your answer, then run the cell "
    "again."
)


class Mistake(Exception):
    """Raised by a check when the answer is wrong; its text is what the learner reads."""


class NotAnswered(Exception):
    """Raised by a check when the answer, or a part of it, is still a stub."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: its id (``"01.3"``), its title, and the function that checks an answer."""

    exercise_id: str
    title: str
    checker: Callable[[Any], str]


_REGISTRY: dict[str, Exercise] = {}
# Every exercise id mapped to its title, in the order the notebooks ask them.
EXERCISES: dict[str, str] = {}


def exercise(
    exercise_id: str, title: str
) -> Callable[[Callable[[Any], str]], Callable[[Any], str]]:
    """Register the decorated function as the check of ``exercise_id``.

    Raises:
        ValueError: The id is registered twice or is not of the form ``"NN.k"``.
    """
    notebook, _, number = exercise_id.partition(".")
    if len(notebook) != 2 or not notebook.isdigit() or not number:
        raise ValueError(f"exercise ids look like '01.3' or '02.p1', not {exercise_id!r}")

    def register(checker: Callable[[Any], str]) -> Callable[[Any], str]:
        if exercise_id in _REGISTRY:
            raise ValueError(f"exercise {exercise_id!r} is registered twice")
        _REGISTRY[exercise_id] = Exercise(exercise_id, title, checker)
        EXERCISES[exercise_id] = title
        return checker

    return register


@dataclass(frozen=True)
class Feedback:
    """What ``check`` says about one answer.

    Attributes:
        exercise_id: The exercise, e.g. ``"01.3"``.
        title: The exercise's title.
        passed: Whether the answer is right.
        message: What to read: why it is right, or the likely mistake, or how to answer.
        answered: ``False`` while the answer is still the stub.
    """

    exercise_id: str
    title: str
    passed: bool
    message: str
    answered: bool = True

    @property
    def verdict(self) -> str:
        """ "Right", "Not yet right" or "Not answered yet"."""
        if not self.answered:
            return "Not answered yet"
        return "Right" if self.passed else "Not yet right"

    @property
    def _sentence(self) -> str:
        # Capitalise a leading plain word ("for C_in ..."), never code ("k = 1", "saves(...)").
        word = self.message.split(" ", 1)[0]
        if (len(word) > 1 or word == "a") and word.isalpha() and word.islower():
            return self.message[:1].upper() + self.message[1:]
        return self.message

    def __str__(self) -> str:
        mark = "✓" if self.passed else ("…" if not self.answered else "✗")
        return f"{mark} {self.exercise_id} {self.title}: {self.verdict}. {self._sentence}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        colour, background = (
            ("#1b5e20", "#e8f5e9")
            if self.passed
            else ("#8a5a00", "#fff8e1")
            if not self.answered
            else ("#b71c1c", "#ffebee")
        )
        return (
            f'<div style="border-left: 4px solid {colour}; background: {background}; '
            f'color: {colour}; padding: 4px 10px; margin: 2px 0">'
            f"<b>{html.escape(self.exercise_id)} {html.escape(self.title)}: "
            f"{html.escape(self.verdict)}.</b> {html.escape(self._sentence)}</div>"
        )


def is_unanswered(answer: Any) -> bool:
    """``True`` for the stubs a notebook leaves in place of an answer: ``...`` and ``None``."""
    return answer is None or answer is Ellipsis


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check ``answer`` to exercise ``exercise_id`` and say what is right or wrong with it.

    Args:
        exercise_id: The exercise, as the notebook names it: ``"01.3"``; ``EXERCISES`` lists all.
        answer: The learner's answer: a number, a function, a class, a model, ... as the
            exercise asks. ``...``, ``None`` and stubs that raise ``NotImplementedError`` count as
            not answered yet.

    Returns:
        A ``Feedback``, shown as a coloured note in a notebook and as one line elsewhere.

    Raises:
        ValueError: ``exercise_id`` names no exercise (the message suggests the closest ids).
    """
    if exercise_id not in _REGISTRY:
        close = difflib.get_close_matches(str(exercise_id), list(_REGISTRY), n=3)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ValueError(
            f"no exercise {exercise_id!r}: ids look like '01.3' (notebook 01, exercise 3).{hint}"
        )
    entry = _REGISTRY[exercise_id]

    def feedback(passed: bool, message: str, answered: bool = True) -> Feedback:
        return Feedback(exercise_id, entry.title, passed, message, answered)

    if is_unanswered(answer):
        return feedback(False, NOT_ANSWERED, answered=False)
    try:
        return feedback(True, entry.checker(answer))
    except NotAnswered as stub:
        return feedback(False, str(stub) or NOT_ANSWERED, answered=False)
    except NotImplementedError:
        return feedback(False, NOT_ANSWERED, answered=False)
    except Mistake as mistake:
        return feedback(False, str(mistake))
    except Exception as error:  # the learner's code, or an answer of a shape no check foresaw
        return feedback(
            False, f"checking this answer raised {type(error).__name__}: {error}".rstrip(": ")
        )


def call(function: Any, *args: Any, what: str = "your function", **kwargs: Any) -> Any:
    """Call the learner's ``function``; a stub becomes ``NotAnswered``, any other error a
    ``Mistake`` that names it.

    Raises:
        NotAnswered: ``function`` raised ``NotImplementedError``.
        Mistake: ``function`` is not callable, or raised anything else.
    """
    if not callable(function):
        raise Mistake(f"expected {what} (something to call), got {_describe(function)}")
    try:
        return function(*args, **kwargs)
    except NotImplementedError as stub:
        raise NotAnswered(NOT_ANSWERED) from stub
    except Exception as error:
        raise Mistake(f"{what} raised {type(error).__name__}: {error}") from error


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
    raise Mistake(f"expected {what}, got {_describe(answer)}")


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
        raise Mistake(f"expected {what}, got {number}")
    return float(number)


def parts(answer: Any, names: Iterable[str], what: str = "a dict") -> dict[str, Any]:
    """The named parts of a multi-part answer given as a dict.

    Raises:
        Mistake: ``answer`` is not a mapping, or lacks a part, or has a part not asked for.
        NotAnswered: Some parts are still ``...``; the message lists them.
    """
    names = list(names)
    if not isinstance(answer, Mapping):
        raise Mistake(
            f"expected {what} with the keys {', '.join(map(repr, names))}, got {_describe(answer)}"
        )
    missing = [name for name in names if name not in answer]
    extra = [key for key in answer if key not in names]
    if missing or extra:
        said = []
        if missing:
            said.append(f"missing {', '.join(map(repr, missing))}")
        if extra:
            said.append(f"not asked for {', '.join(map(repr, extra))}")
        raise Mistake(
            f"the answer's keys should be {', '.join(map(repr, names))}: {'; '.join(said)}"
        )
    stubs = [name for name in names if is_unanswered(answer[name])]
    if len(stubs) == len(names):
        raise NotAnswered(NOT_ANSWERED)
    if stubs:
        raise NotAnswered(
            f"Replace the `...` of {', '.join(map(repr, stubs))} with your answer too."
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
        what: What the number is, for the messages ("the MACs of the 5×5 branch").
        mistakes: ``(value, message)`` pairs: the value a common mistake gives, and what to say
            when the answer equals it. The right value never appears in a message.
        rel_tol: Relative tolerance of every comparison (``math.isclose``).
        abs_tol: Absolute tolerance of every comparison.
        hint: What to say when the answer matches no known mistake.

    Returns:
        The answer as a float.

    Raises:
        Mistake: The answer is not a number or not close to ``expected``.
    """
    number = expect_number(answer, f"a number ({what})")

    def close(value: float) -> bool:
        return math.isclose(number, value, rel_tol=rel_tol, abs_tol=abs_tol)

    if close(expected):
        return number
    for value, message in mistakes:
        if close(value):
            raise Mistake(message)
    raise Mistake(f"{number:,g} is not {what}." + (f" {hint}" if hint else ""))


def expect_choice(answer: Any, right: str, wrong: Mapping[str, str], what: str = "one of") -> str:
    """Check a multiple-choice answer given as one of the option strings.

    Args:
        answer: The learner's option, compared without case or surrounding spaces.
        right: The right option.
        wrong: Every other option, mapped to what to say when it is chosen.
        what: How to introduce the options in the message for an answer that is none of them.

    Raises:
        Mistake: A wrong option (its message), or an answer that is not an option.
    """
    options = [right, *wrong]
    text = expect_type(answer, str, f"{what} {', '.join(map(repr, options))}")
    chosen = text.strip().lower()
    if chosen == right.lower():
        return right
    for option, message in wrong.items():
        if chosen == option.lower():
            raise Mistake(message)
    raise Mistake(f"expected {what} {', '.join(map(repr, options))}, got {text!r}")
