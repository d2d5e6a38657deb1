"""``fit``'s bookkeeping of one epoch: its clock, running sums, progress bar and logged loss, and
the one place that turns them into an ``EpochRecord``."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import torch
from tqdm.auto import tqdm

from advcnn.config import TrainConfig
from advcnn.history import EpochRecord, History, TrainingDivergedError
from advcnn.i18n import tr
from advcnn.speed import synchronize

__all__ = ["EpochCallback", "EpochTally", "StepCallback"]

StepCallback = Callable[[int, float], object]
EpochCallback = Callable[[EpochRecord], object]


class EpochTally:
    """One epoch of ``fit``: ``count`` every step, ``log`` every ``log_every`` steps, ``midway``
    for an evaluation inside the epoch, ``close`` at its end.

    ``totals`` ([sum of loss x batch size, correct predictions]) stays on the device; only
    ``log``, ``midway`` and ``close`` read it, one host sync each. The clock counts training
    alone: it stops for every evaluation.
    """

    def __init__(
        self,
        number: int,
        totals: torch.Tensor,
        images_per_epoch: int,
        history: History,
        config: TrainConfig,
        test_accuracy: Callable[[], float],
        on_step: StepCallback | None,
        on_epoch: EpochCallback | None,
    ) -> None:
        self.number, self.totals, self.history, self.config = number, totals, history, config
        self.test_accuracy, self.on_step, self.on_epoch = test_accuracy, on_step, on_epoch
        self.device = totals.device
        self.steps = self.images = self.logged_images = 0
        self.logged_loss = self.seconds = 0.0
        self.lr = config.lr
        self.bar = tqdm(
            total=images_per_epoch,
            desc=tr("epoch {number}/{epochs}", number=number, epochs=config.epochs),
            unit="img",
            unit_scale=True,
            disable=not config.progress,
        )
        self.started = time.perf_counter()

    def count(self, images: int, lr: float) -> None:
        """One step on ``images`` images at learning rate ``lr`` has been queued."""
        self.steps += 1
        self.images += images
        self.lr = lr
        self.bar.update(images)

    def log(self, step: int) -> tuple[float, float]:
        """Read the sums, record the mean loss since the last log, check that it is finite.

        Returns:
            The epoch's mean training loss and accuracy so far.
        """
        loss_sum, correct = self.totals.tolist()
        if self.images > self.logged_images:
            window = (loss_sum - self.logged_loss) / (self.images - self.logged_images)
            self.logged_loss, self.logged_images = loss_sum, self.images
            if not math.isfinite(window):
                self._diverged(step, window)
            self.history.steps.append((step, window))
            if self.on_step is not None:
                self.on_step(step, window)
        loss, accuracy = loss_sum / max(self.images, 1), correct / max(self.images, 1)
        self.bar.set_postfix(_postfix(loss, accuracy), refresh=False)
        return loss, accuracy

    def pause(self) -> None:
        """Stop the clock once the device has finished the work queued so far."""
        synchronize(self.device)
        if self.started:
            self.seconds += time.perf_counter() - self.started
            self.started = 0.0

    def _trained_seconds(self) -> float:
        return sum(record.seconds for record in self.history.records) + self.seconds

    def _test(self, step: int) -> float:
        """Test accuracy now, with the clock stopped; recorded in ``history.evaluations``."""
        self.pause()
        accuracy = self.test_accuracy()
        self.history.evaluations.append((step, self._trained_seconds(), accuracy))
        return accuracy

    def midway(self, step: int) -> bool:
        """An evaluation inside the epoch; ``True`` when it reached the target accuracy (the
        epoch is then closed, and the run should stop)."""
        self.log(step)
        accuracy = self._test(step)
        target = self.config.target_accuracy
        if target is not None and accuracy >= target:
            return self.close(step, complete=False, test_accuracy=accuracy)
        self.started = time.perf_counter()
        return False

    def close(
        self,
        step: int,
        *,
        complete: bool = True,
        test_accuracy: float | None = None,
        interrupted: bool = False,
    ) -> bool:
        """Record the epoch in ``history``; ``True`` when the run should stop at the target.

        After Ctrl-C (``interrupted``) the loss is not logged again and ``on_epoch`` is not
        called; a second Ctrl-C during the test gives up on the test set, not on the record.
        """
        if interrupted and not self.steps:
            self.bar.close()
            return True
        if interrupted:
            loss_sum, correct = self.totals.tolist()
            loss, accuracy = loss_sum / max(self.images, 1), correct / max(self.images, 1)
        else:
            loss, accuracy = self.log(step)
        if test_accuracy is None:
            try:
                test_accuracy = self._test(step)
            except KeyboardInterrupt:
                if not interrupted:
                    raise
                test_accuracy = math.nan
        self.pause()
        record = EpochRecord(
            epoch=self.number,
            train_loss=loss,
            train_accuracy=accuracy,
            test_accuracy=test_accuracy,
            seconds=self.seconds,
            images_per_second=self.images / max(self.seconds, 1e-9),
            lr=self.lr,
            complete=complete and not interrupted,
        )
        self.history.records.append(record)
        self.bar.set_postfix(_postfix(loss, accuracy, test_accuracy), refresh=False)
        self.bar.close()
        if interrupted:
            return True
        if self.on_epoch is not None:
            self.on_epoch(record)
        target = self.config.target_accuracy
        if target is None or test_accuracy < target:
            return False
        trained = sum(record.seconds for record in self.history.records)
        self.history.stop_reason = (
            f"reached target accuracy {target:.2%} after step {step} (epoch "
            f"{self.number}, {trained:.1f} s of training)"
        )
        return True

    def _diverged(self, step: int, value: float) -> None:
        self.history.stop_reason = f"diverged: loss {value} by step {step}"
        self.pause()
        self.bar.close()
        peak = self.config.lr
        # A learner reads this one (it says what to change), so it is in their language.
        clip = tr(" or set clip_grad_norm=1.0") if self.config.clip_grad_norm is None else ""
        raise TrainingDivergedError(
            tr(
                "Training diverged: the loss became {value} by step {step} (epoch {epoch}) at "
                "learning rate {lr:.3g}. Lower the learning rate (lr={peak:g}, try "
                "lr={lower:g}){clip}, and start again from fresh weights: these are lost.",
                value=value,
                step=step,
                epoch=self.number,
                lr=self.lr,
                peak=peak,
                lower=peak / 10,
                clip=clip,
            ),
            history=self.history,
            step=step,
            lr=self.lr,
        )


def _postfix(loss: float, accuracy: float, test_accuracy: float | None = None) -> dict[str, str]:
    """The progress bar's figures, in the order tqdm gave its keyword arguments (sorted)."""
    shown = {tr("acc"): f"{accuracy:.2%}", tr("loss"): f"{loss:.4f}"}
    if test_accuracy is not None:
        shown[tr("test")] = f"{test_accuracy:.2%}"
    return shown
