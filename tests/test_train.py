"""The training loop and command line, on small subsets of the real MNIST."""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import lecture
import pytest
import torch
from digits import first
from torch import nn

import advcnn.checkpoint
import advcnn.config
import advcnn.evaluate
import advcnn.history
import advcnn.speed
import advcnn.train
from advcnn.cuda_graph import GraphStep
from advcnn.data import MNISTData
from advcnn.models import MODEL_NAMES, DeepStack, InceptionNet, ResidualNet, SimpleCNN, build_model
from advcnn.train import (
    RECIPES,
    History,
    TrainConfig,
    TrainingDivergedError,
    evaluate,
    fit,
    load_checkpoint,
    pick_device,
    predict,
    recipe,
    train_step,
)

REPO = Path(__file__).resolve().parents[1]
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.fixture(scope="module")
def small(mnist_digits: MNISTData) -> MNISTData:
    return first(mnist_digits, 1000, 500)


def quiet(name: str = "lecture", **overrides: object) -> TrainConfig:
    return recipe(name, **{"progress": False, "device": "cpu", **overrides})


def weights(model: nn.Module) -> dict[str, torch.Tensor]:
    return {name: value.detach().cpu().clone() for name, value in model.state_dict().items()}


def manual_accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    with torch.no_grad():
        return (model.cpu()(images).argmax(dim=1) == labels).float().mean().item()


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("model_class", [InceptionNet, ResidualNet])
def test_fast_recipe_learns_real_digits(mnist_digits: MNISTData, model_class, device) -> None:
    data = first(mnist_digits, 3000, 1000)
    torch.manual_seed(0)
    model = model_class()
    config = recipe("fast", epochs=1, batch_size=64, progress=False, device=device)
    history = fit(model, data, config)
    record = history.records[-1]
    assert history.device.startswith(device) and not history.interrupted
    assert record.test_accuracy > 0.8  # chance is 0.1; 47 steps reach about 0.9
    assert 0 < record.train_loss < 2.3  # below log(10), the loss of a uniform guess
    # The recorded accuracy is that of the trained weights, measured independently here.
    assert record.test_accuracy == pytest.approx(
        manual_accuracy(model, data.test_images, data.test_labels), abs=1e-6
    )
    assert record.images_per_second == pytest.approx(3000 / record.seconds)


def test_epochs_keep_the_last_partial_batch_and_log_every_step(small: MNISTData) -> None:
    config = quiet(epochs=2, batch_size=64, log_every=1)
    seen: list[tuple[int, float]] = []
    history = fit(SimpleCNN(), small, config, on_step=lambda step, loss: seen.append((step, loss)))
    assert history.steps_per_epoch == math.ceil(1000 / 64) == 16
    assert [step for step, _ in history.steps] == list(range(1, 33))
    assert seen == history.steps
    assert [record.epoch for record in history.records] == [1, 2]
    assert all(record.complete for record in history.records)
    assert history.stop_reason is None and history.setup_seconds >= 0


@pytest.mark.parametrize("num_train", [64, 128, 192, 256, 320])
@pytest.mark.parametrize("warmup_fraction", [0.25, 0.5])
def test_one_cycle_runs_of_any_length(small: MNISTData, num_train: int, warmup_fraction) -> None:
    # 1 to 5 steps: OneCycleLR alone divides by zero at 2 steps with 0.5 and 4 steps with 0.25.
    data = first(small, num_train, 100)
    config = quiet("fast", epochs=1, batch_size=64, warmup_fraction=warmup_fraction, log_every=1)
    history = fit(SimpleCNN(), data, config)
    assert len(history.steps) == num_train // 64
    assert all(math.isfinite(loss) for _, loss in history.steps)


def test_same_seed_same_run_and_global_rng_untouched(small: MNISTData) -> None:
    torch.manual_seed(1)
    start = SimpleCNN()

    def run(seed: int) -> tuple[History, dict[str, torch.Tensor]]:
        model = copy.deepcopy(start)
        history = fit(model, small, quiet("fast", epochs=2, seed=seed, log_every=2))
        return history, weights(model)

    rng_before = torch.get_rng_state()
    (first, first_weights), (second, second_weights) = run(7), run(7)
    assert torch.equal(torch.get_rng_state(), rng_before)
    timing = {"seconds", "images_per_second"}
    for one, two in zip(first.records, second.records, strict=True):
        one_values, two_values = dataclasses.asdict(one), dataclasses.asdict(two)
        assert {k: v for k, v in one_values.items() if k not in timing} == {
            k: v for k, v in two_values.items() if k not in timing
        }
    assert first.steps == second.steps
    assert all(torch.equal(first_weights[k], second_weights[k]) for k in first_weights)
    other, other_weights = run(8)
    assert other.steps != first.steps
    assert not all(torch.equal(first_weights[k], other_weights[k]) for k in first_weights)


