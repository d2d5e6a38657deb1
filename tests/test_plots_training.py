"""Training plots, the live plot, the misclassified grid and the results table, on made-up runs."""

from __future__ import annotations

import base64
import dataclasses
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from torch import nn

import advcnn.plots.live as live_module
import advcnn.plots.results as results_module
import advcnn.plots.seeds as seeds_module
import advcnn.plots.training as training
from advcnn.cost import total_macs
from advcnn.models import ResidualNet, SimpleCNN
from advcnn.plots.training import (
    LECTURE_ACCURACY,
    LivePlot,
    LoopLog,
    ResultRow,
    ResultsTable,
    SeedTable,
    find_misclassified,
    plot_cost_and_speed,
    plot_history,
    plot_misclassified,
    plot_seed_accuracies,
    result_row,
    summarise_seeds,
)
from advcnn.train import EpochRecord, History, fit, recipe


def make_history(losses: list[float], accuracies: list[float], *, ips: float = 1000.0) -> History:
    """A made-up run: epoch e takes 2e seconds at e x ``ips``, with 10 steps per epoch."""
    records = [
        EpochRecord(
            epoch=epoch,
            train_loss=loss,
            train_accuracy=accuracy - 0.01,
            test_accuracy=accuracy,
            seconds=2.0 * epoch,  # unequal epochs, so that means must be weighted
            images_per_second=ips * epoch,
            lr=0.01,
        )
        for epoch, (loss, accuracy) in enumerate(zip(losses, accuracies, strict=True), start=1)
    ]
    steps = [(10 * epoch - 5, 2 * loss) for epoch, loss in enumerate(losses, 1)]
    steps += [(10 * epoch, loss) for epoch, loss in enumerate(losses, 1)]
    seconds = [sum(2.0 * e for e in range(1, epoch + 1)) for epoch in range(1, len(losses) + 1)]
    evaluations = [
        (10 * epoch, elapsed, accuracy)
        for epoch, elapsed, accuracy in zip(
            range(1, len(losses) + 1), seconds, accuracies, strict=True
        )
    ]
    return History(
        records=records,
        device="cpu",
        steps=sorted(steps),
        evaluations=evaluations,
        steps_per_epoch=10,
    )


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_history_draws_one_line_per_model_with_the_records() -> None:
    histories = {
        "SimpleCNN": make_history([0.5, 0.2, 0.1], [0.95, 0.97, 0.98]),
        "Mine": make_history([0.4, 0.3], [0.9, 0.93]),
    }
    fig = plot_history(histories, reference=LECTURE_ACCURACY)
    loss_axes, epoch_axes, time_axes = fig.axes
    assert loss_axes.get_yscale() == "log"
    loss_lines = loss_axes.get_lines()
    assert [line.get_label() for line in loss_lines] == ["SimpleCNN", "Mine"]
    # Steps 5, 10, 15, ... of 10 per epoch sit at epochs 0.5, 1, 1.5, ...
    np.testing.assert_allclose(loss_lines[0].get_xdata(), [0.5, 1, 1.5, 2, 2.5, 3])
    np.testing.assert_allclose(loss_lines[0].get_ydata(), [1.0, 0.5, 0.4, 0.2, 0.2, 0.1])
    np.testing.assert_allclose(loss_lines[1].get_ydata(), [0.8, 0.4, 0.6, 0.3])

    by_label = {line.get_label(): line for line in epoch_axes.get_lines()}
    np.testing.assert_allclose(by_label["SimpleCNN"].get_xdata(), [1, 2, 3])
    np.testing.assert_allclose(by_label["SimpleCNN"].get_ydata(), [95, 97, 98])
    np.testing.assert_allclose(by_label["Mine"].get_ydata(), [90, 93])
    dotted = [line for line in epoch_axes.get_lines() if line.get_linestyle() == ":"]
    np.testing.assert_allclose(dotted[0].get_ydata(), [94, 96, 97])  # training accuracy
    # The lecture's line only for the model it knows, at its accuracy.
    dashed = [line for line in epoch_axes.get_lines() if line.get_linestyle() == "--"]
    levels = [line.get_ydata()[0] for line in dashed if len(line.get_ydata())]
    assert levels == pytest.approx([98.69])

    by_label = {line.get_label(): line for line in time_axes.get_lines()}
    np.testing.assert_allclose(by_label["SimpleCNN"].get_xdata(), [2, 6, 12])
    np.testing.assert_allclose(by_label["SimpleCNN"].get_ydata(), [95, 97, 98])
    assert "cpu" in time_axes.get_xlabel()


