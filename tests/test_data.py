"""advcnn.data against the canonical MNIST files, read here independently with gzip and struct.

The expected label counts, pixel statistics and md5s come from the README next to the canonical
files, not from advcnn.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import urllib.request
from pathlib import Path

import numpy as np
import pytest
import torch
from torchvision.datasets import MNIST

from advcnn import data as advcnn_data
from advcnn import mnist_files
from advcnn.data import (
    SAMPLE_DIR,
    SAMPLE_FILES,
    CorruptMNISTError,
    MNISTData,
    MNISTNotFoundError,
    default_root,
    lecture_dataset,
    load_mnist,
    read_idx,
    sample_indices,
    unnormalise,
)
from advcnn.i18n import set_language

REPO = Path(__file__).resolve().parents[1]
NAMES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
DEVICES = ["cpu", *(["cuda"] if torch.cuda.is_available() else [])]


def raw_contents(path: Path) -> bytes:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as file:
        return file.read()


def raw_idx(path: Path) -> np.ndarray:
    """An IDX file as numpy, read without advcnn: header with struct, then the elements."""
    contents = raw_contents(path)
    zero, type_code, ndim = struct.unpack(">HBB", contents[:4])
    assert zero == 0
    shape = struct.unpack(f">{ndim}I", contents[4 : 4 + 4 * ndim])
    dtype = {0x08: np.dtype(np.uint8), 0x0C: np.dtype(">i4")}[type_code]
    return np.frombuffer(contents, dtype, offset=4 + 4 * ndim).reshape(shape)


def normalised(pixels: np.ndarray) -> torch.Tensor:
    """The lecture's ToTensor + Normalize, written out: N x 28 x 28 bytes to N x 1 x 28 x 28."""
    return (torch.from_numpy(pixels.astype(np.float32)).unsqueeze(1) / 255 - 0.1307) / 0.3081


@pytest.fixture(scope="module")
def readme(mnist_root: Path) -> str:
    path = mnist_root / "README.md"
    if not path.exists():
        pytest.skip(f"no README with the reference numbers in {mnist_root}")
    return path.read_text()


def readme_label_counts(readme: str, split: str) -> list[int]:
    return [int(count) for count in re.search(rf"{split}: ((?:\d+\s+){{9}}\d+)", readme)[1].split()]


def readme_md5(readme: str, name: str) -> str:
    return re.search(rf"\|\s*{name}\s*\|\s*\d+\s*\|\s*([0-9a-f]{{32}})\s*\|", readme)[1]


def build_root(root: Path, source: Path, *, compressed: bool = True) -> Path:
    """The four canonical files in ``root``: links to the gz files, or decompressed copies."""
    root.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        if compressed:
            (root / f"{name}.gz").symlink_to(source / f"{name}.gz")
        else:
            (root / name).write_bytes(raw_contents(source / f"{name}.gz"))
    return root


@pytest.fixture
def no_download(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: MNIST) -> None:
        raise AssertionError("torchvision was asked to download")

    monkeypatch.setattr(MNIST, "download", refuse)


# --- the full set ----------------------------------------------------------------------------


def test_full_set_shapes_and_dtypes(mnist_full: MNISTData) -> None:
    assert mnist_full.source == "full"
    assert mnist_full.train_images.shape == (60000, 1, 28, 28)
    assert mnist_full.test_images.shape == (10000, 1, 28, 28)
    assert mnist_full.train_images.dtype == mnist_full.test_images.dtype == torch.float32
    assert mnist_full.train_labels.shape == (60000,)
    assert mnist_full.test_labels.shape == (10000,)
    assert mnist_full.train_labels.dtype == mnist_full.test_labels.dtype == torch.int64
    assert (mnist_full.num_train, mnist_full.num_test) == (60000, 10000)


def test_full_set_label_counts_match_the_readme(mnist_full: MNISTData, readme: str) -> None:
    train = torch.bincount(mnist_full.train_labels, minlength=10).tolist()
    test = torch.bincount(mnist_full.test_labels, minlength=10).tolist()
    assert train == readme_label_counts(readme, "train")
    assert test == readme_label_counts(readme, "test")


