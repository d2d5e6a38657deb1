"""MNIST as four tensors, read straight from the IDX files and checked against the canonical md5s.

The course trains the networks of Szegedy et al., "Going Deeper with Convolutions" (GoogLeNet,
CVPR 2015) and He et al., "Deep Residual Learning for Image Recognition" (ResNet, CVPR 2016) on
MNIST (LeCun, Cortes and Burges; LeCun et al., "Gradient-Based Learning Applied to Document
Recognition", 1998).

The lecture's ``DataLoader`` decodes one PIL image at a time. MNIST's pixels fit in 47 MB, so
``load_mnist`` reads each file once into a tensor, normalised with the same float32 operations as
``transforms.Normalize((0.1307,), (0.3081,))`` after ``ToTensor()``. Every file is checked
(header, size, md5 of the uncompressed contents) before a pixel is used: a damaged download raises
``CorruptMNISTError`` instead of training on garbage, and a download lands under its real name
only once complete and checked. Without the full files, ``load_mnist`` falls back to a bundled
sample of 6,000 + 2,000 real digits (``advcnn/mnist_sample``, see its README).

Reading and checking the IDX files is ``advcnn.mnist_files``'s work; its public names
(``read_idx``, ``IdxSpec``, ``MNIST_FILES``, ``SAMPLE_FILES``, ``SAMPLE_DIR``,
``CorruptMNISTError``) can be imported from here as well.
"""

from __future__ import annotations

import dataclasses
import hashlib
import numbers
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch

from advcnn.i18n import tr
from advcnn.mnist_files import (
    MNIST_FILES,
    NAMES,
    SAMPLE_DIR,
    SAMPLE_FILES,
    TEST_IMAGES,
    TEST_LABELS,
    TRAIN_IMAGES,
    TRAIN_LABELS,
    CorruptMNISTError,
    IdxSpec,
    checked_contents,
    download_mnist,
    read_idx,
    sample_path,
)

if TYPE_CHECKING:
    from torchvision.datasets import MNIST

__all__ = [
    "MNIST_FILES",
    "MNIST_MEAN",
    "MNIST_STD",
    "SAMPLE_DIR",
    "SAMPLE_FILES",
    "CorruptMNISTError",
    "IdxSpec",
    "MNISTData",
    "MNISTNotFoundError",
    "default_root",
    "find_mnist_files",
    "lecture_dataset",
    "load_mnist",
    "read_idx",
    "sample_indices",
    "unnormalise",
]

MNIST_MEAN = 0.1307  # mean and standard deviation of the training pixels scaled to [0, 1]
MNIST_STD = 0.3081
SOURCES = ("auto", "full", "sample")


class MNISTNotFoundError(FileNotFoundError):
    """The MNIST files are neither on disk nor downloadable."""


def unnormalise(images: torch.Tensor) -> torch.Tensor:
    """Undo the normalisation: pixels back in [0, 1], for display."""
    return (images * MNIST_STD + MNIST_MEAN).clamp_(0.0, 1.0)


