"""What notebook 03's checks share: a fixed batch of real digits that every check can use offline,
gradient profiles of plain stacks measured on it, and section 3's test of whether a run learned.

Every check that builds a model runs inside ``torch.random.fork_rng``, so checking an answer never
changes the random numbers of the learner's notebook.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import torch

from advcnn.data import load_mnist
from advcnn.exercises._core import (
    Mistake,
    NotAnswered,
    expect_type,
    is_unanswered,
    parts,
)
from advcnn.gradients import GradientProfile, gradient_profile
from advcnn.history import History
from advcnn.i18n import tr

__all__ = [
    "CHANCE",
    "digit_batch",
    "final_loss",
    "learned",
    "checked_parts",
    "expect_history",
    "needs",
    "own_random_numbers",
    "plain_profile",
    "whole_number",
]

# ln 10: the cross-entropy of answering 1/10 for every digit. Section 3 says a run "learned" when
# its training loss over its last 100 logged steps ends more than 0.1 below it.
CHANCE = math.log(10)
LEARNED_MARGIN = 0.1
LAST_STEPS = 100


@contextmanager
def own_random_numbers() -> Iterator[None]:
    """Run a block with its own random numbers; the learner's global generator is left alone."""
    with torch.random.fork_rng(devices=[]):
        yield


@functools.lru_cache(maxsize=1)
def digit_batch() -> tuple[torch.Tensor, torch.Tensor]:
    """The first 64 digits of MNIST's bundled sample (offline, and the same on every machine).

    The notebook's explorer uses the first 64 digits of whatever MNIST it loaded; the thresholds
    the checks ask about (the depths at which a plain stack's ratios cross a power of ten) are the
    same on this batch, on the full set's first 64 and on quick mode's.
    """
    data = load_mnist(source="sample", verbose=False)
    return data.train_images[:64].clone(), data.train_labels[:64].clone()


@functools.lru_cache(maxsize=64)
def plain_profile(depth: int, dtype: torch.dtype = torch.float64) -> GradientProfile:
    """``gradient_profile`` of a plain ``DeepStack`` (seed 0, 16 channels) on ``digit_batch``;
    the same arguments always give the same profile, so each is measured once."""
    images, labels = digit_batch()
    with own_random_numbers():
        return gradient_profile(depth, residual=False, images=images, labels=labels, dtype=dtype)


def final_loss(history: History, last_steps: int = LAST_STEPS) -> float:
    """Mean logged training loss over the last ``last_steps`` steps, as section 3 computes it."""
    end = history.steps[-1][0]
    losses = [loss for step, loss in history.steps if step > end - last_steps]
    return sum(losses) / len(losses)


def learned(history: History) -> bool:
    """Section 3's test: the final training loss is more than 0.1 below chance."""
    return final_loss(history) < CHANCE - LEARNED_MARGIN


def expect_history(value: Any, what: str) -> History:
    """``value`` if it is a ``History`` with logged losses and an evaluation, else ``Mistake``."""
    if isinstance(value, Mapping):
        raise Mistake(tr("{what} should be one run's History, not a dict of them", what=what))
    history = expect_type(value, History, tr("{what}: the History that fit returned", what=what))
    if not history.steps or not history.records:
        raise Mistake(
            tr(
                "{what} has no logged training loss or no finished epoch: train at least one "
                "epoch with log_every set, as section 3's recipe does",
                what=what,
            )
        )
    return history


def whole_number(value: Any, what: str) -> int:
    """``value`` as an int if it is a whole number (``26`` or ``26.0``), else ``Mistake``."""
    number = expect_type(value, (int, float), what)
    if number != int(number):
        raise Mistake(
            tr("expected {what}, a whole number, got {number!r}", what=what, number=number)
        )
    return int(number)


def checked_parts(
    answer: Any, checks: Mapping[str, Callable[[Any, dict[str, Any]], Any]]
) -> dict[str, Any]:
    """Check a dict answer part by part, in order, and report the parts still unanswered last.

    Args:
        answer: The learner's dict.
        checks: For each key, in the order asked, a function of the part and of the results of
            the parts before it; it returns the part's result or raises ``Mistake``. A part that
            is ``...``, or a function part that raises ``NotImplementedError`` (``NotAnswered``),
            is left for last, and so is every part whose check needs its result.

    Returns:
        Each part's result, by key.

    Raises:
        Mistake: Not a dict, keys missing or not asked for, or a wrong part (the first one).
        NotAnswered: Every part checked is right, but some are still stubs; the message names
            them.
    """
    names = list(checks)
    try:
        values = parts(answer, names)
    except NotAnswered:  # keys are right; which parts are stubs is sorted out below
        values = {name: answer[name] for name in names}
    results: dict[str, Any] = {}
    pending: list[str] = []
    for name, check_part in checks.items():
        if is_unanswered(values[name]):
            pending.append(name)
            continue
        try:
            results[name] = check_part(values[name], results)
        except (NotAnswered, _Waiting):
            pending.append(name)
    if len(pending) == len(names):
        raise NotAnswered()
    if pending:
        raise NotAnswered(
            tr(
                "What you answered is right so far. Replace the `...` (or the "
                "`raise NotImplementedError`) of {names} too.",
                names=", ".join(map(repr, pending)),
            )
        )
    return results


class _Waiting(Exception):
    """A part's check needs the result of an earlier part that is not answered yet."""


def needs(results: dict[str, Any], name: str) -> Any:
    """The result of the earlier part ``name``; the part asking waits while it is unanswered."""
    if name not in results:
        raise _Waiting(name)
    return results[name]
