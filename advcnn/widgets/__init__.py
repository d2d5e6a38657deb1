"""Thin ipywidgets wiring: sliders that drive ``advcnn.cost`` and ``advcnn.plots``.

Every explorer shows its numbers in an ``HTML`` widget whose spans carry ``data-key`` attributes,
so tests (headless and in a browser) can read exactly what a learner sees. Only widgets that
ipywidgets 7.7 (Google Colab) and 8 both have are used.
"""
