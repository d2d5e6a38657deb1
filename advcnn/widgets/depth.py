"""A depth slider for "can we just stack more layers?": gradients at initialisation.

Reference: He et al., "Deep Residual Learning for Image Recognition", CVPR 2016, Section 4.1.

``DepthExplorer`` builds a plain and a residual ``DeepStack`` of the chosen depth and width (each
after ``torch.manual_seed(seed)``), runs one backward pass on a fixed batch of real digits, and
shows the gradient norm of the first and the last block of each, their ratio, and the per-block
curve. The numbers come from ``advcnn.gradients.plain_and_residual``; nothing is computed here.

``VariantDepthExplorer`` does the same for stacks with batch norm: a selector picks one of the
five residual units of the Identity Mappings paper (He et al., ECCV 2016, Fig. 4), a slider the
depth, and it shows that stack beside a plain stack with batch norm, from
``advcnn.gradients.variant_profile``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import torch

from advcnn.gradients import GradientProfile, plain_and_residual, variant_profile
from advcnn.i18n import tr
from advcnn.models.residual_units import VARIANTS
from advcnn.plots.gradients import PLAIN_COLOR, RESIDUAL_COLOR, plot_block_gradients
from advcnn.plots.residual_units import VARIANT_COLORS, plot_signal_gradients, variant_label
from advcnn.widgets._base import SliderExplorer, span, table_row

__all__ = ["DepthExplorer", "VariantDepthExplorer", "format_float"]


def format_float(value: float) -> str:
    """Three significant digits, in scientific notation when small or large: ``1.92e-34``."""
    return f"{value:.3g}"


class DepthExplorer(SliderExplorer):
    """Sliders for depth and width; the gradient norms of a plain and a residual stack.

    Args:
        images: A fixed batch of images (64 keeps every update well under a second on a CPU).
        labels: Their labels.
        depth: Starting number of blocks.
        channels: Starting width of every block.
        seed: ``torch.manual_seed`` set before each model is built.
        max_depth: Largest depth the slider offers.
        dtype: Precision of the gradients (float64: the squares that a deep plain stack's
            gradient norms sum underflow in float32).

    Attributes:
        sliders: ``{"depth": …, "channels": …}``.
        summary: ``HTML`` with spans ``data-key`` = ``conv_layers``, ``params``, ``plain_first``,
            ``plain_last``, ``plain_ratio``, ``residual_first``, ``residual_last``,
            ``residual_ratio``.
        plot_output: ``Output`` that holds the per-block plot.
        profiles: The last ``(plain, residual)`` computed.
        figure: The last figure drawn.
        widget: The ``VBox`` to display.
    """

    def __init__(
        self,
        images: torch.Tensor,
        labels: torch.Tensor,
        *,
        depth: int = 20,
        channels: int = 16,
        seed: int = 0,
        max_depth: int = 40,
        dtype: torch.dtype = torch.float64,
    ) -> None:
        if not 2 <= depth <= max_depth:
            raise ValueError(f"depth must be between 2 and max_depth={max_depth}, got {depth}")
        self.images, self.labels, self.seed, self.dtype = images, labels, seed, dtype
        # The work grows with depth, so the sliders update on release, not while dragging.
        sliders = {
            "depth": widgets.IntSlider(
                value=depth,
                min=2,
                max=max_depth,
                step=1,
                description=tr("depth"),
                continuous_update=False,
            ),
            "channels": widgets.IntSlider(
                value=channels,
                min=4,
                # Up to 20, an update at depth 40 stays under a second on a 2-core CPU.
                max=20,
                step=4,
                description=tr("channels"),
                continuous_update=False,
            ),
        }
        super().__init__(sliders)
        self.profiles: tuple[GradientProfile, GradientProfile] | None = None
        self.widget = widgets.VBox(
            [widgets.HBox(list(self.sliders.values())), self.summary, self.plot_output]
        )
        self._watch_sliders(self._on_change)
        self.update()

    def _on_change(self, change: object) -> None:
        self.update()

    def update(self) -> None:
        """Recompute both profiles for the sliders' values; refresh the numbers and the plot."""
        plain, residual = plain_and_residual(
            self.sliders["depth"].value,
            self.images,
            self.labels,
            channels=self.sliders["channels"].value,
            seed=self.seed,
            dtype=self.dtype,
        )
        self.profiles = (plain, residual)
        self.summary.value = self._summary_html(plain, residual)
        self._redraw(lambda: plot_block_gradients(plain, residual))

    @staticmethod
    def _summary_html(plain: GradientProfile, residual: GradientProfile) -> str:
        rows = []
        for name, shown_name, profile, color in (
            ("plain", tr("plain"), plain, PLAIN_COLOR),
            ("residual", tr("residual"), residual, RESIDUAL_COLOR),
        ):
            cells = "".join(
                f'<td style="padding:0 12px">{span(f"{name}_{key}", format_float(value))}</td>'
                for key, value in (
                    ("first", profile.first),
                    ("last", profile.last),
                    ("ratio", profile.ratio),
                )
            )
            css = f"padding:0 12px;color:{color.removeprefix('tab:')}"
            label = f'<td style="{css}"><b>{html.escape(shown_name, quote=False)}</b></td>'
            rows.append(f"<tr>{label}{cells}</tr>")
        titles = ["", tr("‖grad‖ first block"), tr("‖grad‖ last block"), tr("first ÷ last")]
        header = table_row(titles, ["left"] * len(titles), padding="0 12px", header=True)
        counts = tr(
            "{conv_layers} convolution layers (stem + 2 per block), {params} parameters in each "
            "network (the shortcut adds none)",
            conv_layers=span("conv_layers", 2 * plain.depth + 1),
            params=span("params", plain.params),
        )
        return f"<div>{counts}</div><table>{header}{''.join(rows)}</table>"


