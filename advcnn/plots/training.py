"""Training curves, a live plot for ``fit``, misclassified digits and a results table.

The networks compared are the lecture's plain CNN, its GoogLeNet-style net built from Inception
modules (Szegedy et al., "Going Deeper with Convolutions", CVPR 2015) and its net with residual
blocks (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016), each trained on
MNIST by ``advcnn.train.fit``. Everything here takes the numbers ``fit`` returns (``History``,
``EpochRecord``) and draws or tabulates them, so it can be tested with made-up histories.

``LivePlot`` redraws its figure as a PNG into one IPython display (``display(...,
display_id=True)`` then ``handle.update(...)``): that works in JupyterLab, classic Jupyter and
Colab alike, needs no widget manager, and a notebook saved after the run keeps only the last
picture.
"""

from __future__ import annotations

import base64
import html
import io
import math
import statistics
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import torch
from IPython.display import display
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
from torch import nn

from advcnn.cost import count_params, total_macs
from advcnn.train import EpochRecord, History, TrainConfig, predict

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

# Test accuracy the lecture reports after 10 epochs of SGD (lr 0.01, momentum 0.5, batch 64).
LECTURE_ACCURACY: dict[str, float] = {
    "SimpleCNN": 0.9869,
    "InceptionNet": 0.9866,
    "ResidualNet": 0.9901,
}


def _color(index: int) -> str:
    return f"C{index % 10}"


def _log_scale(axes: Axes) -> None:
    """Log scale labelled 0.2, 0.5, 1, 2 rather than 2 × 10⁻¹: losses span about one decade."""
    axes.set_yscale("log")
    axes.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axes.yaxis.set_minor_formatter(NullFormatter())


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


@dataclass
class _Run:
    """What ``LivePlot`` has heard from one call of ``fit``."""

    name: str
    color: str
    steps: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    records: list[EpochRecord] = field(default_factory=list)