def test_normalised_train_pixels_have_mean_0_and_std_1(mnist_full: MNISTData, readme: str) -> None:
    mean, std = map(
        float, re.search(r"mean/std \(0\.\.1\): (\d+\.\d+) / (\d+\.\d+)", readme).groups()
    )
    images = mnist_full.train_images
    assert abs(images.mean().item()) < 1e-3
    assert abs(images.std().item() - 1) < 1e-3
    # The README rounds to 4 decimals.
    pixels = mnist_full.unnormalise(images)
    assert pixels.mean().item() == pytest.approx(mean, abs=1e-4)
    assert pixels.std().item() == pytest.approx(std, abs=1e-4)


def test_pixels_and_labels_equal_an_independent_read(mnist_full: MNISTData, mnist_root: Path):
    for split, images, labels in (
        ("train", mnist_full.train_images, mnist_full.train_labels),
        ("t10k", mnist_full.test_images, mnist_full.test_labels),
    ):
        pixels = raw_idx(mnist_root / f"{split}-images-idx3-ubyte.gz")
        expected_labels = raw_idx(mnist_root / f"{split}-labels-idx1-ubyte.gz")
        for rows in (slice(0, 8), slice(-8, None)):
            torch.testing.assert_close(images[rows], normalised(pixels[rows]), rtol=0, atol=1e-6)
            back = (unnormalise(images[rows]) * 255).round().to(torch.uint8).squeeze(1)
            assert np.array_equal(back.numpy(), pixels[rows])
        assert np.array_equal(labels.numpy(), expected_labels)


def test_describe_names_the_folder_and_the_counts(mnist_full: MNISTData, mnist_root: Path):
    assert mnist_full.root == mnist_root.absolute()
    expected = f"MNIST: full set from {mnist_root.absolute()} (60,000 train / 10,000 test)"
    assert mnist_full.describe() == expected


def test_describe_speaks_the_language_in_use(mnist_full: MNISTData, mnist_root: Path):
    subset = load_mnist(source="sample", subset=500, test_subset=100, seed=3, verbose=False)
    set_language("zh")
    try:
        full, part = mnist_full.describe(), subset.describe()
    finally:
        set_language("en")
    assert (
        full
        == f"MNIST：来自 {mnist_root.absolute()} 的完整数据集（训练 60,000 张 / 测试 10,000 张）"
    )
    assert part == (
        "MNIST：随包附带的样本（训练 500 张 / 测试 100 张），从中随机取出的子集（种子 3），"
        "6,000 / 2,000 张"
    )


@pytest.mark.parametrize("layout", ["gz", "uncompressed", "MNIST/raw", "MNIST/raw gz"])
def test_files_are_found_in_every_layout(
    layout: str, tmp_path: Path, mnist_root: Path, mnist_full: MNISTData, no_download: None
) -> None:
    folder = (
        tmp_path / "data" / "MNIST" / "raw" if layout.startswith("MNIST") else tmp_path / "data"
    )
    build_root(folder, mnist_root, compressed=layout.endswith("gz"))
    data = load_mnist(tmp_path / "data", source="full", verbose=False)
    assert data.source == "full" and data.root == folder
    for field in ("train_images", "train_labels", "test_images", "test_labels"):
        assert torch.equal(getattr(data, field), getattr(mnist_full, field)), field


# --- damaged and missing files ---------------------------------------------------------------


def truncate(contents: bytes) -> bytes:
    return contents[:-100]


def flip_a_pixel(contents: bytes) -> bytes:
    position = len(contents) // 2
    return contents[:position] + bytes([contents[position] ^ 0xFF]) + contents[position + 1 :]


def wrong_magic(contents: bytes) -> bytes:
    return contents[:2] + b"\x09" + contents[3:]  # signed instead of unsigned bytes


