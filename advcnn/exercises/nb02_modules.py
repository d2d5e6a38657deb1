"""Helpers of notebook 02's checks, above all for an Inception module the learner wrote
(``LectureInceptionA``, ``ReluInceptionA``): blanks left, layer settings, a strict load, then
which branch differs."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.branches import branch_channels
from advcnn.cost import conv_output_size
from advcnn.exercises._core import Mistake, NotAnswered, expect_number
from advcnn.exercises._modules import OutputsDiffer, ShapeDiffers, build_module, compare_module
from advcnn.i18n import tr
from advcnn.models import InceptionA

__all__ = ["ReluInceptionReference", "branch_outputs", "check_inception_class", "whole_number"]

# The branches in the order the lecture concatenates them, as a learner reads them ("pool" is
# translated where it is shown).
BRANCH_LABELS = ("1×1", "5×5", "3×3", "pool")
# (in_channels, image size): what incep1 and incep2 receive in the lecture's network.
_BUILDS = ((10, 12), (20, 4))


def whole_number(answer: Any, what: str) -> int:
    """``answer`` as an int, or a ``Mistake`` saying that a whole number was expected."""
    number = expect_number(answer, what)
    if number != int(number):
        raise Mistake(
            tr("expected {what}, a whole number, got {number:g}", what=what, number=number)
        )
    return int(number)


def branch_outputs(
    module: InceptionA,
    x: torch.Tensor,
    *,
    relu: bool = False,
    pool: Callable[[torch.Tensor], torch.Tensor] | None = None,
) -> list[torch.Tensor]:
    """The four branch outputs of ``module`` (an ``InceptionA`` or a module with its layers).

    Args:
        module: Has the lecture's seven convolutions.
        x: The input batch.
        relu: A ReLU after every convolution, GoogLeNet's way; the lecture has none.
        pool: The pooling before ``branch_pool``; the lecture's 3×3 average when ``None``.

    Returns:
        ``[branch1x1, branch5x5, branch3x3, branch_pool]``.
    """

    def conv(layer: nn.Module, value: torch.Tensor) -> torch.Tensor:
        return F.relu(layer(value)) if relu else layer(value)

    pooled = F.avg_pool2d(x, kernel_size=3, stride=1, padding=1) if pool is None else pool(x)
    branch5x5 = conv(module.branch5x5_1, x)
    branch3x3 = conv(module.branch3x3_2, conv(module.branch3x3_1, x))
    return [
        conv(module.branch1x1, x),
        conv(module.branch5x5_2, branch5x5),
        conv(module.branch3x3_3, branch3x3),
        conv(module.branch_pool, pooled),
    ]


class ReluInceptionReference(InceptionA):
    """``InceptionA`` with a ReLU after every convolution, as GoogLeNet has them: the same
    ``state_dict``, another forward."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat(branch_outputs(self, x, relu=True), dim=1)


def _blanks(module: nn.Module) -> list[str]:
    """Attributes still set to ``...`` (a layer line left blank)."""
    return [f"self.{name}" for name, value in vars(module).items() if value is Ellipsis]


def _forward_blanks(module: nn.Module, x: torch.Tensor) -> None:
    """Raise ``NotAnswered`` if ``forward`` returns ``...`` or trips over a ``...`` left in it.

    Any other error is left for ``compare_module`` to report, after the layer names.
    """
    try:
        with torch.no_grad():
            output = module(x)
    except NotImplementedError as stub:
        raise NotAnswered(tr("Write forward too: it still raises NotImplementedError.")) from stub
    except Exception as error:
        if "ellipsis" in str(error).lower():
            raise NotAnswered(
                tr("forward still has a `...` to fill in: replace it, then run the cells again.")
            ) from None
        return
    if output is Ellipsis:
        raise NotAnswered(
            tr("forward still returns `...`: return the concatenation of the branches.")
        )


def _layer_settings(module: nn.Module, reference: nn.Module, size: int) -> None:
    """Name a convolution whose bias, padding or stride differs from the reference's."""
    ours = dict(reference.named_modules())
    for name, layer in module.named_modules():
        want = ours.get(name)
        if not (isinstance(layer, nn.Conv2d) and isinstance(want, nn.Conv2d)):
            continue
        if layer.bias is None and want.bias is not None:
            raise Mistake(
                tr(
                    "the layer {name} has no bias (bias=False?); the lecture's convolutions keep "
                    "the default bias=True.",
                    name=name,
                )
            )
        if layer.stride != want.stride:
            raise Mistake(
                tr(
                    "the layer {name} has stride={stride}: a stride above 1 shrinks the image, "
                    "and the branches could no longer be concatenated. Leave the stride at 1.",
                    name=name,
                    stride=layer.stride[0],
                )
            )
        if isinstance(layer.padding, tuple) and layer.kernel_size == want.kernel_size:
            kernel, padding = layer.kernel_size[0], layer.padding[0]
            out = conv_output_size(size, kernel, padding=padding)
            if out != size:
                raise Mistake(
                    tr(
                        "the layer {name} has padding={padding}: a {kernel}×{kernel} kernel then "
                        "turns a {size}×{size} input into {out}×{out}, and its branch cannot be "
                        "concatenated with the others. Choose the padding that keeps H×W "
                        "(section 3).",
                        name=name,
                        padding=padding,
                        kernel=kernel,
                        size=size,
                        out=out,
                    )
                )


