"""``advcnn.exercises``' machinery: what ``check`` makes of stubs, wrong types, errors in the
learner's code and unknown ids, and how ``compare_module`` names a wrong layer."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from advcnn.exercises import EXERCISES, Feedback, check
from advcnn.exercises._core import (
    Mistake,
    NotAnswered,
    call,
    expect_choice,
    expect_close,
    expect_number,
    expect_type,
    parts,
)
from advcnn.exercises._modules import OutputsDiffer, ShapeDiffers, build_module, compare_module
from advcnn.models import InceptionA


def _stub(*args: object) -> None:
    raise NotImplementedError


class _StubModule(nn.Module):
    def __init__(self, *args: object) -> None:
        raise NotImplementedError


@pytest.mark.parametrize(
    "stub", [..., None, _stub, _StubModule], ids=["ellipsis", "none", "def", "class"]
)
def test_a_stub_is_not_answered_yet(stub: object) -> None:
    feedback = check("01.1", stub)
    assert (feedback.passed, feedback.answered) == (False, False)
    assert "Not answered yet" in str(feedback)
    assert "Traceback" not in str(feedback)


def test_an_error_in_the_learners_code_is_a_message_not_a_traceback() -> None:
    feedback = check("01.1", lambda c_in, c_out, k: c_in / 0)
    assert (feedback.passed, feedback.answered) == (False, True)
    assert "ZeroDivisionError" in feedback.message


def test_a_wrong_type_says_what_was_expected() -> None:
    feedback = check("01.1", "154")
    assert not feedback.passed
    assert "expected" in feedback.message and "str" in feedback.message


def test_an_unknown_id_is_refused_with_the_closest_ids() -> None:
    with pytest.raises(ValueError, match=r"'01\.1'"):
        check("1.1", 3)


def test_feedback_renders_as_text_and_as_coloured_html() -> None:
    right = check("01.1", lambda c_in, c_out, k: int(1 / (1 / (k * k * c_out) + 1 / c_in)))
    assert right.passed and str(right).startswith("✓ 01.1 Break-even width: Right.")
    wrong = Feedback("01.1", "Break-even width", False, "the <bound> itself")
    html = wrong._repr_html_()
    assert "&lt;bound&gt;" in html and "#b71c1c" in html  # escaped, and red
    assert "#1b5e20" in right._repr_html_()  # green
    assert "#8a5a00" in check("01.1", ...)._repr_html_()  # amber: not answered


def test_every_exercise_has_a_title_and_a_well_formed_id() -> None:
    assert EXERCISES, "no exercise registered"
    for exercise_id, title in EXERCISES.items():
        notebook, _, number = exercise_id.partition(".")
        assert len(notebook) == 2 and notebook.isdigit() and number, exercise_id
        assert title and title == title.strip()


def test_expect_number_accepts_one_element_tensors_and_refuses_bools() -> None:
    assert expect_number(torch.tensor(3), "x") == 3.0
    assert expect_number(torch.tensor([2.5]), "x") == 2.5
    for bad in (True, torch.ones(2), float("nan"), "3"):
        with pytest.raises(Mistake):
            expect_number(bad, "x")
    assert expect_type(3, int, "an int") == 3


def test_expect_close_names_the_matching_mistake_and_never_the_right_value() -> None:
    mistakes = [(2 * 100, "FLOPs, not MACs"), (100 - 5, "the bias")]
    assert expect_close(100, 100, "the MACs", mistakes=mistakes) == 100
    with pytest.raises(Mistake, match="FLOPs, not MACs"):
        expect_close(200, 100, "the MACs", mistakes=mistakes)
    with pytest.raises(Mistake) as error:
        expect_close(7, 100, "the MACs", mistakes=mistakes, hint="count per pixel")
    assert "100" not in str(error.value) and "count per pixel" in str(error.value)


def test_expect_choice_and_parts() -> None:
    assert expect_choice(" Yes ", "yes", {"no": "look again"}) == "yes"
    with pytest.raises(Mistake, match="look again"):
        expect_choice("NO", "yes", {"no": "look again"})
    with pytest.raises(Mistake, match="'yes', 'no'"):
        expect_choice("maybe", "yes", {"no": "look again"})
    assert parts({"a": 1, "b": 2}, ["a", "b"]) == {"a": 1, "b": 2}
    with pytest.raises(NotAnswered, match="'b'"):
        parts({"a": 1, "b": ...}, ["a", "b"])
    with pytest.raises(Mistake, match="missing 'b'"):
        parts({"a": 1}, ["a", "b"])
    with pytest.raises(Mistake, match="expected a dict"):
        parts([1, 2], ["a", "b"])


def test_call_turns_stubs_and_errors_into_their_exceptions() -> None:
    with pytest.raises(NotAnswered):
        call(_stub)
    with pytest.raises(Mistake, match="KeyError"):
        call(lambda: {}["x"])
    with pytest.raises(Mistake, match="something to call"):
        call(3)


class _Branches(nn.Module):
    """A two-layer module with optional faults: the reference is ``_Branches()``."""

    def __init__(self, name: str = "branch_b", width: int = 4, add: bool = False) -> None:
        super().__init__()
        self.branch_a = nn.Conv2d(2, 3, kernel_size=1)
        setattr(self, name, nn.Conv2d(2, width, kernel_size=3, padding=1))
        self.name, self.add = name, add

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        second = getattr(self, self.name)(x)
        first = self.branch_a(x)
        return first.sum(1, keepdim=True) + second if self.add else torch.cat([first, second], 1)


@pytest.mark.parametrize(
    ("candidate", "message"),
    [
        (_Branches(name="branchb"), "a typo of branch_b?"),
        (_Branches(width=5), "branch_b.weight has shape (5, 2, 3, 3)"),
        (_Branches(add=True), "forward returns shape"),
    ],
)
def test_compare_module_names_the_fault(candidate: nn.Module, message: str) -> None:
    torch.manual_seed(0)
    with pytest.raises(Mistake, match=message.replace("(", r"\(").replace(")", r"\)")):
        compare_module(candidate, _Branches(), torch.randn(1, 2, 6, 6))


def test_compare_module_passes_the_package_module_and_spots_different_outputs() -> None:
    torch.manual_seed(0)
    x = torch.randn(2, 10, 12, 12)
    assert "strict=True" in compare_module(InceptionA(10), InceptionA(10), x)

    class Reordered(InceptionA):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            out = super().forward(x)
            return torch.cat([out[:, 16:], out[:, :16]], dim=1)

    with pytest.raises(OutputsDiffer, match="outputs differ"):
        compare_module(Reordered(10), InceptionA(10), x)


def test_compare_module_tells_its_faults_apart_by_class_not_by_words() -> None:
    torch.manual_seed(0)
    with pytest.raises(ShapeDiffers) as error:
        compare_module(_Branches(width=5), _Branches(), torch.randn(1, 2, 6, 6))
    assert isinstance(error.value, Mistake) and error.value.differ == ("output channels",)
    assert issubclass(OutputsDiffer, Mistake)
    with pytest.raises(Mistake) as raised:
        call(lambda: {}["x"], what="lookup()")
    assert isinstance(raised.value.__cause__, KeyError)  # the learner's error, for checks to read


def test_build_module_refuses_what_is_not_a_module_class() -> None:
    with pytest.raises(Mistake, match="nn.Module subclass"):
        build_module(lambda: None)
    with pytest.raises(NotAnswered):
        build_module(_StubModule, 10)
    assert isinstance(build_module(InceptionA, 10), InceptionA)