@pytest.mark.parametrize(
    ("name", "damage", "compressed", "says"),
    [
        ("t10k-labels-idx1-ubyte", truncate, False, "truncated"),
        ("t10k-labels-idx1-ubyte", truncate, True, "gzip"),
        ("t10k-images-idx3-ubyte", flip_a_pixel, True, "md5"),
        ("t10k-images-idx3-ubyte", flip_a_pixel, False, "md5"),
        ("t10k-labels-idx1-ubyte", wrong_magic, True, "magic number is 0x00000901"),
    ],
)
@pytest.mark.parametrize("source", ["full", "auto"])
def test_damaged_file_raises_corrupt_error_naming_it(
    name, damage, compressed, says, source, tmp_path: Path, mnist_root: Path, readme: str
) -> None:
    root = tmp_path / "data"
    root.mkdir()
    for other in NAMES:
        if other != name:
            (root / f"{other}.gz").symlink_to(mnist_root / f"{other}.gz")
    damaged = damage(raw_contents(mnist_root / f"{name}.gz"))
    path = root / (f"{name}.gz" if compressed else name)
    if compressed and damage is truncate:  # a download cut short: the gzip stream itself ends early
        path.write_bytes(truncate((mnist_root / f"{name}.gz").read_bytes()))
    else:
        path.write_bytes(gzip.compress(damaged, compresslevel=1) if compressed else damaged)
    with pytest.raises(CorruptMNISTError) as error:
        load_mnist(root, source=source, download=False, verbose=False)
    message = str(error.value)
    assert isinstance(error.value, ValueError)
    assert str(path) in message and says in message
    assert "Delete" in message and "download it again" in message
    if says == "md5":
        assert readme_md5(readme, name) in message
        assert hashlib.md5(damaged).hexdigest() in message


def test_damaged_sample_says_to_reinstall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    shutil.copytree(SAMPLE_DIR, tmp_path / "sample")
    path = tmp_path / "sample" / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(flip_a_pixel(raw_contents(path)), compresslevel=1))
    monkeypatch.setattr(mnist_files, "SAMPLE_DIR", tmp_path / "sample")
    with pytest.raises(CorruptMNISTError, match="reinstall") as error:
        load_mnist(source="sample", verbose=False)
    assert str(path) in str(error.value)


def test_checked_contents_are_the_uncompressed_file(tmp_path: Path) -> None:
    name = "t10k-labels-idx1-ubyte"
    path = mnist_files.sample_path(name)
    assert path == SAMPLE_DIR / f"{name}.gz"
    contents = mnist_files.checked_contents(path, SAMPLE_FILES[name])
    assert contents == raw_contents(path)
    damaged = tmp_path / name
    damaged.write_bytes(flip_a_pixel(contents))
    with pytest.raises(CorruptMNISTError, match="md5"):
        mnist_files.checked_contents(damaged, SAMPLE_FILES[name])


def test_read_idx_refuses_a_file_that_is_not_idx(tmp_path: Path) -> None:
    path = tmp_path / "notes.gz"
    path.write_bytes(gzip.compress(b"these are not digits"))
    with pytest.raises(CorruptMNISTError, match="not an IDX file"):
        read_idx(path)
    path.write_bytes(b"not gzip either")
    with pytest.raises(CorruptMNISTError, match="gzip"):
        read_idx(path)


def test_missing_files_raise_not_found_naming_the_folder(tmp_path: Path, mnist_root: Path):
    root = tmp_path / "data"
    root.mkdir()
    with pytest.raises(MNISTNotFoundError) as error:
        load_mnist(root, source="full", download=False, verbose=False)
    message = str(error.value)
    assert isinstance(error.value, FileNotFoundError)
    assert str(root) in message and "ADVCNN_DATA" in message
    assert all(f"{name}.gz" in message for name in NAMES)
    # Three of four present: the message says which one is missing.
    for name in NAMES[:3]:
        (root / f"{name}.gz").symlink_to(mnist_root / f"{name}.gz")
    with pytest.raises(MNISTNotFoundError) as error:
        load_mnist(root, source="full", download=False, verbose=False)
    missing = str(error.value).split(" missing from ")[0]
    assert NAMES[3] in missing and not any(name in missing for name in NAMES[:3])


def test_failed_download_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def offline(self: MNIST) -> None:
        Path(self.raw_folder).mkdir(parents=True, exist_ok=True)
        (Path(self.raw_folder) / "train-images-idx3-ubyte.gz").write_bytes(b"half a file")
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz: no network")

    monkeypatch.setattr(MNIST, "download", offline)
    root = tmp_path / "data"
    with pytest.raises(MNISTNotFoundError, match="Downloading through torchvision failed.*network"):
        load_mnist(root, source="full", verbose=False)
    assert not (root / "MNIST" / "raw" / "train-images-idx3-ubyte.gz").exists()
    data = load_mnist(root, source="auto", verbose=False)
    assert data.source == "sample"


