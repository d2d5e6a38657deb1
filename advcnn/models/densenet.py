"""DenseNet: Huang et al., "Densely Connected Convolutional Networks", CVPR 2017, small for MNIST.

In a dense block every layer receives the concatenation of all earlier feature maps and adds
``growth_rate`` (k) new ones: after l layers a block that started with k0 channels holds
k0 + l·k. A transition layer between blocks (BN-ReLU-1×1 conv-2×2 average pooling) keeps
⌊θ·m⌋ of the m channels, θ being the ``compression``. The arguments and layer names are those of
``torchvision.models.densenet`` (``num_layers``, ``num_input_features``, ``bn_size``,
``growth_rate``, ``drop_rate``; ``denselayer1.norm1`` …), so torchvision's ``_DenseBlock``
state_dict loads into ``DenseBlock`` with ``strict=True``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.models._checks import check_positive

__all__ = [
    "ChannelRow",
    "DenseBlock",
    "DenseLayer",
    "DenseNet",
    "Transition",
    "channel_table",
    "check_compression",
    "BLOCK_CONFIG",
    "COMPRESSION",
    "GROWTH_RATE",
]

# The small DenseNet-BC's defaults, read by the model, ``channel_table`` and the explorer.
GROWTH_RATE = 12
BLOCK_CONFIG = (6, 6)
COMPRESSION = 0.5


def check_compression(owner: str, compression: float) -> None:
    """Raise ``ValueError`` unless ``0 < compression ≤ 1``."""
    if isinstance(compression, bool) or not isinstance(compression, int | float):
        raise ValueError(f"{owner}: compression must be a number in (0, 1], got {compression!r}.")
    if not 0 < compression <= 1:
        raise ValueError(
            f"{owner}: compression must be in (0, 1] (θ; 1 keeps every channel, DenseNet-BC "
            f"uses 0.5), got {compression!r}."
        )


@dataclass(frozen=True)
class ChannelRow:
    """One layer of a ``DenseNet`` in ``channel_table``: what comes in and what goes out.

    Attributes:
        name: ``"conv0"``, ``"block1.layer3"``, ``"transition1"``, ….
        in_channels: Channels the layer reads (for a dense layer: everything before it).
        out_channels: Channels the layer writes (k for a dense layer).
        total_channels: Channels of the running feature map after the layer (for a dense layer:
            the concatenation, k0 + l·k).
        size: Height (= width) of its output.
    """

    name: str
    in_channels: int
    out_channels: int
    total_channels: int
    size: int


def channel_table(
    growth_rate: int = GROWTH_RATE,
    block_config: Sequence[int] = BLOCK_CONFIG,
    num_init_features: int | None = None,
    compression: float = COMPRESSION,
    image_size: int = 28,
) -> list[ChannelRow]:
    """The channel arithmetic of a ``DenseNet``, from its configuration alone (no model built).

    Returns:
        One row for ``conv0``, one per dense layer (k0 + l·k in), one per transition (⌊θ·m⌋ out).
    """
    channels = 2 * growth_rate if num_init_features is None else num_init_features
    size = image_size // 2
    rows = [ChannelRow("conv0", 1, channels, channels, size)]
    for block, num_layers in enumerate(block_config, start=1):
        for layer in range(1, num_layers + 1):
            rows.append(
                ChannelRow(
                    f"block{block}.layer{layer}",
                    channels,
                    growth_rate,
                    channels + growth_rate,
                    size,
                )
            )
            channels += growth_rate
        if block < len(block_config):
            out = math.floor(compression * channels)
            size //= 2
            rows.append(ChannelRow(f"transition{block}", channels, out, out, size))
            channels = out
    return rows


class DenseLayer(nn.Module):
    """One layer of a dense block: k new feature maps from all the maps before it.

    The bottleneck form ("B"): BN-ReLU-1×1 conv to ``bn_size · growth_rate`` channels, then
    BN-ReLU-3×3 conv to ``growth_rate``. The plain form: BN-ReLU-3×3 conv to ``growth_rate``.

    Args:
        num_input_features: Channels coming in (the concatenation of everything before).
        growth_rate: k, the channels this layer adds.
        bn_size: The bottleneck's width as a multiple of k (4 in the paper); unused without it.
        drop_rate: Dropout probability on the new maps (0 turns it off).
        bottleneck: The "B" form with its 1×1 convolution, or the plain form.

    Raises:
        ValueError: A size below 1, or ``drop_rate`` outside [0, 1).
    """

    def __init__(
        self,
        num_input_features: int,
        growth_rate: int,
        bn_size: int = 4,
        drop_rate: float = 0.0,
        *,
        bottleneck: bool = True,
    ) -> None:
        super().__init__()
        name = type(self).__name__
        check_positive(
            name, num_input_features=num_input_features, growth_rate=growth_rate, bn_size=bn_size
        )
        if not 0 <= drop_rate < 1:
            raise ValueError(f"{name}: drop_rate must be in [0, 1), got {drop_rate!r}.")
        self.num_input_features, self.growth_rate = num_input_features, growth_rate
        self.bottleneck, self.drop_rate = bottleneck, float(drop_rate)
        self.norm1 = nn.BatchNorm2d(num_input_features)
        self.relu1 = nn.ReLU()
        if bottleneck:
            width = bn_size * growth_rate
            self.conv1 = nn.Conv2d(num_input_features, width, kernel_size=1, bias=False)
            self.norm2 = nn.BatchNorm2d(width)
            self.relu2 = nn.ReLU()
            self.conv2 = nn.Conv2d(width, growth_rate, kernel_size=3, padding=1, bias=False)
        else:
            self.conv1 = nn.Conv2d(
                num_input_features, growth_rate, kernel_size=3, padding=1, bias=False
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # N x num_input_features x H x W
        out = self.conv1(self.relu1(self.norm1(x)))
        if self.bottleneck:
            # N x bn_size·k x H x W
            out = self.conv2(self.relu2(self.norm2(out)))
        # N x k x H x W
        if self.drop_rate > 0:
            out = F.dropout(out, p=self.drop_rate, training=self.training)
        return out


class DenseBlock(nn.Module):
    """``num_layers`` dense layers, each fed the concatenation of the input and all new maps.

    Args:
        num_layers: Layers in the block.
        num_input_features: k0, the channels entering the block.
        bn_size: Bottleneck width as a multiple of ``growth_rate``.
        growth_rate: k, channels each layer adds.
        drop_rate: Dropout probability inside each layer.
        bottleneck: Bottleneck ("B") layers or plain ones.

    Attributes:
        num_output_features: k0 + num_layers · k, the channels leaving the block.
    """

    def __init__(
        self,
        num_layers: int,
        num_input_features: int,
        bn_size: int = 4,
        growth_rate: int = 12,
        drop_rate: float = 0.0,
        *,
        bottleneck: bool = True,
    ) -> None:
        super().__init__()
        check_positive(type(self).__name__, num_layers=num_layers, growth_rate=growth_rate)
        for index in range(num_layers):
            layer = DenseLayer(
                num_input_features + index * growth_rate,
                growth_rate,
                bn_size,
                drop_rate,
                bottleneck=bottleneck,
            )
            self.add_module(f"denselayer{index + 1}", layer)
        self.num_output_features = num_input_features + num_layers * growth_rate

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = [x]
        for layer in self.children():
            # Every layer sees everything so far: N x (k0 + l·k) x H x W.
            features.append(layer(torch.cat(features, dim=1)))
        # N x (k0 + num_layers·k) x H x W
        return torch.cat(features, dim=1)


class Transition(nn.Sequential):
    """BN-ReLU-1×1 conv to ⌊θ·m⌋ channels, then 2×2 average pooling (halves H and W).

    Args:
        num_input_features: m, the channels leaving the dense block before.
        compression: θ in (0, 1]; 1 keeps every channel.

    Raises:
        ValueError: ``compression`` outside (0, 1], or a θ·m below one channel.
    """

    def __init__(self, num_input_features: int, compression: float = 0.5) -> None:
        name = type(self).__name__
        check_positive(name, num_input_features=num_input_features)
        check_compression(name, compression)
        num_output_features = math.floor(compression * num_input_features)
        if num_output_features < 1:
            raise ValueError(
                f"{name}: compression={compression} of {num_input_features} channels leaves "
                f"none; use a larger compression."
            )
        super().__init__()
        self.norm = nn.BatchNorm2d(num_input_features)
        self.relu = nn.ReLU()
        self.conv = nn.Conv2d(num_input_features, num_output_features, kernel_size=1, bias=False)
        self.pool = nn.AvgPool2d(kernel_size=2, stride=2)
        self.num_output_features = num_output_features


class DenseNet(nn.Module):
    """A small DenseNet(-BC) for 28×28 digits.

    ``conv0`` (3×3, ``num_init_features`` channels) and 2×2 max-pooling bring 28×28 to 14×14;
    then dense blocks with a transition (which halves H×W) between each two; then BN-ReLU, global
    average pooling and a linear classifier.

    Args:
        growth_rate: k, channels each dense layer adds.
        block_config: Layers in each dense block, e.g. ``(6, 6)``.
        num_init_features: Channels of ``conv0``; ``None`` means 2k, as in the paper's DenseNet-BC.
        bn_size: Bottleneck width as a multiple of k.
        bottleneck: Bottleneck ("B") dense layers or plain ones.
        compression: θ of every transition, in (0, 1].
        drop_rate: Dropout probability inside the dense layers.
        num_classes: Number of output classes.
        in_channels: Channels of the input images (1 for MNIST).
        image_size: Height and width of the input images.

    Raises:
        ValueError: A size below 1, ``compression`` outside (0, 1], or more blocks than the image
            can be halved for.
    """

    def __init__(
        self,
        growth_rate: int = GROWTH_RATE,
        block_config: Sequence[int] = BLOCK_CONFIG,
        num_init_features: int | None = None,
        bn_size: int = 4,
        *,
        bottleneck: bool = True,
        compression: float = COMPRESSION,
        drop_rate: float = 0.0,
        num_classes: int = 10,
        in_channels: int = 1,
        image_size: int = 28,
    ) -> None:
        super().__init__()
        name = type(self).__name__
        check_positive(name, growth_rate=growth_rate, num_classes=num_classes)
        check_positive(name, in_channels=in_channels, image_size=image_size)
        check_compression(name, compression)
        block_config = tuple(block_config)
        if not block_config or any(
            isinstance(n, bool) or not isinstance(n, int) or n < 1 for n in block_config
        ):
            raise ValueError(
                f"{name}: block_config must list at least one block of ≥ 1 layers, e.g. (6, 6), "
                f"got {block_config!r}."
            )
        if image_size // 2 ** len(block_config) < 1:
            raise ValueError(
                f"{name}: {len(block_config)} blocks halve a {image_size}-pixel image below one "
                f"pixel; use at most {int(math.log2(image_size))} blocks (block_config)."
            )
        num_features = 2 * growth_rate if num_init_features is None else num_init_features
        check_positive(name, num_init_features=num_features)
        self.growth_rate, self.block_config = growth_rate, block_config
        self.bottleneck, self.compression = bottleneck, compression
        self.conv0 = nn.Conv2d(in_channels, num_features, kernel_size=3, padding=1, bias=False)
        self.pool0 = nn.MaxPool2d(2)
        self.blocks = nn.ModuleList()
        self.transitions = nn.ModuleList()
        for index, num_layers in enumerate(block_config):
            block = DenseBlock(
                num_layers, num_features, bn_size, growth_rate, drop_rate, bottleneck=bottleneck
            )
            self.blocks.append(block)
            num_features = block.num_output_features
            if index < len(block_config) - 1:
                transition = Transition(num_features, compression)
                self.transitions.append(transition)
                num_features = transition.num_output_features
        self.norm5 = nn.BatchNorm2d(num_features)
        self.classifier = nn.Linear(num_features, num_classes)
        self.num_features = num_features

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # N x 1 x 28 x 28
        x = self.pool0(self.conv0(x))
        # N x 2k x 14 x 14
        for index, block in enumerate(self.blocks):
            x = block(x)
            # N x (k0 + l·k) x H x W
            if index < len(self.transitions):
                x = self.transitions[index](x)
                # N x ⌊θ·m⌋ x H/2 x W/2
        x = F.relu(self.norm5(x)).mean(dim=(2, 3))
        # N x num_features
        return self.classifier(x)
        # N x 10
