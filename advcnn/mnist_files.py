"""The MNIST files: the IDX format they come in, what each must hold, and reading one checked.

MNIST (LeCun, Cortes and Burges; LeCun et al., "Gradient-Based Learning Applied to Document
Recognition", 1998) is four IDX files: a big-endian header (a magic number giving the element type
and the number of dimensions, then one size per dimension) followed by the elements. Every file is
checked (header, size, md5 of the uncompressed contents) before a pixel is used, so that a damaged
download raises ``CorruptMNISTError`` with advice instead of training on garbage. The same checks
hold the bundled sample (``advcnn/mnist_sample``) to the md5s recorded here, and a download:
``download_mnist`` moves the files under their real names only once all four are complete and
checked.

``advcnn.data`` turns these arrays into the tensors the course's networks train on: those of
Szegedy et al. 2015 (GoogLeNet) and He et al. 2016 (ResNet). Everything here is also importable
from there.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import shutil
import tempfile
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np

__all__ = [
    "MNIST_FILES",
    "NAMES",
    "SAMPLE_DIR",
    "SAMPLE_FILES",
    "TEST_IMAGES",
    "TEST_LABELS",
    "TRAIN_IMAGES",
    "TRAIN_LABELS",
    "CorruptMNISTError",
    "IdxSpec",
    "checked_contents",
    "download_mnist",
    "read_idx",
    "sample_path",
]

# The bundled sample, installed with the package: 6,000 + 2,000 real digits (see its README).
SAMPLE_DIR = Path(__file__).resolve().parent / "mnist_sample"

TRAIN_IMAGES, TRAIN_LABELS = "train-images-idx3-ubyte", "train-labels-idx1-ubyte"
TEST_IMAGES, TEST_LABELS = "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
NAMES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)

# Element types of the IDX format (LeCun's page), by the third byte of the magic number.
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


class IdxSpec(NamedTuple):
    """What one IDX file must hold.

    Args:
        shape: Shape of the array stored in the file, e.g. ``(60000, 28, 28)``.
        md5: md5 hex digest of the uncompressed file.
        type_code: IDX element type: 0x08 unsigned bytes, 0x0C big-endian int32.
    """

    shape: tuple[int, ...]
    md5: str
    type_code: int = 0x08

    @property
    def magic(self) -> int:
        """The magic number the header must start with: type code, then number of dimensions."""
        return self.type_code << 8 | len(self.shape)

    @property
    def size(self) -> int:
        """Bytes of the uncompressed file: magic, one 4-byte size per dimension, then the data."""
        itemsize = np.dtype(_IDX_DTYPES[self.type_code]).itemsize
        return 4 * (1 + len(self.shape)) + math.prod(self.shape) * itemsize


MNIST_FILES = {
    TRAIN_IMAGES: IdxSpec((60000, 28, 28), "6bbc9ace898e44ae57da46a324031adb"),
    TRAIN_LABELS: IdxSpec((60000,), "a25bea736e30d166cdddb491f175f624"),
    TEST_IMAGES: IdxSpec((10000, 28, 28), "2646ac647ad5339dbf082846283269ea"),
    TEST_LABELS: IdxSpec((10000,), "27ae3e4e09519cfbb04c329615203637"),
}
# Written by mnist_sample/make_sample.py; the ``*-indices-*`` files say which canonical image each
# sample image is.
SAMPLE_FILES = {
    TRAIN_IMAGES: IdxSpec((6000, 28, 28), "727966d751f089f87dd73fec78167751"),
    TRAIN_LABELS: IdxSpec((6000,), "2a26a8209358e0e56d00e6a18735b0e6"),
    TEST_IMAGES: IdxSpec((2000, 28, 28), "7c7137c6a972c13c90f9708766fcbf5a"),
    TEST_LABELS: IdxSpec((2000,), "5b16a79e37b63579d808861fa8011524"),
    "train-indices-idx1-int": IdxSpec((6000,), "55bafaa71920e65476adc322691ab395", 0x0C),
    "t10k-indices-idx1-int": IdxSpec((2000,), "563a39ed269e78be8bf7da1b13f29849", 0x0C),
}


class CorruptMNISTError(ValueError):
    """An MNIST file is truncated, damaged or not the file its name says."""


def sample_path(name: str) -> Path:
    """The bundled sample's file ``name`` (one of ``SAMPLE_FILES``), gzipped."""
    return SAMPLE_DIR / f"{name}.gz"


def _fix(path: Path) -> str:
    """What to do about a damaged file: the sample came with the package, the full set from a
    download or a copy."""
    if path.parent == SAMPLE_DIR:
        return "The bundled sample is damaged: reinstall advcnn (pip install --force-reinstall)."
    return (
        f"Delete {path} and download it again (load_mnist(download=True) fetches what is "
        "missing), or copy it again from an intact copy."
    )


