"""How fast the lecture's networks train: its DataLoader loop against ``advcnn.train.fit``.

The networks are those of Szegedy et al., "Going Deeper with Convolutions" (GoogLeNet, CVPR 2015)
and He et al., "Deep Residual Learning for Image Recognition" (ResNet, CVPR 2016), as the lecture
writes them for MNIST. In one process, on one device, the script measures

(a) the lecture's loop: torchvision's MNIST through a ``DataLoader`` (batch 64, ``ToTensor`` +
    ``Normalize``, no worker processes), ``.to(device)``, forward, loss, ``zero_grad``,
    ``backward``, ``step`` and ``loss.item()`` after every step, SGD with lr 0.01 and momentum 0.5;
(b) ``fit`` with ``recipe("lecture")`` (the same batch and optimiser) on the same model class and
    as many images, and ``fit`` with the fast recipe's batch size;
(c) the training time the fast recipe takes to reach the target test accuracy, over several seeds,
    with the setup (moving the data, compiling, warming up) counted apart.

(a) and (b) run in interleaved rounds, so that a machine whose load changes slows both alike.
The figures go, as markdown, into one section per device of ``benchmarks/RESULTS.md``.

Run from the project's root: ``ADVCNN_DATA=<folder with MNIST> python benchmarks/train_speed.py``.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import datetime
import os
import platform
import re
import shlex
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

from advcnn.data import MNISTData, lecture_dataset, load_mnist
from advcnn.models import InceptionNet, ResidualNet
from advcnn.train import RECIPES, TrainingDivergedError, fit, pick_device, recipe

__all__ = [
    "MODELS",
    "Measurement",
    "TargetRun",
    "Throughput",
    "format_section",
    "lecture_loop",
    "main",
    "measure_throughput",
    "section_key",
    "time_to_target",
    "write_results",
]

MODELS: dict[str, Callable[[], nn.Module]] = {"inception": InceptionNet, "residual": ResidualNet}
LECTURE_BATCH = 64
LECTURE_EPOCH_IMAGES = 60_000
LECTURE_EPOCHS = 10
# Settings that change how fast fit runs, not what it computes: they apply to every fit call.
SPEED_FIELDS = ("compile", "channels_last", "bf16")
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = """# Training speed: the lecture's loop against `advcnn.train.fit`

Written by `benchmarks/train_speed.py` (see [README.md](README.md)). One section per device; a run
replaces its own device's section and keeps the others (`--append` adds a section instead).
"""


@dataclass
class Measurement:
    """Images trained on and the training-loop seconds they took."""

    images: int
    seconds: float

    @property
    def per_second(self) -> float:
        """Images per second."""
        return self.images / max(self.seconds, 1e-12)


def _total(measurements: Sequence[Measurement]) -> Measurement:
    return Measurement(sum(m.images for m in measurements), sum(m.seconds for m in measurements))


@dataclass
class Throughput:
    """Interleaved rounds of the lecture loop, fit at batch 64 and fit at the fast batch size."""

    model: str
    fast_batch: int
    lecture: list[Measurement] = field(default_factory=list)
    fit: list[Measurement] = field(default_factory=list)
    fit_fast: list[Measurement] = field(default_factory=list)

    def ratio(self, method: str) -> tuple[float, float, float]:
        """Images per second of ``method`` ("fit" or "fit_fast") over the lecture loop's: over
        all rounds together, then the lowest and highest ratio of a single round."""
        mine = getattr(self, method)
        pairs = zip(mine, self.lecture, strict=True)
        rounds = [ours.per_second / theirs.per_second for ours, theirs in pairs]
        total = _total(mine).per_second / _total(self.lecture).per_second
        return total, min(rounds), max(rounds)


@dataclass
class TargetRun:
    """One seed of the fast recipe, trained until the target test accuracy or the last epoch."""

    model: str
    seed: int
    seconds_to_target: float | None  # training-loop seconds; None: never reached
    steps_to_target: int | None
    setup_seconds: float
    train_seconds: float
    steps: int
    final_accuracy: float | None
    best_accuracy: float | None
    images_to_target: int | None = None  # training images seen up to that evaluation
    note: str = ""


def _synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


def _say(text: str) -> None:
    print(text, flush=True)


def _cycle(loader: DataLoader) -> Any:
    while True:  # a new pass (and shuffle) whenever one ends, as the lecture's epoch loop does
        yield from loader


def lecture_loop(
    model: nn.Module, loader: DataLoader, device: torch.device, *, steps: int, warmup: int = 5
) -> Measurement:
    """Train ``model`` the lecture's way for ``warmup`` untimed steps, then ``steps`` timed ones."""
    model.to(device).train()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    batches = _cycle(loader)
    running_loss = 0.0

    def train_one_batch() -> int:
        nonlocal running_loss
        inputs, target = next(batches)
        inputs, target = inputs.to(device), target.to(device)
        optimizer.zero_grad()
        outputs = model(inputs)
        loss = criterion(outputs, target)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()  # the lecture reads the loss back after every step
        return len(target)

    for _ in range(warmup):
        train_one_batch()
    _synchronize(device)
    started = time.perf_counter()
    images = sum(train_one_batch() for _ in range(steps))
    _synchronize(device)
    return Measurement(images, time.perf_counter() - started)


