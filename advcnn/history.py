"""What a training run did: one record per epoch, the logged loss and every evaluation; and the
error that ends a run whose loss diverged. ``fit`` returns a ``History``; checkpoints store it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EpochRecord", "History", "TrainingDivergedError"]


@dataclass
class EpochRecord:
    """What one epoch did. ``seconds`` is the training loop alone, evaluation excluded.

    ``complete`` is ``False`` for an epoch cut short by Ctrl-C or by reaching the target accuracy
    at an intermediate evaluation; its train figures then cover the steps that ran.
    """

    epoch: int
    train_loss: float
    train_accuracy: float
    test_accuracy: float
    seconds: float
    images_per_second: float
    lr: float
    complete: bool = True


@dataclass
class History:
    """The outcome of ``fit``: one record per epoch, and the loss every ``log_every`` steps.

    Attributes:
        records: One ``EpochRecord`` per epoch run (the last may be partial).
        device: Where the model trained, e.g. ``"cpu"``.
        interrupted: ``True`` when Ctrl-C stopped the run.
        stop_reason: Why the run ended early (``None`` when it ran every epoch).
        steps: ``(step, mean training loss since the previous entry)``.
        evaluations: ``(step, training seconds so far, test accuracy)`` at every evaluation.
        setup_seconds: Time spent before the first step (moving data, compiling, warming up).
        steps_per_epoch: Optimisation steps in one full epoch.
        memory_format: ``"channels_last"`` or ``"contiguous"``: how images and weights were stored.
    """

    records: list[EpochRecord] = field(default_factory=list)
    device: str = "cpu"
    interrupted: bool = False
    stop_reason: str | None = None
    steps: list[tuple[int, float]] = field(default_factory=list)
    evaluations: list[tuple[int, float, float]] = field(default_factory=list)
    setup_seconds: float = 0.0
    steps_per_epoch: int = 0
    memory_format: str = "contiguous"

    @property
    def final_test_accuracy(self) -> float | None:
        """Test accuracy after the last epoch run, or ``None`` before any."""
        return self.records[-1].test_accuracy if self.records else None

    @property
    def best_test_accuracy(self) -> float | None:
        """Highest test accuracy at any evaluation, or ``None`` before any."""
        return max((accuracy for *_, accuracy in self.evaluations), default=None)

    def time_to_accuracy(self, target: float) -> float | None:
        """Training seconds until test accuracy first reached ``target``, or ``None`` if never."""
        return next((seconds for _, seconds, acc in self.evaluations if acc >= target), None)

    def to_dict(self) -> dict[str, Any]:
        """Plain Python types only, so that it fits in a ``weights_only`` checkpoint or JSON."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> History:
        """The inverse of ``to_dict``."""
        values = dict(values)
        values["records"] = [EpochRecord(**record) for record in values.get("records", [])]
        values["steps"] = [(int(step), float(loss)) for step, loss in values.get("steps", [])]
        values["evaluations"] = [tuple(entry) for entry in values.get("evaluations", [])]
        return cls(**values)


class TrainingDivergedError(RuntimeError):
    """The training loss became NaN or infinite by ``step``, at learning rate ``lr``.

    ``history`` holds the run until then; the model's weights are no longer usable.
    """

    def __init__(self, message: str, *, history: History, step: int, lr: float) -> None:
        super().__init__(message)
        self.history, self.step, self.lr = history, step, lr
