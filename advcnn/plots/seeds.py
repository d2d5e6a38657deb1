"""How much a test accuracy moves from seed to seed, and whether two networks are told apart.

One training run is one draw: the initial weights and the order of the batches change its final
accuracy. ``SeedTable`` summarises several runs per model: the mean, the **standard deviation**
(the spread of a single run, with Bessel's n - 1) and the **standard error of the mean** (the
standard deviation divided by the square root of the number of runs: how far the mean itself may
be off). ``SeedTable.compare`` asks whether two models are apart, and ``plot_seed_accuracies``
draws every run. It can all also be imported from ``advcnn.plots.training``.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from advcnn.i18n import tr
from advcnn.plots.fonts import tr_plot
from advcnn.plots.results import LECTURE_ACCURACY, TextHtmlTable, _color

__all__ = [
    "SeedComparison",
    "SeedStats",
    "SeedTable",
    "plot_seed_accuracies",
    "summarise_seeds",
]


@dataclass(frozen=True)
class SeedStats:
    """One model's test accuracies (0..1), one per seed, and what they add up to."""

    model: str
    accuracies: tuple[float, ...]

    @property
    def runs(self) -> int:
        """Number of runs (seeds)."""
        return len(self.accuracies)

    @property
    def mean(self) -> float:
        """Mean accuracy over the runs."""
        return statistics.fmean(self.accuracies)

    @property
    def std(self) -> float:
        """Sample standard deviation (n - 1) of the runs, 0 for one run: the spread of a run."""
        return statistics.stdev(self.accuracies) if self.runs > 1 else 0.0

    @property
    def sem(self) -> float:
        """Standard error of the mean, ``std / sqrt(runs)``: the uncertainty of ``mean`` itself."""
        return self.std / math.sqrt(self.runs)


@dataclass(frozen=True)
class SeedComparison:
    """Whether the runs of ``better`` (the higher mean) stand apart from those of ``worse``.

    Attributes:
        better: The model with the higher mean.
        worse: The other one.
        gap: Difference of the means, 0..1.
        standard_error: Standard error of that difference, ``sqrt(sem_a² + sem_b²)``.
        ahead: Seeds in which ``better`` beat ``worse`` (runs paired by seed), and ``paired``,
            how many seeds both have.
        disjoint: Every run of ``better`` is above every run of ``worse``.
        chance: If the two models were equally good (all runs exchangeable), the probability
            that the runs of one of them, either one, all land above those of the other:
            2 / C(n_a + n_b, n_a), at most 1. It is small only for enough runs: 0.1 for 3 and 3.
    """

    better: str
    worse: str
    gap: float
    standard_error: float
    ahead: int
    paired: int
    disjoint: bool
    chance: float

    @property
    def separated(self) -> bool:
        """The runs do not overlap and the gap is at least two standard errors of the difference."""
        return self.disjoint and self.gap >= 2 * self.standard_error

    def describe(self) -> str:
        """One sentence a notebook can print: the gap, its standard error and the verdict."""
        if self.standard_error > 0:
            size = tr(
                "{errors:.1f} standard errors of the difference",
                errors=self.gap / self.standard_error,
            )
        else:
            size = tr("no spread measured")
        names = {"better": self.better, "worse": self.worse}
        comparison = tr(
            "{better} is ahead of {worse} by {points:.2f} percentage points ({size}), and was "
            "ahead in {ahead} of {paired} seeds",
            **names,
            points=100 * self.gap,
            size=size,
            ahead=self.ahead,
            paired=self.paired,
        )
        if self.separated:
            return tr(
                "{comparison}; every run of {better} beat every run of {worse}: these seeds tell "
                "them apart (for two equally good networks, runs this cleanly split would still "
                "turn up with probability {chance:.2g}).",
                comparison=comparison,
                **names,
                chance=self.chance,
            )
        if not self.disjoint:
            return tr(
                "{comparison}; their runs overlap: these seeds cannot rank them.",
                comparison=comparison,
            )
        return tr(
            "{comparison}; the gap is under two standard errors: these seeds cannot rank them.",
            comparison=comparison,
        )


class SeedTable(TextHtmlTable):
    """Several runs per model: a table of mean ± standard deviation, and pairwise comparisons.

    Args:
        accuracies: Model name → test accuracies (0..1), one per seed, in seed order.

    Raises:
        ValueError: A model without any run.
    """

    KEYS = ("model", "runs", "mean", "std", "sem", "lowest", "highest")

    def __init__(self, accuracies: Mapping[str, Sequence[float]]) -> None:
        empty = [name for name, values in accuracies.items() if not values]
        if empty:
            raise ValueError(f"SeedTable: no accuracies for {', '.join(map(repr, empty))}")
        self.stats = {
            name: SeedStats(name, tuple(float(v) for v in values))
            for name, values in accuracies.items()
        }

    def ranking(self) -> list[str]:
        """Model names, highest mean first."""
        return sorted(self.stats, key=lambda name: self.stats[name].mean, reverse=True)

    def best(self) -> str:
        """The model with the highest mean accuracy."""
        return self.ranking()[0]

    def compare(self, first: str, second: str) -> SeedComparison:
        """How ``first`` and ``second`` compare; the one with the higher mean comes first."""
        a, b = self.stats[first], self.stats[second]
        if b.mean > a.mean:
            a, b = b, a
        paired = min(a.runs, b.runs)
        pairs = zip(a.accuracies[:paired], b.accuracies[:paired], strict=True)
        ahead = sum(x > y for x, y in pairs)
        return SeedComparison(
            better=a.model,
            worse=b.model,
            gap=a.mean - b.mean,
            standard_error=math.hypot(a.sem, b.sem),
            ahead=ahead,
            paired=paired,
            disjoint=min(a.accuracies) > max(b.accuracies),
            chance=min(1.0, 2 / math.comb(a.runs + b.runs, a.runs)),
        )

    def comparisons(self) -> list[SeedComparison]:
        """Every pair of models, each the higher mean first, in ranking order."""
        return [self.compare(a, b) for a, b in itertools.combinations(self.ranking(), 2)]

    def header(self) -> tuple[str, ...]:
        """The column titles, in the language in use."""
        return (
            tr("model"),
            tr("runs"),
            tr("mean"),
            tr("std (one run)"),
            tr("std. error of mean"),
            tr("lowest"),
            tr("highest"),
        )

    def cells(self) -> list[tuple[str, ...]]:
        """Each model's formatted cells, in ``header()`` order."""
        return [
            (
                stats.model,
                str(stats.runs),
                f"{stats.mean:.2%}",
                f"{stats.std:.2%}",
                f"{stats.sem:.2%}",
                f"{min(stats.accuracies):.2%}",
                f"{max(stats.accuracies):.2%}",
            )
            for stats in self.stats.values()
        ]


def summarise_seeds(accuracies: Mapping[str, Sequence[float]]) -> dict[str, tuple[float, float]]:
    """Mean and sample standard deviation (n - 1; 0 for a single run) of each model's accuracies.

    The standard deviation is the spread of one run, not the standard error of the mean
    (``SeedTable`` gives both).
    """
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
    axes.plot([], [], "ks", label=tr_plot("mean ± standard deviation"))
    if reference is not None and any(name in reference for name in accuracies):
        axes.plot([], [], "kx", label=tr_plot("lecture (one run, 10 epochs)"))
    axes.legend(fontsize="small")
    axes.set_xticks(range(len(accuracies)), list(accuracies))
    axes.set(ylabel=tr_plot("test accuracy (%)"), title=tr_plot("Accuracy over seeds"))
    axes.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig
