"""Checks of notebook 02's fill-in ``LectureInceptionA`` (02.w1), its predict-first question
(02.p1) and exercises 02.1 to 02.4: sizes, paddings and the concatenation."""

from __future__ import annotations

import re
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.cost import conv_output_size, conv_params, count_params
from advcnn.exercises._core import (
    Mistake,
    exercise,
    expect_close,
    expect_type,
    parts,
)
from advcnn.exercises.nb02_modules import (
    branch_outputs,
    check_inception_class,
    whole_number,
)
from advcnn.i18n import tr
from advcnn.models import InceptionA, InceptionNet

__all__: list[str] = []


@exercise("02.w1", "Write the lecture's InceptionA")
def _lecture_inception(answer: Any) -> str:
    def variants(reference: InceptionA, x: torch.Tensor) -> dict[str, torch.Tensor]:
        def pooled(pool: Any) -> torch.Tensor:
            return torch.cat(branch_outputs(reference, x, pool=pool), dim=1)

        return {
            tr(
                "the pool branch uses max pooling; the lecture's uses an average (F.avg_pool2d)."
            ): pooled(lambda t: F.max_pool2d(t, kernel_size=3, stride=1, padding=1)),
            tr(
                "the pool branch divides by the real pixels only (count_include_pad=False); the "
                "lecture's average keeps the default."
            ): pooled(lambda t: F.avg_pool2d(t, 3, stride=1, padding=1, count_include_pad=False)),
            tr(
                "the pool branch applies branch_pool to x itself: the average pooling comes first."
            ): pooled(lambda t: t),
            tr(
                "your module applies ReLUs; the lecture's InceptionA has none (exercise 9 adds "
                "them)."
            ): torch.cat(branch_outputs(reference, x, relu=True), dim=1),
        }

    tensors = check_inception_class(
        answer,
        InceptionA,
        name="LectureInceptionA",
        variants=variants,
        branch_hint=tr("check that forward applies that branch's layers to x, in order"),
    )
    return tr(
        "built with in_channels=10 and 20, it takes all {tensors} tensors of "
        "advcnn.models.InceptionA with strict=True, and the outputs agree.",
        tensors=tensors,
    )


@exercise("02.p1", "Predict fc's input")
def _predict_fc_input(answer: Any) -> str:
    wide = InceptionNet(ch5x5=64)
    lecture = InceptionNet()
    size = lecture.feature_size
    added = InceptionA.concat_channels() + 64
    expect_close(
        answer,
        wide.flat_features,
        tr("fc's input with a 64-channel 5×5 branch"),
        mistakes=[
            (
                lecture.flat_features,
                tr(
                    "that is the lecture's fc input: a wider branch widens the "
                    "concatenation, and fc reads all of it."
                ),
            ),
            (
                InceptionA.concat_channels(ch5x5=64),
                tr(
                    "that is the concatenated width; fc reads "
                    "every channel at each pixel of the last feature map."
                ),
            ),
            (
                64 * size * size,
                tr("that counts the 5×5 branch alone; fc reads all four branches."),
            ),
            (
                wide.flat_features - lecture.flat_features,
                tr("that is how much fc's input grows; the question asks for the whole input."),
            ),
            (
                added * size * size,
                tr("64 replaces the branch's 24 channels; it is not added to them."),
            ),
        ],
        hint=tr("Concatenated width × height × width of incep2's output."),
    )
    return tr(
        "the fc layer reads every channel of the concatenation at every pixel of incep2's output."
    )


@exercise("02.1", "A bigger image")
def _bigger_image(answer: Any) -> str:
    right = InceptionNet(image_size=32).flat_features
    width = InceptionA.concat_channels()

    def flat(size: int, *, plus_one: bool = True, pools: tuple[bool, bool] = (True, True)) -> int:
        for pool in pools:
            size = conv_output_size(size, 5) - (0 if plus_one else 1)
            if pool:
                size = conv_output_size(size, 2, stride=2)
        return width * size * size

    side = InceptionNet(image_size=32).feature_size
    conv2 = InceptionNet().conv2.out_channels
    expect_close(
        answer,
        right,
        tr("flat_features for 32×32 images"),
        mistakes=[
            (
                InceptionNet().flat_features,
                tr("that is the 28×28 network's value: start the chain from 32."),
            ),
            (
                width * side,
                tr("the last feature map is square: multiply by its height and its width."),
            ),
            (
                side * side,
                tr("that is one channel's feature map; fc reads every channel of incep2."),
            ),
            (
                conv2 * side * side,
                tr(
                    "{conv2} is conv2's width, but incep2 comes after it and concatenates more "
                    "channels.",
                    conv2=conv2,
                ),
            ),
            (
                flat(32, plus_one=False),
                tr("without padding, a convolution keeps H − k + 1 pixels, not H − k."),
            ),
            (flat(32, pools=(False, True)), tr("one of the two 2×2 max poolings is left out.")),
            (flat(32, pools=(True, False)), tr("one of the two 2×2 max poolings is left out.")),
        ],
        hint=tr("32 → conv1 → pool → incep1 → conv2 → pool → incep2, then channels × H × W."),
    )
    return tr("the chain of output sizes gives it, as InceptionNet(image_size=32) computes it.")