def _fit_measurement(model: nn.Module, data: MNISTData, config: Any) -> Measurement:
    history = fit(model, data, config)
    record = history.records[-1]  # one epoch over the round's images
    return Measurement(round(record.images_per_second * record.seconds), record.seconds)


def _memory_format(device: torch.device, overrides: dict[str, Any]) -> str:
    chosen = overrides.get("channels_last", RECIPES["fast"].channels_last)
    nhwc = device.type == "cpu" if chosen is None else chosen
    how = f"`channels_last={chosen}`" + (", which picks it on a CPU" if chosen is None else "")
    used = "channels-last (NHWC)" if nhwc else "contiguous (NCHW)"
    return f"`fit`: {used}, {how}; the lecture loop: NCHW, as its DataLoader gives it"


def _round_data(data: MNISTData, images: int, seed: int) -> MNISTData:
    chosen = torch.randperm(data.num_train, generator=torch.Generator().manual_seed(seed))[:images]
    chosen = chosen.to(data.train_labels.device)
    # fit measures test accuracy after its epoch; that is not timed, and 1,000 images suffice.
    return dataclasses.replace(
        data,
        train_images=data.train_images[chosen],
        train_labels=data.train_labels[chosen],
        test_images=data.test_images[:1000],
        test_labels=data.test_labels[:1000],
    )


def _fresh(model: str, seed: int = 0) -> nn.Module:
    torch.manual_seed(seed)
    return MODELS[model]()