class FakeNetwork:
    """Stands in for ``urllib.request.urlopen``: serves files by name, can cut the line mid-file.

    torchvision's own download code runs unchanged over it (redirect check, streamed write, md5,
    extraction); ``interrupt_in`` names a file during whose transfer Ctrl-C is pressed.
    """

    def __init__(self, files: dict[str, bytes], interrupt_in: str | None = None) -> None:
        self.files, self.interrupt_in, self.sent = files, interrupt_in, []

    def __call__(self, request, *args, **kwargs):
        url = request.full_url if hasattr(request, "full_url") else request
        name = url.rsplit("/", 1)[-1]
        body = self.files[name]
        network = self

        class Response(io.BytesIO):
            def __init__(self) -> None:
                super().__init__(body)
                self.url, self.length = url, len(body)

            def read(self, size: int = -1) -> bytes:
                if name == network.interrupt_in and self.tell() >= len(body) // 2:
                    raise KeyboardInterrupt  # half the file is on disk
                chunk = super().read(size)
                network.sent.append((name, len(chunk)))
                return chunk

        return Response()


def staging_leftovers(root: Path) -> list[Path]:
    return [path for path in (root / "MNIST").glob(".*") if path.exists()]


def test_interrupted_download_leaves_nothing_to_be_read_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Two files arrive whole (any gzip will do: Ctrl-C comes before advcnn checks anything),
    # the third is cut in half by Ctrl-C.
    files = {f"{name}.gz": (SAMPLE_DIR / f"{name}.gz").read_bytes() for name in NAMES}
    network = FakeNetwork(files, interrupt_in=f"{NAMES[2]}.gz")
    monkeypatch.setattr(urllib.request, "urlopen", network)
    monkeypatch.setattr(MNIST, "resources", [(name, None) for name in files])
    root = tmp_path / "data"
    with pytest.raises(KeyboardInterrupt):
        load_mnist(root, source="full", verbose=False)
    received = {name: sum(size for sent, size in network.sent if sent == name) for name in files}
    assert received[f"{NAMES[1]}.gz"] == len(files[f"{NAMES[1]}.gz"])
    assert 0 < received[f"{NAMES[2]}.gz"] < len(files[f"{NAMES[2]}.gz"])
    assert not (root / "MNIST" / "raw").exists() and staging_leftovers(root) == []
    data = load_mnist(root, source="auto", download=False, verbose=False)
    assert data.source == "sample"  # nothing half-written was taken for the full set


def test_download_lands_in_torchvisions_layout_once_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mnist_root: Path, mnist_full: MNISTData
):
    files = {f"{name}.gz": (mnist_root / f"{name}.gz").read_bytes() for name in NAMES}
    network = FakeNetwork(files)
    monkeypatch.setattr(urllib.request, "urlopen", network)
    # The shared copies may be gzipped anew: advcnn checks the uncompressed md5s, not the gz's.
    monkeypatch.setattr(MNIST, "resources", [(name, None) for name in files])
    root = tmp_path / "data"
    data = load_mnist(root, source="full", verbose=False)
    assert data.source == "full" and data.root == root / "MNIST" / "raw"
    assert torch.equal(data.train_images, mnist_full.train_images)
    assert torch.equal(data.test_labels, mnist_full.test_labels)
    stored = sorted(path.name for path in (root / "MNIST" / "raw").iterdir())
    assert stored == sorted([*NAMES, *(f"{name}.gz" for name in NAMES)])
    assert staging_leftovers(root) == []


def test_a_download_that_fails_the_check_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def wrong_files(self: MNIST) -> None:  # complete files, but the sample's, not the full set's
        raw = Path(self.raw_folder)
        raw.mkdir(parents=True, exist_ok=True)
        for name in NAMES:
            (raw / name).write_bytes(raw_contents(SAMPLE_DIR / f"{name}.gz"))

    monkeypatch.setattr(MNIST, "download", wrong_files)
    monkeypatch.setattr(MNIST, "_load_data", lambda self: (None, None))
    root = tmp_path / "data"
    with pytest.raises(MNISTNotFoundError, match="failed: CorruptMNISTError: .*truncated"):
        load_mnist(root, source="full", verbose=False)
    assert not (root / "MNIST" / "raw").exists() and staging_leftovers(root) == []


