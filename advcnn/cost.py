"""What a convolution costs: multiply-accumulates (MACs) and parameters, worked out by formula
(for one convolution, a bottleneck, the whole InceptionNet) and measured on any model.

A k×k convolution from C_in to C_out channels producing an H_out×W_out image performs
``H_out · W_out · C_out · C_in · k · k`` multiply-accumulates: every output value is a weighted
sum over a k×k window of every input channel. ``layer_costs`` measures any model with
``torch.utils.flop_counter.FlopCounterMode``, which counts 2 FLOPs (one multiply, one add) per
MAC, so MACs = FLOPs / 2. Neither counts biases, ReLUs or pooling: those are a rounding error
next to the convolutions.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from advcnn.models._checks import check_positive, conv_output_size
from advcnn.models.inception import LECTURE_INCEPTION

__all__ = [
    "BottleneckCost",
    "LayerCost",
    "bottleneck_cost",
    "conv_macs",
    "conv_output_size",
    "conv_params",
    "count_params",
    "shape_trace",
    "format_table",
    "layer_costs",
    "predicted_layer_costs",
    "predicted_shape_trace",
    "total_macs",
]


def conv_macs(
    in_channels: int,
    out_channels: int,
    kernel_size: int,
    image_size: int | tuple[int, int],
    *,
    stride: int = 1,
    padding: int | None = None,
) -> int:
    """Multiply-accumulates of one k×k convolution on one image (biases not counted).

    Args:
        in_channels: Input channels C_in.
        out_channels: Output channels C_out.
        kernel_size: Kernel height and width k.
        image_size: Input height and width, one int for a square image.
        stride: Stride of the convolution.
        padding: Zero padding on each side; ``None`` means "same" padding, (k − 1) // 2.

    Returns:
        H_out · W_out · C_out · C_in · k · k.
    """
    check_positive("conv_macs", in_channels=in_channels, out_channels=out_channels)
    height, width = (image_size, image_size) if isinstance(image_size, int) else image_size
    padding = (kernel_size - 1) // 2 if padding is None else padding
    out_h = conv_output_size(height, kernel_size, stride=stride, padding=padding)
    out_w = conv_output_size(width, kernel_size, stride=stride, padding=padding)
    return out_h * out_w * out_channels * in_channels * kernel_size * kernel_size


def conv_params(in_channels: int, out_channels: int, kernel_size: int, *, bias: bool = True) -> int:
    """Learnable parameters of a k×k convolution: C_out · C_in · k · k weights (+ C_out biases)."""
    check_positive(
        "conv_params", in_channels=in_channels, out_channels=out_channels, kernel_size=kernel_size
    )
    return out_channels * in_channels * kernel_size**2 + (out_channels if bias else 0)


@dataclass(frozen=True)
class BottleneckCost:
    """A direct k×k convolution against a 1×1 reduction followed by the same k×k one.

    Attributes:
        in_channels, bottleneck_channels, out_channels, kernel_size, image_size: What was
            compared ("same" padding, stride 1).
        direct_macs: MACs of the k×k convolution from ``in_channels`` to ``out_channels``.
        reduce_macs: MACs of the 1×1 convolution from ``in_channels`` to the bottleneck.
        expand_macs: MACs of the k×k convolution from the bottleneck to ``out_channels``.
        direct_params: Parameters (with biases) of the direct convolution.
        reduce_params: Parameters (with biases) of the 1×1 reduction.
        expand_params: Parameters (with biases) of the k×k expansion.
    """

    in_channels: int
    bottleneck_channels: int
    out_channels: int
    kernel_size: int
    image_size: int
    direct_macs: int
    reduce_macs: int
    expand_macs: int
    direct_params: int
    reduce_params: int
    expand_params: int

    @property
    def bottleneck_macs(self) -> int:
        """MACs of the whole bottleneck path: reduce + expand."""
        return self.reduce_macs + self.expand_macs

    @property
    def bottleneck_params(self) -> int:
        """Parameters of the whole bottleneck path: reduce + expand."""
        return self.reduce_params + self.expand_params

    @property
    def mac_ratio(self) -> float:
        """Bottleneck MACs as a fraction of the direct path's (about 0.10 in the lecture)."""
        return self.bottleneck_macs / self.direct_macs

    @property
    def param_ratio(self) -> float:
        """Bottleneck parameters as a fraction of the direct path's."""
        return self.bottleneck_params / self.direct_params


