"""What the training-speed benchmark measures: the lecture's loop, ``fit``, and time to target.

The networks are those of Szegedy et al., "Going Deeper with Convolutions" (GoogLeNet, CVPR 2015)
and He et al., "Deep Residual Learning for Image Recognition" (ResNet, CVPR 2016), as the lecture
writes them for MNIST. On one device, this module measures

(a) the lecture's loop (``lecture_loop``): torchvision's MNIST through a ``DataLoader`` (batch
    64), ``.to(device)``, forward, loss, ``zero_grad``, ``backward``, ``step`` and
    ``loss.item()`` after every step, SGD with lr 0.01 and momentum 0.5;
(b) ``fit`` with ``recipe("lecture")`` (the same batch and optimiser) on the same model class and
    as many images, and ``fit`` with the fast recipe's batch size; ``measure_throughput`` runs
    (a) and (b) in interleaved rounds;
(c) the training time the fast recipe takes to reach a target test accuracy, with the setup
    counted apart (``time_to_target``, once per seed).

``report.py`` writes the figures as markdown; ``train_speed.py`` is the command line.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

from advcnn.data import MNISTData
from advcnn.models import InceptionNet, ResidualNet
from advcnn.train import TrainingDivergedError, fit, recipe

__all__ = [
    "LECTURE_BATCH",
    "MODELS",
    "SPEED_FIELDS",
    "Measurement",
    "TargetRun",
    "Throughput",
    "combined",
    "lecture_loop",
    "measure_throughput",
    "time_to_target",
]

MODELS: dict[str, Callable[[], nn.Module]] = {"inception": InceptionNet, "residual": ResidualNet}
LECTURE_BATCH = 64
# Settings that change how fast fit runs, not what it computes: they apply to every fit call.
SPEED_FIELDS = ("compile", "channels_last", "bf16", "cuda_graph")


@dataclass
class Measurement:
    """Images trained on and the training-loop seconds they took."""

    images: int
    seconds: float

    @property
    def per_second(self) -> float:
        """Images per second."""
        return self.images / max(self.seconds, 1e-12)


def combined(measurements: Sequence[Measurement]) -> Measurement:
    """All of ``measurements`` taken together: their images and their seconds summed."""
    return Measurement(sum(m.images for m in measurements), sum(m.seconds for m in measurements))


@dataclass
class Throughput:
    """Interleaved rounds of the lecture loop, fit at batch 64 and fit at the fast batch size."""

    model: str
    fast_batch: int
    lecture: list[Measurement] = field(default_factory=list)
    fit: list[Measurement] = field(default_factory=list)
    fit_fast: list[Measurement] = field(default_factory=list)

    def ratio(self, method: str) -> tuple[float, float, float]:
        """Images per second of ``method`` ("fit" or "fit_fast") over the lecture loop's: over
        all rounds together, then the lowest and highest ratio of a single round."""
        mine = getattr(self, method)
        pairs = zip(mine, self.lecture, strict=True)
        rounds = [ours.per_second / theirs.per_second for ours, theirs in pairs]
        total = combined(mine).per_second / combined(self.lecture).per_second
        return total, min(rounds), max(rounds)


@dataclass
class TargetRun:
    """One seed of the fast recipe, trained until the target test accuracy or the last epoch."""

    model: str
    seed: int
    seconds_to_target: float | None  # training-loop seconds; None: never reached
    steps_to_target: int | None
    setup_seconds: float
    train_seconds: float
    steps: int
    final_accuracy: float | None
    best_accuracy: float | None
    images_to_target: int | None = None  # training images seen up to that evaluation
    note: str = ""


def _synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


def _say(text: str) -> None:
    print(text, flush=True)


def _cycle(loader: DataLoader) -> Any:
    while True:  # a new pass (and shuffle) whenever one ends, as the lecture's epoch loop does
        yield from loader


def lecture_loop(
    model: nn.Module, loader: DataLoader, device: torch.device, *, steps: int, warmup: int = 5
) -> Measurement:
    """Train ``model`` the lecture's way for ``warmup`` untimed steps, then ``steps`` timed ones."""
    model.to(device).train()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    batches = _cycle(loader)
    running_loss = 0.0

    def train_one_batch() -> int:
        nonlocal running_loss
        inputs, target = next(batches)
        inputs, target = inputs.to(device), target.to(device)
        optimizer.zero_grad()
        outputs = model(inputs)
        loss = criterion(outputs, target)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()  # the lecture reads the loss back after every step
        return len(target)

    for _ in range(warmup):
        train_one_batch()
    _synchronize(device)
    started = time.perf_counter()
    images = sum(train_one_batch() for _ in range(steps))
    _synchronize(device)
    return Measurement(images, time.perf_counter() - started)


def _fit_measurement(model: nn.Module, data: MNISTData, config: Any) -> Measurement:
    history = fit(model, data, config)
    record = history.records[-1]  # one epoch over the round's images
    return Measurement(round(record.images_per_second * record.seconds), record.seconds)


