"""A DenseNet explorer: growth rate, layers per block, bottleneck and compression in; channels,
parameters, MACs and activation memory out.

Every number comes from ``advcnn``'s own functions (``channel_table``, ``count_params``,
``total_macs``, ``batch_activation_bytes``) for a ``DenseNet`` with two dense blocks; nothing is
computed here.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from advcnn.cost import count_params, layer_costs, total_macs
from advcnn.i18n import tr
from advcnn.memory import batch_activation_bytes
from advcnn.models.densenet import (
    BLOCK_CONFIG,
    COMPRESSION,
    GROWTH_RATE,
    DenseNet,
    channel_table,
)
from advcnn.plots.densenet import dense_costs, plot_densenet
from advcnn.widgets._base import SliderExplorer, span, table_row

__all__ = ["DenseNetExplorer", "MEMORY_BATCH"]

# Activation memory is shown for a training batch of the lecture's size.
MEMORY_BATCH = 64


class DenseNetExplorer(SliderExplorer):
    """Sliders for a two-block ``DenseNet``; its channel table, cost and activation memory.

    Args:
        growth_rate: Starting k.
        layers: Starting layers per dense block.
        compression: Starting θ in percent (50 means θ = 0.5).
        bottleneck: Start with bottleneck ("B") layers.

    Attributes:
        sliders: ``{"growth_rate": …, "layers": …, "compression": …}``, described "growth rate",
            "layers per block", "compression %".
        bottleneck: The ``Checkbox`` described "bottleneck (B)".
        summary: ``HTML`` with spans ``data-key`` = ``init_channels``, ``block1_out``,
            ``transition1_out``, ``block2_out``, ``params``, ``macs``, ``activation_mb``; and a
            per-layer table.
        widget: The ``VBox`` to display.
    """

    def __init__(
        self,
        *,
        growth_rate: int = GROWTH_RATE,
        layers: int = BLOCK_CONFIG[0],
        compression: int = round(100 * COMPRESSION),
        bottleneck: bool = True,
    ) -> None:
        sliders = {
            "growth_rate": widgets.IntSlider(
                value=growth_rate,
                min=4,
                max=24,
                step=4,
                description=tr("growth rate"),
                continuous_update=False,
            ),
            "layers": widgets.IntSlider(
                value=layers,
                min=1,
                max=10,
                step=1,
                description=tr("layers per block"),
                continuous_update=False,
            ),
            "compression": widgets.IntSlider(
                value=compression,
                min=10,
                max=100,
                step=10,
                description=tr("compression %"),
                continuous_update=False,
            ),
        }
        super().__init__(sliders)
        self.bottleneck = widgets.Checkbox(value=bottleneck, description=tr("bottleneck (B)"))
        self.model: DenseNet | None = None
        self.widget = widgets.VBox(
            [
                widgets.HBox([sliders["growth_rate"], sliders["layers"]]),
                widgets.HBox([sliders["compression"], self.bottleneck]),
                self.summary,
                self.plot_output,
            ]
        )
        self._watch_sliders(self._on_change)
        self.bottleneck.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, change: object) -> None:
        self.update()

    def config(self) -> dict[str, object]:
        """The ``DenseNet`` keyword arguments the controls describe."""
        layers = self.sliders["layers"].value
        return {
            "growth_rate": self.sliders["growth_rate"].value,
            "block_config": (layers, layers),
            "compression": self.sliders["compression"].value / 100,
            "bottleneck": self.bottleneck.value,
        }

    def update(self) -> None:
        """Rebuild the network for the controls; refresh the numbers, the table and the plot."""
        config = self.config()
        model = DenseNet(**config)
        rows = channel_table(
            config["growth_rate"], config["block_config"], compression=config["compression"]
        )
        costs = dense_costs(layer_costs(model))
        memory = batch_activation_bytes(model, MEMORY_BATCH)
        self.model = model
        self.summary.value = self._summary_html(model, rows, costs, memory)
        self._redraw(lambda: plot_densenet(rows, costs))

    @staticmethod
    def _summary_html(model, rows, costs, memory: int) -> str:
        blocks = [row for row in rows if row.name.startswith("block")]
        last = {row.name.split(".")[0]: row.total_channels for row in blocks}
        transition = next(row for row in rows if row.name == "transition1")
        channels = tr(
            "conv0 gives k0 = {init_channels} channels; block 1 ends with {block1_out}, "
            "transition 1 keeps {transition1_out}, block 2 ends with {block2_out}.",
            init_channels=span("init_channels", rows[0].out_channels),
            block1_out=span("block1_out", last["block1"]),
            transition1_out=span("transition1_out", transition.out_channels),
            block2_out=span("block2_out", last["block2"]),
        )
        cost = tr(
            "{params} parameters, {macs} MACs per image, {activation_mb} MB of activations kept "
            "for the backward pass of a batch of {batch}.",
            params=span("params", count_params(model)),
            macs=span("macs", total_macs(model)),
            activation_mb=span("activation_mb", f"{memory / 1e6:.1f}"),
            batch=MEMORY_BATCH,
        )
        numbers = f"<div>{channels}</div><div>{cost}</div>"
        aligns = ["left", "right", "right", "right", "right", "right", "right"]
        titles = [
            tr("layer"),
            tr("reads"),
            tr("adds / writes"),
            tr("channels after"),
            "H×W",
            tr("params"),
            "MACs",
        ]
        header = table_row(titles, aligns, padding="0 8px", header=True)
        body = "".join(
            table_row(
                [
                    html.escape(row.name),
                    f"{row.in_channels:,}",
                    f"{row.out_channels:,}",
                    f"{row.total_channels:,}",
                    f"{row.size}×{row.size}",
                    f"{costs.get(row.name, (0, 0))[0]:,}",
                    f"{costs.get(row.name, (0, 0))[1]:,}",
                ],
                aligns,
                padding="0 8px",
            )
            for row in rows
        )
        return f"{numbers}<table style='font-size:90%'>{header}{body}</table>"