def bottleneck_cost(
    in_channels: int = 192,
    bottleneck_channels: int = 16,
    out_channels: int = 32,
    kernel_size: int = 5,
    image_size: int = 28,
) -> BottleneckCost:
    """Compare a direct k×k convolution with a 1×1 bottleneck in front of it ("same" padding).

    The defaults are the lecture's example, their one home. The direct path costs 120,422,400
    MACs; the bottleneck 2,408,448 + 10,035,200.

    Returns:
        A ``BottleneckCost``; ``bottleneck_cost().bottleneck_macs == 12_443_648``.
    """
    return BottleneckCost(
        in_channels=in_channels,
        bottleneck_channels=bottleneck_channels,
        out_channels=out_channels,
        kernel_size=kernel_size,
        image_size=image_size,
        direct_macs=conv_macs(in_channels, out_channels, kernel_size, image_size),
        reduce_macs=conv_macs(in_channels, bottleneck_channels, 1, image_size),
        expand_macs=conv_macs(bottleneck_channels, out_channels, kernel_size, image_size),
        direct_params=conv_params(in_channels, out_channels, kernel_size),
        reduce_params=conv_params(in_channels, bottleneck_channels, 1),
        expand_params=conv_params(bottleneck_channels, out_channels, kernel_size),
    )


@dataclass(frozen=True)
class LayerCost:
    """One call of one layer (leaf module) during a forward pass.

    Attributes:
        name: The module's dotted name in the model, e.g. ``"incep1.branch5x5_2"``.
        kind: The module's class name, e.g. ``"Conv2d"``.
        output_shape: Shape of the layer's output for one image, e.g. ``(24, 12, 12)``; the
            batch dimension is left out.
        params: The module's parameters (counted at its first call only, so they add up).
        macs: Multiply-accumulates of this call, measured (FLOPs / 2).
    """

    name: str
    kind: str
    output_shape: tuple[int, ...]
    params: int
    macs: int


