"""How gradients flow through deep stacks, with and without shortcuts.

Reference: He et al., "Deep Residual Learning for Image Recognition", CVPR 2016; He et al.,
"Identity Mappings in Deep Residual Networks", ECCV 2016, Section 3: with ``x_{l+1} = x_l +
F(x_l)`` the gradient reaching block ``l`` contains a term that passes through no weight layer,
so it "is unlikely to be canceled out" however deep the network is.

Two measurements, both pure functions of a seed and a batch of images:

* ``block_gradient_norms``: after one backward pass of the cross-entropy loss, the L2 norm of the
  gradient of each block's parameters. In a plain stack it shrinks block by block towards the
  input; with shortcuts it stays of the same order.
* ``jacobian_product_norms``: the chain rule made explicit. Each block has a Jacobian
  ``dx_{l+1}/dx_l``; the gradient that reaches the input is multiplied by all of them. For a
  residual block that Jacobian is ``I + J_F`` (before its last ReLU), which is where the "+1"
  comes from.

``variant_profile`` does the same for a stack with batch norm built from one of the residual units
of the Identity Mappings paper (or a plain one), and also records ``‖dL/dx_l‖``, the gradient
with respect to each block's input: with identity shortcuts and no activation after the addition,
``dL/dx_l = dL/dx_L · (1 + d/dx_l Σ F)``, so it can never be much smaller than at the top.

Gradients of a deep plain stack fall below 1e-30. float32 still holds such numbers (down to about
1e-45), but their squares, which a norm sums, and many intermediate products underflow to zero,
so the profiles are computed in float64 unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.models import DeepStack, PlainBlock, ResidualBlock

__all__ = [
    "GradientProfile",
    "block_gradient_norms",
    "block_jacobian",
    "gradient_profile",
    "jacobian_product_norms",
    "plain_and_residual",
    "residual_branch",
    "stem_output",
    "variant_profile",
]


@dataclass(frozen=True)
class GradientProfile:
    """Per-block gradient norms of one freshly initialised ``DeepStack``.

    Attributes:
        depth: Number of blocks.
        residual: ``True`` for a stack of ``ResidualBlock``, ``False`` for ``PlainBlock``.
        channels: Width of every block.
        seed: The ``torch.manual_seed`` set before the model was built.
        block_norms: L2 norm of the gradient of each block's parameters, first block first.
        loss: The cross-entropy loss of the batch at initialisation.
        params: Number of parameters of the model.
        variant: The ``DeepStack`` variant (``"plain"``, ``"full_preactivation"``, …), or
            ``None`` for the lecture's blocks without batch norm.
        input_norms: ``‖dL/dx_l‖`` at the input of each block and, last, at the output of the
            last block (empty when not measured).
    """

    depth: int
    residual: bool
    channels: int
    seed: int
    block_norms: tuple[float, ...]
    loss: float
    params: int
    variant: str | None = None
    input_norms: tuple[float, ...] = ()

    @property
    def first(self) -> float:
        """Gradient norm of the block nearest the input."""
        return self.block_norms[0]

    @property
    def last(self) -> float:
        """Gradient norm of the block nearest the output."""
        return self.block_norms[-1]

    @property
    def ratio(self) -> float:
        """``first / last``: the fraction of the last block's gradient that reaches the first."""
        return self.first / self.last if self.last else float("nan")

    @property
    def signal_ratio(self) -> float:
        """``‖dL/dx_0‖ / ‖dL/dx_L‖``: the gradient at the first block's input over the top's."""
        if not self.input_norms or not self.input_norms[-1]:
            return float("nan")
        return self.input_norms[0] / self.input_norms[-1]


def block_gradient_norms(
    model: DeepStack, images: torch.Tensor, labels: torch.Tensor
) -> list[float]:
    """One forward and backward pass of the cross-entropy loss; the gradient norm of each block.

    The model's gradients are overwritten (not accumulated). Images are cast to the model's
    dtype, so a ``model.double()`` gives float64 gradients.

    Args:
        model: A ``DeepStack`` (anything with a ``blocks`` list works).
        images: A batch, N x C x 28 x 28.
        labels: The N class labels.

    Returns:
        For each block, first to last, ``sqrt(sum of squared gradients of its parameters)``.
    """
    _loss_backward(model, images, labels)
    return [_gradient_norm(block) for block in model.blocks]


def _loss_backward(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Overwrite the model's gradients with those of the cross-entropy loss; return the loss."""
    dtype = next(model.parameters()).dtype
    model.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(images.to(dtype)), labels)
    loss.backward()
    return loss.item()


def _gradient_norm(module: nn.Module) -> float:
    squares = [p.grad.pow(2).sum() for p in module.parameters() if p.grad is not None]
    return float(torch.stack(squares).sum().sqrt()) if squares else 0.0


def gradient_profile(
    depth: int,
    *,
    residual: bool,
    images: torch.Tensor,
    labels: torch.Tensor,
    channels: int = 16,
    seed: int = 0,
    dtype: torch.dtype = torch.float64,
) -> GradientProfile:
    """Build a ``DeepStack`` after ``torch.manual_seed(seed)`` and measure its block gradients.

    The same arguments always give the same numbers: the seed fixes the initial weights, and
    the batch is given.

    Args:
        depth: Number of blocks.
        residual: With shortcuts (``ResidualBlock``) or without (``PlainBlock``).
        images: A batch of images, N x 1 x 28 x 28.
        labels: Their labels.
        channels: Width of every block.
        seed: Seed set just before the model is built.
        dtype: Precision of the computation (float64 keeps gradients below 1e-38 from
            rounding to zero).

    Returns:
        The profile, with the loss at initialisation and the parameter count.
    """
    torch.manual_seed(seed)
    model = DeepStack(depth, residual=residual, channels=channels).to(dtype)
    loss = _loss_backward(model, images, labels)  # one pass gives the loss and the gradients
    return GradientProfile(
        depth=depth,
        residual=residual,
        channels=channels,
        seed=seed,
        block_norms=tuple(_gradient_norm(block) for block in model.blocks),
        loss=loss,
        params=sum(p.numel() for p in model.parameters()),
    )