def test_reads_the_device_only_at_log_points(small: MNISTData, monkeypatch) -> None:
    reads = {"count": 0}
    for method in ("item", "tolist"):
        original = getattr(torch.Tensor, method)

        def counted(self, *args, _original=original):
            reads["count"] += 1
            return _original(self, *args)

        monkeypatch.setattr(torch.Tensor, method, counted)
    # 16 steps, log every 8: two log reads, one per evaluation, none per step.
    fit(SimpleCNN(), small, quiet(epochs=1, batch_size=64, log_every=8))
    assert reads["count"] <= 4


def test_ctrl_c_keeps_the_run_so_far(small: MNISTData, capsys) -> None:
    model = SimpleCNN()
    snapshot: dict[str, dict[str, torch.Tensor]] = {}

    def stop_in_epoch_two(step: int, loss: float) -> None:
        if step == 16 + 3:
            snapshot["weights"] = weights(model)
            raise KeyboardInterrupt

    history = fit(
        model, small, quiet(epochs=3, batch_size=64, log_every=1), on_step=stop_in_epoch_two
    )
    assert history.interrupted and history.stop_reason == "interrupted"
    assert [(r.epoch, r.complete) for r in history.records] == [(1, True), (2, False)]
    partial = history.records[-1]
    assert 0 <= partial.train_accuracy <= 1 and math.isfinite(partial.train_loss)
    assert partial.test_accuracy == pytest.approx(evaluate(model, small))
    after = weights(model)
    assert all(torch.equal(after[k], snapshot["weights"][k]) for k in after)
    assert "interrupted" in capsys.readouterr().out.lower()


@pytest.mark.parametrize("log_every", [1, 1000])
def test_a_diverging_loss_stops_with_advice(small: MNISTData, log_every: int) -> None:
    # Such a step overflows float32 at once: at lr = 1e6 the loss of some seeds only reaches
    # 1e26 and then reads 0.0, the logits being too large for log-sum-exp to resolve.
    config = quiet(epochs=2, lr=1e15, momentum=0.9, log_every=log_every)
    torch.manual_seed(0)
    with pytest.raises(TrainingDivergedError) as caught:
        fit(SimpleCNN(), small, config)
    error = caught.value
    message = str(error)
    assert "Lower the learning rate" in message and "lr=1e+14" in message
    assert f"step {error.step}" in message and error.lr == 1e15
    assert error.step == (16 if log_every == 1000 else 2)  # checked at log points only
    assert isinstance(error.history, History) and error.history.stop_reason.startswith("diverged")


def test_target_accuracy_stops_at_the_first_evaluation_reaching_it(small: MNISTData) -> None:
    config = quiet("fast", epochs=5, eval_every_steps=2, target_accuracy=0.5)
    history = fit(SimpleCNN(), small, config)
    assert history.stop_reason is not None and history.stop_reason.startswith("reached")
    accuracies = [accuracy for _, _, accuracy in history.evaluations]
    assert accuracies[-1] >= 0.5 and all(accuracy < 0.5 for accuracy in accuracies[:-1])
    assert history.records[-1].test_accuracy == accuracies[-1]
    assert history.time_to_accuracy(0.5) == history.evaluations[-1][1]
    assert history.best_test_accuracy == max(accuracies)
    assert len(history.records) < 5


def test_bf16_computes_in_bfloat16_on_a_cpu_and_still_learns(small: MNISTData) -> None:
    start = SimpleCNN()
    plain, tuned = copy.deepcopy(start), copy.deepcopy(start)
    dtypes: set[torch.dtype] = set()
    tuned.conv1.register_forward_hook(lambda module, args, out: dtypes.add(out.dtype))
    first = fit(plain, small, quiet(epochs=1))
    second = fit(tuned, small, quiet(epochs=1, bf16=True))
    assert dtypes == {torch.bfloat16}  # training steps and evaluation alike
    assert [step for step, _ in first.steps] == [step for step, _ in second.steps]
    assert second.steps[-1][1] == pytest.approx(first.steps[-1][1], rel=0.02)
    assert tuned.conv1.weight.dtype == torch.float32  # the weights themselves stay float32
    assert not torch.equal(plain.conv1.weight, tuned.conv1.weight)  # rounded differently ...
    assert abs(first.final_test_accuracy - second.final_test_accuracy) < 0.05  # ... same lesson


