"""Residual blocks and the lecture's small residual network (He et al., "Deep Residual Learning
for Image Recognition", CVPR 2016)."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.models._checks import check_image_size, check_input, check_positive, feature_size

__all__ = ["ResidualBlock", "ResidualNet", "ShortcutBlock"]


class ResidualBlock(nn.Module):
    """The lecture's residual block: ``relu(x + conv2(relu(conv1(x))))``.

    The input skips over two convolutions and is added back. Its gradient with respect to ``x``
    is ``1 + dF/dx`` (before the last ReLU), so even when ``dF/dx`` is tiny the signal still
    reaches early layers.

    Both convolutions are 3×3 with padding 1, so the output has the input's shape and the two
    can be added.

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
        identity = x
        # N x C x H x W
        out = F.relu(self.conv1(x))
        # N x C x H x W
        out = self.conv2(out)
        # N x C x H x W
        return F.relu(identity + out)


class ShortcutBlock(nn.Module):
    """A residual block whose output shape differs from its input (the dotted-line shortcut).

    The main path is ``conv3x3(stride) → ReLU → conv3x3``; the shortcut must bring ``x`` to the
    same shape before the addition. Two ways, both from He et al. 2016:

    * ``"projection"``: a 1×1 convolution with the same stride (option B), learned;
    * ``"pad"``: average-pool by the stride, then append zero channels, parameter-free: the
      lecture's and fastbook's variant of He et al.'s option A (which subsamples with stride 2
      instead of pooling).

    Args:
        in_channels: Channels of the input.
        out_channels: Channels of the output; must be ≥ ``in_channels`` for ``"pad"``.
        stride: Down-sampling factor of the block (1 keeps H×W).
        shortcut: ``"projection"`` or ``"pad"``.

    Raises:
        ValueError: A channel count or stride below 1, an unknown shortcut, or ``"pad"`` asked
            to reduce channels.
    """

    def __init__(
        self, in_channels: int, out_channels: int, *, stride: int = 2, shortcut: str = "projection"
    ) -> None:
        super().__init__()
        name = type(self).__name__
        check_positive(name, in_channels=in_channels, out_channels=out_channels, stride=stride)
        if shortcut not in ("projection", "pad"):
            raise ValueError(f"{name}: shortcut must be 'projection' or 'pad', got {shortcut!r}.")
        if shortcut == "pad" and out_channels < in_channels:
            raise ValueError(
                f"{name}: shortcut='pad' can only add channels, but out_channels={out_channels} "
                f"< in_channels={in_channels}. Use shortcut='projection' to reduce channels."
            )
        self.in_channels, self.out_channels = in_channels, out_channels
        self.stride, self.shortcut_kind = stride, shortcut
        self.conv1 = nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1)
        self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1)
        self.projection = (
            nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride)
            if shortcut == "projection"
            else None
        )

    def _shortcut(self, x: torch.Tensor) -> torch.Tensor:
        if self.projection is not None:
            return self.projection(x)
        if self.stride > 1:
            # ceil_mode matches the main path's output size, ⌊(H − 1) / s⌋ + 1, for odd H too.
            x = F.avg_pool2d(x, kernel_size=self.stride, stride=self.stride, ceil_mode=True)
        # Zero channels appended at the end: (left, right, top, bottom, front, back) padding.
        return F.pad(x, (0, 0, 0, 0, 0, self.out_channels - self.in_channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = self._shortcut(x)
        # N x out_channels x H/stride x W/stride
        out = F.relu(self.conv1(x))
        # N x out_channels x H/stride x W/stride
        out = self.conv2(out)
        return F.relu(identity + out)


class ResidualNet(nn.Module):
    """The lecture's MNIST network: conv → residual block → conv → residual block → linear.

    With the defaults it has 41,514 parameters and a flattened size of 32·4·4 = 512.

    Args:
        num_classes: Number of output classes.
        in_channels: Channels of the input images (1 for MNIST).
        image_size: Height and width of the (square) input images.
        conv1_channels: Output channels of ``conv1`` and of ``rblock1`` (lecture: 16).
        conv2_channels: Output channels of ``conv2`` and of ``rblock2`` (lecture: 32).

    Raises:
        ValueError: A channel count below 1, or an image too small for the network.
    """

    def __init__(
        self,
        num_classes: int = 10,
        *,
        in_channels: int = 1,
        image_size: int = 28,
        conv1_channels: int = 16,
        conv2_channels: int = 32,
    ) -> None:
        super().__init__()
        name = type(self).__name__
        check_positive(
            name,
            num_classes=num_classes,
            in_channels=in_channels,
            conv1_channels=conv1_channels,
            conv2_channels=conv2_channels,
        )
        check_image_size(name, image_size)
        self.conv1 = nn.Conv2d(in_channels, conv1_channels, kernel_size=5)
        self.conv2 = nn.Conv2d(conv1_channels, conv2_channels, kernel_size=5)
        self.mp = nn.MaxPool2d(2)
        self.rblock1 = ResidualBlock(conv1_channels)
        self.rblock2 = ResidualBlock(conv2_channels)
        self.in_channels, self.image_size = in_channels, image_size
        self.feature_size = feature_size(image_size)
        self.flat_features = conv2_channels * self.feature_size**2
        self.fc = nn.Linear(self.flat_features, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_input(type(self).__name__, x, self.in_channels, self.image_size)
        in_size = x.size(0)
        # N x 1 x 28 x 28
        x = self.mp(F.relu(self.conv1(x)))
        # N x 16 x 12 x 12
        x = self.rblock1(x)
        # N x 16 x 12 x 12
        x = self.mp(F.relu(self.conv2(x)))
        # N x 32 x 4 x 4
        x = self.rblock2(x)
        # N x 32 x 4 x 4
        # The lecture writes x.view(...): reshape gives the same result and also accepts
        # channels-last tensors, which train faster on a CPU.
        x = x.reshape(in_size, -1)
        # N x 512
        x = self.fc(x)
        # N x 10
        return x
