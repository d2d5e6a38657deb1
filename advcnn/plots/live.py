"""A live plot for ``fit``: loss and test-accuracy curves redrawn while the networks train.

The networks are the lecture's plain CNN, its GoogLeNet-style net (Szegedy et al., "Going Deeper
with Convolutions", CVPR 2015) and its residual net (He et al., "Deep Residual Learning for Image
Recognition", CVPR 2016), trained on MNIST by ``advcnn.train.fit``, whose ``on_step`` and
``on_epoch`` callbacks feed ``LivePlot``.

``LivePlot`` redraws its figure as a PNG into one IPython display (``display(...,
display_id=True)`` then ``handle.update(...)``): that works in JupyterLab, classic Jupyter and
Colab alike, needs no widget manager, and a notebook saved after the run keeps only the last
picture. It can also be imported from ``advcnn.plots.training``.
"""

from __future__ import annotations

import base64
import io
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from IPython.display import display
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from advcnn.plots.fonts import tr_plot
from advcnn.plots.results import LECTURE_ACCURACY, _color
from advcnn.train import EpochRecord, TrainConfig

__all__ = ["LivePlot"]


def _log_scale(axes: Axes) -> None:
    """Log scale labelled 0.2, 0.5, 1, 2 rather than 2 × 10⁻¹: losses span about one decade."""
    axes.set_yscale("log")
    axes.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axes.yaxis.set_minor_formatter(NullFormatter())


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
        self.status = tr_plot("waiting for the first step")
        self._handle: Any = None
        self._last_redraw = -math.inf

    @classmethod
    def for_training(cls, data: Any, config: TrainConfig, **kwargs: Any) -> LivePlot:
        """A ``LivePlot`` sized for ``fit(model, data, config)``; ``kwargs`` go to ``__init__``."""
        steps = config.steps_per_epoch(len(data.train_labels))
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
            self.status = tr_plot(
                "{name}: epoch {epoch}/{epochs}, loss {loss:.3f}",
                name=name,
                epoch=self._epoch_of(step),
                epochs=self.epochs,
                loss=loss,
            )
            if time.monotonic() - self._last_redraw >= self.min_seconds:
                self.redraw()

        def on_epoch(record: EpochRecord) -> None:
            run.records.append(record)
            self.status = tr_plot(
                "{name}: epoch {epoch}/{epochs}, test accuracy {accuracy:.2%}",
                name=name,
                epoch=record.epoch,
                epochs=self.epochs,
                accuracy=record.test_accuracy,
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
            xlim=(0, self.epochs),
            xlabel=tr_plot("epoch"),
            ylabel=tr_plot("training loss"),
            title=tr_plot("Training loss"),
        )
        if any(run.losses for run in self.runs.values()):
            _log_scale(loss_axes)
        accuracy_axes.set(
            xlim=(0.5, self.epochs + 0.5),
            ylim=(max(0.0, lowest - 1.0), 100.0),
            xticks=range(1, self.epochs + 1),
            xlabel=tr_plot("epoch"),
            ylabel=tr_plot("test accuracy (%)"),
            title=tr_plot("Test accuracy after each epoch"),
        )
        if any(run.name in self.reference for run in self.runs.values()):
            accuracy_axes.plot([], [], "k--", linewidth=1, label=tr_plot("lecture (10 epochs)"))
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