def count_params(model: nn.Module) -> int:
    """Number of learnable parameters: ``sum(p.numel() for p in model.parameters())``."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def layer_costs(model: nn.Module, input_size: tuple[int, ...] = (1, 1, 28, 28)) -> list[LayerCost]:
    """Run ``model`` once on zeros; measure each leaf module's output shape, parameters and MACs.

    Args:
        model: Any ``nn.Module``; it is run in eval mode, without gradients, on the CPU copy of
            its parameters' device.
        input_size: Shape of the input batch, N x C x H x W. MACs are reported per image.

    Returns:
        One ``LayerCost`` per call of a leaf module, in execution order.
    """
    batch = input_size[0]
    root = type(model).__name__
    leaves = {module: name for name, module in model.named_modules() if not list(module.children())}
    rows: list[LayerCost] = []
    seen: set[nn.Module] = set()
    counter = FlopCounterMode(display=False)
    flops_so_far: dict[str, int] = {}

    def record(module: nn.Module, _inputs: object, output: torch.Tensor) -> None:
        name = leaves[module]
        # The counter accumulates per module; the difference since this module's last call is
        # what this call cost.
        total = sum(counter.get_flop_counts().get(f"{root}.{name}", {}).values())
        flops = total - flops_so_far.get(name, 0)
        flops_so_far[name] = total
        params = 0 if module in seen else sum(p.numel() for p in module.parameters())
        seen.add(module)
        shape = tuple(output.shape[1:]) if isinstance(output, torch.Tensor) else ()
        rows.append(LayerCost(name, type(module).__name__, shape, params, flops // 2 // batch))

    handles = [module.register_forward_hook(record) for module in leaves]
    try:
        _count_on_zeros(model, input_size, counter)
    finally:
        for handle in handles:
            handle.remove()
    return rows


def total_macs(model: nn.Module, input_size: tuple[int, ...] = (1, 1, 28, 28)) -> int:
    """Multiply-accumulates of one forward pass per image, measured with ``FlopCounterMode``."""
    counter = FlopCounterMode(display=False)
    _count_on_zeros(model, input_size, counter)
    return counter.get_total_flops() // 2 // input_size[0]


def _count_on_zeros(
    model: nn.Module, input_size: tuple[int, ...], counter: FlopCounterMode
) -> None:
    """One forward pass on zeros, in eval mode and without gradients, under ``counter``."""
    was_training = model.training
    try:
        model.eval()
        with torch.no_grad(), counter:
            model(torch.zeros(input_size, device=_device_of(model)))
    finally:
        model.train(was_training)


def shape_trace(
    model: nn.Module, input_size: tuple[int, ...] = (1, 1, 28, 28)
) -> list[tuple[str, str, tuple[int, ...]]]:
    """Every submodule's output shape (batch dimension left out), in the order outputs appear.

    Unlike ``layer_costs`` this includes blocks, so an Inception module shows up as one row
    (``"incep1", "InceptionA", (88, 12, 12)``) right after the rows of its branches.

    Returns:
        ``(name, class name, shape)`` for each call of each submodule.
    """
    names = {module: name for name, module in model.named_modules() if module is not model}
    trace: list[tuple[str, str, tuple[int, ...]]] = []

    def record(module: nn.Module, _inputs: object, output: torch.Tensor) -> None:
        trace.append((names[module], type(module).__name__, tuple(output.shape[1:])))

    handles = [module.register_forward_hook(record) for module in names]
    try:
        with torch.no_grad():
            model(torch.zeros(input_size, device=_device_of(model)))
    finally:
        for handle in handles:
            handle.remove()
    return trace


def _device_of(model: nn.Module) -> torch.device:
    return next(model.parameters(), torch.empty(0)).device


def format_table(rows: list[LayerCost]) -> str:
    """A plain-text table of ``layer_costs`` rows, with a total line."""
    header = ("layer", "type", "output (C x H x W)", "params", "MACs")
    body = [
        (
            row.name,
            row.kind,
            " x ".join(map(str, row.output_shape)),
            f"{row.params:,}",
            f"{row.macs:,}",
        )
        for row in rows
    ]
    total = ("total", "", "", f"{sum(r.params for r in rows):,}", f"{sum(r.macs for r in rows):,}")
    widths = [max(len(line[i]) for line in [header, *body, total]) for i in range(len(header))]

    def fmt(line: tuple[str, ...]) -> str:
        left = [cell.ljust(width) for cell, width in zip(line[:3], widths[:3], strict=True)]
        right = [cell.rjust(width) for cell, width in zip(line[3:], widths[3:], strict=True)]
        return "  ".join(left + right).rstrip()

    rule = "-" * len(fmt(header))
    return "\n".join([fmt(header), rule, *map(fmt, body), rule, fmt(total)])


# The lecture's InceptionNet worked out by hand, from the output-size formula and the two cost
# formulas above, without building the model: the tests hold it against ``shape_trace`` and
# ``layer_costs`` of a real ``InceptionNet``, so it must not borrow the model's code.
Shape = tuple[int, ...]
_Row = tuple[str, str, Shape, int, int, bool]  # name, kind, shape, params, MACs, is a leaf
_NET_KEYWORDS = ("num_classes", "in_channels", "image_size", "conv1_channels", "conv2_channels")


def _conv(name: str, c_in: int, c_out: int, k: int, size: int, padding: int = 0) -> _Row:
    """One k×k convolution on a size×size input."""
    out = conv_output_size(size, k, padding=padding)
    return (
        name,
        "Conv2d",
        (c_out, out, out),
        conv_params(c_in, c_out, k),
        conv_macs(c_in, c_out, k, size, padding=padding),
        True,
    )


def _inception(name: str, c_in: int, size: int, b: dict[str, int]) -> list[_Row]:
    """The seven convolutions of one ``InceptionA`` in execution order, then the block itself."""
    pad5, pad3 = (b["kernel5x5"] - 1) // 2, (b["kernel3x3"] - 1) // 2  # "same" padding
    concat = b["ch1x1"] + b["ch5x5"] + b["ch3x3"] + b["pool_proj"]
    return [
        _conv(f"{name}.branch1x1", c_in, b["ch1x1"], 1, size),
        _conv(f"{name}.branch5x5_1", c_in, b["ch5x5red"], 1, size),
        _conv(f"{name}.branch5x5_2", b["ch5x5red"], b["ch5x5"], b["kernel5x5"], size, pad5),
        _conv(f"{name}.branch3x3_1", c_in, b["ch3x3red"], 1, size),
        _conv(f"{name}.branch3x3_2", b["ch3x3red"], b["ch3x3"], b["kernel3x3"], size, pad3),
        _conv(f"{name}.branch3x3_3", b["ch3x3"], b["ch3x3"], b["kernel3x3"], size, pad3),
        # The average pooling before this 1×1 convolution is a function call, not a module, and
        # costs no multiplications, so it has no row (as in layer_costs).
        _conv(f"{name}.branch_pool", c_in, b["pool_proj"], 1, size),
        # The block's own row: forward hooks see it after its branches. Its parameters and
        # MACs are those of the rows above, so they are not repeated here.
        (name, "InceptionA", (concat, size, size), 0, 0, False),
    ]


def _plan(settings: dict[str, int]) -> list[_Row]:
    """Every module call of ``InceptionNet`` in the order its output appears, worked out by hand.

    The max-pool module is one module called twice; it has no parameters to count twice.
    """
    unknown = set(settings) - set(LECTURE_INCEPTION)
    if unknown:
        raise ValueError(
            f"unknown InceptionNet keywords {sorted(unknown)}; use {list(LECTURE_INCEPTION)}"
        )
    s = LECTURE_INCEPTION | settings
    rows = [_conv("conv1", s["in_channels"], s["conv1_channels"], 5, s["image_size"])]  # 28 → 24
    size = conv_output_size(rows[-1][2][1], 2, stride=2)  # 2×2 max-pool: 24 → 12
    rows.append(("mp", "MaxPool2d", (s["conv1_channels"], size, size), 0, 0, True))
    rows += _inception("incep1", s["conv1_channels"], size, s)  # 12 → 12, 88 channels
    concat = rows[-1][2][0]
    rows.append(_conv("conv2", concat, s["conv2_channels"], 5, size))  # 12 → 8
    size = conv_output_size(rows[-1][2][1], 2, stride=2)  # 8 → 4
    rows.append(("mp", "MaxPool2d", (s["conv2_channels"], size, size), 0, 0, True))
    rows += _inception("incep2", s["conv2_channels"], size, s)  # 4 → 4
    flat, classes = concat * size * size, s["num_classes"]  # 88 · 4 · 4 = 1408
    fc_params = conv_params(flat, classes, 1)  # weights and biases, as a 1×1 convolution
    rows.append(("fc", "Linear", (classes,), fc_params, flat * classes, True))
    return rows


def predicted_shape_trace(**settings: int) -> list[tuple[str, str, Shape]]:
    """What ``shape_trace(InceptionNet(**settings))`` will report, computed without a model.

    Args:
        **settings: ``InceptionNet`` keywords (``num_classes``, ``in_channels``, ``image_size``,
            ``conv1_channels``, ``conv2_channels``) and ``InceptionA`` ones (``ch1x1``,
            ``ch5x5red``, ``ch5x5``, ``ch3x3red``, ``ch3x3``, ``pool_proj``, ``kernel5x5``,
            ``kernel3x3``); the lecture's values (the models' defaults) when left out.

    Returns:
        ``(name, class name, shape without the batch dimension)`` for each module call.
    """
    return [(name, kind, shape) for name, kind, shape, *_ in _plan(settings)]


def predicted_layer_costs(**settings: int) -> list[LayerCost]:
    """What ``layer_costs(InceptionNet(**settings))`` will measure, computed by arithmetic.

    Takes the same keywords as ``predicted_shape_trace``.

    Returns:
        One ``LayerCost`` per call of a leaf module: parameters from C_out·C_in·k² + C_out, MACs
        from H_out·W_out·C_out·C_in·k².
    """
    return [LayerCost(n, k, s, p, m) for n, k, s, p, m, leaf in _plan(settings) if leaf]
