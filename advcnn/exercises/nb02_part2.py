"""Checks of notebook 02's exercises 02.5 to 02.9: strict loading, stride, costs, the average's
padding and the ReLUs."""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from advcnn.cost import conv_output_size, count_params
from advcnn.exercises._core import (
    Mistake,
    exercise,
    expect_choice,
    expect_close,
    expect_type,
    parts,
)
from advcnn.exercises.nb02_modules import (
    ReluInceptionReference,
    branch_outputs,
    check_inception_class,
    whole_number,
)
from advcnn.i18n import tr
from advcnn.models import InceptionA, InceptionNet
from advcnn.widgets.inception import LECTURE_WIDTHS

__all__: list[str] = []


@exercise("02.5", "Strict loading catches typos")
def _strict_loading(answer: Any) -> str:
    given = parts(answer, ["missing", "unexpected", "strict_false"])
    typo = InceptionA(10)
    typo.branchpool = typo.branch_pool
    del typo.branch_pool
    before = typo.branchpool.weight.detach().clone()
    keys = typo.load_state_dict(InceptionA(10).state_dict(), strict=False)
    missing, unexpected = set(keys.missing_keys), set(keys.unexpected_keys)

    def key_set(value: Any, what: str) -> set[str]:
        values = expect_type(value, (list, tuple, set), tr("a list of keys ({what})", what=what))
        return {str(key) for key in values}

    mine = key_set(given["missing"], "missing"), key_set(given["unexpected"], "unexpected")
    if mine != (missing, unexpected):
        if mine == (unexpected, missing):
            raise Mistake(
                tr(
                    "missing and unexpected are swapped: missing keys are those the module has "
                    "and the state_dict lacks; unexpected ones the other way round."
                )
            )
        layers = {key.rpartition(".")[0] for key in missing | unexpected}
        if mine[0] | mine[1] <= layers:
            raise Mistake(
                tr("each key names a tensor, 'layer.weight' or 'layer.bias', not a layer.")
            )
        if all(not key.endswith("bias") for key in mine[0] | mine[1]):
            raise Mistake(tr("each convolution has two tensors: its weight and its bias."))
        raise Mistake(tr("these are not the keys load_state_dict reports; print its result."))
    silently = torch.equal(typo.branchpool.weight, before)
    options = {
        "error": tr("strict=False raises nothing: that is what it is for."),
        "all loaded": tr(
            "the state_dict has no key 'branchpool.weight', so nothing is loaded there."
        ),
        "silently random": "",
    }
    right = "silently random" if silently else "all loaded"
    expect_choice(given["strict_false"], right, {k: v for k, v in options.items() if k != right})
    return tr(
        "with strict=False the typo'd layer is skipped without a word and keeps its random "
        "weights. That is why the notebook loads with strict=True."
    )


