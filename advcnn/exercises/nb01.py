"""Checks of notebook 01's exercises (1×1 convolutions and the bottleneck), registered in the
notebook's order: the predict-first question and exercises 1 and 2 in ``nb01_bottleneck``,
exercises 3 and 4 in ``nb01_bottleneck_params``, then exercises 5 to 7, which go further than
the lecture's example, in ``nb01_further``."""

from __future__ import annotations

# Importing registers the checks; the import order is the order of ``EXERCISES``.
from advcnn.exercises import nb01_bottleneck, nb01_bottleneck_params, nb01_further  # noqa: F401

__all__: list[str] = []
