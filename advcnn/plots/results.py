"""What a comparison of trained networks comes to: a results table, bar charts and mistakes.

The networks compared are the lecture's plain CNN, its GoogLeNet-style net built from Inception
modules (Szegedy et al., "Going Deeper with Convolutions", CVPR 2015) and its net with residual
blocks (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016), each trained on
MNIST by ``advcnn.train.fit``. ``result_row`` measures a model and summarises its ``History``;
``ResultsTable`` and ``plot_cost_and_speed`` set the rows side by side, beside the accuracies the
lecture reports (``LECTURE_ACCURACY``); ``find_misclassified`` and ``plot_misclassified`` show the
digits a model gets wrong. Several seeds per model are ``advcnn.plots.seeds``'s work.

All of it can also be imported from ``advcnn.plots.training``, next to the training curves.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure
from torch import nn

from advcnn.cost import count_params, total_macs
from advcnn.i18n import columns, pad_columns, tr
from advcnn.plots.fonts import tr_plot
from advcnn.train import History, predict

__all__ = [
    "LECTURE_ACCURACY",
    "LECTURE_SOURCE",
    "Misclassified",
    "ResultRow",
    "ResultsTable",
    "find_misclassified",
    "plot_cost_and_speed",
    "plot_misclassified",
    "result_row",
]

# Test accuracy after 10 epochs of the lecture's recipe (SGD, lr 0.01, momentum 0.5, batch 64),
# one run per network, as the slides of the lecture video show them. The lecture's notes carry no
# pictures, so these cannot be checked against the notes. SimpleCNN is the previous lecture's
# plain CNN, whose MNIST code the lecture reuses for its two new networks.
LECTURE_SOURCE = "the slides of the lecture video (lecture 11), one run of 10 epochs each"
LECTURE_ACCURACY: dict[str, float] = {
    "SimpleCNN": 0.9869,
    "InceptionNet": 0.9866,
    "ResidualNet": 0.9901,
}


def _color(index: int) -> str:
    """Matplotlib's colour cycle, shared by the live plot and ``plot_history`` too: the model at
    position ``index`` keeps its colour from one plot to the next."""
    return f"C{index % 10}"


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
    fig.suptitle(title or tr_plot("true label → predicted label"), fontsize=11)
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


class TextHtmlTable:
    """A table shown as HTML in a notebook and as plain text elsewhere.

    A subclass gives ``header()`` (the column titles, in the language in use), ``KEYS`` (each
    column's ``data-key``, for tests and readers) and ``cells()``, each row's formatted cells in
    ``header()`` order.
    """

    KEYS: tuple[str, ...] = ()

    def header(self) -> tuple[str, ...]:
        raise NotImplementedError

    def cells(self) -> list[tuple[str, ...]]:
        raise NotImplementedError

    def text(self) -> str:
        """A plain-text table, numbers right-aligned (Chinese titles counted two columns wide)."""
        header = self.header()
        lines = [header, *self.cells()]
        widths = [max(columns(line[i]) for line in lines) for i in range(len(header))]
        out = [
            "  ".join(
                pad_columns(cell, width, "<" if i == 0 else ">")
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            )
            for line in lines
        ]
        out.insert(1, "-" * columns(out[0]))
        return "\n".join(out)

    def html(self) -> str:
        """An HTML table; each cell carries ``data-key`` (column) for tests and readers."""
        head = "".join(f"<th>{html.escape(name)}</th>" for name in self.header())
        body = "".join(
            "<tr>"
            + "".join(
                f'<td data-key="{key}" style="text-align:{"left" if key == "model" else "right"}">'
                f"{html.escape(cell)}</td>"
                for key, cell in zip(self.KEYS, cells, strict=True)
            )
            + "</tr>"
            for cells in self.cells()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return self.text()


class ResultsTable(TextHtmlTable):
    """``ResultRow``s shown as an HTML table in a notebook and as plain text elsewhere."""

    KEYS = ("model", "params", "macs", "test_accuracy", "lecture", "seconds", "ips")

    def __init__(self, rows: Sequence[ResultRow]) -> None:
        self.rows = list(rows)

    def header(self) -> tuple[str, ...]:
        """The column titles, in the language in use."""
        return (
            tr("model"),
            tr("params"),
            tr("MACs / image"),
            tr("test acc."),
            tr("lecture"),
            tr("train s"),
            tr("images/s"),
        )

    def cells(self) -> list[tuple[str, ...]]:
        """Each row's formatted cells, in ``header()`` order."""
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
    title = tr_plot("test accuracy (%)")
    if lecture:
        accuracy_axes.plot([a for _, a in lecture], [i for i, _ in lecture], "k|", markersize=18)
        title = tr_plot("test accuracy (%);  | lecture")
    low = min(accuracies + [a for _, a in lecture])
    accuracy_axes.set(xlim=(max(0.0, low - 1.0), 100.0), title=title)
    macs_axes.barh(positions, [row.macs / 1e6 for row in rows], color=colors)
    macs_axes.set(title=tr_plot("MACs per image (millions)"))
    speed_axes.barh(positions, [row.images_per_second for row in rows], color=colors)
    device = rows[0].device if rows else ""
    speed_axes.set(title=tr_plot("training images / second ({device})", device=device))
    for axes in (accuracy_axes, macs_axes, speed_axes):
        axes.set_yticks(list(positions), names if axes is accuracy_axes else [""] * len(rows))
        axes.invert_yaxis()
        axes.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig
