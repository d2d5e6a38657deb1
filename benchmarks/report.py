"""The training-speed benchmark's figures as markdown: one section per device in RESULTS.md.

The figures are those ``measure.py`` takes of the networks of Szegedy et al., "Going Deeper with
Convolutions" (GoogLeNet, CVPR 2015) and He et al., "Deep Residual Learning for Image
Recognition" (ResNet, CVPR 2016). A section holds how the run was made, the tables, and which
targets were met; ``write_results`` replaces a device's section with its next run's.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from pathlib import Path

import torch
from measure import MODELS, TargetRun, Throughput, combined

__all__ = [
    "HEADER",
    "LECTURE_EPOCHS",
    "LECTURE_EPOCH_IMAGES",
    "format_percent",
    "format_seconds",
    "format_section",
    "section_key",
    "write_results",
]

# The lecture trains for 10 epochs of MNIST's 60,000 training images; (a) times that estimate.
LECTURE_EPOCH_IMAGES = 60_000
LECTURE_EPOCHS = 10
HEADER = """# Training speed: the lecture's loop against `advcnn.train.fit`

Written by `benchmarks/train_speed.py` (see [README.md](README.md)). One section per device and
settings (`--set`); a run replaces the section of its device and settings and keeps the others
(`--append` adds a section instead).
"""


def format_seconds(value: float) -> str:
    """Seconds to three significant digits or so: 1.23, 12.3, 123."""
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _mean_std(values: Sequence[float], show: Callable[[float], str] = format_seconds) -> str:
    if not values:
        return "—"
    if len(values) == 1:
        return show(values[0])
    return f"{show(statistics.mean(values))} ± {show(statistics.stdev(values))}"


def format_percent(value: float | None) -> str:
    """An accuracy as a percentage with two decimals; a dash for none."""
    return "—" if value is None else f"{value:.2%}"


def _throughput_table(results: Sequence[Throughput]) -> list[str]:
    fast = sorted({result.fast_batch for result in results})
    lines = [
        "| model | lecture loop, batch 64 (img/s) | fit, lecture recipe, batch 64 (img/s) "
        f"| ratio | fit, fast recipe, batch {'/'.join(map(str, fast))} (img/s) | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        cells = [MODELS[result.model].__name__, f"{combined(result.lecture).per_second:,.0f}"]
        for method in ("fit", "fit_fast"):
            total, low, high = result.ratio(method)
            cells += [
                f"{combined(getattr(result, method)).per_second:,.0f}",
                f"**{total:.2f}×** ({low:.2f}–{high:.2f})",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _lecture_time(results: Sequence[Throughput], model: str) -> float | None:
    found = [result for result in results if result.model == model]
    if not found:
        return None
    return LECTURE_EPOCHS * LECTURE_EPOCH_IMAGES / combined(found[0].lecture).per_second


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
    return measured, lecture / (images / combined(found[0].fit_fast).per_second)


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
                    "—" if lecture is None else format_seconds(lecture),
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
            f"| {'missed' if missed else format_seconds(run.seconds_to_target or 0.0)} "
            f"| {run.steps_to_target if not missed else run.steps} "
            f"| {format_seconds(run.setup_seconds)} "
            f"| {format_seconds(run.train_seconds)} | {format_percent(run.final_accuracy)} "
            f"| {format_percent(run.best_accuracy)} | {run.note} |"
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
    variant: str = "",
) -> str:
    """One device's markdown section: how it was run, the tables, and the targets met or not.

    ``variant`` names settings that differ from the defaults (``"cuda_graph=True"``): such a
    run gets a section of its own beside the default run's.
    """
    kind = "GPU" if device.type == "cuda" else device.type.upper()
    key = section_key(device, hardware, variant)
    title = f"## {kind}: {hardware}" + (f", with `{variant}`" if variant else "")
    lines = [f"<!-- train_speed:{key} -->", title, ""]
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
    lines.append(f"<!-- /train_speed:{key} -->")
    return "\n".join(lines) + "\n"


def section_key(device: torch.device, hardware: str, variant: str = "") -> str:
    """The marker that tells one run's section from another's: ``cpu`` or the GPU's name, then
    the settings that differ from the defaults (``cuda-nvidia-h200+cuda-graph-true``)."""

    def slug(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")

    key = device.type if device.type != "cuda" else "cuda-" + slug(hardware.split(" (")[0])
    return key + (f"+{slug(variant)}" if variant else "")


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
