"""Training curves of finished runs, and every plot of training in one import.

The networks compared are the lecture's plain CNN, its GoogLeNet-style net built from Inception
modules (Szegedy et al., "Going Deeper with Convolutions", CVPR 2015) and its net with residual
blocks (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016), each trained on
MNIST by ``advcnn.train.fit``. Everything here takes the numbers ``fit`` returns (``History``,
``EpochRecord``) and draws or tabulates them, so it can be tested with made-up histories.

``plot_history`` lives here. The live plot for ``fit`` (``LivePlot``) lives in
``advcnn.plots.live``; the results table, the cost and speed bars, the seed plots and the
misclassified digits live in ``advcnn.plots.results``. All of them can also be imported from here,
so that one import line gives a notebook every plot of its training runs.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from advcnn.plots.live import LivePlot, _log_scale
from advcnn.plots.results import (
    LECTURE_ACCURACY,
    Misclassified,
    ResultRow,
    ResultsTable,
    _color,
    find_misclassified,
    plot_cost_and_speed,
    plot_misclassified,
    plot_seed_accuracies,
    result_row,
    summarise_seeds,
)
from advcnn.train import History

__all__ = [
    "LECTURE_ACCURACY",
    "LivePlot",
    "Misclassified",
    "ResultRow",
    "ResultsTable",
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
    loss_axes.set(xlabel="epoch", ylabel="training loss", title="Training loss")
    if any(history.steps for history in histories.values()):
        _log_scale(loss_axes)
    last_epoch = max((len(history.records) for history in histories.values()), default=1)
    epoch_axes.set(
        xlim=(0.5, last_epoch + 0.5),
        xticks=range(1, last_epoch + 1),
        xlabel="epoch",
        ylabel="accuracy (%)",
        title="Accuracy after each epoch",
    )
    epoch_axes.plot([], [], "kx:", label="training set")
    if reference is not None and any(name in reference for name in histories):
        epoch_axes.plot([], [], "k--", linewidth=1, label="lecture (10 epochs)")
    devices = sorted({history.device for history in histories.values()})
    time_axes.set(
        xlabel=f"training seconds ({', '.join(devices)})",
        ylabel="test accuracy (%)",
        title="Test accuracy against time",
    )
    for axes, where in ((loss_axes, "best"), (epoch_axes, "lower right"), (time_axes, "best")):
        axes.grid(alpha=0.3)
        axes.legend(fontsize="small", loc=where)
    fig.tight_layout()
    return fig
