"""Notebook 04's exercise checks: right answers pass, stubs are "not answered", and each common
wrong answer gets the message that names its mistake."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import RandomSampler, Sampler

from advcnn.data import MNIST_MEAN, MNIST_STD
from advcnn.exercises import check
from advcnn.history import EpochRecord, History
from advcnn.models import InceptionNet, ResidualNet, SimpleCNN
from advcnn.plots.training import find_misclassified

BLANK = (0.0 - MNIST_MEAN) / MNIST_STD

# --- 04.1 The lecture's full run ----------------------------------------------------------------


def run(final: float, epochs: int = 10) -> History:
    """A finished run of ``epochs`` epochs whose last test accuracy is ``final``."""
    records = [
        EpochRecord(epoch, 0.1, 0.9, final if epoch == epochs else 0.9, 1.0, 1e3, 0.01)
        for epoch in range(1, epochs + 1)
    ]
    return History(records=records)


# ResidualNet is apart from both others; InceptionNet and SimpleCNN overlap.
ACCURACIES = {
    "SimpleCNN": [0.9869, 0.9872, 0.9861],
    "InceptionNet": [0.9871, 0.9866, 0.9880],
    "ResidualNet": [0.9901, 0.9905, 0.9897],
}
HISTORIES = {name: run(values[0]) for name, values in ACCURACIES.items()}
TOLD_APART = {("ResidualNet", "SimpleCNN"), ("ResidualNet", "InceptionNet")}
# A gap of about three standard errors, but one run of "A" below every run of "B".
OUTLIER = {"A": [0.990, 0.991, 0.990, 0.991, 0.985], "B": [0.986] * 5}


def full_run(told_apart=TOLD_APART, histories=None, accuracies=None) -> dict:
    return {
        "histories": HISTORIES if histories is None else histories,
        "accuracies": ACCURACIES if accuracies is None else accuracies,
        "told_apart": told_apart,
    }


# --- 04.2 More than one epoch, step for step -----------------------------------------------------


class EpochSampler(Sampler):
    def __init__(self, data_source, generator):
        self.data_source, self.generator = data_source, generator

    def __iter__(self):
        return iter(torch.randperm(len(self.data_source), generator=self.generator).tolist())


class DrawsOnce(EpochSampler):
    def __init__(self, data_source, generator):
        super().__init__(data_source, generator)
        self.order = torch.randperm(len(data_source), generator=generator).tolist()

    def __iter__(self):
        return iter(self.order)


class GlobalGenerator(EpochSampler):
    def __iter__(self):
        return iter(torch.randperm(len(self.data_source)).tolist())


class WholeTrainingSet(EpochSampler):
    def __iter__(self):
        return iter(torch.randperm(60_000, generator=self.generator).tolist())


class InOrder(EpochSampler):
    def __iter__(self):
        return iter(range(len(self.data_source)))


class StubbedIter(EpochSampler):
    def __iter__(self):
        raise NotImplementedError


# --- 04.3 Same mistakes? -------------------------------------------------------------------------


class Answers(nn.Module):
    """A "network" that misclassifies exactly the images numbered in ``wrong``: image i carries
    its number i in its first pixel, and every label is 0."""

    def __init__(self, wrong: set[int], size: int) -> None:
        super().__init__()
        self.wrong = sorted(wrong)
        self.weight = nn.Parameter(torch.zeros(size))  # sizes order the networks by cost

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        numbers = images[:, 0, 0, 0].round().long()
        mistaken = torch.isin(numbers, torch.tensor(self.wrong))
        return F.one_hot(mistaken.long(), 10).float() + 0 * self.weight.sum()


IMAGES = torch.zeros(20, 1, 28, 28)
IMAGES[:, 0, 0, 0] = torch.arange(20, dtype=torch.float32)
LABELS = torch.zeros(20, dtype=torch.int64)
NETWORKS = {
    "A": Answers({1, 2, 3, 4, 5, 8}, 1),
    "B": Answers({2, 3, 4, 5, 9}, 2),
    "C": Answers({3, 4, 5, 9, 10}, 3),
}
COMMON = {3, 4, 5}


def mistakes(common, models=NETWORKS) -> dict:
    return {"models": models, "test_images": IMAGES, "test_labels": LABELS, "common": common}


# --- 04.4 How many seeds? ------------------------------------------------------------------------


def seeds_needed(gap, std_a, std_b):
    return max(2, math.ceil(4 * (std_a**2 + std_b**2) / gap**2))


# --- 04.5 Shifted digits -------------------------------------------------------------------------


def shift_digits(images, dx, dy):
    height, width = images.shape[-2:]
    pad = (max(dx, 0), max(-dx, 0), max(dy, 0), max(-dy, 0))
    padded = F.pad(images, pad, value=BLANK)
    top, left = max(-dy, 0), max(-dx, 0)
    return padded[..., top : top + height, left : left + width].clone()


def sliced_shift(images, dx, dy):
    """Right for nonzero shifts; ``x[..., :-0]`` is empty for a shift of 0."""
    shifted = torch.full_like(images, BLANK)
    rows = (slice(dy, None), slice(None, -dy)) if dy >= 0 else (slice(None, dy), slice(-dy, None))
    cols = (slice(dx, None), slice(None, -dx)) if dx >= 0 else (slice(None, dx), slice(-dx, None))
    shifted[..., rows[0], cols[0]] = images[..., rows[1], cols[1]]
    return shifted


def shifts_in_place(images, dx, dy):
    images.copy_(shift_digits(images, dx, dy))
    return images


# --- 04.6 Seconds to an accuracy -----------------------------------------------------------------


def seconds_to_accuracy(history, target):
    return next((seconds for _, seconds, acc in history.evaluations if acc >= target), None)


def strictly_above(history, target):
    return next((seconds for _, seconds, acc in history.evaluations if acc > target), None)


def from_records(history, target):
    elapsed = 0.0
    for record in history.records:
        elapsed += record.seconds
        if record.test_accuracy >= target:
            return elapsed
    return None


def infinite_when_never(history, target):
    found = seconds_to_accuracy(history, target)
    return math.inf if found is None else found


def with_setup(history, target):
    found = seconds_to_accuracy(history, target)
    return None if found is None else found + history.setup_seconds


WRONG: dict[str, list[tuple[object, str]]] = {
    "04.1": [
        (full_run(histories={name: run(0.98, epochs=1) for name in ACCURACIES}), "EPOCHS = 10"),
        (full_run(TOLD_APART | {("InceptionNet", "SimpleCNN")}), "do not tell InceptionNet and"),
        (full_run({("SimpleCNN", "ResidualNet"), ("ResidualNet", "InceptionNet")}), "wrong way"),
        (full_run({("ResidualNet", "SimpleCNN")}), "is missing"),
        (full_run(("ResidualNet", "SimpleCNN")), "put even a single pair in a set"),
        (
            full_run(accuracies={k: [100 * v for v in vs] for k, vs in ACCURACIES.items()}),
            "not percentages",
        ),
        (
            full_run(accuracies={k: vs[::-1] for k, vs in ACCURACIES.items()}),
            "come from different runs",
        ),
        (
            {
                "histories": {name: run(values[0]) for name, values in OUTLIER.items()},
                "accuracies": OUTLIER,
                "told_apart": {("A", "B")},
            },
            "but their runs overlap",
        ),
    ],
    "04.2": [
        (RandomSampler, "draws two permutations per epoch, as RandomSampler does"),
        (DrawsOnce, "the second epoch repeats the first"),
        (GlobalGenerator, "not from the global one"),
        (WholeTrainingSet, "not the length of a dataset of the notebook"),
        (InOrder, "does not shuffle"),
    ],
    "04.3": [
        (mistakes({1, 2, 3, 4, 5, 8, 9, 10}), "not the union"),
        (mistakes({2, 3, 4, 5}), "intersect C's set as well"),
        (mistakes({0, 1, 2}), "not positions in the list of mistakes"),
        (mistakes({3, 4}), "are missing from your set"),
        (mistakes(3), "not how many there are"),
        (mistakes({3, 4, 5, 25}), "outside the test set"),
        (mistakes(find_misclassified(NETWORKS["A"], IMAGES, LABELS)), "one network's"),
        (mistakes(COMMON, {name: [m] for name, m in NETWORKS.items()}), "one trained network"),
    ],
    "04.4": [
        (lambda gap, a, b: math.ceil(4 * (a * a + b * b) / gap**2), "at least 2"),
        (lambda gap, a, b: max(2, math.floor(4 * (a * a + b * b) / gap**2)), "round up, not"),
        (lambda gap, a, b: max(2, math.ceil((a * a + b * b) / gap**2)), "one standard error"),
        (lambda gap, a, b: max(2, math.ceil(4 * (a + b) ** 2 / gap**2)), "add in squares"),
        (lambda gap, a, b: max(2, 4 * (a * a + b * b) / gap**2), "whole number"),
        (lambda gap, a, b: max(2, math.ceil(8 * a * a / gap**2)), "not the first one twice"),
    ],
    "04.5": [
        (lambda images, dx, dy: torch.roll(images, (dy, dx), dims=(-2, -1)), "torch.roll wraps"),
        (lambda images, dx, dy: shift_digits(images + BLANK, dx, dy) - BLANK, "is not 0"),
        (lambda images, dx, dy: shift_digits(images, dy, dx), "dx moves along the width"),
        (lambda images, dx, dy: shift_digits(images, -dx, -dy), "moved the wrong way"),
        (sliced_shift, "x[..., :-0] is empty"),
        (shifts_in_place, "changes the images passed to it"),
        (lambda images, dx, dy: F.pad(images, (dx, 0, dy, 0), value=BLANK), "crop back"),
        (lambda images, dx, dy: images.tolist(), "expected a tensor"),
    ],
    "04.6": [
        (strictly_above, ">=, not >"),
        (from_records, "epoch records only"),
        (infinite_when_never, "return None"),
        (with_setup, "setup_seconds is not training time"),
        (
            lambda history, target: next(
                (step for step, _, acc in history.evaluations if acc >= target), None
            ),
            "the step of the evaluation",
        ),
        (
            lambda history, target: next(
                (s for _, s, acc in reversed(history.evaluations) if acc >= target), None
            ),
            "the last evaluation",
        ),
        (lambda history, target: "20.5 s", "expected training seconds"),
    ],
}

RIGHT: dict[str, object] = {
    "04.1": full_run(),
    "04.2": EpochSampler,
    "04.3": mistakes(COMMON),
    "04.4": seeds_needed,
    "04.5": shift_digits,
    "04.6": seconds_to_accuracy,
}


@pytest.mark.parametrize(
    ("exercise_id", "answer", "says"),
    [(key, answer, says) for key, cases in WRONG.items() for answer, says in cases],
    ids=[f"{key}-{index}" for key, cases in WRONG.items() for index in range(len(cases))],
)
def test_a_wrong_answer_is_told_its_likely_mistake(exercise_id, answer, says) -> None:
    feedback = check(exercise_id, answer)
    assert feedback.passed is False and feedback.answered is True
    assert says in feedback.message, feedback.message


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_the_right_answer_passes_with_a_fixed_message(exercise_id) -> None:
    first, second = check(exercise_id, RIGHT[exercise_id]), check(exercise_id, RIGHT[exercise_id])
    assert first.passed is True, first.message
    assert first.message == second.message


def test_the_intersection_is_recounted_for_real_networks() -> None:
    torch.manual_seed(0)
    models = {
        "SimpleCNN": SimpleCNN(),
        "InceptionNet": InceptionNet(),
        "ResidualNet": ResidualNet(),
    }
    images, labels = torch.randn(24, 1, 28, 28), torch.randint(0, 10, (24,))
    sets = [
        set(find_misclassified(model, images, labels).indices.tolist()) for model in models.values()
    ]
    common = set.intersection(*sets)
    answer = {"models": models, "test_images": images, "test_labels": labels}
    assert check("04.3", {**answer, "common": common}).passed
    assert check("04.3", {**answer, "common": torch.tensor(sorted(common))}).passed
    assert not check("04.3", {**answer, "common": set.union(*sets)}).passed


def test_the_check_leaves_the_global_generator_alone() -> None:
    torch.manual_seed(7)
    expected = torch.rand(3)
    for sampler in (EpochSampler, GlobalGenerator):
        torch.manual_seed(7)
        check("04.2", sampler)
        assert torch.equal(torch.rand(3), expected)


def stub(*args):
    raise NotImplementedError


class StubSampler(Sampler):
    def __init__(self, data_source, generator):
        raise NotImplementedError


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [
        ("04.1", {"histories": ..., "accuracies": ..., "told_apart": ...}),
        ("04.2", StubSampler),
        ("04.2", StubbedIter),
        ("04.3", {"models": ..., "test_images": ..., "test_labels": ..., "common": ...}),
        ("04.4", stub),
        ("04.5", stub),
        ("04.6", stub),
    ],
)
def test_a_stub_is_not_answered(exercise_id, answer) -> None:
    feedback = check(exercise_id, answer)
    assert feedback.answered is False and feedback.passed is False


def test_a_half_filled_dict_names_the_parts_left() -> None:
    feedback = check("04.3", mistakes(...))
    assert feedback.answered is False and "'common'" in feedback.message
