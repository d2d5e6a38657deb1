"""Per-branch weights of the layer that reads an Inception module, checked against slices of
the weights taken by hand and against the network with a branch's reader weights zeroed."""

from __future__ import annotations

import copy

import pytest
import torch

from advcnn.branches import (
    BRANCHES,
    branch_channels,
    branch_contributions,
    branch_weight_norms,
    without_branch,
)
from advcnn.models import InceptionNet, ResidualNet

WIDTHS = {"ch1x1": 3, "ch5x5": 5, "ch3x3": 7, "pool_proj": 2}  # not the lecture's 16/24/24/24


def _net(**widths: int) -> InceptionNet:
    torch.manual_seed(0)
    return InceptionNet(num_classes=7, **widths)


def _zero_reader_weights(model: InceptionNet, module: str, branch: str) -> None:
    """Zero the reader's weights on one branch's channels, by hand (independent of the module)."""
    start = {"branch1x1": 0, "branch5x5": 1, "branch3x3": 2, "branch_pool": 3}[branch]
    widths = [
        model.incep1.branch1x1.out_channels,
        model.incep1.branch5x5_2.out_channels,
        model.incep1.branch3x3_3.out_channels,
        model.incep1.branch_pool.out_channels,
    ]
    first, last = sum(widths[:start]), sum(widths[: start + 1])
    with torch.no_grad():
        if module == "incep1":
            model.conv2.weight[:, first:last] = 0
        else:  # fc reads the flattened N x C x 4 x 4 tensor: 16 inputs per channel
            pixels = model.feature_size**2
            model.fc.weight[:, first * pixels : last * pixels] = 0


@pytest.mark.parametrize("widths", [{}, WIDTHS])
def test_branch_channels_tile_the_concatenation_in_forward_order(widths):
    model = _net(**widths)
    slices = branch_channels(model.incep1)
    assert list(slices) == list(BRANCHES)
    assert slices["branch1x1"].start == 0
    assert slices["branch_pool"].stop == model.incep1.out_channels
    for before, after in zip(list(slices.values()), list(slices.values())[1:], strict=False):
        assert before.stop == after.start
    x = torch.randn(2, 10, 12, 12)
    with torch.no_grad():
        out = model.incep1(x)
        assert torch.equal(out[:, slices["branch1x1"]], model.incep1.branch1x1(x))


@pytest.mark.parametrize("widths", [{}, WIDTHS])
def test_norms_split_the_reader_weight_norm(widths):
    model = _net(**widths)
    incep1, incep2 = branch_weight_norms(model)
    assert (incep1.module, incep1.reader, incep2.module, incep2.reader) == (
        "incep1",
        "conv2",
        "incep2",
        "fc",
    )
    for result, reader in ((incep1, model.conv2), (incep2, model.fc)):
        squares = sum(norm**2 for norm in result.norms.values())
        assert squares == pytest.approx(float(reader.weight.detach().norm()) ** 2, rel=1e-5)
        assert sum(result.channels.values()) == model.incep1.out_channels


@pytest.mark.parametrize("module", ["incep1", "incep2"])
@pytest.mark.parametrize("branch", BRANCHES)
def test_a_zeroed_branch_has_norm_zero_and_the_others_keep_theirs(module, branch):
    model = _net(**WIDTHS)
    before = {r.module: r.norms for r in branch_weight_norms(model)}
    _zero_reader_weights(model, module, branch)
    after = {r.module: r.norms for r in branch_weight_norms(model)}
    for name in BRANCHES:
        expected = 0.0 if name == branch else before[module][name]
        assert after[module][name] == pytest.approx(expected)
    other = "incep2" if module == "incep1" else "incep1"
    assert after[other] == before[other]


def test_per_channel_divides_by_the_square_root_of_the_width():
    result = branch_weight_norms(_net(**WIDTHS))[0]
    assert result.per_channel["branch5x5"] == pytest.approx(result.norms["branch5x5"] / 5**0.5)


def test_contributions_of_a_lone_branch_are_the_reader_output_without_bias():
    model = _net(**WIDTHS)
    for branch in BRANCHES[1:]:
        _zero_reader_weights(model, "incep1", branch)
    images = torch.randn(4, 1, 28, 28)
    seen = {}
    hook = model.conv2.register_forward_hook(lambda _m, _i, out: seen.setdefault("out", out))
    with torch.no_grad():
        model(images)
    hook.remove()
    without_bias = (seen["out"] - model.conv2.bias[None, :, None, None]).detach()
    shares = branch_contributions(model, images)["incep1"]
    assert shares["branch1x1"] == pytest.approx(float(without_bias.pow(2).mean().sqrt()), rel=1e-5)
    assert shares["branch5x5"] == shares["branch3x3"] == shares["branch_pool"] == 0.0
    assert set(branch_contributions(model, images)["incep2"]) == set(BRANCHES)


@pytest.mark.parametrize("module", ["incep1", "incep2"])
def test_without_branch_equals_zeroing_its_reader_weights(module):
    model = _net(**WIDTHS)
    reference = copy.deepcopy(model)
    _zero_reader_weights(reference, module, "branch3x3")
    images = torch.randn(4, 1, 28, 28)
    with torch.no_grad():
        normal = model(images)
        with without_branch(model, module, "branch3x3") as silenced:
            ablated = silenced(images)
        restored = model(images)
        expected = reference(images)
    torch.testing.assert_close(ablated, expected, rtol=1e-5, atol=1e-6)
    assert not torch.allclose(ablated, normal)
    assert torch.equal(restored, normal)  # the hook is gone after the block


def test_bad_input_names_the_problem():
    with pytest.raises(TypeError, match="InceptionNet"):
        branch_weight_norms(ResidualNet())
    with pytest.raises(TypeError, match="InceptionNet"):
        branch_contributions(ResidualNet(), torch.zeros(1, 1, 28, 28))
    model = _net()
    with (
        pytest.raises(ValueError, match="module must be one of incep1, incep2"),
        without_branch(model, "conv2", "branch1x1"),
    ):
        pass
    with (
        pytest.raises(ValueError, match="branch must be one of"),
        without_branch(model, "incep1", "branch7x7"),
    ):
        pass