@pytest.mark.parametrize("model_class", [SimpleCNN, InceptionNet, ResidualNet])
def test_channels_last_is_the_cpu_default_and_trains_the_same(small, model_class) -> None:
    torch.manual_seed(0)
    start = model_class()
    nchw, nhwc = copy.deepcopy(start), copy.deepcopy(start)
    first = fit(nchw, small, quiet(epochs=1, channels_last=False, log_every=1))
    second = fit(nhwc, small, quiet(epochs=1, log_every=1))
    assert (first.memory_format, second.memory_format) == ("contiguous", "channels_last")
    assert nhwc.conv1.weight.is_contiguous(memory_format=torch.channels_last)
    # The same arithmetic in another order: equal up to rounding, step by step.
    for (step, loss), (step_nhwc, loss_nhwc) in zip(first.steps, second.steps, strict=True):
        assert step == step_nhwc and loss == pytest.approx(loss_nhwc, rel=1e-3)
    for name, value in nchw.state_dict().items():
        torch.testing.assert_close(nhwc.state_dict()[name], value, rtol=1e-3, atol=1e-4)


def test_channels_last_default_is_for_the_cpu_only() -> None:
    cpu, cuda = torch.device("cpu"), torch.device("cuda")
    assert recipe("fast").wants_channels_last(cpu)
    assert not recipe("fast").wants_channels_last(cuda)
    assert recipe("fast", channels_last=True).wants_channels_last(cuda)
    assert not recipe("fast", channels_last=False).wants_channels_last(cpu)


def test_channels_last_by_default_only_for_the_packages_models(small: MNISTData) -> None:
    # The lecture's own class flattens with x.view(in_size, -1), which channels-last breaks;
    # fit cannot know that of a model from elsewhere, so by default it leaves such a model be.
    torch.manual_seed(0)
    model = lecture.ResidualNet()
    history = fit(model, small, quiet(epochs=1))
    assert history.memory_format == "contiguous"
    assert model.conv1.weight.is_contiguous()
    with pytest.raises(ValueError, match=r"\.view\(\).*reshape.*channels_last=False"):
        fit(model, small, quiet(epochs=1, channels_last=True))
    assert model.conv1.weight.is_contiguous()


