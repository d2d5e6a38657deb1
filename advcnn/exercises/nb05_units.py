"""What notebook 05's checks on residual units recompute (gradient ratios over depth, gradients at
every block's input, the training loss a history ends with, the likely wrong forward passes of a
hand-written unit (e)), and the checks of a history and of a gradient mask that use them."""

from __future__ import annotations

import contextlib
import copy
import functools
import statistics
from collections.abc import Callable, Iterator
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.data import load_mnist
from advcnn.exercises._core import Mistake, call, expect_type
from advcnn.gradients import variant_profile
from advcnn.history import History
from advcnn.i18n import tr
from advcnn.models import VARIANTS, DeepStack, ResidualUnit
from advcnn.plots.residual_units import variant_label

__all__ = [
    "FINAL_POINTS",
    "LARGE_GROWTH",
    "RATIO_DEPTHS",
    "RATIO_OPTIONS",
    "block_input_gradients",
    "check_mask",
    "checked_history",
    "final_loss",
    "own_random_state",
    "ratio_growth",
    "reference_unit",
    "sample_batch",
    "seeded",
    "unit_diagnosis",
    "unit_in_training",
]

# ``final_loss`` of notebook 05: the mean of the last five logged training losses.
FINAL_POINTS = 5
# "Predict first" 05.p1: how ‖dL/dx_0‖ ÷ ‖dL/dx_L‖ changes from the first depth to the second.
RATIO_DEPTHS = (10, 30)
# A ratio that grows by this factor or more has grown "by orders of magnitude".
LARGE_GROWTH = 10.0
# Option → (plain stack grows by orders of magnitude, unit (e) does).
RATIO_OPTIONS: dict[str, tuple[bool, bool]] = {
    "plain only": (True, False),
    "both": (True, True),
    "neither": (False, False),
    "unit only": (False, True),
}


def own_random_state(checker: Callable[[Any], str]) -> Callable[[Any], str]:
    """Run ``checker`` on a copy of the random state: building models and seeding them for the
    check leaves the learner's own random numbers as they were."""

    @functools.wraps(checker)
    def checked(answer: Any) -> str:
        with torch.random.fork_rng(devices=[]):
            return checker(answer)

    return checked


@contextlib.contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run the block after ``torch.manual_seed(seed)``; the caller's random state is kept."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


def sample_batch(size: int = 16) -> tuple[torch.Tensor, torch.Tensor]:
    """The first ``size`` training digits of the sample that ships with advcnn (offline)."""
    data = load_mnist(source="sample", verbose=False)
    return data.train_images[:size], data.train_labels[:size]


@functools.cache
def ratio_growth(variant: str) -> float:
    """How many times ``‖dL/dx_0‖ ÷ ‖dL/dx_L‖`` of ``DeepStack(depth, variant=variant)`` grows
    from the first of ``RATIO_DEPTHS`` to the second, measured by ``variant_profile`` (seed 0;
    cached, since the same variant always gives the same number)."""
    images, labels = sample_batch()
    shallow, deep = (
        variant_profile(depth, variant, images=images, labels=labels) for depth in RATIO_DEPTHS
    )
    return deep.signal_ratio / shallow.signal_ratio


def final_loss(history: History) -> float:
    """The mean of the last ``FINAL_POINTS`` logged training losses, as notebook 05 reads it."""
    return statistics.fmean(loss for _, loss in history.steps[-FINAL_POINTS:])


def block_input_gradients(
    model: DeepStack, images: torch.Tensor, labels: torch.Tensor
) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    """Each block's input and the top's output, and ``dL/dx`` at each, in one backward pass.

    Returns:
        ``(inputs, gradients)``: ``x_0 … x_L`` (detached) and ``dL/dx_0 … dL/dx_L``.
    """
    kept: list[torch.Tensor] = []

    def keep(tensor: torch.Tensor) -> None:
        tensor.retain_grad()
        kept.append(tensor)

    handles = [block.register_forward_pre_hook(lambda _, a: keep(a[0])) for block in model.blocks]
    handles.append(model.blocks[-1].register_forward_hook(lambda _, __, out: keep(out)))
    try:
        F.cross_entropy(model(images.to(next(model.parameters()).dtype)), labels).backward()
    finally:
        for handle in handles:
            handle.remove()
    return [tensor.detach() for tensor in kept], [tensor.grad for tensor in kept]


