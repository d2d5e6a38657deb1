"""Checks of the questions inside notebook 03: the prediction before the depth explorer (03.p1) and
the lecture's ``ResidualBlock`` and ``Net`` written by the learner (03.w1, 03.w2).

03.p1 measures the ratio with ``advcnn.gradients`` on a fixed batch; 03.w1 and 03.w2 load the
package's weights into the learner's module with ``strict=True`` and compare outputs.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.exercises._core import Mistake, NotAnswered, exercise, expect_number
from advcnn.exercises._modules import OutputsDiffer, ShapeDiffers, build_module, compare_module
from advcnn.exercises.nb03_common import own_random_numbers, plain_profile
from advcnn.i18n import tr
from advcnn.models import ResidualBlock, ResidualNet

__all__: list[str] = []

# --- 03.p1 Predict first: the plain stack at half the depth --------------------------------------

_PREDICT_DEPTH = 10
_SECTION_1_DEPTH = 20
_POWERS = (-2, -5, -8, -12, -16)


@exercise("03.p1", "The plain stack at half the depth")
def _half_depth(answer: Any) -> str:
    options = ", ".join(f"1e{power}" for power in _POWERS)
    value = expect_number(answer, tr("a number, one of {options}", options=options))
    chosen = next(
        (p for p in _POWERS if value > 0 and math.isclose(math.log10(value), p, abs_tol=1e-6)),
        None,
    )
    if chosen is None and -value in {-p for p in _POWERS}:
        raise Mistake(
            tr(
                "write the power of ten itself, as 1e{exponent} is written, not its exponent",
                exponent=int(value),
            )
        )
    if chosen is None:
        raise Mistake(
            tr("pick the power of ten nearest to your estimate: one of {options}", options=options)
        )
    ratio = plain_profile(_PREDICT_DEPTH).ratio
    right = min(_POWERS, key=lambda power: abs(math.log10(ratio) - power))
    depths = {
        "depth": _PREDICT_DEPTH,
        "steps": _PREDICT_DEPTH - 1,
        "section_depth": _SECTION_1_DEPTH,
        "section_steps": _SECTION_1_DEPTH - 1,
    }
    if chosen == right:
        return tr(
            "at {depth} blocks the plain stack's first ÷ last is closest to 1e{right}: "
            "{steps} steps back from the last block to the first, each keeping a "
            "fraction of the gradient, where {section_depth} blocks had "
            "{section_steps}. Set the explorer's depth to {depth} and read it "
            "on the notebook's digits.",
            right=right,
            **depths,
        )
    if chosen == min(_POWERS):
        raise Mistake(
            tr(
                "about 1e{chosen} is what {section_depth} blocks gave in section 1. Half the "
                "blocks multiply the gradient by the per-block factor half as often: it is the "
                "exponent that roughly halves, not the ratio",
                chosen=chosen,
                **depths,
            )
        )
    if chosen > right:
        raise Mistake(
            tr(
                "that is too little decay: a plain block passes back only a small fraction of "
                "the gradient it receives (section 1 computed it), and {depth} blocks make "
                "{steps} such steps from the last block to the first",
                **depths,
            )
        )
    raise Mistake(
        tr(
            "that is too much decay for this depth: count the steps from the last block to the "
            "first and raise section 1's per-block factor to that power"
        )
    )


# --- 03.w1 and 03.w2 The lecture's ResidualBlock and Net --------------------------------------

_Slips = tuple[tuple[str, Callable[[nn.Module, torch.Tensor], torch.Tensor]], ...]


def _block_slips() -> _Slips:
    """The block written with one common slip each, with what to say about it: the learner's
    output is compared with these, with the package's weights, when it loads but disagrees."""
    return (
        (
            tr(
                "forward has no shortcut: it returns relu(F(x)), a plain block. Add x before the "
                "last ReLU"
            ),
            lambda b, x: F.relu(b.conv2(F.relu(b.conv1(x)))),
        ),
        (
            tr("the last ReLU comes after the addition: relu(x + F(x)), not x + relu(F(x))"),
            lambda b, x: x + F.relu(b.conv2(F.relu(b.conv1(x)))),
        ),
        (
            tr("the last ReLU is missing: the block returns relu(x + F(x))"),
            lambda b, x: x + b.conv2(F.relu(b.conv1(x))),
        ),
        (
            tr("the ReLU between conv1 and conv2 is missing: F(x) = conv2(relu(conv1(x)))"),
            lambda b, x: F.relu(x + b.conv2(b.conv1(x))),
        ),
    )


def _blanks(module: nn.Module) -> list[str]:
    """Attributes still set to ``...`` in the learner's module, at any depth."""
    return [
        f"{prefix}.{key}" if prefix else key
        for prefix, sub in module.named_modules()
        for key, value in vars(sub).items()
        if value is Ellipsis
    ]


def _built(candidate: Any, *args: Any, what: str) -> nn.Module:
    """The learner's module, with its blanks reported and its forward tried once."""
    module = build_module(candidate, *args, what=what)
    blanks = _blanks(module)
    if blanks:
        names = ", ".join(f"self.{name}" for name in blanks)
        raise NotAnswered(
            tr("Replace the `...` of {names} with a layer, then run the cell again.", names=names)
        )
    return module


def _forward_blank(module: nn.Module, example: torch.Tensor) -> None:
    """Raise ``NotAnswered`` when ``forward`` still returns or uses a ``...``."""
    try:
        with torch.no_grad():
            output = module(example)
    except Exception as error:  # anything else is compare_module's to report
        if "ellipsis" in str(error).lower():
            raise NotAnswered(
                tr("forward still uses a `...`: replace it with the line it stands for.")
            ) from error
        return
    if output is Ellipsis:
        raise NotAnswered(tr("forward still returns `...`: write the line it stands for."))


