"""Notebook 05's exercise checks: right answers pass, and the common wrong ones are named."""

from __future__ import annotations

import functools

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from advcnn.cost import count_params, total_macs
from advcnn.exercises import EXERCISES, check
from advcnn.history import EpochRecord, History
from advcnn.memory import activation_bytes
from advcnn.models import DenseNet
from advcnn.models.densenet import channel_table


def _history(losses: list[float], *, epochs: int = 3, steps_per_epoch: int = 16) -> History:
    records = [EpochRecord(epoch, 0.5, 0.8, 0.8, 1.0, 100.0, 0.05) for epoch in range(epochs)]
    steps = [(10 * (index + 1), loss) for index, loss in enumerate(losses)]
    return History(records=records, steps=steps, steps_per_epoch=steps_per_epoch)


SHALLOW = _history([1.0, 0.6, 0.5, 0.4, 0.3, 0.3, 0.3])  # final loss 0.36
DEEP = _history([2.0, 1.5, 1.2, 1.0, 0.9, 0.8, 0.7])  # final loss 0.92: not caught up


class FullPreActivation(nn.Module):
    def __init__(self, channels: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.conv2(F.relu(self.bn2(self.conv1(F.relu(self.bn1(x))))))


class OriginalOrder(FullPreActivation):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(x + self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))))


class NoShortcut(FullPreActivation):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv2(F.relu(self.bn2(self.conv1(F.relu(self.bn1(x))))))


class SwappedNorms(FullPreActivation):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.conv2(F.relu(self.bn1(self.conv1(F.relu(self.bn2(x))))))


class WithBias(FullPreActivation):
    def __init__(self, channels: int) -> None:
        super().__init__(channels)
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1)


class Sixteen(FullPreActivation):
    def __init__(self, channels: int) -> None:
        super().__init__(16)


class Misnamed(FullPreActivation):
    def __init__(self, channels: int) -> None:
        super().__init__(channels)
        self.norm2 = self.bn2
        del self.bn2

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.conv2(F.relu(self.norm2(self.conv1(F.relu(self.bn1(x))))))


