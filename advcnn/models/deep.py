"""Deep stacks of blocks, plain or residual, for the "can we just stack more layers?" experiment.

Reference: He et al., "Deep Residual Learning for Image Recognition", CVPR 2016, Section 4.1:
deeper plain networks train *worse* than shallower ones (degradation), while the same depth with
identity shortcuts trains well.

``DeepStack`` has a small stem that brings MNIST to 7×7, then ``depth`` blocks of two 3×3
convolutions each, then global average pooling and a linear classifier. A ``PlainBlock`` and a
``ResidualBlock`` of the same width have the same layers and the same parameter count; the only
difference is the ``+ x``. There is no batch normalisation on purpose: it would hide the effect
the experiment shows.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.models._checks import check_positive
from advcnn.models.residual import ResidualBlock

__all__ = ["PlainBlock", "DeepStack"]


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

    Args:
        depth: Number of blocks (each has two convolutions).
        residual: ``True`` for ``ResidualBlock`` (with shortcuts), ``False`` for ``PlainBlock``.
        channels: Width of every block.
        num_classes: Number of output classes.
        in_channels: Channels of the input images (1 for MNIST).

    Raises:
        ValueError: ``depth``, ``channels``, ``num_classes`` or ``in_channels`` below 1.
    """

    def __init__(
        self,
        depth: int,
        *,
        residual: bool,
        channels: int = 16,
        num_classes: int = 10,
        in_channels: int = 1,
    ) -> None:
        super().__init__()
        check_positive(
            type(self).__name__,
            depth=depth,
            channels=channels,
            num_classes=num_classes,
            in_channels=in_channels,
        )
        self.depth, self.residual, self.channels = depth, residual, channels
        self.stem = nn.Conv2d(in_channels, channels, kernel_size=3, padding=1)
        # 4×4 max-pooling brings 28×28 to 7×7, which keeps a deep stack cheap on a CPU.
        self.pooling = nn.MaxPool2d(4)
        block = ResidualBlock if residual else PlainBlock
        self.blocks = nn.ModuleList(block(channels) for _ in range(depth))
        self.fc = nn.Linear(channels, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # N x 1 x 28 x 28
        x = self.pooling(F.relu(self.stem(x)))
        # N x C x 7 x 7
        for block in self.blocks:
            x = block(x)
        # N x C x 7 x 7
        x = x.mean(dim=(2, 3))
        # N x C
        return self.fc(x)
        # N x 10
