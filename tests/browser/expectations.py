"""What each notebook's widgets must show, computed independently by advcnn's own functions.

A widget is checked through the numbers it shows in elements with ``data-key`` attributes. For
every notebook cell that holds sliders and data-keys, register one function here with
``@widget(notebook, keys=...)``: it receives the cell's controls by description (sliders as
numbers, dropdowns as the selected label, checkboxes as bools) and returns, for each data-key,
what the widget must show for that setting:

* an ``int``: the shown number must equal it exactly (thousands separators are ignored);
* a ``float``: the shown number must agree to the precision it is shown with
  (``"10.3%"`` agrees with 10.3368; give percentages in percent);
* a ``str``: the shown text must equal it.

A widget is matched to its function by the exact set of data-keys it shows, so adding a number to
a widget means adding it here. Keys listed in ``unchecked`` (a measured time, a training accuracy)
are only required to exist.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import torch
from jlab import Control, parse_number, resolution

from advcnn.cost import bottleneck_cost, conv_params, count_params, total_macs
from advcnn.data import load_mnist
from advcnn.gradients import plain_and_residual, variant_profile
from advcnn.memory import activation_bytes
from advcnn.models import DeepStack, DenseNet, InceptionA, InceptionNet
from advcnn.models.densenet import channel_table
from advcnn.models.residual_units import VARIANT_LABELS

__all__ = ["Compute", "Expected", "WidgetSpec", "agrees", "spec_for", "widget"]

Expected = int | float | str
Compute = Callable[[Mapping[str, Control]], Mapping[str, Expected]]


@dataclass(frozen=True)
class WidgetSpec:
    """How to recompute one widget's numbers.

    Attributes:
        notebook: The notebook's file name without ``.ipynb``.
        keys: Every data-key the widget shows.
        unchecked: Those of ``keys`` whose value cannot be recomputed (timings, training results).
        compute: Controls by description → expected value per checked key.
    """

    notebook: str
    keys: frozenset[str]
    unchecked: frozenset[str]
    compute: Compute

    def expected(self, values: Mapping[str, Control]) -> dict[str, Expected]:
        """The expected value of every checked key for the controls ``values``."""
        result = dict(self.compute(values))
        missing = self.keys - self.unchecked - set(result)
        if missing:
            raise AssertionError(f"{self.compute.__name__} computes nothing for {sorted(missing)}")
        return result


_REGISTRY: list[WidgetSpec] = []


def widget(
    notebook: str, *, keys: tuple[str, ...], unchecked: tuple[str, ...] = ()
) -> Callable[[Compute], Compute]:
    """Register the decorated function as the recomputation of one widget of ``notebook``."""

    def register(compute: Compute) -> Compute:
        _REGISTRY.append(WidgetSpec(notebook, frozenset(keys), frozenset(unchecked), compute))
        return compute

    return register


def spec_for(notebook: str, keys: list[str]) -> WidgetSpec | None:
    """The registered spec of ``notebook`` whose keys are exactly ``keys``, if any."""
    for spec in _REGISTRY:
        if spec.notebook == notebook and spec.keys == frozenset(keys):
            return spec
    return None


def agrees(text: str, expected: Expected) -> bool:
    """Whether a widget showing ``text`` shows ``expected`` (see the module docstring)."""
    if isinstance(expected, str):
        return " ".join(text.split()) == " ".join(expected.split())
    try:
        number = parse_number(text)
    except ValueError:
        return False
    if isinstance(expected, int) and not isinstance(expected, bool):
        return isinstance(number, int) and number == expected
    # Half a unit in the last shown digit: "10.3" stands for anything in [10.25, 10.35].
    return abs(float(number) - float(expected)) <= 0.5 * resolution(text) * (1 + 1e-9)


# --------------------------------------------------------------------------------------------
# One section per notebook. Each widget's author documents which advcnn function computes each
# data-key; the function below calls exactly that. Example, for a bottleneck explorer whose
# sliders are described "bottleneck channels" and "kernel size":
#
#     @widget("01_one_by_one_convolution", keys=("direct_macs", "bottleneck_macs"))
#     def bottleneck_explorer(controls):
#         cost = bottleneck_cost(bottleneck_channels=controls["bottleneck channels"],
#                                kernel_size=controls["kernel size"])
#         return {"direct_macs": cost.direct_macs, "bottleneck_macs": cost.bottleneck_macs}

# 01_one_by_one_convolution.ipynb


@widget(
    "01_one_by_one_convolution",
    keys=(
        "direct_macs",
        "reduce_macs",
        "expand_macs",
        "bottleneck_macs",
        "mac_ratio",
        "direct_params",
        "reduce_params",
        "expand_params",
        "bottleneck_params",
        "param_ratio",
    ),
)
def bottleneck_explorer(controls: Mapping[str, Control]) -> dict[str, Expected]:
    c_in, c_mid = int(controls["in channels"]), int(controls["bottleneck channels"])
    c_out, kernel = int(controls["out channels"]), int(controls["kernel size"])
    cost = bottleneck_cost(c_in, c_mid, c_out, kernel, int(controls["image size"]))
    return {
        "direct_macs": cost.direct_macs,
        "reduce_macs": cost.reduce_macs,
        "expand_macs": cost.expand_macs,
        "bottleneck_macs": cost.bottleneck_macs,
        "mac_ratio": cost.mac_ratio,
        "direct_params": cost.direct_params,
        "reduce_params": conv_params(c_in, c_mid, 1),
        "expand_params": conv_params(c_mid, c_out, kernel),
        "bottleneck_params": cost.bottleneck_params,
        "param_ratio": cost.param_ratio,
    }


# 02_inception_module.ipynb

_INCEPTION_SLIDERS = {
    "1x1 branch": "ch1x1",
    "5x5 reduce": "ch5x5red",
    "5x5 branch": "ch5x5",
    "3x3 reduce": "ch3x3red",
    "3x3 branch": "ch3x3",
    "pool proj": "pool_proj",
    "conv1 width": "conv1_channels",
    "conv2 width": "conv2_channels",
}


@widget(
    "02_inception_module",
    keys=(
        "concat_channels",
        "feature_size",
        "flat_features",
        "params",
        "conv2_params",
        "fc_params",
        "macs",
    ),
)
def inception_explorer(controls: Mapping[str, Control]) -> dict[str, Expected]:
    config = {name: int(controls[label]) for label, name in _INCEPTION_SLIDERS.items()}
    net = InceptionNet(**config)
    return {
        "concat_channels": InceptionA.concat_channels(**config),
        "feature_size": net.feature_size,
        "flat_features": net.flat_features,
        "params": count_params(net),
        "conv2_params": count_params(net.conv2),
        "fc_params": count_params(net.fc),
        "macs": total_macs(net),
    }


# 03_residual_connections.ipynb

# 04_live_mnist_training.ipynb

# 05_identity_mappings_and_densenet.ipynb (its widgets' functions are at the end of this file)


# The harness's own demo notebook (demo_notebook.py), used to prove the checks can fail.


@widget("harness_demo", keys=("direct_macs", "bottleneck_macs", "mac_ratio"))
def harness_bottleneck_explorer(controls: Mapping[str, Control]) -> dict[str, Expected]:
    cost = bottleneck_cost(
        bottleneck_channels=int(controls["bottleneck channels"]),
        kernel_size=int(controls["kernel size"]),
    )
    return {
        "direct_macs": cost.direct_macs,
        "bottleneck_macs": cost.bottleneck_macs,
        "mac_ratio": 100 * cost.mac_ratio,
    }


@functools.cache
def _depth_batch() -> tuple[torch.Tensor, torch.Tensor]:
    """The batch notebook 03 hands its DepthExplorer: the first 64 training digits of
    ``load_mnist(subset=6_000, test_subset=1_000)`` in quick mode, which the browser tests use.
    The kernel and this process share the environment, so both read the same files."""
    data = load_mnist(subset=6_000, test_subset=1_000, verbose=False)
    return data.train_images[:64], data.train_labels[:64]


@widget(
    "03_residual_connections",
    keys=(
        "conv_layers",
        "params",
        "plain_first",
        "plain_last",
        "plain_ratio",
        "residual_first",
        "residual_last",
        "residual_ratio",
    ),
)
def depth_explorer(controls: Mapping[str, Control]) -> dict[str, Expected]:
    depth, channels = int(controls["depth"]), int(controls["channels"])
    images, labels = _depth_batch()
    plain, residual = plain_and_residual(depth, images, labels, channels=channels)
    expected: dict[str, Expected] = {
        "conv_layers": 2 * depth + 1,
        "params": count_params(DeepStack(depth, residual=True, channels=channels)),
    }
    for name, profile in (("plain", plain), ("residual", residual)):
        expected |= {
            f"{name}_first": profile.first,
            f"{name}_last": profile.last,
            f"{name}_ratio": profile.ratio,
        }
    return expected


# 05_identity_mappings_and_densenet.ipynb


@functools.cache
def _quick_sample_batch() -> tuple[torch.Tensor, torch.Tensor]:
    """The batch notebook 05 hands its VariantDepthExplorer in quick mode: the first 64 digits of
    ``load_mnist(source="sample", subset=2_000, test_subset=1_000)``."""
    data = load_mnist(source="sample", subset=2_000, test_subset=1_000, verbose=False)
    return data.train_images[:64], data.train_labels[:64]


@widget(
    "05_identity_mappings_and_densenet",
    keys=(
        "conv_layers",
        "params",
        *(
            f"{who}_{what}"
            for who in ("plain", "unit")
            for what in ("first", "last", "ratio", "signal")
        ),
    ),
)
def variant_depth_explorer(controls: Mapping[str, Control]) -> dict[str, Expected]:
    # The browser shows the label's spaces as non-breaking ones; str.split() takes both.
    shown = " ".join(str(controls["variant"]).split())
    variant = {label: name for name, label in VARIANT_LABELS.items()}[shown]
    depth = int(controls["depth"])
    images, labels = _quick_sample_batch()
    expected: dict[str, Expected] = {
        "conv_layers": 2 * depth + 1,
        "params": count_params(DeepStack(depth, variant=variant)),
    }
    for key, name in (("plain", "plain"), ("unit", variant)):
        profile = variant_profile(depth, name, images=images, labels=labels)
        expected |= {
            f"{key}_first": profile.first,
            f"{key}_last": profile.last,
            f"{key}_ratio": profile.ratio,
            f"{key}_signal": profile.signal_ratio,
        }
    return expected


@widget(
    "05_identity_mappings_and_densenet",
    keys=(
        "init_channels",
        "block1_out",
        "transition1_out",
        "block2_out",
        "params",
        "macs",
        "activation_mb",
    ),
)
def densenet_explorer(controls: Mapping[str, Control]) -> dict[str, Expected]:
    growth_rate, layers = int(controls["growth rate"]), int(controls["layers per block"])
    compression = int(controls["compression %"]) / 100
    model = DenseNet(
        growth_rate,
        (layers, layers),
        compression=compression,
        bottleneck=bool(controls["bottleneck (B)"]),
    )
    rows = {
        row.name: row
        for row in channel_table(growth_rate, (layers, layers), compression=compression)
    }
    return {
        "init_channels": rows["conv0"].out_channels,
        "block1_out": rows[f"block1.layer{layers}"].total_channels,
        "transition1_out": rows["transition1"].out_channels,
        "block2_out": rows[f"block2.layer{layers}"].total_channels,
        "params": count_params(model),
        "macs": total_macs(model),
        # One whole training batch of 64, measured directly (the widget extrapolates from 1 and 2).
        "activation_mb": activation_bytes(model, (64, 1, 28, 28)) / 1e6,
    }