def _round_data(data: MNISTData, images: int, seed: int) -> MNISTData:
    chosen = torch.randperm(data.num_train, generator=torch.Generator().manual_seed(seed))[:images]
    chosen = chosen.to(data.train_labels.device)
    # fit measures test accuracy after its epoch; that is not timed, and 1,000 images suffice.
    return dataclasses.replace(
        data,
        train_images=data.train_images[chosen],
        train_labels=data.train_labels[chosen],
        test_images=data.test_images[:1000],
        test_labels=data.test_labels[:1000],
    )


def _fresh(model: str, seed: int = 0) -> nn.Module:
    torch.manual_seed(seed)
    return MODELS[model]()


def measure_throughput(
    model: str,
    data: MNISTData,
    lecture_set: Dataset,
    device: torch.device,
    *,
    lecture_steps: int,
    fit_steps: int,
    rounds: int,
    warmup: int = 5,
    overrides: dict[str, Any] | None = None,
) -> Throughput:
    """(a) and (b), in ``rounds`` rounds: ``lecture_steps // rounds`` batches of 64 through the
    lecture loop, then ``fit_steps // rounds`` batches' worth of images through ``fit``, at batch
    64 and at the fast recipe's batch size.

    Each round trains fresh, identically initialised models; the methods' order alternates from
    round to round so that a drift in the machine's speed does not favour one of them.
    """
    overrides = overrides or {}
    speed = {key: value for key, value in overrides.items() if key in SPEED_FIELDS}
    fast_overrides = {"device": str(device), "progress": False, "epochs": 1, **overrides}
    result = Throughput(model, recipe("fast", **fast_overrides).batch_size)
    lecture_per_round = max(lecture_steps // rounds, 1)
    fit_images = max(fit_steps // rounds, 1) * LECTURE_BATCH
    data = data.to(device)  # once, so that no round pays for the copy
    methods = ("lecture", "fit", "fit_fast")
    for number in range(rounds):
        subset = _round_data(data, fit_images, number)
        torch.manual_seed(number)  # the DataLoader's shuffle draws from the global generator
        loader = DataLoader(lecture_set, batch_size=LECTURE_BATCH, shuffle=True, num_workers=0)
        configs = {
            "fit": recipe("lecture", epochs=1, device=str(device), progress=False, **speed),
            "fit_fast": recipe("fast", **{**fast_overrides, "seed": number}),
        }
        for method in methods if number % 2 == 0 else reversed(methods):
            if method == "lecture":
                measured = lecture_loop(
                    _fresh(model), loader, device, steps=lecture_per_round, warmup=warmup
                )
            else:
                measured = _fit_measurement(_fresh(model), subset, configs[method])
            getattr(result, method).append(measured)
        last = {method: getattr(result, method)[-1].per_second for method in methods}
        _say(
            f"  {model} round {number + 1}/{rounds}: lecture loop {last['lecture']:,.0f} img/s, "
            f"fit b{LECTURE_BATCH} {last['fit']:,.0f} img/s, "
            f"fit b{result.fast_batch} {last['fit_fast']:,.0f} img/s"
        )
    return result


def time_to_target(
    model: str,
    data: MNISTData,
    device: torch.device,
    seed: int,
    *,
    target: float,
    max_epochs: int,
    eval_every: int,
    overrides: dict[str, Any] | None = None,
) -> TargetRun:
    """(c): a fresh model seeded with ``seed``, trained by the fast recipe until ``target``."""
    network = _fresh(model, seed)
    config = recipe(
        "fast",
        **{
            "seed": seed,
            "target_accuracy": target,
            "eval_every_steps": eval_every,
            "epochs": max_epochs,
            "progress": False,
            "device": str(device),
            **(overrides or {}),
        },
    )
    note = ""
    try:
        history = fit(network, data, config)
        steps = history.evaluations[-1][0] if history.evaluations else 0
    except TrainingDivergedError as error:
        history, steps, note = error.history, error.step, f"diverged at step {error.step}"
    reached = next(((step, acc) for step, _, acc in history.evaluations if acc >= target), None)
    images = None
    if reached is not None:  # full epochs, then full batches: only an epoch's last is smaller
        epochs, rest = divmod(reached[0], history.steps_per_epoch)
        # cuda_graph=True trains full batches only, so an epoch can stop short of the last images
        per_epoch = min(history.steps_per_epoch * config.batch_size, data.num_train)
        images = epochs * per_epoch + min(rest * config.batch_size, per_epoch)
    last_accuracy = history.evaluations[-1][2] if history.evaluations else None
    return TargetRun(
        model=model,
        seed=seed,
        seconds_to_target=history.time_to_accuracy(target),
        steps_to_target=None if reached is None else reached[0],
        setup_seconds=history.setup_seconds,
        train_seconds=sum(record.seconds for record in history.records),
        steps=steps,
        final_accuracy=last_accuracy,
        best_accuracy=history.best_test_accuracy,
        images_to_target=images,
        note=note,
    )
