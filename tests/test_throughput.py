"""advcnn.throughput: the rates of fit variants, of fetching batches, and the arithmetic ceiling."""

from __future__ import annotations

import pytest
import torch

from advcnn.config import recipe
from advcnn.cost import total_macs
from advcnn.data import load_mnist
from advcnn.models import InceptionNet, ResidualNet
from advcnn.throughput import (
    ceiling,
    fetch_rate,
    fit_rates,
    matmul_flops,
    median_ratio,
    subset,
    tensor_batches,
    training_flops,
)


def test_training_flops_are_three_passes_of_two_flops_per_mac() -> None:
    for build in (InceptionNet, ResidualNet):
        model = build()
        assert training_flops(model) == 6 * total_macs(model)
        assert ceiling(model, 6e9) == pytest.approx(6e9 / (6 * total_macs(model)))


def test_matmul_flops_is_a_positive_rate() -> None:
    flops = matmul_flops("cpu", size=128, repeats=2)
    assert 1e6 < flops < 1e15


def test_tensor_batches_visit_every_image_once() -> None:
    images = torch.arange(10.0)[:, None]
    labels = torch.arange(10)
    batches = list(tensor_batches(images, labels, 4))
    assert [len(labels) for _, labels in batches] == [4, 4, 2]
    seen = torch.cat([labels for _, labels in batches])
    assert sorted(seen.tolist()) == list(range(10))
    assert all(torch.equal(x[:, 0].long(), y) for x, y in batches)
    assert fetch_rate(iter(batches), 2) > 0


def test_fit_rates_time_every_variant_in_every_round() -> None:
    data = subset(load_mnist(source="sample", verbose=False), 128, 32)
    assert data.num_train == 128 and data.num_test == 32
    configs = {
        "every step": recipe("lecture", batch_size=32, log_every=1, device="cpu"),
        "every 50": recipe("lecture", batch_size=32, log_every=50, device="cpu"),
    }
    rounds = []
    rates = fit_rates("simple", data, configs, rounds=2, on_round=lambda n, r: rounds.append(n))
    assert rounds == [0, 1] and list(rates) == list(configs)
    assert all(len(values) == 2 and min(values) > 0 for values in rates.values())
    ratio = median_ratio(rates, "every 50", "every step")
    expected = sorted(a / b for a, b in zip(rates["every 50"], rates["every step"], strict=True))
    assert ratio == pytest.approx(sum(expected) / 2)
    with pytest.raises(ValueError, match="rounds ≥ 1"):
        fit_rates("simple", data, configs, rounds=0)
