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
from advcnn.models import InceptionA, InceptionNet

__all__: list[str] = []


@exercise("02.w1", "Write the lecture's InceptionA")
def _lecture_inception(answer: Any) -> str:
    def variants(reference: InceptionA, x: torch.Tensor) -> dict[str, torch.Tensor]:
        def pooled(pool: Any) -> torch.Tensor:
            return torch.cat(branch_outputs(reference, x, pool=pool), dim=1)

        return {
            "the pool branch uses max pooling; the lecture's uses an average (F.avg_pool2d).": (
                pooled(lambda t: F.max_pool2d(t, kernel_size=3, stride=1, padding=1))
            ),
            "the pool branch divides by the real pixels only (count_include_pad=False); the "
            "lecture's average keeps the default.": pooled(
                lambda t: F.avg_pool2d(t, 3, stride=1, padding=1, count_include_pad=False)
            ),
            "the pool branch applies branch_pool to x itself: the average pooling comes first.": (
                pooled(lambda t: t)
            ),
            "your module applies ReLUs; the lecture's InceptionA has none (exercise 9 adds "
            "them).": (torch.cat(branch_outputs(reference, x, relu=True), dim=1)),
        }

    tensors = check_inception_class(
        answer,
        InceptionA,
        name="LectureInceptionA",
        variants=variants,
        branch_hint="check that forward applies that branch's layers to x, in order",
    )
    return (
        f"built with in_channels=10 and 20, it takes all {tensors} tensors of "
        "advcnn.models.InceptionA with strict=True, and the outputs agree."
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
        "fc's input with a 64-channel 5×5 branch",
        mistakes=[
            (
                lecture.flat_features,
                "that is the lecture's fc input: a wider branch widens the "
                "concatenation, and fc reads all of it.",
            ),
            (
                InceptionA.concat_channels(ch5x5=64),
                "that is the concatenated width; fc reads "
                "every channel at each pixel of the last feature map.",
            ),
            (64 * size * size, "that counts the 5×5 branch alone; fc reads all four branches."),
            (
                wide.flat_features - lecture.flat_features,
                "that is how much fc's input grows; the question asks for the whole input.",
            ),
            (added * size * size, "64 replaces the branch's 24 channels; it is not added to them."),
        ],
        hint="Concatenated width × height × width of incep2's output.",
    )
    return (
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
        "flat_features for 32×32 images",
        mistakes=[
            (
                InceptionNet().flat_features,
                "that is the 28×28 network's value: start the chain from 32.",
            ),
            (width * side, "the last feature map is square: multiply by its height and its width."),
            (side * side, "that is one channel's feature map; fc reads every channel of incep2."),
            (
                conv2 * side * side,
                f"{conv2} is conv2's width, but incep2 comes after it and concatenates more "
                "channels.",
            ),
            (
                flat(32, plus_one=False),
                "without padding, a convolution keeps H − k + 1 pixels, not H − k.",
            ),
            (flat(32, pools=(False, True)), "one of the two 2×2 max poolings is left out."),
            (flat(32, pools=(True, False)), "one of the two 2×2 max poolings is left out."),
        ],
        hint="32 → conv1 → pool → incep1 → conv2 → pool → incep2, then channels × H × W.",
    )
    return "the chain of output sizes gives it, as InceptionNet(image_size=32) computes it."


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
        "the padding for a 7×7 kernel",
        mistakes=[
            (7, "that is the kernel size; the padding is what each side needs, (k − 1)/2."),
            (3.5, "the padding is (k − 1)/2, not k/2."),
            (2 * padding, "that is the total of both sides, 2p; padding= is per side."),
            (lecture.branch5x5_2.padding[0], "that is the 5×5 kernel's padding."),
        ],
        hint="H_out = H + 2p − k + 1 must equal H.",
    )
    c_in, c_out = lecture.branch5x5_2.in_channels, lecture.branch5x5_2.out_channels
    expect_close(
        given["extra_params"],
        extra,
        "the parameters the branch gains",
        mistakes=[
            (
                conv_params(c_in, c_out, 7),
                "that is the whole 7×7 convolution; the question asks "
                "how many more than the 5×5 one it has.",
            ),
            (
                conv_params(c_in, c_out, 7, bias=False),
                "that is the whole 7×7 convolution's weights; subtract the 5×5 one's.",
            ),
            (c_in * c_out * (7 - 5), "the weights grow with k², not with k."),
            (
                c_out * (7**2 - 5**2),
                "each output channel has a 7×7 kernel for every input channel: "
                "the input channels are missing.",
            ),
            (c_in * (7**2 - 5**2), "the output channels are missing: each has its own kernels."),
            (2 * extra, "that is for InceptionNet's two modules; the question asks for one."),
            (extra * 12 * 12, "that is MACs on a 12×12 image; parameters do not depend on it."),
        ],
        hint="conv_params(16, 24, 7) − conv_params(16, 24, 5); the biases cancel.",
    )
    return "padding (k − 1)/2 on each side keeps H×W, and a k×k kernel has k² weights per pair."


