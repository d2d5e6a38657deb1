"""Checks of notebook 06's exercises 4 and 5: the steps of an epoch at a larger batch, and the
fraction of the matrix-multiply ceiling that training reaches."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from advcnn.config import RECIPES
from advcnn.exercises._core import Mistake, exercise, expect_close, expect_number, parts
from advcnn.i18n import tr
from advcnn.mnist_files import MNIST_FILES, TRAIN_LABELS
from advcnn.models import build_model
from advcnn.throughput import TRAINING_PASSES, ceiling

__all__: list[str] = []

# MNIST's training set, as its canonical file holds it.
MNIST_TRAIN = MNIST_FILES[TRAIN_LABELS].shape[0]
# Exercise 4's batch: twice the fast recipe's.
LARGER_BATCH = 2 * RECIPES["fast"].batch_size


@exercise("06.4", "Larger batches")
def _larger_batches(answer: Any) -> str:
    values = parts(answer, ("lr", "steps", "steps_cuda_graph"))
    fast, lecture = RECIPES["fast"], RECIPES["lecture"]
    factor = LARGER_BATCH / fast.batch_size
    lr = fast.lr * factor
    expect_close(
        values["lr"],
        lr,
        tr("the peak learning rate the linear scaling rule gives"),
        mistakes=[
            (
                lecture.lr * LARGER_BATCH / lecture.batch_size,
                tr(
                    "that scales the lecture's rate from its batch of 64: scale the fast recipe's "
                    "peak, which goes with its batch of {batch}",
                    batch=fast.batch_size,
                ),
            ),
            (
                fast.lr * math.sqrt(factor),
                tr(
                    "that is the square-root scaling rule; the linear rule multiplies the rate by "
                    "the same factor as the batch"
                ),
            ),
            (fast.lr / factor, tr("the rate should grow with the batch, not shrink")),
            (fast.lr, tr("that is the fast recipe's own rate: scale it with the batch")),
        ],
    )
    config = dataclasses.replace(fast, batch_size=LARGER_BATCH, lr=lr)
    steps = config.steps_per_epoch(MNIST_TRAIN)
    graphed = dataclasses.replace(config, cuda_graph=True).steps_per_epoch(MNIST_TRAIN)
    whole = (MNIST_TRAIN / LARGER_BATCH, tr("a number of steps is a whole number of batches"))
    epochs = tr(
        "that counts the fast recipe's {epochs} epochs: the question asks for one",
        epochs=fast.epochs,
    )
    old_batch = tr("that is the count at the fast recipe's batch of {batch}", batch=fast.batch_size)
    expect_close(
        values["steps"],
        steps,
        tr("the steps of one epoch at that batch"),
        mistakes=[
            (
                graphed,
                tr(
                    "that counts the full batches only: fit also takes the smaller batch left "
                    "over at the end of the epoch (unless cuda_graph=True)"
                ),
            ),
            whole,
            (steps * fast.epochs, epochs),
            (fast.steps_per_epoch(MNIST_TRAIN), old_batch),
            (steps + 1, tr("one step too many: there is one smaller batch left over, not two")),
        ],
    )
    expect_close(
        values["steps_cuda_graph"],
        graphed,
        tr("the steps of one epoch with cuda_graph=True"),
        mistakes=[
            (
                steps,
                tr(
                    "with cuda_graph=True every replay of the recorded step has the same shapes, "
                    "so every batch is full: the images left over are skipped (see TrainConfig)"
                ),
            ),
            whole,
            (graphed * fast.epochs, epochs),
            (dataclasses.replace(fast, cuda_graph=True).steps_per_epoch(MNIST_TRAIN), old_batch),
        ],
    )
    return tr(
        "the peak rate grows by the factor the batch grew by, and an epoch of {images:,} images "
        "takes a step per full batch plus one for the smaller batch left over, which a CUDA "
        "graph skips.",
        images=MNIST_TRAIN,
    )


@exercise("06.5", "One thread")
def _one_thread(answer: Any) -> str:
    values = parts(answer, ("peak", "images_per_second", "fraction"))
    rate = values["images_per_second"]
    if isinstance(rate, dict):
        raise Mistake(
            tr(
                "images_per_second is the dict fit_rates returns: take the channels-last runs' "
                "rates from it, and of those the best, as the notebook does"
            )
        )
    if isinstance(rate, list | tuple):
        raise Mistake(
            tr(
                "images_per_second is a list (fit_rates gives one rate per round): pass one "
                "number, the best of them, max(...), as the notebook does"
            )
        )
    peak = expect_number(values["peak"], tr("the matrix-multiply rate in FLOP/s (one number)"))
    rate = expect_number(rate, tr("ResidualNet's training images per second (one number)"))
    if peak <= 0 or rate <= 0:
        raise Mistake(tr("both rates are measured speeds, so both are positive"))
    right = rate / ceiling(build_model("residual"), peak)
    if right > 1:
        raise Mistake(
            tr(
                "with these two numbers ResidualNet would train faster than the ceiling: is peak "
                "in FLOP/s, the unit matmul_flops returns, and not in GFLOP/s?"
            )
        )
    expect_close(
        values["fraction"],
        right,
        tr("fit's images per second over the ceiling"),
        rel_tol=0.02,
        mistakes=[
            (right / 2, tr("a multiply-accumulate is 2 FLOPs: your ceiling counts MACs as FLOPs")),
            (
                right / TRAINING_PASSES,
                tr(
                    "a training step costs about {passes} forward passes (the backward pass "
                    "computes gradients for inputs and weights): your ceiling counts one",
                    passes=TRAINING_PASSES,
                ),
            ),
            (
                right / (2 * TRAINING_PASSES),
                tr(
                    "your ceiling counts one forward pass of MACs: a training image costs about "
                    "{passes} passes, and a multiply-accumulate is 2 FLOPs",
                    passes=TRAINING_PASSES,
                ),
            ),
            (1 / right, tr("that is upside down: the measured rate over the ceiling")),
            (100 * right, tr("give a fraction (0.5 for half), not a percentage")),
        ],
        hint=tr(
            "Divide the measured rate by the ceiling: peak FLOP/s over a training image's FLOPs."
        ),
    )
    return tr(
        "the ceiling is the matrix-multiply rate over the FLOPs of one training image "
        "(2 per multiply-accumulate, {passes} passes' worth), and fit reaches that fraction of it.",
        passes=TRAINING_PASSES,
    )
