"""How much the layer after an Inception module relies on each branch of its concatenation.

The lecture says training makes the good branch combinations' weights larger. The layer that
reads a concatenation (``conv2`` after ``incep1``, ``fc`` after ``incep2`` in ``InceptionNet``)
has one slice of weights per branch; these functions measure those slices, what each branch
contributes to that layer's input signal, and what the network loses without a branch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.models import InceptionA, InceptionNet

__all__ = [
    "BRANCHES",
    "READERS",
    "BranchWeights",
    "branch_channels",
    "branch_contributions",
    "branch_weight_norms",
    "without_branch",
]

# The branches in the order InceptionA.forward concatenates them, named as in its forward.
BRANCHES = ("branch1x1", "branch5x5", "branch3x3", "branch_pool")
# In InceptionNet: each Inception module, and the layer that reads its output.
READERS = {"incep1": "conv2", "incep2": "fc"}


@dataclass(frozen=True)
class BranchWeights:
    """The weights one layer gives the branches of the concatenation it reads.

    Attributes:
        module: The Inception module, e.g. ``"incep1"``.
        reader: The layer that reads its output, e.g. ``"conv2"``.
        channels: Channels of each branch, by branch name.
        norms: L2 norm of the reader's weights on each branch's channels.
    """

    module: str
    reader: str
    channels: dict[str, int]
    norms: dict[str, float]

    @property
    def per_channel(self) -> dict[str, float]:
        """Root mean square over each branch's channels, ``norm / sqrt(channels)``: branches of
        different widths on one scale (a wider branch has a larger norm for that reason alone)."""
        return {name: self.norms[name] / self.channels[name] ** 0.5 for name in self.norms}


def branch_channels(module: InceptionA) -> dict[str, slice]:
    """Where each branch's channels sit in the module's output, in concatenation order."""
    widths = (
        module.branch1x1.out_channels,
        module.branch5x5_2.out_channels,
        module.branch3x3_3.out_channels,
        module.branch_pool.out_channels,
    )
    slices, start = {}, 0
    for name, width in zip(BRANCHES, widths, strict=True):
        slices[name] = slice(start, start + width)
        start += width
    return slices


def _reader_weight(reader: nn.Module, channels: int) -> torch.Tensor:
    """The reader's weight as out x channels x (everything else): a convolution's kernel
    positions, or a linear layer's pixels of each channel (the flattening is channel-major)."""
    if not isinstance(reader, nn.Conv2d | nn.Linear):
        raise TypeError(
            f"branch weights: the reader must be an nn.Conv2d or nn.Linear, got "
            f"{type(reader).__name__}"
        )
    weight = reader.weight.detach()
    in_features = weight.shape[1]
    if in_features % channels:
        raise ValueError(
            f"branch weights: the reader has {in_features} inputs, not a multiple of the "
            f"{channels} concatenated channels; pass the layer that reads the Inception module"
        )
    return weight.reshape(weight.shape[0], channels, -1)


def branch_weight_norms(model: InceptionNet) -> list[BranchWeights]:
    """Per-branch L2 norms of the weights that read each Inception module's concatenation.

    Args:
        model: An ``InceptionNet``, trained or not.

    Returns:
        One ``BranchWeights`` per Inception module: ``incep1`` read by ``conv2``, ``incep2``
        read by ``fc``.
    """
    if not isinstance(model, InceptionNet):
        raise TypeError(f"branch_weight_norms needs an InceptionNet, got {type(model).__name__}")
    results = []
    for module_name, reader_name in READERS.items():
        module: InceptionA = getattr(model, module_name)
        slices = branch_channels(module)
        weight = _reader_weight(getattr(model, reader_name), module.out_channels)
        results.append(
            BranchWeights(
                module=module_name,
                reader=reader_name,
                channels={name: s.stop - s.start for name, s in slices.items()},
                norms={name: float(weight[:, s].norm()) for name, s in slices.items()},
            )
        )
    return results


@torch.inference_mode()
def branch_contributions(model: InceptionNet, images: torch.Tensor) -> dict[str, dict[str, float]]:
    """How strongly each branch drives the layer that reads the concatenation, on real images.

    The reader is linear in its input, so its output (without its bias) is the sum of what each
    branch's channels alone produce. A weight counts only as much as the activations it meets:
    this is the root-mean-square of each branch's share of the reader's output.

    Args:
        model: An ``InceptionNet``.
        images: A batch, N x C x H x W, on the model's device.

    Returns:
        ``{module: {branch: rms}}`` for ``incep1`` and ``incep2``.
    """
    if not isinstance(model, InceptionNet):
        raise TypeError(f"branch_contributions needs an InceptionNet, got {type(model).__name__}")
    was_training = model.training
    model.eval()
    captured: dict[str, torch.Tensor] = {}
    hooks = [
        getattr(model, name).register_forward_hook(
            lambda _module, _inputs, output, name=name: captured.__setitem__(name, output)
        )
        for name in READERS
    ]
    try:
        model(images)
    finally:
        for hook in hooks:
            hook.remove()
        model.train(was_training)
    results = {}
    for module_name, reader_name in READERS.items():
        reader = getattr(model, reader_name)
        concatenated = captured[module_name]
        shares = {}
        for name, channels in branch_channels(getattr(model, module_name)).items():
            alone = torch.zeros_like(concatenated)
            alone[:, channels] = concatenated[:, channels]
            if isinstance(reader, nn.Linear):
                share = F.linear(alone.reshape(len(alone), -1), reader.weight)
            else:
                share = F.conv2d(
                    alone, reader.weight, None, reader.stride, reader.padding, reader.dilation
                )
            shares[name] = float(share.pow(2).mean().sqrt())
        results[module_name] = shares
    return results


@contextlib.contextmanager
def without_branch(model: InceptionNet, module: str, branch: str) -> Iterator[InceptionNet]:
    """Within the ``with`` block, ``model`` runs with one branch's output channels set to zero.

    Evaluate the model inside it to see what the network loses without that branch.

    Args:
        model: An ``InceptionNet``.
        module: ``"incep1"`` or ``"incep2"``.
        branch: One of ``BRANCHES``.
    """
    if module not in READERS:
        raise ValueError(
            f"without_branch: module must be one of {', '.join(READERS)}, got {module!r}"
        )
    if branch not in BRANCHES:
        raise ValueError(
            f"without_branch: branch must be one of {', '.join(BRANCHES)}, got {branch!r}"
        )
    inception: InceptionA = getattr(model, module)
    channels = branch_channels(inception)[branch]

    def silence(_module: nn.Module, _inputs: object, output: torch.Tensor) -> torch.Tensor:
        output = output.clone()
        output[:, channels] = 0
        return output

    hook = inception.register_forward_hook(silence)
    try:
        yield model
    finally:
        hook.remove()
