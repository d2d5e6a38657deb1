"""Pictures of a DenseNet's channel growth and of where its cost goes, layer by layer.

``dense_costs`` sums ``advcnn.cost.layer_costs`` (measured with ``FlopCounterMode``) over the
modules of each dense layer and transition, so each row of ``advcnn.models.densenet.channel_table``
gets its parameters and MACs; ``plot_densenet`` draws both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from advcnn.cost import LayerCost
from advcnn.models.densenet import ChannelRow
from advcnn.plots.fonts import tr_plot

__all__ = ["dense_costs", "plot_densenet"]

_LAYER = re.compile(r"^blocks\.(\d+)\.denselayer(\d+)\.")
_TRANSITION = re.compile(r"^transitions\.(\d+)\.")


def _row_name(module_name: str) -> str:
    if match := _LAYER.match(module_name):
        return f"block{int(match[1]) + 1}.layer{match[2]}"
    if match := _TRANSITION.match(module_name):
        return f"transition{int(match[1]) + 1}"
    return module_name.split(".")[0]


def dense_costs(costs: Sequence[LayerCost]) -> dict[str, tuple[int, int]]:
    """``layer_costs(DenseNet(...))`` summed per ``channel_table`` row name.

    Returns:
        ``{"conv0": (params, MACs), "block1.layer1": …, "transition1": …, "norm5": …,
        "classifier": …}`` in the order of the forward pass.
    """
    totals: dict[str, tuple[int, int]] = {}
    for cost in costs:
        name = _row_name(cost.name)
        params, macs = totals.get(name, (0, 0))
        totals[name] = (params + cost.params, macs + cost.macs)
    return totals


def plot_densenet(rows: Sequence[ChannelRow], costs: Mapping[str, tuple[int, int]]) -> Figure:
    """Left: channels each layer reads and the running total; right: MACs per layer.

    Args:
        rows: ``channel_table(...)`` of the network.
        costs: ``dense_costs(layer_costs(model))`` of the same network.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4))
    positions = range(len(rows))
    colors = ["tab:orange" if row.name.startswith("transition") else "tab:blue" for row in rows]
    colors[0] = "tab:gray"
    left.bar(positions, [row.in_channels for row in rows], color=colors, alpha=0.8)
    left.step(
        positions,
        [row.total_channels for row in rows],
        where="mid",
        color="black",
        linewidth=1,
        label=tr_plot("channels after the layer"),
    )
    left.set_ylabel(tr_plot("channels read (bars)"))
    left.set_title(tr_plot("Concatenation: each layer reads all before it"), fontsize=10)
    left.legend(fontsize=8)
    right.bar(positions, [costs.get(row.name, (0, 0))[1] / 1e6 for row in rows], color=colors)
    right.set_ylabel(tr_plot("MACs per image (millions)"))
    right.set_title(tr_plot("Cost per layer (blue: dense layer, orange: transition)"), fontsize=10)
    for ax in (left, right):
        ax.set_xticks(list(positions))
        ax.set_xticklabels(
            [
                row.name.replace("block", "b").replace(".layer", ".").replace("transition", "t")
                for row in rows
            ],
            rotation=90,
            fontsize=7,
        )
        ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    return fig
