"""Notebook 02's checks: right answers pass, the common wrong ones are named, stubs are not
answered yet."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from advcnn.exercises import EXERCISES, check


class LectureInceptionA(nn.Module):
    """The lecture's module, right; the wrong ones below change one thing each."""

    def __init__(self, in_channels: int) -> None:
        super().__init__()
        self.branch1x1 = nn.Conv2d(in_channels, 16, kernel_size=1)

        self.branch5x5_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch5x5_2 = nn.Conv2d(16, 24, kernel_size=5, padding=2)

        self.branch3x3_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch3x3_2 = nn.Conv2d(16, 24, kernel_size=3, padding=1)
        self.branch3x3_3 = nn.Conv2d(24, 24, kernel_size=3, padding=1)

        self.branch_pool = nn.Conv2d(in_channels, 24, kernel_size=1)

    def relu(self, x: torch.Tensor) -> torch.Tensor:
        return x

    def pool(self, x: torch.Tensor) -> torch.Tensor:
        return F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)

    def pool_projection(self) -> nn.Module:
        return self.branch_pool

    def branches(self, x: torch.Tensor) -> list[torch.Tensor]:
        relu = self.relu
        branch1x1 = relu(self.branch1x1(x))
        branch5x5 = relu(self.branch5x5_2(relu(self.branch5x5_1(x))))
        branch3x3 = relu(self.branch3x3_1(x))
        branch3x3 = relu(self.branch3x3_3(relu(self.branch3x3_2(branch3x3))))
        branch_pool = relu(self.pool_projection()(self.pool(x)))
        return [branch1x1, branch5x5, branch3x3, branch_pool]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat(self.branches(x), dim=1)


class SlidePadding(LectureInceptionA):
    def __init__(self, in_channels: int) -> None:
        super().__init__(in_channels)
        self.branch5x5_2 = nn.Conv2d(16, 24, kernel_size=5, padding=1)


class TypoPool(LectureInceptionA):
    def __init__(self, in_channels: int) -> None:
        super().__init__(in_channels)
        self.branchpool = self.branch_pool
        del self.branch_pool

    def pool_projection(self) -> nn.Module:
        return self.branchpool


class SlideForgets3x3(LectureInceptionA):
    """The slide's bug: no branch3x3_3."""

    def __init__(self, in_channels: int) -> None:
        super().__init__(in_channels)
        del self.branch3x3_3


class SwappedChannels(LectureInceptionA):
    def __init__(self, in_channels: int) -> None:
        super().__init__(in_channels)
        self.branch3x3_2 = nn.Conv2d(24, 16, kernel_size=3, padding=1)


class HardCodedTen(LectureInceptionA):
    def __init__(self, in_channels: int) -> None:
        super().__init__(10)


class CatAlongBatch(LectureInceptionA):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat(self.branches(x), dim=0)


class MaxPool(LectureInceptionA):
    def pool(self, x: torch.Tensor) -> torch.Tensor:
        return F.max_pool2d(x, kernel_size=3, stride=1, padding=1)


class OtherOrder(LectureInceptionA):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        branch1x1, branch5x5, branch3x3, branch_pool = self.branches(x)
        return torch.cat([branch1x1, branch3x3, branch5x5, branch_pool], dim=1)


class Skips3x3Third(LectureInceptionA):
    """Creates branch3x3_3 but forgets to call it."""

    def branches(self, x: torch.Tensor) -> list[torch.Tensor]:
        outputs = super().branches(x)
        outputs[2] = self.branch3x3_2(self.branch3x3_1(x))
        return outputs


