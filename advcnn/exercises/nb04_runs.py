"""Checks of notebook 04's exercises on training runs: the lecture's 10 epochs over several seeds
(04.1) and how many seeds tell two networks apart (04.4).

None of them trains: they recompute what the learner read off from what the learner passes, with
``SeedTable``.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from typing import Any

from advcnn.exercises._core import Mistake, call, expect_number, expect_type, parts
from advcnn.history import History
from advcnn.i18n import tr
from advcnn.plots.seeds import SeedComparison, SeedTable
from advcnn.train import RECIPES

__all__ = ["full_run", "seeds_needed"]


# --- 04.1 The lecture's full run ----------------------------------------------------------------


def _histories(value: Any, epochs: int) -> Mapping[str, History]:
    histories = expect_type(
        value,
        Mapping,
        tr("for 'histories' a dict of network name → History (section 4's histories)"),
    )
    for name, history in histories.items():
        if not isinstance(history, History):
            raise Mistake(
                tr(
                    "histories[{name!r}] should be the History that fit returned, got {kind}.",
                    name=name,
                    kind=type(history).__name__,
                )
            )
        if history.interrupted:
            raise Mistake(tr("the run of {name} was interrupted: train it to the end.", name=name))
        if len(history.records) != epochs:
            raise Mistake(
                tr(
                    "the history of {name} has {records} epoch(s), the lecture's recipe trains "
                    "{epochs}: set EPOCHS = {epochs} in section 4, then run sections 4 and 5 "
                    "again.",
                    name=name,
                    records=len(history.records),
                    epochs=epochs,
                )
            )
    return histories


def _accuracies(value: Any, histories: Mapping[str, History]) -> dict[str, list[float]]:
    accuracies = expect_type(
        value,
        Mapping,
        tr("for 'accuracies' a dict of network name → list of accuracies (section 5)"),
    )
    if set(accuracies) != set(histories):
        raise Mistake(
            tr(
                "'accuracies' and 'histories' should name the same networks: {accuracies} "
                "against {histories}.",
                accuracies=sorted(accuracies),
                histories=sorted(histories),
            )
        )
    checked = {}
    for name, values in accuracies.items():
        if isinstance(values, (int, float)):
            raise Mistake(
                tr("accuracies[{name!r}] should be a list, one accuracy per seed.", name=name)
            )
        what = tr("accuracies of {name} (numbers)", name=name)
        numbers = [expect_number(v, what) for v in values]
        if len(numbers) < 2:
            raise Mistake(
                tr(
                    "{name} has {runs} run(s): one run has no spread, so no seed can tell "
                    "networks apart; run section 5 with SEEDS of at least 2.",
                    name=name,
                    runs=len(numbers),
                )
            )
        if any(not 0 <= v <= 1 for v in numbers):
            raise Mistake(
                tr(
                    "the accuracies of {name} hold numbers above 1: accuracies are fractions "
                    "(0.98), as final_test_accuracy gives them, not percentages.",
                    name=name,
                )
            )
        if numbers[0] != histories[name].final_test_accuracy:
            raise Mistake(
                tr(
                    "the first accuracy of {name} (seed 0) is not the final accuracy of its "
                    "history: 'accuracies' and 'histories' come from different runs. Run section "
                    "5 after section 4, with the same EPOCHS.",
                    name=name,
                )
            )
        checked[name] = numbers
    return checked


def _pairs(value: Any, names: set[str]) -> set[tuple[str, str]]:
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        raise Mistake(
            tr("'told_apart' should be a set of pairs; put even a single pair in a set: {(a, b)}.")
        )
    if isinstance(value, (str, Mapping)) or not hasattr(value, "__iter__"):
        raise Mistake(
            tr(
                "expected for 'told_apart' a set of (better, worse) pairs of network names, "
                "got {kind}.",
                kind=type(value).__name__,
            )
        )
    pairs = set()
    for item in value:
        if isinstance(item, SeedComparison):
            item = (item.better, item.worse)
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise Mistake(
                tr("each pair should be a tuple (better, worse), got {item!r}.", item=item)
            )
        unknown = [name for name in item if name not in names]
        if unknown:
            raise Mistake(
                tr(
                    "{name!r} is not one of the networks: {names}.",
                    name=unknown[0],
                    names=sorted(names),
                )
            )
        pairs.add((item[0], item[1]))
    return pairs


def full_run(answer: Any) -> str:
    """04.1: the pairs of networks the seeds of a 10-epoch run tell apart."""
    given = parts(answer, ("histories", "accuracies", "told_apart"))
    epochs = RECIPES["lecture"].epochs
    histories = _histories(given["histories"], epochs)
    table = SeedTable(_accuracies(given["accuracies"], histories))
    right = {(c.better, c.worse) for c in table.comparisons() if c.separated}
    pairs = _pairs(given["told_apart"], set(histories))
    for first, second in sorted(pairs - right):
        if (second, first) in right:
            raise Mistake(
                tr(
                    "({first!r}, {second!r}) is the wrong way round: write each pair as "
                    "(better, worse), the higher mean first.",
                    first=first,
                    second=second,
                )
            )
        comparison = table.compare(first, second)
        if comparison.better != first:
            raise Mistake(
                tr(
                    "({first!r}, {second!r}): {second} has the higher mean, so it would come "
                    "first; and the seeds do not tell these two apart.",
                    first=first,
                    second=second,
                )
            )
        big_gap = comparison.gap >= 2 * comparison.standard_error
        why = (
            tr("the gap is two standard errors or more, but their runs overlap")
            if big_gap
            else tr("their runs do not overlap, but the gap is under two standard errors")
            if comparison.disjoint
            else tr("their runs overlap and the gap is under two standard errors")
        )
        raise Mistake(
            tr(
                "the seeds do not tell {first} and {second} apart: {why}. Both are needed "
                "(SeedComparison.separated).",
                first=first,
                second=second,
                why=why,
            )
        )
    if right - pairs:
        raise Mistake(
            tr(
                "a pair that these seeds tell apart is missing: read every line that "
                "table.comparisons() describes in section 5."
            )
        )
    return tr(
        "these are exactly the pairs that SeedTable tells apart after the lecture's {epochs} "
        "epochs. Set them beside the pairs of the stored run in section 5: did more epochs "
        "separate networks, or only raise every mean?",
        epochs=epochs,
    )


# --- 04.4 How many seeds? ------------------------------------------------------------------------

# (gap between the two means, one run's std of the first network, of the second), as fractions:
# the first is like section 5's closest pair; the second needs the minimum of 2 seeds; the others
# have unequal spreads, so that a formula using one standard deviation only is caught.
_SEED_CASES = (
    (0.0004, 0.0023, 0.0011),
    (0.005, 0.002, 0.001),
    (0.003, 0.0021, 0.0017),
    (0.0015, 0.0006, 0.0031),
    (0.0072, 0.0044, 0.0029),
)
_MOST_SEEDS = 10_000


def _standard_error(std_a: float, std_b: float, runs: int) -> float:
    """The standard error of the gap between two means of ``runs`` runs each, computed by
    ``SeedTable.compare`` on runs built with exactly these standard deviations."""
    spread = [index - (runs - 1) / 2 for index in range(runs)]
    unit = statistics.stdev(spread)
    table = SeedTable(
        {"a": [std_a * v / unit for v in spread], "b": [std_b * v / unit for v in spread]}
    )
    return table.compare("a", "b").standard_error


def _fewest_seeds(gap: float, std_a: float, std_b: float) -> int:
    """The fewest seeds per network (at least 2) at which ``gap`` is two standard errors."""
    return next(
        runs for runs in range(2, _MOST_SEEDS) if gap >= 2 * _standard_error(std_a, std_b, runs)
    )


def _seed_mistakes(gap: float, a: float, b: float) -> list[tuple[float, str]]:
    """What common wrong formulas give for one case, and what to say about each."""
    variance = a * a + b * b
    exact = 4 * variance / gap**2
    return [
        (exact, tr("a number of seeds is a whole number: round your formula's result up")),
        (math.ceil(exact) - 1, tr("at that many seeds the gap is still under two standard "
         "errors: round up, not down")),
        (math.ceil(exact) + 1, tr("one seed more than needed: the smallest n with gap ≥ 2·SE is "
         "asked for (math.ceil of the bound itself)")),
        (math.ceil(variance / gap**2), tr("that makes the gap one standard error; the exercise "
         "asks for two, and the 2 comes out squared when you solve for n")),
        (math.ceil(2 * variance / gap**2), tr("the 2 of 'two standard errors' is squared when "
         "you solve gap ≥ 2·sqrt((a² + b²)/n) for n")),
        (math.ceil(4 * (a + b) ** 2 / gap**2), tr("standard errors add in squares: the gap's is "
         "sqrt(SE_a² + SE_b²), not SE_a + SE_b")),
        (math.ceil(2 * math.sqrt(variance) / gap), tr("n sits under a square root in the "
         "standard error: square both sides of gap ≥ 2·sqrt((a² + b²)/n) before solving for n")),
        (math.ceil(8 * a * a / gap**2), tr("use both networks' standard deviations, not the "
         "first one twice")),
        (math.ceil(4 * a * a / gap**2), tr("the standard error of the gap involves both "
         "networks' standard deviations, not the first one's only")),
    ]  # fmt: skip


def seeds_needed(answer: Any) -> str:
    """04.4: ``seeds_needed(gap, std_a, std_b)``, tried on fixed cases against SeedTable."""
    for gap, a, b in _SEED_CASES:
        got = expect_number(
            call(answer, gap, a, b, what="seeds_needed(gap, std_a, std_b)"),
            tr("a number of seeds for gap={gap}, std_a={a}, std_b={b}", gap=gap, a=a, b=b),
        )
        right = _fewest_seeds(gap, a, b)
        if got == right:
            continue
        where = tr(
            "for gap={gap}, std_a={a}, std_b={b} you gave {got:g}", gap=gap, a=a, b=b, got=got
        )
        if right == 2 and got < 2:
            raise Mistake(
                tr(
                    "{where}: one seed has no standard deviation, so a network needs at least 2.",
                    where=where,
                )
            )
        for value, message in _seed_mistakes(gap, a, b):
            if value != right and math.isclose(got, value, rel_tol=1e-9):
                raise Mistake(tr("{where}: {message}.", where=where, message=message))
        raise Mistake(
            tr(
                "{where}, which is not the fewest seeds. Solve gap ≥ 2·sqrt(std_a²/n + std_b²/n) "
                "for n, and round up.",
                where=where,
            )
        )
    return tr(
        "the fewest seeds on all {count} cases tried: n = 4·(std_a² + std_b²)/gap², rounded up, "
        "and at least 2. Halving the gap takes four times the seeds.",
        count=len(_SEED_CASES),
    )