def reference_unit(channels: int, seed: int = 0) -> ResidualUnit:
    """``ResidualUnit(channels, "full_preactivation")`` with batch norms whose scales, shifts and
    running statistics are not the defaults, so that an eval-mode batch norm is not an identity."""
    with seeded(seed):
        unit = ResidualUnit(channels, "full_preactivation")
        with torch.no_grad():
            for norm in (unit.bn1, unit.bn2):
                norm.weight.uniform_(0.5, 1.5)
                norm.bias.normal_(0.0, 0.3)
                norm.running_mean.normal_(0.0, 0.3)
                norm.running_var.uniform_(0.5, 2.0)
    return unit


def _swapped_norms(unit: ResidualUnit, x: torch.Tensor) -> torch.Tensor:
    return x + unit.conv2(F.relu(unit.bn1(unit.conv1(F.relu(unit.bn2(x))))))


def _swapped_convs(unit: ResidualUnit, x: torch.Tensor) -> torch.Tensor:
    return x + unit.conv1(F.relu(unit.bn2(unit.conv2(F.relu(unit.bn1(x))))))


def _other_forwards() -> list[tuple[str, Callable[..., torch.Tensor] | str]]:
    """Forward passes a learner may have written by mistake, with what to say about each."""
    wrong: list[tuple[str, Callable[..., torch.Tensor] | str]] = [
        (
            tr(
                "your forward computes unit {label}, not (e): in (e) each batch norm and ReLU "
                "comes before its convolution, and nothing comes after the addition",
                label=variant_label(variant),
            ),
            variant,
        )
        for variant in VARIANTS
        if variant != "full_preactivation"
    ]
    wrong += [
        (
            tr("the shortcut is missing: forward should return x plus the branch"),
            lambda unit, x: unit(x) - x,
        ),
        (
            tr("in (e) nothing comes after the addition: remove the ReLU applied to the sum"),
            lambda unit, x: F.relu(unit(x)),
        ),
        (
            tr("bn1 and bn2 look swapped: bn1 normalises the unit's input, bn2 conv1's output"),
            _swapped_norms,
        ),
        (tr("conv1 and conv2 look swapped: conv1 comes first"), _swapped_convs),
    ]
    return wrong


def _agrees(mine: torch.Tensor, expected: torch.Tensor) -> bool:
    return mine.shape == expected.shape and torch.allclose(mine, expected, atol=1e-5)


def unit_diagnosis(candidate: nn.Module, reference: ResidualUnit, example: torch.Tensor) -> str:
    """What the learner's forward most likely does wrong, found by running the reference's layers
    in the likely wrong orders (eval mode) and comparing with the learner's output.

    Returns:
        A message for ``compare_module``'s ``forward_hint``, or a general one when no known
        mistake matches (or the weights do not load).
    """
    general = tr("check forward against the order of unit (e): BN-ReLU-conv-BN-ReLU-conv, then add")
    state = reference.state_dict()
    loaded = copy.deepcopy(candidate)
    try:
        loaded.load_state_dict(state, strict=True)
    except (RuntimeError, KeyError):
        return general  # compare_module names the layer that does not load
    loaded.eval()
    with torch.no_grad():
        mine = call(loaded, example, what=tr("your unit's forward"))
        if not isinstance(mine, torch.Tensor) or _agrees(
            mine, copy.deepcopy(reference).eval()(example)
        ):
            return general  # nothing to diagnose: compare_module says what it sees
        for message, wrong in _other_forwards():
            if isinstance(wrong, str):
                other = ResidualUnit(reference.channels, wrong)
                other.load_state_dict(state)
                expected = other.eval()(example)
            else:
                expected = wrong(copy.deepcopy(reference).eval(), example)
            if _agrees(mine, expected):
                return message
    return general


