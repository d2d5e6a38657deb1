"""The five residual units of the Identity Mappings paper (Fig. 4) and DeepStack's variants.

Each unit is checked against a hand-written composition of its own layers (shared weights), in
training and in eval mode, so a unit with the right layers in the wrong order fails.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from advcnn.models import STACK_VARIANTS, VARIANTS, DeepStack, PlainUnit, ResidualUnit

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _by_hand(unit: ResidualUnit, x: torch.Tensor) -> torch.Tensor:
    """Fig. 4 of He et al. 2016 (ECCV), written out with the unit's own layers."""
    conv1, bn1, conv2, bn2 = unit.conv1, unit.bn1, unit.conv2, unit.bn2
    return {
        # (a) conv-BN-ReLU-conv-BN, addition, ReLU
        "original": lambda: F.relu(x + bn2(conv2(F.relu(bn1(conv1(x)))))),
        # (b) conv-BN-ReLU-conv, addition, BN, ReLU
        "bn_after_addition": lambda: F.relu(bn2(x + conv2(F.relu(bn1(conv1(x)))))),
        # (c) conv-BN-ReLU-conv-BN-ReLU, addition
        "relu_before_addition": lambda: x + F.relu(bn2(conv2(F.relu(bn1(conv1(x)))))),
        # (d) ReLU-conv-BN-ReLU-conv-BN, addition
        "relu_only_preactivation": lambda: x + bn2(conv2(F.relu(bn1(conv1(F.relu(x)))))),
        # (e) BN-ReLU-conv-BN-ReLU-conv, addition
        "full_preactivation": lambda: x + conv2(F.relu(bn2(conv1(F.relu(bn1(x)))))),
    }[unit.variant]()


def _randomise_batch_norms(module: torch.nn.Module) -> None:
    """Non-trivial affine parameters and running statistics, so eval mode tests something."""
    for bn in module.modules():
        if isinstance(bn, torch.nn.BatchNorm2d):
            with torch.no_grad():
                bn.weight.uniform_(0.5, 1.5)
                bn.bias.uniform_(-0.5, 0.5)
                bn.running_mean.uniform_(-0.5, 0.5)
                bn.running_var.uniform_(0.5, 2.0)


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("variant", VARIANTS)
def test_order_of_operations(variant: str, training: bool) -> None:
    torch.manual_seed(0)
    unit = ResidualUnit(6, variant).train(training)
    _randomise_batch_norms(unit)
    x = torch.randn(4, 6, 5, 5)
    with torch.no_grad():
        assert torch.allclose(unit(x), _by_hand(unit, x), atol=1e-6)


@pytest.mark.parametrize("training", [True, False])
def test_the_five_orders_differ(training: bool) -> None:
    # The same weights in every unit: any two variants that computed the same thing would make
    # the order test above unable to tell them apart.
    torch.manual_seed(0)
    reference = ResidualUnit(6, VARIANTS[0])
    _randomise_batch_norms(reference)
    x = torch.randn(4, 6, 5, 5)
    outputs = []
    for variant in VARIANTS:
        unit = ResidualUnit(6, variant).train(training)
        unit.load_state_dict(reference.state_dict(), strict=True)
        with torch.no_grad():
            outputs.append(unit(x))
    for i in range(len(VARIANTS)):
        for j in range(i + 1, len(VARIANTS)):
            assert not torch.allclose(outputs[i], outputs[j], atol=1e-3), (VARIANTS[i], VARIANTS[j])


def test_plain_unit_is_original_without_shortcut() -> None:
    torch.manual_seed(0)
    plain, unit = PlainUnit(4), ResidualUnit(4, "original")
    unit.load_state_dict(plain.state_dict(), strict=True)
    x = torch.randn(3, 4, 6, 6)
    with torch.no_grad():
        expected = F.relu(unit.bn2(unit.conv2(F.relu(unit.bn1(unit.conv1(x))))))
        assert torch.allclose(plain(x), expected)


@pytest.mark.parametrize("variant", VARIANTS)
def test_parameters(variant: str) -> None:
    channels = 8
    unit = ResidualUnit(channels, variant)
    # Two 3×3 convolutions without bias, two batch norms with a weight and a bias per channel.
    assert sum(p.numel() for p in unit.parameters()) == 2 * channels * channels * 9 + 4 * channels
    assert repr(variant) in repr(unit)


@pytest.mark.parametrize("variant", ["preact", "", "Original", "e"])
def test_unknown_variant(variant: str) -> None:
    with pytest.raises(ValueError, match="variant must be one of") as error:
        ResidualUnit(4, variant)
    for name in VARIANTS:
        assert name in str(error.value)


def test_bad_channels() -> None:
    with pytest.raises(ValueError, match="channels"):
        ResidualUnit(0, "original")


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("variant", STACK_VARIANTS)
def test_deep_stack_variants(variant: str, device: str) -> None:
    torch.manual_seed(0)
    model = DeepStack(5, variant=variant, channels=8, num_classes=7).to(device)
    images = torch.randn(4, 1, 28, 28, device=device)
    out = model(images)
    assert out.shape == (4, 7) and torch.isfinite(out).all()
    out.sum().backward()
    assert all(torch.isfinite(p.grad).all() for p in model.parameters() if p.grad is not None)
    assert model.residual == (variant != "plain")
    assert len(model.blocks) == 5 and all(b.variant == variant for b in model.blocks)
    # Every stack with batch norm has the same layers; pre-activation adds one final BN.
    extra = 2 * 8 if variant == "full_preactivation" else 0
    assert (
        sum(p.numel() for p in model.parameters())
        == sum(
            p.numel() for p in DeepStack(5, variant="plain", channels=8, num_classes=7).parameters()
        )
        + extra
    )


def test_deep_stack_residual_unchanged() -> None:
    # The lecture's stacks of notebook 03 keep their layers (and stored state_dicts).
    model = DeepStack(2, residual=True, channels=4)
    assert list(model.state_dict()) == [
        "stem.weight",
        "stem.bias",
        "blocks.0.conv1.weight",
        "blocks.0.conv1.bias",
        "blocks.0.conv2.weight",
        "blocks.0.conv2.bias",
        "blocks.1.conv1.weight",
        "blocks.1.conv1.bias",
        "blocks.1.conv2.weight",
        "blocks.1.conv2.bias",
        "fc.weight",
        "fc.bias",
    ]


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"residual": True, "variant": "original"}, {"residual": False, "variant": "plain"}],
)
def test_deep_stack_needs_exactly_one(kwargs: dict) -> None:
    with pytest.raises(ValueError, match="exactly one of residual"):
        DeepStack(3, **kwargs)


def test_deep_stack_unknown_variant() -> None:
    with pytest.raises(ValueError, match="variant must be one of") as error:
        DeepStack(3, variant="resnet")
    assert "'plain'" in str(error.value) and "'full_preactivation'" in str(error.value)