def fake_display(calls: list):
    class Handle:
        def update(self, bundle, raw=False):
            calls.append(("update", bundle, raw))

    def display(bundle, raw=False, display_id=None):
        calls.append(("display", bundle, raw))
        assert display_id is True
        return Handle()

    return display


def test_live_plot_collects_callbacks_and_updates_one_display(monkeypatch) -> None:
    calls: list = []
    monkeypatch.setattr(live_module, "display", fake_display(calls))
    live = LivePlot(epochs=2, steps_per_epoch=4, min_seconds=0.0, show=True)
    callbacks = live.callbacks("SimpleCNN")
    assert set(callbacks) == {"on_step", "on_epoch"}
    for step, loss in [(2, 1.0), (4, 0.5)]:
        callbacks["on_step"](step, loss)
    callbacks["on_epoch"](make_history([0.5], [0.9]).records[0])
    other = live.callbacks("ResidualNet")
    other["on_step"](2, 0.8)

    assert live.redraws == 4
    assert [kind for kind, *_ in calls] == ["display", "update", "update", "update"]
    bundle = calls[-1][1]
    assert calls[-1][2] is True
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert "ResidualNet" in bundle["text/plain"]

    lines = {line.get_label(): line for line in live.loss_axes.get_lines()}
    # Steps become fractions of an epoch: step 2 of 4 is epoch 0.5.
    np.testing.assert_allclose(lines["SimpleCNN"].get_xdata(), [0.5, 1.0])
    np.testing.assert_allclose(lines["SimpleCNN"].get_ydata(), [1.0, 0.5])
    np.testing.assert_allclose(lines["ResidualNet"].get_ydata(), [0.8])
    assert lines["SimpleCNN"].get_color() != lines["ResidualNet"].get_color()
    accuracy = {line.get_label(): line for line in live.accuracy_axes.get_lines()}
    np.testing.assert_allclose(accuracy["SimpleCNN"].get_xdata(), [1])
    np.testing.assert_allclose(accuracy["SimpleCNN"].get_ydata(), [90.0])
    assert live.loss_axes.get_xlim() == (0.0, 2.0)


def test_live_plot_throttles_step_redraws_but_not_epoch_ends(monkeypatch) -> None:
    calls: list = []
    monkeypatch.setattr(live_module, "display", fake_display(calls))
    live = LivePlot(epochs=1, steps_per_epoch=100, min_seconds=3600.0, show=True)
    callbacks = live.callbacks("SimpleCNN")
    for step in range(1, 51):
        callbacks["on_step"](step, 1.0 / step)
    assert live.redraws == 1  # the first step draws, the next 49 fall inside min_seconds
    callbacks["on_epoch"](make_history([0.1], [0.95]).records[0])
    assert live.redraws == 2
    assert len(live.runs["SimpleCNN"].losses) == 50
    assert len(calls) == 2


def test_live_plot_without_show_publishes_nothing(monkeypatch) -> None:
    monkeypatch.setattr(live_module, "display", lambda *a, **k: pytest.fail("displayed"))
    live = LivePlot(epochs=1, steps_per_epoch=1, min_seconds=0.0, show=False)
    live.callbacks("x")["on_step"](1, 0.3)
    assert live.redraws == 1
    with pytest.raises(ValueError, match="already started"):
        live.callbacks("x")


def test_live_plot_receives_the_callbacks_of_a_real_fit(monkeypatch) -> None:
    calls: list = []
    monkeypatch.setattr(live_module, "display", fake_display(calls))
    generator = torch.Generator().manual_seed(0)
    data = SimpleNamespace(
        train_images=torch.randn(96, 1, 28, 28, generator=generator),
        train_labels=torch.randint(0, 10, (96,), generator=generator),
        test_images=torch.randn(32, 1, 28, 28, generator=generator),
        test_labels=torch.randint(0, 10, (32,), generator=generator),
    )
    data.to = lambda device: data
    config = recipe("lecture", epochs=2, batch_size=16, log_every=2, progress=False, device="cpu")
    live = LivePlot.for_training(data, config, min_seconds=0.0, show=True)
    assert live.steps_per_epoch == 6
    graph = dataclasses.replace(config, batch_size=20, cuda_graph=True)  # full batches only
    assert LivePlot.for_training(data, graph).steps_per_epoch == 4
    torch.manual_seed(0)
    history = fit(SimpleCNN(), data, config, **live.callbacks("SimpleCNN"))
    run = live.runs["SimpleCNN"]
    assert list(zip(run.steps, run.losses, strict=True)) == history.steps
    assert run.records == history.records
    assert live.redraws == len(history.steps) + len(history.records)
    assert len(calls) == live.redraws


