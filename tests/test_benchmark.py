"""benchmarks/train_speed.py on a few hundred real MNIST images: what it measures and writes."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from advcnn.models import SimpleCNN

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    path = REPO / "benchmarks" / "train_speed.py"
    spec = importlib.util.spec_from_file_location("train_speed", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_speed"] = module  # as an import would, for code that looks it up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def one_thread() -> Iterator[None]:
    """One CPU thread: on a busy machine two threads wait for each other at every operator."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def table_rows(text: str, first_cell: str) -> list[list[str]]:
    """The cells of every markdown table row whose first cell is ``first_cell``."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith(f"| {first_cell} |")
    ]


def test_lecture_loop_trains_the_model_on_the_batches_it_counts(
    bench: ModuleType, one_thread: None
) -> None:
    torch.manual_seed(0)
    images, labels = torch.randn(128, 1, 28, 28), torch.randint(0, 10, (128,))
    loader = DataLoader(TensorDataset(images, labels), batch_size=64, shuffle=True)
    model = SimpleCNN()  # any model will do, and this one is the quickest
    before = [parameter.detach().clone() for parameter in model.parameters()]
    measured = bench.lecture_loop(model, loader, torch.device("cpu"), steps=5, warmup=1)
    # 5 timed batches of 64 past the end of the 2-batch pass: the loader starts new passes.
    assert measured.images == 5 * 64
    assert measured.seconds > 0 and measured.per_second == measured.images / measured.seconds
    assert all(
        not torch.equal(old, new) for old, new in zip(before, model.parameters(), strict=True)
    )


def test_smoke_run_writes_the_measured_rows(
    bench: ModuleType,
    mnist_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADVCNN_DATA", str(mnist_root))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # lecture_dataset's layout
    output = tmp_path / "RESULTS.md"
    threads = torch.get_num_threads()
    options = (
        "--device cpu --models residual --seeds 2 --lecture-steps 6 --fit-steps 6 --rounds 2 "
        "--subset 512 --test-subset 256 --target 0.3 --max-epochs 1 --eval-every 4 "
        "--set batch_size=32"
    )
    throughput, runs = bench.main([*options.split(), "--output", str(output)])
    assert torch.get_num_threads() == threads  # the run may change it, but puts it back
    [result] = throughput
    assert result.model == "residual" and result.fast_batch == 32
    # Per round: 3 lecture batches of 64, and as many images for each fit.
    assert [m.images for m in result.lecture] == [192, 192]
    assert [m.images for m in result.fit] == [192, 192]
    assert [m.images for m in result.fit_fast] == [192, 192]
    assert [run.seed for run in runs] == [0, 1]
    for run in runs:
        assert run.train_seconds > 0 and run.setup_seconds >= 0
        assert run.best_accuracy is not None and 0 <= run.best_accuracy <= 1
        if run.seconds_to_target is not None:  # fit stops at the first evaluation on target
            assert run.best_accuracy >= 0.3 and run.seconds_to_target <= run.train_seconds
            assert run.steps_to_target == run.steps and run.steps in (4, 8, 12, 16)
        else:  # 512 images in batches of 32: one epoch is 16 steps
            assert run.best_accuracy < 0.3 and run.steps == 16

    text = output.read_text()
    assert text.startswith("# Training speed")
    key = "cpu+batch-size-32"  # a run with --set gets a section of its own
    assert text.count(f"<!-- train_speed:{key} -->") == 1 and f"<!-- /train_speed:{key} -->" in text
    assert "a random subset" in text and "smoke test" in text  # never mistaken for the benchmark
    [row] = table_rows(text, "ResidualNet")[:1]
    lecture = sum(m.images for m in result.lecture) / sum(m.seconds for m in result.lecture)
    fit = sum(m.images for m in result.fit) / sum(m.seconds for m in result.fit)
    assert row[1] == f"{lecture:,.0f}" and row[2] == f"{fit:,.0f}"
    assert row[3].startswith(f"**{fit / lecture:.2f}×**")
    seed_rows = [row for row in table_rows(text, "ResidualNet") if row[1] in ("0", "1")]
    assert len(seed_rows) == 2
    for row, run in zip(seed_rows, runs, strict=True):
        assert (row[2] == "missed") == (run.seconds_to_target is None)
    assert f"{sum(r.seconds_to_target is not None for r in runs)}/2" in text


def throughput(bench: ModuleType, lecture: float, fit: float) -> object:
    result = bench.Throughput("inception", 256)
    result.lecture = [bench.Measurement(1000, 1000 / lecture)] * 2
    result.fit = [bench.Measurement(1000, 1000 / fit)] * 2
    result.fit_fast = [bench.Measurement(1000, 1000 / fit / 2)] * 2
    return result


def target_run(bench: ModuleType, seed: int, seconds: float | None, images: int = 60_000) -> object:
    return bench.TargetRun(
        model="inception",
        seed=seed,
        seconds_to_target=seconds,
        steps_to_target=None if seconds is None else 100,
        setup_seconds=0.5,
        train_seconds=seconds or 9.0,
        steps=100 if seconds else 700,
        final_accuracy=0.991 if seconds else 0.985,
        best_accuracy=0.991 if seconds else 0.987,
        images_to_target=None if seconds is None else images,
    )


def test_targets_are_judged_from_the_figures(bench: ModuleType) -> None:
    cpu, gpu = torch.device("cpu"), torch.device("cuda")
    measured = [throughput(bench, lecture=100.0, fit=160.0)]  # lecture's 10 epochs: 6,000 s
    runs = [target_run(bench, 0, 1500.0), target_run(bench, 1, 1900.0)]
    section = bench.format_section(
        device=cpu, hardware="x", setting={}, throughput=measured, runs=runs, target=0.99
    )
    assert "batch 64 1.60× (met)" in section and "batch 256 3.20× (met)" in section
    # 60,000 images at the fast batch's 320 img/s: 187.5 s, 32 times less than 6,000 s.
    assert "2/2 seeds, 1700 ± 283 s, 32.0× faster at the rounds' img/s (3.5× with" in section
    assert "(met)" in section.split("2/2 seeds")[1].splitlines()[0]
    assert "| InceptionNet | 2 | 2/2 | **1700 ± 283** |" in section
    assert "| 60,000 ± 0 | 99.10% ± 0.00% | 6000 | 3.5× | 32.0× |" in section
    # The like-for-like figure decides: 700,000 images at 320 img/s are 2.7 times less than
    # the lecture's 6,000 s, although the measured times alone would give 3.5 times.
    runs = [target_run(bench, 0, 1500.0, 700_000), target_run(bench, 1, 1900.0, 700_000)]
    section = bench.format_section(
        device=cpu, hardware="x", setting={}, throughput=measured, runs=runs, target=0.99
    )
    assert "2.7× faster at the rounds' img/s (3.5× with the measured times) (not met)" in section
    # The same figures on a GPU miss both targets: 30× and 2 s.
    section = bench.format_section(
        device=gpu, hardware="H", setting={}, throughput=measured, runs=runs, target=0.99
    )
    assert "batch 64 1.60× (not met)" in section and "1700 ± 283 s (not met)" in section
    # A seed that never reaches the target is a miss, whatever the others did.
    runs = [target_run(bench, 0, 1.0), target_run(bench, 1, None)]
    section = bench.format_section(
        device=gpu, hardware="H", setting={}, throughput=[], runs=runs, target=0.99
    )
    assert "1/2 seeds, 1.00 s (not met)" in section
    assert "| InceptionNet | 1 | missed | 700 |" in section


def test_each_device_keeps_its_own_section(bench: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"

    def section(device: str, hardware: str, marker: str) -> str:
        return bench.format_section(
            device=torch.device(device),
            hardware=hardware,
            setting={"Run": marker},
            throughput=[],
            runs=[],
            target=0.99,
        )

    bench.write_results(path, section("cpu", "Some CPU, 2 cores", "first cpu"))
    bench.write_results(path, section("cuda", "NVIDIA H100 80GB HBM3 (79 GiB)", "h100"))
    bench.write_results(path, section("cpu", "Some CPU, 2 cores", "second cpu"))
    text = path.read_text()
    assert "first cpu" not in text and "second cpu" in text and "h100" in text
    assert text.index("second cpu") < text.index("h100")  # replaced where it was
    assert "<!-- train_speed:cuda-nvidia-h100-80gb-hbm3 -->" in text
    bench.write_results(path, section("cpu", "Some CPU, 2 cores", "third cpu"), append=True)
    text = path.read_text()
    assert "second cpu" in text and text.index("third cpu") > text.index("h100")
    assert len(re.findall(r"^## ", text, re.MULTILINE)) == 3


def test_a_variant_gets_a_section_beside_the_default_run(bench: ModuleType, tmp_path) -> None:
    path = tmp_path / "RESULTS.md"
    for variant, marker in [("", "plain"), ("cuda_graph=True", "graph"), ("", "plain again")]:
        section = bench.format_section(
            device=torch.device("cuda"),
            hardware="NVIDIA H200 (140 GiB)",
            setting={"Run": marker},
            throughput=[],
            runs=[],
            target=0.99,
            variant=variant,
        )
        bench.write_results(path, section)
    text = path.read_text()
    assert "Run: plain\n" not in text and "plain again" in text and "Run: graph" in text
    assert "<!-- train_speed:cuda-nvidia-h200+cuda-graph-true -->" in text
    assert "## GPU: NVIDIA H200 (140 GiB), with `cuda_graph=True`" in text


def test_bad_options_stop_before_any_work(bench: ModuleType) -> None:
    with pytest.raises(TypeError, match="no_such_field"):
        bench.main(["--device", "cpu", "--set", "no_such_field=1", "--output", "/nonexistent"])
    with pytest.raises(SystemExit, match="alexnet"):
        bench.main(["--device", "cpu", "--models", "alexnet", "--output", "/nonexistent"])
