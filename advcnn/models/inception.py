"""The lecture's Inception module and its small MNIST network (Szegedy et al., "Going Deeper with
Convolutions", CVPR 2015); the constructors' defaults are the lecture's widths, their one home."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.models._checks import (
    check_image_size,
    check_input,
    check_positive,
    feature_size,
    keyword_defaults,
)

__all__ = ["LECTURE_INCEPTION", "InceptionA", "InceptionNet"]


def _same_padding(owner: str, kernel_name: str, kernel_size: int, padding: int | None) -> int:
    """The padding that keeps H×W at stride 1, or a ``ValueError`` that explains why none does."""
    check_positive(owner, **{kernel_name: kernel_size})
    if kernel_size % 2 == 0:
        raise ValueError(
            f"{owner}: {kernel_name}={kernel_size} is even, so no symmetric padding keeps the "
            f"image size and the branches could not be concatenated. Use an odd kernel size "
            f"(1, 3, 5, 7, …)."
        )
    keep = (kernel_size - 1) // 2
    if padding is None:
        return keep
    if padding != keep:
        grows = "grows" if padding > keep else "shrinks"
        raise ValueError(
            f"{owner}: a {kernel_size}×{kernel_size} convolution with padding={padding} {grows} "
            f"the image by {2 * abs(padding - keep)} pixels (H_out = H + 2·{padding} − "
            f"{kernel_size} + 1), so its branch could not be concatenated with the others. "
            f"Use padding=(kernel_size − 1) // 2 = {keep}."
        )
    return padding


class InceptionA(nn.Module):
    """The lecture's Inception module: four parallel branches concatenated along channels.

    Each branch keeps the height and width of its input (padding chosen for the kernel size), so
    the concatenation is legal; the 1×1 convolutions in front of the 5×5 and 3×3 branches shrink
    the channel count first, which is what makes the module cheap (see ``advcnn.cost``). Layer
    names and order follow the lecture, so the lecture's ``state_dict`` loads with ``strict=True``.

    Args:
        in_channels: Channels of the input.
        ch1x1: Output channels of the 1×1 branch (lecture: 16).
        ch5x5red: Channels of the 1×1 reduction before the 5×5 convolution (16).
        ch5x5: Output channels of the 5×5 branch (24).
        ch3x3red: Channels of the 1×1 reduction before the two 3×3 convolutions (16).
        ch3x3: Output channels of both 3×3 convolutions (24).
        pool_proj: Output channels of the 1×1 convolution after average pooling (24).
        kernel5x5: Kernel size of the "5×5" branch; must be odd.
        padding5x5: Its padding; ``None`` picks the one that keeps H×W. Any other value raises.
        kernel3x3: Kernel size of the "3×3" branch convolutions; must be odd.
        padding3x3: Their padding; ``None`` picks the one that keeps H×W.

    Raises:
        ValueError: A channel count below 1, or a kernel/padding that would change H×W.
    """

    def __init__(
        self,
        in_channels: int,
        *,
        ch1x1: int = 16,
        ch5x5red: int = 16,
        ch5x5: int = 24,
        ch3x3red: int = 16,
        ch3x3: int = 24,
        pool_proj: int = 24,
        kernel5x5: int = 5,
        padding5x5: int | None = None,
        kernel3x3: int = 3,
        padding3x3: int | None = None,
    ) -> None:
        super().__init__()
        name = type(self).__name__
        check_positive(
            name,
            in_channels=in_channels,
            ch1x1=ch1x1,
            ch5x5red=ch5x5red,
            ch5x5=ch5x5,
            ch3x3red=ch3x3red,
            ch3x3=ch3x3,
            pool_proj=pool_proj,
        )
        pad5 = _same_padding(name, "kernel5x5", kernel5x5, padding5x5)
        pad3 = _same_padding(name, "kernel3x3", kernel3x3, padding3x3)

        self.in_channels = in_channels
        self.out_channels = ch1x1 + ch5x5 + ch3x3 + pool_proj

        # Same attribute names, and the same creation order, as the lecture.
        self.branch1x1 = nn.Conv2d(in_channels, ch1x1, kernel_size=1)

        self.branch5x5_1 = nn.Conv2d(in_channels, ch5x5red, kernel_size=1)
        self.branch5x5_2 = nn.Conv2d(ch5x5red, ch5x5, kernel_size=kernel5x5, padding=pad5)

        self.branch3x3_1 = nn.Conv2d(in_channels, ch3x3red, kernel_size=1)
        self.branch3x3_2 = nn.Conv2d(ch3x3red, ch3x3, kernel_size=kernel3x3, padding=pad3)
        self.branch3x3_3 = nn.Conv2d(ch3x3, ch3x3, kernel_size=kernel3x3, padding=pad3)

        self.branch_pool = nn.Conv2d(in_channels, pool_proj, kernel_size=1)

    @classmethod
    def concat_channels(cls, **branches: int | None) -> int:
        """Channels after the concatenation, for the given branch widths (the lecture's: 88)."""
        widths = keyword_defaults(cls) | branches
        return sum(widths[key] for key in ("ch1x1", "ch5x5", "ch3x3", "pool_proj"))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # N x in_channels x H x W
        branch1x1 = self.branch1x1(x)
        # N x 16 x H x W

        branch5x5 = self.branch5x5_1(x)
        # N x 16 x H x W
        branch5x5 = self.branch5x5_2(branch5x5)
        # N x 24 x H x W

        branch3x3 = self.branch3x3_1(x)
        # N x 16 x H x W
        branch3x3 = self.branch3x3_2(branch3x3)
        # N x 24 x H x W
        branch3x3 = self.branch3x3_3(branch3x3)
        # N x 24 x H x W

        # The lecture writes kernel=3, which F.avg_pool2d rejects: the keyword is kernel_size.
        branch_pool = F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)
        # N x in_channels x H x W
        branch_pool = self.branch_pool(branch_pool)
        # N x 24 x H x W

        outputs = [branch1x1, branch5x5, branch3x3, branch_pool]
        return torch.cat(outputs, dim=1)
        # N x 88 x H x W