@exercise("02.3", "Off by one the other way")
def _off_by_one(answer: Any) -> str:
    given = parts(answer, ["shape", "blamed"])
    first = torch.zeros(1, 16, 12, 12)
    second = nn.Conv2d(16, 24, kernel_size=5, padding=3)(torch.zeros(1, 16, 12, 12))
    shape = tuple(expect_type(given["shape"], (tuple, list, torch.Size), "a shape (N, C, H, W)"))
    if len(shape) != 4:
        raise Mistake(f"this shape has {len(shape)} numbers: give all four, (N, C, H, W).")
    if tuple(shape) != tuple(second.shape):
        names = ("the batch N", "the channels C", "the height H", "the width W")
        wrong = [name for name, a, b in zip(names, shape, second.shape, strict=True) if a != b]
        height = shape[2]
        if "the batch N" in wrong:
            raise Mistake("the batch N: x holds one image, and a convolution keeps the batch.")
        if "the channels C" in wrong:
            raise Mistake("the channels C: branch5x5_2 maps 16 channels to 24, whatever padding.")
        said = {
            conv_output_size(12, 5, padding=1): "that is padding=1, section 5's mistake.",
            12: "padding 3 is not the padding that keeps 12×12.",
            12 + 3 - 5 + 1: "the padding adds 3 pixels on each side: 2p in all.",
            12 + 6: "H + 2p is the padded input; the kernel then fits H + 2p − k + 1 times.",
        }
        raise Mistake(f"{' and '.join(wrong)}: " + said.get(height, "H_out = H + 2p − k + 1."))
    try:
        torch.cat([first, second], dim=1)
        blamed = 1
    except RuntimeError as error:
        found = re.search(r"tensor number (\d+)", str(error))
        blamed = int(found.group(1)) if found else 1
    index = whole_number(given["blamed"], "the index of the tensor the message names")
    if index != blamed:
        raise Mistake(
            {
                blamed - 1: "PyTorch compares every tensor with the first one, and names the one "
                "that differs.",
                blamed + 1: "counting from 1? The message counts the list from 0.",
            }.get(index, "the list holds two tensors, [out1x1, out5x5], counted from 0.")
        )
    return "too much padding breaks the concatenation as surely as too little."


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
        "the channels torch.cat gives",
        mistakes=[
            (lecture, "that is the lecture's module; here the 1×1 branch has 24 channels too."),
            (added, "torch.cat stacks the branches' channels one after the other."),
        ],
    )
    expect_close(
        given["sum_channels"],
        added,
        "the channels sum(outputs) gives",
        mistakes=[
            (
                cat,
                "adding does not stack channels: it adds the tensors value by value, and the "
                "shape stays that of each one.",
            ),
            (lecture, "adding does not stack channels: it adds the tensors value by value."),
            (len(outputs), "sum adds the four tensors; it does not count them."),
        ],
    )
    return "concatenation needs every dimension but the channels equal; addition needs all equal."
