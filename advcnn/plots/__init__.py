"""Pure drawing functions: each takes numbers (from ``advcnn.cost``, ``advcnn.train``, …) and
returns a matplotlib figure, so that every plot can be made and tested without a notebook."""

from advcnn.plots import costs, densenet, gradients, inception, residual_units, training
from advcnn.plots.costs import *  # noqa: F403
from advcnn.plots.densenet import *  # noqa: F403
from advcnn.plots.gradients import *  # noqa: F403
from advcnn.plots.inception import *  # noqa: F403
from advcnn.plots.residual_units import *  # noqa: F403
from advcnn.plots.training import *  # noqa: F403

# ``costs`` re-exports ``pointwise``; ``training`` re-exports ``live`` and ``results``.
__all__ = [
    *costs.__all__,
    *densenet.__all__,
    *gradients.__all__,
    *inception.__all__,
    *residual_units.__all__,
    *training.__all__,
]
