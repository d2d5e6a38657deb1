"""One whole training step, recorded once as a CUDA graph and replayed for every batch.

In ``fit``'s ordinary loop, Python launches every kernel of a step one by one: the gather of
the batch, each convolution of the forward and backward passes, the loss, the gradient clip,
the SGD update and the running sums. The lecture's networks are so small that a GPU finishes
most of these kernels faster than Python can launch them, so the GPU waits. A CUDA graph
records the launches of one step once; a replay then sends them all to the GPU at once.

A graph replays exactly what it recorded, so everything a step reads or writes lives in a
tensor that stays in place: the batch's indices, the learning rate, the momentum buffers and
the running sums. Python's ``torch.optim.SGD`` reads its learning rate as a number, which a
recording would freeze, so the update is written out here with the rate as a tensor. Without
a GPU the same step runs uncaptured, which is how the tests compare it with ``torch.optim.SGD``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from advcnn.config import TrainConfig

__all__ = ["GraphStep", "sgd_update"]


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


class GraphStep:
    """A training step over fixed buffers: ``step(index, lr)`` trains on ``images[index]``.

    ``record()`` (CUDA only) captures the step as a CUDA graph; until then each call runs it
    directly. ``totals`` sums the loss (times the batch size) and the correct predictions.
    """

    def __init__(
        self,
        model: nn.Module,
        images: torch.Tensor,
        labels: torch.Tensor,
        config: TrainConfig,
    ) -> None:
        device = images.device
        self.model, self.images, self.labels, self.config = model, images, labels, config
        self.params = [param for param in model.parameters() if param.requires_grad]
        self.index = torch.arange(config.batch_size, device=device) % len(labels)
        self.lr = torch.zeros((), device=device)
        self.buffers = [torch.zeros_like(param) for param in self.params]
        self.totals = torch.zeros(2, device=device)
        self.graph: torch.cuda.CUDAGraph | None = None

    def _body(self) -> None:
        config = self.config
        for param in self.params:
            param.grad = None  # the backward pass below writes the gradients afresh
        images, labels = self.images[self.index], self.labels[self.index]
        autocast = (
            torch.autocast("cuda", dtype=torch.bfloat16, cache_enabled=False)
            if config.bf16 and images.is_cuda
            else contextlib.nullcontext()
        )
        with autocast:
            logits = self.model(images)
            loss = F.cross_entropy(logits, labels, label_smoothing=config.label_smoothing)
        loss.backward()
        if config.clip_grad_norm is not None:
            nn.utils.clip_grad_norm_(self.params, config.clip_grad_norm)
        sgd_update(
            self.params,
            self.buffers,
            self.lr,
            momentum=config.momentum,
            weight_decay=config.weight_decay,
            nesterov=config.nesterov,
        )
        with torch.no_grad():
            correct = (logits.argmax(dim=1) == labels).sum()
            self.totals += torch.stack((loss.detach().float() * len(labels), correct.float()))

    def __call__(self, index: torch.Tensor, lr: float) -> None:
        """One step on ``images[index]`` (``index`` holds ``batch_size`` positions) at ``lr``."""
        self.index.copy_(index)
        self.lr.fill_(lr)
        if self.graph is None:
            self._body()
        else:
            self.graph.replay()

    def reset_totals(self) -> torch.Tensor:
        """Zero the running sums (in place: the graph keeps adding to the same tensor)."""
        return self.totals.zero_()

    def record(self, warmup_steps: int = 3) -> None:
        """Capture the step as a CUDA graph, after ``warmup_steps`` uncaptured runs on a side
        stream (cuDNN picks its kernels, memory is set aside) at a learning rate of zero.
        Weights, model buffers, momentum and sums are as before."""
        saved = [buffer.detach().clone() for buffer in self.model.buffers()]
        self.lr.zero_()
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
        with torch.no_grad():
            for buffer, value in zip(self.model.buffers(), saved, strict=True):
                buffer.copy_(value)
            for buffer in self.buffers:
                buffer.zero_()
            self.totals.zero_()
