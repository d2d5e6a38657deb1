"""How fast the lecture's networks train: its DataLoader loop against ``advcnn.train.fit``.

The networks are those of Szegedy et al., "Going Deeper with Convolutions" (GoogLeNet, CVPR 2015)
and He et al., "Deep Residual Learning for Image Recognition" (ResNet, CVPR 2016), as the lecture
writes them for MNIST. In one process, on one device, the script measures

(a) the lecture's loop: torchvision's MNIST through a ``DataLoader`` (batch 64, ``ToTensor`` +
    ``Normalize``, no worker processes), ``.to(device)``, forward, loss, ``zero_grad``,
    ``backward``, ``step`` and ``loss.item()`` after every step, SGD with lr 0.01 and momentum 0.5;
(b) ``fit`` with ``recipe("lecture")`` (the same batch and optimiser) on the same model class and
    as many images, and ``fit`` with the fast recipe's batch size;
(c) the headline: the fast recipe trained for a fixed budget chosen in advance, test accuracy read
    once at the end, over 10 seeds, with the training time and the setup (moving the data,
    compiling, warming up) apart; the time to the first evaluation at or above 99 % is kept as
    a secondary figure, which selects on the test set.

(a) and (b) run in interleaved rounds, so that a machine whose load changes slows both alike.
The figures go, as markdown, into one section per device of ``benchmarks/RESULTS.md``: the
measurements are in ``measure.py``, the markdown in ``report.py``, and this file is the command
line.

Run from the project's root: ``ADVCNN_DATA=<folder with MNIST> python benchmarks/train_speed.py``.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import os
import platform
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from advcnn.data import lecture_dataset, load_mnist
from advcnn.train import pick_device, recipe

# measure.py and report.py sit next to this file: run as a script, Python puts this folder first
# on the path; loaded from its path (as the tests load it), this line does.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import (
    BUDGETS,
    MODELS,
    BudgetRun,
    Measurement,
    Throughput,
    budget_run,
    lecture_loop,
    measure_throughput,
)
from report import format_percent, format_seconds, format_section, section_key, write_results

__all__ = [
    "BUDGETS",
    "MODELS",
    "BudgetRun",
    "Measurement",
    "Throughput",
    "budget_run",
    "format_section",
    "lecture_loop",
    "main",
    "measure_throughput",
    "section_key",
    "write_results",
]

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "RESULTS.md"


def _say(text: str) -> None:
    print(text, flush=True)


# --- how the run was made: the machine, its load, the memory format ---------------------------


def _memory_format(device: torch.device, overrides: dict[str, Any]) -> str:
    config = recipe("fast", **overrides)
    chosen, nhwc = config.channels_last, config.wants_channels_last(device)
    how = f"`channels_last={chosen}`" + (", which picks it on a CPU" if chosen is None else "")
    used = "channels-last (NHWC)" if nhwc else "contiguous (NCHW)"
    return f"`fit`: {used}, {how}; the lecture loop: NCHW, as its DataLoader gives it"


def _hardware(device: torch.device) -> str:
    if device.type == "cuda":
        properties = torch.cuda.get_device_properties(device)
        return f"{properties.name} ({properties.total_memory / 2**30:.0f} GiB)"
    name = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        name = found.group(1).strip() if found else name
    return f"{name}, {_usable_cores()} cores"


def _usable_cores() -> int:
    """The cores this process may run on (all of the machine's where the system cannot say)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _load_average() -> float | None:
    """The 1-minute load average, where the system keeps one (not on Windows)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def _load() -> str:
    load = _load_average()
    return "n/a" if load is None else f"{load:.1f}"


def _uptime_loads() -> str:
    """The 1-, 5- and 15-minute load averages, as ``uptime`` prints them."""
    if not hasattr(os, "getloadavg"):
        return "n/a"
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


# --- the command line ------------------------------------------------------------------------


def _override(text: str) -> tuple[str, Any]:
    key, equals, value = text.partition("=")
    if not equals:
        raise argparse.ArgumentTypeError(f"--set takes KEY=VALUE, got {text!r}")
    try:
        return key.strip(), ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return key.strip(), value  # a plain word, e.g. schedule=constant


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--device", choices=("cpu", "cuda", "mps"), help="default: the best present")
    add("--models", default="inception,residual", help="comma-separated: inception,residual")
    add("--seeds", type=int, default=10, help="seeds of (c); the protocol's 10 by default")
    add("--lecture-steps", type=int, help="timed batches of 64 per method in (a)/(b); 0 skips")
    add("--fit-steps", type=int, help="the same for fit; default: 2700 on CUDA, else as (a)")
    add("--rounds", type=int, help="interleaved rounds (a)/(b) are split into")
    add("--target", type=float, default=0.99, help="test accuracy the budget claims in (c)")
    add(
        "--crossing-every",
        type=int,
        help="steps between the extra test-set evaluations of the secondary time-to-first-"
        "crossing column (0: none; default 20 on CUDA, 59 on a CPU)",
    )
    add("--threads", type=int, help="CPU threads; default 1 when the machine is overloaded")
    add(
        "--set",
        type=_override,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="fast-recipe field for (b) and (c), e.g. compile=True or epochs=3; it replaces "
        "the budget's own (repeatable)",
    )
    add("--subset", type=int, help="train on this many images only (smoke tests)")
    add("--test-subset", type=int, help="evaluate on this many test images only (smoke tests)")
    add("--output", type=Path, default=DEFAULT_OUTPUT, help="markdown file to write")
    add("--append", action="store_true", help="add a section instead of replacing this device's")
    return parser


def main(argv: Sequence[str] | None = None) -> tuple[list[Throughput], list[BudgetRun]]:
    """Run the benchmark as the command line says; print and write the results."""
    args = _parser().parse_args(argv)
    device = pick_device(args.device)
    gpu = device.type == "cuda"
    models = [name.strip() for name in args.models.split(",") if name.strip()]
    unknown = sorted(set(models) - set(MODELS))
    if unknown:
        raise SystemExit(f"unknown model(s) {', '.join(unknown)}; choose from {', '.join(MODELS)}")
    overrides = dict(args.set)
    recipe("fast", **overrides)  # an unknown field or a bad value stops here, before any work
    if overrides.get("cuda_graph") and not gpu:
        raise SystemExit(f"--set cuda_graph=True needs --device cuda; this run is on {device}")
    seeds = args.seeds
    if seeds < 1:
        raise SystemExit(f"--seeds must be at least 1, got {seeds}")
    lecture_steps = args.lecture_steps if args.lecture_steps is not None else (300 if gpu else 200)
    # On a GPU fit runs tens of times faster than the lecture loop: more images keep its rounds
    # long enough to time (2,700 batches of 64 is 57,600 images, almost an epoch, per 3 rounds).
    fit_steps = args.fit_steps if args.fit_steps is not None else (2700 if gpu else lecture_steps)
    rounds = args.rounds or (3 if gpu else 4)
    crossing_every = args.crossing_every if args.crossing_every is not None else (20 if gpu else 59)

    threads_before, load_before, uptime_before = torch.get_num_threads(), _load(), _uptime_loads()
    cores = _usable_cores()
    threads = args.threads
    load = _load_average()
    if threads is None and device.type == "cpu" and load is not None and load >= cores:
        # Oversubscribed cores: OpenMP threads that wait for each other at every operator then
        # spin, and two threads measured up to 8 times slower than one on a busy 2-core machine.
        threads = 1
    if threads is not None:
        torch.set_num_threads(threads)
    hardware = _hardware(device)
    _say(f"train_speed: {hardware}, torch {torch.__version__}, {torch.get_num_threads()} threads")
    try:
        data = load_mnist(source="full", subset=args.subset, test_subset=args.test_subset)
        throughput: list[Throughput] = []
        if lecture_steps > 0:
            lecture_set = lecture_dataset(train=True)
            _say(f"(a)/(b) images per second, {lecture_steps} batches of 64 in {rounds} rounds")
            for model in models:
                throughput.append(
                    measure_throughput(
                        model,
                        data,
                        lecture_set,
                        device,
                        lecture_steps=lecture_steps,
                        fit_steps=fit_steps,
                        rounds=rounds,
                        overrides=overrides,
                    )
                )
        load_rounds = _load()
        runs: list[BudgetRun] = []
        for model in models:
            for seed in range(seeds):
                run = budget_run(
                    model,
                    data,
                    device,
                    seed,
                    target=args.target,
                    crossing_every=crossing_every,
                    overrides=overrides,
                )
                runs.append(run)
                crossing = run.seconds_to_target
                _say(
                    f"(c) {model} seed {seed}: {format_percent(run.final_accuracy)} after "
                    f"{run.steps} steps, {format_seconds(run.train_seconds)} s training, setup "
                    f"{format_seconds(run.setup_seconds)} s; first {args.target:.1%} "
                    + ("never" if crossing is None else f"at {format_seconds(crossing)} s")
                    + f" {run.note}"
                )
    finally:
        torch.set_num_threads(threads_before)
    command = ["python", "benchmarks/train_speed.py", *(sys.argv[1:] if argv is None else argv)]
    data_env = os.environ.get("ADVCNN_DATA")
    shown = shlex.join(command) if not data_env else f"ADVCNN_DATA={data_env} {shlex.join(command)}"
    used = torch.get_num_threads() if threads is None else threads
    setting = {
        "Date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "Software": f"torch {torch.__version__}, Python {platform.python_version()}",
        "Device": f"`{device}`"
        + (f", {used} CPU thread(s) of {cores}" if device.type == "cpu" else ""),
        "Load average (1 min) at start / after (a)-(b) / end": (
            f"{load_before} / {load_rounds} / {_load()}"
        ),
        "Load averages (1, 5, 15 min, as `uptime` prints them) at start / end": (
            f"{uptime_before} / {_uptime_loads()}"
        ),
        "Command": f"`{shown}`",
        "Data": data.describe(),
        "Memory format": _memory_format(device, overrides),
        "Budgets in (c)": "; ".join(
            f"{MODELS[model].__name__}: the fast recipe with { ({**BUDGETS[model], **overrides}) }"
            for model in models
        )
        + f", seeds 0 to {seeds - 1}",
        "Secondary column": f"test set also evaluated every {crossing_every} steps"
        if crossing_every
        else "no extra evaluations",
    }
    notes = []
    if device.type == "cpu" and args.threads is None and threads == 1:
        notes.append(
            "The load average was at or above the number of cores, so the run used one thread "
            "(`--threads` sets it): on an oversubscribed CPU, two threads ran several times "
            "slower than one."
        )
    if data.source != "full" or data.subset_of is not None:
        notes.append("A subset of MNIST: these figures are a smoke test, not the benchmark.")
    section = format_section(
        device=device,
        hardware=hardware,
        setting=setting,
        throughput=throughput,
        runs=runs,
        target=args.target,
        notes=notes,
        variant=", ".join(f"{key}={value}" for key, value in overrides.items()),
    )
    _say("\n" + section)
    write_results(args.output, section, append=args.append)
    _say(f"written to {args.output}")
    return throughput, runs


if __name__ == "__main__":
    main()
