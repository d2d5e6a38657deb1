"""How much memory a forward pass holds for the backward pass: every tensor autograd saves.

Training needs, besides the weights, the activations each layer saved to compute its gradients:
a convolution keeps its input, a batch norm its input and statistics, a ReLU its output.
``activation_bytes`` runs one forward pass with gradients under
``torch.autograd.graph.saved_tensors_hooks`` and adds up the distinct storages saved, leaving
out the parameters. A DenseNet shows why this matters: every dense layer's batch norm keeps its
own copy of the concatenation of all maps before it, so the memory grows with the square of the
number of layers (Pleiss et al., "Memory-Efficient Implementation of DenseNets", 2017).
"""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["activation_bytes", "batch_activation_bytes"]


def activation_bytes(
    model: nn.Module, input_size: tuple[int, ...] = (64, 1, 28, 28), *, training: bool = True
) -> int:
    """Bytes of the tensors one forward pass saves for ``backward()``, parameters excluded.

    Each storage counts once, however many operations save it or views of it. The input batch
    counts too when a layer saves it (the first convolution does).

    Args:
        model: Any ``nn.Module``; it is run on zeros of ``input_size`` on its parameters' device.
        input_size: Shape of the input batch, N x C x H x W (batch norm in training mode needs
            more than one value per channel, so N > 1 for a network that pools to 1×1).
        training: Run in training mode (batch norm with batch statistics, as in training).

    Returns:
        The number of bytes.
    """
    parameters = {p.untyped_storage().data_ptr() for p in model.parameters()}
    storages: dict[int, int] = {}

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        storage = tensor.untyped_storage()
        if storage.data_ptr() not in parameters:
            storages[storage.data_ptr()] = storage.nbytes()
        return tensor

    device = next(model.parameters(), torch.empty(0)).device
    was_training = model.training
    # The zeros are an input that needs no gradient, as a batch of images is.
    images = torch.zeros(input_size, device=device)
    try:
        model.train(training)
        with torch.enable_grad(), torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            model(images)
    finally:
        model.train(was_training)
    return sum(storages.values())


def batch_activation_bytes(
    model: nn.Module, batch_size: int, image_shape: tuple[int, ...] = (1, 28, 28)
) -> int:
    """``activation_bytes`` for a batch of ``batch_size``, from two passes of one and two images.

    Every saved tensor either has the batch as its first dimension or does not depend on it
    (batch norm's per-channel statistics), so the bytes are ``fixed + per_image · N`` exactly, and
    two tiny passes give both terms without running the whole batch.

    Args:
        model: Any ``nn.Module`` whose batch norms accept a single image.
        batch_size: N.
        image_shape: C x H x W of one image.
    """
    one = activation_bytes(model, (1, *image_shape))
    two = activation_bytes(model, (2, *image_shape))
    return one + (batch_size - 1) * (two - one)
