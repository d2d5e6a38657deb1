"""Checks of notebook 06's exercises 2 and 3: runs the learner trained, read back from the
histories and errors they pass (how many diverged; the training loss against the label-smoothing
floor). Nothing here trains."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from advcnn.ablation import AblationRow, smoothing_floor
from advcnn.config import RECIPES
from advcnn.exercises._core import (
    Mistake,
    NotAnswered,
    call,
    exercise,
    expect_close,
    expect_type,
    is_unanswered,
    parts,
)
from advcnn.history import History, TrainingDivergedError
from advcnn.i18n import tr

__all__: list[str] = []

# A finished run whose final test accuracy is below this answers about as well as a constant
# guess (the most common digit is about 11 % of MNIST's test set): it collapsed, not diverged.
COLLAPSED_BELOW = 0.2


def _runs(outcomes: Any) -> tuple[int, int, list[float]]:
    """How many runs, how many diverged, and the final test accuracies of those that finished."""
    if isinstance(outcomes, AblationRow):
        if outcomes.config.clip_grad_norm is not None:
            raise Mistake(
                tr(
                    "this row's configuration still clips the gradient norm at {clip:g}: set "
                    "clip_grad_norm=None",
                    clip=outcomes.config.clip_grad_norm,
                )
            )
        if outcomes.config.epochs != 1:
            raise Mistake(
                tr(
                    "this row trains {epochs} epochs: the exercise asks one",
                    epochs=outcomes.config.epochs,
                )
            )
        return len(outcomes.accuracies), outcomes.diverged, outcomes.finished
    runs = expect_type(
        outcomes,
        (list, tuple),
        tr(
            "a list of what each run gave: the History that fit returned, or the "
            "TrainingDivergedError it raised (or the AblationRow run_ablation returns for this "
            "one configuration)"
        ),
    )
    diverged, finished = 0, []
    for position, outcome in enumerate(runs, start=1):
        if isinstance(outcome, TrainingDivergedError):
            diverged += 1
            history = outcome.history
        elif isinstance(outcome, History):
            history = outcome
            if history.final_test_accuracy is not None:
                finished.append(history.final_test_accuracy)
        elif isinstance(outcome, AblationRow):
            raise Mistake(
                tr(
                    "run {position} is an AblationRow: pass the row itself as outcomes",
                    position=position,
                )
            )
        else:
            raise Mistake(
                tr(
                    "run {position} is a {kind}: keep the History that fit returned, or the "
                    "TrainingDivergedError you caught (except TrainingDivergedError as error: "
                    "outcomes.append(error))",
                    position=position,
                    kind=type(outcome).__name__,
                )
            )
        if len(history.records) > 1:
            raise Mistake(
                tr(
                    "run {position} trained {epochs} epochs: the exercise asks for one "
                    "(epochs=1), the ablation's budget",
                    position=position,
                    epochs=len(history.records),
                )
            )
    return len(runs), diverged, finished


@exercise("06.2", "The Inception net without the clip")
def _without_clip(answer: Any) -> str:
    values = parts(answer, ("outcomes", "diverged"))
    runs, diverged, finished = _runs(values["outcomes"])
    if runs < 2:
        raise Mistake(
            tr(
                "{runs} run(s): train a few seeds, at least 2, to see how often it happens",
                runs=runs,
            )
        )
    collapsed = sum(accuracy < COLLAPSED_BELOW for accuracy in finished)
    mistakes = [
        (
            runs - diverged,
            tr(
                "that is the number of runs that finished: count those that raised "
                "TrainingDivergedError"
            ),
        ),
        (
            diverged + collapsed,
            tr(
                "you also counted the run(s) that collapsed to chance-level accuracy: their loss "
                "stayed finite and fit returned a History, so they finished; they did not diverge"
            ),
        ),
        (runs, tr("that is the number of runs, not of those that diverged")),
        (diverged / runs, tr("give the number of runs that diverged, not the fraction")),
        (100 * diverged / runs, tr("give the number of runs that diverged, not a percentage")),
    ]
    expect_close(
        values["diverged"],
        diverged,
        tr("the number of your runs that diverged"),
        mistakes=mistakes,
        hint=tr("Count the outcomes that are a TrainingDivergedError."),
    )
    return tr(
        "only the runs that raised TrainingDivergedError diverged (their loss became NaN or "
        "infinite); a run that returned a History finished, however low its accuracy."
    )


# (smoothing, classes) to try the learner's floor on: the fast recipe's, a larger smoothing,
# class counts other than 10 (a hard-coded 10), two classes (K - 1 = 1), and no smoothing at all
# last (0 · log 0), so that a formula's mistake is named before a crash at 0 is.
_FLOOR_CASES = ((0.05, 10), (0.2, 10), (0.1, 100), (0.3, 2), (0.05, 1000), (0.0, 10))


def _entropy(probabilities: list[tuple[float, int]]) -> float:
    """-Σ p·ln p over ``(p, how many classes hold p)``, with 0·ln 0 = 0."""
    return -sum(count * p * math.log(p) for p, count in probabilities if p > 0)


def _floor_mistakes(smoothing: float, classes: int) -> list[tuple[float, str]]:
    """What the common wrong formulas give for the floor, and what to say about each."""
    other = smoothing / classes
    true = 1 - smoothing + other
    right = smoothing_floor(smoothing, classes)
    mistakes = []
    if smoothing > 0:
        mistakes.append(
            (
                _entropy([(1 - smoothing, 1), (smoothing / (classes - 1), classes - 1)]),
                tr(
                    "you spread ε over the K − 1 other classes; PyTorch's label_smoothing (and "
                    "the notebook) gives every class ε/K, the true one included: 1 − ε + ε/K on it"
                ),
            )
        )
        mistakes.append(
            (
                _entropy([(true, 1)]),
                tr(
                    "you left out the other classes' terms: the entropy sums −p·ln p over all K "
                    "classes, and each of the K − 1 others holds ε/K"
                ),
            )
        )
        mistakes.append(
            (
                _entropy([(true, 1), (other, 1)]),
                tr("you counted one other class: there are K − 1 of them, each holding ε/K"),
            )
        )
        mistakes.append(
            (
                -math.log(true),
                tr(
                    "that is −ln of the true class's target alone, the loss against the hard "
                    "label; the floor is the target's entropy, summed over all K classes"
                ),
            )
        )
    if classes != 10:
        mistakes.append(
            (
                smoothing_floor(smoothing, 10),
                tr(
                    "for {classes} classes your function gives the floor of 10 classes: use "
                    "num_classes, not 10",
                    classes=classes,
                ),
            )
        )
    mistakes.append(
        (
            right / math.log(2),
            tr("that is in bits (log base 2); cross-entropy uses the natural log"),
        )
    )
    return [(value, message) for value, message in mistakes if not math.isclose(value, right)]


def _check_floor(floor: Callable[[float, int], float]) -> None:
    if not callable(floor):
        raise Mistake(
            tr(
                '"floor" should be your function loss_floor(smoothing, num_classes), not its '
                "value: got a {kind}",
                kind=type(floor).__name__,
            )
        )
    for smoothing, classes in _FLOOR_CASES:
        where = f"loss_floor({smoothing}, {classes})"
        try:
            got = call(floor, smoothing, classes, what=where)
        except Mistake as error:
            if smoothing == 0:
                raise Mistake(
                    tr(
                        "{error}. With smoothing 0 the other classes' target is 0, and 0·ln 0 "
                        "counts as 0: skip those terms",
                        error=error,
                    )
                ) from error
            raise
        expect_close(
            got,
            smoothing_floor(smoothing, classes),
            tr(
                "the floor for smoothing {smoothing} and {classes} classes",
                smoothing=smoothing,
                classes=classes,
            ),
            rel_tol=1e-6,
            abs_tol=1e-9,
            mistakes=[
                (value, tr("{where}: {message}", where=where, message=message))
                for value, message in _floor_mistakes(smoothing, classes)
            ],
            hint=tr(
                "The floor is the entropy of the smoothed target, −Σ p·ln p over the K classes."
            ),
        )


def _gap(history: Any, gap: Any) -> None:
    if isinstance(history, TrainingDivergedError):
        raise Mistake(
            tr(
                '"history" is a TrainingDivergedError: that run diverged. Train with the fast '
                "recipe, which clips the gradient"
            )
        )
    expect_type(history, History, tr("the History that fit returned (history)"))
    if not history.records:
        raise Mistake(tr("this History has no epoch records: train at least one whole epoch"))
    smoothing = RECIPES["fast"].label_smoothing
    floor = smoothing_floor(smoothing)
    last = history.records[-1].train_loss
    if last < floor - 1e-6:
        raise Mistake(
            tr(
                "this History's last training loss is below the floor of label smoothing "
                "{smoothing:g}, which no such run can reach: train it with the fast recipe",
                smoothing=smoothing,
            )
        )
    mistakes = [
        (
            floor - last,
            tr("you subtracted the other way round: the gap is the training loss minus the floor"),
        ),
        (
            history.records[0].train_loss - floor,
            tr(
                "that uses the first epoch's training loss: take the last one, "
                "history.records[-1].train_loss"
            ),
        ),
        (last, tr("that is the training loss itself: subtract the floor")),
        (
            last / floor,
            tr("that is the loss over the floor, a ratio: the gap is their difference"),
        ),
        (
            last - floor / math.log(2),
            tr("your floor is in bits (log base 2); cross-entropy uses the natural log"),
        ),
    ]
    if history.steps:
        mistakes.insert(
            2,
            (
                history.steps[-1][1] - floor,
                tr(
                    "that uses the last logged loss (history.steps): take the last epoch's mean, "
                    "history.records[-1].train_loss"
                ),
            ),
        )
    right = last - floor
    expect_close(
        gap,
        right,
        tr("the last epoch's training loss minus the floor"),
        abs_tol=1e-4,
        mistakes=[(value, message) for value, message in mistakes if abs(value - right) > 1e-4],
    )


@exercise("06.3", "The floor in practice")
def _floor_in_practice(answer: Any) -> str:
    names = ("floor", "history", "gap")
    if isinstance(answer, Mapping) and "floor" in answer and not is_unanswered(answer["floor"]):
        _check_floor(answer["floor"])
        try:
            values = parts(answer, names)
        except NotAnswered as stub:
            raise NotAnswered(tr("Your loss_floor is right. {stub}", stub=stub)) from stub
    else:
        values = parts(answer, names)
    _gap(values["history"], values["gap"])
    return tr(
        "your loss_floor agrees with smoothing_floor for every smoothing and class count tried, "
        "and the gap is the last epoch's mean training loss minus the floor. It is positive, as it "
        "must be: no prediction has a lower smoothed cross-entropy than the target itself."
    )
