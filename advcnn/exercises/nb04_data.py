"""Checks of notebook 04's exercises on data: a sampler that draws fit's batch order (04.2), the
test digits that every network gets wrong (04.3).

The batch order is recorded from ``fit`` itself, run on numbered one-pixel images through a
module that only writes down what it sees; the mistakes are recounted with
``find_misclassified``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
from torch import nn

from advcnn.cost import count_params
from advcnn.data import MNISTData
from advcnn.exercises._core import Mistake, call, expect_type, parts
from advcnn.i18n import tr
from advcnn.plots.results import Misclassified, find_misclassified
from advcnn.train import fit, recipe

__all__ = ["epoch_sampler", "same_mistakes"]


# --- 04.2 More than one epoch, step for step ---------------------------------------------------


class _Recorder(nn.Module):
    """Writes down the images it is trained on; image ``i`` of ``_numbered`` is the number i."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(1, 2)
        self.seen: list[torch.Tensor] = []

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        flat = images.reshape(len(images), 1)  # N x 1
        if self.training:
            self.seen.append(flat.detach().flatten().round().long())
        return self.linear(flat)


def _numbered(count: int) -> MNISTData:
    images = torch.arange(count, dtype=torch.float32).reshape(count, 1, 1, 1)
    labels = torch.zeros(count, dtype=torch.int64)
    return MNISTData(images, labels, images[:1], labels[:1], source="sample", root=Path("."))


