"""Check of notebook 06's exercise 1: the leave-one-out ablation's recipes, built from the
package's own ingredients."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from advcnn.ablation import Ingredient, cumulative, fast_ingredients
from advcnn.config import RECIPES, TrainConfig
from advcnn.exercises._core import Mistake, exercise, expect_type
from advcnn.i18n import tr

__all__ = ["leave_one_out"]

# The notebook's ablation budget: every row, and every leave-one-out variant, trains one epoch.
BUDGET = {"epochs": 1}
# Fields that run_ablation and fit_rates set for each run, or that say where it runs.
_RUN_FIELDS = ("seed", "progress", "device")


def _same(value: Any, other: Any) -> bool:
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (value, other))
    return math.isclose(value, other, rel_tol=1e-9) if numbers else value == other


def _differences(config: TrainConfig, reference: TrainConfig) -> list[str]:
    """The fields, run settings aside, in which ``config`` differs from ``reference``."""
    return [
        field.name
        for field in dataclasses.fields(TrainConfig)
        if field.name not in _RUN_FIELDS
        and not _same(getattr(config, field.name), getattr(reference, field.name))
    ]


def leave_one_out() -> list[tuple[Ingredient, TrainConfig]]:
    """Each ingredient of ``fast_ingredients()``, with the recipe the notebook's ablation reaches
    for its budget when every other ingredient is applied, in order, and that one is not."""
    ingredients = fast_ingredients()
    variants = []
    for index, left_out in enumerate(ingredients):
        others = ingredients[:index] + ingredients[index + 1 :]
        variants.append((left_out, cumulative(RECIPES["lecture"], others, **BUDGET)[-1][1]))
    return variants


def _as_config(item: Any, position: int) -> TrainConfig:
    if isinstance(item, TrainConfig):
        return item
    if isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[1], TrainConfig):
        return item[1]
    raise Mistake(
        tr(
            "item {position} of your list is a {kind}: expected a (label, TrainConfig) pair, as "
            "cumulative returns them",
            position=position,
            kind=type(item).__name__,
        )
    )


def _diagnose(
    position: int,
    config: TrainConfig,
    expected: list[tuple[Ingredient, TrainConfig]],
    finished: TrainConfig,
) -> None:
    """Raise the ``Mistake`` that best explains why variant ``position`` (from 1) is wrong."""
    ingredient, reference = expected[position - 1]
    where = tr("variant {position} (without {label!r})", position=position, label=ingredient.label)
    differing = _differences(config, reference)
    if "epochs" in differing:
        raise Mistake(
            tr(
                "{where} trains {epochs} epoch(s): every variant gets the ablation's budget, "
                "epochs=1, so that the rows compare",
                where=where,
                epochs=config.epochs,
            )
        )
    if not _differences(config, finished):
        raise Mistake(tr("{where} is the fast recipe itself: nothing is left out", where=where))
    for number, (other, other_reference) in enumerate(expected, start=1):
        if number != position and not _differences(config, other_reference):
            raise Mistake(
                tr(
                    "{where} leaves out {label!r} instead: give the variants in the order of "
                    "fast_ingredients()",
                    where=where,
                    label=other.label,
                )
            )
    ingredients = [entry for entry, _ in expected]
    for name in differing:
        if name not in ingredient.changes:
            setters = [entry.label for entry in ingredients if name in entry.changes]
            if setters:
                raise Mistake(
                    tr(
                        "{where} also changes {name}, which {setter!r} sets: leave out one "
                        "ingredient at a time",
                        where=where,
                        name=name,
                        setter=setters[0],
                    )
                )
            raise Mistake(
                tr(
                    "{where} changes {name}, which no ingredient sets: keep its value",
                    where=where,
                    name=name,
                )
            )
    name = differing[0]
    value = getattr(config, name)
    # A field that two ingredients set (lr): name the other one by its place and its fields,
    # since its label would give the value away.
    index = ingredients.index(ingredient)
    others = [n for n, entry in enumerate(ingredients) if n != index and name in entry.changes]
    if others:
        later = [n for n in others if n > index]
        other = later[-1] if later else others[-1]
        described = tr(
            "ingredient {number} of fast_ingredients() (it sets {fields})",
            number=other + 1,
            fields=", ".join(ingredients[other].changes),
        )
        if later:
            raise Mistake(
                tr(
                    "{where} has {name}={value!r}, but {described} sets {name} too, after it, and "
                    "stays in: apply the other ingredients' changes, in order, to the lecture's "
                    "recipe",
                    where=where,
                    name=name,
                    value=value,
                    described=described,
                )
            )
        raise Mistake(
            tr(
                "{where} has {name}={value!r}: two ingredients set {name}, and without this one "
                "it keeps the value that {described} gives it",
                where=where,
                name=name,
                value=value,
                described=described,
            )
        )
    if _same(value, getattr(finished, name)):
        raise Mistake(
            tr(
                "{where} still has the fast recipe's {name}={value!r}: leaving the ingredient "
                "out undoes what it sets",
                where=where,
                name=name,
                value=value,
            )
        )
    raise Mistake(
        tr(
            "{where} has {name}={value!r}, a value that neither the lecture's recipe nor this "
            "ingredient gives it",
            where=where,
            name=name,
            value=value,
        )
    )


@exercise("06.1", "Leave one out")
def _leave_one_out(answer: Any) -> str:
    expected = leave_one_out()
    finished = cumulative(RECIPES["lecture"], [entry for entry, _ in expected], **BUDGET)[-1][1]
    items = expect_type(
        answer,
        (list, tuple),
        tr("a list of (label, TrainConfig) pairs, one per ingredient of fast_ingredients()"),
    )
    configs = [_as_config(item, position) for position, item in enumerate(items, start=1)]
    start = dataclasses.replace(RECIPES["lecture"], **BUDGET)
    if configs and not _differences(configs[0], start):
        raise Mistake(
            tr(
                "your list starts with the lecture's recipe, like the notebook's cumulative "
                "ablation: leave-one-out has one variant per ingredient, each starting from the "
                "finished recipe"
            )
        )
    if len(configs) != len(expected):
        raise Mistake(
            tr(
                "expected one variant per ingredient of fast_ingredients() ({expected}), got {got}",
                expected=len(expected),
                got=len(configs),
            )
        )
    for position, config in enumerate(configs, start=1):
        if _differences(config, expected[position - 1][1]):
            _diagnose(position, config, expected, finished)
    return tr(
        "all {count} variants are the fast recipe for one epoch with exactly one ingredient left "
        "out, in the order of fast_ingredients(). As (label, config) pairs, "
        'run_ablation("residual", data, answer, seeds) trains them.',
        count=len(expected),
    )
