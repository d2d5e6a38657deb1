"""Pure drawing functions: each takes numbers (from ``advcnn.cost``, ``advcnn.train``, …) and
returns a matplotlib figure, so that every plot can be made and tested without a notebook."""

from advcnn.plots import costs, gradients, inception, live, pointwise, results, training
from advcnn.plots.costs import *  # noqa: F403
from advcnn.plots.gradients import *  # noqa: F403
from advcnn.plots.inception import *  # noqa: F403
from advcnn.plots.live import *  # noqa: F403
from advcnn.plots.pointwise import *  # noqa: F403
from advcnn.plots.results import *  # noqa: F403
from advcnn.plots.training import *  # noqa: F403

# ``costs`` re-exports ``pointwise``, ``training`` re-exports ``live`` and ``results``: list each
# name once.
__all__ = list(
    dict.fromkeys(
        [
            *costs.__all__,
            *gradients.__all__,
            *inception.__all__,
            *training.__all__,
            *live.__all__,
            *pointwise.__all__,
            *results.__all__,
        ]
    )
)
