"""The speed-ups ``fit`` wraps around its one training step: channels-last memory,
``torch.compile``, bfloat16 autocast, the warm-up, and the CUDA graph (``advcnn.cuda_graph``)."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterator
from typing import Any

import torch
from torch import nn

from advcnn.config import BF16_DEVICES, TrainConfig
from advcnn.cuda_graph import GraphStep

__all__ = [
    "BFloat16",
    "BatchStep",
    "StepFunction",
    "check_graph",
    "prepare",
    "synchronize",
    "unchanged",
    "use_channels_last",
]

#: ``step(model, images, labels, optimizer, config, totals)``: ``advcnn.train.train_step``.
StepFunction = Callable[
    [nn.Module, torch.Tensor, torch.Tensor, Any, TrainConfig, torch.Tensor], None
]
#: ``batch_step(index)``: one training step on ``images[index]``.
BatchStep = Callable[[torch.Tensor], None]


class BFloat16(nn.Module):
    """``model`` run under bfloat16 autocast on ``device_type`` ("cuda" or "cpu"); its logits come
    back in float32, so that the loss is computed in float32, as autocast itself would."""

    def __init__(self, model: nn.Module, device_type: str = "cuda") -> None:
        super().__init__()
        self.model = model
        self.device_type = device_type

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # No cache of cast weights: a CUDA graph may record this, and the weights change in place.
        with torch.autocast(self.device_type, dtype=torch.bfloat16, cache_enabled=False):
            return self.model(x).float()


def synchronize(device: torch.device) -> None:
    """Wait until ``device`` has finished the work queued so far (for honest clocks)."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


def check_graph(config: TrainConfig, device: torch.device, num_images: int) -> None:
    """Raise ``ValueError``, naming the fix, where ``cuda_graph=True`` cannot work."""
    if num_images < config.batch_size:
        raise ValueError(
            f"fit: cuda_graph=True trains on full batches only, but the training set has "
            f"{num_images} images, fewer than batch_size={config.batch_size}. "
            f"Lower batch_size or pass cuda_graph=False."
        )
    if device.type != "cuda":
        raise ValueError(
            f"fit: cuda_graph=True needs a CUDA device, but training runs on "
            f"{str(device)!r}. Pass cuda_graph=False (the default) or device='cuda'."
        )


def use_channels_last(
    model: nn.Module, images: torch.Tensor, config: TrainConfig, device: torch.device
) -> bool:
    """Whether to train channels-last, by a plain rule.

    ``channels_last=False``: never. ``None``: on a CPU, for this package's own models (classes
    from ``advcnn.models``), which flatten with ``reshape``; any other model may flatten with
    ``x.view(n, -1)``, which a channels-last tensor refuses, so it stays contiguous. ``True``: on
    any device, for any model that runs on a channels-last batch.

    Raises:
        ValueError: ``channels_last=True``, and the model fails on a channels-last batch but
            runs on the same batch stored contiguously.
    """
    if not config.wants_channels_last(device) or images.dim() != 4:
        return False
    if config.channels_last is None:
        return type(model).__module__.startswith("advcnn.models.")
    probe = images[:2]
    was_training = model.training
    model.eval()  # so that the probe leaves batch-norm statistics alone
    model.to(memory_format=torch.channels_last)  # as training would run it
    try:
        with torch.no_grad():
            model(probe.contiguous(memory_format=torch.channels_last))
    except RuntimeError as err:
        model.to(memory_format=torch.contiguous_format)
        with torch.no_grad():
            model(probe.contiguous())  # a model that fails on both raises its own error
        raise ValueError(
            "fit: channels_last=True, but the model fails on a channels-last batch and runs on "
            "a contiguous one: its forward probably calls .view() on a channels-last tensor. "
            "Flatten with x.reshape(n, -1) or torch.flatten(x, 1), or pass channels_last=False."
        ) from err
    finally:
        model.train(was_training)
    return True


@contextlib.contextmanager
def unchanged(model: nn.Module, optimizer: Any, totals: torch.Tensor) -> Iterator[None]:
    """Put the model's weights and buffers, the optimiser's state and the running sums back as
    they were on leaving, even on Ctrl-C; in place, where a recorded graph reads them."""
    weights = {name: value.clone() for name, value in model.state_dict().items()}
    state = copy.deepcopy(optimizer.state_dict())
    try:
        yield
    finally:
        with torch.no_grad():
            for name, value in model.state_dict().items():
                value.copy_(weights[name])
        optimizer.load_state_dict(state)
        totals.zero_()


def prepare(
    step: StepFunction,
    model: nn.Module,
    images: torch.Tensor,
    labels: torch.Tensor,
    optimizer: torch.optim.Optimizer,
    config: TrainConfig,
    device: torch.device,
    totals: torch.Tensor,
) -> tuple[BatchStep, str]:
    """``step`` on a batch's indices, with the speed-ups ``config`` asks for, chosen once.

    Converts the model to channels-last where ``use_channels_last`` says so. With ``cuda_graph``
    the step is recorded as a CUDA graph; with ``compile`` or on a GPU, one warm-up step per batch
    shape keeps compilation and cuDNN's choice of kernels out of the first epoch. The warm-up and
    the recording leave weights, momentum and sums as they were.

    Returns:
        The step on a batch's indices, and the memory format: ``"channels_last"`` or
        ``"contiguous"``.
    """
    if config.cuda_graph:
        check_graph(config, device, len(labels))
    channels_last = use_channels_last(model, images, config, device)
    if channels_last:
        model.to(memory_format=torch.channels_last)
        images = images.contiguous(memory_format=torch.channels_last)
    memory_format = "channels_last" if channels_last else "contiguous"
    network = torch.compile(model) if config.compile else model
    if config.bf16 and device.type in BF16_DEVICES:
        network = BFloat16(network, device.type)

    def batch_step(index: torch.Tensor, optimizer: Any = optimizer) -> None:
        step(network, images[index], labels[index], optimizer, config, totals)

    if config.cuda_graph:
        # The graph's own update replaces optimizer.step(), whose scheduler still sets the rate.
        # One step without gradients changes nothing, and shows the scheduler that the
        # optimiser ran (it warns of a wrong order otherwise).
        optimizer.zero_grad(set_to_none=True)
        optimizer.step()
        graph_step = GraphStep(batch_step, optimizer, config.batch_size, len(labels))
        with unchanged(model, graph_step.sgd, totals):
            graph_step.record()
        return graph_step, memory_format
    if config.compile or device.type != "cpu":
        sizes = {config.batch_size, len(labels) % config.batch_size} - {0}
        with unchanged(model, optimizer, totals):
            for size in sorted(sizes):
                batch_step(torch.arange(size, device=labels.device))
    return batch_step, memory_format
