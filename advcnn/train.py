"""Training: the lecture's loop (forward, loss, ``zero_grad``, ``backward``, ``step``) on data kept
on the device, the loss read every ``log_every`` steps; ``advcnn.speed`` holds the speed-ups."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import torch
import torch.nn.functional as F
from torch import nn
from tqdm.auto import tqdm

# An ``import x as x`` is a re-export: one line then gives a notebook what it needs to train and
# keep a model. Each such name is defined, and documented, in the module it comes from.
from advcnn import speed
from advcnn.checkpoint import load_checkpoint as load_checkpoint
from advcnn.checkpoint import save_checkpoint as save_checkpoint
from advcnn.config import RECIPES as RECIPES
from advcnn.config import TrainConfig, lr_schedule, recipe
from advcnn.evaluate import count_correct, pick_device
from advcnn.evaluate import evaluate as evaluate
from advcnn.evaluate import predict as predict
from advcnn.history import EpochRecord as EpochRecord
from advcnn.history import History
from advcnn.history import TrainingDivergedError as TrainingDivergedError
from advcnn.progress import EpochCallback, EpochTally, StepCallback

if TYPE_CHECKING:
    from advcnn.data import MNISTData

__all__ = ["fit", "train_step"]


def train_step(
    model: nn.Module,
    images: torch.Tensor,
    labels: torch.Tensor,
    optimizer: Any,
    config: TrainConfig,
    totals: torch.Tensor,
) -> None:
    """One step of the lecture's loop; adds [loss x batch size, correct predictions] to ``totals``.

    ``fit`` runs it on every batch, directly or recorded once as a CUDA graph (``advcnn.speed``).
    """
    logits = model(images)
    loss = F.cross_entropy(logits, labels, label_smoothing=config.label_smoothing)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    if config.clip_grad_norm is not None:  # caps any one step of a net without batch norm
        nn.utils.clip_grad_norm_(model.parameters(), config.clip_grad_norm)
    optimizer.step()
    with torch.no_grad():  # summed on the device: reading the loss here would stall a GPU
        correct = (logits.argmax(dim=1) == labels).sum()
        totals += torch.stack((loss.detach().float() * len(labels), correct.float()))


def fit(
    model: nn.Module,
    data: MNISTData,
    config: TrainConfig | None = None,
    *,
    on_step: StepCallback | None = None,
    on_epoch: EpochCallback | None = None,
) -> History:
    """Train ``model`` on ``data.train_*`` with SGD; measure test accuracy after every epoch.

    The model is moved to the device and trained in place; its starting weights are the
    caller's. Ctrl-C stops the run cleanly at any moment, setup included: the epochs so far (and
    a partial record of the current one) come back with ``interrupted=True``, and the model keeps
    the weights it reached (during setup: its starting weights, perhaps stored channels-last).

    Args:
        model: A network taking N x C x H x W images and returning N x classes logits.
        data: An ``MNISTData`` (or anything with ``train_images``, ``train_labels``,
            ``test_images``, ``test_labels`` and ``to(device)``).
        config: Hyperparameters; ``recipe("lecture")`` when ``None``.
        on_step: Called as ``on_step(step, loss)`` every ``config.log_every`` steps, with the
            mean training loss since the previous call (for live plots).
        on_epoch: Called with each epoch's ``EpochRecord``.

    Returns:
        The ``History`` of the run.

    Raises:
        TrainingDivergedError: The loss became NaN or infinite; ``err.history`` has the run so far.
    """
    config = config or recipe("lecture")
    device = pick_device(config.device)
    history = History(device=str(device))
    was_training, autotune = model.training, torch.backends.cudnn.benchmark
    # One batch shape: cuDNN may time its convolution algorithms once and keep the fastest.
    torch.backends.cudnn.benchmark = True
    epoch: EpochTally | None = None
    step = 0
    try:
        started = time.perf_counter()
        model.train().to(device)  # the caller's model may come in eval mode
        data = data.to(device)  # once: every batch is then an index into it, not a copy
        labels = data.train_labels
        if len(labels) == 0:
            raise ValueError("fit: the training set is empty")
        history.steps_per_epoch = steps_per_epoch = config.steps_per_epoch(len(labels))
        optimizer = torch.optim.SGD(
            model.parameters(),
            lr=config.lr,
            momentum=config.momentum,
            nesterov=config.nesterov,
            weight_decay=config.weight_decay,
        )
        scheduler = lr_schedule(optimizer, config, config.epochs * steps_per_epoch)
        totals = torch.zeros(2, device=device)
        run_step, history.memory_format = speed.prepare(
            train_step, model, data.train_images, labels, optimizer, config, device, totals
        )
        # A generator of its own: the batch order is repeatable without touching the global RNG.
        # On the CPU whatever the device, so that a seed gives the same order everywhere, the
        # order a DataLoader's RandomSampler with the same seed draws in its first epoch.
        generator = torch.Generator(device="cpu")
        if config.seed is None:
            generator.seed()
        else:
            generator.manual_seed(config.seed)
        speed.synchronize(device)
        history.setup_seconds = time.perf_counter() - started

        def test_accuracy() -> float:
            test_images, test_labels = data.test_images, data.test_labels
            batch = config.eval_batch_size
            correct = count_correct(model, test_images, test_labels, batch, device, config.bf16)
            return correct / max(len(test_labels), 1)

        end = steps_per_epoch * config.batch_size  # past the last image an epoch trains on
        for number in range(1, config.epochs + 1):
            order = torch.randperm(len(labels), generator=generator).to(device)
            epoch = EpochTally(
                number, totals.zero_(), min(end, len(labels)), history, config,
                test_accuracy, on_step, on_epoch,
            )  # fmt: skip
            for start in range(0, end, config.batch_size):
                index = order[start : start + config.batch_size]
                lr = optimizer.param_groups[0]["lr"]
                run_step(index)
                if scheduler is not None:
                    scheduler.step()
                step += 1
                epoch.count(len(index), lr)
                if step % config.log_every == 0:
                    epoch.log(step)
                every, last = config.eval_every_steps, start + config.batch_size >= end
                # The epoch's last step is evaluated by close(), not twice.
                if every and step % every == 0 and not last and epoch.midway(step):
                    return history
            if epoch.close(step):
                return history
            epoch = None
    except KeyboardInterrupt:
        history.interrupted, history.stop_reason = True, "interrupted"
        if epoch is not None:
            epoch.close(step, interrupted=True)
        where = f"at step {step}" if step else "before the first step"
        done = f"{len(history.records)} epoch record(s)"
        tqdm.write(f"Training interrupted {where}; kept the weights so far ({done}).")
    finally:
        model.train(was_training)
        torch.backends.cudnn.benchmark = autotune
    return history
