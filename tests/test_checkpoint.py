"""Checkpoints: weights, history and config saved together and loaded back, on real MNIST digits."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
import torch
from digits import first
from torch import nn

from advcnn.checkpoint import load_checkpoint, save_checkpoint
from advcnn.data import MNISTData
from advcnn.models import InceptionNet, ResidualNet, SimpleCNN
from advcnn.train import fit, predict, recipe


@pytest.fixture(scope="module")
def small(mnist_digits: MNISTData) -> MNISTData:
    return first(mnist_digits, 1000, 500)


def weights(model: nn.Module) -> dict[str, torch.Tensor]:
    return {name: value.detach().cpu().clone() for name, value in model.state_dict().items()}


def test_checkpoint_round_trip_loads_with_weights_only(small: MNISTData, tmp_path: Path) -> None:
    torch.manual_seed(0)
    model = SimpleCNN()
    config = recipe("lecture", epochs=1, progress=False, device="cpu")
    history = fit(model, small, config)
    path = save_checkpoint(tmp_path / "runs" / "simple.pt", model, history=history, config=config)
    payload = torch.load(path, weights_only=True)
    assert payload["model_class"] == "SimpleCNN"
    json.dumps(payload["history"])  # plain Python types only
    fresh = SimpleCNN()
    loaded_history, loaded_config = load_checkpoint(path, fresh)
    saved, restored = weights(model), weights(fresh)
    assert all(torch.equal(saved[name], restored[name]) for name in saved)
    assert loaded_history == history and loaded_config == config
    assert torch.equal(predict(fresh, small.test_images), predict(model, small.test_images))
    assert sorted(p.name for p in path.parent.iterdir()) == ["simple.pt"]


def test_checkpoint_for_another_model_names_the_problem(tmp_path: Path) -> None:
    path = save_checkpoint(tmp_path / "inception.pt", InceptionNet())
    assert load_checkpoint(path, InceptionNet()) == (None, None)
    with pytest.raises(ValueError, match=r"InceptionNet.*ResidualNet.*missing keys: .*rblock1"):
        load_checkpoint(path, ResidualNet())
    with pytest.raises(ValueError, match=r"shape mismatches: fc.weight"):
        load_checkpoint(path, InceptionNet(num_classes=7))


def ctrl_c_halfway(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, int, int]]:
    """From now on torch.save writes the first half of the real checkpoint, then Ctrl-C arrives.

    Returns:
        Filled as saves happen: (file written, bytes written, bytes of the whole checkpoint).
    """
    real_save = torch.save
    cut: list[tuple[Path, int, int]] = []

    def save(payload: object, target: str | os.PathLike[str], *args, **kwargs) -> None:
        whole = io.BytesIO()
        real_save(payload, whole, *args, **kwargs)
        data = whole.getvalue()
        with open(target, "wb") as file:
            file.write(data[: len(data) // 2])
        cut.append((Path(target), len(data) // 2, len(data)))
        raise KeyboardInterrupt

    monkeypatch.setattr(torch, "save", save)
    return cut


def test_an_interrupted_save_keeps_the_previous_checkpoint(tmp_path: Path, monkeypatch) -> None:
    path = save_checkpoint(tmp_path / "model.pt", SimpleCNN(num_classes=7))
    before = path.read_bytes()
    cut = ctrl_c_halfway(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        save_checkpoint(path, SimpleCNN())
    [(written, size, whole)] = cut
    assert written.parent == path.parent and written != path and 0 < size < whole
    assert path.read_bytes() == before
    assert load_checkpoint(path, SimpleCNN(num_classes=7)) == (None, None)
    assert [p.name for p in tmp_path.iterdir()] == ["model.pt"]


def test_an_interrupted_first_save_leaves_no_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "runs" / "model.pt"
    cut = ctrl_c_halfway(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        save_checkpoint(path, SimpleCNN(), config=recipe("lecture", progress=False))
    [(written, size, whole)] = cut
    assert written.parent == path.parent and 0 < size < whole
    assert list(path.parent.iterdir()) == []
