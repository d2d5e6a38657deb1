"""Checks of notebook 04's exercises (the lecture's networks trained the lecture's way), registered
in the notebook's order; the checks themselves live in ``nb04_runs`` (training runs and seeds),
``nb04_data`` (batch order, misclassified digits), ``nb04_shifted`` (shifted digits) and
``nb04_timing`` (seconds to an accuracy).
"""

from __future__ import annotations

from advcnn.exercises._core import exercise
from advcnn.exercises.nb04_data import epoch_sampler, same_mistakes
from advcnn.exercises.nb04_runs import full_run, seeds_needed
from advcnn.exercises.nb04_shifted import shifted_digits
from advcnn.exercises.nb04_timing import time_to_accuracy

__all__: list[str] = []

exercise("04.1", "The lecture's full run")(full_run)
exercise("04.2", "More than one epoch, step for step")(epoch_sampler)
exercise("04.3", "Same mistakes?")(same_mistakes)
exercise("04.4", "How many seeds?")(seeds_needed)
exercise("04.5", "A harder task: shifted digits")(shifted_digits)
exercise("04.6", "Faster: seconds to an accuracy")(time_to_accuracy)
