"""Training curves of finished runs, and every plot of training in one import.

The networks compared are the lecture's plain CNN, its GoogLeNet-style net built from Inception
modules (Szegedy et al., "Going Deeper with Convolutions", CVPR 2015) and its net with residual
blocks (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016), each trained on
MNIST by ``advcnn.train.fit``. Everything here takes the numbers ``fit`` returns (``History``,
``EpochRecord``) and draws or tabulates them, so it can be tested with made-up histories.

``plot_history`` lives here, and ``LoopLog``, which keeps what a hand-written loop (the lecture's)
reports as the same ``History``, so that both can be drawn side by side. The live plot for ``fit``
(``LivePlot``) lives in ``advcnn.plots.live``; the results table, the cost and speed bars and the
misclassified digits in ``advcnn.plots.results``; the seed table and plot in
``advcnn.plots.seeds``. All of them can also be imported from here, so that one import line gives a
notebook every plot of its training runs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from advcnn.plots.fonts import tr_plot
from advcnn.plots.live import LivePlot, _log_scale
from advcnn.plots.results import (
    LECTURE_ACCURACY,
    LECTURE_SOURCE,
    Misclassified,
    ResultRow,
    ResultsTable,
    _color,
    find_misclassified,
    plot_cost_and_speed,
    plot_misclassified,
    result_row,
)
from advcnn.plots.seeds import (
    SeedComparison,
    SeedStats,
    SeedTable,
    plot_seed_accuracies,
    summarise_seeds,
)
from advcnn.train import EpochRecord, History

__all__ = [
    "LECTURE_ACCURACY",
    "LECTURE_SOURCE",
    "LivePlot",
    "LoopLog",
    "Misclassified",
    "ResultRow",
    "ResultsTable",
    "SeedComparison",
    "SeedStats",
    "SeedTable",
    "find_misclassified",
    "plot_cost_and_speed",
    "plot_history",
    "plot_misclassified",
    "plot_seed_accuracies",
    "result_row",
    "summarise_seeds",
]


def plot_history(
    histories: Mapping[str, History],
    *,
    reference: Mapping[str, float] | None = None,
    figsize: tuple[float, float] = (12.0, 3.6),
) -> Figure:
    """Three views of finished runs, one colour per model.

    1. Training loss against epochs, from ``History.steps`` (the loss every ``log_every`` steps).
    2. Test accuracy (solid, dots) and training accuracy (dotted) after every epoch, with the
       ``reference`` accuracies as dashed lines: the gap between the two is overfitting.
    3. Test accuracy against training seconds, from ``History.evaluations``: what the
       accuracy cost in time on this device.

    Args:
        histories: Model name → the ``History`` its ``fit`` returned.
        reference: Model name → an accuracy (0..1) to draw as a dashed line, e.g.
            ``LECTURE_ACCURACY``; names not in ``histories`` are ignored.
        figsize: Figure size in inches.

    Returns:
        The figure; its axes are loss (log scale), accuracy per epoch and accuracy per second.
    """
    fig, (loss_axes, epoch_axes, time_axes) = plt.subplots(1, 3, figsize=figsize)
    for index, (name, history) in enumerate(histories.items()):
        color = _color(index)
        per_epoch = max(history.steps_per_epoch, 1)
        loss_axes.plot(
            [step / per_epoch for step, _ in history.steps],
            [loss for _, loss in history.steps],
            color=color,
            label=name,
        )
        epochs = [record.epoch for record in history.records]
        epoch_axes.plot(
            epochs, [100 * r.test_accuracy for r in history.records], "o-", color=color, label=name
        )
        epoch_axes.plot(
            epochs, [100 * r.train_accuracy for r in history.records], "x:", color=color
        )
        if reference is not None and name in reference:
            epoch_axes.axhline(100 * reference[name], color=color, linestyle="--", linewidth=1)
        time_axes.plot(
            [seconds for _, seconds, _ in history.evaluations],
            [100 * accuracy for *_, accuracy in history.evaluations],
            "o-",
            color=color,
            label=name,
        )
    loss_axes.set(
        xlabel=tr_plot("epoch"), ylabel=tr_plot("training loss"), title=tr_plot("Training loss")
    )
    if any(history.steps for history in histories.values()):
        _log_scale(loss_axes)
    last_epoch = max((len(history.records) for history in histories.values()), default=1)
    epoch_axes.set(
        xlim=(0.5, last_epoch + 0.5),
        xticks=range(1, last_epoch + 1),
        xlabel=tr_plot("epoch"),
        ylabel=tr_plot("accuracy (%)"),
        title=tr_plot("Accuracy after each epoch"),
    )
    epoch_axes.plot([], [], "kx:", label=tr_plot("training set"))
    if reference is not None and any(name in reference for name in histories):
        epoch_axes.plot([], [], "k--", linewidth=1, label=tr_plot("lecture (10 epochs)"))
    devices = sorted({history.device for history in histories.values()})
    time_axes.set(
        xlabel=tr_plot("training seconds ({devices})", devices=", ".join(devices)),
        ylabel=tr_plot("test accuracy (%)"),
        title=tr_plot("Test accuracy against time"),
    )
    for axes, where in ((loss_axes, "best"), (epoch_axes, "lower right"), (time_axes, "best")):
        axes.grid(alpha=0.3)
        axes.legend(fontsize="small", loc=where)
    fig.tight_layout()
    return fig


class LoopLog:
    """What a hand-written training loop reports, kept as the ``History`` that ``fit`` returns.

    Call ``step(loss, images)`` after every optimisation step and ``end_epoch(test_accuracy,
    seconds)`` after every epoch; ``history`` can then be drawn by ``plot_history`` beside a run
    of ``fit``. The loss is logged the way ``fit`` logs it: the mean per image since the previous
    entry, every ``log_every`` steps (counted over the whole run) and at the end of every epoch.

    Args:
        log_every: Steps between two entries of ``history.steps``, as ``TrainConfig.log_every``.
        device: Where the loop trained, e.g. ``"cpu"``; the plots label the time axis with it.
        lr: The learning rate, recorded in each ``EpochRecord``.

    Attributes:
        history: The run so far; ``train_accuracy`` is NaN, as a loop that does not count its
            correct predictions cannot say it.
    """

    def __init__(self, *, log_every: int = 50, device: str = "cpu", lr: float = math.nan) -> None:
        if isinstance(log_every, bool) or not isinstance(log_every, int) or log_every < 1:
            raise ValueError(f"LoopLog: log_every must be a whole number ≥ 1, got {log_every!r}")
        self.log_every, self.lr = log_every, lr
        self.history = History(device=str(device))
        self.steps = 0
        self._epoch = [0.0, 0, 0]  # loss x images, images, steps since the epoch began
        self._window = [0.0, 0]  # loss x images, images since the last entry
        self._seconds = 0.0

    def step(self, loss: float, images: int) -> None:
        """One optimisation step: its mean loss over its ``images`` images."""
        if not math.isfinite(loss):
            raise ValueError(f"LoopLog.step: the loss at step {self.steps + 1} is {loss}")
        self.steps += 1
        self._epoch[0] += loss * images
        self._epoch[1] += images
        self._epoch[2] += 1
        self._window[0] += loss * images
        self._window[1] += images
        if self.steps % self.log_every == 0:
            self._log()

    def _log(self) -> None:
        total, images = self._window
        if images:
            self.history.steps.append((self.steps, total / images))
        self._window = [0.0, 0]

    def end_epoch(self, test_accuracy: float, seconds: float) -> EpochRecord:
        """Close the epoch: ``test_accuracy`` (0..1) after it, ``seconds`` of training in it.

        Raises:
            ValueError: No step since the previous epoch ended.
        """
        total, images, steps = self._epoch
        if steps == 0:
            raise ValueError("LoopLog.end_epoch: no step since the previous epoch ended")
        self._log()
        record = EpochRecord(
            epoch=len(self.history.records) + 1,
            train_loss=total / images,
            train_accuracy=math.nan,
            test_accuracy=test_accuracy,
            seconds=seconds,
            images_per_second=images / max(seconds, 1e-9),
            lr=self.lr,
        )
        self.history.records.append(record)
        self.history.steps_per_epoch = self.history.steps_per_epoch or steps
        self._seconds += seconds
        self.history.evaluations.append((self.steps, self._seconds, test_accuracy))
        self._epoch = [0.0, 0, 0]
        return record