@exercise("02.2", "A 7×7 branch")
def _seven_by_seven(answer: Any) -> str:
    given = parts(answer, ["padding", "extra_params"])
    module = InceptionA(10, kernel5x5=7)
    padding = module.branch5x5_2.padding[0]
    lecture = InceptionA(10)
    extra = count_params(module) - count_params(lecture)
    expect_close(
        given["padding"],
        padding,
        tr("the padding for a 7×7 kernel"),
        mistakes=[
            (7, tr("that is the kernel size; the padding is what each side needs, (k − 1)/2.")),
            (3.5, tr("the padding is (k − 1)/2, not k/2.")),
            (2 * padding, tr("that is the total of both sides, 2p; padding= is per side.")),
            (lecture.branch5x5_2.padding[0], tr("that is the 5×5 kernel's padding.")),
        ],
        hint=tr("H_out = H + 2p − k + 1 must equal H."),
    )
    c_in, c_out = lecture.branch5x5_2.in_channels, lecture.branch5x5_2.out_channels
    expect_close(
        given["extra_params"],
        extra,
        tr("the parameters the branch gains"),
        mistakes=[
            (
                conv_params(c_in, c_out, 7),
                tr(
                    "that is the whole 7×7 convolution; the question asks "
                    "how many more than the 5×5 one it has."
                ),
            ),
            (
                conv_params(c_in, c_out, 7, bias=False),
                tr("that is the whole 7×7 convolution's weights; subtract the 5×5 one's."),
            ),
            (c_in * c_out * (7 - 5), tr("the weights grow with k², not with k.")),
            (
                c_out * (7**2 - 5**2),
                tr(
                    "each output channel has a 7×7 kernel for every input channel: "
                    "the input channels are missing."
                ),
            ),
            (
                c_in * (7**2 - 5**2),
                tr("the output channels are missing: each has its own kernels."),
            ),
            (
                2 * extra,
                tr("that is for InceptionNet's two modules; the question asks for one."),
            ),
            (
                extra * 12 * 12,
                tr("that is MACs on a 12×12 image; parameters do not depend on it."),
            ),
        ],
        hint=tr("conv_params(16, 24, 7) − conv_params(16, 24, 5); the biases cancel."),
    )
    return tr("padding (k − 1)/2 on each side keeps H×W, and a k×k kernel has k² weights per pair.")


@exercise("02.3", "Off by one the other way")
def _off_by_one(answer: Any) -> str:
    given = parts(answer, ["shape", "blamed"])
    first = torch.zeros(1, 16, 12, 12)
    second = nn.Conv2d(16, 24, kernel_size=5, padding=3)(torch.zeros(1, 16, 12, 12))
    shape = tuple(
        expect_type(given["shape"], (tuple, list, torch.Size), tr("a shape (N, C, H, W)"))
    )
    if len(shape) != 4:
        raise Mistake(
            tr("this shape has {count} numbers: give all four, (N, C, H, W).", count=len(shape))
        )
    if tuple(shape) != tuple(second.shape):
        names = ("batch", "channels", "height", "width")
        wrong = [name for name, a, b in zip(names, shape, second.shape, strict=True) if a != b]
        height = shape[2]
        if "batch" in wrong:
            raise Mistake(tr("the batch N: x holds one image, and a convolution keeps the batch."))
        if "channels" in wrong:
            raise Mistake(
                tr("the channels C: branch5x5_2 maps 16 channels to 24, whatever padding.")
            )
        said = {
            conv_output_size(12, 5, padding=1): tr("that is padding=1, section 5's mistake."),
            12: tr("padding 3 is not the padding that keeps 12×12."),
            12 + 3 - 5 + 1: tr("the padding adds 3 pixels on each side: 2p in all."),
            12 + 6: tr("H + 2p is the padded input; the kernel then fits H + 2p − k + 1 times."),
        }
        sides = {"height": tr("the height H"), "width": tr("the width W")}
        raise Mistake(
            tr(
                "{wrong}: {said}",
                wrong=tr(" and ").join(sides[name] for name in wrong),
                said=said.get(height, "H_out = H + 2p − k + 1."),
            )
        )
    try:
        torch.cat([first, second], dim=1)
        blamed = 1
    except RuntimeError as error:
        found = re.search(r"tensor number (\d+)", str(error))
        blamed = int(found.group(1)) if found else 1
    index = whole_number(given["blamed"], tr("the index of the tensor the message names"))
    if index != blamed:
        raise Mistake(
            {
                blamed - 1: tr(
                    "PyTorch compares every tensor with the first one, and names the one "
                    "that differs."
                ),
                blamed + 1: tr("counting from 1? The message counts the list from 0."),
            }.get(index, tr("the list holds two tensors, [out1x1, out5x5], counted from 0."))
        )
    return tr("too much padding breaks the concatenation as surely as too little.")


@exercise("02.4", "Concatenate or add?")
def _cat_or_add(answer: Any) -> str:
    given = parts(answer, ["cat_channels", "sum_channels"])
    module = InceptionA(10, ch1x1=24)
    with torch.no_grad():
        outputs = branch_outputs(module, torch.zeros(1, 10, 12, 12))
    cat, added = module.out_channels, sum(outputs).shape[1]
    lecture = InceptionA.concat_channels()
    expect_close(
        given["cat_channels"],
        cat,
        tr("the channels torch.cat gives"),
        mistakes=[
            (
                lecture,
                tr("that is the lecture's module; here the 1×1 branch has 24 channels too."),
            ),
            (added, tr("torch.cat stacks the branches' channels one after the other.")),
        ],
    )
    expect_close(
        given["sum_channels"],
        added,
        tr("the channels sum(outputs) gives"),
        mistakes=[
            (
                cat,
                tr(
                    "adding does not stack channels: it adds the tensors value by value, and the "
                    "shape stays that of each one."
                ),
            ),
            (lecture, tr("adding does not stack channels: it adds the tensors value by value.")),
            (len(outputs), tr("sum adds the four tensors; it does not count them.")),
        ],
    )
    return tr(
        "concatenation needs every dimension but the channels equal; addition needs all equal."
    )
