"""Notebook 06's exercise checks: right answers pass, the common wrong ones name their mistake,
stubs count as not answered. No test trains: histories and errors are built by hand."""

from __future__ import annotations

import dataclasses
import math

import pytest
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

from advcnn.ablation import AblationRow, cumulative, fast_ingredients
from advcnn.config import RECIPES, recipe
from advcnn.exercises import check
from advcnn.history import EpochRecord, History, TrainingDivergedError
from advcnn.models import build_model

LECTURE = RECIPES["lecture"]
INGREDIENTS = fast_ingredients()
ONE_EPOCH = recipe("fast", epochs=1)


# --- 06.1: leave one out -----------------------------------------------------------------------


def without(index: int, **budget: object) -> tuple[str, object]:
    """The recipe with every ingredient but ``index`` applied to the lecture's, in order."""
    others = [entry for number, entry in enumerate(INGREDIENTS) if number != index]
    return (f"without {INGREDIENTS[index].label}", cumulative(LECTURE, others, **budget)[-1][1])


RIGHT_VARIANTS = [without(index, epochs=1) for index in range(len(INGREDIENTS))]


def replaced(position: int, **changes: object) -> list[tuple[str, object]]:
    """The right variants, with variant ``position`` (from 0) changed."""
    variants = list(RIGHT_VARIANTS)
    label, config = variants[position]
    variants[position] = (label, dataclasses.replace(config, **changes))
    return variants


# The notebook's former hint: every field of the ingredient back to the lecture's value, which
# also takes the one-cycle peak away from the batch variant.
RESET_TO_LECTURE = [
    (
        entry.label,
        dataclasses.replace(ONE_EPOCH, **{key: getattr(LECTURE, key) for key in entry.changes}),
    )
    for entry in INGREDIENTS
]
ONECYCLE = next(n for n, entry in enumerate(INGREDIENTS) if entry.changes.get("schedule"))
NESTEROV = next(n for n, entry in enumerate(INGREDIENTS) if "nesterov" in entry.changes)


# --- 06.2 and 06.3: runs, built by hand --------------------------------------------------------


def history(losses: list[float], accuracy: float = 0.98, logged: float | None = None) -> History:
    """A History of ``len(losses)`` epochs with those mean training losses."""
    records = [
        EpochRecord(epoch, loss, 0.9, accuracy, 10.0, 6000.0, 0.001)
        for epoch, loss in enumerate(losses, start=1)
    ]
    steps = [(50, logged)] if logged is not None else []
    return History(records=records, steps=steps, steps_per_epoch=235)


def diverged(step: int = 40) -> TrainingDivergedError:
    return TrainingDivergedError("loss is nan", history=History(), step=step, lr=0.1)


RUNS = [diverged(), history([0.5]), history([2.3], accuracy=0.1135), diverged(60)]  # 2 diverged
UNCLIPPED_ROW = AblationRow(
    "no clip", dataclasses.replace(ONE_EPOCH, clip_grad_norm=None), [0, 1], [None, 0.98], [1, 1]
)


def reference_floor(smoothing: float, num_classes: int) -> float:
    """The smoothed target's entropy, written out here (the package has its own)."""
    other = smoothing / num_classes
    target = [1 - smoothing + other] + [other] * (num_classes - 1)
    return -sum(p * math.log(p) for p in target if p > 0)


def floor_k_minus_1(smoothing: float, num_classes: int) -> float:
    target = [1 - smoothing] + [smoothing / (num_classes - 1)] * (num_classes - 1)
    return -sum(p * math.log(p) for p in target if p > 0)


def floor_in_bits(smoothing: float, num_classes: int) -> float:
    return reference_floor(smoothing, num_classes) / math.log(2)


def floor_true_class_only(smoothing: float, num_classes: int) -> float:
    true = 1 - smoothing + smoothing / num_classes
    return -true * math.log(true)


def floor_of_ten(smoothing: float, num_classes: int) -> float:
    return reference_floor(smoothing, 10)


def floor_without_zero_case(smoothing: float, num_classes: int) -> float:
    other = smoothing / num_classes
    true = 1 - smoothing + other
    return -true * math.log(true) - (num_classes - 1) * other * math.log(other)


def floor_stub(smoothing: float, num_classes: int) -> float:
    raise NotImplementedError


FAST_FLOOR = reference_floor(RECIPES["fast"].label_smoothing, 10)
TRAINED = history([0.52, 0.34, 0.31], logged=0.305)


def floor_answer(floor: object = reference_floor, gap: object = None, run: object = TRAINED):
    return {"floor": floor, "history": run, "gap": 0.31 - FAST_FLOOR if gap is None else gap}


# --- 06.4 and 06.5 -----------------------------------------------------------------------------