def test_channels_last_when_asked_for_a_model_that_reshapes(small: MNISTData) -> None:
    class Reshaping(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv = nn.Conv2d(1, 4, kernel_size=5)
            self.fc = nn.Linear(4 * 24 * 24, 10)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.fc(torch.flatten(torch.relu(self.conv(x)), 1))

    history = fit(Reshaping(), small, quiet(epochs=1))
    assert history.memory_format == "contiguous"  # not one of the package's models
    history = fit(Reshaping(), small, quiet(epochs=1, channels_last=True))
    assert history.memory_format == "channels_last"


@pytest.mark.parametrize("name", [*MODEL_NAMES, "deep"])
def test_every_model_of_the_package_trains_channels_last_on_a_cpu(small, name: str) -> None:
    model = DeepStack(2, residual=False) if name == "deep" else build_model(name)
    history = fit(model, first(small, 128, 100), quiet(epochs=1))
    assert history.memory_format == "channels_last"


def test_evaluate_and_predict_match_the_model(small: MNISTData) -> None:
    torch.manual_seed(0)
    model = SimpleCNN().train()
    labels = predict(model, small.test_images, batch_size=128)
    with torch.no_grad():
        expected = model(small.test_images).argmax(dim=1)
    assert labels.device.type == "cpu" and labels.dtype == torch.int64
    assert torch.equal(labels, expected)
    assert evaluate(model, small, batch_size=77) == pytest.approx(
        manual_accuracy(model, small.test_images, small.test_labels)
    )
    assert model.training  # evaluation switched to eval mode and back


def test_history_survives_a_dict_round_trip() -> None:
    history = History(device="cpu", steps=[(1, 2.5)], evaluations=[(1, 0.5, 0.25)])
    assert History.from_dict(json.loads(json.dumps(history.to_dict()))) == history
    assert History().final_test_accuracy is None and History().best_test_accuracy is None


def test_train_defines_fit_and_its_step_and_re_exports_the_rest() -> None:
    # One import line from advcnn.train gives a notebook all it needs to train and keep a model;
    # each of those names is defined once, in its own module.
    assert advcnn.train.__all__ == ["fit", "train_step"]
    homes = {
        advcnn.config: ["RECIPES", "TrainConfig", "recipe"],
        advcnn.history: ["EpochRecord", "History", "TrainingDivergedError"],
        advcnn.checkpoint: ["load_checkpoint", "save_checkpoint"],
        advcnn.evaluate: ["evaluate", "pick_device", "predict"],
    }
    for module, names in homes.items():
        for name in names:
            assert name in module.__all__ and getattr(advcnn.train, name) is getattr(module, name)


class SetupInterrupted:
    """Raises KeyboardInterrupt at one stage of fit's setup, as Ctrl-C there would."""

    @staticmethod
    def data_move(monkeypatch, model: nn.Module, data: MNISTData) -> tuple[MNISTData, TrainConfig]:
        class Stuck(MNISTData):
            def to(self, device):
                raise KeyboardInterrupt

        return Stuck(**{f.name: getattr(data, f.name) for f in dataclasses.fields(data)}), quiet()

    @staticmethod
    def channels_last_probe(monkeypatch, model, data) -> tuple[MNISTData, TrainConfig]:
        monkeypatch.setattr(model, "forward", interrupt_on_call(1, model.forward))
        return data, quiet(channels_last=True)

    @staticmethod
    def compile(monkeypatch, model, data) -> tuple[MNISTData, TrainConfig]:
        monkeypatch.setattr(torch, "compile", interrupt_on_call(1, torch.compile))
        return data, quiet(compile=True)

    @staticmethod
    def warm_up(monkeypatch, model, data) -> tuple[MNISTData, TrainConfig]:
        # torch.compile left out (slow on a CPU); the second warm-up step is interrupted, after
        # the first one has changed the weights: the warm-up must put them back.
        monkeypatch.setattr(torch, "compile", lambda module: module)
        monkeypatch.setattr(model, "forward", interrupt_on_call(2, model.forward))
        return first(data, 1000 - 1000 % 64 + 40, 100), quiet(compile=True)

    @staticmethod
    def graph_record(monkeypatch, model, data) -> tuple[MNISTData, TrainConfig]:
        def record(self, warmup_steps: int = 3) -> None:
            self._body()  # trains one step, as the recording's warm-up does
            raise KeyboardInterrupt

        monkeypatch.setattr(advcnn.speed, "check_graph", lambda *args: None)
        monkeypatch.setattr(GraphStep, "record", record)
        return data, quiet(cuda_graph=True, batch_size=100)


def interrupt_on_call(number: int, function):
    calls = {"count": 0}

    def wrapped(*args, **kwargs):
        calls["count"] += 1
        if calls["count"] == number:
            raise KeyboardInterrupt
        return function(*args, **kwargs)

    return wrapped


@pytest.mark.parametrize(
    "stage", ["data_move", "channels_last_probe", "compile", "warm_up", "graph_record"]
)
def test_ctrl_c_during_setup_returns_an_interrupted_history(small, stage, monkeypatch, capsys):
    torch.manual_seed(0)
    model = SimpleCNN().eval()
    before = weights(model)
    data, config = getattr(SetupInterrupted, stage)(monkeypatch, model, small)
    autotune = torch.backends.cudnn.benchmark
    history = fit(model, data, config)
    assert history.interrupted and history.stop_reason == "interrupted"
    assert history.records == [] and history.steps == [] and history.evaluations == []
    after = weights(model)
    assert all(torch.equal(after[name], before[name]) for name in before)  # the caller's weights
    assert not model.training and torch.backends.cudnn.benchmark == autotune
    assert "interrupted before the first step" in capsys.readouterr().out


def test_the_warm_up_runs_the_training_step_itself(small, monkeypatch) -> None:
    # One step function for the plain loop, the warm-up and the CUDA graph: the warm-up once
    # had a copy of its own that forgot label smoothing.
    calls: list[float] = []

    def counted(model, images, labels, optimizer, config, totals) -> None:
        calls.append(config.label_smoothing)
        train_step(model, images, labels, optimizer, config, totals)

    monkeypatch.setattr(torch, "compile", lambda module: module)
    monkeypatch.setattr(advcnn.train, "train_step", counted)
    torch.manual_seed(0)
    start = SimpleCNN()
    warmed, plain = copy.deepcopy(start), copy.deepcopy(start)
    config = quiet("fast", epochs=1, batch_size=64, log_every=1)
    with_warm_up = fit(warmed, small, dataclasses.replace(config, compile=True))
    assert len(calls) == 16 + 2  # one warm-up step for each batch shape, 64 and 1000 % 64
    assert set(calls) == {config.label_smoothing}
    without = fit(plain, small, config)
    # The warm-up leaves no trace: the same run, step by step, and the same weights.
    for (step, loss), (same_step, same_loss) in zip(with_warm_up.steps, without.steps, strict=True):
        assert step == same_step and loss == pytest.approx(same_loss, rel=1e-5)
    for name, value in weights(plain).items():
        torch.testing.assert_close(weights(warmed)[name], value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("epochs", 0),
        ("batch_size", 2.5),
        ("lr", 0.0),
        ("lr", math.nan),
        ("momentum", 1.0),
        ("weight_decay", -1e-4),
        ("schedule", "cosine"),
        ("label_smoothing", 1.0),
        ("clip_grad_norm", 0.0),
        ("seed", -1),
        ("device", "gpu"),
        ("log_every", 0),
        ("target_accuracy", 99.0),
        ("eval_every_steps", 0),
        ("bf16", "yes"),
    ],
)
def test_config_rejects_out_of_range_values(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        TrainConfig(**{field: value})


def test_recipes() -> None:
    lecture = recipe("lecture")
    assert (lecture.lr, lecture.momentum, lecture.batch_size, lecture.epochs) == (0.01, 0.5, 64, 10)
    assert lecture.schedule == "constant" and not lecture.nesterov
    fast = recipe("fast", epochs=1)
    assert fast.epochs == 1 and fast.schedule == "onecycle" and fast.nesterov
    assert RECIPES["fast"].epochs != 1  # replace() made a copy
    with pytest.raises(ValueError, match="lecture, fast"):
        recipe("slow")
    with pytest.raises(ValueError, match="nesterov"):
        recipe("fast", momentum=0.0)


def test_pick_device() -> None:
    assert pick_device("cpu") == torch.device("cpu")
    expected = "cuda" if torch.cuda.is_available() else None
    expected = expected or ("mps" if torch.backends.mps.is_available() else "cpu")
    assert pick_device().type == expected
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="CUDA is not available"):
            pick_device("cuda")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "advcnn", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=REPO,
    )