class InceptionNet(nn.Module):
    """The lecture's MNIST network: conv → Inception → conv → Inception → linear.

    With the defaults it has 97,298 parameters and a flattened size of 88·4·4 = 1408, computed
    from the configuration rather than typed in.

    Args:
        num_classes: Number of output classes.
        in_channels: Channels of the input images (1 for MNIST).
        image_size: Height and width of the (square) input images.
        conv1_channels: Output channels of ``conv1`` (lecture: 10).
        conv2_channels: Output channels of ``conv2`` (lecture: 20).
        **branches: Keyword arguments for both ``InceptionA`` modules (``ch1x1``, ``ch5x5red``,
            ``ch5x5``, ``ch3x3red``, ``ch3x3``, ``pool_proj``, kernels and paddings).

    Raises:
        ValueError: A channel count below 1, or an image too small for two 5×5 convolutions and
            two 2×2 poolings.
    """

    def __init__(
        self,
        num_classes: int = 10,
        *,
        in_channels: int = 1,
        image_size: int = 28,
        conv1_channels: int = 10,
        conv2_channels: int = 20,
        **branches: int | None,
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
        channel_counts = {key: value for key, value in branches.items() if "kernel" not in key}
        check_positive(name, **{k: v for k, v in channel_counts.items() if "padding" not in k})

        # Created in the lecture's order (conv1, conv2, incep1, incep2, mp, fc), so that the same
        # seed gives the same initial weights as the lecture's own class.
        inception_width = InceptionA.concat_channels(**branches)
        self.conv1 = nn.Conv2d(in_channels, conv1_channels, kernel_size=5)
        self.conv2 = nn.Conv2d(inception_width, conv2_channels, kernel_size=5)
        self.incep1 = InceptionA(in_channels=conv1_channels, **branches)
        self.incep2 = InceptionA(in_channels=conv2_channels, **branches)
        self.mp = nn.MaxPool2d(2)
        self.in_channels, self.image_size = in_channels, image_size
        self.feature_size = feature_size(image_size)
        self.flat_features = inception_width * self.feature_size**2
        self.fc = nn.Linear(self.flat_features, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_input(type(self).__name__, x, self.in_channels, self.image_size)
        in_size = x.size(0)
        # N x 1 x 28 x 28
        x = F.relu(self.mp(self.conv1(x)))
        # N x 10 x 12 x 12
        x = self.incep1(x)
        # N x 88 x 12 x 12
        x = F.relu(self.mp(self.conv2(x)))
        # N x 20 x 4 x 4
        x = self.incep2(x)
        # N x 88 x 4 x 4
        # The lecture writes x.view(...): reshape gives the same result and also accepts
        # channels-last tensors, which train faster on a CPU.
        x = x.reshape(in_size, -1)
        # N x 1408
        x = self.fc(x)
        # N x 10
        return x


#: Every default of ``InceptionNet`` and ``InceptionA`` (widths, kernels, image): the lecture's
#: numbers, read from the constructors so that plots, widgets and ``advcnn.cost`` agree with them.
LECTURE_INCEPTION: dict[str, int] = {
    key: value
    for key, value in (keyword_defaults(InceptionA) | keyword_defaults(InceptionNet)).items()
    if value is not None
}
