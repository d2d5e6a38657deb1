"""Checks of notebook 05's exercises (identity mappings and DenseNet), in the notebook's order.

Every expected value is recomputed with advcnn's own code (``variant_profile``, autograd on a
``DeepStack``, strict loads into ``ResidualUnit``, ``channel_table``, ``layer_costs``,
``activation_bytes``); no check trains a network.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from advcnn.exercises._core import (
    Mistake,
    call,
    exercise,
    expect_choice,
    expect_close,
    expect_type,
    parts,
)
from advcnn.exercises._modules import build_module, compare_module
from advcnn.exercises.nb05_dense import (
    block_end,
)
from advcnn.exercises.nb05_dense_checks import bottleneck_costs, compression_memory
from advcnn.exercises.nb05_units import (
    LARGE_GROWTH,
    RATIO_DEPTHS,
    RATIO_OPTIONS,
    block_input_gradients,
    check_mask,
    checked_history,
    final_loss,
    own_random_state,
    ratio_growth,
    reference_unit,
    sample_batch,
    seeded,
    unit_diagnosis,
    unit_in_training,
)
from advcnn.i18n import tr
from advcnn.models import DeepStack

__all__: list[str] = []


def _grows() -> dict[str, tuple[str, str]]:
    """Per network, what to say when its ratio grows by orders of magnitude, and when not."""
    return {
        "plain": (
            tr(
                "the plain stack has no identity path: the factors by which each block scales "
                "the gradient compound with depth, so its ratio grows by orders of magnitude"
            ),
            tr("the plain stack's ratio does not grow by orders of magnitude here"),
        ),
        "unit": (
            tr("unit (e)'s ratio grows by orders of magnitude here"),
            tr(
                "in unit (e) the identity path hands dL/dx_L down unchanged and the branches add "
                "to it slowly (section 3): its ratio grows by a few times, not by orders of "
                "magnitude"
            ),
        ),
    }


@exercise("05.p1", "Predict: the gradient ratio over depth")
@own_random_state
def _ratio_prediction(answer: Any) -> str:
    plain = ratio_growth("plain") >= LARGE_GROWTH
    unit = ratio_growth("full_preactivation") >= LARGE_GROWTH
    actual = {"plain": plain, "unit": unit}
    right = next(option for option, grows in RATIO_OPTIONS.items() if grows == (plain, unit))
    said = _grows()

    def explain(grows: tuple[bool, bool]) -> str:
        wrong = [
            said[key][0 if actual[key] else 1]
            for key, grown in zip(("plain", "unit"), grows, strict=True)
            if grown != actual[key]
        ]
        return (
            wrong[0]
            if len(wrong) == 1
            else tr("{first}; {second}", first=wrong[0], second=wrong[1])
        )

    wrong = {option: explain(grows) for option, grows in RATIO_OPTIONS.items() if option != right}
    expect_choice(answer, right, wrong, what=tr("one of the options"))
    shallow, deep = RATIO_DEPTHS
    return tr(
        "measured with variant_profile from {shallow} to {deep} blocks: {plain}; {unit}. Slide "
        "the explorer's depth to see it.",
        shallow=shallow,
        deep=deep,
        plain=said["plain"][0 if actual["plain"] else 1],
        unit=said["unit"][0 if actual["unit"] else 1],
    )


@exercise("05.p2", "Predict: channels after block 2")
@own_random_state
def _channels_prediction(answer: Any) -> str:
    growth, layers = 24, 4  # the explorer's sliders for this question
    config = (layers, layers)
    right = block_end(growth, config, 2)
    mistakes = [
        (
            block_end(growth, config, 2, compression=1.0),
            tr(
                "transition 1 keeps only ⌊θ·m⌋ of the m channels block 1 ends with: you kept them "
                "all"
            ),
        ),
        (
            block_end(growth, config, 1),
            tr("that is where block 1 ends; block 2 comes after transition 1"),
        ),
        (
            block_end(growth, config, 2, num_init_features=growth),
            tr("conv0 gives 2k channels, not k (k0 = 2k in DenseNet-BC)"),
        ),
        (
            layers * growth,
            tr(
                "every dense block keeps its input: block 2 ends with what transition 1 passes "
                "on plus L·k"
            ),
        ),
        (
            block_end(growth, (layers - 1,) * 2, 2),
            tr("each of the L layers adds k channels: L·k, not (L − 1)·k"),
        ),
        (
            block_end(growth, (layers + 1,) * 2, 2),
            tr("each of the L layers adds k channels: L·k, not (L + 1)·k"),
        ),
        (block_end(growth, config, 2) // 2, tr("there is no transition after the last block")),
    ]
    expect_close(
        answer,
        right,
        tr("the number of channels block 2 ends with"),
        mistakes=[(value, message) for value, message in mistakes if value != right],
        hint=tr(
            "Follow the channels: conv0 gives k0 = 2k, each layer adds k, a transition keeps ⌊θ·m⌋."
        ),
    )
    return tr(
        "follow the channels: k0 = 2k, plus L·k in block 1, ⌊θ·m⌋ after transition 1, plus L·k "
        "in block 2."
    )


@exercise("05.1", "Degradation with more budget")
@own_random_state
def _degradation(answer: Any) -> str:
    given = parts(answer, ("shallow", "deep", "caught_up"))
    if given["shallow"] is given["deep"]:
        raise Mistake(tr("that is the same history twice: train the 2-block and the 8-block stack"))
    shallow, deep = checked_history(given["shallow"], 2), checked_history(given["deep"], 8)
    if shallow.steps_per_epoch != deep.steps_per_epoch:
        raise Mistake(
            tr(
                "the two runs took different numbers of steps per epoch: train both on the same "
                "digits (degradation_data) with the same batch size"
            )
        )
    caught_up = expect_type(given["caught_up"], bool, tr("True or False for 'caught_up'"))
    if caught_up != (final_loss(deep) <= final_loss(shallow)):
        raise Mistake(
            tr(
                "your own histories say the opposite: 'caught_up' is final_loss(deep) <= "
                "final_loss(shallow), the mean of each run's last five logged losses"
            )
        )
    return tr(
        "your conclusion follows from your own two histories (three epochs each, final_loss "
        "over the last five logged losses). It is one seed: a second seed says how firm it is."
    )


@exercise("05.2", "Where the top gradient goes in unit (a)")
@own_random_state
def _unit_a_gradient(answer: Any) -> str:
    images, labels = sample_batch(16)
    with seeded(0):
        model = DeepStack(4, variant="original").double()
    for block in model.blocks:
        nn.init.zeros_(block.conv2.weight)  # F(x) = 0 in every unit
    inputs, gradients = block_input_gradients(model, images, labels)
    top = gradients[-1]
    for x, gradient in zip(inputs[:-1], gradients[:-1], strict=True):
        mask = call(answer, x.clone(), what="passes_unchanged(x)")
        check_mask(mask, x, gradient, top)
    return tr(
        "with F ≡ 0, unit (a) computes relu(x) on an input that is already ≥ 0: the gradient "
        "passes unchanged where x > 0 and is cut where x = 0, in every block."
    )


@exercise("05.3", "A unit of your own")
@own_random_state
def _own_unit(answer: Any) -> str:
    if isinstance(answer, nn.Module):
        raise Mistake(
            tr(
                "pass the class itself, not an instance of it: the check builds it with 16 and "
                "with 8 channels"
            )
        )
    messages = []
    for channels in (16, 8):
        candidate = build_module(answer, channels, what=tr("your unit class, called with channels"))
        biased = [key for key in candidate.state_dict() if key.startswith("conv") and "bias" in key]
        if biased:
            raise Mistake(
                tr(
                    "{layer} has a bias; the reference's convolutions have none (bias=False): the "
                    "batch norm after each would remove it anyway",
                    layer=biased[0].split(".")[0],
                )
            )
        reference = reference_unit(channels)
        with seeded(1):
            example = torch.randn(8, channels, 7, 7)
        try:
            messages.append(
                compare_module(
                    candidate,
                    reference,
                    example,
                    forward_hint=unit_diagnosis(candidate, reference, example),
                )
            )
            unit_in_training(candidate, reference, example)
        except Mistake as mistake:
            if channels == 16:
                raise
            raise Mistake(
                tr("with channels=8: {mistake} Is 16 written into the class?", mistake=mistake)
            ) from None
    return tr(
        "{agreement}, in eval and in training mode, with 16 channels and with 8.",
        agreement=messages[0][:-1],
    )


exercise("05.4", "What the DenseNet bottleneck costs")(bottleneck_costs)
exercise("05.5", "Compression and memory")(compression_memory)
