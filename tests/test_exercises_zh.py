"""Exercise feedback in Chinese, notebooks 01–03 and the shared machinery: under
``set_language("zh")`` the verdict, every title and every message a learner reads (a stub, each
wrong answer of the English tests, a right answer) is Chinese, with code, numbers and option
strings kept as they are, and no message gives the right value away."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import torch
from chinese_text import CJK, assert_chinese, leftover_english
from test_exercises_nb01 import RIGHT as RIGHT_01
from test_exercises_nb01 import SECRETS as SECRETS_01
from test_exercises_nb01 import WRONG as WRONG_01
from test_exercises_nb02 import RIGHT as RIGHT_02
from test_exercises_nb02 import WRONG as WRONG_02
from test_exercises_nb02 import HardCodedTen, Skips3x3Third
from test_exercises_nb03 import RIGHT as RIGHT_03
from test_exercises_nb03 import WRONG as WRONG_03

from advcnn.exercises import EXERCISES, Feedback, check
from advcnn.exercises._core import Mistake, expect_choice, expect_close, parts
from advcnn.exercises._modules import OutputsDiffer, ShapeDiffers, compare_module
from advcnn.i18n import set_language, tr
from advcnn.messages_zh import ZH
from advcnn.models import InceptionA

WRONG = {**WRONG_01, **WRONG_02, **WRONG_03}
RIGHT = {**RIGHT_01, **RIGHT_02, **RIGHT_03}
IDS = [exercise_id for exercise_id in EXERCISES if exercise_id[:2] in ("01", "02", "03")]


@pytest.fixture(autouse=True)
def _chinese() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("en")


def wrong_answer(exercise_id: str, says: str) -> object:
    """The answer of the English tests' ``WRONG`` table whose message says ``says``."""
    return next(answer for answer, said in WRONG[exercise_id] if says in said)


def test_the_helper_finds_english_and_lets_code_pass() -> None:
    assert leftover_english("the weights load and the shapes agree") != []
    assert leftover_english("把 `...` 换成 'wide output'，再看 relu(conv1(x)) 和 nn.Conv2d") == []
    error = (
        "CatAlongBatch 的 forward 出错，抛出了 RuntimeError：Sizes of tensors must match. 各分支"
    )
    assert leftover_english(error) == []


def test_every_exercise_of_notebooks_01_to_03_has_wrong_answers_to_try() -> None:
    assert IDS and set(IDS) == set(WRONG) == set(RIGHT)


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_every_title_and_verdict_is_shown_in_chinese(exercise_id: str) -> None:
    title = EXERCISES[exercise_id]
    assert CJK.search(ZH[title]), title
    shown = str(check(exercise_id, None))
    assert shown.startswith(f"… {exercise_id}「{ZH[title]}」：尚未作答。"), shown
    assert title not in shown
    assert f"「{ZH[title]}」" in check(exercise_id, ...)._repr_html_()


@pytest.mark.parametrize("exercise_id", IDS)
def test_a_stub_is_answered_in_chinese(exercise_id: str) -> None:
    feedback = check(exercise_id, None)
    assert feedback.answered is False
    assert feedback.verdict == "Not answered yet"  # the attribute stays English; str() shows it
    assert_chinese(feedback.message)
    assert_chinese(str(feedback))


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [(key, answer) for key, cases in WRONG.items() for answer, _ in cases],
)
def test_every_wrong_answer_is_answered_in_chinese(exercise_id: str, answer: object) -> None:
    feedback = check(exercise_id, answer)
    assert not feedback.passed
    assert_chinese(feedback.message)
    assert "还不对" in str(feedback) or "尚未作答" in str(feedback)
    for secret in SECRETS_01.get(exercise_id, []):
        assert not re.search(secret, feedback.message), (secret, feedback.message)


@pytest.mark.parametrize("exercise_id", IDS)
def test_a_right_answer_is_answered_in_chinese(exercise_id: str) -> None:
    feedback = check(exercise_id, RIGHT[exercise_id])
    assert feedback.passed, feedback.message
    assert_chinese(feedback.message)
    assert str(feedback).startswith(f"✓ {exercise_id}「") and "」：正确。" in str(feedback)


def test_no_chinese_message_gives_the_answer_away() -> None:
    for exercise_id in ("02.p1", "02.1"):
        for answer, _ in WRONG[exercise_id]:
            if not isinstance(answer, str):
                assert str(RIGHT[exercise_id]) not in check(exercise_id, answer).message
    for answer, _ in WRONG["03.3"][:2]:
        assert "26" not in check("03.3", answer).message
    assert "1e-8" not in check("03.p1", 1e-2).message


