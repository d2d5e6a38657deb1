"""What notebook 05's checks on DenseNet recompute: channels from ``channel_table``, the cost of
each layer with and without the bottleneck (``layer_costs``, measured with ``FlopCounterMode``),
and the activation memory of each dense block (``activation_bytes``)."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Sequence
from typing import Any

from advcnn.cost import layer_costs
from advcnn.exercises._core import Mistake, call, expect_close, expect_number
from advcnn.i18n import tr
from advcnn.memory import activation_bytes
from advcnn.models import DenseBlock, DenseNet
from advcnn.models.densenet import ChannelRow, channel_table
from advcnn.plots.densenet import dense_costs

__all__ = [
    "MEMORY_BATCH",
    "MEMORY_BLOCKS",
    "MEMORY_COMPRESSIONS",
    "MEMORY_GROWTH",
    "SAVING_BLOCKS",
    "SAVING_GROWTH",
    "block_end",
    "block_inputs",
    "block_memory",
    "check_block_memory",
    "bottleneck_savings",
]

# Exercise 05.4: the notebook's DenseNet-BC, growth rate 12 and two blocks of 6 layers.
SAVING_GROWTH, SAVING_BLOCKS = 12, (6, 6)
# Exercise 05.5: three blocks of 6 layers, a training batch of 64 (the explorer's).
MEMORY_GROWTH, MEMORY_BLOCKS, MEMORY_BATCH = 12, (6, 6, 6), 64
# The compressions the check tries, from strong to none.
MEMORY_COMPRESSIONS = (0.25, 0.5, 1.0)


def block_end(
    growth_rate: int,
    block_config: Sequence[int],
    block: int,
    *,
    compression: float = 0.5,
    num_init_features: int | None = None,
) -> int:
    """Channels after the last layer of dense block ``block`` (from 1), from ``channel_table``."""
    rows = channel_table(
        growth_rate, block_config, num_init_features=num_init_features, compression=compression
    )
    return [row.total_channels for row in rows if row.name.startswith(f"block{block}.")][-1]


@functools.cache
def bottleneck_savings(
    growth_rate: int = SAVING_GROWTH, block_config: Sequence[int] = SAVING_BLOCKS
) -> dict[str, dict[str, tuple[int, int]]]:
    """``dense_costs(layer_costs(...))`` of a DenseNet with and without the bottleneck.

    Returns:
        ``{"bottleneck": {row name: (params, MACs)}, "plain": {…}}``; also ``"conv_weights"``:
        per row, (parameters of its convolutions only with the bottleneck, without it).
        Cached: read it, never change it.
    """
    models = {
        name: DenseNet(growth_rate, block_config, bottleneck=bottleneck)
        for name, bottleneck in (("bottleneck", True), ("plain", False))
    }
    costs = {name: dense_costs(layer_costs(model)) for name, model in models.items()}
    conv_weights: dict[str, tuple[int, int]] = {}
    for name in costs["plain"]:
        counts = []
        for model in models.values():
            counts.append(
                sum(
                    parameter.numel()
                    for key, parameter in model.named_parameters()
                    if ".conv" in key and _row_of(key) == name
                )
            )
        conv_weights[name] = (counts[0], counts[1])
    return {**costs, "conv_weights": conv_weights}


def _row_of(parameter_name: str) -> str:
    """The ``channel_table`` row a parameter of a DenseNet belongs to."""
    parts = parameter_name.split(".")
    if parts[0] == "blocks":
        return f"block{int(parts[1]) + 1}.layer{parts[2].removeprefix('denselayer')}"
    if parts[0] == "transitions":
        return f"transition{int(parts[1]) + 1}"
    return parts[0]


def block_inputs(compression: float) -> list[ChannelRow]:
    """The first layer's row of every dense block of the exercise's DenseNet: what each block
    reads (``in_channels``) and at what size."""
    rows = channel_table(MEMORY_GROWTH, MEMORY_BLOCKS, compression=compression)
    return [row for row in rows if row.name.startswith("block") and row.name.endswith(".layer1")]


@functools.cache
def _dense_block_bytes(in_channels: int, size: int, batch: int, training: bool) -> int:
    """``activation_bytes`` of one dense block of the exercise's DenseNet (6 layers, k = 12,
    bottleneck) reading ``in_channels`` channels of ``size``×``size``; cached, since the same
    block always holds the same bytes (block 1 is the same at every compression)."""
    block = DenseBlock(MEMORY_BLOCKS[0], in_channels, growth_rate=MEMORY_GROWTH)
    return activation_bytes(block, (batch, in_channels, size, size), training=training)


def block_memory(
    compression: float,
    *,
    batch: int = MEMORY_BATCH,
    sizes: tuple[int, ...] | None = None,
    ignore_compression: bool = False,
    training: bool = True,
) -> tuple[int, ...]:
    """``activation_bytes`` of each dense block of ``DenseNet(12, (6, 6, 6), compression=…)``
    run alone on a batch of the shape ``channel_table`` gives its first layer.

    The keyword arguments reproduce likely mistakes: another batch size, other image sizes
    (``sizes``, one per block), every block fed as if ``compression`` were 1, eval mode.
    """
    rows = block_inputs(1.0 if ignore_compression else compression)
    sizes = tuple(row.size for row in rows) if sizes is None else sizes
    return tuple(
        _dense_block_bytes(row.in_channels, size, batch, training)
        for row, size in zip(rows, sizes, strict=True)
    )


def _memory_mistakes(compression: float, block: int, label: str) -> Iterator[tuple[float, str]]:
    """The bytes each likely mistake gives for ``block``, measured only when asked for, cheapest
    first (``expect_close`` stops at the first that matches)."""
    size = block_inputs(compression)[0].size
    index = block - 1
    yield block_memory(compression)[index] / 1e6, tr("{label}: give bytes, not MB", label=label)
    yield (
        block_memory(compression, batch=1)[index],
        tr("{label}: that is one image; measure a batch of 64", label=label),
    )
    yield (
        block_memory(compression, ignore_compression=True)[index],
        tr(
            "{label}: the block reads what the transition keeps, ⌊θ·m⌋ channels, not all m",
            label=label,
        ),
    )
    yield (
        block_memory(compression, training=False)[index],
        tr(
            "{label}: that is eval mode; measure what training keeps (activation_bytes' default)",
            label=label,
        ),
    )
    yield (
        block_memory(compression, sizes=(size,) * 3)[index],
        tr("{label}: each transition halves H and W", label=label),
    )
    yield (
        block_memory(compression, sizes=(2 * size,) * 3)[index],
        tr("{label}: conv0 and pool0 bring 28×28 to 14×14 before block 1", label=label),
    )


def check_block_memory(function: Any) -> None:
    """Call the learner's ``block_memory`` at several compressions against the package's."""
    what = "block_memory(compression)"
    for compression in MEMORY_COMPRESSIONS:
        given = call(function, compression, what=what)
        if not isinstance(given, (list, tuple)) or len(given) != 3:
            raise Mistake(
                tr(
                    "{what} should return a list of three byte counts, got {given!r:.60}",
                    what=what,
                    given=given,
                )
            )
        right = block_memory(compression)
        for block, (value, expected) in enumerate(zip(given, right, strict=True), start=1):
            number = expect_number(value, tr("a number of bytes for block {block}", block=block))
            if math.isclose(number, expected):
                continue
            label = tr(
                "block {block} at compression {compression}", block=block, compression=compression
            )

            expect_close(
                number,
                expected,
                tr("the activation bytes of {label}", label=label),
                mistakes=_memory_mistakes(compression, block, label),
                hint=tr(
                    "Run activation_bytes(model.blocks[i], (64, C, H, W)) with C and H = W from "
                    "the block's first row of channel_table."
                ),
            )
