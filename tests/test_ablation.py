"""advcnn.ablation: the steps from the lecture's recipe to the fast one, and what two of them do."""

from __future__ import annotations

import dataclasses
import math

import pytest
import torch
import torch.nn.functional as F

from advcnn.ablation import (
    AblationRow,
    ablation_table,
    cumulative,
    fast_ingredients,
    onecycle_rates,
    run_ablation,
    smoothing_floor,
)
from advcnn.config import RECIPES, recipe
from advcnn.data import load_mnist
from advcnn.models import SimpleCNN
from advcnn.train import fit


@pytest.fixture(scope="module")
def small():
    return load_mnist(source="sample", subset=256, test_subset=128, verbose=False)


def test_the_ingredients_turn_the_lecture_recipe_into_the_fast_one() -> None:
    configs = cumulative(RECIPES["lecture"], fast_ingredients(), epochs=1)
    assert [label for label, _ in configs][0] == "start"
    assert all(label.startswith("+ ") for label, _ in configs[1:])
    assert configs[-1][1] == dataclasses.replace(RECIPES["fast"], epochs=1)
    assert configs[0][1] == dataclasses.replace(RECIPES["lecture"], epochs=1)
    # One change at a time: every step differs from the one before in the fields it names.
    steps = zip(configs[:-1], configs[1:], fast_ingredients(), strict=True)
    for (_, before), (_, after), ingredient in steps:
        changed = {
            field.name
            for field in dataclasses.fields(before)
            if getattr(before, field.name) != getattr(after, field.name)
        }
        assert changed and changed <= set(ingredient.changes)
    # The larger batch comes with the linearly scaled rate: 4 times the batch, 4 times the lr.
    batch = configs[1][1]
    ratio = batch.batch_size / RECIPES["lecture"].batch_size
    assert batch.lr == pytest.approx(RECIPES["lecture"].lr * ratio)


@pytest.mark.parametrize(("smoothing", "classes"), [(0.05, 10), (0.1, 10), (0.3, 7), (0.0, 10)])
def test_the_smoothing_floor_is_the_best_cross_entropy(smoothing: float, classes: int) -> None:
    target = torch.full((classes,), smoothing / classes, dtype=torch.float64)
    target[2] += 1 - smoothing
    # Predicting exactly the smoothed target: PyTorch's own smoothed cross-entropy.
    best = F.cross_entropy(
        target.clamp_min(1e-300).log()[None], torch.tensor([2]), label_smoothing=smoothing
    )
    assert smoothing_floor(smoothing, classes) == pytest.approx(best.item(), abs=1e-9)
    # Anything else scores worse.
    other = F.cross_entropy(
        (target + 0.01).log()[None], torch.tensor([2]), label_smoothing=smoothing
    )
    assert other.item() >= smoothing_floor(smoothing, classes) - 1e-12


def test_without_smoothing_the_floor_is_zero_not_minus_zero() -> None:
    floor = smoothing_floor(0.0)
    assert floor == 0.0 and math.copysign(1.0, floor) == 1.0
    assert f"{floor:.4f}" == "0.0000"


def test_the_smoothing_floor_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="0 ≤ smoothing < 1"):
        smoothing_floor(1.0)
    with pytest.raises(ValueError, match="num_classes ≥ 2"):
        smoothing_floor(0.1, 1)


def test_onecycle_rates_are_the_rates_fit_uses(small) -> None:
    config = recipe("fast", epochs=3, batch_size=32, progress=False, device="cpu")
    rates = onecycle_rates(config, small.num_train)
    steps = config.steps_per_epoch(small.num_train)
    assert len(rates) == 3 * steps
    assert max(rates) == pytest.approx(config.lr) and rates[-1] < config.lr / 1000
    torch.manual_seed(0)
    history = fit(SimpleCNN(), small, config)
    # An epoch's record holds the rate of its last step.
    for number, record in enumerate(history.records, start=1):
        assert record.lr == pytest.approx(rates[number * steps - 1])
    constant = recipe("lecture", epochs=2)
    assert onecycle_rates(constant, 640) == [constant.lr] * 20


def test_run_ablation_reads_each_run_once_and_counts_divergence(small) -> None:
    configs = [
        ("start", recipe("lecture", epochs=1, batch_size=32, device="cpu")),
        (
            "too fast",
            recipe("lecture", epochs=1, batch_size=32, lr=1e10, momentum=0.9, log_every=1),
        ),
    ]
    seen = []
    rows = run_ablation("simple", small, configs, [0, 1], on_run=lambda row, s: seen.append(s))
    assert [row.label for row in rows] == ["start", "too fast"]
    assert seen == [0, 0, 1, 1]  # seed by seed, every configuration within a seed
    start, broken = rows
    assert start.seeds == [0, 1] and start.diverged == 0 and len(start.seconds) == 2
    # Seed 0 again: the same weights and batch order give the same final accuracy.
    torch.manual_seed(0)
    again = fit(SimpleCNN(), small, dataclasses.replace(configs[0][1], seed=0, progress=False))
    assert start.accuracies[0] == again.final_test_accuracy
    assert broken.diverged == 2 and math.isnan(broken.mean) and broken.finished == []
    table = ablation_table(rows)
    assert f"{start.mean:.2%} ± {start.std:.2%}" in table
    assert "| too fast | 2 | — |" in table and "| 2 |" in table
    with pytest.raises(ValueError, match="at least one"):
        run_ablation("simple", small, configs, [])


def test_ablation_row_statistics() -> None:
    row = AblationRow("x", RECIPES["lecture"], [0, 1, 2], [0.99, None, 0.98], [1.0, 2.0, 3.0])
    assert row.diverged == 1 and row.mean == pytest.approx(0.985)
    assert row.std == pytest.approx(math.sqrt(2 * 0.005**2))  # sample standard deviation
    assert row.mean_seconds == pytest.approx(2.0)
    second = AblationRow("y", RECIPES["lecture"], [0], [0.995], [1.0])
    table = ablation_table([row, second])
    assert "| y | 1 | 99.50% | +1.00 points |" in table