@dataclass(frozen=True, eq=False)
class MNISTData:
    """Train and test images and labels as tensors, and where they came from.

    Args:
        train_images: float32, N x 1 x 28 x 28, normalised with ``MNIST_MEAN`` and ``MNIST_STD``.
        train_labels: int64, N.
        test_images: float32, M x 1 x 28 x 28, normalised the same way.
        test_labels: int64, M.
        source: ``"full"`` (the 60,000 + 10,000 images) or ``"sample"`` (the bundled sample).
        root: Folder the files were read from.
        subset_of: (train, test) sizes before a random subset was taken; None without subsets.
        seed: Seed of the random subset; None without subsets.
    """

    train_images: torch.Tensor
    train_labels: torch.Tensor
    test_images: torch.Tensor
    test_labels: torch.Tensor
    source: str
    root: Path
    subset_of: tuple[int, int] | None = None
    seed: int | None = None

    @property
    def num_train(self) -> int:
        """Number of training images."""
        return len(self.train_labels)

    @property
    def num_test(self) -> int:
        """Number of test images."""
        return len(self.test_labels)

    def to(self, device: torch.device | str) -> MNISTData:
        """A copy with the four tensors on ``device``."""
        return dataclasses.replace(
            self,
            train_images=self.train_images.to(device),
            train_labels=self.train_labels.to(device),
            test_images=self.test_images.to(device),
            test_labels=self.test_labels.to(device),
        )

    def describe(self) -> str:
        """One line: which MNIST this is and how many images, as ``load_mnist`` prints it."""
        what = (
            tr("bundled sample")
            if self.source == "sample"
            else tr("full set from {root}", root=self.root)
        )
        text = tr(
            "MNIST: {what} ({train:,} train / {test:,} test)",
            what=what,
            train=self.num_train,
            test=self.num_test,
        )
        if self.subset_of is not None:
            train, test = self.subset_of
            text += tr(
                ", a random subset (seed {seed}) of {train:,} / {test:,}",
                seed=self.seed,
                train=train,
                test=test,
            )
        return text

    @staticmethod
    def unnormalise(images: torch.Tensor) -> torch.Tensor:
        """Undo the normalisation: pixels back in [0, 1], for display."""
        return unnormalise(images)


def default_root() -> Path:
    """Where MNIST is looked for: ``$ADVCNN_DATA``, else ``<user cache>/advcnn/mnist``."""
    if os.environ.get("ADVCNN_DATA"):
        return Path(os.environ["ADVCNN_DATA"]).expanduser().absolute()
    return _cache_dir() / "mnist"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser().absolute() / "advcnn"


def _resolve_root(root: str | os.PathLike[str] | None) -> Path:
    return default_root() if root is None else Path(root).expanduser().absolute()


def _locate(root: Path) -> tuple[dict[str, Path], list[str]]:
    """The four files, in ``root`` or ``root/MNIST/raw`` (torchvision's layout), and the missing."""
    found, missing = {}, []
    for name in NAMES:
        candidates = [
            folder / file
            for folder in (root, root / "MNIST" / "raw")
            for file in (name, f"{name}.gz")  # uncompressed first: no time spent decompressing
        ]
        path = next((candidate for candidate in candidates if candidate.is_file()), None)
        if path is None:
            missing.append(name)
        else:
            found[name] = path
    return found, missing


def _not_found_message(root: Path, missing: list[str], failure: Exception | None) -> str:
    names = ", ".join(f"{name}.gz" for name in NAMES)
    text = (
        f"MNIST files not found: {', '.join(missing)} missing from {root} (also looked in "
        f"{root / 'MNIST' / 'raw'}). Put the four files {names} (gzipped or not) in {root}, "
        "or set the ADVCNN_DATA environment variable (or pass root=) to the folder that holds them."
    )
    if failure is not None:
        reason = " ".join(str(failure).split())[:300]
        text += f" Downloading through torchvision failed: {type(failure).__name__}: {reason}"
    return text


def find_mnist_files(root: str | os.PathLike[str] | None = None) -> dict[str, Path]:
    """Paths of the four MNIST files under ``root`` (default: ``default_root()``), by name.

    Raises:
        MNISTNotFoundError: Some of the four are in neither ``root`` nor ``root/MNIST/raw``.
    """
    folder = _resolve_root(root)
    found, missing = _locate(folder)
    if missing:
        raise MNISTNotFoundError(_not_found_message(folder, missing, None))
    return found


def _normalise(pixels: np.ndarray) -> torch.Tensor:
    # ToTensor then Normalize, the same float32 operations in the same order, so that a batch
    # from here and an image from lecture_dataset are equal to the last bit.
    images = torch.from_numpy(pixels.astype(np.float32)).unsqueeze(1)
    # N x 1 x 28 x 28
    return images.div_(255).sub_(torch.tensor(MNIST_MEAN)).div_(torch.tensor(MNIST_STD))


