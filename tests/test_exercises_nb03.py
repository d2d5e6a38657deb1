"""Notebook 03's checks: right answers pass, common wrong answers get the message that names the
mistake, and stubs count as not answered. Histories are built here; nothing trains."""

from __future__ import annotations

import math

import lecture
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from advcnn.exercises import EXERCISES, check
from advcnn.history import EpochRecord, History
from advcnn.models import ResidualBlock

# --- histories, as fit would return them -----------------------------------------------------


def _history(loss: float, train_accuracy: float, test_accuracy: float) -> History:
    return History(
        steps=[(step, loss) for step in range(10, 301, 10)],
        records=[EpochRecord(1, loss, train_accuracy, test_accuracy, 1.0, 1.0, 0.01)],
    )


STUCK = _history(math.log(10), 0.11, 0.113)
LEARNED = _history(0.2, 0.93, 0.93)
OVERFITTED = _history(0.05, 0.99, 0.80)

# --- 03.w1: the lecture's block, right and with one slip each ----------------------------------


class Block(lecture.ResidualBlock):
    """The lecture's block, right (``tests/lecture.py``)."""


class NoShortcut(Block):
    def forward(self, x):
        return F.relu(self.conv2(F.relu(self.conv1(x))))


class ReluBeforeAdd(Block):
    def forward(self, x):
        return x + F.relu(self.conv2(F.relu(self.conv1(x))))


class NoPadding(Block):
    def __init__(self, channels):
        super().__init__(channels)
        self.conv1 = nn.Conv2d(channels, channels, kernel_size=3)
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3)


class Sixteen(Block):
    def __init__(self, channels):
        super().__init__(16)


class Misnamed(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.c1 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)

    def forward(self, x):
        return F.relu(x + self.conv2(F.relu(self.c1(x))))


