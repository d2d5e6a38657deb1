"""Small real-digit sets for the tests that train: the first images of each MNIST split."""

from __future__ import annotations

import dataclasses

from advcnn.data import MNISTData


def first(data: MNISTData, train: int, test: int) -> MNISTData:
    """The first ``train`` training and ``test`` test images (MNIST's order is not by class)."""
    return dataclasses.replace(
        data,
        train_images=data.train_images[:train],
        train_labels=data.train_labels[:train],
        test_images=data.test_images[:test],
        test_labels=data.test_labels[:test],
    )
