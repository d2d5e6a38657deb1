"""Shared fixtures: the canonical MNIST files (../shared/mnist or ADVCNN_TEST_MNIST), the sample."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _mnist_root() -> Path:
    return Path(os.environ.get("ADVCNN_TEST_MNIST", REPO.parent / "shared" / "mnist"))


def _has_canonical_files(root: Path) -> bool:
    return (root / "train-images-idx3-ubyte.gz").exists()


@pytest.fixture(scope="session")
def mnist_root() -> Path:
    root = _mnist_root()
    if not _has_canonical_files(root):
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
def mnist_digits(request: pytest.FixtureRequest):
    """Real digits for tests that train: the canonical set when present, else the bundled sample.

    Both are MNIST's own images; the sample (6,000 + 2,000) is enough for the subsets these tests
    take, so they run on any machine instead of skipping. The set is the one ``mnist_full`` or
    ``mnist_sample`` already loaded for the session.
    """
    name = "mnist_full" if _has_canonical_files(_mnist_root()) else "mnist_sample"
    return request.getfixturevalue(name)
