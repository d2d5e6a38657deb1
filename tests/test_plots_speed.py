"""advcnn.plots.speed draws what it is given, and refuses empty input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from advcnn.ablation import AblationRow
from advcnn.config import RECIPES
from advcnn.plots.speed import plot_ablation, plot_learning_rates, plot_rates


def test_learning_rates_one_line_per_schedule_and_epoch_marks() -> None:
    fig = plot_learning_rates({"a": [0.1] * 10, "b": [0.2] * 10}, steps_per_epoch=4)
    axes = fig.axes[0]
    solid = [line for line in axes.lines if line.get_linestyle() == "-"]
    assert len(solid) == 2 and list(solid[1].get_ydata()) == [0.2] * 10
    assert len(axes.lines) == 4  # two dotted epoch boundaries, at steps 4 and 8
    plt.close(fig)
    with pytest.raises(ValueError, match="at least one"):
        plot_learning_rates({})


def test_ablation_plot_marks_every_seed_and_diverged_runs() -> None:
    rows = [
        AblationRow("start", RECIPES["lecture"], [0, 1], [0.98, 0.985], [1.0, 1.2]),
        AblationRow("+ x", RECIPES["fast"], [0, 1], [0.99, None], [0.5, 0.4]),
    ]
    fig = plot_ablation(rows)
    left, right = fig.axes
    dots = sum(len(collection.get_offsets()) for collection in left.collections)
    assert dots == 3  # the diverged seed has no dot
    labels = [label.get_text() for label in left.get_yticklabels()]
    assert labels == ["start", "+ x  (1 diverged)"]
    assert [bar.get_width() for bar in right.patches] == pytest.approx([1.1, 0.45])
    plt.close(fig)
    with pytest.raises(ValueError, match="at least one"):
        plot_ablation([])


def test_rates_plot_shows_the_median() -> None:
    fig = plot_rates({"DataLoader": [1.0, 3.0, 2.0], "tensors": [10.0, 30.0]})
    axes = fig.axes[0]
    assert [bar.get_width() for bar in axes.patches] == pytest.approx([2.0, 20.0])
    plt.close(fig)
