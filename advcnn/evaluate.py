"""Running a trained network: accuracy on the test set, predictions, and the device to use.

Evaluation runs under ``torch.inference_mode()`` in eval mode and puts the model back in the mode
it was in; ``advcnn.train.fit`` counts its test accuracy with the same ``count_correct``.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

from advcnn.config import BF16_DEVICES

if TYPE_CHECKING:
    from advcnn.data import MNISTData

__all__ = ["count_correct", "evaluate", "pick_device", "predict"]


def pick_device(device: str | torch.device | None = None) -> torch.device:
    """The device to train or evaluate on: the one named, else CUDA, then Apple's MPS, then the CPU.

    Raises:
        ValueError: A device was named that this machine does not have.
    """
    if device is not None:
        chosen = torch.device(device)
        if chosen.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"device {str(chosen)!r} asked for, but CUDA is not available here")
        if chosen.type == "mps" and not torch.backends.mps.is_available():
            raise ValueError("device 'mps' asked for, but Apple's MPS is not available here")
        return chosen
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def _autocast(device: torch.device, bf16: bool) -> contextlib.AbstractContextManager[Any]:
    """bfloat16 autocast when asked for on CUDA or a CPU; full precision everywhere else."""
    if bf16 and device.type in BF16_DEVICES:
        return torch.autocast(device.type, dtype=torch.bfloat16)
    return contextlib.nullcontext()


def _predicted(
    model: nn.Module,
    images: torch.Tensor,
    batch_size: int,
    device: torch.device,
    bf16: bool = False,
) -> torch.Tensor:
    """The predicted class of each image, as an int64 tensor on ``device`` (no host sync)."""
    was_training = model.training
    model.eval()  # the lecture's networks have no dropout or batch norm, but other models may
    try:
        with torch.inference_mode(), _autocast(device, bf16):
            chunks = [
                model(images[start : start + batch_size].to(device)).argmax(dim=1)
                for start in range(0, len(images), batch_size)
            ]
    finally:
        model.train(was_training)
    return torch.cat(chunks) if chunks else torch.empty(0, dtype=torch.int64, device=device)


def count_correct(
    model: nn.Module,
    images: torch.Tensor,
    labels: torch.Tensor,
    batch_size: int,
    device: torch.device,
    bf16: bool = False,
) -> int:
    """Correct predictions over ``images``, counted on ``device`` and read once at the end."""
    predicted = _predicted(model, images, batch_size, device, bf16)
    return int((predicted == labels.to(device)).sum().item())


def _model_device(model: nn.Module) -> torch.device:
    return next(model.parameters(), torch.empty(0)).device


def evaluate(
    model: nn.Module,
    data: MNISTData,
    *,
    batch_size: int = 1000,
    device: str | torch.device | None = None,
) -> float:
    """Accuracy of ``model`` on ``data``'s test set, between 0 and 1.

    Args:
        model: The network; moved to ``device`` when one is given.
        data: Anything with ``test_images`` and ``test_labels``.
        batch_size: Images per forward pass.
        device: Where to compute; ``None`` uses the device the model is on.
    """
    if len(data.test_labels) == 0:
        raise ValueError("evaluate: the test set is empty")
    target = _model_device(model) if device is None else pick_device(device)
    model.to(target)
    correct = count_correct(model, data.test_images, data.test_labels, batch_size, target)
    return correct / len(data.test_labels)


def predict(
    model: nn.Module,
    images: torch.Tensor,
    *,
    batch_size: int = 1000,
    device: str | torch.device | None = None,
) -> torch.Tensor:
    """The predicted class of each image (N x C x H x W), as an int64 tensor on the CPU.

    Args:
        model: The network; moved to ``device`` when one is given.
        images: Normalised images, on any device.
        batch_size: Images per forward pass.
        device: Where to compute; ``None`` uses the device the model is on.
    """
    target = _model_device(model) if device is None else pick_device(device)
    model.to(target)
    return _predicted(model, images, batch_size, target).cpu()
