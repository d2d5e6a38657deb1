"""Where training time goes: images per second of ``fit`` variants, of loading, and the ceiling.

``fit_rates`` trains a fresh model with several configurations in interleaved rounds and returns
the images per second of each; ``fetch_rate`` times fetching batches with no model at all;
``matmul_flops`` measures the device's matrix-multiply throughput, and ``training_flops`` the
arithmetic one training image costs, so that ``ceiling`` says how many images per second the
device could train at most if every operation ran as fast as a large matrix product.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

import torch

from advcnn.config import TrainConfig
from advcnn.cost import total_macs
from advcnn.models import build_model
from advcnn.train import fit

__all__ = [
    "TRAINING_PASSES",
    "ceiling",
    "fetch_rate",
    "fit_rates",
    "matmul_flops",
    "median_ratio",
    "subset",
    "tensor_batches",
    "training_flops",
]

# A training step costs about three forward passes: the backward pass computes gradients for
# both the inputs and the weights of every layer, each as much arithmetic as the forward pass.
TRAINING_PASSES = 3


def subset(data: Any, train: int, test: int) -> Any:
    """The first ``train`` training and ``test`` test images of ``data`` (an ``MNISTData``)."""
    return dataclasses.replace(
        data,
        train_images=data.train_images[:train],
        train_labels=data.train_labels[:train],
        test_images=data.test_images[:test],
        test_labels=data.test_labels[:test],
    )


def fit_rates(
    model: str,
    data: Any,
    configs: dict[str, TrainConfig],
    *,
    rounds: int = 3,
    on_round: Callable[[int, dict[str, float]], object] | None = None,
) -> dict[str, list[float]]:
    """Images per second of ``fit`` with each configuration, one epoch over ``data`` per round.

    The configurations take turns within a round, in reversed order every other round, so that
    a drift in the machine's load does not favour one of them. Every run starts from the same
    weights; ``fit``'s own ``images_per_second`` excludes setup and evaluation.

    Returns:
        For each configuration's name, its images per second in each round.
    """
    if rounds < 1 or not configs:
        raise ValueError("fit_rates needs rounds ≥ 1 and at least one configuration")
    rates: dict[str, list[float]] = {name: [] for name in configs}
    names = list(configs)
    for number in range(rounds):
        for name in names if number % 2 == 0 else reversed(names):
            torch.manual_seed(0)
            config = dataclasses.replace(configs[name], epochs=1, progress=False, seed=number)
            history = fit(build_model(model), data, config)
            rates[name].append(history.records[-1].images_per_second)
        if on_round is not None:
            on_round(number, {name: values[-1] for name, values in rates.items()})
    return rates


def median_ratio(rates: dict[str, list[float]], faster: str, slower: str) -> float:
    """The median over rounds of ``faster``'s images per second over ``slower``'s."""
    pairs = zip(rates[faster], rates[slower], strict=True)
    return statistics.median(a / b for a, b in pairs)


def fetch_rate(batches: Iterable[Any], count: int) -> float:
    """Images per second of taking ``count`` batches of ``(images, labels)`` from ``batches``."""
    started = time.perf_counter()
    images = sum(len(labels) for _, labels in islice(batches, count))
    return images / max(time.perf_counter() - started, 1e-9)


def tensor_batches(images: torch.Tensor, labels: torch.Tensor, batch_size: int) -> Iterable[Any]:
    """Shuffled batches by indexing two tensors, the way ``fit`` takes them."""
    order = torch.randperm(len(labels), device=labels.device)
    for start in range(0, len(labels), batch_size):
        index = order[start : start + batch_size]
        yield images[index], labels[index]


def matmul_flops(
    device: torch.device | str = "cpu",
    *,
    size: int = 1024,
    repeats: int = 5,
    dtype: torch.dtype = torch.float32,
) -> float:
    """The device's matrix-multiply throughput in FLOP/s: ``size`` × ``size`` products, best of
    ``repeats`` (a slower round was disturbed by something else on the machine)."""
    device = torch.device(device)
    left = torch.randn(size, size, device=device, dtype=dtype)
    right = torch.randn(size, size, device=device, dtype=dtype)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    best = float("inf")
    torch.mm(left, right)  # the first call allocates and picks a kernel
    for _ in range(repeats):
        sync()
        started = time.perf_counter()
        torch.mm(left, right)
        sync()
        best = min(best, time.perf_counter() - started)
    return 2 * size**3 / best


def training_flops(model: torch.nn.Module) -> int:
    """FLOPs to train on one 28 × 28 image: 2 per multiply-accumulate, three passes' worth."""
    return 2 * TRAINING_PASSES * total_macs(model)


def ceiling(model: torch.nn.Module, flops_per_second: float) -> float:
    """Images per second the model would train at if all its arithmetic ran at that rate."""
    return flops_per_second / training_flops(model)
