"""Thin ipywidgets wiring: sliders that drive ``advcnn.cost`` and ``advcnn.plots``.

Every explorer shows its numbers in an ``HTML`` widget whose spans carry ``data-key`` attributes,
so tests (headless and in a browser) can read exactly what a learner sees. Only widgets that
ipywidgets 7.7 (Google Colab) and 8 both have are used.
"""

from advcnn.widgets.bottleneck import LECTURE_BOTTLENECK, BottleneckExplorer
from advcnn.widgets.densenet import DenseNetExplorer
from advcnn.widgets.depth import DepthExplorer, VariantDepthExplorer, format_float
from advcnn.widgets.inception import LECTURE_WIDTHS, InceptionExplorer, key_rows

__all__ = [
    "BottleneckExplorer",
    "DenseNetExplorer",
    "DepthExplorer",
    "InceptionExplorer",
    "LECTURE_BOTTLENECK",
    "LECTURE_WIDTHS",
    "VariantDepthExplorer",
    "format_float",
    "key_rows",
]
