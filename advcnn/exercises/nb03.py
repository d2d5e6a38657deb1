"""Checks of notebook 03's exercises (residual connections).

Importing this module registers them in the notebook's order: the prediction before the depth
explorer (03.p1) and the lecture's block and network written by the learner (03.w1, 03.w2) in
``nb03_sections``, then the six exercises at the end: initialisation (03.1, 03.2) in ``nb03_init``,
float32's norm (03.3) in ``nb03_float32``, overfitting, odd sizes and depth (03.4 to 03.6) in
``nb03_depth``.
"""

from __future__ import annotations

import importlib

__all__: list[str] = []

# One after the other, so that EXERCISES lists the ids in the order the notebook asks them.
for _module in ("nb03_sections", "nb03_init", "nb03_float32", "nb03_depth"):
    importlib.import_module(f"advcnn.exercises.{_module}")
