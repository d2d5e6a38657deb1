"""Deep stacks of blocks, plain or residual, for the "can we just stack more layers?" experiment.

Reference: He et al., "Deep Residual Learning for Image Recognition", CVPR 2016, Section 4.1:
deeper plain networks train *worse* than shallower ones (degradation), while the same depth with
identity shortcuts trains well.

``DeepStack`` has a small stem that brings MNIST to 7×7, then ``depth`` blocks of two 3×3
convolutions each, then global average pooling and a linear classifier. With ``residual=`` the
blocks are the lecture's: a ``PlainBlock`` and a ``ResidualBlock`` of the same width have the
same layers and the same parameter count; the only difference is the ``+ x``. There is no batch
normalisation on purpose: it would hide the vanishing gradients the lecture's experiment shows.
With ``variant=`` instead, every convolution is followed by batch norm: ``"plain"`` for
``PlainUnit`` or one of the five ``ResidualUnit`` variants of the Identity Mappings paper.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.models._checks import check_positive
from advcnn.models.residual import ResidualBlock
from advcnn.models.residual_units import VARIANTS, PlainUnit, ResidualUnit, check_variant

__all__ = ["PlainBlock", "DeepStack", "STACK_VARIANTS"]

# What ``DeepStack(variant=…)`` takes: a plain stack with batch norm, or a residual unit.
STACK_VARIANTS: tuple[str, ...] = ("plain", *VARIANTS)


class PlainBlock(nn.Module):
    """A ``ResidualBlock`` without its shortcut: ``relu(conv2(relu(conv1(x))))``.

    Args:
        channels: Channels of the input and of the output.
    """

    def __init__(self, channels: int) -> None:
        super().__init__()
        check_positive(type(self).__name__, channels=channels)
        self.channels = channels
        self.conv1 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.conv1(x))
        return F.relu(self.conv2(out))


class DeepStack(nn.Module):
    """Stem, then ``depth`` plain or residual blocks, then average pooling and a linear layer.

    Pass exactly one of ``residual`` (the lecture's blocks, no batch norm) and ``variant`` (blocks
    with batch norm). With a ``variant`` the stem is conv-BN-ReLU, and the two pre-activation
    variants end with the extra activation He et al. put after the last unit (BN-ReLU for
    ``"full_preactivation"``, ReLU for ``"relu_only_preactivation"``), since their units'
    outputs are not activated.

    Args:
        depth: Number of blocks (each has two convolutions).
        residual: ``True`` for ``ResidualBlock`` (with shortcuts), ``False`` for ``PlainBlock``.
        variant: One of ``STACK_VARIANTS``: ``"plain"`` (``PlainUnit``) or a ``ResidualUnit``
            variant (``"original"``, ``"bn_after_addition"``, ``"relu_before_addition"``,
            ``"relu_only_preactivation"``, ``"full_preactivation"``).
        channels: Width of every block.
        num_classes: Number of output classes.
        in_channels: Channels of the input images (1 for MNIST).

    Raises:
        ValueError: ``depth``, ``channels``, ``num_classes`` or ``in_channels`` below 1, both or
            neither of ``residual`` and ``variant``, or an unknown ``variant``.
    """

    def __init__(
        self,
        depth: int,
        *,
        residual: bool | None = None,
        variant: str | None = None,
        channels: int = 16,
        num_classes: int = 10,
        in_channels: int = 1,
    ) -> None:
        super().__init__()
        name = type(self).__name__
        check_positive(
            name, depth=depth, channels=channels, num_classes=num_classes, in_channels=in_channels
        )
        if (residual is None) == (variant is None):
            raise ValueError(
                f"{name}: pass exactly one of residual=True/False (the lecture's blocks, no batch "
                f"norm) and variant=… (one of {', '.join(map(repr, STACK_VARIANTS))}), got "
                f"residual={residual!r}, variant={variant!r}."
            )
        if variant is not None:
            check_variant(name, variant, STACK_VARIANTS)
            residual = variant != "plain"
        self.depth, self.residual, self.channels = depth, residual, channels
        self.variant = variant
        self.stem = nn.Conv2d(in_channels, channels, kernel_size=3, padding=1, bias=variant is None)
        self.stem_bn = nn.BatchNorm2d(channels) if variant is not None else None
        # 4×4 max-pooling brings 28×28 to 7×7, which keeps a deep stack cheap on a CPU.
        self.pooling = nn.MaxPool2d(4)
        self.blocks = nn.ModuleList(self._block(variant, residual, channels) for _ in range(depth))
        self.final_bn = nn.BatchNorm2d(channels) if variant == "full_preactivation" else None
        self.fc = nn.Linear(channels, num_classes)

    @staticmethod
    def _block(variant: str | None, residual: bool, channels: int) -> nn.Module:
        if variant is None:
            return ResidualBlock(channels) if residual else PlainBlock(channels)
        return PlainUnit(channels) if variant == "plain" else ResidualUnit(channels, variant)

    def run_stem(self, x: torch.Tensor) -> torch.Tensor:
        """What the first block receives: the stem convolution (and BN), ReLU, 4×4 pooling."""
        # N x 1 x 28 x 28
        x = self.stem(x)
        if self.stem_bn is not None:
            x = self.stem_bn(x)
        # N x C x 28 x 28, pooled to N x C x 7 x 7
        return self.pooling(F.relu(x))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # N x 1 x 28 x 28
        x = self.run_stem(x)
        # N x C x 7 x 7
        for block in self.blocks:
            x = block(x)
        # N x C x 7 x 7
        if self.final_bn is not None:
            x = self.final_bn(x)
        if self.variant in ("full_preactivation", "relu_only_preactivation"):
            x = F.relu(x)
        x = x.mean(dim=(2, 3))
        # N x C
        return self.fc(x)
        # N x 10