def _read_set(files: dict[str, Path], specs: dict[str, IdxSpec], source: str) -> MNISTData:
    arrays = {name: read_idx(files[name], specs[name]) for name in NAMES}
    return MNISTData(
        train_images=_normalise(arrays[TRAIN_IMAGES]),
        train_labels=torch.from_numpy(arrays[TRAIN_LABELS].astype(np.int64)),
        test_images=_normalise(arrays[TEST_IMAGES]),
        test_labels=torch.from_numpy(arrays[TEST_LABELS].astype(np.int64)),
        source=source,
        root=files[TRAIN_IMAGES].parent,
    )


def _read_sample() -> MNISTData:
    return _read_set({name: sample_path(name) for name in NAMES}, SAMPLE_FILES, "sample")


def sample_indices() -> tuple[torch.Tensor, torch.Tensor]:
    """Which canonical images the bundled sample holds: indices into the train and t10k files."""

    def indices(name: str) -> torch.Tensor:
        array = read_idx(sample_path(name), SAMPLE_FILES[name])
        return torch.from_numpy(array.astype(np.int64))

    return indices("train-indices-idx1-int"), indices("t10k-indices-idx1-int")


def _subset(
    count: int | None, available: int, seed: int, stream: int, name: str
) -> torch.Tensor | slice:
    if count is None:
        return slice(None)  # all of them, without a copy
    if isinstance(count, bool) or not isinstance(count, numbers.Integral) or count < 1:
        raise ValueError(f"{name} must be a whole number ≥ 1 or None, got {count!r}")
    if count > available:
        raise ValueError(f"{name}={count:,} is more than the {available:,} images available")
    # One stream per split, so that the test subset does not change when the train subset does.
    chosen = np.random.default_rng([seed, stream]).choice(available, count, replace=False)
    return torch.from_numpy(np.sort(chosen))


def _take_subsets(
    data: MNISTData, subset: int | None, test_subset: int | None, seed: int
) -> MNISTData:
    if subset is None and test_subset is None:
        return data
    train = _subset(subset, data.num_train, seed, 0, "subset")
    test = _subset(test_subset, data.num_test, seed, 1, "test_subset")
    return dataclasses.replace(
        data,
        train_images=data.train_images[train],
        train_labels=data.train_labels[train],
        test_images=data.test_images[test],
        test_labels=data.test_labels[test],
        subset_of=(data.num_train, data.num_test),
        seed=seed,
    )


