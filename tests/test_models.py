"""The package's models against the lecture's own classes, and their configuration checks."""

from __future__ import annotations

import lecture
import pytest
import torch
import torch.nn.functional as F

from advcnn.models import (
    DeepStack,
    InceptionA,
    InceptionNet,
    PlainBlock,
    ResidualBlock,
    ResidualNet,
    ShortcutBlock,
    SimpleCNN,
    build_model,
)

PAIRS = [
    (lecture.InceptionNet, InceptionNet, 97_298, 1408),
    (lecture.ResidualNet, ResidualNet, 41_514, 512),
    (lecture.SimpleCNN, SimpleCNN, 8_490, 320),
]


@pytest.mark.parametrize(("reference", "ours", "params", "flat"), PAIRS)
def test_lecture_weights_load_strictly_and_give_identical_outputs(reference, ours, params, flat):
    torch.manual_seed(0)
    theirs = reference().eval()
    model = ours().eval()
    model.load_state_dict(theirs.state_dict(), strict=True)
    assert list(model.state_dict()) == list(theirs.state_dict())
    x = torch.randn(8, 1, 28, 28)
    with torch.no_grad():
        assert torch.equal(model(x), theirs(x))
    assert sum(p.numel() for p in model.parameters()) == params
    assert model.flat_features == flat


@pytest.mark.parametrize(("reference", "ours", "params", "flat"), PAIRS)
def test_same_seed_gives_the_lectures_initial_weights(reference, ours, params, flat):
    torch.manual_seed(3)
    theirs = reference().state_dict()
    torch.manual_seed(3)
    mine = ours().state_dict()
    assert all(torch.equal(theirs[key], mine[key]) for key in theirs)


def test_inception_module_matches_lecture_and_concatenates_88_channels():
    torch.manual_seed(0)
    theirs = lecture.InceptionA(10)
    module = InceptionA(10)
    module.load_state_dict(theirs.state_dict(), strict=True)
    x = torch.randn(2, 10, 12, 12)
    assert torch.equal(module(x), theirs(x))
    assert module.out_channels == 88 == module(x).shape[1]


def test_residual_block_matches_lecture():
    torch.manual_seed(0)
    theirs = lecture.ResidualBlock(16)
    block = ResidualBlock(16)
    block.load_state_dict(theirs.state_dict(), strict=True)
    x = torch.randn(2, 16, 12, 12)
    assert torch.equal(block(x), theirs(x))


def test_lectures_kernel_keyword_is_a_bug():
    with pytest.raises(TypeError):
        F.avg_pool2d(torch.zeros(1, 1, 4, 4), kernel=3, stride=1, padding=1)


@pytest.mark.parametrize("name", ["simple", "inception", "residual"])
@pytest.mark.parametrize("num_classes", [3, 17])
def test_models_forward_backward_with_other_class_counts(name, num_classes):
    model = build_model(name, num_classes=num_classes)
    out = model(torch.randn(4, 1, 28, 28))
    assert out.shape == (4, num_classes)
    assert torch.isfinite(out).all()
    out.sum().backward()
    assert all(p.grad is not None for p in model.parameters())


@pytest.mark.parametrize(
    ("kwargs", "flat"),
    [
        ({"ch1x1": 8, "ch5x5": 12, "ch3x3": 4, "pool_proj": 6}, 30 * 16),
        ({"image_size": 32}, 88 * 25),
        ({"in_channels": 3, "conv1_channels": 5, "conv2_channels": 7}, 88 * 16),
    ],
)
def test_inception_net_flat_size_follows_configuration(kwargs, flat):
    model = InceptionNet(**kwargs)
    size = kwargs.get("image_size", 28)
    x = torch.randn(2, kwargs.get("in_channels", 1), size, size)
    features = {}
    model.fc.register_forward_hook(lambda _m, inputs, _o: features.update(x=inputs[0]))
    model(x)
    assert model.flat_features == flat == features["x"].shape[1]