BATCH = 512
MNIST_TRAIN = 60_000


def residual_training_flops() -> float:
    """FLOPs of one training image of ResidualNet: three forward passes, counted by PyTorch."""
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        build_model("residual").eval()(torch.zeros(1, 1, 28, 28))
    return 3 * counter.get_total_flops()


PEAK, RATE = 7.21e10, 2640.0
FRACTION = RATE * residual_training_flops() / PEAK


def throughput(**changes: object) -> dict[str, object]:
    return {"peak": PEAK, "images_per_second": RATE, "fraction": FRACTION, **changes}


def batches(**changes: object) -> dict[str, object]:
    right = {
        "lr": 0.2 * BATCH / 256,
        "steps": math.ceil(MNIST_TRAIN / BATCH),
        "steps_cuda_graph": MNIST_TRAIN // BATCH,
    }
    return {**right, **changes}


RIGHT = {
    "06.1": RIGHT_VARIANTS,
    "06.2": {"outcomes": RUNS, "diverged": 2},
    "06.3": floor_answer(),
    "06.4": batches(),
    "06.5": throughput(),
}

WRONG: dict[str, list[tuple[object, str]]] = {
    "06.1": [
        (RESET_TO_LECTURE, "sets lr too, after it, and stays in"),
        ([without(index, epochs=3) for index in range(len(INGREDIENTS))], "the ablation's budget"),
        (list(reversed(RIGHT_VARIANTS)), "in the order of fast_ingredients()"),
        (cumulative(LECTURE, INGREDIENTS, epochs=1), "starts with the lecture's recipe"),
        (RIGHT_VARIANTS[:-1], "one variant per ingredient"),
        (replaced(ONECYCLE, lr=0.2), "two ingredients set lr"),
        (replaced(NESTEROV, momentum=0.9), "still has the fast recipe's momentum"),
        (replaced(0, weight_decay=0.0), "also changes weight_decay"),
        ([("fast", ONE_EPOCH)] * len(INGREDIENTS), "is the fast recipe itself"),
        ({"variants": RIGHT_VARIANTS}, "expected a list of (label, TrainConfig) pairs"),
        (["batch", "clip"], "expected a (label, TrainConfig) pair"),
    ],
    "06.2": [
        ({"outcomes": RUNS, "diverged": 3}, "collapsed"),
        ({"outcomes": RUNS[:2] + [history([0.4])], "diverged": 2}, "runs that finished"),
        ({"outcomes": RUNS, "diverged": 0.5}, "not the fraction"),
        ({"outcomes": RUNS, "diverged": 50}, "not a percentage"),
        ({"outcomes": RUNS, "diverged": 4}, "the number of runs, not"),
        ({"outcomes": [0.98, None], "diverged": 1}, "keep the History that fit returned"),
        ({"outcomes": [diverged()], "diverged": 1}, "at least 2"),
        ({"outcomes": [history([0.5, 0.4]), diverged()], "diverged": 1}, "asks for one"),
        (
            {"outcomes": dataclasses.replace(UNCLIPPED_ROW, config=ONE_EPOCH), "diverged": 1},
            "still clips the gradient norm",
        ),
        ({"outcomes": [UNCLIPPED_ROW], "diverged": 1}, "pass the row itself"),
    ],
    "06.3": [
        (floor_answer(floor_k_minus_1), "K − 1 other classes"),
        (floor_answer(floor_in_bits), "in bits"),
        (floor_answer(floor_true_class_only), "left out the other classes' terms"),
        (floor_answer(floor_of_ten), "not 10"),
        (floor_answer(floor_without_zero_case), "0·ln 0 counts as 0"),
        (floor_answer(FAST_FLOOR), "not its value"),
        (floor_answer(gap=FAST_FLOOR - 0.31), "other way round"),
        (floor_answer(gap=0.52 - FAST_FLOOR), "first epoch's training loss"),
        (floor_answer(gap=0.305 - FAST_FLOOR), "last logged loss"),
        (floor_answer(gap=0.31), "the training loss itself"),
        (floor_answer(gap=0.31 / FAST_FLOOR), "a ratio"),
        (floor_answer(run=diverged()), "that run diverged"),
        (floor_answer(run=history([0.1]), gap=0.1 - FAST_FLOOR), "below the floor"),
        (floor_answer(run=[0.52, 0.34, 0.31]), "the History that fit returned"),
    ],
    "06.4": [
        (batches(lr=0.01 * BATCH / 64), "the lecture's rate"),
        (batches(lr=0.2 * math.sqrt(2)), "square-root scaling rule"),
        (batches(lr=0.1), "grow with the batch"),
        (batches(lr=0.2), "the fast recipe's own rate"),
        (batches(steps=MNIST_TRAIN // BATCH), "full batches only"),
        (batches(steps=MNIST_TRAIN / BATCH), "whole number"),
        (batches(steps=3 * math.ceil(MNIST_TRAIN / BATCH)), "3 epochs"),
        (batches(steps=math.ceil(MNIST_TRAIN / 256)), "batch of 256"),
        (batches(steps_cuda_graph=math.ceil(MNIST_TRAIN / BATCH)), "images left over are skipped"),
        ({"lr": 0.4, "steps": 118}, "missing 'steps_cuda_graph'"),
        (0.4, "expected a dict"),
    ],
    "06.5": [
        (throughput(fraction=100 * FRACTION), "not a percentage"),
        (throughput(fraction=FRACTION / 2), "counts MACs as FLOPs"),
        (throughput(fraction=FRACTION / 3), "3 forward passes"),
        (throughput(fraction=FRACTION / 6), "counts one forward pass of MACs"),
        (throughput(fraction=1 / FRACTION), "upside down"),
        (throughput(peak=PEAK / 1e9, fraction=FRACTION * 1e9), "GFLOP/s"),
        (throughput(images_per_second=[RATE, 2500.0]), "one rate per round"),
        (throughput(images_per_second={"channels-last (NHWC)": [RATE]}), "the dict fit_rates"),
        (throughput(peak="72.1 GFLOP/s"), "the matrix-multiply rate in FLOP/s"),
        (throughput(fraction=0.9), "is not fit's images per second over the ceiling"),
    ],
}


@pytest.mark.parametrize(("exercise_id", "answer"), list(RIGHT.items()), ids=list(RIGHT))
def test_right_answers_pass(exercise_id: str, answer: object) -> None:
    feedback = check(exercise_id, answer)
    assert feedback.passed, feedback.message
    assert str(feedback).startswith(f"✓ {exercise_id} ")


CASES = [
    (exercise_id, answer, expected)
    for exercise_id, wrong in WRONG.items()
    for answer, expected in wrong
]


@pytest.mark.parametrize(
    ("exercise_id", "answer", "expected"),
    CASES,
    ids=[f"{case[0]}-{number}" for number, case in enumerate(CASES)],
)
def test_wrong_answers_name_the_mistake(exercise_id: str, answer: object, expected: str) -> None:
    feedback = check(exercise_id, answer)
    assert feedback.passed is False and feedback.answered is True
    assert expected in feedback.message, feedback.message


@pytest.mark.parametrize(
    ("exercise_id", "stub"),
    [
        ("06.1", ...),
        ("06.2", {"outcomes": ..., "diverged": ...}),
        ("06.2", {"outcomes": RUNS, "diverged": ...}),
        ("06.3", {"floor": floor_stub, "history": ..., "gap": ...}),
        ("06.3", {"floor": floor_stub, "history": TRAINED, "gap": 0.03}),
        ("06.4", {"lr": ..., "steps": ..., "steps_cuda_graph": ...}),
        ("06.4", batches(steps_cuda_graph=...)),
        ("06.5", {"peak": ..., "images_per_second": ..., "fraction": ...}),
    ],
)
def test_stubs_are_not_answered(exercise_id: str, stub: object) -> None:
    feedback = check(exercise_id, stub)
    assert feedback.answered is False and feedback.passed is False
    assert feedback.verdict == "Not answered yet"


def test_a_right_floor_is_acknowledged_before_the_run_is_given() -> None:
    feedback = check("06.3", {"floor": reference_floor, "history": ..., "gap": ...})
    assert feedback.answered is False
    assert feedback.message.startswith("Your loss_floor is right.")


def test_the_reference_floor_is_pytorchs_smoothed_cross_entropy_of_the_target() -> None:
    for smoothing, classes in [(0.05, 10), (0.3, 2), (0.1, 100)]:
        target = torch.full((classes,), smoothing / classes, dtype=torch.float64)
        target[0] += 1 - smoothing
        loss = F.cross_entropy(target.log()[None], torch.tensor([0]), label_smoothing=smoothing)
        assert math.isclose(loss.item(), reference_floor(smoothing, classes), rel_tol=1e-12)


def test_messages_never_give_the_right_number() -> None:
    for answer, _ in WRONG["06.4"]:
        if not isinstance(answer, dict):
            continue  # a message may quote the answer itself
        message = check("06.4", answer).message
        assert "118" not in message and "117" not in message and "0.4" not in message


def test_leave_one_out_takes_bare_configs_and_ignores_run_settings() -> None:
    configs = [dataclasses.replace(config, seed=7, progress=False) for _, config in RIGHT_VARIANTS]
    assert check("06.1", configs).passed
