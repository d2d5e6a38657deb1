"""Checks of notebook 03's exercises on initialisation: a residual stack whose branches start at
zero (03.1) and a plain stack with He et al.'s initialisation (03.2).

The learner's function is applied to a freshly built ``DeepStack``; the gradients it then gets
are measured with ``advcnn.gradients.block_gradient_norms`` on a fixed batch of 64 digits.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from advcnn.exercises._core import Mistake, call, exercise, expect_choice
from advcnn.exercises.nb03_common import (
    checked_parts,
    digit_batch,
    own_random_numbers,
    whole_number,
)
from advcnn.gradients import block_gradient_norms
from advcnn.i18n import tr
from advcnn.models import DeepStack

__all__: list[str] = []

_DEPTH = 20  # the stacks of sections 1 to 3


def _stack(residual: bool, initialise: Callable[[DeepStack], Any] | None, what: str) -> DeepStack:
    """``DeepStack(20)`` built after ``torch.manual_seed(0)``, passed through ``initialise``
    (which may change it in place or return a new stack). Call inside ``own_random_numbers``."""
    torch.manual_seed(0)
    stack = DeepStack(_DEPTH, residual=residual)
    if initialise is None:
        return stack
    torch.manual_seed(1)
    result = call(initialise, stack, what=what)
    return result if isinstance(result, DeepStack) else stack


def _with_gradients(stack: DeepStack) -> tuple[DeepStack, list[float]]:
    """``stack`` in float64 after one backward pass on the fixed batch (``.grad`` filled), and
    its blocks' gradient norms."""
    stack = stack.double()
    return stack, block_gradient_norms(stack, *digit_batch())


# --- 03.1 Zero-initialise the branch -----------------------------------------------------------


def _zero_branch_reference(stack: DeepStack) -> None:
    for block in stack.blocks:
        nn.init.zeros_(block.conv2.weight)
        nn.init.zeros_(block.conv2.bias)


def _check_zero_branch(function: Any, results: dict[str, Any]) -> None:
    with own_random_numbers():
        before = _stack(True, None, "").state_dict()
        after = _stack(True, function, "zero_branch(stack)").state_dict()
    for key, value in after.items():
        layer, _, kind = key.rpartition(".")
        if layer.startswith("blocks.") and layer.endswith(".conv2"):
            if torch.count_nonzero(value):
                block = layer.split(".")[1]
                raise Mistake(
                    tr(
                        "in blocks[{block}], conv2.{kind} is not all zeros: zero the weight and "
                        "the bias of conv2 in every one of the {depth} blocks "
                        "(F(x) = conv2(...) + bias)",
                        block=block,
                        kind=kind,
                        depth=_DEPTH,
                    )
                )
        elif not torch.equal(value, before[key]):
            if ".conv1" in key:
                raise Mistake(
                    tr(
                        "your zero_branch changed {key} too: zero only conv2, the branch's last "
                        "layer. With conv1 at zero as well, no gradient reaches either of them, "
                        "and the branch can never start to learn",
                        key=key,
                    )
                )
            raise Mistake(
                tr(
                    "your zero_branch changed {key}: it should change the blocks' conv2 only",
                    key=key,
                )
            )


@functools.lru_cache(maxsize=1)
def _zero_counts() -> tuple[int, int]:
    """In how many blocks of the zero-initialised stack conv1's and conv2's weight gradients are
    exactly zero."""
    with own_random_numbers():
        stack, _ = _with_gradients(_stack(True, _zero_branch_reference, ""))
    return tuple(  # type: ignore[return-value]
        sum(not torch.count_nonzero(getattr(block, name).weight.grad) for block in stack.blocks)
        for name in ("conv1", "conv2")
    )


def _check_count(name: str) -> Callable[[Any, dict[str, Any]], int]:
    def check_count(value: Any, results: dict[str, Any]) -> int:
        count = whole_number(value, tr("a count of blocks for {name!r}", name=name))
        right = _zero_counts()[0 if name == "conv1_zero" else 1]
        if count == right:
            return count
        if not 0 <= count <= _DEPTH:
            raise Mistake(
                tr("{name!r} counts blocks: a number from 0 to {depth}", name=name, depth=_DEPTH)
            )
        if name == "conv1_zero":
            raise Mistake(
                tr(
                    "count again: conv1's gradient arrives through conv2's weights, which are "
                    "now zero. Look at (blocks[i].conv1.weight.grad == 0).all()"
                )
            )
        raise Mistake(
            tr(
                "count again: conv2's weights are zero, but its gradient need not be: it is the "
                "gradient arriving at conv2's output times conv2's input, relu(conv1(x))"
            )
        )

    return check_count