class LivePlot:
    """Loss and test-accuracy curves that redraw while ``fit`` trains one model or several.

    Use one ``LivePlot`` for a whole comparison; each model gets its own colour::

        live = LivePlot.for_training(data, config)
        for name, model in models.items():
            histories[name] = fit(model, data, config, **live.callbacks(name))

    ``on_step`` arrives every ``config.log_every`` steps; the figure is redrawn at most once per
    ``min_seconds`` from those calls (drawing a PNG costs tens of milliseconds, a training step
    on a GPU well under one), and always at the end of an epoch.

    Args:
        epochs: Epochs per run, which fixes the x-axis so the curves grow from left to right.
        steps_per_epoch: Optimisation steps per epoch, to put steps on the epoch axis.
        reference: Model name → accuracy (0..1) drawn as a dashed line, e.g. ``LECTURE_ACCURACY``.
        min_seconds: Least time between two redraws triggered by ``on_step``.
        show: Publish the figure to the notebook; ``None`` does so only inside IPython.
        figsize: Figure size in inches.
        dpi: Resolution of the PNG.

    Attributes:
        figure: The ``matplotlib.figure.Figure`` drawn into (not registered with pyplot, so the
            inline backend does not show it a second time at the end of the cell).
        redraws: How many times the figure has been drawn.
        runs: Model name → the steps, losses and ``EpochRecord``s received.
    """

    def __init__(
        self,
        *,
        epochs: int,
        steps_per_epoch: int,
        reference: Mapping[str, float] | None = LECTURE_ACCURACY,
        min_seconds: float = 1.0,
        show: bool | None = None,
        figsize: tuple[float, float] = (10.0, 3.6),
        dpi: int = 80,
    ) -> None:
        if epochs < 1 or steps_per_epoch < 1:
            raise ValueError(
                f"LivePlot: epochs and steps_per_epoch must be ≥ 1, got {epochs} and "
                f"{steps_per_epoch}"
            )
        self.epochs, self.steps_per_epoch = epochs, steps_per_epoch
        self.reference = dict(reference or {})
        self.min_seconds = min_seconds
        if show is None:
            from IPython import get_ipython

            show = get_ipython() is not None
        self.show = show
        self.dpi = dpi
        self.figure = Figure(figsize=figsize, dpi=dpi)
        self.loss_axes, self.accuracy_axes = self.figure.subplots(1, 2)
        self.runs: dict[str, _Run] = {}
        self.redraws = 0
        self.status = "waiting for the first step"
        self._handle: Any = None
        self._last_redraw = -math.inf

    @classmethod
    def for_training(cls, data: Any, config: TrainConfig, **kwargs: Any) -> LivePlot:
        """A ``LivePlot`` sized for ``fit(model, data, config)``; ``kwargs`` go to ``__init__``."""
        steps = math.ceil(len(data.train_labels) / config.batch_size)
        return cls(epochs=config.epochs, steps_per_epoch=steps, **kwargs)

    def callbacks(self, name: str) -> dict[str, Callable[..., None]]:
        """Start a new curve called ``name``: ``fit(..., **live.callbacks(name))``.

        Returns:
            ``{"on_step": ..., "on_epoch": ...}`` for ``fit``.
        """
        if name in self.runs:
            raise ValueError(f"LivePlot: a run called {name!r} was already started")
        run = _Run(name, _color(len(self.runs)))
        self.runs[name] = run

        def on_step(step: int, loss: float) -> None:
            run.steps.append(step)
            run.losses.append(loss)
            self.status = f"{name}: epoch {self._epoch_of(step)}/{self.epochs}, loss {loss:.3f}"
            if time.monotonic() - self._last_redraw >= self.min_seconds:
                self.redraw()

        def on_epoch(record: EpochRecord) -> None:
            run.records.append(record)
            self.status = (
                f"{name}: epoch {record.epoch}/{self.epochs}, "
                f"test accuracy {record.test_accuracy:.2%}"
            )
            self.redraw()

        return {"on_step": on_step, "on_epoch": on_epoch}

    def _epoch_of(self, step: int) -> int:
        return min(self.epochs, (step - 1) // self.steps_per_epoch + 1)

    def draw(self) -> None:
        """Draw every run into ``figure`` (from scratch: cheap next to a training step)."""
        loss_axes, accuracy_axes = self.loss_axes, self.accuracy_axes
        loss_axes.clear()
        accuracy_axes.clear()
        lowest = 100.0
        for run in self.runs.values():
            epochs_done = [step / self.steps_per_epoch for step in run.steps]
            loss_axes.plot(epochs_done, run.losses, color=run.color, label=run.name)
            accuracies = [100 * record.test_accuracy for record in run.records]
            accuracy_axes.plot(
                [record.epoch for record in run.records],
                accuracies,
                "o-",
                color=run.color,
                label=run.name,
            )
            lowest = min([lowest, *accuracies])
            if run.name in self.reference:
                accuracy = 100 * self.reference[run.name]
                accuracy_axes.axhline(accuracy, color=run.color, linestyle="--", linewidth=1)
                lowest = min(lowest, accuracy)
        loss_axes.set(
            xlim=(0, self.epochs), xlabel="epoch", ylabel="training loss", title="Training loss"
        )
        if any(run.losses for run in self.runs.values()):
            _log_scale(loss_axes)
        accuracy_axes.set(
            xlim=(0.5, self.epochs + 0.5),
            ylim=(max(0.0, lowest - 1.0), 100.0),
            xticks=range(1, self.epochs + 1),
            xlabel="epoch",
            ylabel="test accuracy (%)",
            title="Test accuracy after each epoch",
        )
        if any(run.name in self.reference for run in self.runs.values()):
            accuracy_axes.plot([], [], "k--", linewidth=1, label="lecture (10 epochs)")
        for axes in (loss_axes, accuracy_axes):
            axes.grid(alpha=0.3)
            if self.runs:
                axes.legend(fontsize="small", loc="best")
        self.figure.suptitle(self.status, fontsize="medium")
        self.figure.tight_layout()

    def png(self) -> bytes:
        """The figure as PNG bytes, as it was last drawn."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()

    def redraw(self) -> None:
        """Draw, then replace the picture in the notebook (the first call displays it)."""
        self.draw()
        self.redraws += 1
        self._last_redraw = time.monotonic()
        if not self.show:
            return
        # A raw bundle: PNG for notebooks, the status line for text-only front ends.
        bundle = {
            "image/png": base64.b64encode(self.png()).decode("ascii"),
            "text/plain": self.status,
        }
        if self._handle is None:
            self._handle = display(bundle, raw=True, display_id=True)
        else:
            self._handle.update(bundle, raw=True)


@dataclass(frozen=True)
class Misclassified:
    """The test images a model gets wrong.

    Attributes:
        indices: Positions in the test set, in test-set order.
        labels: Their true labels.
        predictions: What the model predicted for them.
    """

    indices: torch.Tensor
    labels: torch.Tensor
    predictions: torch.Tensor

    def __len__(self) -> int:
        return len(self.indices)

    def confusions(self, top: int = 5) -> list[tuple[int, int, int]]:
        """The most frequent mistakes as ``(true label, predicted label, count)``."""
        pairs = Counter(zip(self.labels.tolist(), self.predictions.tolist(), strict=True))
        return [(true, predicted, count) for (true, predicted), count in pairs.most_common(top)]


def find_misclassified(
    model: nn.Module, images: torch.Tensor, labels: torch.Tensor, *, batch_size: int = 1000
) -> Misclassified:
    """Run ``model`` over ``images`` (with ``advcnn.train.predict``) and keep its mistakes."""
    predictions = predict(model, images, batch_size=batch_size)
    labels = labels.cpu()
    wrong = torch.nonzero(predictions != labels).flatten()
    return Misclassified(wrong, labels[wrong], predictions[wrong])


def plot_misclassified(
    images: torch.Tensor,
    labels: Sequence[int] | torch.Tensor,
    predictions: Sequence[int] | torch.Tensor,
    *,
    columns: int = 8,
    limit: int = 32,
    title: str | None = None,
) -> Figure:
    """A grid of digits, each titled "true → predicted" (e.g. "4 → 9").

    Args:
        images: N x 1 x H x W or N x H x W; any affine normalisation looks the same, since
            each image is scaled to its own range.
        labels: The true label of each image.
        predictions: The predicted label of each image.
        columns: Images per row.
        limit: Draw at most this many (the first ones).
        title: Figure title; a default names the convention.

    Returns:
        The figure; its axes' titles carry the labels, one axes per image drawn.
    """
    count = min(len(images), limit)
    rows = max(1, math.ceil(count / columns))
    fig, grid = plt.subplots(rows, columns, figsize=(1.1 * columns, 1.3 * rows + 0.4))
    for index, axes in enumerate(grid.flat if hasattr(grid, "flat") else [grid]):
        axes.axis("off")
        if index >= count:
            continue
        image = images[index].detach().cpu().reshape(images.shape[-2], images.shape[-1])
        axes.imshow(image.numpy(), cmap="gray_r")
        axes.set_title(f"{int(labels[index])} → {int(predictions[index])}", fontsize=10)
    fig.suptitle(title or "true label → predicted label", fontsize=11)
    fig.tight_layout()
    return fig


@dataclass(frozen=True)
class ResultRow:
    """One model's line in the comparison table.

    Attributes:
        model: The model's name.
        params: Learnable parameters.
        macs: Multiply-accumulates of one forward pass per image (``advcnn.cost.total_macs``).
        test_accuracy: Test accuracy after the last epoch, 0..1.
        seconds: Training seconds, evaluation excluded.
        images_per_second: Training images per second over the whole run.
        device: Where it trained.
        lecture_accuracy: The lecture's reported accuracy, if any.
    """

    model: str
    params: int
    macs: int
    test_accuracy: float
    seconds: float
    images_per_second: float
    device: str
    lecture_accuracy: float | None = None


def result_row(
    name: str,
    model: nn.Module,
    history: History,
    *,
    reference: Mapping[str, float] | None = LECTURE_ACCURACY,
) -> ResultRow:
    """Measure ``model`` (parameters, MACs per image) and summarise its ``history``."""
    if not history.records:
        raise ValueError(f"result_row: the history of {name!r} has no epoch records")
    seconds = sum(record.seconds for record in history.records)
    images = sum(record.seconds * record.images_per_second for record in history.records)
    return ResultRow(
        model=name,
        params=count_params(model),
        macs=total_macs(model),
        test_accuracy=history.records[-1].test_accuracy,
        seconds=seconds,
        images_per_second=images / seconds if seconds > 0 else math.nan,
        device=history.device,
        lecture_accuracy=(reference or {}).get(name),
    )


class ResultsTable:
    """``ResultRow``s shown as an HTML table in a notebook and as plain text elsewhere."""

    HEADER = ("model", "params", "MACs / image", "test acc.", "lecture", "train s", "images/s")

    def __init__(self, rows: Sequence[ResultRow]) -> None:
        self.rows = list(rows)

    def cells(self) -> list[tuple[str, ...]]:
        """Each row's formatted cells, in ``HEADER`` order."""
        return [
            (
                row.model,
                f"{row.params:,}",
                f"{row.macs:,}",
                f"{row.test_accuracy:.2%}",
                "" if row.lecture_accuracy is None else f"{row.lecture_accuracy:.2%}",
                f"{row.seconds:.1f}",
                f"{row.images_per_second:,.0f}",
            )
            for row in self.rows
        ]

    def text(self) -> str:
        """A plain-text table, numbers right-aligned."""
        lines = [self.HEADER, *self.cells()]
        widths = [max(len(line[i]) for line in lines) for i in range(len(self.HEADER))]
        out = [
            "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            )
            for line in lines
        ]
        out.insert(1, "-" * len(out[0]))
        return "\n".join(out)

    def html(self) -> str:
        """An HTML table; each cell carries ``data-key`` (column) for tests and readers."""
        keys = ("model", "params", "macs", "test_accuracy", "lecture", "seconds", "ips")
        head = "".join(f"<th>{html.escape(name)}</th>" for name in self.HEADER)
        body = "".join(
            "<tr>"
            + "".join(
                f'<td data-key="{key}" style="text-align:{"left" if key == "model" else "right"}">'
                f"{html.escape(cell)}</td>"
                for key, cell in zip(keys, cells, strict=True)
            )
            + "</tr>"
            for cells in self.cells()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return self.text()


def plot_cost_and_speed(
    rows: Sequence[ResultRow], *, figsize: tuple[float, float] = (11.0, 3.0)
) -> Figure:
    """Three bar charts side by side: test accuracy (lecture's as ticks), MACs, images/second.

    Returns:
        A figure whose three axes hold one bar per row, in order.
    """
    fig, (accuracy_axes, macs_axes, speed_axes) = plt.subplots(1, 3, figsize=figsize)
    names = [row.model for row in rows]
    colors = [_color(index) for index in range(len(rows))]
    positions = range(len(rows))
    accuracies = [100 * row.test_accuracy for row in rows]
    accuracy_axes.barh(positions, accuracies, color=colors)
    lecture = [(i, 100 * r.lecture_accuracy) for i, r in enumerate(rows) if r.lecture_accuracy]
    title = "test accuracy (%)"
    if lecture:
        accuracy_axes.plot([a for _, a in lecture], [i for i, _ in lecture], "k|", markersize=18)
        title += ";  | lecture"
    low = min(accuracies + [a for _, a in lecture])
    accuracy_axes.set(xlim=(max(0.0, low - 1.0), 100.0), title=title)
    macs_axes.barh(positions, [row.macs / 1e6 for row in rows], color=colors)
    macs_axes.set(title="MACs per image (millions)")
    speed_axes.barh(positions, [row.images_per_second for row in rows], color=colors)
    speed_axes.set(title=f"training images / second ({rows[0].device if rows else ''})")
    for axes in (accuracy_axes, macs_axes, speed_axes):
        axes.set_yticks(list(positions), names if axes is accuracy_axes else [""] * len(rows))
        axes.invert_yaxis()
        axes.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def summarise_seeds(accuracies: Mapping[str, Sequence[float]]) -> dict[str, tuple[float, float]]:
    """Mean and sample standard deviation (0 for a single run) of each model's accuracies."""
    return {
        name: (statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else 0.0)
        for name, values in accuracies.items()
    }


def plot_seed_accuracies(
    accuracies: Mapping[str, Sequence[float]],
    *,
    reference: Mapping[str, float] | None = LECTURE_ACCURACY,
    figsize: tuple[float, float] = (6.0, 3.2),
) -> Figure:
    """Every run's test accuracy as a dot, with each model's mean ± standard deviation.

    Args:
        accuracies: Model name → test accuracies (0..1), one per seed.
        reference: Model name → accuracy drawn as a cross (the lecture's single run).
        figsize: Figure size in inches.
    """
    fig, axes = plt.subplots(figsize=figsize)
    summary = summarise_seeds(accuracies)
    for index, (name, values) in enumerate(accuracies.items()):
        color = _color(index)
        axes.plot([index] * len(values), [100 * v for v in values], "o", color=color, alpha=0.5)
        mean, std = summary[name]
        axes.errorbar(index + 0.15, 100 * mean, yerr=100 * std, fmt="s", color=color, capsize=4)
        if reference is not None and name in reference:
            axes.plot(index - 0.15, 100 * reference[name], "kx", markersize=8)
    axes.plot([], [], "ks", label="mean ± std")
    if reference is not None and any(name in reference for name in accuracies):
        axes.plot([], [], "kx", label="lecture (one run)")
    axes.legend(fontsize="small")
    axes.set_xticks(range(len(accuracies)), list(accuracies))
    axes.set(ylabel="test accuracy (%)", title="Accuracy over seeds")
    axes.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig
