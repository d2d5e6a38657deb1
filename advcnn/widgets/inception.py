"""Sliders over the widths of the Inception network: watch the concatenation, ``fc`` and costs move.

Every number comes from ``advcnn.cost.predicted_shape_trace`` and ``predicted_layer_costs``; the
tests compare what the explorer shows with ``InceptionNet`` built from the same slider values.
"""

from __future__ import annotations

import math
from html import escape

import ipywidgets as widgets

from advcnn.cost import LayerCost, predicted_layer_costs, predicted_shape_trace
from advcnn.i18n import tr
from advcnn.models.inception import LECTURE_INCEPTION
from advcnn.plots.inception import plot_block_costs
from advcnn.widgets._base import SliderExplorer, reset_button, span, table_row

__all__ = ["LECTURE_WIDTHS", "InceptionExplorer", "key_rows"]

_WIDTHS = ("ch1x1", "ch5x5red", "ch5x5", "ch3x3red", "ch3x3", "pool_proj")
_WIDTHS += ("conv1_channels", "conv2_channels")
_ALIGNS = ("left", "left", "left", "right", "right")

#: The lecture's widths (the models' defaults): each slider's starting value and what "lecture's
#: values" restores.
LECTURE_WIDTHS = {key: LECTURE_INCEPTION[key] for key in _WIDTHS}


def _descriptions() -> dict[str, str]:
    """Each slider's description, in the language in use when the explorer is built."""
    return {
        "ch1x1": tr("1x1 branch"),
        "ch5x5red": tr("5x5 reduce"),
        "ch5x5": tr("5x5 branch"),
        "ch3x3red": tr("3x3 reduce"),
        "ch3x3": tr("3x3 branch"),
        "pool_proj": tr("pool proj"),
        "conv1_channels": tr("conv1 width"),
        "conv2_channels": tr("conv2 width"),
    }


def key_rows(
    trace: list[tuple[str, str, tuple[int, ...]]], costs: list[LayerCost]
) -> list[tuple[str, str, tuple[int, ...], int, int]]:
    """The top-level rows of a shape trace, each with the parameters and MACs of what it contains.

    ``incep1`` gets the sum of its seven convolutions; ``conv1`` and ``mp`` their own. Works
    because ``costs`` lists the leaf calls in the order ``trace`` does, blocks left out.

    Returns:
        ``(name, class name, shape, params, MACs)`` for each top-level module call.
    """
    leaves = iter(costs)
    pending = next(leaves, None)
    params = macs = 0
    rows = []
    for name, kind, shape in trace:
        if pending is not None and pending.name == name:
            params, macs = params + pending.params, macs + pending.macs
            pending = next(leaves, None)
        if "." not in name:
            rows.append((name, kind, shape, params, macs))
            params = macs = 0
    return rows