def unit_in_training(candidate: nn.Module, reference: ResidualUnit, example: torch.Tensor) -> None:
    """Compare the learner's unit, loaded with the reference's weights, with the reference in
    training mode: the outputs, then the running statistics each forward pass updates.

    Raises:
        Mistake: The outputs or the updated batch-norm statistics differ.
    """
    mine, theirs = copy.deepcopy(candidate), copy.deepcopy(reference)
    mine.load_state_dict(theirs.state_dict(), strict=True)
    mine.train()
    theirs.train()
    with torch.no_grad():
        output = call(mine, example, what=tr("your unit's forward in training mode"))
        expected = theirs(example)
    if not isinstance(output, torch.Tensor) or not torch.allclose(output, expected, atol=1e-5):
        raise Mistake(
            tr(
                "the outputs agree in eval mode but not in training mode: forward must call the "
                "batch norms themselves (self.bn1(...)), so that they use the batch's statistics "
                "while training and the running ones in eval mode"
            )
        )
    updated = mine.state_dict()
    for key, value in theirs.state_dict().items():
        if not torch.allclose(updated[key].double(), value.double()):
            raise Mistake(
                tr(
                    "the outputs agree in both modes, but a training-mode forward pass updates "
                    "{key} differently: build the batch norms as nn.BatchNorm2d(channels), with "
                    "the default momentum, and call each once per forward pass",
                    key=key,
                )
            )


def checked_history(value: Any, depth: int) -> History:
    if isinstance(value, nn.Module):
        raise Mistake(
            tr(
                "pass the History that fit returned for the {depth}-block stack, not the model",
                depth=depth,
            )
        )
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise Mistake(
            tr(
                "pass the History that fit returned for the {depth}-block stack, not a number: "
                "the check reads final_loss from it itself",
                depth=depth,
            )
        )
    history = expect_type(
        value,
        History,
        tr("the History fit returned for the {depth}-block stack", depth=depth),
    )
    epochs = len(history.records)
    if epochs != 3:
        raise Mistake(
            tr(
                "the {depth}-block run has {epochs} epoch(s): train each stack for three "
                "(recipe(..., epochs=3))",
                depth=depth,
                epochs=epochs,
            )
        )
    if history.interrupted or not all(record.complete for record in history.records):
        raise Mistake(
            tr("the {depth}-block run stopped early: let it run its three epochs", depth=depth)
        )
    if len(history.steps) < FINAL_POINTS:
        raise Mistake(
            tr(
                "the {depth}-block run logged {steps} losses; final_loss averages the last "
                "{points}: log more often (log_every=10)",
                depth=depth,
                steps=len(history.steps),
                points=FINAL_POINTS,
            )
        )
    return history


def check_mask(mask: Any, x: torch.Tensor, gradient: torch.Tensor, top: torch.Tensor) -> None:
    """Check the learner's mask of where ``dL/dx_l`` (``gradient``) equals ``dL/dx_L`` (``top``)
    for the block input ``x``, naming the likely mistake.

    Raises:
        Mistake: The mask is not a boolean tensor of ``x``'s shape, or marks other entries.
    """
    if not isinstance(mask, torch.Tensor):
        raise Mistake(
            tr("expected a boolean tensor of x's shape, got {kind}", kind=type(mask).__name__)
        )
    if mask.shape != x.shape:
        raise Mistake(
            tr(
                "the mask has shape {mask}, x has {x}: return one True or False per entry of x "
                "(x > 0 is such a tensor)",
                mask=tuple(mask.shape),
                x=tuple(x.shape),
            )
        )
    if mask.dtype != torch.bool and not ((mask == 0) | (mask == 1)).all():
        raise Mistake(tr("expected a boolean tensor (True/False, or 1/0), like x > 0"))
    mask = mask.bool()
    same = torch.isclose(gradient, top)
    known = top != 0  # where dL/dx_L is 0, any entry that is 0 too looks "unchanged"
    if bool((mask == same)[known].all()):
        return
    if bool(mask.all()):
        raise Mistake(
            tr(
                "your mask says the gradient arrives unchanged everywhere, but where x_l is "
                "exactly 0 the ReLU after the addition passes nothing back (PyTorch takes "
                "ReLU's slope at 0 to be 0)"
            )
        )
    if not bool(mask.any()):
        raise Mistake(
            tr(
                "your mask says the gradient never arrives unchanged, but where x_l > 0 the "
                "unit computes relu(x) = x and hands dL/dx_(l+1) back as it is"
            )
        )
    if bool((mask != same)[known].all()):
        raise Mistake(tr("True and False are swapped: True should mark where it is unchanged"))
    wrong = int((mask != same)[known].sum())
    raise Mistake(
        tr(
            "the mask is wrong at {wrong:,} of {known:,} entries: which values does the stem's "
            "ReLU leave in x, and what is ReLU's slope at each?",
            wrong=wrong,
            known=int(known.sum()),
        )
    )
