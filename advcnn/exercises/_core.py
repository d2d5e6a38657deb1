"""The machinery of ``check``: the exercise registry and ``Feedback``.

A check is a function of the learner's answer. It returns the message for a right answer and
raises ``Mistake`` with the message for a wrong one; ``check`` turns both, an unanswered stub and
any error raised by the learner's own code into a ``Feedback``, never into a traceback. The
helpers that checks use to read an answer are in ``_answers`` and are gathered here, so that a
check imports everything it needs from one place. Titles are registered in English and
translated where they are shown.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from advcnn.exercises._answers import (
    Mistake,
    NotAnswered,
    call,
    error_name,
    expect_choice,
    expect_close,
    expect_number,
    expect_type,
    is_unanswered,
    listed,
    not_answered,
    parts,
)
from advcnn.i18n import tr

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
    "not_answered",
    "parts",
]


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
        """ "Right", "Not yet right" or "Not answered yet" (in English: shown through ``tr``)."""
        if not self.answered:
            return "Not answered yet"
        return "Right" if self.passed else "Not yet right"

    def _heading(self) -> str:
        """``"01.1 Break-even width: Right."`` in the language in use."""
        if not self.answered:
            verdict = tr("Not answered yet")
        else:
            verdict = tr("Right") if self.passed else tr("Not yet right")
        return tr(
            "{exercise_id} {title}: {verdict}.",
            exercise_id=self.exercise_id,
            title=tr(self.title),
            verdict=verdict,
        )

    @property
    def _sentence(self) -> str:
        # Capitalise a leading plain word ("for C_in ..."), never code ("k = 1", "saves(...)"),
        # and never in a Chinese message, where a leading word is code ("forward 仍然…").
        word = self.message.split(" ", 1)[0]
        if _has_cjk(self.message):
            return self.message
        if (len(word) > 1 or word == "a") and word.isalpha() and word.islower():
            return self.message[:1].upper() + self.message[1:]
        return self.message

    def __str__(self) -> str:
        mark = "✓" if self.passed else ("…" if not self.answered else "✗")
        return f"{mark} {self._heading()} {self._sentence}"

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
            f"<b>{html.escape(self._heading())}</b> {html.escape(self._sentence)}</div>"
        )


_CJK = re.compile("[\u4e00-\u9fff]")  # CJK Unified Ideographs: the Chinese characters
# A Chinese character right before a Latin letter, a digit or a backtick, or right after one of
# those or a closing bracket: code or a number touching Chinese text, with no space between.
_UNSPACED = re.compile(
    rf"(?<={_CJK.pattern})(?=[A-Za-z0-9`])|(?<=[A-Za-z0-9`)\]])(?={_CJK.pattern})"
)


def _has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character."""
    return _CJK.search(text) is not None


def _spaced(message: str) -> str:
    """A Chinese message with a space between Chinese and code or numbers, as the catalogue
    writes them (``需要 break_even(...)``, ``第 3 轮``): a template cannot know whether the
    fragment it receives is code or a translated phrase. An English message is left as it is."""
    return _UNSPACED.sub(" ", message) if _has_cjk(message) else message


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
        unknown = tr(
            "no exercise {exercise_id!r}: ids look like '01.3' (notebook 01, exercise 3).",
            exercise_id=exercise_id,
        )
        if close:
            unknown += tr(" Did you mean {ids}?", ids=listed(close))
        raise ValueError(unknown)
    entry = _REGISTRY[exercise_id]

    def feedback(passed: bool, message: str, answered: bool = True) -> Feedback:
        return Feedback(exercise_id, entry.title, passed, _spaced(message), answered)

    if is_unanswered(answer):
        return feedback(False, not_answered(), answered=False)
    try:
        return feedback(True, entry.checker(answer))
    except NotAnswered as stub:
        return feedback(False, str(stub), answered=False)
    except NotImplementedError:
        return feedback(False, not_answered(), answered=False)
    except Mistake as mistake:
        return feedback(False, str(mistake))
    except Exception as error:  # the learner's code, or an answer of a shape no check foresaw
        said = str(error).rstrip(": ")
        if not said:
            return feedback(
                False, tr("checking this answer raised {error_type}", error_type=error_name(error))
            )
        return feedback(
            False,
            tr(
                "checking this answer raised {error_type}: {error}",
                error_type=error_name(error),
                error=said,
            ),
        )