def _fit_order(count: int, seed: int, epochs: int, batch_size: int) -> list[list[int]]:
    """The training images ``fit`` visits in each epoch, in order, on the CPU."""
    recorder = _Recorder()
    config = recipe(
        "lecture", epochs=epochs, seed=seed, batch_size=batch_size, device="cpu", progress=False
    )
    fit(recorder, _numbered(count), config)
    steps = -(-count // batch_size)
    seen = [batch.tolist() for batch in recorder.seen]
    return [sum(seen[epoch * steps : (epoch + 1) * steps], []) for epoch in range(epochs)]


def _draw(sampler: Any, count: int) -> list[int]:
    epoch = call(lambda: list(iter(sampler)), what=tr("iterating your sampler"))
    try:
        indices = [int(index) for index in epoch]
    except (TypeError, ValueError) as error:
        raise Mistake(
            tr("your sampler should yield whole-number indices: {error}.", error=error)
        ) from error
    if len(indices) != count:
        raise Mistake(
            tr(
                "one epoch of your sampler has {indices:,} indices for a data_source of "
                "{count}: draw len(data_source) of them, not the length of a dataset of the "
                "notebook.",
                indices=len(indices),
                count=count,
            )
        )
    if sorted(indices) != list(range(count)):
        raise Mistake(tr("an epoch should visit every index once: yours repeats or skips some."))
    return indices


def epoch_sampler(answer: Any) -> str:
    """04.2: ``EpochSampler(data_source, generator)`` against the order ``fit`` draws."""
    for count, seed, batch_size in ((100, 3, 16), (37, 11, 64)):
        with torch.random.fork_rng(devices=[]):  # the learner's global generator is left alone
            torch.manual_seed(seed + 1000)  # a sampler using the global generator draws these
            sampler = call(
                answer,
                range(count),
                generator=torch.Generator().manual_seed(seed),
                what="EpochSampler(data_source, generator)",
            )
            first, second = _draw(sampler, count), _draw(sampler, count)
            expected = _fit_order(count, seed, 2, batch_size)  # its Linear draws from the global
        global_generator = torch.Generator().manual_seed(seed + 1000)  # what the global one drew
        global_order = torch.randperm(count, generator=global_generator)
        if first == list(range(count)):
            raise Mistake(tr("your sampler does not shuffle: it visits 0, 1, 2, … in order."))
        if first != expected[0]:
            reseeded = torch.randperm(count, generator=torch.Generator().manual_seed(0)).tolist()
            if first == global_order.tolist() or first == reseeded:
                raise Mistake(
                    tr(
                        "the first epoch is not fit's order: draw from the generator passed to "
                        "__init__ (torch.randperm(..., generator=self.generator)), not from the "
                        "global one or a generator of your own."
                    )
                )
            raise Mistake(
                tr(
                    "the first epoch is not fit's order: draw one torch.randperm(len(data_source), "
                    "generator=self.generator) per epoch, as fit does."
                )
            )
        if second == first:
            raise Mistake(
                tr(
                    "the second epoch repeats the first: draw a new permutation in every __iter__ "
                    "call (do not reseed the generator, nor draw once in __init__)."
                )
            )
        if second != expected[1]:
            generator = torch.Generator().manual_seed(seed)
            draws = [torch.randperm(count, generator=generator).tolist() for _ in range(3)]
            if second == draws[2]:
                raise Mistake(
                    tr(
                        "the first epoch matches fit, the second does not: your sampler draws two "
                        "permutations per epoch, as RandomSampler does; draw one."
                    )
                )
            raise Mistake(
                tr(
                    "the first epoch matches fit, the second does not: draw exactly one "
                    "torch.randperm per __iter__ call, from the same generator."
                )
            )
    return tr(
        "two epochs of your sampler visit the images in the order fit visits them, for two seeds "
        "and dataset sizes: in a DataLoader it makes the lecture's loop take fit's steps."
    )


# --- 04.3 Same mistakes? -------------------------------------------------------------------------


def _models(value: Any) -> dict[str, nn.Module]:
    if isinstance(value, nn.Module):
        raise Mistake(tr("'models' should hold all the networks compared, not a single one."))
    if isinstance(value, Mapping):
        models = dict(value)
    elif isinstance(value, (list, tuple)):
        models = {tr("network {index}", index=index): model for index, model in enumerate(value, 1)}
    else:
        raise Mistake(
            tr(
                "expected for 'models' a dict of name → trained network, got {kind}.",
                kind=type(value).__name__,
            )
        )
    for name, model in models.items():
        if not isinstance(model, nn.Module):
            raise Mistake(
                tr(
                    "each entry of 'models' should be one trained network (trained[{name!r}]), "
                    "got {kind}.",
                    name=name,
                    kind=type(model).__name__,
                )
            )
    if len(models) < 2:
        raise Mistake(tr("'models' should hold the three networks, to intersect their mistakes."))
    return models


def _index_set(value: Any) -> set[int]:
    if isinstance(value, Misclassified):
        raise Mistake(
            tr(
                "'common' is one network's find_misclassified result: intersect the sets of "
                "indices of all the networks."
            )
        )
    if isinstance(value, torch.Tensor):
        value = value.flatten().tolist()
    if isinstance(value, (int, float)):
        raise Mistake(
            tr("'common' should be the set of test-set indices itself, not how many there are.")
        )
    if isinstance(value, (str, Mapping)) or not hasattr(value, "__iter__"):
        raise Mistake(
            tr(
                "expected for 'common' a set of test-set indices, got {kind}.",
                kind=type(value).__name__,
            )
        )
    indices = list(value)
    if any(isinstance(i, bool) or not isinstance(i, int) for i in indices):
        raise Mistake(tr("'common' should hold whole-number indices into the test set."))
    return set(indices)


def _wrong(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, among: list[int]) -> set:
    """Which of the test images ``among`` ``model`` misclassifies."""
    if not among:
        return set()
    chosen = torch.tensor(among)
    found = find_misclassified(model, images[chosen], labels[chosen])
    return set(chosen[found.indices].tolist())


def same_mistakes(answer: Any) -> str:
    """04.3: the test digits that every network misclassifies, recounted network by network."""
    given = parts(answer, ("models", "test_images", "test_labels", "common"))
    models = _models(given["models"])
    images = expect_type(given["test_images"], torch.Tensor, tr("test_images as a tensor"))
    labels = expect_type(given["test_labels"], torch.Tensor, tr("test_labels as a tensor"))
    if len(images) != len(labels):
        raise Mistake(
            tr(
                "{images:,} test images but {labels:,} labels: pass both whole.",
                images=len(images),
                labels=len(labels),
            )
        )
    common = _index_set(given["common"])
    if any(not 0 <= index < len(labels) for index in common):
        raise Mistake(
            tr(
                "some indices lie outside the test set, whose indices run 0…{last}.",
                last=len(labels) - 1,
            )
        )
    # The smallest network runs over every image; each next one only over what all before missed.
    candidates = list(range(len(labels)))
    for name in sorted(models, key=lambda name: count_params(models[name])):
        candidates = sorted(_wrong(models[name], images, labels, candidates))
    right = set(candidates)
    if common == right:
        return tr(
            "exactly the test digits that all {count} networks misclassify. Compare its size "
            "with each network's own count: are most mistakes shared, or each network's own?",
            count=len(models),
        )
    extra = sorted(common - right)
    if extra:
        wrong_by = {name: _wrong(model, images, labels, extra) for name, model in models.items()}
        anyone = set().union(*wrong_by.values())
        if set(extra) - anyone:
            raise Mistake(
                tr(
                    "some of your indices are digits that every network classifies correctly: "
                    "use find_misclassified(...).indices (positions in the test set), not "
                    "positions in the list of mistakes."
                )
            )
        missed = [name for name, wrong in wrong_by.items() if set(extra) - wrong]
        if len(missed) == 1:
            raise Mistake(
                tr(
                    "every digit of your set is misclassified by the other networks, but {name} "
                    "gets some right: intersect {name}'s set as well.",
                    name=missed[0],
                )
            )
        raise Mistake(
            tr(
                "some of your digits are classified correctly by at least one of the networks: "
                "keep only the digits in every network's set (the intersection, &, not the "
                "union, |)."
            )
        )
    raise Mistake(
        tr(
            "some digits that every network misclassifies are missing from your set: intersect "
            "exactly these networks' sets, over the whole test set (not the first digits shown, "
            "nor the runs of other seeds)."
        )
    )


# --- 04.5 A harder dataset: shifted digits ------------------------------------------------------