@pytest.mark.parametrize(
    ("cls", "kwargs", "words"),
    [
        (InceptionA, {"in_channels": 10, "ch5x5": 0}, ["ch5x5", "≥ 1"]),
        (InceptionA, {"in_channels": -1}, ["in_channels", "≥ 1"]),
        (InceptionA, {"in_channels": 10, "padding5x5": 1}, ["padding", "2"]),
        (InceptionA, {"in_channels": 10, "padding3x3": 2}, ["padding", "1"]),
        (InceptionA, {"in_channels": 10, "kernel3x3": 4}, ["kernel3x3", "odd"]),
        (InceptionNet, {"conv2_channels": 0}, ["conv2_channels", "≥ 1"]),
        (InceptionNet, {"pool_proj": 0}, ["pool_proj", "≥ 1"]),
        (InceptionNet, {"image_size": 15}, ["image_size", "16"]),
        (ResidualNet, {"image_size": 8}, ["image_size", "16"]),
        (ResidualNet, {"conv1_channels": 2.5}, ["conv1_channels"]),
        (SimpleCNN, {"num_classes": 0}, ["num_classes"]),
        (ResidualBlock, {"channels": 0}, ["channels"]),
        (ShortcutBlock, {"in_channels": 32, "out_channels": 16, "shortcut": "pad"}, ["projection"]),
        (ShortcutBlock, {"in_channels": 3, "out_channels": 4, "shortcut": "dotted"}, ["shortcut"]),
        (DeepStack, {"depth": 0, "residual": True}, ["depth"]),
    ],
)
def test_bad_configuration_names_the_parameter(cls, kwargs, words):
    with pytest.raises(ValueError) as error:
        cls(**kwargs)
    for word in words:
        assert word in str(error.value)


@pytest.mark.parametrize("model", [InceptionNet(), ResidualNet(), SimpleCNN()])
def test_wrong_input_shape_says_what_is_expected(model):
    with pytest.raises(ValueError, match="N x 1 x 28 x 28"):
        model(torch.zeros(1, 28, 28))
    with pytest.raises(ValueError, match="image_size"):
        model(torch.zeros(2, 1, 32, 32))


@pytest.mark.parametrize("shortcut", ["projection", "pad"])
@pytest.mark.parametrize("size", [7, 8])
def test_shortcut_block_changes_shape(shortcut, size):
    block = ShortcutBlock(16, 32, stride=2, shortcut=shortcut)
    out = block(torch.randn(2, 16, size, size))
    expected = (size - 1) // 2 + 1
    assert out.shape == (2, 32, expected, expected)
    extra = 16 * 32 + 32 if shortcut == "projection" else 0
    assert sum(p.numel() for p in block.parameters()) == (
        32 * 16 * 9 + 32 + 32 * 32 * 9 + 32 + extra
    )


def test_pad_shortcut_passes_input_through_unchanged_channels_then_zeros():
    block = ShortcutBlock(4, 6, stride=1, shortcut="pad")
    x = torch.randn(1, 4, 5, 5)
    identity = block._shortcut(x)
    assert torch.equal(identity[:, :4], x)
    assert torch.equal(identity[:, 4:], torch.zeros(1, 2, 5, 5))


@pytest.mark.parametrize("residual", [True, False])
def test_deep_stack_has_depth_blocks_and_equal_parameters(residual):
    model = DeepStack(12, residual=residual, channels=8, num_classes=5)
    kind = ResidualBlock if residual else PlainBlock
    assert len(model.blocks) == 12 and all(isinstance(b, kind) for b in model.blocks)
    other = DeepStack(12, residual=not residual, channels=8, num_classes=5)
    count = sum(p.numel() for p in model.parameters())
    assert count == sum(p.numel() for p in other.parameters())
    out = model(torch.randn(3, 1, 28, 28))
    assert out.shape == (3, 5)
    out.sum().backward()


def test_plain_block_is_residual_block_without_the_shortcut():
    torch.manual_seed(0)
    residual = ResidualBlock(4)
    plain = PlainBlock(4)
    plain.load_state_dict(residual.state_dict(), strict=True)
    x = torch.randn(1, 4, 6, 6)
    expected = F.relu(residual.conv2(F.relu(residual.conv1(x))))
    assert torch.equal(plain(x), expected)
    assert torch.equal(residual(x), F.relu(x + residual.conv2(F.relu(residual.conv1(x)))))


def test_build_model_rejects_unknown_names():
    with pytest.raises(ValueError, match="inception"):
        build_model("googlenet")
