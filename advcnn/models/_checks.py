"""Checks and size arithmetic shared by the models and by ``advcnn.cost``: one home for each."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import torch

__all__ = [
    "check_image_size",
    "check_input",
    "check_positive",
    "conv_output_size",
    "feature_size",
    "keyword_defaults",
]


def check_positive(owner: str, **values: object) -> None:
    """Raise ``ValueError`` unless every keyword value is a whole number ≥ 1.

    Args:
        owner: Who checks (a class or function name), used in the message.
        **values: Argument names and the values given for them.
    """
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(
                f"{owner}: {name} must be a whole number ≥ 1, got {value!r}. "
                f"Pass a positive count, e.g. {name}=16."
            )


def conv_output_size(size: int, kernel_size: int, *, stride: int = 1, padding: int = 0) -> int:
    """Output height (or width) of a convolution or pooling: ⌊(size + 2·padding − kernel_size) /
    stride⌋ + 1.

    Raises:
        ValueError: A size below 1, or a kernel that does not fit in the padded input.
    """
    check_positive("conv_output_size", size=size, kernel_size=kernel_size, stride=stride)
    out = (size + 2 * padding - kernel_size) // stride + 1
    if out < 1:
        raise ValueError(
            f"a {kernel_size}×{kernel_size} kernel does not fit in a {size}-pixel input with "
            f"padding={padding}: use a smaller kernel, more padding or a larger image"
        )
    return out


def feature_size(image_size: int) -> int:
    """H×W left after the lecture's stem: 5×5 conv, 2×2 max-pool, 5×5 conv, 2×2 max-pool.

    Raises:
        ValueError: An image too small for the stem.
    """
    size = conv_output_size(image_size, 5)
    size = conv_output_size(size, 2, stride=2)
    size = conv_output_size(size, 5)
    return conv_output_size(size, 2, stride=2)


def _fits(image_size: int) -> bool:
    try:
        feature_size(image_size)
    except ValueError:
        return False
    return True


def check_image_size(owner: str, image_size: int) -> None:
    """Raise ``ValueError`` if ``image_size`` leaves no pixel after the lecture's stem."""
    if isinstance(image_size, bool) or not isinstance(image_size, int) or not _fits(image_size):
        minimum = next(size for size in range(1, 100) if _fits(size))
        raise ValueError(
            f"{owner}: image_size must be an integer ≥ {minimum}, got {image_size!r}: two 5×5 "
            f"convolutions and two 2×2 poolings leave no pixel of a smaller image. "
            f"Use image_size=28 for MNIST."
        )


def check_input(owner: str, x: torch.Tensor, in_channels: int, image_size: int) -> None:
    """Raise ``ValueError`` if ``x`` is not an N x in_channels x image_size x image_size batch.

    Without this check a wrong input fails deep inside a convolution or at ``fc`` with a matrix
    shape error that does not say what to change.
    """
    expected = (in_channels, image_size, image_size)
    if x.dim() != 4 or tuple(x.shape[1:]) != expected:
        raise ValueError(
            f"{owner} expects a batch of shape N x {' x '.join(map(str, expected))}, got "
            f"{tuple(x.shape)}. Add a batch dimension with x.unsqueeze(0), or build the model "
            f"with in_channels=… and image_size=… that match your images."
        )


def keyword_defaults(function: Callable[..., Any]) -> dict[str, Any]:
    """The default value of each keyword of ``function`` (a class gives its constructor's).

    The lecture's widths are written once, as constructor defaults; plots and widgets read
    them from there with this.
    """
    parameters = inspect.signature(function).parameters.values()
    return {p.name: p.default for p in parameters if p.default is not inspect.Parameter.empty}