def _padding(module: nn.Module) -> None:
    """A 3×3 convolution of the block that does not keep H×W (wrong padding or a stride)."""
    for name in ("conv1", "conv2"):
        layer = getattr(module, name, None)
        if not isinstance(layer, nn.Conv2d) or layer.kernel_size != (3, 3):
            continue
        if layer.stride != (1, 1):
            raise Mistake(
                tr(
                    "your {name} has stride {stride}: it shrinks the image, and x + F(x) "
                    "needs F(x) to keep x's height and width",
                    name=name,
                    stride=layer.stride[0],
                )
            )
        if layer.padding not in ((1, 1), "same"):
            raise Mistake(
                tr(
                    "your {name} has padding {padding}: a 3×3 convolution without padding 1 "
                    "changes the height and width, and then x + F(x) cannot be added",
                    name=name,
                    padding=layer.padding,
                )
            )


def _slip(
    candidate: nn.Module,
    reference: nn.Module,
    example: torch.Tensor,
    slips: _Slips,
) -> str | None:
    """The message of the slip whose output the learner's module reproduces, if any."""
    loaded = copy.deepcopy(candidate)
    loaded.load_state_dict(reference.state_dict(), strict=True)
    with torch.no_grad():
        mine = loaded(example)
        for message, slip in slips:
            if torch.allclose(mine, slip(reference, example), rtol=1e-5, atol=1e-6):
                return message
    return None


@exercise("03.w1", "Write the lecture's ResidualBlock")
def _residual_block(answer: Any) -> str:
    if isinstance(answer, nn.Module):
        raise Mistake(
            tr(
                "pass the class itself, LectureResidualBlock, not a block built from it: the "
                "check builds it with several channel counts"
            )
        )
    message = ""
    with own_random_numbers():
        torch.manual_seed(0)
        for channels in (16, 32):
            candidate = _built(answer, channels, what=tr("your block class"))
            reference = ResidualBlock(channels)
            example = torch.randn(4, channels, 12, 12)
            _forward_blank(candidate, example)
            _padding(candidate)
            try:
                found = compare_module(
                    candidate,
                    reference,
                    example,
                    forward_hint=tr(
                        "check forward: relu(conv1(x)), then conv2, then add x, then the ReLU"
                    ),
                )
            except Mistake as mistake:
                text = str(mistake)
                if isinstance(mistake, OutputsDiffer):
                    text = _slip(candidate, reference, example, _block_slips()) or text
                if channels == 16:
                    raise Mistake(text) from None
                if isinstance(mistake, ShapeDiffers):
                    text += tr(
                        " The block works with 16 channels: build its layers from `channels`"
                    )
                raise Mistake(
                    tr("with {channels} channels: {message}", channels=channels, message=text)
                ) from None
            message = message or found
    return tr("{message}, with 16 channels and with 32.", message=message.rstrip(".。"))


def _net_slips() -> _Slips:
    """The lecture's network with one slip each, compared with the learner's when it loads but
    disagrees."""
    return (
        (
            tr("the ReLU after conv2 is missing: conv2, ReLU, then pooling"),
            lambda n, x: n.fc(
                n.rblock2(n.mp(n.conv2(n.rblock1(n.mp(F.relu(n.conv1(x))))))).flatten(1)
            ),
        ),
        (
            tr("the ReLU after conv1 is missing: conv1, ReLU, then pooling"),
            lambda n, x: n.fc(
                n.rblock2(n.mp(F.relu(n.conv2(n.rblock1(n.mp(n.conv1(x))))))).flatten(1)
            ),
        ),
        (
            tr("forward never calls rblock1: it comes after the first pooling"),
            lambda n, x: n.fc(
                n.rblock2(n.mp(F.relu(n.conv2(n.mp(F.relu(n.conv1(x))))))).flatten(1)
            ),
        ),
        (
            tr("forward never calls rblock2: it comes after the second pooling"),
            lambda n, x: n.fc(
                n.mp(F.relu(n.conv2(n.rblock1(n.mp(F.relu(n.conv1(x))))))).flatten(1)
            ),
        ),
    )


@exercise("03.w2", "Write the lecture's Net")
def _residual_net(answer: Any) -> str:
    with own_random_numbers():
        torch.manual_seed(0)
        candidate = _built(answer, what=tr("your network class"))
        reference = ResidualNet()
        example = torch.randn(4, 1, 28, 28)
        _forward_blank(candidate, example)
        fc = getattr(candidate, "fc", None)
        if isinstance(fc, nn.Linear) and fc.in_features != reference.fc.in_features:
            raise Mistake(
                tr(
                    "your fc takes {features} input features, not the number that flattening "
                    "gives: count channels × height × width after rblock2 (shape_trace shows "
                    "them)",
                    features=fc.in_features,
                )
            )
        forward_hint = tr(
            "check forward: conv1, ReLU, pooling, rblock1, then conv2, ReLU, pooling, rblock2, "
            "then flatten and fc"
        )
        try:
            return compare_module(candidate, reference, example, forward_hint=forward_hint)
        except Mistake as mistake:
            # call() keeps the learner's error as the cause: PyTorch's own words, in English.
            if "shapes cannot be multiplied" in str(mistake.__cause__ or ""):
                raise Mistake(
                    tr(
                        "forward hands fc a different number of features than fc takes: after "
                        "conv2 come its ReLU and the 2×2 max-pooling, before rblock2"
                    )
                ) from None
            if isinstance(mistake, OutputsDiffer):
                text = _slip(candidate, reference, example, _net_slips())
                raise Mistake(text or str(mistake)) from None
            raise
