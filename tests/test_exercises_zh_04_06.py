"""Notebooks 04–06's exercise feedback in Chinese: under ``set_language("zh")`` every message a
learner reads (a stub, each wrong answer of the English tests, a right answer) is Chinese, with
code, numbers and option strings kept as they are."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from chinese_text import assert_chinese, leftover_english
from test_exercises_nb04 import RIGHT as RIGHT_04
from test_exercises_nb04 import WRONG as WRONG_04
from test_exercises_nb05 import MACS_SAVED
from test_exercises_nb05 import RIGHT as RIGHT_05
from test_exercises_nb05 import WRONG as WRONG_05
from test_exercises_nb06 import INGREDIENTS
from test_exercises_nb06 import RIGHT as RIGHT_06
from test_exercises_nb06 import WRONG as WRONG_06

from advcnn.exercises import EXERCISES, check
from advcnn.i18n import set_language

WRONG = {**WRONG_04, **WRONG_05, **WRONG_06}
RIGHT = {**RIGHT_04, **RIGHT_05, **RIGHT_06}
IDS = [exercise_id for exercise_id in EXERCISES if exercise_id[:2] in ("04", "05", "06")]


@pytest.fixture(autouse=True)
def _chinese() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("en")


def wrong_answer(exercise_id: str, says: str) -> object:
    """The answer of the English tests' ``WRONG`` table whose message says ``says``."""
    return next(answer for answer, said in WRONG[exercise_id] if says in said)


def test_the_helper_finds_english_and_lets_code_pass() -> None:
    assert leftover_english("the gap is under two standard errors") != []
    assert leftover_english("请设置 `recipe(..., epochs=3)` 和 'plain only'") == []
    code = "第 1 次运行（except TrainingDivergedError as error: outcomes.append(error)）"
    assert leftover_english(code) == []
    assert leftover_english("抛出了 ValueError：math domain error。然后") == []


def test_every_exercise_of_notebooks_04_to_06_has_wrong_answers_to_try() -> None:
    assert IDS and set(IDS) == set(WRONG) == set(RIGHT)


@pytest.mark.parametrize("exercise_id", IDS)
def test_a_stub_is_answered_in_chinese(exercise_id: str) -> None:
    feedback = check(exercise_id, None)
    assert feedback.answered is False
    assert_chinese(feedback.message)
    assert_chinese(str(feedback))


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [(key, answer) for key, cases in WRONG.items() for answer, _ in cases],
    ids=[f"{key}-{index}" for key, cases in WRONG.items() for index in range(len(cases))],
)
def test_a_wrong_answer_is_told_its_mistake_in_chinese(exercise_id: str, answer: object) -> None:
    feedback = check(exercise_id, answer)
    assert feedback.passed is False and feedback.answered is True
    assert_chinese(feedback.message)
    assert_chinese(str(feedback))


@pytest.mark.parametrize("exercise_id", IDS)
def test_a_right_answer_is_confirmed_in_chinese(exercise_id: str) -> None:
    feedback = check(exercise_id, RIGHT[exercise_id])
    assert feedback.passed, feedback.message
    assert_chinese(feedback.message)


@pytest.mark.parametrize(
    ("exercise_id", "says", "expected"),
    [
        (
            "04.2",
            "not the length of a dataset",
            "对于长度为 100 的 data_source，你的采样器一轮给出了 60,000 个下标：应当抽取 "
            "len(data_source) 个，而不是笔记本里某个数据集的长度。",
        ),
        (
            "04.4",
            "at least 2",
            "gap=0.005, std_a=0.002, std_b=0.001 时，你给出的是 1：一个种子算不出标准差，"
            "所以每个网络至少需要 2 个。",
        ),
        (
            "04.5",
            "torch.roll wraps",
            "dx=2、dy=1 时：从一边移出去的像素又从另一边绕回来了：torch.roll 会绕回；"
            "应当改用空白像素填充。",
        ),
        (
            "04.6",
            ">=, not >",
            "目标为 0.97 时，你返回了 31.25：准确率等于目标也算达到了：要用 >= 比较，而不是 >。",
        ),
        ("05.5", "one image", "块 1（压缩率 0.25）：这是一张图像的；请测量一批 64 张"),
        (
            "05.p1",
            "expected one of the options",
            "应为以下选项之一：'plain only', 'both', 'neither', 'unit only'；"
            "你给的是 'plain grows'",
        ),
        (
            "06.1",
            "one variant per ingredient",
            f"fast_ingredients() 的每个要素应当对应一个变体（{len(INGREDIENTS)} 个），你给了 "
            f"{len(INGREDIENTS) - 1} 个",
        ),
        (
            "06.3",
            "not 10",
            "loss_floor(0.1, 100)：对 100 个类别，你的函数给出的是 10 个类别的下限："
            "要用 num_classes，不要写死 10",
        ),
        ("06.4", "whole number", "步数是整数个批"),
    ],
)
def test_the_chinese_messages_read_as_written(exercise_id: str, says: str, expected: str) -> None:
    assert check(exercise_id, wrong_answer(exercise_id, says)).message == expected


def test_the_ratio_prediction_joins_both_findings_in_one_chinese_sentence() -> None:
    message = check("05.p1", RIGHT["05.p1"]).message
    assert message.startswith("用 variant_profile 从 10 个块测到 30 个块：普通堆叠没有恒等路径")
    assert "；在单元 (e) 中" in message and message.endswith("拖动探索器的深度滑块就能看到。")


def test_an_option_wrong_on_both_counts_joins_both_reasons_in_chinese() -> None:
    message = check("05.p1", "unit only").message
    plain, unit = message.split("；")
    assert plain.startswith("普通堆叠没有恒等路径") and unit.startswith("在单元 (e) 中")
    assert_chinese(message)


def test_a_right_loss_floor_is_acknowledged_in_chinese_before_the_run_is_given() -> None:
    answer = {**RIGHT["06.3"], "history": ..., "gap": ...}
    feedback = check("06.3", answer)
    assert feedback.answered is False
    assert feedback.message == (
        "你的 loss_floor 是对的。把 'history', 'gap' 的 `...` 也换成你的答案。"
    )


def test_chinese_messages_never_give_the_right_value_either() -> None:
    for exercise_id, value in (("05.p2", "168"), ("05.4", f"{MACS_SAVED:,}")):
        for answer, _ in WRONG[exercise_id]:
            if not isinstance(answer, str):  # a message may quote the learner's own text
                assert value not in check(exercise_id, answer).message
    for answer, _ in WRONG["06.4"]:
        if isinstance(answer, dict):
            message = check("06.4", answer).message
            assert "118" not in message and "117" not in message and "0.4" not in message


def test_english_is_unchanged_by_the_templates() -> None:
    set_language("en")
    assert check("04.2", wrong_answer("04.2", "not the length of a dataset")).message == (
        "one epoch of your sampler has 60,000 indices for a data_source of 100: draw "
        "len(data_source) of them, not the length of a dataset of the notebook."
    )
    assert check("05.p1", RIGHT["05.p1"]).message.endswith(
        "by a few times, not by orders of magnitude. Slide the explorer's depth to see it."
    )