@exercise("03.1", "Zero-initialise the branch")
def _zero_branch(answer: Any) -> str:
    checked_parts(
        answer,
        {
            "zero_branch": _check_zero_branch,
            "conv1_zero": _check_count("conv1_zero"),
            "conv2_zero": _check_count("conv2_zero"),
        },
    )
    conv1_zero, conv2_zero = _zero_counts()
    return tr(
        "your zero_branch zeroes the {depth} conv2 layers and nothing else, and the counts are "
        "right: conv1 gets no gradient in {conv1_zero} blocks, conv2 in {conv2_zero}. Every block "
        "now computes relu(x + 0) = x on its non-negative input, so the gradient passes through "
        "all of them unchanged (autograd's Jacobian is the ReLU's mask, 1 where x > 0). conv2 "
        "learns first; as soon as its weights leave zero, conv1 gets a gradient too.",
        depth=_DEPTH,
        conv1_zero=conv1_zero,
        conv2_zero=conv2_zero,
    )


# --- 03.2 Rescue the plain stack with its initialisation ---------------------------------------


def _kaiming_reference(stack: DeepStack) -> None:
    for module in stack.modules():
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
            nn.init.zeros_(module.bias)


def _check_kaiming(function: Any, results: dict[str, Any]) -> None:
    with own_random_numbers():
        before = dict(_stack(False, None, "").named_modules())
        stack = _stack(False, function, "kaiming_init(stack)")
    for name, conv in stack.named_modules():
        if not isinstance(conv, nn.Conv2d):
            continue
        if torch.equal(conv.weight, before[name].weight):
            raise Mistake(
                tr(
                    "the layer {name} still has PyTorch's default weights: re-initialise every "
                    "nn.Conv2d of the stack, the stem included",
                    name=name,
                )
            )
        if conv.bias is not None and torch.count_nonzero(conv.bias):
            raise Mistake(
                tr(
                    "the bias of {name} is not zero: set every convolution's bias to zero",
                    name=name,
                )
            )
        fan_in = conv.weight[0].numel()  # in_channels × k × k
        spread = float(conv.weight.detach().std()) / math.sqrt(2 / fan_in)
        if abs(spread - 1) <= 0.2:
            continue
        if abs(spread - math.sqrt(0.5)) <= 0.1:
            raise Mistake(
                tr(
                    "the weights of {name} have the spread of gain 1 (nonlinearity='linear'): a "
                    "ReLU zeroes half of its inputs, which He et al.'s gain of √2 makes up for",
                    name=name,
                )
            )
        raise Mistake(
            tr(
                "the weights of {name} have a standard deviation of {spread:.2g} times He et "
                "al.'s √(2 / fan_in), with fan_in = in_channels × 3 × 3: use kaiming_normal_ "
                "with nonlinearity='relu' and its default mode, 'fan_in'",
                name=name,
                spread=spread,
            )
        )


@functools.lru_cache(maxsize=1)
def _kaiming_ratio() -> float:
    """First ÷ last of the plain stack after He initialisation, on the fixed batch."""
    with own_random_numbers():
        _, norms = _with_gradients(_stack(False, _kaiming_reference, ""))
    return norms[0] / norms[-1]


def _check_ratio(value: Any, results: dict[str, Any]) -> str:
    ratio = _kaiming_ratio()
    right = "still vanishing" if ratio < 1e-3 else "of order one" if ratio <= 1e3 else "exploding"
    messages = {
        "still vanishing": tr(
            "measure again after kaiming_init: with He et al.'s scale each block keeps the "
            "variance of its signal, so the gradient is no longer divided block by block"
        ),
        "of order one": tr("measure it: first ÷ last is not between 1e-3 and 1e3"),
        "exploding": tr(
            "He et al.'s scale keeps the variance of the signal from block to block; it "
            "does not amplify it. Measure first ÷ last after kaiming_init"
        ),
    }
    return expect_choice(
        value, right, {option: messages[option] for option in messages if option != right}
    )


@exercise("03.2", "Rescue the plain stack with its initialisation")
def _kaiming(answer: Any) -> str:
    checked_parts(answer, {"kaiming_init": _check_kaiming, "ratio": _check_ratio})
    return tr(
        "your kaiming_init gives every convolution He et al.'s scale, and the plain stack's "
        "first ÷ last moves from around 1e-16 to order one: with the variance kept from block to "
        "block, the gradient is no longer divided at every block on its way back. Whether the "
        "stack then trains as well as the residual one is the second half of the exercise."
    )
