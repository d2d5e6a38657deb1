"""The training step that fit records as a CUDA graph: the same arithmetic as the plain loop.

Without a GPU the step runs uncaptured, so these tests check its arithmetic on the CPU; on a
machine with CUDA they check the recorded graph as well.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest
import torch
import torch.nn.functional as F
from digits import first
from torch import nn

import advcnn.speed
from advcnn.config import TrainConfig, recipe
from advcnn.cuda_graph import GraphStep
from advcnn.data import MNISTData
from advcnn.models import InceptionNet, ResidualNet
from advcnn.train import fit, train_step

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
SETTINGS = {
    "fast": {},
    "lecture": {"momentum": 0.5, "nesterov": False, "weight_decay": 0.0, "clip_grad_norm": None},
    "no momentum": {"momentum": 0.0, "nesterov": False, "label_smoothing": 0.0},
}


# On a GPU, cuDNN's convolutions sum in an order of their own (which can differ between two
# runs), so the weights after a few steps agree less closely than on a CPU.
TOLERANCE = {"cpu": {"rtol": 1e-4, "atol": 1e-5}, "cuda": {"rtol": 1e-3, "atol": 1e-4}}


def exact_float32(monkeypatch) -> None:
    """No TF32 in cuDNN's convolutions (on by default; matrix products are float32 by default):
    its 10-bit mantissa would swamp the differences under test."""
    monkeypatch.setattr(torch.backends.cudnn, "allow_tf32", False)


@pytest.fixture(scope="module")
def digits(mnist_digits: MNISTData) -> MNISTData:
    """1,024 training images (eight batches of 128: no partial batch) and 500 test images."""
    return first(mnist_digits, 1024, 500)


def optimizer_settings(config: TrainConfig) -> dict[str, object]:
    return {
        "momentum": config.momentum,
        "nesterov": config.nesterov,
        "weight_decay": config.weight_decay,
    }


def reference_steps(model, images, labels, batches, lrs, config) -> torch.Tensor:
    """The plain loop's steps with torch.optim.SGD, written out here; returns [sum of loss x
    batch, correct]."""
    optimizer = torch.optim.SGD(model.parameters(), lr=lrs[0], **optimizer_settings(config))
    totals = torch.zeros(2, device=images.device)
    for index, lr in zip(batches, lrs, strict=True):
        optimizer.param_groups[0]["lr"] = lr
        logits = model(images[index])
        loss = F.cross_entropy(logits, labels[index], label_smoothing=config.label_smoothing)
        optimizer.zero_grad()
        loss.backward()
        if config.clip_grad_norm is not None:
            nn.utils.clip_grad_norm_(model.parameters(), config.clip_grad_norm)
        optimizer.step()
        correct = (logits.argmax(dim=1) == labels[index]).sum()
        totals += torch.stack((loss.detach() * len(index), correct.float()))
    return totals


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("setting", SETTINGS)
def test_graph_step_matches_torch_sgd(digits, setting: str, device: str, monkeypatch) -> None:
    exact_float32(monkeypatch)
    config = recipe("fast", batch_size=64, **SETTINGS[setting])
    torch.manual_seed(0)
    model = ResidualNet().to(device)
    reference = copy.deepcopy(model)
    images, labels = digits.train_images.to(device), digits.train_labels.to(device)
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(1)).to(device)
    batches = [order[start : start + 64] for start in range(0, 6 * 64, 64)]
    lrs = [0.05, 0.2, 0.1, 0.15, 0.02, 0.08]  # a new rate every step, as a schedule gives

    # The scheduler of fit sets the rate of a torch.optim.SGD, which the graph step reads.
    scheduled = torch.optim.SGD(model.parameters(), lr=lrs[0], **optimizer_settings(config))
    totals = torch.zeros(2, device=device)

    def batch_step(index: torch.Tensor, optimizer) -> None:
        train_step(model, images[index], labels[index], optimizer, config, totals)

    step = GraphStep(batch_step, scheduled, config.batch_size, len(labels))
    if device == "cuda":
        with advcnn.speed.unchanged(model, step.sgd, totals):
            step.record()
        assert step.graph is not None
    for index, lr in zip(batches, lrs, strict=True):
        scheduled.param_groups[0]["lr"] = lr
        step(index)
    expected = reference_steps(reference, images, labels, batches, lrs, config)

    torch.testing.assert_close(totals, expected, rtol=1e-4, atol=1e-4)
    for (name, ours), theirs in zip(model.named_parameters(), reference.parameters(), strict=True):
        tolerance = TOLERANCE[device]
        torch.testing.assert_close(ours, theirs, **tolerance, msg=lambda m, n=name: f"{n}: {m}")


@pytest.mark.parametrize("device", DEVICES)
def test_fit_with_the_graph_step_trains_as_the_plain_loop(
    digits: MNISTData, device: str, monkeypatch
) -> None:
    """The whole of fit: schedule, epochs, running sums. On a CPU the step runs uncaptured."""
    exact_float32(monkeypatch)
    if device == "cpu":
        monkeypatch.setattr(advcnn.speed, "check_graph", lambda *args: None)
        monkeypatch.setattr(GraphStep, "record", lambda self, warmup_steps=3: None)
    config = recipe("fast", epochs=2, batch_size=128, device=device, progress=False, log_every=3)
    torch.manual_seed(0)
    plain_model = InceptionNet()
    graph_model = copy.deepcopy(plain_model)

    plain = fit(plain_model, digits, config)
    graph = fit(graph_model, digits, dataclasses.replace(config, cuda_graph=True))

    assert graph.steps_per_epoch == plain.steps_per_epoch == 8
    for ours, theirs in zip(graph.records, plain.records, strict=True):
        assert ours.lr == pytest.approx(theirs.lr)
        assert ours.train_loss == pytest.approx(theirs.train_loss, rel=1e-3)
        assert ours.train_accuracy == pytest.approx(theirs.train_accuracy, abs=2 / 1024)
    assert [step for step, _ in graph.steps] == [step for step, _ in plain.steps]
    for ours, theirs in zip(graph_model.parameters(), plain_model.parameters(), strict=True):
        torch.testing.assert_close(ours, theirs, rtol=1e-3, atol=1e-4)


def test_an_epoch_of_the_graph_step_skips_the_last_partial_batch(digits, monkeypatch) -> None:
    monkeypatch.setattr(advcnn.speed, "check_graph", lambda *args: None)
    monkeypatch.setattr(GraphStep, "record", lambda self, warmup_steps=3: None)
    data = first(digits, 1000, 500)
    config = recipe("fast", epochs=1, batch_size=128, device="cpu", progress=False)
    history = fit(ResidualNet(), data, dataclasses.replace(config, cuda_graph=True))
    assert history.steps_per_epoch == 7  # 7 x 128 = 896 of the 1,000 images
    assert config.steps_per_epoch(1000) == 8  # without the graph, a last batch of 104
    assert history.records[0].complete
    assert history.records[0].images_per_second * history.records[0].seconds == pytest.approx(896)


def test_cuda_graph_on_a_cpu_names_the_fix(digits: MNISTData) -> None:
    config = recipe("fast", device="cpu", cuda_graph=True, progress=False)
    with pytest.raises(ValueError, match="cuda_graph=False"):
        fit(ResidualNet(), digits, config)


def test_cuda_graph_needs_a_full_batch(digits: MNISTData) -> None:
    small = first(digits, 100, 500)
    config = recipe("fast", batch_size=128, device="cpu", cuda_graph=True, progress=False)
    with pytest.raises(ValueError, match="fewer than batch_size=128"):
        fit(ResidualNet(), small, config)


@pytest.mark.parametrize("value", ["yes", 1])
def test_config_checks_cuda_graph(value: object) -> None:
    with pytest.raises(ValueError, match="cuda_graph"):
        TrainConfig(cuda_graph=value)
    with pytest.raises(ValueError, match="cannot be combined"):
        TrainConfig(cuda_graph=True, compile=True)
