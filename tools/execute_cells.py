"""Re-execute only some cells of a stored notebook, keeping every other cell's outputs.

A full run of notebooks 04 to 06 takes most of an hour on a CPU. When a change adds cells that
depend on nothing but the notebook's imports (an exercise's stub and its ``check``), this runs
the notebook's first code cells (its setup and imports, outputs discarded) and then the chosen
cells in a fresh kernel, and stores the chosen cells' outputs, numbered after the notebook's last
execution count. Any cell that depends on what an earlier, unchosen cell computed needs a full
run instead (``make notebooks``).

    python tools/execute_cells.py notebooks/04_live_mnist_training.ipynb --check-cells
    python tools/execute_cells.py NOTEBOOK --cells 41 42 --prelude 2
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

__all__ = ["check_cells", "execute_cells"]

CHECK_CALL = re.compile(r"""\bcheck\(\s*["']\d\d\.\w+["']""")


def check_cells(notebook: nbformat.NotebookNode) -> list[int]:
    """Indices of the code cells that call ``check("NN.k", ...)``."""
    return [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and CHECK_CALL.search(cell.source)
    ]


def execute_cells(path: Path, cells: list[int], prelude: int) -> None:
    """Run the first ``prelude`` code cells, then ``cells``, storing only the latter's outputs.

    Raises:
        RuntimeError: A chosen cell raised; nothing is written.
    """
    notebook = nbformat.read(path, as_version=4)
    codes = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    before = [index for index in codes[:prelude] if index not in cells]
    counts = [cell.get("execution_count") or 0 for cell in notebook.cells if "outputs" in cell]
    count = max(counts, default=0)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False)
    with client.setup_kernel(cwd=str(path.parent)):
        for index in before:
            saved = (notebook.cells[index].outputs, notebook.cells[index].execution_count)
            client.execute_cell(notebook.cells[index], index)
            notebook.cells[index].outputs, notebook.cells[index].execution_count = saved
        for index in sorted(cells):
            cell = notebook.cells[index]
            client.execute_cell(cell, index)
            if any(output.output_type == "error" for output in cell.outputs):
                raise RuntimeError(f"cell {index} raised; {path} is left unchanged")
            count += 1
            cell.execution_count = count
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = count
    nbformat.write(notebook, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--cells", type=int, nargs="*", default=[], help="cell indices (from 0)")
    parser.add_argument(
        "--check-cells", action="store_true", help='add every cell that calls check("NN.k", ...)'
    )
    parser.add_argument(
        "--prelude", type=int, default=2, help="first code cells run first (default: 2)"
    )
    args = parser.parse_args(argv)
    cells = list(args.cells)
    if args.check_cells:
        cells += check_cells(nbformat.read(args.notebook, as_version=4))
    if not cells:
        parser.error("no cells chosen: give --cells or --check-cells")
    execute_cells(args.notebook, sorted(set(cells)), args.prelude)
    print(f"{args.notebook}: executed cells {sorted(set(cells))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
