"""Make the bundled MNIST sample: 600 training and 200 test digits of each class, real ones.

The sample lets the notebooks run where the full MNIST (LeCun, Cortes and Burges; LeCun et al.,
"Gradient-Based Learning Applied to Document Recognition", 1998) cannot be downloaded. It is
taken from the canonical files, checked against their md5s, with a fixed seed:

    python advcnn/mnist_sample/make_sample.py /path/to/mnist [--out advcnn/mnist_sample]

For each class, ``numpy.random.default_rng(0)`` draws 600 training indices, then 200 test
indices, without replacement; the chosen indices are kept in ascending order. Every split is
written as gzipped IDX files (gzip mtime 0, so the same input gives the same bytes): the images,
the labels, and the indices into the canonical file (``*-indices-idx1-int.gz``, big-endian
int32). The script prints the md5s of the uncompressed files, which ``advcnn.data.SAMPLE_FILES``
records.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import struct
from pathlib import Path

import numpy as np

from advcnn.data import MNIST_FILES, find_mnist_files, read_idx

__all__ = [
    "SEED",
    "TEST_PER_CLASS",
    "TRAIN_PER_CLASS",
    "choose",
    "main",
    "make_sample",
    "write_idx",
]

SEED = 0
TRAIN_PER_CLASS = 600
TEST_PER_CLASS = 200
_TYPE_CODES = {np.dtype(">u1"): 0x08, np.dtype(">i4"): 0x0C}


def choose(labels: np.ndarray, per_class: int, rng: np.random.Generator) -> np.ndarray:
    """``per_class`` random indices of each digit 0..9, drawn in class order, sorted together."""
    chosen = [
        rng.choice(np.flatnonzero(labels == digit), size=per_class, replace=False)
        for digit in range(10)
    ]
    return np.sort(np.concatenate(chosen))


def write_idx(path: Path, array: np.ndarray) -> bytes:
    """Write ``array`` as a gzipped IDX file; return the uncompressed contents.

    Args:
        path: The ``.gz`` file to write.
        array: Unsigned bytes or big-endian int32.

    Returns:
        The IDX bytes before compression, whose md5 ``advcnn.data`` checks.
    """
    magic = _TYPE_CODES[array.dtype] << 8 | array.ndim
    contents = struct.pack(f">{1 + array.ndim}I", magic, *array.shape) + array.tobytes()
    # mtime=0 and no file name in the header: the bytes depend on the contents only.
    with path.open("wb") as file, gzip.GzipFile("", "wb", 9, file, mtime=0) as archive:
        archive.write(contents)
    return contents


def make_sample(root: Path, out: Path, seed: int = SEED) -> dict[str, str]:
    """Write the sample's six files into ``out``; return the md5 of each, uncompressed, by name.

    Args:
        root: Folder with the canonical files (as for ``advcnn.data.find_mnist_files``).
        out: Folder to write into.
        seed: Seed of the draw.
    """
    files = find_mnist_files(root)
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    md5s = {}
    for split, per_class in (("train", TRAIN_PER_CLASS), ("t10k", TEST_PER_CLASS)):
        images_name, labels_name = f"{split}-images-idx3-ubyte", f"{split}-labels-idx1-ubyte"
        images = read_idx(files[images_name], MNIST_FILES[images_name])
        labels = read_idx(files[labels_name], MNIST_FILES[labels_name])
        indices = choose(labels, per_class, rng)
        for name, array in (
            (images_name, images[indices]),
            (labels_name, labels[indices]),
            (f"{split}-indices-idx1-int", indices.astype(">i4")),
        ):
            md5s[name] = hashlib.md5(write_idx(out / f"{name}.gz", array)).hexdigest()
    return md5s


def main(argv: list[str] | None = None) -> None:
    """Command line: ``make_sample.py ROOT [--out DIR] [--seed N]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder with the canonical MNIST files")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for name, md5 in make_sample(args.root, args.out, args.seed).items():
        print(f"{name}.gz  md5 of contents {md5}")


if __name__ == "__main__":
    main()