@pytest.mark.parametrize(
    ("exercise_id", "answer", "message"),
    [
        ("01.p1", 1.0, "这只是升维那一份（C_b/C_in = 1）：1×1 降维同样要花 MAC。"),
        (
            "01.1",
            155,
            "这里需要 break_even(c_in, c_out, k)（一个可以调用的对象），你给的是 int 155",
        ),
        (
            "01.1",
            lambda c_in, c_out, k: c_in / 0,
            "break_even(c_in, c_out, k) 出错，抛出了 ZeroDivisionError：division by zero",
        ),
        (
            "01.2",
            {"ratio": RIGHT_01["01.2"]["ratio"], "close_when": "never"},
            "close_when 应为以下选项之一：'wide output', 'wide input', 'large image', "
            "'small kernel'；你给的是 'never'",
        ),
        ("01.5", {"mac_ratio": 0.72, "nonzero": ...}, "把 'nonzero' 的 `...` 也换成你的答案。"),
        (
            "02.2",
            {"pad": 3, "extra_params": 1},
            "答案的键应为 'padding', 'extra_params'：缺少 'padding'；多了题目没有要求的 'pad'",
        ),
        ("02.6", {"size": 6, "padding": 6}, "padding=6 时输出是 11×11，不是 12×12。"),
        ("02.6", {"size": 6, "padding": 6.5}, "这里需要一个填充值，而且是整数，你给的是 6.5"),
        (
            "02.w1",
            HardCodedTen,
            "用 in_channels=20 构建时，branch1x1.weight 的形状是 (16, 10, 1, 1)，它的输入通道数"
            "和参考实现不同。是不是在该写 in_channels 的地方写成了 10？",
        ),
        (
            "02.w1",
            Skips3x3Third,
            "权重可以加载，形状也一致，但 3×3 分支的通道不同：检查 forward 是否按顺序把这个分支"
            "的各层作用在 x 上。",
        ),
        (
            "03.6",
            RIGHT_03["03.6"] | {"stuck": [4]},
            "'stuck' 列出了 4，这是你没有训练过的深度：应为 3、5 或 10",
        ),
    ],
)
def test_some_messages_word_for_word(exercise_id: str, answer: object, message: str) -> None:
    assert check(exercise_id, answer).message == message


def test_a_chinese_message_keeps_its_leading_code_word_as_it_is() -> None:
    feedback = Feedback("02.w1", EXERCISES["02.w1"], False, "forward 仍然返回 `...`。")
    assert str(feedback).endswith("还不对。 forward 仍然返回 `...`。")
    set_language("en")
    english = Feedback("02.w1", EXERCISES["02.w1"], False, "forward still returns `...`.")
    assert str(english).endswith("Not yet right. Forward still returns `...`.")


def test_the_helpers_translate_their_own_words_and_not_the_callers() -> None:
    with pytest.raises(Mistake) as error:
        expect_close("7", 100, tr("the block's MACs"))
    assert str(error.value) == "这里需要一个数（这个块的 MAC），你给的是 str '7'"
    with pytest.raises(Mistake) as error:
        expect_close(7, 100, "已经翻译好的说法", hint="数一数每个像素。")
    assert str(error.value) == "7 不是已经翻译好的说法。数一数每个像素。"
    with pytest.raises(Mistake) as error:
        expect_choice(3, "yes", {"no": "再看看"})
    assert str(error.value) == "应为以下选项之一：'yes', 'no'；你给的是 int 3"
    with pytest.raises(Mistake) as error:
        parts([1], ["a"])
    assert str(error.value) == "这里需要一个 dict，键为 'a'；你给的是 list [1]"


def test_an_unknown_id_is_refused_in_chinese() -> None:
    with pytest.raises(ValueError, match="没有练习 '1.1'.*你是不是想输入 '01.1'"):
        check("1.1", 3)


def test_compare_module_says_in_chinese_which_dimension_differs() -> None:
    torch.manual_seed(0)
    x = torch.randn(1, 10, 6, 6)
    with pytest.raises(ShapeDiffers) as error:
        compare_module(InceptionA(10, ch1x1=8), InceptionA(10), x)
    assert error.value.differ == ("output channels",)  # the kind, whatever the language
    assert (
        str(error.value)
        == "branch1x1.weight 的形状是 (8, 10, 1, 1)，它的输出通道数和参考实现不同。"
    )

    class Reordered(InceptionA):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return super().forward(x).flip(1)

    with pytest.raises(OutputsDiffer, match="^权重可以加载，形状也一致，但输出不同：检查 forward"):
        compare_module(Reordered(10), InceptionA(10), x)
    assert compare_module(InceptionA(10), InceptionA(10), x).endswith("输出也和包里的模块一致。")