class ReluInceptionA(LectureInceptionA):
    def relu(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(x)


class ReluAfterConcat(LectureInceptionA):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(super().forward(x))


class ReluMissingIn5x5(ReluInceptionA):
    def branches(self, x: torch.Tensor) -> list[torch.Tensor]:
        outputs = super().branches(x)
        outputs[1] = F.relu(self.branch5x5_2(self.branch5x5_1(x)))
        return outputs


class ReluOnlyLast(LectureInceptionA):
    def branches(self, x: torch.Tensor) -> list[torch.Tensor]:
        return [F.relu(output) for output in super().branches(x)]


class ReluWithBiasFalse(ReluInceptionA):
    def __init__(self, in_channels: int) -> None:
        super().__init__(in_channels)
        self.branch1x1 = nn.Conv2d(in_channels, 16, kernel_size=1, bias=False)


class BlankLayers(nn.Module):
    """The notebook's fill-in cell as it is stored: blanks in __init__ and forward."""

    def __init__(self, in_channels: int) -> None:
        super().__init__()
        self.branch1x1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch5x5_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch5x5_2 = ...
        self.branch3x3_1 = ...
        self.branch3x3_2 = nn.Conv2d(16, 24, kernel_size=3, padding=1)
        self.branch3x3_3 = ...
        self.branch_pool = nn.Conv2d(in_channels, 24, kernel_size=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return ...


class BlankPooling(LectureInceptionA):
    """Every layer written, but the pooling line of forward left as ``...``."""

    def pool(self, x: torch.Tensor) -> torch.Tensor:
        return ...


class BlankReturn(LectureInceptionA):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return ...


class BlankDimension(LectureInceptionA):
    """The stored notebook's last blank: ``torch.cat(outputs, dim=...)``."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat(self.branches(x), dim=...)


class StubInceptionA(nn.Module):
    def __init__(self, in_channels: int) -> None:
        super().__init__()
        raise NotImplementedError


KEYS = {
    "missing": ["branchpool.weight", "branchpool.bias"],
    "unexpected": ["branch_pool.weight", "branch_pool.bias"],
}

RIGHT: dict[str, object] = {
    "02.w1": LectureInceptionA,
    "02.p1": 2048,
    "02.1": 2200,
    "02.2": {"padding": 3, "extra_params": 9216},
    "02.3": {"shape": (1, 24, 14, 14), "blamed": 1},
    "02.4": {"cat_channels": 96, "sum_channels": 24},
    "02.5": KEYS | {"strict_false": "silently random"},
    "02.6": {"size": 6, "padding": 7},
    "02.7": {"widths": {"ch3x3": 16, "ch1x1": 24}, "saves_most": "3x3 branch"},
    "02.8": {"corner": 4, "edge": 6, "interior": 9},
    "02.9": ReluInceptionA,
}

WRONG: dict[str, list[tuple[object, str]]] = {
    "02.w1": [
        (SlidePadding, "branch5x5_2 has padding=1"),
        (TypoPool, "a typo of branch_pool?"),
        (SlideForgets3x3, "missing layer(s): branch3x3_3"),
        (SwappedChannels, "output channels and input channels differ"),
        (HardCodedTen, "Is 10 written where in_channels belongs?"),
        (MaxPool, "max pooling"),
        (CatAlongBatch, "joined along the channels"),
        (OtherOrder, "concatenated in another order"),
        (Skips3x3Third, "channels of the 3×3 branch differ"),
        (ReluInceptionA, "the lecture's InceptionA has none"),
        (LectureInceptionA(10), "pass the class itself"),
    ],
    "02.p1": [
        (128, "concatenated width"),
        (1408, "the lecture's fc input"),
        (640, "how much fc's input grows"),
        (2432, "replaces the branch's 24 channels"),
        ("2048", "expected a number"),
    ],
    "02.1": [
        (1408, "28×28 network's value"),
        (440, "multiply by its height and its width"),
        (25, "one channel's feature map"),
        (500, "20 is conv2's width"),
        (8800, "max poolings is left out"),
        (2201, "is not flat_features"),
    ],
    "02.2": [
        ({"padding": 7, "extra_params": 9216}, "that is the kernel size"),
        ({"padding": 6, "extra_params": 9216}, "the total of both sides"),
        ({"padding": 3, "extra_params": 18840}, "the whole 7×7 convolution"),
        ({"padding": 3, "extra_params": 768}, "grow with k², not with k"),
        ({"padding": 3, "extra_params": 18432}, "InceptionNet's two modules"),
        ({"padding": 3, "extra_params": 9216 * 144}, "parameters do not depend on it"),
        ({"pad": 3, "extra_params": 9216}, "missing 'padding'"),
    ],
    "02.3": [
        ({"shape": (1, 24, 10, 10), "blamed": 1}, "that is padding=1"),
        ({"shape": (1, 24, 11, 11), "blamed": 1}, "2p in all"),
        ({"shape": (1, 24, 12, 12), "blamed": 1}, "not the padding that keeps 12×12"),
        ({"shape": (1, 16, 14, 14), "blamed": 1}, "maps 16 channels to 24"),
        ({"shape": (24, 14, 14), "blamed": 1}, "give all four"),
        ({"shape": (1, 24, 14, 14), "blamed": 2}, "counts the list from 0"),
        ({"shape": (1, 24, 14, 14), "blamed": 0}, "compares every tensor with the first"),
    ],
    "02.4": [
        ({"cat_channels": 96, "sum_channels": 96}, "adding does not stack channels"),
        ({"cat_channels": 88, "sum_channels": 24}, "the 1×1 branch has 24 channels too"),
        ({"cat_channels": 24, "sum_channels": 24}, "torch.cat stacks"),
        ({"cat_channels": 96, "sum_channels": 4}, "it does not count them"),
    ],
    "02.5": [
        (
            {"missing": KEYS["unexpected"], "unexpected": KEYS["missing"], "strict_false": "error"},
            "swapped",
        ),
        (
            {"missing": ["branchpool"], "unexpected": ["branch_pool"], "strict_false": "error"},
            "not a layer",
        ),
        (
            {"missing": ["branchpool.weight"], "unexpected": ["branch_pool.weight"]}
            | {"strict_false": "error"},
            "weight and its bias",
        ),
        (KEYS | {"strict_false": "all loaded"}, "nothing is loaded there"),
        (KEYS | {"strict_false": "error"}, "raises nothing"),
        (KEYS | {"strict": "error"}, "not asked for 'strict'"),
    ],
    "02.6": [
        ({"size": 5, "padding": 7}, "the + 1 of the formula"),
        ({"size": 6.5, "padding": 7}, "floored"),
        ({"size": 12, "padding": 7}, "the output shrinks"),
        ({"size": 6, "padding": 6}, "with padding=6 the output is 11×11"),
        ({"size": 6, "padding": 1}, "with padding=1 the output is 6×6"),
        ({"size": 6, "padding": 6.5}, "a whole number"),
    ],
    "02.7": [
        ({"widths": {"ch3x3": 16}, "saves_most": "3x3 branch"}, "not 88"),
        ({"widths": {}, "saves_most": "3x3 branch"}, "not fewer than the lecture's"),
        ({"widths": {"ch5x5": 16, "ch3x3": 32}, "saves_most": "3x3 branch"}, "not fewer"),
        ({"widths": {"ch7x7": 4}, "saves_most": "3x3 branch"}, "'ch7x7' is not a slider"),
        ({"widths": {"ch3x3": 16, "ch1x1": 24}, "saves_most": "5x5 branch"}, "count what one"),
        ({"widths": {"ch3x3": 16, "ch1x1": 24}, "saves_most": "1x1 branch"}, "few weights"),
    ],
    "02.8": [
        ({"corner": 9, "edge": 9, "interior": 9}, "count_include_pad=True"),
        ({"corner": 3, "edge": 6, "interior": 9}, "own input pixel counts too"),
        ({"corner": 4, "edge": 6, "interior": 8}, "own input pixel counts too"),
        ({"corner": 4, "edge": 4, "interior": 9}, "is not the divisor at the edge"),
    ],
    "02.9": [
        (LectureInceptionA, "the module without ReLUs"),
        (ReluAfterConcat, "only one ReLU at the end"),
        (ReluOnlyLast, "only one ReLU at the end"),
        (ReluMissingIn5x5, "the channels of the 5×5 branch differ"),
        (ReluWithBiasFalse, "branch1x1 has no bias"),
        (ReluInceptionA(10), "pass the class itself"),
    ],
}

STUBS: list[tuple[str, object]] = [
    ("02.w1", BlankLayers),
    ("02.w1", BlankPooling),
    ("02.w1", BlankReturn),
    ("02.w1", BlankDimension),
    ("02.9", StubInceptionA),
    ("02.2", {"padding": ..., "extra_params": ...}),
    ("02.3", {"shape": (1, 24, 14, 14), "blamed": ...}),
    ("02.5", {"missing": ..., "unexpected": ..., "strict_false": ...}),
    ("02.7", {"widths": ..., "saves_most": ...}),
    ("02.8", {"corner": ..., "edge": ..., "interior": ...}),
]

NB02_IDS = [exercise_id for exercise_id in EXERCISES if exercise_id.startswith("02.")]


def test_every_exercise_has_a_right_and_wrong_answers_here() -> None:
    in_notebook_order = ["02.w1", "02.p1", *(f"02.{k}" for k in range(1, 10))]
    assert in_notebook_order == NB02_IDS
    assert set(WRONG) == set(RIGHT) == set(NB02_IDS)
    assert all(len(wrong) >= 2 for wrong in WRONG.values())


@pytest.mark.parametrize("exercise_id", NB02_IDS)
def test_the_right_answer_passes_with_a_fixed_message(exercise_id: str) -> None:
    first, second = check(exercise_id, RIGHT[exercise_id]), check(exercise_id, RIGHT[exercise_id])
    assert first.passed, first.message
    assert first.message == second.message


@pytest.mark.parametrize(
    ("exercise_id", "answer", "expected"),
    [(key, answer, expected) for key, pairs in WRONG.items() for answer, expected in pairs],
    ids=[f"{key}-{index}" for key, pairs in WRONG.items() for index in range(len(pairs))],
)
def test_a_wrong_answer_names_the_mistake(exercise_id: str, answer: object, expected: str) -> None:
    feedback = check(exercise_id, answer)
    assert feedback.passed is False and feedback.answered is True
    assert expected in feedback.message, feedback.message


@pytest.mark.parametrize(("exercise_id", "answer"), STUBS, ids=[key for key, _ in STUBS])
def test_a_stub_is_not_answered_yet(exercise_id: str, answer: object) -> None:
    feedback = check(exercise_id, answer)
    assert feedback.answered is False, feedback.message


def test_the_blanks_left_are_named() -> None:
    message = check("02.w1", BlankLayers).message
    assert "self.branch5x5_2, self.branch3x3_1, self.branch3x3_3" in message
    assert "forward" in check("02.w1", BlankReturn).message


@pytest.mark.parametrize("exercise_id", ["02.w1", "02.9"])
def test_checking_a_module_leaves_the_random_numbers_alone(exercise_id: str) -> None:
    torch.manual_seed(1)
    expected = torch.rand(3)
    torch.manual_seed(1)
    check(exercise_id, RIGHT[exercise_id])
    assert torch.equal(torch.rand(3), expected)


def test_no_message_gives_the_answer_away() -> None:
    for exercise_id in ("02.p1", "02.1"):
        for answer, _ in WRONG[exercise_id]:
            if isinstance(answer, str):
                continue  # a message may quote the learner's own answer
            assert str(RIGHT[exercise_id]) not in check(exercise_id, answer).message