class InceptionExplorer(SliderExplorer):
    """Sliders for every width of ``InceptionNet``; its sizes and costs follow live.

    Args:
        image_size: Height and width of the input images.
        in_channels: Channels of the input images.
        num_classes: Outputs of ``fc``.
        max_channels: The largest width a slider offers.

    Attributes:
        sliders: One ``IntSlider`` per width, keyed by ``InceptionNet``'s argument name.
        summary: ``HTML`` with spans ``data-key`` = concat_channels, feature_size, flat_features,
            conv2_params, fc_params, params, macs.
        shape_table: ``HTML`` table of the layer-by-layer shapes.
        plot_output: ``Output`` with MACs and parameters per block.
        figure: The figure drawn last (kept for tests; already closed).
        widget: The ``VBox`` to display.
    """

    def __init__(
        self,
        *,
        image_size: int = LECTURE_INCEPTION["image_size"],
        in_channels: int = LECTURE_INCEPTION["in_channels"],
        num_classes: int = LECTURE_INCEPTION["num_classes"],
        max_channels: int = 64,
    ) -> None:
        self.fixed = {
            "image_size": image_size,
            "in_channels": in_channels,
            "num_classes": num_classes,
        }
        self._paused = False
        style = {"description_width": "initial"}
        descriptions = _descriptions()
        # Each change redraws a chart: update on release, not on every pixel of a drag.
        sliders = {
            key: widgets.IntSlider(
                value=value,
                min=1,
                max=max(max_channels, value),
                description=descriptions[key],
                continuous_update=False,
                style=style,
            )
            for key, value in LECTURE_WIDTHS.items()
        }
        super().__init__(sliders)
        self.reset_button = reset_button(self.reset)
        self.shape_table = widgets.HTML()
        branch_keys = ["ch1x1", "ch5x5red", "ch5x5", "ch3x3red", "ch3x3", "pool_proj"]
        branch_column = widgets.VBox(
            [widgets.HTML(f"<b>{escape(tr('each Inception module'))}</b>")]
            + [self.sliders[key] for key in branch_keys]
        )
        net_column = widgets.VBox(
            [widgets.HTML(f"<b>{escape(tr('the convolutions between them'))}</b>")]
            + [self.sliders["conv1_channels"], self.sliders["conv2_channels"], self.reset_button]
        )
        self.widget = widgets.VBox(
            [
                widgets.HBox([branch_column, net_column]),
                self.summary,
                # Table and chart one above the other: side by side they overflow a notebook.
                self.shape_table,
                self.plot_output,
            ]
        )
        self._watch_sliders(self._update)
        self._update()

    def config(self) -> dict[str, int]:
        """The keyword arguments for ``InceptionNet`` that the sliders describe."""
        return {key: slider.value for key, slider in self.sliders.items()} | self.fixed

    def reset(self) -> None:
        """Put every slider back at the lecture's value."""
        # One redraw at the end rather than one per slider.
        self._paused = True
        try:
            for key, value in LECTURE_WIDTHS.items():
                self.sliders[key].value = value
        finally:
            self._paused = False
        self._update()

    def _update(self, _change: object = None) -> None:
        if self._paused:
            return
        config = self.config()
        trace = predicted_shape_trace(**config)
        costs = predicted_layer_costs(**config)
        widths = [config[key] for key in ("ch1x1", "ch5x5", "ch3x3", "pool_proj")]
        concat = sum(widths)
        size = next(shape for name, _, shape in trace if name == "incep2")[1]
        by_name = {row.name: row for row in costs}
        between = " &nbsp;·&nbsp; "
        shapes = between.join(
            [
                tr(
                    "concatenated width {widths} = {concat_channels} channels",
                    widths=" + ".join(map(str, widths)),
                    concat_channels=span("concat_channels", concat),
                ),
                tr(
                    "last feature map {feature_size}×{size}",
                    feature_size=span("feature_size", size),
                    size=size,
                ),
                tr(
                    "fc input {concat}·{size}·{size} = {flat_features}",
                    concat=concat,
                    size=size,
                    flat_features=span("flat_features", concat * size * size),
                ),
            ]
        )
        parameters = tr(
            "parameters {params} (conv2 {conv2_params}, fc {fc_params})",
            params=span("params", sum(row.params for row in costs)),
            conv2_params=span("conv2_params", by_name["conv2"].params),
            fc_params=span("fc_params", by_name["fc"].params),
        )
        macs = tr("MACs per image {macs}", macs=span("macs", sum(row.macs for row in costs)))
        self.summary.value = (
            f'<div style="line-height:1.8">{shapes}<br>{parameters}{between}{macs}</div>'
        )
        image = (config["in_channels"], config["image_size"], config["image_size"])
        input_row: _Row = (tr("input"), "", image, None, None)
        self.shape_table.value = _html_table([input_row, *key_rows(trace, costs)])
        self._redraw(lambda: plot_block_costs(costs))


_Row = tuple[str, str, tuple[int, ...], int | None, int | None]


def _html_table(rows: list[_Row]) -> str:
    """An HTML table of (name, kind, shape, params, MACs) rows, with the flatten before ``fc``."""
    titles = [tr("layer"), tr("type"), tr("output C×H×W"), tr("params"), "MACs"]
    head = table_row([escape(title) for title in titles], _ALIGNS, padding="2px 8px", header=True)
    body = []
    for index, (name, kind, shape, params, macs) in enumerate(rows):
        if name == "fc":
            # x.reshape(N, -1) (the lecture's x.view) is a method call, not a module, so no
            # trace has a row for it.
            flat = rows[index - 1][2]
            product = f"{'·'.join(map(str, flat))} = {math.prod(flat):,}"
            body.append(_body_row(["(reshape)", "flatten", product, "", ""]))
        numbers = ["" if value is None else f"{value:,}" for value in (params, macs)]
        body.append(_body_row([name, kind, "×".join(map(str, shape)), *numbers]))
    return f'<table style="border-collapse:collapse;font-size:12px">{head}{"".join(body)}</table>'


def _body_row(cells: list[str]) -> str:
    return table_row([escape(cell) for cell in cells], _ALIGNS, padding="1px 8px")
