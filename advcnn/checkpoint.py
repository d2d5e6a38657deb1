"""Checkpoints: a model's weights, with the ``History`` and ``TrainConfig`` of its run, in one file.

The file holds only tensors and plain Python values, so ``torch.load(path, weights_only=True)``
reads it without running any code from it. The models are the lecture's: GoogLeNet's Inception
module (Szegedy et al. 2015) and ResNet's residual block (He et al. 2016).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import torch
from torch import nn

from advcnn.config import TrainConfig
from advcnn.history import History

__all__ = ["CHECKPOINT_FORMAT", "load_checkpoint", "save_checkpoint"]

CHECKPOINT_FORMAT = "advcnn-checkpoint-1"


def save_checkpoint(
    path: str | os.PathLike[str],
    model: nn.Module,
    *,
    history: History | None = None,
    config: TrainConfig | None = None,
) -> Path:
    """Save the model's weights (and optionally its history and config) to ``path``.

    The file holds only tensors and plain Python values, so ``torch.load(path,
    weights_only=True)`` reads it. It is written to a temporary file in the same folder first and
    then renamed, so an interrupted save (Ctrl-C included) leaves any earlier checkpoint intact and
    never a truncated file under ``path``.

    Returns:
        The path written.
    """
    model = getattr(model, "_orig_mod", model)  # a torch.compile wrapper saves its model's keys
    payload = {
        "format": CHECKPOINT_FORMAT,
        "model_class": type(model).__name__,
        "state_dict": {name: value.detach().cpu() for name, value in model.state_dict().items()},
        "history": None if history is None else history.to_dict(),
        "config": None if config is None else dataclasses.asdict(config),
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target (a rename is atomic only within one file system) and on disk
    # before the rename, so that no moment, Ctrl-C or power cut, finds a half file under ``path``.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        torch.save(payload, temporary)
        with open(temporary, "r+b") as file:
            os.fsync(file.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def load_checkpoint(
    path: str | os.PathLike[str], model: nn.Module
) -> tuple[History | None, TrainConfig | None]:
    """Load weights saved by ``save_checkpoint`` into ``model`` (on whatever device it is).

    Returns:
        The saved ``History`` and ``TrainConfig``, each ``None`` if it was not saved.

    Raises:
        ValueError: The file is not such a checkpoint, or its weights do not fit ``model``.
    """
    payload = torch.load(path, map_location="cpu", weights_only=True)
    if not isinstance(payload, dict) or payload.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{path} is not an advcnn checkpoint (no {CHECKPOINT_FORMAT!r} marker)")
    state = payload["state_dict"]
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    mismatched = [
        f"{name}: saved {tuple(state[name].shape)}, model {tuple(value.shape)}"
        for name, value in expected.items()
        if name in state and state[name].shape != value.shape
    ]
    if missing or unexpected or mismatched:
        problems = [
            f"{label}: {', '.join(names)}"
            for label, names in (
                ("missing keys", missing),
                ("unexpected keys", unexpected),
                ("shape mismatches", mismatched),
            )
            if names
        ]
        raise ValueError(
            f"checkpoint {path} (saved from {payload['model_class']}) does not fit "
            f"{type(model).__name__}; " + "; ".join(problems)
        )
    model.load_state_dict(state)
    history = payload.get("history")
    config = payload.get("config")
    if config is not None:
        known = {f.name for f in dataclasses.fields(TrainConfig)}
        config = TrainConfig(**{key: value for key, value in config.items() if key in known})
    return (None if history is None else History.from_dict(history)), config
