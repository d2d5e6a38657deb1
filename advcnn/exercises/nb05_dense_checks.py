"""Checks of notebook 05's DenseNet exercises: what the bottleneck costs in a small DenseNet-BC
(05.4) and where the activation memory goes under compression (05.5). Registered by ``nb05``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advcnn.exercises._core import (
    Mistake,
    expect_choice,
    expect_close,
    parts,
)
from advcnn.exercises.nb05_dense import (
    MEMORY_BATCH,
    MEMORY_COMPRESSIONS,
    block_memory,
    bottleneck_savings,
    check_block_memory,
)
from advcnn.exercises.nb05_units import own_random_state
from advcnn.i18n import tr

__all__ = ["bottleneck_costs", "compression_memory"]


@own_random_state
def bottleneck_costs(answer: Any) -> str:
    given = parts(answer, ("params_saved", "macs_saved", "cheaper"))
    costs = bottleneck_savings()
    with_b, plain, convs = costs["bottleneck"], costs["plain"], costs["conv_weights"]
    saved = [sum(plain[row][i] - with_b[row][i] for row in plain) for i in (0, 1)]
    block1 = [
        sum(plain[r][i] - with_b[r][i] for r in plain if r.startswith("block1.")) for i in (0, 1)
    ]
    sign = tr(
        "the sign is flipped: the answer is (without the bottleneck) − (with it), negative when "
        "the bottleneck costs more"
    )
    one_block = tr("that is block 1 alone: the network has two dense blocks")
    expect_close(
        given["params_saved"],
        saved[0],
        tr("the parameters the bottleneck saves"),
        mistakes=[
            (-saved[0], sign),
            (
                sum(plain_conv - b_conv for b_conv, plain_conv in convs.values()),
                tr(
                    "you counted the convolutions only: the bottleneck adds a batch norm (norm2) "
                    "with a scale and a shift per channel in every dense layer"
                ),
            ),
            (block1[0], one_block),
        ],
        hint=tr(
            "Subtract count_params of the DenseNet with the bottleneck from that of the one "
            "without."
        ),
    )
    expect_close(
        given["macs_saved"],
        saved[1],
        tr("the MACs the bottleneck saves"),
        mistakes=[
            (-saved[1], sign),
            (2 * saved[1], tr("those are FLOPs: FlopCounterMode counts 2 per multiply-add")),
            (-2 * saved[1], tr("those are FLOPs (2 per MAC), and {sign}", sign=sign)),
            (MEMORY_BATCH * saved[1], tr("that is a batch of 64: count the MACs per image")),
            (block1[1], one_block),
        ],
        hint=tr(
            "Subtract total_macs of the DenseNet with the bottleneck from that of the one without."
        ),
    )
    cheaper = given["cheaper"]
    if isinstance(cheaper, str) or not isinstance(cheaper, (list, tuple, set, frozenset)):
        raise Mistake(
            tr(
                "expected a list of layer names for 'cheaper', like ['block1.layer1'], got {kind}",
                kind=type(cheaper).__name__,
            )
        )
    layers = [row for row in plain if ".layer" in row]
    for name in cheaper:
        if name in plain and name not in layers:
            raise Mistake(
                tr(
                    "{name} is the same with or without the bottleneck: name dense layers",
                    name=name,
                )
            )
        if name not in layers:
            raise Mistake(
                tr(
                    "{name!r} is not a dense layer's name: they look like 'block2.layer3'",
                    name=name,
                )
            )
        if with_b[name][1] >= plain[name][1]:
            raise Mistake(
                tr(
                    "the bottleneck makes {name} more expensive, not cheaper: compare its MACs in "
                    "the two dense_costs tables",
                    name=name,
                )
            )
    missing = [row for row in layers if with_b[row][1] < plain[row][1] and row not in cheaper]
    if missing:
        raise Mistake(
            tr(
                "{count} more layer(s) get cheaper with the bottleneck: a layer gains from it "
                "once it reads enough channels",
                count=len(missing),
            )
        )
    return tr(
        "each bottleneck layer costs 4k·(C_in + 9k) MACs per pixel against 9k·C_in: it pays off "
        "only once a layer reads more than 7.2k channels, which in this small network few do."
    )


@own_random_state
def compression_memory(answer: Any) -> str:
    if isinstance(answer, Mapping) and callable(answer.get("block_memory")):
        check_block_memory(answer["block_memory"])  # a stub function: not answered yet
    given = parts(answer, ("block_memory", "largest"))
    if not callable(given["block_memory"]):
        raise Mistake(tr("'block_memory' should be your function, block_memory(compression)"))
    measured = [block_memory(compression) for compression in MEMORY_COMPRESSIONS]
    largest = {f"block{max(range(3), key=memory.__getitem__) + 1}" for memory in measured}
    if len(largest) != 1:
        raise Mistake(tr("no one block holds the most memory at every compression here"))
    right = largest.pop()
    not_always = tr(
        "not at every compression: compare the three numbers your function returns; each "
        "transition divides H×W by 4, and compression touches only the blocks after one"
    )
    wrong = {name: not_always for name in ("block1", "block2", "block3") if name != right}
    expect_choice(given["largest"], right, wrong)
    return tr(
        "your measurements agree with activation_bytes at every compression tried, and the "
        "largest share sits in the same block at each: compression changes only the blocks "
        "after a transition."
    )
