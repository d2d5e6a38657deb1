"""A plain, fast training loop for the MNIST networks, and the lecture's recipe beside a faster one.

The lecture trains with a ``DataLoader``: every batch is decoded from PIL images, normalised and
copied again, and the loss is read back with ``loss.item()`` after every step. MNIST is 47 MB, so
here the whole dataset lives on the device as two tensors; a batch is one index into them, and
the host reads the loss only every ``log_every`` steps. The loop itself stays the lecture's:
forward, loss, ``zero_grad``, ``backward``, ``step``. On a GPU, ``cuda_graph=True`` replays
that whole step as one CUDA graph instead (``advcnn.cuda_graph``).

The fast recipe uses the one-cycle learning-rate schedule of Smith & Topin, "Super-Convergence:
Very Fast Training of Neural Networks Using Large Learning Rates" (2019), Nesterov momentum and
label smoothing (Szegedy et al., "Rethinking the Inception Architecture for Computer Vision",
CVPR 2016). The networks are those of Szegedy et al. 2015 (GoogLeNet) and He et al. 2016 (ResNet).

The configuration (``TrainConfig``, ``RECIPES``, ``recipe``) lives in ``advcnn.config``, the
record of a run (``History``, ``EpochRecord``) in ``advcnn.history``, and checkpoints
(``save_checkpoint``, ``load_checkpoint``) in ``advcnn.checkpoint``, and evaluation (``evaluate``,
``predict``) with the choice of device (``pick_device``) in ``advcnn.evaluate``; all of them can
also be imported from here, next to ``fit``.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import torch
import torch.nn.functional as F
from torch import nn
from tqdm.auto import tqdm

from advcnn.checkpoint import load_checkpoint, save_checkpoint
from advcnn.config import RECIPES, TrainConfig, recipe
from advcnn.cuda_graph import GraphStep
from advcnn.evaluate import _autocast, _count_correct, evaluate, pick_device, predict
from advcnn.history import EpochRecord, History

if TYPE_CHECKING:
    from advcnn.data import MNISTData

__all__ = [
    "RECIPES",
    "EpochRecord",
    "History",
    "TrainConfig",
    "TrainingDivergedError",
    "evaluate",
    "fit",
    "load_checkpoint",
    "pick_device",
    "predict",
    "recipe",
    "save_checkpoint",
]


class TrainingDivergedError(RuntimeError):
    """The training loss became NaN or infinite by ``step``, at learning rate ``lr``.

    ``history`` holds the run until then; the model's weights are no longer usable.
    """

    def __init__(self, message: str, *, history: History, step: int, lr: float) -> None:
        super().__init__(message)
        self.history, self.step, self.lr = history, step, lr


StepCallback = Callable[[int, float], object]
EpochCallback = Callable[[EpochRecord], object]


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
    caller's. Ctrl-C stops the run cleanly: the epochs so far (and a partial record for the
    current one) come back with ``interrupted=True``, and the model keeps the weights it reached.

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
    was_training, autotune = model.training, torch.backends.cudnn.benchmark
    # The batch shape is fixed, so cuDNN may time its convolution algorithms once (in the
    # warm-up, on a GPU) and keep the fastest; the caller's setting comes back afterwards.
    torch.backends.cudnn.benchmark = True
    try:
        loop = _Loop(model, data, config or recipe("lecture"), on_step, on_epoch)
        loop.run()
    except KeyboardInterrupt:
        loop.close_interrupted()
        done = f"{len(loop.history.records)} epoch record(s)"
        tqdm.write(f"Training interrupted at step {loop.step}; kept the weights so far ({done}).")
    finally:
        model.train(was_training)
        torch.backends.cudnn.benchmark = autotune
    return loop.history


@dataclass
class _Epoch:
    """The running sums of one epoch, kept on the device until a log point reads them."""

    number: int
    totals: torch.Tensor  # [sum of losses x batch size, correct predictions]
    steps: int = 0
    images: int = 0
    seconds: float = 0.0
    started: float = 0.0
    logged_loss: float = 0.0
    logged_images: int = 0
    lr: float = 0.0


class _Loop:
    """The state one call of ``fit`` shares between its steps, evaluations and records."""

    def __init__(
        self,
        model: nn.Module,
        data: MNISTData,
        config: TrainConfig,
        on_step: StepCallback | None,
        on_epoch: EpochCallback | None,
    ) -> None:
        setup_started = time.perf_counter()
        self.model, self.config, self.on_step, self.on_epoch = model, config, on_step, on_epoch
        self.device = pick_device(config.device)
        model.train()  # the caller's model may come in eval mode, e.g. from an evaluation
        model.to(self.device)
        self.data = data.to(self.device)  # once: every batch is then an index, not a copy
        self.images, self.labels = self.data.train_images, self.data.train_labels
        channels_last = self._channels_last()
        if channels_last:
            self.images = self.images.contiguous(memory_format=torch.channels_last)
        self.num_images = len(self.labels)
        if self.num_images == 0:
            raise ValueError("fit: the training set is empty")
        if config.cuda_graph:
            self._check_graph()
        self.steps_per_epoch = config.steps_per_epoch(self.num_images)
        self.optimizer = torch.optim.SGD(
            model.parameters(),
            lr=config.lr,
            momentum=config.momentum,
            nesterov=config.nesterov,
            weight_decay=config.weight_decay,
        )
        self.scheduler = None
        total_steps = config.epochs * self.steps_per_epoch
        # A run of fewer than 4 steps has no room for a warm-up and a decay: it keeps ``lr``.
        if config.schedule == "onecycle" and total_steps >= 4:
            # OneCycleLR divides by the length of each phase, so each keeps at least 2 steps.
            warmup = min(max(config.warmup_fraction, 2 / total_steps), 1 - 2 / total_steps)
            # OneCycleLR would also cycle momentum between 0.85 and 0.95; keeping it fixed lets
            # ``momentum`` mean what it says, in both schedules.
            self.scheduler = torch.optim.lr_scheduler.OneCycleLR(
                self.optimizer,
                max_lr=config.lr,
                total_steps=total_steps,
                pct_start=warmup,
                cycle_momentum=False,
            )
        self.network = torch.compile(model) if config.compile else model
        self.bf16 = config.bf16 and self.device.type == "cuda"
        # A generator of its own: the batch order is repeatable without touching the global RNG.
        generator_device = self.device if self.device.type == "cuda" else torch.device("cpu")
        self.generator = torch.Generator(device=generator_device)
        if config.seed is None:
            self.generator.seed()
        else:
            self.generator.manual_seed(config.seed)
        self.history = History(
            device=str(self.device),
            steps_per_epoch=self.steps_per_epoch,
            memory_format="channels_last" if channels_last else "contiguous",
        )
        self.step = 0
        self.train_seconds = 0.0
        self.epoch: _Epoch | None = None
        self.bar: Any = None
        self.graph_step: GraphStep | None = None
        if config.cuda_graph:
            # The graph's own update replaces optimizer.step(), whose schedule still sets the
            # learning rate. One step without gradients changes nothing, and shows the
            # scheduler that the optimiser ran (it warns of a wrong order otherwise).
            self.optimizer.zero_grad(set_to_none=True)
            self.optimizer.step()
            self.graph_step = GraphStep(model, self.images, self.labels, config)
            self.graph_step.record()
            self._pause()
        elif config.compile or self.device.type != "cpu":
            self._warm_up()
        self.history.setup_seconds = time.perf_counter() - setup_started

    def _check_graph(self) -> None:
        if self.num_images < self.config.batch_size:
            raise ValueError(
                f"fit: cuda_graph=True trains on full batches only, but the training set has "
                f"{self.num_images} images, fewer than batch_size={self.config.batch_size}. "
                f"Lower batch_size or pass cuda_graph=False."
            )
        if self.device.type != "cuda":
            raise ValueError(
                f"fit: cuda_graph=True needs a CUDA device, but training runs on "
                f"{str(self.device)!r}. Pass cuda_graph=False (the default) or device='cuda'."
            )

    def _channels_last(self) -> bool:
        """Whether to train channels-last; if so, the model's weights are converted."""
        wanted = self.config.wants_channels_last(self.device)
        if not wanted or self.images.dim() != 4 or len(self.images) == 0:
            return False
        self.model.to(memory_format=torch.channels_last)
        probe = self.images[:2].contiguous(memory_format=torch.channels_last)
        self.model.eval()  # so that the probe leaves batch-norm statistics alone
        try:
            with torch.no_grad():
                self.model(probe)
        except RuntimeError as err:
            if "view" not in str(err):
                raise
            self.model.to(memory_format=torch.contiguous_format)
            if self.config.channels_last is None:
                return False
            raise ValueError(
                "fit: channels_last=True, but the model's forward calls .view() on a "
                "channels-last tensor, which needs contiguous memory. Flatten with "
                "x.reshape(n, -1) or torch.flatten(x, 1), or pass channels_last=False."
            ) from err
        finally:
            self.model.train()
        return True

    def run(self) -> None:
        for number in range(1, self.config.epochs + 1):
            if self.graph_step is not None:
                totals = self.graph_step.reset_totals()
            else:
                totals = torch.zeros(2, device=self.device)
            self.epoch = _Epoch(number, totals)
            end = self.steps_per_epoch * self.config.batch_size  # past the last image trained on
            self.bar = tqdm(
                total=min(end, self.num_images),
                desc=f"epoch {number}/{self.config.epochs}",
                unit="img",
                unit_scale=True,
                disable=not self.config.progress,
            )
            order = torch.randperm(
                self.num_images, generator=self.generator, device=self.generator.device
            ).to(self.device)
            self.epoch.started = time.perf_counter()
            for start in range(0, end, self.config.batch_size):
                self._train_step(order[start : start + self.config.batch_size])
                if self.step % self.config.log_every == 0:
                    self._log()
                # The epoch's last step is evaluated by _close_epoch, not twice.
                last = start + self.config.batch_size >= end
                every = self.config.eval_every_steps
                if every and self.step % every == 0 and not last and self._evaluate_midway():
                    return
            if self._close_epoch(complete=True):
                return

    def _train_step(self, index: torch.Tensor) -> None:
        epoch = self.epoch
        assert epoch is not None
        if self.graph_step is not None:
            epoch.lr = self.optimizer.param_groups[0]["lr"]  # the scheduler's, as a number
            self.graph_step(index, epoch.lr)
            if self.scheduler is not None:
                self.scheduler.step()
            self._count_step(len(index))
            return
        images, labels = self.images[index], self.labels[index]
        with self._autocast():
            logits = self.network(images)
            loss = F.cross_entropy(logits, labels, label_smoothing=self.config.label_smoothing)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if self.config.clip_grad_norm is not None:
            nn.utils.clip_grad_norm_(self.model.parameters(), self.config.clip_grad_norm)
        epoch.lr = self.optimizer.param_groups[0]["lr"]
        self.optimizer.step()
        if self.scheduler is not None:
            self.scheduler.step()
        # Summed on the device: reading the loss here would stall the GPU once per step.
        with torch.no_grad():
            correct = (logits.argmax(dim=1) == labels).sum()
            epoch.totals += torch.stack((loss.detach().float() * len(labels), correct.float()))
        self._count_step(len(labels))

    def _count_step(self, images: int) -> None:
        epoch = self.epoch
        assert epoch is not None
        epoch.steps += 1
        epoch.images += images
        self.step += 1
        self.bar.update(images)

    def _log(self) -> tuple[float, float]:
        """Read the sums (one host sync), record the loss, check that it is finite."""
        epoch = self.epoch
        assert epoch is not None
        loss_sum, correct = epoch.totals.tolist()
        if epoch.images > epoch.logged_images:
            window = (loss_sum - epoch.logged_loss) / (epoch.images - epoch.logged_images)
            epoch.logged_loss, epoch.logged_images = loss_sum, epoch.images
            if not math.isfinite(window):
                self._diverged(window)
            self.history.steps.append((self.step, window))
            if self.on_step is not None:
                self.on_step(self.step, window)
        loss, accuracy = loss_sum / max(epoch.images, 1), correct / max(epoch.images, 1)
        self.bar.set_postfix(loss=f"{loss:.4f}", acc=f"{accuracy:.2%}", refresh=False)
        return loss, accuracy

    def _diverged(self, value: float) -> None:
        epoch = self.epoch
        assert epoch is not None
        lr, peak = epoch.lr, self.config.lr
        self.history.stop_reason = f"diverged: loss {value} by step {self.step}"
        self._pause()
        self.bar.close()
        clip = " or set clip_grad_norm=1.0" if self.config.clip_grad_norm is None else ""
        raise TrainingDivergedError(
            f"Training diverged: the loss became {value} by step {self.step} (epoch "
            f"{epoch.number}) at learning rate {lr:.3g}. Lower the learning rate (lr={peak:g}, "
            f"try lr={peak / 10:g}){clip}, and start again from fresh weights: these are lost.",
            history=self.history,
            step=self.step,
            lr=lr,
        )

    def _pause(self) -> None:
        """Stop the epoch's clock once the device has finished the work queued so far."""
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
        elif self.device.type == "mps":
            torch.mps.synchronize()
        epoch = self.epoch
        if epoch is not None and epoch.started:
            epoch.seconds += time.perf_counter() - epoch.started
            epoch.started = 0.0

    def _test_accuracy(self) -> float:
        """Test accuracy now, recorded in ``history.evaluations``; the clock must be paused."""
        correct = _count_correct(
            self.model,
            self.data.test_images,
            self.data.test_labels,
            self.config.eval_batch_size,
            self.device,
            self.bf16,
        )
        accuracy = correct / max(len(self.data.test_labels), 1)
        assert self.epoch is not None
        seconds = self.train_seconds + self.epoch.seconds
        self.history.evaluations.append((self.step, seconds, accuracy))
        return accuracy

    def _evaluate_midway(self) -> bool:
        """An evaluation inside an epoch; ``True`` when it reached the target (run stops)."""
        self._log()
        self._pause()
        accuracy = self._test_accuracy()
        target = self.config.target_accuracy
        if target is not None and accuracy >= target:
            self._close_epoch(complete=False, test_accuracy=accuracy)
            return True
        assert self.epoch is not None
        self.epoch.started = time.perf_counter()
        return False

    def _close_epoch(self, *, complete: bool, test_accuracy: float | None = None) -> bool:
        """Record the epoch; ``True`` when the run should stop (target accuracy reached)."""
        epoch = self.epoch
        assert epoch is not None
        loss, accuracy = self._log()
        self._pause()
        if test_accuracy is None:
            test_accuracy = self._test_accuracy()
        self.bar.set_postfix(
            loss=f"{loss:.4f}", acc=f"{accuracy:.2%}", test=f"{test_accuracy:.2%}", refresh=False
        )
        self.bar.close()
        record = EpochRecord(
            epoch=epoch.number,
            train_loss=loss,
            train_accuracy=accuracy,
            test_accuracy=test_accuracy,
            seconds=epoch.seconds,
            images_per_second=epoch.images / max(epoch.seconds, 1e-9),
            lr=epoch.lr,
            complete=complete,
        )
        self.history.records.append(record)
        self.train_seconds += epoch.seconds
        self.epoch = None
        if self.on_epoch is not None:
            self.on_epoch(record)
        target = self.config.target_accuracy
        if target is not None and test_accuracy >= target:
            self.history.stop_reason = (
                f"reached target accuracy {target:.2%} after step {self.step} (epoch "
                f"{epoch.number}, {self.train_seconds:.1f} s of training)"
            )
            return True
        return False

    def close_interrupted(self) -> None:
        """After Ctrl-C: keep a partial record of the current epoch if it ran any step."""
        self.history.interrupted = True
        self.history.stop_reason = "interrupted"
        if self.bar is not None:
            self.bar.close()
        if self.epoch is None or self.epoch.steps == 0:
            return
        self._pause()
        try:
            test_accuracy = self._test_accuracy()
        except KeyboardInterrupt:  # pressed again: give up on the test set, not on the record
            test_accuracy = math.nan
        epoch, self.epoch = self.epoch, None
        loss_sum, correct = epoch.totals.tolist()
        self.history.records.append(
            EpochRecord(
                epoch=epoch.number,
                train_loss=loss_sum / epoch.images,
                train_accuracy=correct / epoch.images,
                test_accuracy=test_accuracy,
                seconds=epoch.seconds,
                images_per_second=epoch.images / max(epoch.seconds, 1e-9),
                lr=epoch.lr,
                complete=False,
            )
        )
        self.train_seconds += epoch.seconds

    def _warm_up(self) -> None:
        """One forward and backward pass per batch shape, so that compilation (and CUDA's
        kernel selection) is not billed to the first epoch. Weights and buffers are unchanged."""
        saved = [buffer.detach().clone() for buffer in self.model.buffers()]
        sizes = {self.config.batch_size, self.num_images % self.config.batch_size} - {0}
        for size in sorted(sizes):
            with self._autocast():
                logits = self.network(self.images[:size])
                loss = F.cross_entropy(logits, self.labels[:size])
            loss.backward()
        self.optimizer.zero_grad(set_to_none=True)
        with torch.no_grad():
            for buffer, value in zip(self.model.buffers(), saved, strict=True):
                buffer.copy_(value)
        self._pause()

    def _autocast(self) -> contextlib.AbstractContextManager[Any]:
        return _autocast(self.device, self.bf16)