def measure_throughput(
    model: str,
    data: MNISTData,
    lecture_set: Dataset,
    device: torch.device,
    *,
    lecture_steps: int,
    fit_steps: int,
    rounds: int,
    warmup: int = 5,
    overrides: dict[str, Any] | None = None,
) -> Throughput:
    """(a) and (b), in ``rounds`` rounds: ``lecture_steps // rounds`` batches of 64 through the
    lecture loop, then ``fit_steps // rounds`` batches' worth of images through ``fit``, at batch
    64 and at the fast recipe's batch size.

    Each round trains fresh, identically initialised models; the methods' order alternates from
    round to round so that a drift in the machine's speed does not favour one of them.
    """
    overrides = overrides or {}
    speed = {key: value for key, value in overrides.items() if key in SPEED_FIELDS}
    fast_overrides = {"device": str(device), "progress": False, "epochs": 1, **overrides}
    result = Throughput(model, recipe("fast", **fast_overrides).batch_size)
    lecture_per_round = max(lecture_steps // rounds, 1)
    fit_images = max(fit_steps // rounds, 1) * LECTURE_BATCH
    data = data.to(device)  # once, so that no round pays for the copy
    methods = ("lecture", "fit", "fit_fast")
    for number in range(rounds):
        subset = _round_data(data, fit_images, number)
        torch.manual_seed(number)  # the DataLoader's shuffle draws from the global generator
        loader = DataLoader(lecture_set, batch_size=LECTURE_BATCH, shuffle=True, num_workers=0)
        configs = {
            "fit": recipe("lecture", epochs=1, device=str(device), progress=False, **speed),
            "fit_fast": recipe("fast", **{**fast_overrides, "seed": number}),
        }
        for method in methods if number % 2 == 0 else reversed(methods):
            if method == "lecture":
                measured = lecture_loop(
                    _fresh(model), loader, device, steps=lecture_per_round, warmup=warmup
                )
            else:
                measured = _fit_measurement(_fresh(model), subset, configs[method])
            getattr(result, method).append(measured)
        last = {method: getattr(result, method)[-1].per_second for method in methods}
        _say(
            f"  {model} round {number + 1}/{rounds}: lecture loop {last['lecture']:,.0f} img/s, "
            f"fit b{LECTURE_BATCH} {last['fit']:,.0f} img/s, "
            f"fit b{result.fast_batch} {last['fit_fast']:,.0f} img/s"
        )
    return result


def time_to_target(
    model: str,
    data: MNISTData,
    device: torch.device,
    seed: int,
    *,
    target: float,
    max_epochs: int,
    eval_every: int,
    overrides: dict[str, Any] | None = None,
) -> TargetRun:
    """(c): a fresh model seeded with ``seed``, trained by the fast recipe until ``target``."""
    network = _fresh(model, seed)
    config = recipe(
        "fast",
        **{
            "seed": seed,
            "target_accuracy": target,
            "eval_every_steps": eval_every,
            "epochs": max_epochs,
            "progress": False,
            "device": str(device),
            **(overrides or {}),
        },
    )
    note = ""
    try:
        history = fit(network, data, config)
        steps = history.evaluations[-1][0] if history.evaluations else 0
    except TrainingDivergedError as error:
        history, steps, note = error.history, error.step, f"diverged at step {error.step}"
    reached = next(((step, acc) for step, _, acc in history.evaluations if acc >= target), None)
    images = None
    if reached is not None:  # full epochs, then full batches: only an epoch's last is smaller
        epochs, rest = divmod(reached[0], history.steps_per_epoch)
        images = epochs * data.num_train + min(rest * config.batch_size, data.num_train)
    last_accuracy = history.evaluations[-1][2] if history.evaluations else None
    return TargetRun(
        model=model,
        seed=seed,
        seconds_to_target=history.time_to_accuracy(target),
        steps_to_target=None if reached is None else reached[0],
        setup_seconds=history.setup_seconds,
        train_seconds=sum(record.seconds for record in history.records),
        steps=steps,
        final_accuracy=last_accuracy,
        best_accuracy=history.best_test_accuracy,
        images_to_target=images,
        note=note,
    )


# --- the report ------------------------------------------------------------------------------


def _seconds(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _mean_std(values: Sequence[float], show: Callable[[float], str] = _seconds) -> str:
    if not values:
        return "—"
    if len(values) == 1:
        return show(values[0])
    return f"{show(statistics.mean(values))} ± {show(statistics.stdev(values))}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.2%}"


def _hardware(device: torch.device) -> str:
    if device.type == "cuda":
        properties = torch.cuda.get_device_properties(device)
        return f"{properties.name} ({properties.total_memory / 2**30:.0f} GiB)"
    name = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        name = found.group(1).strip() if found else name
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{name}, {usable} cores"


def _load_average() -> float | None:
    """The 1-minute load average, where the system keeps one (not on Windows)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def _load() -> str:
    load = _load_average()
    return "n/a" if load is None else f"{load:.1f}"


def _throughput_table(results: Sequence[Throughput]) -> list[str]:
    fast = sorted({result.fast_batch for result in results})
    lines = [
        "| model | lecture loop, batch 64 (img/s) | fit, lecture recipe, batch 64 (img/s) "
        f"| ratio | fit, fast recipe, batch {'/'.join(map(str, fast))} (img/s) | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        cells = [MODELS[result.model].__name__, f"{_total(result.lecture).per_second:,.0f}"]
        for method in ("fit", "fit_fast"):
            total, low, high = result.ratio(method)
            cells += [
                f"{_total(getattr(result, method)).per_second:,.0f}",
                f"**{total:.2f}×** ({low:.2f}–{high:.2f})",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _lecture_time(results: Sequence[Throughput], model: str) -> float | None:
    found = [result for result in results if result.model == model]
    if not found:
        return None
    return LECTURE_EPOCHS * LECTURE_EPOCH_IMAGES / _total(found[0].lecture).per_second


def _speedups(
    runs: Sequence[TargetRun], throughput: Sequence[Throughput]
) -> tuple[float, float] | None:
    """The lecture's 10 epochs over the fast recipe's time to target, for the seeds that reached
    it: with (c)'s measured times, and with both at the images per second of the interleaved
    rounds, which a change in the machine's load between (a)/(b) and (c) does not skew."""
    hits = [run for run in runs if run.seconds_to_target is not None and run.images_to_target]
    found = [result for result in throughput if runs and result.model == runs[0].model]
    lecture = _lecture_time(throughput, runs[0].model) if runs else None
    if not hits or not found or lecture is None:
        return None
    measured = lecture / statistics.mean(run.seconds_to_target or 0.0 for run in hits)
    images = statistics.mean(run.images_to_target or 0 for run in hits)
    return measured, lecture / (images / _total(found[0].fit_fast).per_second)


def _target_tables(
    runs: Sequence[TargetRun], throughput: Sequence[Throughput], target: float
) -> list[str]:
    lines = [
        f"| model | seeds | reached {target:.1%} | time to {target:.1%} (s) | setup (s) "
        f"| steps to {target:.1%} | images to {target:.1%} | final test accuracy "
        "| lecture's 10 epochs (s, estimate) | lecture ÷ fast, measured times "
        "| lecture ÷ fast, at the rounds' img/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for model in dict.fromkeys(run.model for run in runs):
        mine = [run for run in runs if run.model == model]
        hits = [run for run in mine if run.seconds_to_target is not None]
        times = [run.seconds_to_target for run in hits if run.seconds_to_target is not None]
        lecture = _lecture_time(throughput, model)
        speedups = _speedups(mine, throughput)
        partial = " (reached runs only)" if len(hits) < len(mine) else ""
        shown = ["—", "—"] if speedups is None else [f"{x:.1f}×{partial}" for x in speedups]
        lines.append(
            "| "
            + " | ".join(
                [
                    MODELS[model].__name__,
                    str(len(mine)),
                    f"{len(hits)}/{len(mine)}",
                    f"**{_mean_std(times)}**" if len(hits) == len(mine) else _mean_std(times),
                    _mean_std([run.setup_seconds for run in mine]),
                    _mean_std([float(r.steps_to_target or 0) for r in hits], lambda v: f"{v:.0f}"),
                    _mean_std(
                        [float(r.images_to_target or 0) for r in hits], lambda v: f"{v:,.0f}"
                    ),
                    _mean_std(
                        [run.final_accuracy for run in mine if run.final_accuracy is not None],
                        lambda v: f"{v:.2%}",
                    ),
                    "—" if lecture is None else _seconds(lecture),
                    *shown,
                ]
            )
            + " |"
        )
    lines += [
        "",
        "Each seed:",
        "",
        f"| model | seed | time to {target:.1%} (s) | steps to target, or run if missed "
        "| setup (s) | training (s) "
        "| final test accuracy | best | note |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for run in runs:
        missed = run.seconds_to_target is None
        lines.append(
            f"| {MODELS[run.model].__name__} | {run.seed} "
            f"| {'missed' if missed else _seconds(run.seconds_to_target or 0.0)} "
            f"| {run.steps_to_target if not missed else run.steps} | {_seconds(run.setup_seconds)} "
            f"| {_seconds(run.train_seconds)} | {_percent(run.final_accuracy)} "
            f"| {_percent(run.best_accuracy)} | {run.note} |"
        )
    return lines


def _verdicts(
    device: torch.device,
    throughput: Sequence[Throughput],
    runs: Sequence[TargetRun],
    target: float,
) -> list[str]:
    gpu = device.type == "cuda"
    needed = 30.0 if gpu else 1.5
    lines = []
    speedups: tuple[float, float] | None = None
    for result in throughput:
        name = MODELS[result.model].__name__
        at_64, at_fast = result.ratio("fit")[0], result.ratio("fit_fast")[0]
        lines.append(
            f"- {name}: fit ≥ {needed:g}× the lecture loop's images per second: batch 64 "
            f"{at_64:.2f}× ({'met' if at_64 >= needed else 'not met'}); fast recipe's batch "
            f"{result.fast_batch} {at_fast:.2f}× ({'met' if at_fast >= needed else 'not met'})."
        )
    for model in dict.fromkeys(run.model for run in runs):
        mine = [run for run in runs if run.model == model]
        times = [run.seconds_to_target for run in mine if run.seconds_to_target is not None]
        name, every = MODELS[model].__name__, len(times) == len(mine)
        if gpu:
            ok = every and statistics.mean(times) <= 2.0
            rule = f"{target:.1%} in every seed, mean training time ≤ 2 s"
        else:
            # Judged at the rounds' throughputs where there are some: the load of a shared
            # machine may change between (a)/(b) and (c), and with it the measured times.
            speedups = _speedups(mine, throughput)
            ok = every and speedups is not None and speedups[1] >= 3
            rule = f"{target:.1%} in every seed, in ≤ 1/3 of the lecture's 10 epochs"
        shown = f"{_mean_std(times)} s" if times else "never reached"
        if not gpu and times and speedups is not None:
            shown += (
                f", {speedups[1]:.1f}× faster at the rounds' img/s "
                f"({speedups[0]:.1f}× with the measured times)"
            )
        reached = f"{len(times)}/{len(mine)} seeds"
        lines.append(f"- {name}: {rule}: {reached}, {shown} ({'met' if ok else 'not met'}).")
    return lines


def format_section(
    *,
    device: torch.device,
    hardware: str,
    setting: dict[str, str],
    throughput: Sequence[Throughput],
    runs: Sequence[TargetRun],
    target: float,
    notes: Sequence[str] = (),
) -> str:
    """One device's markdown section: how it was run, the tables, and the targets met or not."""
    kind = "GPU" if device.type == "cuda" else device.type.upper()
    lines = [f"<!-- train_speed:{section_key(device, hardware)} -->", f"## {kind}: {hardware}", ""]
    lines += [f"- {key}: {value}" for key, value in setting.items()]
    if throughput:
        lines += [
            "",
            "### Images per second in the training loop",
            "",
            *_throughput_table(throughput),
            "",
            "Same model class and device for all three. The lecture loop and `fit` with "
            '`recipe("lecture")` both train with batch 64 and SGD (lr 0.01, momentum 0.5); '
            "the last column is `fit` with the fast recipe (its batch size, one-cycle schedule, "
            "Nesterov momentum, gradient clipping). Ratio: over all rounds together, with the "
            "lowest and highest single round in brackets. `fit`'s figure is its "
            "`EpochRecord.images_per_second` (evaluation and setup excluded); the lecture loop "
            "is timed after warm-up steps, and its DataLoader work is part of its loop.",
        ]
    if runs:
        lines += [
            "",
            f"### Time to {target:.1%} test accuracy with the fast recipe",
            "",
            *_target_tables(runs, throughput, target),
            "",
            f"Time to {target:.1%}: `History.time_to_accuracy`, the training-loop seconds "
            "(evaluations excluded) up to the first evaluation of the full test set at or above "
            "the target; evaluations come every `eval_every_steps` steps and at each epoch's "
            "end, so the time is rounded up to the next evaluation. A seed that never reaches "
            "the target counts as missed, and the mean is then over the seeds that did. Setup: "
            "`History.setup_seconds` (moving the data to the device, compiling, warm-up "
            "passes), not part of the training time. The lecture's 10 epochs are an estimate: "
            "600,000 images at the lecture loop's measured images per second. The last column "
            "puts both sides on the same footing: the images the fast recipe needed, at the "
            "images per second `fit` reached with its batch in the same rounds as the lecture "
            "loop; the column before it divides by (c)'s measured times, which a change in "
            "the machine's load after the rounds moves.",
        ]
    lines += ["", "### Targets", "", *_verdicts(device, throughput, runs, target)]
    lines += [f"- {note}" for note in notes]
    lines.append(f"<!-- /train_speed:{section_key(device, hardware)} -->")
    return "\n".join(lines) + "\n"


def section_key(device: torch.device, hardware: str) -> str:
    """The marker that tells one device's section from another's: ``cpu`` or the GPU's name."""
    if device.type != "cuda":
        return device.type
    return "cuda-" + re.sub(r"[^a-z0-9]+", "-", hardware.split(" (")[0].lower()).strip("-")


def write_results(path: Path, section: str, *, append: bool = False) -> None:
    """Put ``section`` into ``path``: in place of the section with the same key, else at the end."""
    key = re.match(r"<!-- train_speed:(\S+) -->", section)
    assert key is not None, "a section starts with its marker"
    text = path.read_text() if path.is_file() else HEADER
    pattern = re.compile(
        rf"<!-- train_speed:{re.escape(key.group(1))} -->.*?"
        rf"<!-- /train_speed:{re.escape(key.group(1))} -->\n",
        re.DOTALL,
    )
    if not append and pattern.search(text):
        text = pattern.sub(lambda _: section, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


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
    add("--seeds", type=int, help="seeds of (c); default 5 on a GPU, 2 on a CPU")
    add("--lecture-steps", type=int, help="timed batches of 64 per method in (a)/(b); 0 skips")
    add("--fit-steps", type=int, help="the same for fit; default --lecture-steps")
    add("--rounds", type=int, help="interleaved rounds (a)/(b) are split into")
    add("--target", type=float, default=0.99, help="test accuracy to reach in (c)")
    add("--max-epochs", type=int, help="epochs of the fast recipe's schedule (default its own)")
    add("--eval-every", type=int, help="steps between test-set evaluations in (c)")
    add("--threads", type=int, help="CPU threads; default 1 when the machine is overloaded")
    add(
        "--set",
        type=_override,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="fast-recipe field for (b) and (c), e.g. compile=True (repeatable)",
    )
    add("--subset", type=int, help="train on this many images only (smoke tests)")
    add("--test-subset", type=int, help="evaluate on this many test images only (smoke tests)")
    add("--output", type=Path, default=DEFAULT_OUTPUT, help="markdown file to write")
    add("--append", action="store_true", help="add a section instead of replacing this device's")
    return parser


def main(argv: Sequence[str] | None = None) -> tuple[list[Throughput], list[TargetRun]]:
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
    seeds = args.seeds if args.seeds is not None else (5 if gpu else 2)
    lecture_steps = args.lecture_steps if args.lecture_steps is not None else (300 if gpu else 200)
    fit_steps = args.fit_steps if args.fit_steps is not None else lecture_steps
    rounds = args.rounds or (3 if gpu else 4)
    max_epochs = args.max_epochs or RECIPES["fast"].epochs
    eval_every = args.eval_every or (20 if gpu else 59)

    threads_before, load_before = torch.get_num_threads(), _load()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    threads = args.threads
    load = _load_average()
    if threads is None and device.type == "cpu" and load is not None and load >= (cores or 1):
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
        runs: list[TargetRun] = []
        for model in models:
            for seed in range(seeds):
                run = time_to_target(
                    model,
                    data,
                    device,
                    seed,
                    target=args.target,
                    max_epochs=max_epochs,
                    eval_every=eval_every,
                    overrides=overrides,
                )
                runs.append(run)
                reached = run.seconds_to_target
                _say(
                    f"(c) {model} seed {seed}: "
                    + ("missed" if reached is None else f"{_seconds(reached)} s")
                    + f" to {args.target:.1%}, setup {_seconds(run.setup_seconds)} s, "
                    f"final {_percent(run.final_accuracy)} {run.note}"
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
        "Command": f"`{shown}`",
        "Data": data.describe(),
        "Memory format": _memory_format(device, overrides),
        "Seeds in (c)": f"{seeds} (0 to {seeds - 1}), fast recipe over {max_epochs} epoch(s), "
        f"test set evaluated every {eval_every} steps"
        + (f", overrides {overrides}" if overrides else ""),
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
    )
    _say("\n" + section)
    write_results(args.output, section, append=args.append)
    _say(f"written to {args.output}")
    return throughput, runs


if __name__ == "__main__":
    main()