def _diagnose(
    module: nn.Module,
    reference: InceptionA,
    x: torch.Tensor,
    variants: dict[str, torch.Tensor],
    branch_hint: str,
) -> str:
    """Why the outputs differ: a known variant of the forward, the concatenation order, or the
    branches whose channels differ."""
    loaded = copy.deepcopy(module)
    loaded.load_state_dict(reference.state_dict(), strict=True)
    loaded.eval()
    with torch.no_grad():
        mine = loaded(x)
        expected = reference(x)
        for message, output in variants.items():
            if output.shape == mine.shape and torch.allclose(output, mine, atol=1e-6):
                return message
        widths = [part.stop - part.start for part in branch_channels(reference).values()]
        pieces = list(torch.split(expected, widths, dim=1))
        for order in itertools.permutations(range(4)):
            shuffled = torch.cat([pieces[index] for index in order], dim=1)
            if order != (0, 1, 2, 3) and torch.allclose(shuffled, mine, atol=1e-6):
                return tr(
                    "every branch is right, but they are concatenated in another order: the "
                    "lecture's list is [branch1x1, branch5x5, branch3x3, branch_pool]."
                )
        differ = [
            tr("pool") if label == "pool" else label
            for label, mine_part, part in zip(
                BRANCH_LABELS, torch.split(mine, widths, dim=1), pieces, strict=True
            )
            if not torch.allclose(mine_part, part, atol=1e-6)
        ]
    branches = tr(" and ").join(differ)
    if len(differ) > 1:
        return tr(
            "the weights load and the shapes agree, but the channels of the {branches} branches "
            "differ: {hint}.",
            branches=branches,
            hint=branch_hint,
        )
    return tr(
        "the weights load and the shapes agree, but the channels of the {branches} branch "
        "differ: {hint}.",
        branches=branches,
        hint=branch_hint,
    )


def check_inception_class(
    candidate: Any,
    reference_class: type[InceptionA],
    *,
    name: str,
    variants: Callable[[InceptionA, torch.Tensor], dict[str, torch.Tensor]],
    branch_hint: str,
) -> int:
    """Build ``candidate`` for ``incep1`` and ``incep2`` and compare each with the reference.

    Args:
        candidate: The learner's class (not an instance).
        reference_class: ``InceptionA`` or a subclass with another forward.
        name: The class's name in the notebook, for the messages.
        variants: Known wrong forwards: message (translated) → output of the reference's weights
            on ``x``.
        branch_hint: What to look at when some branches' channels differ (translated).

    Returns:
        The number of tensors in the state_dict (they all loaded).

    Raises:
        NotAnswered: A layer or a line of forward is still ``...``, or a stub raises
            ``NotImplementedError``.
        Mistake: The likely mistake, named.

    The notebook's random numbers are left as they were: the modules are built in a fork.
    """
    if isinstance(candidate, nn.Module):
        raise Mistake(
            tr(
                "pass the class itself, {name}, not a module built from it: the check builds it "
                "with in_channels=10 and with in_channels=20.",
                name=name,
            )
        )
    with torch.random.fork_rng(devices=[]):  # building modules draws random numbers
        return _check_builds(candidate, reference_class, name, variants, branch_hint)


def _check_builds(
    candidate: Any,
    reference_class: type[InceptionA],
    name: str,
    variants: Callable[[InceptionA, torch.Tensor], dict[str, torch.Tensor]],
    branch_hint: str,
) -> int:
    tensors = 0
    for in_channels, size in _BUILDS:
        module = build_module(candidate, in_channels, what=tr("the class {name}", name=name))
        blanks = _blanks(module)
        if blanks:
            raise NotAnswered(
                tr("Replace the `...` of {blanks} with a layer.", blanks=", ".join(blanks))
            )
        torch.manual_seed(0)
        reference = reference_class(in_channels)
        x = torch.randn(2, in_channels, size, size)
        _forward_blanks(module, x)
        try:
            _layer_settings(module, reference, size)
            compare_module(module, reference, x)
        except Mistake as mistake:
            text = str(mistake)
            if isinstance(mistake, OutputsDiffer):
                with torch.no_grad():
                    known = variants(reference, x)
                text = _diagnose(module, reference, x, known, branch_hint)
            error = str(mistake.__cause__ or "")  # PyTorch's own message, in English
            if "must match except in dimension" in error and "dimension 1." not in error:
                text += tr(" The branches are joined along the channels: which dimension is that?")
            if in_channels != _BUILDS[0][0]:
                text = tr(
                    "built with in_channels={in_channels}, {message}",
                    in_channels=in_channels,
                    message=text,
                )
                if isinstance(mistake, ShapeDiffers) and "input channels" in mistake.differ:
                    text += tr(" Is 10 written where in_channels belongs?")
            raise Mistake(text) from None
        tensors = len(reference.state_dict())
    return tensors
