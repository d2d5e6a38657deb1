"""Checks of notebook 06's exercises (the fast recipe's ingredients, and where the time goes).

Exercises 1 and 4 are recipes and arithmetic, checked against the package's own ingredients and
``TrainConfig.steps_per_epoch``. Exercises 2, 3 and 5 are experiments: the learner passes what
their runs produced and the number they read off, and the check recomputes that number from what
was passed; no check trains. The modules below register the checks in the notebook's order.
"""

from __future__ import annotations

from advcnn.exercises import nb06_ablation, nb06_runs, nb06_throughput  # noqa: F401

__all__: list[str] = []
