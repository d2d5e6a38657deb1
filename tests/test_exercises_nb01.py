"""Notebook 01's checks: right answers pass, stubs are "not answered", and each common wrong
answer gets the message that names its mistake, never the right value."""

from __future__ import annotations

import math
import re
import time

import pytest
import torch
from torch import nn

from advcnn.cost import bottleneck_cost, conv_macs, total_macs
from advcnn.exercises import EXERCISES, check

IDS = ["01.p1", "01.1", "01.2", "01.3", "01.4", "01.5", "01.6", "01.7"]
LECTURE = bottleneck_cost()
PREDICTED = LECTURE.direct_macs / LECTURE.bottleneck_macs  # the MACs' speed-up, about 9.68
BLOCK = conv_macs(256, 64, 1, 56) + conv_macs(64, 64, 3, 56) + conv_macs(64, 256, 1, 56)
TWO_3X3 = 2 * conv_macs(256, 256, 3, 56)
TIMINGS = {1: (6.0, 1.0), 16: (91.2, 9.5), 64: (360.0, 30.0)}  # speed-ups 6, 9.6, 12


# --- right answers, as a learner would write them ----------------------------------------------


def break_even(c_in: int, c_out: int, k: int) -> int:
    return math.ceil(k * k * c_out * c_in / (k * k * c_out + c_in)) - 1


def ratio(c_in: int, c_out: int, k: int) -> float:
    return 1 + c_in / (k * k * c_out)


def saves(c_in: int, c_b: int, c_out: int) -> bool:
    return c_b * (c_in + c_out) < c_in * c_out


def max_rank(c_in: int, c_b: int, c_out: int) -> int:
    return min(c_in, c_b, c_out)


RIGHT = {
    "01.p1": 1.24,
    "01.1": break_even,
    "01.2": {"ratio": ratio, "close_when": "Wide output "},
    "01.3": {
        "moves": "neither",
        "setting": {
            "in_channels": 8,
            "bottleneck_channels": 2,
            "out_channels": 8,
            "kernel_size": 1,
        },
    },
    "01.4": {"saves": saves, "max_rank": max_rank},
    "01.5": {"mac_ratio": 0.72, "nonzero": torch.tensor(25)},
    "01.6": {"bottleneck_macs": BLOCK, "ratio": BLOCK / TWO_3X3},
    "01.7": {"predicted": PREDICTED, "timings": TIMINGS, "closest": 16},
}


# --- wrong answers: the common mistakes -----------------------------------------------------------


def _bound(c_in: int, c_out: int, k: int) -> float:
    return k * k * c_out * c_in / (k * k * c_out + c_in)


def break_even_bound(c_in: int, c_out: int, k: int) -> float:
    return _bound(c_in, c_out, k)


def break_even_floor_plus_one(c_in: int, c_out: int, k: int) -> int:
    return math.floor(_bound(c_in, c_out, k)) + 1


def break_even_one_less(c_in: int, c_out: int, k: int) -> int:
    return math.floor(_bound(c_in, c_out, k)) - 1


def break_even_swapped(c_in: int, c_out: int, k: int) -> int:
    return int(_bound(c_out, c_in, k))


def break_even_k_not_squared(c_in: int, c_out: int, k: int) -> int:
    return int(1 / (1 / (k * c_out) + 1 / c_in))


def ratio_expansion_only(c_in: int, c_out: int, k: int) -> float:
    return 1.0


def ratio_reduction_only(c_in: int, c_out: int, k: int) -> float:
    return c_in / (k * k * c_out)


def ratio_swapped(c_in: int, c_out: int, k: int) -> float:
    return 1 + c_out / (k * k * c_in)


def ratio_k_not_squared(c_in: int, c_out: int, k: int) -> float:
    return 1 + c_in / (k * c_out)


def saves_or_equal(c_in: int, c_b: int, c_out: int) -> bool:
    return c_b * (c_in + c_out) <= c_in * c_out


def saves_if_narrower_than_both(c_in: int, c_b: int, c_out: int) -> bool:
    return c_b < min(c_in, c_out)


def saves_as_ratio(c_in: int, c_b: int, c_out: int) -> float:
    return c_b / c_in + c_b / c_out


def rank_of_single_matrix(c_in: int, c_b: int, c_out: int) -> int:
    return min(c_in, c_out)


def rank_of_middle(c_in: int, c_b: int, c_out: int) -> int:
    return c_b


def unanswered(*args: int) -> int:
    raise NotImplementedError


def _unpadded_block() -> int:
    block = nn.Sequential(nn.Conv2d(256, 64, 1), nn.Conv2d(64, 64, 3), nn.Conv2d(64, 256, 1))
    return total_macs(block.to("meta"), (1, 256, 56, 56))


SETTING = RIGHT["01.3"]["setting"]
FIVE = {"mac_ratio": 0.72, "nonzero": 25}
SEVEN = RIGHT["01.7"]