def test_auto_falls_back_to_the_sample_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mnist_sample: MNISTData
) -> None:
    root = tmp_path / "empty"
    data = load_mnist(root, download=False)
    assert data.source == "sample" and data.root == SAMPLE_DIR
    note, line = capsys.readouterr().out.strip().splitlines()
    assert "bundled sample" in note and str(root) in note and "ADVCNN_DATA" in note
    assert line == data.describe() == "MNIST: bundled sample (6,000 train / 2,000 test)"
    assert torch.equal(data.train_images, mnist_sample.train_images)
    assert torch.equal(data.test_labels, mnist_sample.test_labels)


def test_default_root_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ADVCNN_DATA", str(tmp_path / "mine"))
    assert default_root() == tmp_path / "mine"
    data = load_mnist(download=False, verbose=False)
    assert data.source == "sample"
    monkeypatch.delenv("ADVCNN_DATA")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert default_root() == tmp_path / "cache" / "advcnn" / "mnist"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_root() == tmp_path / "home" / ".cache" / "advcnn" / "mnist"


def test_unknown_source_is_refused() -> None:
    with pytest.raises(ValueError, match="source"):
        load_mnist(source="fashion", verbose=False)


# --- the bundled sample ----------------------------------------------------------------------


def test_sample_is_the_canonical_digits_at_the_recorded_indices(
    mnist_root: Path, mnist_sample: MNISTData
) -> None:
    assert mnist_sample.source == "sample"
    train_indices, test_indices = sample_indices()
    for split, indices, per_class, images, labels in (
        ("train", train_indices, 600, mnist_sample.train_images, mnist_sample.train_labels),
        ("t10k", test_indices, 200, mnist_sample.test_images, mnist_sample.test_labels),
    ):
        indices = indices.numpy()
        assert np.all(np.diff(indices) > 0)  # distinct, in canonical order
        canonical_pixels = raw_idx(mnist_root / f"{split}-images-idx3-ubyte.gz")[indices]
        canonical_labels = raw_idx(mnist_root / f"{split}-labels-idx1-ubyte.gz")[indices]
        # The sample's own files, read without advcnn, and what load_mnist made of them.
        assert np.array_equal(
            raw_idx(SAMPLE_DIR / f"{split}-images-idx3-ubyte.gz"), canonical_pixels
        )
        assert np.array_equal(
            raw_idx(SAMPLE_DIR / f"{split}-labels-idx1-ubyte.gz"), canonical_labels
        )
        assert np.array_equal(labels.numpy(), canonical_labels)
        back = (mnist_sample.unnormalise(images) * 255).round().to(torch.uint8).squeeze(1)
        assert np.array_equal(back.numpy(), canonical_pixels)
        assert np.bincount(canonical_labels, minlength=10).tolist() == [per_class] * 10


def test_sample_files_are_small_reproducible_gzip() -> None:
    total = sum(path.stat().st_size for path in SAMPLE_DIR.glob("*.gz"))
    assert total < 2_000_000
    for name, spec in SAMPLE_FILES.items():
        path = SAMPLE_DIR / f"{name}.gz"
        header = path.read_bytes()[:10]
        assert header[4:8] == b"\0\0\0\0", f"{path.name}: gzip mtime is not 0"
        assert hashlib.md5(raw_contents(path)).hexdigest() == spec.md5


def test_make_sample_makes_the_same_sample_again(mnist_root: Path, tmp_path: Path) -> None:
    script = SAMPLE_DIR / "make_sample.py"
    if not script.exists():
        pytest.skip("make_sample.py is not installed with the package")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, str(script), str(mnist_root), "--out", str(tmp_path)]
    subprocess.run(command, check=True, env=env, capture_output=True, timeout=120)
    made = sorted(path.name for path in tmp_path.glob("*.gz"))
    assert made == sorted(path.name for path in SAMPLE_DIR.glob("*.gz"))
    for name in made:
        assert raw_contents(tmp_path / name) == raw_contents(SAMPLE_DIR / name), name


def test_data_also_exports_the_file_checks() -> None:
    # make_sample.py imports these from advcnn.data, and the sample's README names them there.
    moved = [name for name in advcnn_data.__all__ if name in mnist_files.__all__]
    assert sorted(moved) == sorted(
        ["CorruptMNISTError", "IdxSpec", "MNIST_FILES", "SAMPLE_DIR", "SAMPLE_FILES", "read_idx"]
    )
    assert all(getattr(advcnn_data, name) is getattr(mnist_files, name) for name in moved)


