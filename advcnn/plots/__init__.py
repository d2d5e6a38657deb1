"""Pure drawing functions: each takes numbers (from ``advcnn.cost``, ``advcnn.train``, …) and
returns a matplotlib figure, so that every plot can be made and tested without a notebook."""
