"""Validation shared by the model constructors.

Every model checks its configuration in ``__init__`` so that a wrong channel count fails with a
message that names the argument, before any tensor is computed.
"""

from __future__ import annotations

__all__ = [
    "check_image_size",
    "check_input",
    "check_positive",
    "conv_output_size",
    "feature_size",
]

import torch


def check_positive(owner: str, **values: int) -> None:
    """Raise ``ValueError`` unless every keyword value is an integer ≥ 1.

    Args:
        owner: The class name, used in the message.
        **values: Argument names and the values given for them.
    """
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(
                f"{owner}: {name} must be a whole number ≥ 1, got {value!r}. "
                f"Pass a positive channel count, e.g. {name}=16."
            )


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0) -> int:
    """Output height (or width) of a convolution or pooling: ⌊(size + 2p − k) / s⌋ + 1."""
    return (size + 2 * padding - kernel_size) // stride + 1


def feature_size(image_size: int) -> int:
    """H×W left after the lecture's stem: 5×5 conv, 2×2 max-pool, 5×5 conv, 2×2 max-pool."""
    size = conv_output_size(image_size, 5) // 2
    return conv_output_size(size, 5) // 2


def check_image_size(owner: str, image_size: int) -> None:
    """Raise ``ValueError`` if ``image_size`` leaves no pixel after the lecture's stem."""
    minimum = next(size for size in range(1, 100) if feature_size(size) >= 1)
    if isinstance(image_size, bool) or not isinstance(image_size, int) or image_size < minimum:
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
