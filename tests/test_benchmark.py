"""benchmarks/train_speed.py on a few hundred real MNIST images: what it measures and writes."""

from __future__ import annotations

import importlib.util
import re
import statistics
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
        "--subset 512 --test-subset 256 --target 0.3 --crossing-every 4 "
        "--set batch_size=32 --set epochs=2"
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
        # The whole budget runs whatever the test accuracy does: 2 epochs of 512 / 32 steps.
        assert run.epochs == 2 and run.batch_size == 32 and run.steps == 32
        assert run.final_accuracy is not None and 0 <= run.final_accuracy <= 1
        assert 0 < run.train_seconds <= run.wall_seconds and run.setup_seconds >= 0
        if run.seconds_to_target is not None:  # the secondary column: the first crossing
            assert run.seconds_to_target <= run.train_seconds
            assert run.steps_to_target in range(4, 33, 4)

    text = output.read_text()
    assert text.startswith("# Training speed under a fixed budget\n\n## The protocol")
    key = "cpu+batch-size-32-epochs-2"  # a run with --set gets a section of its own
    assert text.count(f"<!-- train_speed:{key} -->") == 1 and f"<!-- /train_speed:{key} -->" in text
    assert "a random subset" in text and "smoke test" in text  # never mistaken for the benchmark
    assert "fewer than the protocol's 10 seeds" in text
    [row] = [row for row in table_rows(text, "ResidualNet") if "epoch(s)" in row[1]]
    finals = [run.final_accuracy for run in runs]
    assert row[1] == "2 epoch(s), batch 32, peak lr 0.2 (32 steps)" and row[2] == "2"
    mean, std = statistics.mean(finals), statistics.stdev(finals)
    assert row[3] == f"**{mean:.2%} ± {std:.2%}**" and row[4] == f"{min(finals):.2%}"
    lecture = sum(m.images for m in result.lecture) / sum(m.seconds for m in result.lecture)
    fit = sum(m.images for m in result.fit) / sum(m.seconds for m in result.fit)
    [speed] = [row for row in table_rows(text, "ResidualNet") if "×" in row[3]]
    assert speed[1] == f"{lecture:,.0f}" and speed[2] == f"{fit:,.0f}"
    assert speed[3].startswith(f"**{fit / lecture:.2f}×**")
    seed_rows = [row for row in table_rows(text, "ResidualNet") if row[1] in ("0", "1")]
    assert [row[2] for row in seed_rows] == [f"{accuracy:.2%}" for accuracy in finals]


def budget_run(
    bench: ModuleType, seed: int, accuracy: float | None, seconds: float, model: str = "inception"
) -> object:
    crossed = accuracy is not None and accuracy >= 0.99
    return bench.BudgetRun(
        model=model,
        seed=seed,
        epochs=2,
        batch_size=256,
        lr=0.2,
        steps=470,
        final_accuracy=accuracy,
        train_seconds=seconds,
        setup_seconds=0.5,
        wall_seconds=seconds + 2,
        seconds_to_target=seconds / 2 if crossed else None,
        steps_to_target=200 if crossed else None,
    )


def test_targets_are_judged_on_the_mean_of_the_fixed_budget(bench: ModuleType) -> None:
    cpu, gpu = torch.device("cpu"), torch.device("cuda")

    def section(device: torch.device, runs: list[object]) -> str:
        return bench.format_section(
            device=device, hardware="x", setting={}, throughput=[], runs=runs, target=0.99
        )

    # Ten seeds, mean 99.05 % although two are below 99 %, in 38 s: both CPU targets met.
    accuracies = [0.9890, 0.9894] + [0.9908] * 8
    runs = [budget_run(bench, seed, acc, 38.0) for seed, acc in enumerate(accuracies)]
    text = section(cpu, runs)
    assert "mean test accuracy ≥ 99.0% over 10 seeds: 99.05% ± " in text
    assert "(met); mean training time ≤ 40.0 s: 38.0 s (met)." in text
    assert "| InceptionNet | 2 epoch(s), batch 256, peak lr 0.2 (470 steps) | 10 |" in text
    assert "| 98.90% | 8/10 |" in text  # the lowest seed, and the seeds at or above the target
    # The same runs on a GPU miss its 0.5 s.
    assert "mean training time ≤ 0.50 s: 38.0 s (not met)" in section(gpu, runs)
    # A mean of 98.98 % misses, however fast.
    runs = [budget_run(bench, seed, 0.9898, 0.2, "residual") for seed in range(10)]
    text = section(gpu, runs)
    assert "98.98% ± 0.00% (not met); mean training time ≤ 0.25 s: 0.20 s (met)" in text
    # A diverged seed misses too, whatever the others reached.
    runs = [budget_run(bench, seed, 0.995, 0.2, "residual") for seed in range(9)]
    runs.append(budget_run(bench, 9, None, 0.2, "residual"))
    text = section(gpu, runs)
    assert "99.50% ± 0.00% (not met)" in text and "| 10 (1 diverged) |" in text
    # Fewer than 10 seeds are never a headline figure.
    assert "fewer than the protocol's 10 seeds, so not a headline figure" in section(cpu, runs[:3])


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
    assert len(re.findall(r"^## (CPU|GPU)", text, re.MULTILINE)) == 3


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