class BlockStub(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.channels = channels
        self.conv1 = ...
        self.conv2 = ...

    def forward(self, x):
        y = F.relu(self.conv1(x))
        y = self.conv2(y)
        return ...


class ReturnStub(Block):
    def forward(self, x):
        y = F.relu(self.conv1(x))
        y = self.conv2(y)
        return ...


# --- 03.w2: the lecture's network --------------------------------------------------------------


class Net(lecture.ResidualNet):
    """The lecture's network, right (``tests/lecture.py``)."""


class WideFc(Net):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(32 * 8 * 8, 10)


class NoSecondPooling(Net):
    def forward(self, x):
        x = self.rblock1(self.mp(F.relu(self.conv1(x))))
        x = self.rblock2(F.relu(self.conv2(x)))
        return self.fc(x.flatten(1))


class NoSecondRelu(Net):
    def forward(self, x):
        x = self.rblock1(self.mp(F.relu(self.conv1(x))))
        x = self.rblock2(self.mp(self.conv2(x)))
        return self.fc(x.flatten(1))


class NoBlock2(Net):
    def forward(self, x):
        x = self.rblock1(self.mp(F.relu(self.conv1(x))))
        return self.fc(self.mp(F.relu(self.conv2(x))).flatten(1))


class NetStub(Net):
    def __init__(self):
        nn.Module.__init__(self)
        self.conv1 = nn.Conv2d(1, 16, kernel_size=5)
        self.conv2 = ...
        self.mp = nn.MaxPool2d(2)
        self.rblock1 = ResidualBlock(16)
        self.rblock2 = ...
        self.fc = ...


class ForwardStub(Net):
    def forward(self, x):
        x = self.rblock1(self.mp(F.relu(self.conv1(x))))
        x = ...
        return self.fc(self.rblock2(x).flatten(1))


# --- 03.1 and 03.2: functions on a DeepStack ---------------------------------------------------


def zero_branch(stack):
    for block in stack.blocks:
        nn.init.zeros_(block.conv2.weight)
        nn.init.zeros_(block.conv2.bias)


def zero_weights_only(stack):
    for block in stack.blocks:
        nn.init.zeros_(block.conv2.weight)


def zero_both_convolutions(stack):
    for block in stack.blocks:
        for conv in (block.conv1, block.conv2):
            nn.init.zeros_(conv.weight)
            nn.init.zeros_(conv.bias)


def zero_first_block(stack):
    nn.init.zeros_(stack.blocks[0].conv2.weight)
    nn.init.zeros_(stack.blocks[0].conv2.bias)


def _he(stack, *, stem=True, nonlinearity="relu", mode="fan_in", bias=True):
    for name, module in stack.named_modules():
        if isinstance(module, nn.Conv2d) and (stem or name != "stem"):
            nn.init.kaiming_normal_(module.weight, mode=mode, nonlinearity=nonlinearity)
            if bias:
                nn.init.zeros_(module.bias)


def kaiming_init(stack):
    _he(stack)


def kaiming_blocks_only(stack):
    _he(stack, stem=False)


def kaiming_linear_gain(stack):
    _he(stack, nonlinearity="linear")


def kaiming_keeps_bias(stack):
    _he(stack, bias=False)


def kaiming_fan_out(stack):
    _he(stack, mode="fan_out")


# --- 03.3: norms ------------------------------------------------------------------------------


def norm32(tensor):
    scale = tensor.abs().max()
    if scale == 0:
        return torch.tensor(0.0)
    return scale * (tensor / scale).pow(2).sum().sqrt()


def naive_norm(tensor):
    return tensor.pow(2).sum().sqrt()


def norm_divides_by_zero(tensor):
    scale = tensor.abs().max()
    return scale * (tensor / scale).pow(2).sum().sqrt()


def norm_without_scale(tensor):
    scale = tensor.abs().max()
    return (tensor / scale).pow(2).sum().sqrt() if scale else 0.0


def norm_in_place(tensor):
    scale = tensor.abs().max()
    if scale == 0:
        return 0.0
    return scale * tensor.div_(scale).pow(2).sum().sqrt()


def not_written(*args):
    raise NotImplementedError


THRESHOLD = math.sqrt(float(torch.nextafter(torch.tensor(0.0), torch.tensor(1.0))))
HISTORIES = {3: LEARNED, 5: LEARNED, 10: STUCK}

RIGHT: dict[str, object] = {
    "03.p1": 1e-8,
    "03.w1": Block,
    "03.w2": Net,
    "03.1": {"zero_branch": zero_branch, "conv1_zero": 20, "conv2_zero": 0},
    "03.2": {"kaiming_init": kaiming_init, "ratio": "of order one"},
    "03.3": {"depth": 26, "threshold": THRESHOLD, "norm": norm32},
    "03.4": {"history": STUCK, "verdict": "underfitting"},
    "03.5": {"shape": (1, 32, 4, 4), "without_ceil": 3},
    "03.6": {"histories": HISTORIES, "stuck": [10], "ratio_depth": 7},
}


def _with(exercise_id: str, **changes: object) -> dict[str, object]:
    return {**RIGHT[exercise_id], **changes}  # type: ignore[dict-item]


WRONG: dict[str, list[tuple[object, str]]] = {
    "03.p1": [
        (1e-16, "is what 20 blocks gave in section 1"),
        (1e-2, "too little decay"),
        (1e-12, "too much decay"),
        (3.8e-8, "pick the power of ten nearest"),
        (-8, "not its exponent"),
        ("1e-8", "expected a number"),
    ],
    "03.w1": [
        (NoShortcut, "forward has no shortcut"),
        (ReluBeforeAdd, "the last ReLU comes after the addition"),
        (NoPadding, "without padding 1"),
        (Sixteen, "build its layers from `channels`"),
        (Misnamed, "missing layer(s): conv1"),
        (Block(16), "pass the class itself"),
    ],
    "03.w2": [
        (WideFc, "input features, not the number that flattening gives"),
        (NoSecondPooling, "a different number of features than fc takes"),
        (NoSecondRelu, "the ReLU after conv2 is missing"),
        (NoBlock2, "forward never calls rblock2"),
        (Block, "building Block raised TypeError"),
    ],
    "03.1": [
        (_with("03.1", conv1_zero=0), "arrives through conv2's weights"),
        (_with("03.1", conv2_zero=20), "but its gradient need not be"),
        (_with("03.1", zero_branch=zero_weights_only), "conv2.bias is not all zeros"),
        (_with("03.1", zero_branch=zero_first_block), "in blocks[1], conv2.weight"),
        (_with("03.1", zero_branch=zero_both_convolutions), "With conv1 at zero as well"),
        (_with("03.1", conv1_zero=20.5), "a whole number"),
    ],
    "03.2": [
        (_with("03.2", ratio="still vanishing"), "measure again after kaiming_init"),
        (_with("03.2", ratio="exploding"), "does not amplify it"),
        (_with("03.2", kaiming_init=kaiming_blocks_only), "the layer stem still has PyTorch's"),
        (_with("03.2", kaiming_init=kaiming_linear_gain), "the spread of gain 1"),
        (_with("03.2", kaiming_init=kaiming_keeps_bias), "the bias of stem is not zero"),
        (_with("03.2", kaiming_init=kaiming_fan_out), "its default mode, 'fan_in'"),
    ],
    "03.3": [
        (_with("03.3", depth=40), "(section 1's depth) shows a zero, but so does a shallower"),
        (_with("03.3", depth=20), "the zeros start deeper"),
        (_with("03.3", threshold=1.4e-45), "the smallest float32 itself"),
        (_with("03.3", threshold=torch.finfo().tiny), "the smallest normal float32"),
        (_with("03.3", norm=naive_norm), "the squares underflow in float32"),
        (_with("03.3", norm=torch.linalg.vector_norm), "the squares underflow in float32"),
        (_with("03.3", norm=norm_divides_by_zero), "gives nan"),
        (_with("03.3", norm=norm_without_scale), "forgets to multiply back"),
        (_with("03.3", norm=norm_in_place), "changed the tensor it was given"),
    ],
    "03.4": [
        (_with("03.4", verdict="overfitting"), "overfitting needs a low training loss"),
        (_with("03.4", verdict="neither"), "stayed within 0.1 of chance"),
        ({"history": LEARNED, "verdict": "underfitting"}, "fell more than 0.1 below chance"),
        ({"history": OVERFITTED, "verdict": "neither"}, "more than 5 points above"),
        (_with("03.4", history=HISTORIES), "not a dict of them"),
        (_with("03.4", verdict="maybe"), "expected one of"),
    ],
    "03.5": [
        (_with("03.5", shape=(1, 32, 3, 3)), "pooling without ceil_mode rounds"),
        (_with("03.5", shape=(32, 4, 4)), "the batch dimension first"),
        (_with("03.5", shape=(1, 16, 4, 4)), "16 channels to 32"),
        (_with("03.5", shape=(1, 32, 7, 7)), "stride 2 halves"),
        (_with("03.5", without_ceil=4), "that is with ceil_mode=True"),
    ],
    "03.6": [
        (_with("03.6", stuck=[]), "your run with 10 blocks did not learn"),
        (_with("03.6", stuck=[5, 10]), "your run with 5 blocks learned"),
        (_with("03.6", stuck=[4]), "a depth you did not train"),
        (_with("03.6", ratio_depth=6), "is still above 1e-4"),
        (_with("03.6", ratio_depth=8), "a shallower stack's already is"),
        (_with("03.6", histories={"3": LEARNED, "5": LEARNED, "10": STUCK}), "not strings"),
        (_with("03.6", histories={3: LEARNED, 5: LEARNED}), "should have the keys 3, 5 and 10"),
    ],
}

CASES = [
    (exercise_id, answer, says) for exercise_id, wrong in WRONG.items() for answer, says in wrong
]


def test_every_exercise_of_notebook_03_is_covered_in_order() -> None:
    ids = [exercise_id for exercise_id in EXERCISES if exercise_id.startswith("03.")]
    assert ids == list(RIGHT) == list(WRONG)


@pytest.mark.parametrize("exercise_id", list(RIGHT))
def test_the_right_answer_passes(exercise_id: str) -> None:
    feedback = check(exercise_id, RIGHT[exercise_id])
    assert feedback.passed, feedback.message


@pytest.mark.parametrize("exercise_id", list(RIGHT))
def test_the_success_message_is_the_same_every_time(exercise_id: str) -> None:
    assert check(exercise_id, RIGHT[exercise_id]) == check(exercise_id, RIGHT[exercise_id])


@pytest.mark.parametrize(
    ("exercise_id", "answer", "says"),
    CASES,
    ids=[f"{exercise_id}-{index}" for index, (exercise_id, _, _) in enumerate(CASES)],
)
def test_a_wrong_answer_names_the_mistake(exercise_id: str, answer: object, says: str) -> None:
    feedback = check(exercise_id, answer)
    assert feedback.passed is False
    assert feedback.answered is True
    assert says in feedback.message


@pytest.mark.parametrize(
    ("exercise_id", "stub"),
    [
        ("03.p1", ...),
        ("03.w1", BlockStub),
        ("03.w1", ReturnStub),
        ("03.w2", NetStub),
        ("03.w2", ForwardStub),
        ("03.1", {"zero_branch": not_written, "conv1_zero": ..., "conv2_zero": ...}),
        ("03.1", _with("03.1", conv2_zero=...)),
        ("03.2", {"kaiming_init": not_written, "ratio": ...}),
        ("03.3", {"depth": ..., "threshold": ..., "norm": not_written}),
        ("03.3", _with("03.3", norm=not_written)),
        ("03.4", {"history": ..., "verdict": ...}),
        ("03.5", {"shape": ..., "without_ceil": ...}),
        ("03.6", {"histories": ..., "stuck": ..., "ratio_depth": ...}),
        ("03.6", _with("03.6", histories=...)),
    ],
)
def test_a_stub_is_not_answered(exercise_id: str, stub: object) -> None:
    feedback = check(exercise_id, stub)
    assert feedback.answered is False, feedback.message
    assert not feedback.passed


def test_a_partly_answered_dict_names_what_is_left() -> None:
    feedback = check("03.3", _with("03.3", threshold=...))
    assert not feedback.answered
    assert "'threshold'" in feedback.message and "right so far" in feedback.message


def test_a_wrong_part_is_reported_before_an_unanswered_one() -> None:
    feedback = check("03.3", _with("03.3", depth=20, norm=not_written))
    assert feedback.answered and "the zeros start deeper" in feedback.message


def test_messages_never_give_the_right_value_away() -> None:
    for answer, _ in WRONG["03.3"][:2]:
        assert "26" not in check("03.3", answer).message
    assert (
        "1e-08" not in check("03.p1", 1e-2).message and "1e-8" not in check("03.p1", 1e-2).message
    )


def test_checking_leaves_the_global_random_numbers_alone() -> None:
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    for exercise_id, answer in RIGHT.items():
        check(exercise_id, answer)
    assert torch.equal(torch.rand(3), expected)
