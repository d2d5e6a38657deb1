"""The configuration of a training run: one dataclass checked on creation, the named recipes, and
the learning-rate schedule they ask for.

``TrainConfig``'s defaults are the lecture's settings (their one home). The fast recipe adds the
one-cycle schedule of Smith & Topin, "Super-Convergence: Very Fast Training of Neural Networks
Using Large Learning Rates" (2019), built here by ``lr_schedule``, Nesterov momentum and label
smoothing (Szegedy et al., "Rethinking the Inception Architecture for Computer Vision", 2016).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import torch

from advcnn.models._checks import check_positive

__all__ = ["BF16_DEVICES", "RECIPES", "SCHEDULES", "TrainConfig", "lr_schedule", "recipe"]

SCHEDULES = ("constant", "onecycle")
# Device types on which ``bf16=True`` computes under bfloat16 autocast.
BF16_DEVICES = ("cuda", "cpu")


@dataclass
class TrainConfig:
    """Everything ``fit`` needs to know besides the model and the data; the defaults are the
    lecture's.

    Args:
        epochs: Passes over the training set (≥ 1).
        batch_size: Images per optimisation step (≥ 1). The last batch of an epoch may be smaller.
        lr: Learning rate; with ``schedule="onecycle"`` the peak of the cycle.
        momentum: SGD momentum, in [0, 1).
        nesterov: Use Nesterov momentum (needs ``momentum > 0``).
        weight_decay: L2 penalty added by SGD (≥ 0).
        schedule: ``"constant"`` (the lecture) or ``"onecycle"`` (warm up, then anneal to ~0).
        warmup_fraction: Share of the one-cycle schedule spent warming up, in (0, 1).
        label_smoothing: Cross-entropy label smoothing, in [0, 1).
        clip_grad_norm: Rescale the gradient whenever its norm exceeds this (> 0), or ``None``.
            Networks without batch norm, like the lecture's, can blow up at a large learning
            rate after one unlucky batch; the clip caps the size of any single step.
        seed: Seeds the order of the batches (not the model's weights, which are the caller's).
            ``None`` draws a fresh order every run.
        device: ``"cpu"``, ``"cuda"``, ``"cuda:1"``, ``"mps"``, or ``None`` for the best present.
        eval_batch_size: Images per forward pass when measuring test accuracy (≥ 1).
        log_every: Steps between reads of the loss: progress bar, ``on_step``, divergence check.
        target_accuracy: Stop once test accuracy reaches this (0 < a ≤ 1), or ``None``.
        eval_every_steps: Also measure test accuracy every this many steps (for time-to-accuracy).
        compile: Run the model through ``torch.compile`` (slow to start, above all on a CPU).
        channels_last: Store images and weights channels-last (NHWC). ``None`` turns it on where
            it was measured to help, on a CPU (the lecture's nets train about 1.3-1.5x faster),
            for this package's own models, which flatten with ``reshape``; another model may
            flatten with ``x.view(n, -1)``, which a channels-last tensor refuses, so ``None``
            leaves it contiguous. ``True`` insists, on any device and for any model, and raises
            ``ValueError`` for a model that fails on channels-last input but not on contiguous
            input; ``False`` never uses it.
        bf16: Compute the model in bfloat16 under autocast (the loss stays float32), on CUDA and
            on a CPU; ignored on MPS. On a CPU it pays only where the processor computes in
            bfloat16 natively (AVX512-BF16 or AMX; ``benchmarks/RESULTS.md`` measures it);
            elsewhere it emulates bfloat16 and is slower.
        cuda_graph: Record one whole training step (forward, backward, clipping, the SGD
            update) as a CUDA graph and replay it for every batch, instead of launching each
            of its hundreds of small kernels from Python. CUDA only. Every batch then holds
            ``batch_size`` images: the few left over at the end of an epoch are skipped (a
            different few each epoch, as the order is reshuffled).
        progress: Show a progress bar per epoch.
    """

    epochs: int = 10
    batch_size: int = 64
    lr: float = 0.01
    momentum: float = 0.5
    nesterov: bool = False
    weight_decay: float = 0.0
    schedule: str = "constant"
    warmup_fraction: float = 0.25
    label_smoothing: float = 0.0
    clip_grad_norm: float | None = None
    seed: int | None = 0
    device: str | None = None
    eval_batch_size: int = 1000
    log_every: int = 50
    target_accuracy: float | None = None
    eval_every_steps: int | None = None
    compile: bool = False
    channels_last: bool | None = None
    bf16: bool = False
    cuda_graph: bool = False
    progress: bool = True

    def __post_init__(self) -> None:
        check_positive(
            "TrainConfig",
            epochs=self.epochs,
            batch_size=self.batch_size,
            eval_batch_size=self.eval_batch_size,
            log_every=self.log_every,
        )
        if self.eval_every_steps is not None:
            check_positive("TrainConfig", eval_every_steps=self.eval_every_steps)
        bad_seed = isinstance(self.seed, bool) or not isinstance(self.seed, int)
        if self.seed is not None and (bad_seed or self.seed < 0):
            raise ValueError(f"TrainConfig: seed must be a whole number ≥ 0, got {self.seed!r}")
        _check_range("lr", self.lr, 0.0, math.inf, "lr > 0", low_open=True)
        _check_range("momentum", self.momentum, 0.0, 1.0, "0 ≤ momentum < 1")
        _check_range("weight_decay", self.weight_decay, 0.0, math.inf, "weight_decay ≥ 0")
        _check_range("label_smoothing", self.label_smoothing, 0.0, 1.0, "0 ≤ label_smoothing < 1")
        _check_range(
            "warmup_fraction",
            self.warmup_fraction,
            0.0,
            1.0,
            "0 < warmup_fraction < 1",
            low_open=True,
        )
        if self.clip_grad_norm is not None:
            _check_range(
                "clip_grad_norm",
                self.clip_grad_norm,
                0.0,
                math.inf,
                "clip_grad_norm > 0",
                low_open=True,
            )
        if self.target_accuracy is not None and not 0.0 < self.target_accuracy <= 1.0:
            raise ValueError(
                f"TrainConfig: target_accuracy must be in (0, 1] (0.99 means 99 %) or None, "
                f"got {self.target_accuracy!r}"
            )
        for name in ("nesterov", "compile", "channels_last", "bf16", "cuda_graph", "progress"):
            value = getattr(self, name)
            if not isinstance(value, bool) and not (name == "channels_last" and value is None):
                allowed = "True, False or None" if name == "channels_last" else "True or False"
                raise ValueError(f"TrainConfig: {name} must be {allowed}, got {value!r}")
        if self.compile and self.cuda_graph:
            raise ValueError(
                "TrainConfig: compile=True and cuda_graph=True cannot be combined; pass one of them"
            )
        if self.nesterov and self.momentum == 0:
            raise ValueError("TrainConfig: nesterov=True needs momentum > 0, got momentum=0")
        if self.schedule not in SCHEDULES:
            raise ValueError(
                f"TrainConfig: schedule must be one of {', '.join(SCHEDULES)}, "
                f"got {self.schedule!r}"
            )
        if self.device is not None:
            try:
                torch.device(self.device)
            except (RuntimeError, TypeError) as err:
                raise ValueError(
                    f"TrainConfig: device must be None or a device name such as 'cpu', 'cuda', "
                    f"'cuda:0' or 'mps', got {self.device!r}"
                ) from err

    def steps_per_epoch(self, num_images: int) -> int:
        """Optimisation steps in one epoch over ``num_images`` training images: the last batch
        is smaller, or with ``cuda_graph`` (full batches only) the images left over are skipped."""
        if self.cuda_graph:
            return num_images // self.batch_size
        return math.ceil(num_images / self.batch_size)

    def wants_channels_last(self, device: torch.device) -> bool:
        """Whether ``channels_last`` asks for channels-last on ``device``: ``None`` means on a
        CPU, where it was measured to help (and for this package's models only: see above)."""
        if self.channels_last is None:
            return device.type == "cpu"
        return self.channels_last


def _check_range(
    name: str, value: object, low: float, high: float, rule: str, *, low_open: bool = False
) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        ok = (low < value if low_open else low <= value) and value < high
    if not ok:
        raise ValueError(f"TrainConfig: {name} must satisfy {rule}, got {value!r}")


# The lecture's settings (TrainConfig's defaults), and a recipe that reaches a higher accuracy in
# a fraction of the time.
# Batches of 256 keep a GPU busy (a CPU gains little); the one-cycle schedule warms up to 20x
# the lecture's learning rate and anneals it to ~0, so the run ends close to a minimum. Clipping the
# gradient norm keeps the lecture's networks (no batch norm) from blowing up at that peak: without
# it InceptionNet diverged in most runs at lr >= 0.1, with it in none of 50 runs. Measured on full
# MNIST: 3 epochs of "fast" give 99.2-99.3 % (InceptionNet) and 99.3-99.5 % (ResidualNet), where
# the lecture's 10 epochs end near 98.6 % and 99.0 %; 1 epoch gives InceptionNet 98.5-98.7 %.
RECIPES: dict[str, TrainConfig] = {
    "lecture": TrainConfig(),
    "fast": TrainConfig(
        epochs=3,
        batch_size=256,
        lr=0.2,
        momentum=0.9,
        nesterov=True,
        weight_decay=5e-4,
        schedule="onecycle",
        label_smoothing=0.05,
        clip_grad_norm=1.0,
    ),
}


def recipe(name: str, **overrides: Any) -> TrainConfig:
    """A named training recipe, with any field replaced: ``recipe("fast", epochs=1)``.

    Raises:
        ValueError: An unknown recipe name, or an override outside its valid range.
        TypeError: An override that is not a ``TrainConfig`` field.
    """
    if name not in RECIPES:
        raise ValueError(f"unknown recipe {name!r}; choose one of {', '.join(RECIPES)}")
    return dataclasses.replace(RECIPES[name], **overrides)


def lr_schedule(
    optimizer: torch.optim.Optimizer, config: TrainConfig, total_steps: int
) -> torch.optim.lr_scheduler.LRScheduler | None:
    """The scheduler ``config.schedule`` asks for over ``total_steps``, or ``None`` for a constant
    rate. A one-cycle run of fewer than 4 steps has no room for a warm-up and a decay: it keeps
    ``lr``."""
    if config.schedule != "onecycle" or total_steps < 4:
        return None
    # OneCycleLR divides by the length of each phase, so each keeps at least 2 steps.
    warmup = min(max(config.warmup_fraction, 2 / total_steps), 1 - 2 / total_steps)
    # OneCycleLR would also cycle momentum between 0.85 and 0.95; keeping it fixed lets
    # ``momentum`` mean what it says, in both schedules.
    return torch.optim.lr_scheduler.OneCycleLR(
        optimizer,
        max_lr=config.lr,
        total_steps=total_steps,
        pct_start=warmup,
        cycle_momentum=False,
    )