def test_misclassified_grid_titles_true_and_predicted_labels() -> None:
    images = torch.rand(5, 1, 28, 28)
    fig = plot_misclassified(images, [4, 7, 2, 9, 3], torch.tensor([9, 1, 7, 4, 5]), columns=3)
    titles = [axes.get_title() for axes in fig.axes if axes.get_title()]
    assert titles == ["4 → 9", "7 → 1", "2 → 7", "9 → 4", "3 → 5"]
    assert len(fig.axes) == 6  # 2 rows x 3 columns, the last one blank
    shown = fig.axes[1].get_images()[0].get_array()
    np.testing.assert_allclose(shown, images[1, 0].numpy())
    assert not fig.axes[5].get_images()


def test_plot_misclassified_respects_the_limit() -> None:
    fig = plot_misclassified(torch.zeros(40, 28, 28), [1] * 40, [2] * 40, columns=8, limit=16)
    assert sum(bool(axes.get_images()) for axes in fig.axes) == 16


class ConstantNet(nn.Module):
    """Predicts ``answer`` for every image (weights present so ``predict`` finds a device)."""

    def __init__(self, answer: int) -> None:
        super().__init__()
        self.answer = answer
        self.unused = nn.Linear(1, 1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return nn.functional.one_hot(torch.full((len(images),), self.answer), 10).float()


def test_find_misclassified_keeps_exactly_the_wrong_predictions() -> None:
    labels = torch.tensor([3, 1, 3, 0, 7, 3])
    found = find_misclassified(ConstantNet(3), torch.zeros(6, 1, 28, 28), labels, batch_size=4)
    assert found.indices.tolist() == [1, 3, 4]
    assert found.labels.tolist() == [1, 0, 7]
    assert found.predictions.tolist() == [3, 3, 3]
    assert len(found) == 3
    assert found.confusions(top=1)[0][1:] == (3, 1)


def test_result_row_measures_the_model_and_weights_throughput_by_time() -> None:
    history = make_history([0.3, 0.1], [0.97, 0.985], ips=1000.0)
    model = ResidualNet()
    row = result_row("ResidualNet", model, history)
    assert row.params == sum(p.numel() for p in model.parameters())
    assert row.macs == total_macs(model)
    assert row.test_accuracy == 0.985
    assert row.seconds == pytest.approx(6.0)
    # 2 s at 1000 img/s, then 4 s at 2000 img/s: 10,000 images in 6 s.
    assert row.images_per_second == pytest.approx(10_000 / 6)
    assert row.lecture_accuracy == 0.9901
    with pytest.raises(ValueError, match="no epoch records"):
        result_row("x", model, History())


def test_results_table_text_and_html_show_the_numbers() -> None:
    rows = [
        ResultRow("SimpleCNN", 8490, 467_200, 0.98765, 12.34, 5432.1, "cpu", 0.9869),
        ResultRow("Mine", 100, 1_000, 0.5, 1.0, 10.0, "cpu"),
    ]
    table = ResultsTable(rows)
    text = repr(table)
    assert "SimpleCNN" in text and "467,200" in text and "98.77%" in text and "98.69%" in text
    assert "5,432" in text and "12.3" in text
    assert len(text.splitlines()) == 4
    page = table._repr_html_()
    assert page.count("<tr>") == 3
    assert '<td data-key="macs" style="text-align:right">467,200</td>' in page
    assert '<td data-key="lecture" style="text-align:right"></td>' in page


def test_plot_cost_and_speed_bars_match_rows() -> None:
    rows = [
        ResultRow("A", 10, 2_000_000, 0.99, 5.0, 300.0, "cpu", 0.9869),
        ResultRow("B", 20, 6_000_000, 0.98, 9.0, 100.0, "cpu"),
    ]
    fig = plot_cost_and_speed(rows)
    accuracy_axes, macs_axes, speed_axes = fig.axes
    assert [bar.get_width() for bar in accuracy_axes.patches] == pytest.approx([99, 98])
    assert [bar.get_width() for bar in macs_axes.patches] == pytest.approx([2, 6])
    assert [bar.get_width() for bar in speed_axes.patches] == pytest.approx([300, 100])
    assert [label.get_text() for label in accuracy_axes.get_yticklabels()] == ["A", "B"]


def test_seed_summary_and_plot() -> None:
    accuracies = {"SimpleCNN": [0.98, 0.99, 0.97], "Mine": [0.5]}
    summary = summarise_seeds(accuracies)
    # The sample standard deviation (n - 1), the spread of one run: not the standard error.
    assert summary["SimpleCNN"] == pytest.approx((0.98, 0.01))
    assert summary["Mine"] == (0.5, 0.0)
    fig = plot_seed_accuracies(accuracies)
    (axes,) = fig.axes
    dots = [line for line in axes.get_lines() if line.get_marker() == "o"]
    np.testing.assert_allclose(dots[0].get_ydata(), [98, 99, 97])
    crosses = [
        line for line in axes.get_lines() if line.get_marker() == "x" and len(line.get_ydata())
    ]
    assert [line.get_ydata()[0] for line in crosses] == pytest.approx([98.69])


def test_training_also_exports_the_live_plot_and_the_results() -> None:
    # Notebooks import every plot of their training runs from advcnn.plots.training.
    for module in (live_module, results_module, seeds_module):
        for name in module.__all__:
            assert name in training.__all__, f"{module.__name__}.{name}"
            assert getattr(training, name) is getattr(module, name)


def test_seed_table_gives_the_standard_deviation_and_the_standard_error() -> None:
    values = [0.981, 0.984, 0.979, 0.986]
    table = SeedTable({"SimpleCNN": values, "Mine": [0.5]})
    stats = table.stats["SimpleCNN"]
    assert stats.runs == 4
    assert stats.mean == pytest.approx(np.mean(values))
    assert stats.std == pytest.approx(np.std(values, ddof=1))  # one run's spread
    assert stats.sem == pytest.approx(np.std(values, ddof=1) / 2)  # the mean's uncertainty
    assert table.stats["Mine"].std == 0.0 and table.stats["Mine"].sem == 0.0
    text = repr(table)
    assert "std. error of mean" in text and f"{stats.sem:.2%}" in text and "98.25%" in text
    page = table._repr_html_()
    assert page.count("<tr>") == 3
    assert f'<td data-key="sem" style="text-align:right">{stats.sem:.2%}</td>' in page
    with pytest.raises(ValueError, match="no accuracies for 'Empty'"):
        SeedTable({"Empty": []})


def test_seed_comparison_separates_disjoint_runs_and_not_overlapping_ones() -> None:
    table = SeedTable(
        {
            "SimpleCNN": [0.9900, 0.9904, 0.9898],
            "ResidualNet": [0.9925, 0.9921, 0.9930],
            "InceptionNet": [0.9908, 0.9893, 0.9903],
        }
    )
    assert table.ranking() == ["ResidualNet", "InceptionNet", "SimpleCNN"]
    assert table.best() == "ResidualNet"
    apart = table.compare("SimpleCNN", "ResidualNet")  # either order: the higher mean first
    assert (apart.better, apart.worse) == ("ResidualNet", "SimpleCNN")
    assert apart.gap == pytest.approx(np.mean([0.9925, 0.9921, 0.9930]) - 0.99006666666)
    sem = [
        np.std(v, ddof=1) / np.sqrt(3) for v in ([0.9925, 0.9921, 0.993], [0.99, 0.9904, 0.9898])
    ]
    assert apart.standard_error == pytest.approx(np.hypot(*sem))
    assert (apart.ahead, apart.paired, apart.disjoint) == (3, 3, True)
    # Either model's 3 runs on top of all 6: 2 of the C(6, 3) = 20 equally likely splits.
    assert apart.chance == pytest.approx(2 / 20)
    assert apart.separated
    assert "tell them apart" in apart.describe() and "3 of 3 seeds" in apart.describe()
    close = table.compare("InceptionNet", "SimpleCNN")
    assert close.better == "InceptionNet" and not close.disjoint and not close.separated
    assert close.ahead == 2  # seeds 0 and 2
    assert "their runs overlap: these seeds cannot rank them" in close.describe()
    tiny = SeedTable({"A": [0.9, 0.91], "B": [0.5, 0.6]}).compare("A", "B")
    assert tiny.disjoint and tiny.chance == pytest.approx(2 / 6)
    narrow = SeedTable({"A": [0.90, 0.99, 0.99], "B": [0.70, 0.89, 0.89]}).compare("A", "B")
    assert narrow.disjoint and not narrow.separated  # gap 0.133, standard error 0.070
    assert "the gap is under two standard errors" in narrow.describe()
    pairs = [(c.better, c.worse) for c in table.comparisons()]
    assert pairs == [
        ("ResidualNet", "InceptionNet"),
        ("ResidualNet", "SimpleCNN"),
        ("InceptionNet", "SimpleCNN"),
    ]


def test_loop_log_logs_a_hand_written_loop_as_fit_logs_the_same_loop() -> None:
    # The reference is fit itself: the same model, weights, batch order and SGD, written out.
    generator = torch.Generator().manual_seed(1)
    data = SimpleNamespace(
        train_images=torch.randn(100, 1, 28, 28, generator=generator),
        train_labels=torch.randint(0, 10, (100,), generator=generator),
        test_images=torch.randn(40, 1, 28, 28, generator=generator),
        test_labels=torch.randint(0, 10, (40,), generator=generator),
    )
    data.to = lambda device: data
    torch.manual_seed(0)
    model, copy = SimpleCNN(), SimpleCNN()
    copy.load_state_dict(model.state_dict())
    config = recipe(
        "lecture",
        epochs=2,
        batch_size=16,
        log_every=3,
        progress=False,
        device="cpu",
        channels_last=False,
        seed=5,
    )
    history = fit(model, data, config)

    log = LoopLog(log_every=3, lr=config.lr)
    order = torch.Generator().manual_seed(5)  # fit draws one randperm per epoch from its seed
    optimizer = torch.optim.SGD(copy.parameters(), lr=config.lr, momentum=config.momentum)
    for _ in range(config.epochs):
        permutation = torch.randperm(100, generator=order)
        for start in range(0, 100, 16):
            index = permutation[start : start + 16]
            loss = nn.functional.cross_entropy(
                copy(data.train_images[index]), data.train_labels[index]
            )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            log.step(loss.item(), len(index))
        with torch.no_grad():
            correct = (copy(data.test_images).argmax(1) == data.test_labels).sum().item()
        log.end_epoch(correct / 40, seconds=1.0)

    ours = log.history
    assert [step for step, _ in ours.steps] == [step for step, _ in history.steps]
    # 7 steps per epoch (6 of 16, one of 4): entries at 3, 6, 7 | 9, 12, 14
    assert [step for step, _ in ours.steps] == [3, 6, 7, 9, 12, 14]
    np.testing.assert_allclose([v for _, v in ours.steps], [v for _, v in history.steps], rtol=1e-5)
    assert ours.steps_per_epoch == history.steps_per_epoch == 7
    assert [r.test_accuracy for r in ours.records] == [r.test_accuracy for r in history.records]
    for mine, theirs in zip(ours.records, history.records, strict=True):
        assert mine.train_loss == pytest.approx(theirs.train_loss, rel=1e-5)
        assert np.isnan(mine.train_accuracy) and mine.lr == theirs.lr
    assert ours.records[1].images_per_second == pytest.approx(100.0)
    assert [(step, seconds) for step, seconds, _ in ours.evaluations] == [(7, 1.0), (14, 2.0)]
    for a, b in zip(model.state_dict().values(), copy.state_dict().values(), strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=0)
    fig = plot_history({"lecture loop": ours, "fit": history})  # both draw the same way
    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["lecture loop", "fit"]


def test_loop_log_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="log_every must be a whole number"):
        LoopLog(log_every=0)
    log = LoopLog()
    with pytest.raises(ValueError, match="no step since the previous epoch ended"):
        log.end_epoch(0.5, 1.0)
    with pytest.raises(ValueError, match="the loss at step 1 is nan"):
        log.step(float("nan"), 64)
