"""``fit``'s training step recorded once as a CUDA graph and replayed for every batch, with an SGD
update whose learning rate and momentum stay in tensors the graph reads in place.

``torch.optim.SGD`` also accepts a tensor learning rate, but whether its step records cleanly, with
the scheduler refilling that tensor between replays, could not be checked without a GPU; so the
update is written out here (``sgd_update``) and tested against ``torch.optim.SGD`` on the CPU.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch

__all__ = ["GraphStep", "TensorLRSGD", "sgd_update"]


@torch.no_grad()
def sgd_update(
    params: Sequence[torch.Tensor],
    buffers: Sequence[torch.Tensor],
    lr: torch.Tensor,
    *,
    momentum: float,
    weight_decay: float,
    nesterov: bool,
) -> None:
    """``torch.optim.SGD``'s update (no dampening), with the learning rate read from a tensor.

    ``buffers`` start at zero; SGD's first step sets them to the gradient, which for a zero
    buffer is the same thing.
    """
    for param, buffer in zip(params, buffers, strict=True):
        assert param.grad is not None
        step = param.grad.add(param, alpha=weight_decay) if weight_decay else param.grad
        if momentum:
            buffer.mul_(momentum).add_(step)
            step = step.add(buffer, alpha=momentum) if nesterov else buffer
        param.sub_(step * lr)


class TensorLRSGD:
    """``optimizer``'s SGD with its learning rate in the tensor ``lr``, which a graph reads anew
    at every replay, and its momentum in buffers that stay in place.

    Args:
        optimizer: The ``torch.optim.SGD`` whose parameters and settings to take over.
    """

    def __init__(self, optimizer: torch.optim.Optimizer) -> None:
        group = optimizer.param_groups[0]
        self.params = [param for param in group["params"] if param.requires_grad]
        self.settings = {key: group[key] for key in ("momentum", "weight_decay", "nesterov")}
        self.lr = torch.zeros((), device=self.params[0].device)
        self.buffers = [torch.zeros_like(param) for param in self.params]

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients: the backward pass writes them afresh."""
        for param in self.params:
            param.grad = None

    def step(self) -> None:
        """One SGD update at the rate in ``lr``."""
        sgd_update(self.params, self.buffers, self.lr, **self.settings)

    def state_dict(self) -> dict[str, list[torch.Tensor]]:
        """A copy of the momentum buffers."""
        return {"buffers": [buffer.clone() for buffer in self.buffers]}

    @torch.no_grad()
    def load_state_dict(self, state: dict[str, list[torch.Tensor]]) -> None:
        """Copy the buffers back in place, where a recorded graph reads them."""
        for buffer, value in zip(self.buffers, state["buffers"], strict=True):
            buffer.copy_(value)


class GraphStep:
    """A batch step over fixed buffers: ``graph_step(index)`` trains on the batch ``index`` names.

    The lecture's networks are so small that a GPU finishes most kernels of a step faster than
    Python launches them; a replay of the recorded graph sends them all at once. It repeats
    exactly what was recorded, so all that a step reads or writes stays in place.

    ``record()`` (CUDA only) captures the step as a CUDA graph; until then each call runs it
    directly. The learning rate is ``optimizer``'s, as its scheduler sets it before each call.

    Args:
        batch_step: ``batch_step(index, optimizer)``, one training step on the batch ``index``
            names; it is given a ``TensorLRSGD`` in place of ``optimizer``.
        optimizer: The ``torch.optim.SGD`` whose settings and scheduled rate to follow.
        batch_size: Images per batch: every batch is full.
        num_images: Images in the training set.
    """

    def __init__(
        self,
        batch_step: Callable[[torch.Tensor, Any], None],
        optimizer: torch.optim.Optimizer,
        batch_size: int,
        num_images: int,
    ) -> None:
        self.batch_step, self.optimizer = batch_step, optimizer
        self.sgd = TensorLRSGD(optimizer)
        self.index = torch.arange(batch_size, device=self.sgd.lr.device) % num_images
        self.graph: torch.cuda.CUDAGraph | None = None

    def _body(self) -> None:
        self.batch_step(self.index, self.sgd)

    def __call__(self, index: torch.Tensor) -> None:
        """One step on the batch ``index`` names (``batch_size`` positions)."""
        self.index.copy_(index)
        self.sgd.lr.fill_(self.optimizer.param_groups[0]["lr"])
        if self.graph is None:
            self._body()
        else:
            self.graph.replay()

    def record(self, warmup_steps: int = 3) -> None:
        """Capture the step as a CUDA graph, after ``warmup_steps`` uncaptured runs on a side
        stream (cuDNN picks its kernels, memory is set aside). These runs train: the caller
        puts the weights back (``advcnn.speed.unchanged``)."""
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(warmup_steps):
                self._body()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            self._body()
        self.graph = graph
