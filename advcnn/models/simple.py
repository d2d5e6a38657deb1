"""The previous lecture's plain CNN: two 5×5 convolutions with pooling, then one linear layer.

It is the baseline the Inception and residual networks are compared to.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.models._checks import check_image_size, check_input, check_positive, feature_size

__all__ = ["SimpleCNN"]


class SimpleCNN(nn.Module):
    """conv 1→10 (5×5) → pool → ReLU → conv 10→20 (5×5) → pool → ReLU → linear 320→10.

    Args:
        num_classes: Number of output classes.
        in_channels: Channels of the input images (1 for MNIST).
        image_size: Height and width of the (square) input images.
        conv1_channels: Output channels of ``conv1`` (10).
        conv2_channels: Output channels of ``conv2`` (20).

    Raises:
        ValueError: A channel count below 1, or an image too small for the network.
    """

    def __init__(
        self,
        num_classes: int = 10,
        *,
        in_channels: int = 1,
        image_size: int = 28,
        conv1_channels: int = 10,
        conv2_channels: int = 20,
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
        self.pooling = nn.MaxPool2d(2)
        self.in_channels, self.image_size = in_channels, image_size
        self.feature_size = feature_size(image_size)
        self.flat_features = conv2_channels * self.feature_size**2
        self.fc = nn.Linear(self.flat_features, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_input(type(self).__name__, x, self.in_channels, self.image_size)
        batch_size = x.size(0)
        # N x 1 x 28 x 28
        x = F.relu(self.pooling(self.conv1(x)))
        # N x 10 x 12 x 12
        x = F.relu(self.pooling(self.conv2(x)))
        # N x 20 x 4 x 4
        # The lecture writes x.view(...): reshape gives the same result and also accepts
        # channels-last tensors, which train faster on a CPU.
        x = x.reshape(batch_size, -1)
        # N x 320
        return self.fc(x)
        # N x 10
