"""A small notebook shaped like advcnn's, for proving the browser harness on known widgets.

Its explorer follows the convention the real notebooks follow: sliders and a dropdown with
descriptions, the numbers in an ``HTML`` widget as ``<span data-key=...>`` elements, and a
matplotlib plot, all wired with ``ipywidgets.interactive_output`` to ``advcnn.cost.bottleneck_cost``
(Szegedy et al. 2015's 1×1 bottleneck). Faults can be built in on purpose:

* ``"frozen"``: the callback stops updating after its first call;
* ``"drifts"``: the numbers stop following the slider above 16 bottleneck channels;
* ``"raises"``: the callback raises above 40 bottleneck channels;
* ``"cell_error"``: a final code cell raises, so Run All stops there.

Run ``python tests/browser/demo_notebook.py OUT.ipynb [FAULT ...]`` to write one by hand.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat

__all__ = ["FAULTS", "write_demo"]

FAULTS = ("none", "frozen", "drifts", "raises", "cell_error")

_SETUP = """\
import ipywidgets as widgets
import matplotlib.pyplot as plt

from advcnn.cost import bottleneck_cost


def explorer(fault="none"):
    bottleneck = widgets.IntSlider(value=16, min=1, max=64, description="bottleneck channels")
    kernel = widgets.Dropdown(options=[3, 5, 7], value=5, description="kernel size")
    numbers = widgets.HTML()
    calls = []

    def show(bottleneck_channels, kernel_size):
        if fault == "frozen" and calls:
            return
        calls.append(bottleneck_channels)
        if fault == "raises" and bottleneck_channels > 40:
            raise ValueError("this explorer breaks above 40 channels")
        used = min(bottleneck_channels, 16) if fault == "drifts" else bottleneck_channels
        cost = bottleneck_cost(bottleneck_channels=used, kernel_size=kernel_size)
        numbers.value = (
            f'direct <span data-key="direct_macs">{cost.direct_macs:,}</span> MACs, '
            f'bottleneck <span data-key="bottleneck_macs">{cost.bottleneck_macs:,}</span> MACs '
            f'(<span data-key="mac_ratio">{cost.mac_ratio:.1%}</span>)'
        )
        fig, ax = plt.subplots(figsize=(4, 2.5))
        ax.bar(["direct", "bottleneck"], [cost.direct_macs, cost.bottleneck_macs])
        ax.set_ylabel("MACs")
        plt.show()

    controls = {"bottleneck_channels": bottleneck, "kernel_size": kernel}
    out = widgets.interactive_output(show, controls)
    return widgets.VBox([widgets.HBox([bottleneck, kernel]), numbers, out])
"""


def write_demo(path: Path, faults: Sequence[str] = ("none",)) -> Path:
    """Write the demo notebook: one explorer cell per widget fault, then the cell error if asked.

    Args:
        path: Where to write the ``.ipynb`` (its folder is created).
        faults: Names from ``FAULTS``; ``"none"`` is a working explorer.

    Returns:
        ``path``.
    """
    unknown = set(faults) - set(FAULTS)
    if unknown:
        raise ValueError(f"unknown faults {sorted(unknown)}; choose from {FAULTS}")
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    cells = [
        nbformat.v4.new_markdown_cell("# Bottleneck explorer"),
        nbformat.v4.new_code_cell(_SETUP),
    ]
    cells += [
        nbformat.v4.new_code_cell(f'explorer("{fault}")')
        for fault in faults
        if fault != "cell_error"
    ]
    if "cell_error" in faults:
        cells.append(nbformat.v4.new_code_cell("1 / 0"))
    notebook.cells = cells
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(f"usage: {sys.argv[0]} OUT.ipynb [FAULT ...]   (faults: {', '.join(FAULTS)})")
    write_demo(Path(sys.argv[1]), sys.argv[2:] or ("none",))