# --- subsets, devices ------------------------------------------------------------------------


def test_subset_is_reproducible_and_of_the_right_size(mnist_sample: MNISTData) -> None:
    first = load_mnist(source="sample", subset=500, test_subset=100, seed=3, verbose=False)
    again = load_mnist(source="sample", subset=500, test_subset=100, seed=3, verbose=False)
    other = load_mnist(source="sample", subset=500, test_subset=100, seed=4, verbose=False)
    assert (first.num_train, first.num_test) == (500, 100)
    assert first.train_images.shape == (500, 1, 28, 28)
    assert torch.equal(first.train_images, again.train_images)
    assert torch.equal(first.test_labels, again.test_labels)
    assert not torch.equal(first.train_images, other.train_images)
    # Every image of the subset is one of the sample's, with its label, and none twice.
    label_of = {
        image.numpy().tobytes(): label.item()
        for image, label in zip(mnist_sample.train_images, mnist_sample.train_labels, strict=True)
    }
    chosen = [image.numpy().tobytes() for image in first.train_images]
    assert len(set(chosen)) == 500
    assert [label_of[image] for image in chosen] == first.train_labels.tolist()
    assert "random subset (seed 3) of 6,000 / 2,000" in first.describe()
    # Only the test set subsetted: the training set stays whole.
    test_only = load_mnist(source="sample", test_subset=100, seed=3, verbose=False)
    assert torch.equal(test_only.train_images, mnist_sample.train_images)
    assert torch.equal(test_only.test_images, first.test_images)


@pytest.mark.parametrize(
    ("subset", "test_subset"), [(0, None), (-5, None), (6001, None), (2.5, None), (None, 2001)]
)
def test_subset_out_of_range_is_refused(subset, test_subset) -> None:
    with pytest.raises(ValueError, match="subset"):
        load_mnist(source="sample", subset=subset, test_subset=test_subset, verbose=False)


@pytest.mark.parametrize("device", DEVICES)
def test_to_moves_a_copy(device: str, mnist_sample: MNISTData) -> None:
    moved = mnist_sample.to(device)
    assert moved is not mnist_sample
    assert moved.train_images.device.type == device and moved.test_labels.device.type == device
    assert torch.equal(moved.train_images.cpu(), mnist_sample.train_images)
    assert torch.equal(moved.test_labels.cpu(), mnist_sample.test_labels)
    assert moved.describe() == mnist_sample.describe()
    assert mnist_sample.train_images.device.type == "cpu"


# --- the lecture's torchvision dataset -------------------------------------------------------


def check_same_images(data: MNISTData, train: bool, root: Path) -> MNIST:
    dataset = lecture_dataset(train, root)
    images, labels = (
        (data.train_images, data.train_labels) if train else (data.test_images, data.test_labels)
    )
    assert len(dataset) == len(labels)
    for index in (0, 1, 4321, len(labels) - 1):
        image, label = dataset[index]
        assert torch.equal(image, images[index]), index
        assert label == labels[index].item()
    return dataset


def test_lecture_dataset_from_gzipped_files_gives_the_same_images(
    mnist_root: Path,
    mnist_full: MNISTData,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_download: None,
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    dataset = check_same_images(mnist_full, True, mnist_root)
    assert Path(dataset.raw_folder).is_relative_to(tmp_path / "cache" / "advcnn")
    # A damaged copy in the cache is made again, not read.
    copy = Path(dataset.raw_folder) / "t10k-images-idx3-ubyte"
    copy.write_bytes(flip_a_pixel(copy.read_bytes()))
    check_same_images(mnist_full, False, mnist_root)


def test_lecture_dataset_reads_torchvision_layout_in_place(
    mnist_root: Path,
    mnist_full: MNISTData,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_download: None,
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    build_root(tmp_path / "data" / "MNIST" / "raw", mnist_root, compressed=False)
    dataset = check_same_images(mnist_full, False, tmp_path / "data")
    assert Path(dataset.root) == tmp_path / "data"
    assert not (tmp_path / "cache").exists()
