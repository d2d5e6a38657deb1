"""Checking a module the learner wrote against the package's: the same layers, the same shapes,
the same outputs after a strict weight load.

Checks that refine a ``compare_module`` message tell its kinds apart by class (``ShapeDiffers``,
``OutputsDiffer``), never by its words, which depend on the language in use.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Mapping
from typing import Any

import torch
from torch import nn

from advcnn.exercises._core import Mistake, call
from advcnn.i18n import tr

__all__ = ["OutputsDiffer", "ShapeDiffers", "build_module", "compare_module"]


class ShapeDiffers(Mistake):
    """A tensor of the learner's module has another shape than the reference's.

    Attributes:
        differ: What differs, in English: ``("output channels", "input channels")``, or
            ``("shape",)`` when the tensor is not a convolution's or a linear layer's weight.
    """

    def __init__(self, message: str, differ: tuple[str, ...]) -> None:
        super().__init__(message)
        self.differ = differ


class OutputsDiffer(Mistake):
    """The weights load and the output shapes agree, but the outputs do not."""


def build_module(candidate: Any, *args: Any, what: str | None = None, **kwargs: Any) -> nn.Module:
    """``candidate`` itself if it is a module, else ``candidate(*args, **kwargs)``.

    Args:
        candidate: The learner's class, or a module built from it.
        args: The constructor's arguments.
        what: What ``candidate`` should be, for the message when it is not a class (translated
            by the caller); ``None``: "your class".
        kwargs: The constructor's keyword arguments.

    Raises:
        NotAnswered: The constructor raised ``NotImplementedError``.
        Mistake: It raised anything else, or does not give an ``nn.Module``.
    """
    if isinstance(candidate, nn.Module):
        return candidate
    if not isinstance(candidate, type):
        raise Mistake(
            tr(
                "expected {what}: an nn.Module subclass, got {got}",
                what=tr("your class") if what is None else what,
                got=type(candidate).__name__,
            )
        )
    module = call(candidate, *args, what=tr("building {name}", name=candidate.__name__), **kwargs)
    if not isinstance(module, nn.Module):
        raise Mistake(tr("{name} should subclass nn.Module", name=candidate.__name__))
    return module


def _layer(key: str) -> str:
    """The layer a state_dict key belongs to: ``"branch5x5_2.weight"`` → ``"branch5x5_2"``."""
    return key.rpartition(".")[0] or key


def _differ(key: str, theirs: torch.Size, ours: torch.Size) -> tuple[str, ...]:
    """What differs between two shapes of the tensor ``key``, in English (as ``_dimensions``)."""
    if key.endswith("weight") and len(theirs) == len(ours) == 4:
        names = ("output channels", "input channels", "kernel height", "kernel width")
    elif key.endswith("weight") and len(theirs) == len(ours) == 2:
        names = ("output features", "input features")
    else:
        return ("shape",)
    return tuple(name for name, a, b in zip(names, theirs, ours, strict=True) if a != b)


def _dimensions() -> dict[str, str]:
    """The dimensions of a weight, in the language in use."""
    return {
        "output channels": tr("output channels"),
        "input channels": tr("input channels"),
        "kernel height": tr("kernel height"),
        "kernel width": tr("kernel width"),
        "output features": tr("output features"),
        "input features": tr("input features"),
    }


def _shape_message(key: str, theirs: torch.Size, differ: tuple[str, ...]) -> str:
    shape = tuple(theirs)
    if differ == ("shape",):
        return tr(
            "{key} has shape {shape}, and its shape differs from the reference's.",
            key=key,
            shape=shape,
        )
    names = _dimensions()
    return tr(
        "{key} has shape {shape}, and its {dimensions} differ from the reference's.",
        key=key,
        shape=shape,
        dimensions=tr(" and ").join(names[name] for name in differ),
    )


def _compare_keys(theirs: Mapping[str, torch.Tensor], ours: Mapping[str, torch.Tensor]) -> None:
    missing = [key for key in ours if key not in theirs]
    unexpected = [key for key in theirs if key not in ours]
    problems = []
    missing_layers = sorted({_layer(key) for key in missing})
    if missing_layers:
        problems.append(tr("missing layer(s): {layers}", layers=", ".join(missing_layers)))
    for layer in sorted({_layer(key) for key in unexpected}):
        close = difflib.get_close_matches(layer, missing_layers, n=1)
        if close:
            problems.append(
                tr(
                    "a layer the reference does not have: {layer} (a typo of {close}?)",
                    layer=layer,
                    close=close[0],
                )
            )
        else:
            problems.append(tr("a layer the reference does not have: {layer}", layer=layer))
    if problems:
        raise Mistake(
            tr(
                "{problems}. Layer names must match the lecture's exactly.",
                problems=tr("; ").join(problems),
            )
        )
    for key, value in ours.items():
        if theirs[key].shape != value.shape:
            differ = _differ(key, theirs[key].shape, value.shape)
            raise ShapeDiffers(_shape_message(key, theirs[key].shape, differ), differ)


def compare_module(
    candidate: nn.Module,
    reference: nn.Module,
    example: torch.Tensor,
    *,
    forward_hint: str | None = None,
) -> str:
    """Load ``reference``'s weights into ``candidate`` with ``strict=True`` and compare outputs.

    Args:
        candidate: The learner's module (left unchanged: a copy is loaded).
        reference: The package's module with the same layer names.
        example: An input batch for both.
        forward_hint: What to look at when the weights load but the outputs differ (translated
            by the caller); by default, the order of the layers and of the concatenation.

    Returns:
        The message for a module that matches.

    Raises:
        ShapeDiffers: A tensor is misshapen (the message names it).
        OutputsDiffer: The weights load and the shapes agree, but the outputs differ.
        Mistake: A layer is missing or misnamed (the message names it), ``forward`` fails (the
            error is the ``Mistake``'s ``__cause__``), or it returns another shape or no tensor.
    """
    if forward_hint is None:
        forward_hint = tr("check forward: the order of the layers and of the concatenation")
    theirs, ours = candidate.state_dict(), reference.state_dict()
    _compare_keys(theirs, ours)
    loaded = copy.deepcopy(candidate)
    loaded.load_state_dict(ours, strict=True)
    outputs = []
    for module in (loaded, reference):
        module.eval()
        with torch.no_grad():
            name = type(module).__name__
            outputs.append(call(module, example, what=tr("{name}'s forward", name=name)))
    mine, expected = outputs
    if not isinstance(mine, torch.Tensor):
        raise Mistake(tr("forward should return a tensor, got {got}", got=type(mine).__name__))
    if mine.shape != expected.shape:
        raise Mistake(
            tr(
                "the weights load, but forward returns shape {shape}, not the reference's "
                "shape: {hint}.",
                shape=tuple(mine.shape),
                hint=forward_hint,
            )
        )
    if not torch.allclose(mine, expected, rtol=1e-5, atol=1e-6):
        raise OutputsDiffer(
            tr(
                "the weights load and the shapes agree, but the outputs differ: {hint}.",
                hint=forward_hint,
            )
        )
    return tr(
        "all {tensors} tensors ({numbers:,} numbers) load with strict=True, and the outputs "
        "agree with the package's module.",
        tensors=len(ours),
        numbers=sum(value.numel() for value in ours.values()),
    )
