"""The five residual units of He et al., "Identity Mappings in Deep Residual Networks", ECCV 2016.

Its Fig. 4 moves batch norm (BN) and ReLU around the addition of a residual unit with two 3×3
convolutions. ``ResidualUnit(channels, variant=…)`` builds each of them with the same four layers,
``conv1``, ``bn1``, ``conv2``, ``bn2``; only the order in ``forward`` differs:

* ``"original"`` (a): conv-BN-ReLU-conv-BN, add, ReLU (the ResNet of the CVPR 2016 paper);
* ``"bn_after_addition"`` (b): conv-BN-ReLU-conv, add, BN, ReLU;
* ``"relu_before_addition"`` (c): conv-BN-ReLU-conv-BN-ReLU, add;
* ``"relu_only_preactivation"`` (d): ReLU-conv-BN-ReLU-conv-BN, add;
* ``"full_preactivation"`` (e): BN-ReLU-conv-BN-ReLU-conv, add.

Only in (c), (d) and (e) is the path from one unit's input to the next unit's input a pure
identity, ``x_{l+1} = x_l + F(x_l)``. ``PlainUnit`` is (a) without its shortcut.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.models._checks import check_positive

__all__ = ["PlainUnit", "ResidualUnit", "VARIANTS", "VARIANT_LABELS", "check_variant"]

# The paper's letter for each unit of its Fig. 4, by the name ``variant`` takes.
VARIANT_LABELS: dict[str, str] = {
    "original": "(a) original",
    "bn_after_addition": "(b) BN after addition",
    "relu_before_addition": "(c) ReLU before addition",
    "relu_only_preactivation": "(d) ReLU-only pre-activation",
    "full_preactivation": "(e) full pre-activation",
}
VARIANTS: tuple[str, ...] = tuple(VARIANT_LABELS)


def check_variant(owner: str, variant: str, valid: tuple[str, ...] = VARIANTS) -> None:
    """Raise ``ValueError`` unless ``variant`` is one of ``valid``, naming them all."""
    if variant not in valid:
        raise ValueError(
            f"{owner}: variant must be one of {', '.join(map(repr, valid))}, got {variant!r}."
        )


def _conv3x3(channels: int) -> nn.Conv2d:
    # No bias: a batch norm follows (or, in (e), the next unit's batch norm), which removes it.
    return nn.Conv2d(channels, channels, kernel_size=3, padding=1, bias=False)


class ResidualUnit(nn.Module):
    """One residual unit of Fig. 4 of the Identity Mappings paper, with batch norm.

    Args:
        channels: Channels of the input and of the output.
        variant: One of ``VARIANTS``: ``"original"``, ``"bn_after_addition"``,
            ``"relu_before_addition"``, ``"relu_only_preactivation"``, ``"full_preactivation"``.

    Raises:
        ValueError: ``channels`` below 1, or an unknown ``variant``.
    """

    def __init__(self, channels: int, variant: str = "full_preactivation") -> None:
        super().__init__()
        name = type(self).__name__
        check_positive(name, channels=channels)
        check_variant(name, variant)
        self.channels, self.variant = channels, variant
        self.conv1 = _conv3x3(channels)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = _conv3x3(channels)
        # In (b) bn2 normalises the sum; in every other unit it sits on the residual branch.
        self.bn2 = nn.BatchNorm2d(channels)

    def extra_repr(self) -> str:
        return f"variant={self.variant!r}"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        # N x C x H x W throughout: every layer keeps the shape.
        if self.variant == "original":
            out = F.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            return F.relu(identity + out)
        if self.variant == "bn_after_addition":
            out = F.relu(self.bn1(self.conv1(x)))
            out = self.conv2(out)
            return F.relu(self.bn2(identity + out))
        if self.variant == "relu_before_addition":
            out = F.relu(self.bn1(self.conv1(x)))
            out = F.relu(self.bn2(self.conv2(out)))
            return identity + out
        if self.variant == "relu_only_preactivation":
            out = self.bn1(self.conv1(F.relu(x)))
            out = self.bn2(self.conv2(F.relu(out)))
            return identity + out
        # full_preactivation
        out = self.conv1(F.relu(self.bn1(x)))
        out = self.conv2(F.relu(self.bn2(out)))
        return identity + out


class PlainUnit(nn.Module):
    """Unit (a) without its shortcut: ``relu(bn2(conv2(relu(bn1(conv1(x))))))``.

    The same four layers with the same names as a ``ResidualUnit``, so a plain stack and a
    residual stack with batch norm have the same parameters; only the ``+ x`` differs.

    Args:
        channels: Channels of the input and of the output.
    """

    def __init__(self, channels: int) -> None:
        super().__init__()
        check_positive(type(self).__name__, channels=channels)
        self.channels, self.variant = channels, "plain"
        self.conv1 = _conv3x3(channels)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = _conv3x3(channels)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # N x C x H x W throughout
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)))
