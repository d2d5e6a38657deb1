"""Small real-digit sets for the tests that train: the first images of each MNIST split."""

from __future__ import annotations

from advcnn.data import MNISTData
from advcnn.throughput import subset


def first(data: MNISTData, train: int, test: int) -> MNISTData:
    """The first ``train`` training and ``test`` test images (MNIST's order is not by class)."""
    return subset(data, train, test)