class VariantDepthExplorer(SliderExplorer):
    """A residual-unit selector and a depth slider; gradients at initialisation, with batch norm.

    Each update builds ``DeepStack(depth, variant=…)`` and ``DeepStack(depth, variant="plain")``
    after ``torch.manual_seed(seed)`` and runs one backward pass on the fixed batch.

    Args:
        images: A fixed batch of images (N > 1: batch norm needs a batch).
        labels: Their labels.
        variant: Starting unit, one of ``advcnn.models.VARIANTS``.
        depth: Starting number of blocks.
        channels: Width of every block.
        seed: ``torch.manual_seed`` set before each model is built.
        max_depth: Largest depth the slider offers.
        dtype: Precision of the gradients.

    Attributes:
        variant: The ``Dropdown`` (described "variant"), labels like "(e) full pre-activation".
        sliders: ``{"depth": …}``.
        summary: ``HTML`` with spans ``data-key`` = ``conv_layers``, ``params``, ``unit_first``,
            ``unit_last``, ``unit_ratio``, ``unit_signal``, and the same four with ``plain_``.
        profiles: The last ``(plain, unit)`` computed.
        widget: The ``VBox`` to display.
    """

    def __init__(
        self,
        images: torch.Tensor,
        labels: torch.Tensor,
        *,
        variant: str = "full_preactivation",
        depth: int = 20,
        channels: int = 16,
        seed: int = 0,
        max_depth: int = 30,
        dtype: torch.dtype = torch.float64,
    ) -> None:
        if variant not in VARIANTS:
            raise ValueError(f"variant must be one of {', '.join(VARIANTS)}, got {variant!r}")
        if not 2 <= depth <= max_depth:
            raise ValueError(f"depth must be between 2 and max_depth={max_depth}, got {depth}")
        self.images, self.labels, self.seed, self.dtype = images, labels, seed, dtype
        self.channels = channels
        self.variant = widgets.Dropdown(
            options=[(variant_label(name), name) for name in VARIANTS],
            value=variant,
            description=tr("variant"),
        )
        slider = widgets.IntSlider(
            value=depth,
            min=2,
            max=max_depth,
            step=1,
            description=tr("depth"),
            continuous_update=False,
        )
        super().__init__({"depth": slider})
        self.profiles: tuple[GradientProfile, GradientProfile] | None = None
        self._plain: dict[int, GradientProfile] = {}  # the plain stack depends on depth alone
        self.widget = widgets.VBox(
            [widgets.HBox([self.variant, slider]), self.summary, self.plot_output]
        )
        self._watch_sliders(self._on_change)
        self.variant.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, change: object) -> None:
        self.update()

    def _profile(self, variant: str, depth: int) -> GradientProfile:
        return variant_profile(
            depth,
            variant,
            images=self.images,
            labels=self.labels,
            channels=self.channels,
            seed=self.seed,
            dtype=self.dtype,
        )

    def update(self) -> None:
        """Recompute both profiles for the selection; refresh the numbers and the plot."""
        depth = self.sliders["depth"].value
        if depth not in self._plain:
            self._plain[depth] = self._profile("plain", depth)
        plain, unit = self._plain[depth], self._profile(self.variant.value, depth)
        self.profiles = (plain, unit)
        self.summary.value = self._summary_html(plain, unit)
        self._redraw(lambda: plot_signal_gradients([plain, unit]))

    @staticmethod
    def _summary_html(plain: GradientProfile, unit: GradientProfile) -> str:
        rows = []
        for key, profile in (("plain", plain), ("unit", unit)):
            values = (profile.first, profile.last, profile.ratio, profile.signal_ratio)
            cells = [
                span(f"{key}_{name}", format_float(value))
                for name, value in zip(("first", "last", "ratio", "signal"), values, strict=True)
            ]
            color = VARIANT_COLORS[profile.variant or "plain"].removeprefix("tab:")
            name = html.escape(variant_label(profile.variant), quote=False)
            label = f'<b style="color:{color}">{name}</b>'
            rows.append(table_row([label, *cells], ["left"] * 5, padding="0 12px"))
        titles = [
            "",
            tr("‖grad‖ first block"),
            tr("‖grad‖ last block"),
            tr("first ÷ last"),
            "‖dL/dx₀‖ ÷ ‖dL/dx_L‖",
        ]
        header = table_row(titles, ["left"] * len(titles), padding="0 12px", header=True)
        counts = tr(
            "{conv_layers} convolution layers (stem + 2 per block), {params} parameters with "
            "this unit (batch norm after every convolution)",
            conv_layers=span("conv_layers", 2 * unit.depth + 1),
            params=span("params", unit.params),
        )
        return f"<div>{counts}</div><table>{header}{''.join(rows)}</table>"