def test_cli_quick_training_run(mnist_root: Path, tmp_path: Path) -> None:
    checkpoint = tmp_path / "simple.pt"
    args = ["train", "--model", "simple", "--quick", "--device", "cpu", "--seed", "0"]
    result = run_cli(*args, "--data", str(mnist_root), "--save", str(checkpoint))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "5,000 train / 1,000 test" in out and "Device: cpu" in out
    assert re.search(r"epoch 1/1: loss [\d.]+, train acc [\d.]+%, test acc [\d.]+%", out)
    final = re.search(r"Final test accuracy: ([\d.]+)%", out)
    assert final and float(final.group(1)) > 80
    history, config = load_checkpoint(checkpoint, SimpleCNN())
    assert history is not None and config is not None and config.epochs == 1
    assert history.final_test_accuracy == pytest.approx(float(final.group(1)) / 100, abs=5e-5)


def test_cli_help_and_cost() -> None:
    help_text = run_cli("--help").stdout
    assert "train" in help_text and "cost" in help_text
    result = run_cli("cost", "--model", "inception")
    assert result.returncode == 0, result.stderr
    total = sum(p.numel() for p in InceptionNet().parameters())
    assert re.search(rf"^total .*{total:,}", result.stdout, flags=re.MULTILINE)
    assert run_cli("train", "--model", "lenet").returncode == 2
    if not torch.cuda.is_available():
        result = run_cli("train", "--model", "residual", "--cuda-graph", "--device", "cpu")
        assert result.returncode == 2 and "--cuda-graph needs a CUDA device" in result.stderr