WRONG: dict[str, list[tuple[object, str]]] = {
    "01.p1": [
        (1.0, "expansion's share alone"),
        (192 / 800, "reduction's share alone"),
        (LECTURE.mac_ratio, "lecture's ratio"),
        (2.2, "k², not k"),
        ("one point two", "expected a number"),
    ],
    "01.1": [
        (break_even_bound, "the bound itself"),
        (break_even_floor_plus_one, "costs at least as much"),
        (break_even_one_less, "off-by-one"),
        (break_even_swapped, "C_in and C_out look swapped"),
        (break_even_k_not_squared, "k², not k"),
        (155, "something to call"),
    ],
    "01.2": [
        ({"ratio": ratio_expansion_only, "close_when": "wide output"}, "expansion's share alone"),
        ({"ratio": ratio_reduction_only, "close_when": "wide output"}, "reduction's share alone"),
        ({"ratio": ratio_swapped, "close_when": "wide output"}, "look swapped"),
        ({"ratio": ratio_k_not_squared, "close_when": "wide output"}, "with k², not k"),
        ({"ratio": ratio, "close_when": "wide input"}, "C_in much larger than k²·C_out"),
        ({"ratio": ratio, "close_when": "large image"}, "H·W cancels"),
        ({"ratio": ratio, "close_when": "small kernel"}, "k = 1"),
        ({"ratio": ratio, "close_when": "never"}, "close_when: one of"),
        ({"ratio": ratio}, "missing 'close_when'"),
    ],
    "01.3": [
        ({"moves": "mac_ratio", "setting": SETTING}, "cancels from mac_ratio"),
        ({"moves": "param_ratio", "setting": SETTING}, "do not depend on the image"),
        ({"moves": "both", "setting": SETTING}, "neither parameters nor"),
        ({"moves": "neither", "setting": {"image_size": 112}}, "moves neither ratio"),
        ({"moves": "neither", "setting": {"in_channels": 64}}, "the biases"),
        ({"moves": "neither", "setting": {"kernel_size": 4}}, "odd sizes 1 to 7, not 4"),
        ({"moves": "neither", "setting": {"in_chanels": 8}}, "no slider for"),
        ({"moves": "neither", "setting": {"in_channels": 8.0}}, "a whole number"),
        ({"moves": "neither", "setting": 0.0117}, "a dict of slider values"),
    ],
    "01.4": [
        ({"saves": saves_if_narrower_than_both, "max_rank": max_rank}, "not enough"),
        ({"saves": saves_or_equal, "max_rank": max_rank}, "strictly fewer"),
        ({"saves": saves_as_ratio, "max_rank": max_rank}, "should return True or False"),
        ({"saves": saves, "max_rank": rank_of_single_matrix}, "rank of the single"),
        ({"saves": saves, "max_rank": rank_of_middle}, "however wide the middle"),
    ],
    "01.5": [
        (FIVE | {"mac_ratio": 25 / 18}, "one 5×5 over two 3×3s"),
        (FIVE | {"mac_ratio": 9 / 25}, "counts one 3×3"),
        (FIVE | {"mac_ratio": 6 / 5}, "k², not k"),
        (FIVE | {"mac_ratio": (26 * 26 + 24 * 24) * 9 / (28 * 28 * 25)}, "lost their padding"),
        (FIVE | {"nonzero": 9}, "after one 3×3"),
        (FIVE | {"nonzero": 121}, "zeros included"),
        (FIVE | {"nonzero": 49}, "three stacked"),
        (FIVE | {"nonzero": "twenty-five"}, "a count of non-zero outputs"),
    ],
    "01.6": [
        ({"bottleneck_macs": 2 * BLOCK, "ratio": BLOCK / TWO_3X3}, "FLOPs"),
        ({"bottleneck_macs": BLOCK // 3136, "ratio": BLOCK / TWO_3X3}, "56·56"),
        ({"bottleneck_macs": 70016, "ratio": BLOCK / TWO_3X3}, "parameters"),
        ({"bottleneck_macs": _unpadded_block(), "ratio": BLOCK / TWO_3X3}, "lost its padding"),
        (
            {"bottleneck_macs": BLOCK - conv_macs(256, 64, 1, 56), "ratio": 0.05},
            "two of the three",
        ),
        ({"bottleneck_macs": BLOCK, "ratio": TWO_3X3 / BLOCK}, "the block ÷ two 3×3s"),
        ({"bottleneck_macs": BLOCK, "ratio": 2 * BLOCK / TWO_3X3}, "one 3×3 convolution"),
    ],
    "01.7": [
        (SEVEN | {"predicted": LECTURE.mac_ratio}, "bottleneck ÷ direct"),
        (SEVEN | {"predicted": 9.7}, "rounded too far"),
        (SEVEN | {"predicted": 64 * PREDICTED}, "cancels"),
        (SEVEN | {"predicted": 1 / LECTURE.param_ratio}, "parameter counts"),
        (SEVEN | {"timings": {b: (o, d) for b, (d, o) in TIMINGS.items()}}, "swapped"),
        (SEVEN | {"timings": {1: (6.0, 1.0), 16: (91.2, 9.5)}}, "1 and 64"),
        (SEVEN | {"closest": 64}, "largest speed-up"),
        (SEVEN | {"closest": 1}, "by your own timings"),
        (SEVEN | {"closest": 32}, "one of the batch sizes you timed"),
        (SEVEN | {"closest": [16]}, "one of the batch sizes you timed"),
    ],
}

# What no message about a wrong answer may show: the right values (as patterns, so that a
# learner's own 154.8 echoed back does not count as giving 154 away).
SECRETS = {
    "01.p1": [r"1\.24"],
    "01.1": [r"(?<![\d.])154(?![\d.])"],
    "01.2": [r"1 \+ C_in/\(k²·C_out\)", "approaches C_in"],
    "01.3": ["'neither'"],
    "01.4": [r"C_b·\(C_in \+ C_out\) <", r"min\(C_in, C_b, C_out\)"],
    "01.5": [r"0\.72", "18/25", r"(?<![\d.×])25(?![\d.×])"],
    "01.6": ["218365952", "218,365,952", r"0\.059"],
    "01.7": [r"9\.677", r"9\.68"],
}


def test_notebook_01_registers_its_exercises_in_the_notebooks_order() -> None:
    assert [exercise_id for exercise_id in EXERCISES if exercise_id.startswith("01.")] == IDS


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_right_answer_passes_quickly(exercise_id: str) -> None:
    check(exercise_id, RIGHT[exercise_id])  # the first call imports what the check needs
    start = time.perf_counter()
    feedback = check(exercise_id, RIGHT[exercise_id])
    assert time.perf_counter() - start < 2.0
    assert (feedback.passed, feedback.answered) == (True, True), feedback
    assert str(feedback).startswith(f"✓ {exercise_id} ") and ": Right." in str(feedback)


@pytest.mark.parametrize(
    ("exercise_id", "answer", "expected"),
    [
        (exercise_id, answer, expected)
        for exercise_id, rows in WRONG.items()
        for answer, expected in rows
    ],
)
def test_a_wrong_answer_names_its_mistake(exercise_id: str, answer: object, expected: str) -> None:
    feedback = check(exercise_id, answer)
    assert (feedback.passed, feedback.answered) == (False, True), feedback
    assert expected in feedback.message, feedback.message
    for secret in SECRETS[exercise_id]:
        assert not re.search(secret, feedback.message), f"{feedback.message!r} gives {secret!r}"


STUBS = [
    ("01.p1", ...),
    ("01.1", unanswered),
    ("01.2", {"ratio": unanswered, "close_when": ...}),
    ("01.3", {"moves": ..., "setting": ...}),
    ("01.4", {"saves": unanswered, "max_rank": unanswered}),
    ("01.5", {"mac_ratio": ..., "nonzero": ...}),
    ("01.6", {"bottleneck_macs": ..., "ratio": ...}),
    ("01.7", {"predicted": ..., "timings": ..., "closest": ...}),
]


@pytest.mark.parametrize(("exercise_id", "stub"), STUBS)
def test_the_notebooks_stub_is_not_answered_yet(exercise_id: str, stub: object) -> None:
    feedback = check(exercise_id, stub)
    assert (feedback.passed, feedback.answered) == (False, False), feedback
    assert "too" not in feedback.message  # the whole answer is a stub, not part of it


@pytest.mark.parametrize(
    ("exercise_id", "half", "named"),
    [
        ("01.2", {"ratio": ratio, "close_when": ...}, "'close_when'"),
        ("01.5", {"mac_ratio": 0.72, "nonzero": ...}, "'nonzero'"),
        ("01.7", SEVEN | {"closest": ...}, "'closest'"),
    ],
)
def test_a_half_answered_dict_names_the_part_still_to_do(
    exercise_id: str, half: object, named: str
) -> None:
    feedback = check(exercise_id, half)
    assert (feedback.passed, feedback.answered) == (False, False), feedback
    assert named in feedback.message


def test_a_stub_among_written_functions_is_not_answered_yet() -> None:
    feedback = check("01.4", {"saves": saves, "max_rank": unanswered})
    assert (feedback.passed, feedback.answered) == (False, False), feedback


def test_the_block_the_check_measures_is_the_formulas_block() -> None:
    # 01.6 takes the right value from FlopCounterMode; the formula is the independent reference.
    block = nn.Sequential(
        nn.Conv2d(256, 64, 1), nn.Conv2d(64, 64, 3, padding=1), nn.Conv2d(64, 256, 1)
    ).to("meta")
    assert total_macs(block, (1, 256, 56, 56)) == BLOCK


def test_success_messages_do_not_depend_on_the_timings() -> None:
    faster = {1: (5.0, 1.0), 16: (50.0, 5.0), 64: (400.0, 41.0)}
    closest = min(faster, key=lambda b: abs(faster[b][0] / faster[b][1] - PREDICTED))
    other = check("01.7", SEVEN | {"timings": faster, "closest": closest})
    assert other.passed and other.message == check("01.7", SEVEN).message