def load_mnist(
    root: str | os.PathLike[str] | None = None,
    *,
    source: str = "auto",
    subset: int | None = None,
    test_subset: int | None = None,
    download: bool = True,
    seed: int = 0,
    verbose: bool = True,
) -> MNISTData:
    """MNIST as normalised tensors, checked against the canonical md5s.

    Args:
        root: Folder holding the four files (gzipped or not), directly or in ``MNIST/raw``.
            Default: ``$ADVCNN_DATA``, else ``$XDG_CACHE_HOME/advcnn/mnist`` (``~/.cache/...``).
        source: ``"full"`` (the files under ``root``, downloaded there through torchvision when
            missing), ``"sample"`` (the bundled 6,000 + 2,000 digits) or ``"auto"`` (the full
            set when it is there or downloadable, else the sample).
        subset: Take this many training images at random (reproducible through ``seed``).
        test_subset: Take this many test images at random.
        download: Whether missing full files may be downloaded.
        seed: Seed of the random subsets.
        verbose: Print one line saying which MNIST is used.

    Returns:
        The images and labels, with their source.

    Raises:
        MNISTNotFoundError: ``source="full"`` and the files are neither there nor downloadable.
        CorruptMNISTError: A file is truncated, damaged or not the canonical one.
        ValueError: An unknown ``source``, or a subset larger than the images available or < 1.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    folder = _resolve_root(root)
    note = None
    if source == "sample":
        data = _read_sample()
    else:
        files, missing = _locate(folder)
        failure = None
        if missing and download:
            failure = download_mnist(folder)
            files, missing = _locate(folder)
        if not missing:
            data = _read_set(files, MNIST_FILES, "full")
        elif source == "full":
            raise MNISTNotFoundError(_not_found_message(folder, missing, failure))
        else:
            note = tr(
                "MNIST: full set not found in {folder}{tried}; using the bundled sample. For the "
                "full set, put the four MNIST files in {folder} (or set ADVCNN_DATA to their "
                "folder) or call load_mnist(download=True) online.",
                folder=folder,
                tried=tr(" and could not be downloaded") if download else "",
            )
            data = _read_sample()
    data = _take_subsets(data, subset, test_subset, seed)
    if verbose:
        if note is not None:
            print(note)
        print(data.describe())
    return data


def _torchvision_root(files: dict[str, Path]) -> Path:
    """A root under which torchvision finds ``MNIST/raw/<name>``, uncompressed, for every file."""
    folders = {path.parent for path in files.values()}
    folder = next(iter(folders))
    uncompressed = all(path.suffix != ".gz" for path in files.values())
    if len(folders) == 1 and folder.parts[-2:] == ("MNIST", "raw") and uncompressed:
        for name, path in files.items():
            checked_contents(path, MNIST_FILES[name])
        return folder.parent.parent
    # torchvision reads only uncompressed files in that layout, and ``root`` may be read-only:
    # build the layout in the cache, one folder per set of source folders.
    key = hashlib.sha1("\n".join(sorted(map(str, folders))).encode()).hexdigest()[:12]
    layout = _cache_dir() / "torchvision" / key
    raw = layout / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for name, path in files.items():
        target = raw / name
        if target.is_file():
            try:
                checked_contents(target, MNIST_FILES[name])
                continue
            except CorruptMNISTError:
                pass  # stale or damaged copy: make it again
        contents = checked_contents(path, MNIST_FILES[name])
        target.unlink(missing_ok=True)
        if path.suffix != ".gz":
            try:
                target.symlink_to(path)
                continue
            except OSError:  # no symlinks (some Windows setups): copy instead
                shutil.copyfile(path, target)
                continue
        partial = target.with_name(f".{name}.{os.getpid()}.partial")
        try:
            partial.write_bytes(contents)
            partial.replace(target)  # atomic: an interrupted run leaves no half file under the name
        finally:
            partial.unlink(missing_ok=True)
    return layout


def lecture_dataset(train: bool, root: str | os.PathLike[str] | None = None) -> MNIST:
    """torchvision's MNIST with the lecture's transforms, over the files ``load_mnist`` finds.

    The files are downloaded (through torchvision) only when missing. torchvision reads
    ``<root>/MNIST/raw/<name>`` uncompressed; files kept elsewhere or gzipped are linked or
    decompressed into ``<user cache>/advcnn/torchvision/`` first.

    Args:
        train: The 60,000 training images (True) or the 10,000 test images (False).
        root: As for ``load_mnist``.

    Returns:
        ``torchvision.datasets.MNIST`` with ``Compose([ToTensor(), Normalize((0.1307,),
        (0.3081,))])``.

    Raises:
        MNISTNotFoundError: The files are neither there nor downloadable.
        CorruptMNISTError: A file is truncated, damaged or not the canonical one.
    """
    from torchvision import datasets, transforms

    folder = _resolve_root(root)
    files, missing = _locate(folder)
    if missing:
        failure = download_mnist(folder)
        files, missing = _locate(folder)
        if missing:
            raise MNISTNotFoundError(_not_found_message(folder, missing, failure))
    transform = transforms.Compose(
        [transforms.ToTensor(), transforms.Normalize((MNIST_MEAN,), (MNIST_STD,))]
    )
    return datasets.MNIST(
        str(_torchvision_root(files)), train=train, transform=transform, download=False
    )
