"""Sliders over the lecture's bottleneck: a direct k×k convolution against 1×1 reduce + k×k.

Every number comes from ``advcnn.cost.bottleneck_cost``; the tests compare what the explorer
shows with ``nn.Conv2d`` modules measured by ``FlopCounterMode`` and ``sum(p.numel())``.
"""

from __future__ import annotations

import ipywidgets as widgets

from advcnn.cost import BottleneckCost, bottleneck_cost
from advcnn.i18n import tr
from advcnn.models._checks import keyword_defaults
from advcnn.plots.costs import plot_bottleneck_costs
from advcnn.widgets._base import SliderExplorer, reset_button, span, table_row

__all__ = ["LECTURE_BOTTLENECK", "BottleneckExplorer"]

#: The lecture's example (``bottleneck_cost``'s defaults): each slider's starting value and what
#: "lecture's values" restores.
LECTURE_BOTTLENECK: dict[str, int] = keyword_defaults(bottleneck_cost)


def _descriptions() -> dict[str, str]:
    """Each slider's description, in the language in use when the explorer is built."""
    return {
        "in_channels": tr("in channels"),
        "bottleneck_channels": tr("bottleneck channels"),
        "out_channels": tr("out channels"),
        "kernel_size": tr("kernel size"),
        "image_size": tr("image size"),
    }


class BottleneckExplorer(SliderExplorer):
    """Sliders for the channels, kernel and image of the lecture's bottleneck; costs follow live.

    The summary's ``data-key`` spans (read them back with ``shown()``):

    * ``direct_macs``, ``reduce_macs``, ``expand_macs``, ``bottleneck_macs`` (reduce + expand):
      multiply-accumulates per image, written with thousands separators (``"120,422,400"``);
    * ``direct_params``, ``reduce_params``, ``expand_params``, ``bottleneck_params``: weights
      plus biases, written the same way;
    * ``mac_ratio`` and ``param_ratio``: bottleneck ÷ direct as a plain decimal with three
      places (``"0.103"`` means the bottleneck path needs 10.3 % of the direct path's MACs; above
      ``"1.000"`` it costs more).

    Args:
        max_channels: The largest channel count a slider offers.
        max_image_size: The largest image size the slider offers.

    Attributes:
        sliders: ``IntSlider`` by key ``in_channels``, ``bottleneck_channels``, ``out_channels``,
            ``kernel_size`` (odd sizes 1–7 only) and ``image_size``.
        summary: ``HTML`` table of MACs and parameters with the spans above.
        plot_output: ``Output`` with ``plot_bottleneck_costs`` for the current values.
        figure: The figure drawn last (kept for tests; already closed).
        widget: The ``VBox`` to display.
    """

    def __init__(self, *, max_channels: int = 512, max_image_size: int = 112) -> None:
        style = {"description_width": "initial"}
        limits = {
            "in_channels": (1, max_channels, 1),
            "bottleneck_channels": (1, max_channels, 1),
            "out_channels": (1, max_channels, 1),
            # Odd kernels only: "same" padding (k − 1) / 2 keeps the image size for odd k alone.
            "kernel_size": (1, 7, 2),
            "image_size": (1, max_image_size, 1),
        }
        descriptions = _descriptions()
        # Arithmetic and a small chart: cheap enough to follow the slider while it is dragged.
        sliders = {
            key: widgets.IntSlider(
                value=LECTURE_BOTTLENECK[key],
                min=low,
                max=high,
                step=step,
                description=descriptions[key],
                continuous_update=True,
                style=style,
            )
            for key, (low, high, step) in limits.items()
        }
        super().__init__(sliders)
        self.reset_button = reset_button(self.reset)
        self.widget = widgets.VBox(
            [
                widgets.HBox(
                    [
                        widgets.VBox([self.sliders[key] for key in list(limits)[:3]]),
                        widgets.VBox(
                            [self.sliders["kernel_size"], self.sliders["image_size"]]
                            + [self.reset_button]
                        ),
                    ]
                ),
                self.summary,
                self.plot_output,
            ]
        )
        self._watch_sliders(self._update)
        self._update()

    def config(self) -> dict[str, int]:
        """The arguments of ``advcnn.cost.bottleneck_cost`` that the sliders describe."""
        return {key: slider.value for key, slider in self.sliders.items()}

    def reset(self) -> None:
        """Put every slider back at the lecture's value."""
        for key, value in LECTURE_BOTTLENECK.items():
            self.sliders[key].value = value

    def _update(self, _change: object = None) -> None:
        kernel = self.sliders["kernel_size"]
        if kernel.value % 2 == 0:
            # Only code can set an even value (the slider steps 1, 3, 5, 7); snap it to the next
            # odd size, which calls this method again.
            kernel.value = kernel.value + 1 if kernel.value < kernel.max else kernel.value - 1
            return
        config = self.config()
        cost = bottleneck_cost(**config)
        self.summary.value = _summary_html(cost)
        self._redraw(lambda: plot_bottleneck_costs(**config, figsize=(7.5, 3.0)))


