"""Checking a module the learner wrote against the package's: the same layers, the same shapes,
the same outputs after a strict weight load."""

from __future__ import annotations

import copy
import difflib
from collections.abc import Mapping
from typing import Any

import torch
from torch import nn

from advcnn.exercises._core import Mistake, call

__all__ = ["build_module", "compare_module"]


def build_module(candidate: Any, *args: Any, what: str = "your class", **kwargs: Any) -> nn.Module:
    """``candidate`` itself if it is a module, else ``candidate(*args, **kwargs)``.

    Raises:
        NotAnswered: The constructor raised ``NotImplementedError``.
        Mistake: It raised anything else, or does not give an ``nn.Module``.
    """
    if isinstance(candidate, nn.Module):
        return candidate
    if not isinstance(candidate, type):
        raise Mistake(f"expected {what}: an nn.Module subclass, got {type(candidate).__name__}")
    module = call(candidate, *args, what=f"building {candidate.__name__}", **kwargs)
    if not isinstance(module, nn.Module):
        raise Mistake(f"{candidate.__name__} should subclass nn.Module")
    return module


def _layer(key: str) -> str:
    """The layer a state_dict key belongs to: ``"branch5x5_2.weight"`` → ``"branch5x5_2"``."""
    return key.rpartition(".")[0] or key


def _shape_hint(key: str, theirs: torch.Size, ours: torch.Size) -> str:
    if key.endswith("weight") and len(theirs) == len(ours) == 4:
        names = ("output channels", "input channels", "kernel height", "kernel width")
        wrong = [name for name, a, b in zip(names, theirs, ours, strict=True) if a != b]
        return f"its {' and '.join(wrong)} differ"
    if key.endswith("weight") and len(theirs) == len(ours) == 2:
        names = ("output features", "input features")
        wrong = [name for name, a, b in zip(names, theirs, ours, strict=True) if a != b]
        return f"its {' and '.join(wrong)} differ"
    return "its shape differs"


def _compare_keys(theirs: Mapping[str, torch.Tensor], ours: Mapping[str, torch.Tensor]) -> None:
    missing = [key for key in ours if key not in theirs]
    unexpected = [key for key in theirs if key not in ours]
    problems = []
    missing_layers = sorted({_layer(key) for key in missing})
    if missing_layers:
        problems.append(f"missing layer(s): {', '.join(missing_layers)}")
    for layer in sorted({_layer(key) for key in unexpected}):
        close = difflib.get_close_matches(layer, missing_layers, n=1)
        typo = f" (a typo of {close[0]}?)" if close else ""
        problems.append(f"a layer the reference does not have: {layer}{typo}")
    if problems:
        raise Mistake("; ".join(problems) + ". Layer names must match the lecture's exactly.")
    for key, value in ours.items():
        if theirs[key].shape != value.shape:
            raise Mistake(
                f"{key} has shape {tuple(theirs[key].shape)}, and "
                f"{_shape_hint(key, theirs[key].shape, value.shape)} from the reference's."
            )


def compare_module(
    candidate: nn.Module,
    reference: nn.Module,
    example: torch.Tensor,
    *,
    forward_hint: str = "check forward: the order of the layers and of the concatenation",
) -> str:
    """Load ``reference``'s weights into ``candidate`` with ``strict=True`` and compare outputs.

    Args:
        candidate: The learner's module (left unchanged: a copy is loaded).
        reference: The package's module with the same layer names.
        example: An input batch for both.
        forward_hint: What to look at when the weights load but the outputs differ.

    Returns:
        The message for a module that matches.

    Raises:
        Mistake: A layer is missing, misnamed or misshapen (the message names it), ``forward``
            fails, or the outputs differ.
    """
    theirs, ours = candidate.state_dict(), reference.state_dict()
    _compare_keys(theirs, ours)
    loaded = copy.deepcopy(candidate)
    loaded.load_state_dict(ours, strict=True)
    outputs = []
    for module in (loaded, reference):
        module.eval()
        with torch.no_grad():
            outputs.append(call(module, example, what=f"{type(module).__name__}'s forward"))
    mine, expected = outputs
    if not isinstance(mine, torch.Tensor):
        raise Mistake(f"forward should return a tensor, got {type(mine).__name__}")
    if mine.shape != expected.shape:
        raise Mistake(
            f"the weights load, but forward returns shape {tuple(mine.shape)}, not the reference's "
            f"shape: {forward_hint}."
        )
    if not torch.allclose(mine, expected, rtol=1e-5, atol=1e-6):
        raise Mistake(
            f"the weights load and the shapes agree, but the outputs differ: {forward_hint}."
        )
    count = sum(value.numel() for value in ours.values())
    return (
        f"all {len(ours)} tensors ({count:,} numbers) load with strict=True, and the outputs agree "
        "with the package's module."
    )
