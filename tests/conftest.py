"""Shared fixtures: the canonical MNIST files (../shared/mnist or ADVCNN_TEST_MNIST), the sample."""

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


@pytest.fixture(scope="session")
def mnist_digits():
    """Real digits for tests that train: the canonical set when present, else the bundled sample.

    Both are MNIST's own images; the sample (6,000 + 2,000) is enough for the subsets these tests
    take, so they run on any machine instead of skipping.
    """
    from advcnn.data import load_mnist

    root = _mnist_root()
    if (root / "train-images-idx3-ubyte.gz").exists():
        return load_mnist(root, source="full", download=False, verbose=False)
    return load_mnist(source="sample", verbose=False)