def _summary_html(cost: BottleneckCost) -> str:
    """The table of MACs and parameters, every number in a ``data-key`` span."""
    kernel_size, image_size = cost.kernel_size, cost.image_size
    in_channels, bottleneck_channels = cost.in_channels, cost.bottleneck_channels
    out_channels = cost.out_channels
    k = f"{kernel_size}×{kernel_size}"
    # Each term of the MAC ratio is one stage's share of the direct path's MACs.
    k_squared_out = kernel_size**2 * out_channels

    aligns = ("left", "right", "right")

    def row(name: str, macs: str, params: str, *, bold: bool = False) -> str:
        return table_row([name, macs, params], aligns, padding="1px 10px", bold=bold)

    if cost.mac_ratio < 1:
        verdict = tr(
            "The bottleneck path needs {factor:.1f}× fewer MACs than the direct path.",
            factor=1 / cost.mac_ratio,
        )
    elif cost.mac_ratio > 1:
        verdict = tr(
            "The bottleneck path needs {factor:.1f}× more MACs than the direct path: no saving.",
            factor=cost.mac_ratio,
        )
    else:
        verdict = tr("The bottleneck path needs as many MACs as the direct path.")
    titles = [tr("path"), tr("MACs per image"), tr("parameters")]
    head = table_row(titles, aligns, padding="2px 10px", header=True)
    ratio = tr(
        "MAC ratio = C_b/(k²·C_out) + C_b/C_in = {bottleneck}/{k_squared_out} + "
        "{bottleneck}/{in_channels} = {reduce:.3f} (reduce) + {expand:.3f} (expand)",
        bottleneck=bottleneck_channels,
        k_squared_out=k_squared_out,
        in_channels=in_channels,
        reduce=bottleneck_channels / k_squared_out,
        expand=bottleneck_channels / in_channels,
    )
    return (
        f"<div>{tr('on a {size}×{size} image, “same” padding:', size=image_size)}</div>"
        '<table style="border-collapse:collapse;font-size:13px">'
        + head
        + row(
            tr(
                "direct: {k} conv {in_channels}→{out_channels}",
                k=k,
                in_channels=in_channels,
                out_channels=out_channels,
            ),
            span("direct_macs", cost.direct_macs),
            span("direct_params", cost.direct_params),
            bold=True,
        )
        + row(
            tr(
                "1×1 reduce {in_channels}→{bottleneck_channels}",
                in_channels=in_channels,
                bottleneck_channels=bottleneck_channels,
            ),
            span("reduce_macs", cost.reduce_macs),
            span("reduce_params", cost.reduce_params),
        )
        + row(
            tr(
                "{k} expand {bottleneck_channels}→{out_channels}",
                k=k,
                bottleneck_channels=bottleneck_channels,
                out_channels=out_channels,
            ),
            span("expand_macs", cost.expand_macs),
            span("expand_params", cost.expand_params),
        )
        + row(
            tr("bottleneck: reduce + expand"),
            span("bottleneck_macs", cost.bottleneck_macs),
            span("bottleneck_params", cost.bottleneck_params),
            bold=True,
        )
        + row(
            tr("bottleneck ÷ direct"),
            span("mac_ratio", f"{cost.mac_ratio:.3f}"),
            span("param_ratio", f"{cost.param_ratio:.3f}"),
        )
        + "</table>"
        f"<div>{verdict}<br>{ratio}</div>"
    )
