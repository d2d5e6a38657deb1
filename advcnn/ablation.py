"""From the lecture's recipe to the fast one, one change at a time: an ablation over seeds.

Each step of ``fast_ingredients`` changes one thing of ``RECIPES["lecture"]`` towards
``RECIPES["fast"]`` (batch size with a scaled learning rate, clipping, the one-cycle schedule of
Smith & Topin 2019, Nesterov momentum, label smoothing, weight decay); ``cumulative`` stacks them
into the configurations to train, and ``run_ablation`` trains each for a fixed budget and several
seeds. ``onecycle_rates`` and ``smoothing_floor`` compute what two of the ingredients do.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import torch

from advcnn.config import RECIPES, TrainConfig
from advcnn.i18n import tr
from advcnn.models import build_model
from advcnn.train import TrainingDivergedError, fit

__all__ = [
    "AblationRow",
    "Ingredient",
    "Label",
    "ablation_label",
    "ablation_table",
    "cumulative",
    "fast_ingredients",
    "onecycle_rates",
    "run_ablation",
    "smoothing_floor",
]


class Label(str):
    """A label in the language in use that keeps its English text as ``english``: a figure drawn
    without a CJK font shows that instead of empty boxes."""

    english: str


def ablation_label(text: str, **values: Any) -> Label:
    """``tr(text, **values)`` that remembers its English text: the label of an ablation row.

    Args:
        text: The English text, with ``{name}`` fields (the catalogue's key).
        values: The fields; a ``Label`` among them fills the English text with its English.
    """
    english = {name: getattr(value, "english", value) for name, value in values.items()}
    label = Label(tr(text, **values))
    label.english = text.format(**english) if values else text
    return label


@dataclass(frozen=True)
class Ingredient:
    """One change of a recipe: a short label and the ``TrainConfig`` fields it sets."""

    label: str
    changes: dict[str, Any]


def fast_ingredients(
    start: TrainConfig | None = None, end: TrainConfig | None = None
) -> list[Ingredient]:
    """The changes that turn ``start`` (the lecture's recipe) into ``end`` (the fast one).

    The values are read from the two recipes. The larger batch comes with the learning rate
    scaled by the same factor (the linear scaling rule), and the clip comes before the large
    learning rates it protects: without it the steps after it can diverge.
    """
    start = start or RECIPES["lecture"]
    end = end or RECIPES["fast"]
    scale = end.batch_size / start.batch_size
    return [
        Ingredient(
            ablation_label("batch {batch}, lr × {scale:g}", batch=end.batch_size, scale=scale),
            {"batch_size": end.batch_size, "lr": start.lr * scale},
        ),
        Ingredient(
            ablation_label("clip gradient norm at {norm:g}", norm=end.clip_grad_norm),
            {"clip_grad_norm": end.clip_grad_norm},
        ),
        Ingredient(
            ablation_label("one-cycle schedule, peak lr {lr:g}", lr=end.lr),
            {"schedule": end.schedule, "lr": end.lr},
        ),
        Ingredient(
            ablation_label("Nesterov momentum {momentum:g}", momentum=end.momentum),
            {"momentum": end.momentum, "nesterov": end.nesterov},
        ),
        Ingredient(
            ablation_label("label smoothing {smoothing:g}", smoothing=end.label_smoothing),
            {"label_smoothing": end.label_smoothing},
        ),
        Ingredient(
            ablation_label("weight decay {decay:g}", decay=end.weight_decay),
            {"weight_decay": end.weight_decay},
        ),
    ]


def cumulative(
    start: TrainConfig, ingredients: Sequence[Ingredient], **budget: Any
) -> list[tuple[str, TrainConfig]]:
    """``start``, then ``start`` with the first ingredient, the first two, and so on.

    Args:
        start: The recipe the ablation starts from.
        ingredients: The changes, applied one after another.
        **budget: Fields every configuration shares, e.g. ``epochs=1``.

    Returns:
        ``(label, config)`` pairs; the first label is ``"start"``, the others begin with ``+``.
    """
    config = dataclasses.replace(start, **budget)
    rows: list[tuple[str, TrainConfig]] = [(ablation_label("start"), config)]
    for ingredient in ingredients:
        config = dataclasses.replace(config, **ingredient.changes)
        rows.append((ablation_label("+ {label}", label=ingredient.label), config))
    return rows


@dataclass
class AblationRow:
    """The runs of one configuration: final test accuracy and training seconds per seed.

    A seed whose loss became NaN or infinite has ``None`` as its accuracy.
    """

    label: str
    config: TrainConfig
    seeds: list[int] = field(default_factory=list)
    accuracies: list[float | None] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def diverged(self) -> int:
        """How many seeds diverged."""
        return sum(accuracy is None for accuracy in self.accuracies)

    @property
    def finished(self) -> list[float]:
        """The final test accuracies of the seeds that did not diverge."""
        return [accuracy for accuracy in self.accuracies if accuracy is not None]

    @property
    def mean(self) -> float:
        """Mean final test accuracy over the seeds that did not diverge (NaN if none)."""
        return statistics.mean(self.finished) if self.finished else math.nan

    @property
    def std(self) -> float:
        """Sample standard deviation (n - 1) of those accuracies; NaN for fewer than two."""
        return statistics.stdev(self.finished) if len(self.finished) > 1 else math.nan

    @property
    def mean_seconds(self) -> float:
        """Mean training seconds per run (evaluation excluded)."""
        return statistics.mean(self.seconds) if self.seconds else math.nan


RunCallback = Callable[[AblationRow, int], object]


def run_ablation(
    model: str,
    data: Any,
    configs: Sequence[tuple[str, TrainConfig]],
    seeds: Sequence[int],
    *,
    on_run: RunCallback | None = None,
) -> list[AblationRow]:
    """Train ``model`` with every configuration and every seed; read test accuracy once, at the end.

    The loop runs seed by seed, every configuration within a seed, so that a change in the
    machine's load slows all rows alike. Seed ``s`` fixes both the initial weights
    (``torch.manual_seed``) and the batch order (``TrainConfig.seed``).

    Args:
        model: A name from ``advcnn.models.MODEL_NAMES``.
        data: An ``MNISTData``.
        configs: ``(label, config)`` pairs, as ``cumulative`` returns them.
        seeds: The seeds to run.
        on_run: Called as ``on_run(row, seed)`` after each run (for progress messages).

    Returns:
        One ``AblationRow`` per configuration, in order.

    Raises:
        ValueError: No configurations or no seeds.
    """
    if not configs or not seeds:
        raise ValueError("run_ablation needs at least one configuration and one seed")
    rows = [AblationRow(label, config) for label, config in configs]
    for seed in seeds:
        for row in rows:
            torch.manual_seed(seed)
            network = build_model(model)
            config = dataclasses.replace(row.config, seed=seed, progress=False)
            try:
                history = fit(network, data, config)
                accuracy: float | None = history.final_test_accuracy
            except TrainingDivergedError as error:
                history, accuracy = error.history, None
            row.seeds.append(seed)
            row.accuracies.append(accuracy)
            row.seconds.append(sum(record.seconds for record in history.records))
            if on_run is not None:
                on_run(row, seed)
    return rows


def ablation_table(rows: Sequence[AblationRow]) -> str:
    """A markdown table: each row's mean ± standard deviation, change and time per run."""
    header = tr(
        "recipe | seeds | test accuracy (mean ± std) | change | diverged | training s per run"
    )
    lines = [f"| {header} |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    previous = math.nan
    for row in rows:
        spread = "" if math.isnan(row.std) else f" ± {row.std:.2%}"
        accuracy = "—" if math.isnan(row.mean) else f"{row.mean:.2%}{spread}"
        change = row.mean - previous
        shown = "" if math.isnan(change) else tr("{change:+.2f} points", change=change * 100)
        lines.append(
            f"| {row.label} | {len(row.seeds)} | {accuracy} | {shown} | "
            f"{row.diverged} | {row.mean_seconds:.1f} |"
        )
        previous = row.mean
    return "\n".join(lines)


def onecycle_rates(config: TrainConfig, num_images: int) -> list[float]:
    """The learning rate of every step ``fit`` takes with ``config`` on ``num_images`` images.

    Computed with the same scheduler ``fit`` uses (``torch.optim.lr_scheduler.OneCycleLR``,
    momentum not cycled); a constant schedule gives ``config.lr`` throughout.
    """
    total = config.epochs * config.steps_per_epoch(num_images)
    if config.schedule != "onecycle" or total < 4:
        return [config.lr] * total
    warmup = min(max(config.warmup_fraction, 2 / total), 1 - 2 / total)
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=config.lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=config.lr, total_steps=total, pct_start=warmup, cycle_momentum=False
    )
    rates = []
    for _ in range(total):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return rates


def smoothing_floor(smoothing: float, num_classes: int = 10) -> float:
    """The lowest cross-entropy a network can reach under label smoothing: the target's entropy.

    The smoothed target puts ``1 - smoothing + smoothing / K`` on the true class and
    ``smoothing / K`` on each of the other ``K - 1``; no prediction matches it better than the
    target itself, whose cross-entropy with itself is its entropy.
    """
    if not 0 <= smoothing < 1 or num_classes < 2:
        raise ValueError(
            f"smoothing_floor needs 0 ≤ smoothing < 1 and num_classes ≥ 2, "
            f"got {smoothing!r} and {num_classes!r}"
        )
    other = smoothing / num_classes
    true = 1 - smoothing + other
    entropy = -true * math.log(true)
    if other > 0:
        entropy -= (num_classes - 1) * other * math.log(other)
    return entropy + 0.0  # no smoothing: 0.0, not the -0.0 of -1 * log(1)