class RunningStatistics(FullPreActivation):
    """Batch norm with the running statistics in training mode too."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        def norm(layer: nn.BatchNorm2d, y: torch.Tensor) -> torch.Tensor:
            return F.batch_norm(y, layer.running_mean, layer.running_var, layer.weight, layer.bias)

        return x + self.conv2(F.relu(norm(self.bn2, self.conv1(F.relu(norm(self.bn1, x))))))


class StubUnit(nn.Module):
    def __init__(self, channels: int) -> None:
        super().__init__()
        raise NotImplementedError


def _passes_unchanged(x: torch.Tensor) -> torch.Tensor:
    return x > 0


def _stub(*args: object) -> None:
    raise NotImplementedError


@functools.cache  # the same measurement for every case that uses it
def _block_memory(
    compression: float, batch: int = 64, same_size: bool = False, scale: float = 1.0
) -> list[float]:
    model = DenseNet(12, (6, 6, 6), compression=compression)
    rows = channel_table(12, (6, 6, 6), compression=compression)
    firsts = [row for row in rows if row.name.endswith(".layer1")]
    sizes = [firsts[0].size if same_size else row.size for row in firsts]
    return [
        scale * activation_bytes(block, (batch, row.in_channels, size, size))
        for block, row, size in zip(model.blocks, firsts, sizes, strict=True)
    ]


_WITH, _WITHOUT = DenseNet(12, (6, 6)), DenseNet(12, (6, 6), bottleneck=False)
PARAMS_SAVED = count_params(_WITHOUT) - count_params(_WITH)
MACS_SAVED = total_macs(_WITHOUT) - total_macs(_WITH)
CHEAPER = ["block2.layer5", "block2.layer6"]


def _costs(params: object = PARAMS_SAVED, macs: object = MACS_SAVED, cheaper: object = None):
    return {
        "params_saved": params,
        "macs_saved": macs,
        "cheaper": CHEAPER if cheaper is None else cheaper,
    }


RIGHT: dict[str, object] = {
    "05.p1": "plain only",
    "05.p2": 168,
    "05.1": {"shallow": SHALLOW, "deep": DEEP, "caught_up": False},
    "05.2": _passes_unchanged,
    "05.3": FullPreActivation,
    "05.4": _costs(),
    "05.5": {"block_memory": _block_memory, "largest": "block1"},
}

WRONG: dict[str, list[tuple[object, str]]] = {
    "05.p1": [
        ("both", "identity path hands dL/dx_L down unchanged"),
        ("neither", "the plain stack has no identity path"),
        ("plain grows", "expected one of the options"),
    ],
    "05.p2": [
        (240, "transition 1 keeps only"),
        (144, "where block 1 ends"),
        (156, "conv0 gives 2k channels"),
        (96, "every dense block keeps its input"),
        (84, "no transition after the last block"),
        ("168", "expected a number"),
    ],
    "05.1": [
        ({"shallow": SHALLOW, "deep": DEEP, "caught_up": True}, "your own histories say"),
        (
            {"shallow": SHALLOW, "deep": _history([0.9] * 7, epochs=1), "caught_up": False},
            "1 epoch",
        ),
        ({"shallow": SHALLOW, "deep": SHALLOW, "caught_up": True}, "same history twice"),
        ({"shallow": 0.36, "deep": 0.92, "caught_up": False}, "not a number"),
        (
            {"shallow": SHALLOW, "deep": _history([0.3] * 7, steps_per_epoch=4), "caught_up": True},
            "different numbers of steps",
        ),
        ({"shallow": SHALLOW, "deep": DEEP, "caught_up": "no"}, "expected True or False"),
    ],
    "05.2": [
        (lambda x: x >= 0, "ReLU's slope at 0"),
        (lambda x: x < 0, "never arrives unchanged"),
        (lambda x: x == 0, "True and False are swapped"),
        (lambda x: x.sum(), "the mask has shape"),
    ],
    "05.3": [
        (OriginalOrder, "unit (a) original"),
        (NoShortcut, "the shortcut is missing"),
        (SwappedNorms, "bn1 and bn2 look swapped"),
        (WithBias, "has a bias"),
        (Sixteen, "with channels=8"),
        (Misnamed, "missing layer(s): bn2"),
        (RunningStatistics, "not in training mode"),
        (FullPreActivation(16), "not an instance"),
    ],
    "05.4": [
        (_costs(params=-PARAMS_SAVED), "the sign is flipped"),
        (_costs(macs=2 * MACS_SAVED), "those are FLOPs"),
        (_costs(macs=64 * MACS_SAVED), "a batch of 64"),
        (_costs(cheaper=["block1.layer1", *CHEAPER]), "makes block1.layer1 more expensive"),
        (_costs(cheaper=CHEAPER[:1]), "1 more layer(s) get cheaper"),
        (_costs(cheaper=["transition1"]), "the same with or without the bottleneck"),
        (_costs(cheaper="block2.layer6"), "expected a list of layer names"),
    ],
    "05.5": [
        ({"block_memory": _block_memory, "largest": "block2"}, "not at every compression"),
        ({"block_memory": lambda c: _block_memory(c, batch=1), "largest": "block1"}, "one image"),
        ({"block_memory": lambda c: _block_memory(c, scale=1e-6), "largest": "block1"}, "not MB"),
        (
            {"block_memory": lambda c: _block_memory(c, same_size=True), "largest": "block1"},
            "each transition halves H and W",
        ),
        (
            {"block_memory": lambda c: _block_memory(1.0), "largest": "block1"},
            "what the transition keeps",
        ),
        ({"block_memory": lambda c: 0, "largest": "block1"}, "a list of three byte counts"),
    ],
}

CASES = [(exercise_id, *case) for exercise_id, cases in WRONG.items() for case in cases]


def test_every_exercise_of_notebook_05_has_a_right_answer_and_wrong_ones() -> None:
    ids = [exercise_id for exercise_id in EXERCISES if exercise_id.startswith("05.")]
    assert ids == ["05.p1", "05.p2", "05.1", "05.2", "05.3", "05.4", "05.5"]
    assert set(RIGHT) == set(WRONG) == set(ids)
    assert all(len(cases) >= 2 for cases in WRONG.values())


@pytest.mark.parametrize("exercise_id", list(RIGHT))
def test_the_right_answer_passes(exercise_id: str) -> None:
    feedback = check(exercise_id, RIGHT[exercise_id])
    assert feedback.passed, feedback.message
    assert feedback.answered


@pytest.mark.parametrize(
    ("exercise_id", "answer", "says"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_a_wrong_answer_names_the_mistake(exercise_id: str, answer: object, says: str) -> None:
    feedback = check(exercise_id, answer)
    assert feedback.passed is False
    assert feedback.answered is True
    assert says.lower() in feedback.message.lower(), feedback.message


@pytest.mark.parametrize(
    ("exercise_id", "stub"),
    [
        ("05.p1", ...),
        ("05.p2", ...),
        ("05.1", {"shallow": ..., "deep": ..., "caught_up": ...}),
        ("05.1", {"shallow": SHALLOW, "deep": DEEP, "caught_up": ...}),
        ("05.2", _stub),
        ("05.3", StubUnit),
        ("05.4", {"params_saved": ..., "macs_saved": ..., "cheaper": ...}),
        ("05.5", {"block_memory": _stub, "largest": ...}),
        ("05.5", {"block_memory": _stub, "largest": "block1"}),
    ],
)
def test_a_stub_is_not_answered_yet(exercise_id: str, stub: object) -> None:
    feedback = check(exercise_id, stub)
    assert feedback.answered is False
    assert feedback.passed is False


def test_a_right_answer_gets_the_same_message_whichever_way_the_runs_came_out() -> None:
    caught_up = {"shallow": DEEP, "deep": SHALLOW, "caught_up": True}
    not_caught_up = {"shallow": SHALLOW, "deep": DEEP, "caught_up": False}
    assert check("05.1", caught_up).message == check("05.1", not_caught_up).message


def test_messages_never_give_the_right_value() -> None:
    for exercise_id, value in (("05.p2", "168"), ("05.4", f"{MACS_SAVED:,}")):
        for answer, _ in WRONG[exercise_id]:
            if not isinstance(answer, str):  # a message may quote the learner's own text
                assert value not in check(exercise_id, answer).message


def test_a_check_leaves_the_global_random_state_alone() -> None:
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    check("05.3", FullPreActivation)
    check("05.2", _passes_unchanged)
    assert torch.equal(torch.rand(3), expected)