def plain_and_residual(
    depth: int,
    images: torch.Tensor,
    labels: torch.Tensor,
    *,
    channels: int = 16,
    seed: int = 0,
    dtype: torch.dtype = torch.float64,
) -> tuple[GradientProfile, GradientProfile]:
    """``gradient_profile`` of a plain and of a residual stack of the same depth and seed.

    Returns:
        ``(plain, residual)``.
    """
    return tuple(  # type: ignore[return-value]
        gradient_profile(
            depth,
            residual=residual,
            images=images,
            labels=labels,
            channels=channels,
            seed=seed,
            dtype=dtype,
        )
        for residual in (False, True)
    )


def variant_profile(
    depth: int,
    variant: str,
    *,
    images: torch.Tensor,
    labels: torch.Tensor,
    channels: int = 16,
    seed: int = 0,
    dtype: torch.dtype = torch.float64,
) -> GradientProfile:
    """``DeepStack(depth, variant=variant)`` after ``torch.manual_seed(seed)``, measured.

    One forward and backward pass in training mode (batch norm uses the batch's statistics), as
    at the first step of training.

    Args:
        depth: Number of blocks.
        variant: One of ``advcnn.models.STACK_VARIANTS``: ``"plain"`` or a residual unit.
        images: A batch of images, N x 1 x 28 x 28 (N > 1, for batch norm).
        labels: Their labels.
        channels: Width of every block.
        seed: Seed set just before the model is built.
        dtype: Precision of the computation.

    Returns:
        The profile, with the parameter gradient norm of every block and ``‖dL/dx_l‖`` at every
        block's input and at the top.
    """
    torch.manual_seed(seed)
    model = DeepStack(depth, variant=variant, channels=channels).to(dtype)
    kept: list[torch.Tensor] = []

    def keep(tensor: torch.Tensor) -> None:
        tensor.retain_grad()  # keep the gradient of this intermediate tensor after backward()
        kept.append(tensor)

    handles = [
        block.register_forward_pre_hook(lambda _, args: keep(args[0])) for block in model.blocks
    ]
    handles.append(model.blocks[-1].register_forward_hook(lambda _, __, out: keep(out)))
    try:
        loss = _loss_backward(model, images, labels)
    finally:
        for handle in handles:
            handle.remove()
    return GradientProfile(
        depth=depth,
        residual=model.residual,
        channels=channels,
        seed=seed,
        block_norms=tuple(_gradient_norm(block) for block in model.blocks),
        loss=loss,
        params=sum(p.numel() for p in model.parameters()),
        variant=variant,
        input_norms=tuple(float(tensor.grad.norm()) for tensor in kept),
    )


def residual_branch(block: ResidualBlock | PlainBlock) -> Callable[[torch.Tensor], torch.Tensor]:
    """The branch ``F`` of a block: ``conv2(relu(conv1(x)))``, without shortcut or last ReLU.

    A ``ResidualBlock`` computes ``relu(x + F(x))`` with this ``F``.
    """

    def branch(x: torch.Tensor) -> torch.Tensor:
        return block.conv2(F.relu(block.conv1(x)))

    return branch


def block_jacobian(
    function: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor
) -> torch.Tensor:
    """The Jacobian of ``function`` at ``x`` as a matrix: ``d output_i / d x_j``.

    Args:
        function: A map from tensors to tensors (a block, or a piece of one).
        x: The point, e.g. one image's activations, 1 x C x H x W.

    Returns:
        A ``function(x).numel()`` x ``x.numel()`` matrix.
    """
    jacobian = torch.autograd.functional.jacobian(function, x, vectorize=True)
    return jacobian.reshape(-1, x.numel())


def jacobian_product_norms(blocks: Sequence[nn.Module], x: torch.Tensor) -> list[float]:
    """The chain rule through a stack, block by block.

    With ``x_l`` the output of block ``l`` and ``J_l = dx_l / dx_{l-1}`` evaluated at the actual
    activations, the Jacobian of the stack's first ``l`` blocks is ``J_l ··· J_2 J_1``. Its
    spectral norm (largest singular value) bounds how much any gradient coming back from
    ``x_l`` can grow or shrink on its way to ``x_0``.

    Args:
        blocks: The blocks, first to last.
        x: The input of the first block, 1 x C x H x W (one image keeps the matrices small).

    Returns:
        For ``l = 1 … len(blocks)``, the spectral norm of ``J_l ··· J_1``.
    """
    product = torch.eye(x.numel(), dtype=x.dtype)
    norms = []
    for block in blocks:
        product = block_jacobian(block, x) @ product
        norms.append(float(torch.linalg.matrix_norm(product, ord=2)))
        with torch.no_grad():
            x = block(x)
    return norms


def stem_output(model: DeepStack, images: torch.Tensor) -> torch.Tensor:
    """What a ``DeepStack``'s first block receives: the stem convolution (and batch norm, in a
    stack with a ``variant``), ReLU and 4×4 pooling.

    Returns:
        N x channels x 7 x 7 activations, without gradient history.
    """
    dtype = next(model.parameters()).dtype
    with torch.no_grad():
        return model.run_stem(images.to(dtype))