def _contents(path: Path) -> bytes:
    """The file's bytes, decompressed when its name ends in ``.gz``."""
    data = path.read_bytes()
    if path.suffix != ".gz":
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as error:  # BadGzipFile is an OSError
        message = f"{path}: cannot be decompressed as gzip ({error}). {_fix(path)}"
        raise CorruptMNISTError(message) from None


def _header(contents: bytes) -> tuple[int, tuple[int, ...]]:
    """Magic number and shape from an IDX header: big-endian uint32s."""
    magic = int.from_bytes(contents[:4], "big")
    words = contents[4 : 4 + 4 * (magic & 0xFF)]
    return magic, tuple(int.from_bytes(words[i : i + 4], "big") for i in range(0, len(words), 4))


def _check_contents(path: Path, contents: bytes, spec: IdxSpec) -> None:
    kind = "uncompressed " if path.suffix == ".gz" else ""
    magic, shape = _header(contents)
    problem = None
    if len(contents) != spec.size:
        truncated = " (truncated)" if len(contents) < spec.size else ""
        problem = f"{kind}size is {len(contents):,} bytes{truncated}, expected {spec.size:,}"
    elif magic != spec.magic:
        problem = f"magic number is {magic:#010x}, expected {spec.magic:#010x}"
    elif shape != spec.shape:
        problem = f"header gives shape {shape}, expected {spec.shape}"
    elif (digest := hashlib.md5(contents).hexdigest()) != spec.md5:
        problem = f"md5 of the {kind}contents is {digest}, expected {spec.md5}"
    if problem is not None:
        raise CorruptMNISTError(
            f"{path}: {problem}; the file is damaged or not the canonical MNIST file. {_fix(path)}"
        )


def checked_contents(path: str | os.PathLike[str], spec: IdxSpec) -> bytes:
    """The uncompressed bytes of an IDX file, once its header, size and md5 match ``spec``.

    Raises:
        CorruptMNISTError: The file cannot be decompressed or does not match ``spec``.
    """
    path = Path(path)
    contents = _contents(path)
    _check_contents(path, contents, spec)
    return contents


def read_idx(path: str | os.PathLike[str], spec: IdxSpec | None = None) -> np.ndarray:
    """Read an IDX file (gzipped when its name ends in ``.gz``) into a read-only numpy array.

    Args:
        path: The file.
        spec: When given, the header, size and md5 must match it.

    Returns:
        The array, with the shape the header gives, in the header's element type.

    Raises:
        CorruptMNISTError: The file does not match ``spec``, or its header does not match its size.
    """
    path = Path(path)
    contents = _contents(path) if spec is None else checked_contents(path, spec)
    magic, shape = _header(contents)
    dtype = np.dtype(_IDX_DTYPES.get(magic >> 8, "V1"))
    offset = 4 * (1 + len(shape))
    if magic >> 8 not in _IDX_DTYPES or len(contents) != offset + math.prod(shape) * dtype.itemsize:
        raise CorruptMNISTError(
            f"{path}: not an IDX file (magic {magic:#010x}, {len(contents):,} bytes). {_fix(path)}"
        )
    return np.frombuffer(contents, dtype=dtype, offset=offset).reshape(shape)


def download_mnist(root: Path) -> Exception | None:
    """Download the four files through torchvision into ``root/MNIST/raw`` (torchvision's layout).

    torchvision writes into a temporary folder beside ``raw``. The files move into ``raw`` (each
    by one rename) only once all four are complete and match the canonical md5s, so a download
    that fails or is interrupted, by Ctrl-C too, leaves nothing in ``raw`` to be read later.

    Args:
        root: The data folder, as given to ``load_mnist``.

    Returns:
        None when the files are in place, else the error that stopped the download (offline, a
        proxy, a full disk, a damaged file), for the caller's message. ``KeyboardInterrupt``
        propagates, after the temporary folder is removed.
    """
    raw = root / "MNIST" / "raw"
    try:
        raw.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".download-", dir=raw.parent))
    except OSError as error:  # a read-only or missing drive: the same advice as offline
        return error
    try:
        from torchvision.datasets import MNIST

        MNIST(str(staging), train=True, download=True)
        fetched = staging / "MNIST" / "raw"
        files = []
        for name in NAMES:
            found = [fetched / file for file in (name, f"{name}.gz") if (fetched / file).is_file()]
            if not found:
                raise FileNotFoundError(f"torchvision's download gave no {name}")
            for path in found:
                checked_contents(path, MNIST_FILES[name])
            files += found
        raw.mkdir(exist_ok=True)
        for path in files:
            os.replace(path, raw / path.name)
    except Exception as error:  # offline, a proxy, a full disk: all end in the same advice
        return error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return None