@exercise("02.6", "Stride in one branch")
def _stride(answer: Any) -> str:
    given = parts(answer, ["size", "padding"])
    size = conv_output_size(12, 3, stride=2, padding=1)
    expect_close(
        given["size"],
        size,
        tr("the output size with stride 2"),
        mistakes=[
            ((12 + 2 - 3) // 2, tr("the + 1 of the formula is missing.")),
            (
                (12 + 2 - 3) / 2 + 1,
                tr("the division is floored: a kernel fits only at whole steps."),
            ),
            (12, tr("a stride of 2 moves the kernel two pixels at a time: the output shrinks.")),
            (conv_output_size(12, 3), tr("that ignores the padding and the stride.")),
        ],
        hint="⌊(H + 2p − k)/s⌋ + 1.",
    )
    padding = whole_number(given["padding"], tr("a padding"))
    if padding < 0:
        raise Mistake(tr("the padding is a number of pixels added on each side, 0 or more."))
    out = conv_output_size(12, 3, stride=2, padding=padding)
    if out != 12:
        raise Mistake(
            tr(
                "with padding={padding} the output is {out}×{out}, not 12×12.",
                padding=padding,
                out=out,
            )
        )
    return tr("that padding keeps 12×12, but most windows then see only zeros.")


@exercise("02.7", "Cheaper, same width")
def _cheaper(answer: Any) -> str:
    given = parts(answer, ["widths", "saves_most"])
    widths = expect_type(
        given["widths"],
        dict,
        tr("a dict of slider widths, e.g. {example}", example="{'ch5x5': 16}"),
    )
    for key, value in widths.items():
        if key not in LECTURE_WIDTHS:
            raise Mistake(
                tr(
                    "{key!r} is not a slider; the sliders are {sliders}.",
                    key=key,
                    sliders=", ".join(LECTURE_WIDTHS),
                )
            )
        whole_number(value, tr("a width for {key}", key=key))
        if value < 1:
            raise Mistake(tr("{key} must be at least 1 channel.", key=key))
    widths = {key: int(value) for key, value in widths.items()}
    lecture = count_params(InceptionNet())
    concat = InceptionA.concat_channels(**{k: v for k, v in widths.items() if "conv" not in k})
    if concat != InceptionA.concat_channels():
        raise Mistake(
            tr(
                "these widths concatenate {concat} channels, not {lecture}: what one branch "
                "gives up, another must take.",
                concat=concat,
                lecture=InceptionA.concat_channels(),
            )
        )
    params = count_params(InceptionNet(**widths))
    if params >= lecture:
        raise Mistake(
            tr(
                "these widths give {params:,} parameters, not fewer than the lecture's.",
                params=params,
            )
        )
    savings = {
        label: lecture - count_params(InceptionNet(**{key: LECTURE_WIDTHS[key] - 1}))
        for label, key in (
            ("1x1 branch", "ch1x1"),
            ("5x5 branch", "ch5x5"),
            ("3x3 branch", "ch3x3"),
            ("pool proj", "pool_proj"),
        )
    }
    right = max(savings, key=savings.__getitem__)
    cheap = tr("its 1×1 convolution reads the module's input once per channel: few weights.")
    largest = tr(
        "the 5×5 kernel is the largest, but count what one channel less saves in "
        "every convolution the width appears in, as input or as output."
    )
    expect_choice(
        given["saves_most"],
        right,
        {
            label: cheap if label in ("1x1 branch", "pool proj") else largest
            for label in savings
            if label != right
        },
        what=tr("one of the sliders"),
    )
    return tr(
        "fewer parameters at the same width, and one channel less in the {right} saves "
        "{saved:,} parameters, the most of the four.",
        right=right,
        saved=savings[right],
    )


@exercise("02.8", "Padding in the average")
def _average_padding(answer: Any) -> str:
    given = parts(answer, ["corner", "edge", "interior"])
    where = {"corner": (0, 0), "edge": (0, 5), "interior": (5, 5)}
    for name, (row, column) in where.items():
        pixel = torch.zeros(1, 1, 12, 12)
        pixel[0, 0, row, column] = 1.0
        divisors = [
            round(
                1 / float(F.avg_pool2d(pixel, 3, 1, 1, count_include_pad=flag)[0, 0, row, column])
            )
            for flag in (False, True)
        ]
        right, with_padding = divisors
        expect_close(
            given[name],
            right,
            tr("the divisor at the {name}", name=name),
            mistakes=[
                (
                    with_padding,
                    tr(
                        "at the {name}, that counts the padded zeros: the default, "
                        "count_include_pad=True.",
                        name=name,
                    ),
                ),
                (
                    right - 1,
                    tr("at the {name}, the output pixel's own input pixel counts too.", name=name),
                ),
            ],
            hint=tr("count the real pixels in the 3×3 window around it."),
        )
    return tr("without the padded zeros, each output is the mean of the pixels really there.")


@exercise("02.9", "Put the ReLUs back")
def _relu_inception(answer: Any) -> str:
    def variants(reference: InceptionA, x: torch.Tensor) -> dict[str, torch.Tensor]:
        plain = torch.cat(branch_outputs(reference, x), dim=1)
        return {
            tr(
                "the outputs are those of the module without ReLUs: apply F.relu after each "
                "convolution in forward."
            ): plain,
            tr(
                "only one ReLU at the end (after the concatenation, or at the end of each "
                "branch) is not GoogLeNet's: it puts one after every convolution, inside the "
                "branches too."
            ): F.relu(plain),
        }

    tensors = check_inception_class(
        answer,
        ReluInceptionReference,
        name="ReluInceptionA",
        variants=variants,
        branch_hint=tr("put F.relu after every convolution of that branch, and nowhere else"),
    )
    return tr(
        "all {tensors} tensors of advcnn.models.InceptionA load with strict=True although the "
        "outputs differ: a ReLU has no parameters, and a state_dict holds parameters and buffers, "
        "not what forward does with them.",
        tensors=tensors,
    )
