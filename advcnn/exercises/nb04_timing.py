"""Check of notebook 04's exercise 04.6, the time to an accuracy: the learner's function is tried
on histories built here, and the answer is recomputed with ``History.time_to_accuracy``."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

from advcnn.exercises._core import Mistake, call, expect_number
from advcnn.history import EpochRecord, History
from advcnn.i18n import tr

__all__ = ["time_to_accuracy"]


# --- 04.6 Faster: seconds to an accuracy ---------------------------------------------------------


def _history(
    evaluations: list[tuple[int, float, float]], epoch_ends: list[int], setup: float
) -> History:
    """A History whose epochs end at the evaluations numbered ``epoch_ends`` (mid-epoch ones are
    the others, as ``eval_every_steps`` adds them)."""
    records, start = [], 0.0
    for number, index in enumerate(epoch_ends, 1):
        _, seconds, accuracy = evaluations[index]
        records.append(EpochRecord(number, 0.1, accuracy, accuracy, seconds - start, 5e3, 0.01))
        start = seconds
    return History(
        records=records, evaluations=evaluations, setup_seconds=setup, steps_per_epoch=938
    )


# Two runs: one evaluated after each epoch only, one every 300 steps (eval_every_steps=300).
_EPOCHS_ONLY = _history(
    [(938, 10.0, 0.95), (1876, 20.5, 0.97), (2814, 31.25, 0.975), (3752, 41.5, 0.972)],
    [0, 1, 2, 3],
    setup=3.0,
)
_MIDWAY = _history(
    [(300, 3.5, 0.9), (600, 6.75, 0.961), (900, 9.5, 0.957), (938, 9.75, 0.963),
     (1238, 13.25, 0.969), (1538, 16.5, 0.9705), (1838, 19.75, 0.968), (1876, 20.25, 0.971)],
    [3, 7],
    setup=1.5,
)  # fmt: skip
# (history, target): an accuracy equal to the target, one reached and lost again, one reached
# first between epochs, one never reached.
_TIME_CASES = (
    (_EPOCHS_ONLY, 0.96),
    (_EPOCHS_ONLY, 0.97),
    (_EPOCHS_ONLY, 0.972),
    (_MIDWAY, 0.96),
    (_MIDWAY, 0.97),
    (_EPOCHS_ONLY, 0.99),
)


def _time_mistakes(history: History, target: float) -> list[tuple[Callable[[], Any], str]]:
    """What common wrong readings give for one case, and what to say about each."""
    evaluations = history.evaluations
    reached = [entry for entry in evaluations if entry[2] >= target]
    records = history.records
    by_epoch = [(r.epoch, sum(x.seconds for x in records[: r.epoch]), r) for r in records]
    at_epoch = [(e, s, r) for e, s, r in by_epoch if r.test_accuracy >= target]
    return [
        (lambda: next(s for _, s, a in evaluations if a > target), tr("an accuracy equal to the "
         "target has reached it: compare with >=, not >")),
        (lambda: reached[-1][1], tr("that is the last evaluation at or above the target; the "
         "first one is asked for")),
        (lambda: max(evaluations, key=lambda e: e[2])[1], tr("that is when the best accuracy "
         "came; the first evaluation at or above the target is asked for")),
        (lambda: reached[0][0], tr("that is the step of the evaluation, not the training "
         "seconds")),
        (lambda: at_epoch[0][0], tr("that is the epoch number, not the training seconds")),
        (lambda: reached[0][1] + history.setup_seconds, tr("setup_seconds is not training "
         "time: leave it out, as the evaluations' seconds do")),
        (lambda: at_epoch[0][1], tr("you read the epoch records only; history.evaluations also "
         "holds the evaluations inside an epoch (eval_every_steps), which may come sooner")),
        (lambda: at_epoch[0][2].seconds, tr("a record's seconds are one epoch's; the "
         "evaluations carry the training seconds so far")),
    ]  # fmt: skip


def time_to_accuracy(answer: Any) -> str:
    """04.6: ``seconds_to_accuracy(history, target)`` against ``History.time_to_accuracy``."""
    for history, target in _TIME_CASES:
        # A copy: a function that sorts or edits the history must not change the next case.
        got = call(
            answer, copy.deepcopy(history), target, what="seconds_to_accuracy(history, target)"
        )
        right = history.time_to_accuracy(target)
        where = tr("for a target of {target}", target=target)
        if right is None:
            if got is not None:
                raise Mistake(
                    tr(
                        "{where}, which the run never reaches, you returned {got!r}: return None "
                        "when no evaluation reaches the target.",
                        where=where,
                        got=got,
                    )
                )
            continue
        if got is None:
            raise Mistake(
                tr(
                    "{where} you returned None, but an evaluation reaches the target.",
                    where=where,
                )
            )
        number = expect_number(got, tr("training seconds {where}", where=where))
        if math.isclose(number, right, rel_tol=1e-9):
            continue
        for wrong, message in _time_mistakes(history, target):
            try:
                value = wrong()
            except (StopIteration, IndexError):
                continue
            if not math.isclose(value, right) and math.isclose(number, value, rel_tol=1e-9):
                raise Mistake(
                    tr(
                        "{where} you returned {number:g}: {message}.",
                        where=where,
                        number=number,
                        message=message,
                    )
                )
        raise Mistake(
            tr(
                "{where} you returned {number:g}, which is not the training seconds at the first "
                "evaluation that reached it. Read history.evaluations: (step, seconds, accuracy).",
                where=where,
                number=number,
            )
        )
    return tr(
        "the first evaluation at or above the target, those inside an epoch included, and None "
        "when no evaluation reaches it, on all {count} cases tried.",
        count=len(_TIME_CASES),
    )
