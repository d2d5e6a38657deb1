"""Shared fixtures: the canonical MNIST files, read from ../shared/mnist or ADVCNN_TEST_MNIST."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _mnist_root() -> Path:
    return Path(os.environ.get("ADVCNN_TEST_MNIST", REPO.parent / "shared" / "mnist"))


@pytest.fixture(scope="session")
def mnist_root() -> Path:
    root = _mnist_root()
    if not (root / "train-images-idx3-ubyte.gz").exists():
        pytest.skip(f"canonical MNIST files not found in {root} (set ADVCNN_TEST_MNIST)")
    return root


@pytest.fixture(scope="session")
def mnist_full(mnist_root: Path):
    from advcnn.data import load_mnist

    return load_mnist(mnist_root, source="full", download=False, verbose=False)


@pytest.fixture(scope="session")
def mnist_sample():
    from advcnn.data import load_mnist

    return load_mnist(source="sample", verbose=False)
