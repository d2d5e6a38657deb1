"""Keep every notebook's opening in step with pyproject.toml: its setup cell and its badges.

The setup cell (a notebook's first code cell) installs the tagged release of this repository,
``advcnn @ git+<repository>@v<version>``, when the notebook runs in Google Colab or on Kaggle, and
does nothing anywhere else. The badge line (in the first markdown cell) opens the notebook in
Colab and in Kaggle. The repository URL (``[project.urls] Repository``) and the version live in
pyproject.toml only; everything here is built from them.

    python tools/sync_notebooks.py          # name the notebooks that are out of step (exit 1)
    python tools/sync_notebooks.py --fix    # rewrite their setup cells and badge lines
    python tools/sync_notebooks.py --root /tmp/copy   # the same on a copy of the checkout

``--fix`` changes the source of those two cells only; every output, execution count and the
other cells stay as they are.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10 has no tomllib; tomli is the same parser.
    import tomli as tomllib

__all__ = [
    "BRANCH",
    "NOTEBOOKS",
    "REPO",
    "badge_line",
    "fix",
    "notebook_paths",
    "problems",
    "project_release",
    "setup_cell_source",
]

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
BRANCH = "main"  # the badges open the notebooks as they are on this branch
_COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
_KAGGLE_BADGE = "https://kaggle.com/static/images/open-in-kaggle.svg"

_SETUP_CELL = """\
# Installs advcnn {version}, the release these notebooks belong to, in Google Colab and on Kaggle;
# does nothing anywhere else.
import os
import subprocess
import sys

ON_KAGGLE = "KAGGLE_KERNEL_RUN_TYPE" in os.environ
if "google.colab" in sys.modules or ON_KAGGLE:
    package = "advcnn @ git+{repository}@v{version}"
    print(f"Installing {{package}} ...")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", package], capture_output=True, text=True
    )
    if install.returncode != 0:
        print(install.stdout + install.stderr)
        hint = (
            " On Kaggle, switch on internet access (Settings -> Internet) and run this cell again."
            if ON_KAGGLE
            else ""
        )
        raise RuntimeError(f"Installing {{package}} failed; pip's output is above.{{hint}}")"""


def project_release(pyproject: Path = REPO / "pyproject.toml") -> tuple[str, str]:
    """The repository URL and the version, as pyproject.toml gives them.

    Raises:
        ValueError: pyproject.toml has no ``[project.urls] Repository`` on GitHub.
    """
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    repository = project.get("urls", {}).get("Repository", "").rstrip("/")
    if not repository.startswith("https://github.com/"):
        raise ValueError(
            f"{pyproject}: [project.urls] Repository must be the GitHub URL of this repository "
            f"(https://github.com/<owner>/<name>), got {repository!r}"
        )
    return repository, project["version"]


def setup_cell_source(repository: str, version: str) -> str:
    """The setup cell every notebook opens with, for this repository and version."""
    return _SETUP_CELL.format(repository=repository, version=version)


def badge_line(notebook: Path, repository: str, root: Path = REPO) -> str:
    """Open-in-Colab and Open-in-Kaggle badges for ``notebook``, a file under ``root``.

    Args:
        notebook: The notebook's path.
        repository: The repository's GitHub URL.
        root: The checkout the notebook is in (another folder to try this on copies).
    """
    relative = notebook.resolve().relative_to(root.resolve()).as_posix()
    github = f"{repository}/blob/{BRANCH}/{relative}"
    colab = github.replace("https://github.com/", "https://colab.research.google.com/github/")
    return (
        f"[![Open In Colab]({_COLAB_BADGE})]({colab}) "
        f"[![Open In Kaggle]({_KAGGLE_BADGE})](https://kaggle.com/kernels/welcome?src={github})"
    )


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """Every notebook under ``folder`` (translations and solutions included), sorted."""
    return sorted(
        path for path in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts
    )


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _first(cells: list[dict], cell_type: str) -> dict | None:
    return next((cell for cell in cells if cell["cell_type"] == cell_type), None)


def _with_badges(markdown: str, badges: str) -> str:
    """``markdown`` with its badge lines replaced by ``badges`` (appended when it has none)."""
    lines = markdown.split("\n")
    at = [i for i, line in enumerate(lines) if _COLAB_BADGE in line or _KAGGLE_BADGE in line]
    if not at:
        return f"{markdown.rstrip()}\n\n{badges}"
    lines[at[0]] = badges
    return "\n".join(line for i, line in enumerate(lines) if i not in at[1:])


def problems(path: Path, repository: str, version: str, root: Path = REPO) -> list[str]:
    """What is out of step in the notebook at ``path``; empty when nothing is."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    setup, intro = _first(cells, "code"), _first(cells, "markdown")
    if setup is None or _source(setup) != setup_cell_source(repository, version):
        found.append(f"its first code cell is not the setup cell for v{version}")
    if intro is None or badge_line(path, repository, root) not in _source(intro).split("\n"):
        found.append("its first markdown cell lacks the Open-in-Colab and Open-in-Kaggle badges")
    return found


def _as_stored(source: str) -> list[str]:
    return source.splitlines(keepends=True)


def fix(path: Path, repository: str, version: str, root: Path = REPO) -> bool:
    """Rewrite the notebook's setup cell and badge line in place; True if anything changed."""
    text = path.read_text(encoding="utf-8")
    notebook = json.loads(text)
    cells = notebook["cells"]
    setup, intro = _first(cells, "code"), _first(cells, "markdown")
    if setup is None or intro is None or cells.index(intro) > cells.index(setup):
        raise ValueError(f"{path}: a notebook must open with a markdown cell, then the setup cell")
    setup["source"] = _as_stored(setup_cell_source(repository, version))
    badges = badge_line(path, repository, root)
    intro["source"] = _as_stored(_with_badges(_source(intro), badges))
    # As nbformat stores notebooks: sorted keys, one-space indent, UTF-8, a final newline.
    new_text = json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    if new_text == text:
        return False
    path.write_text(new_text, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fix", action="store_true", help="rewrite what is out of step")
    parser.add_argument(
        "--root", type=Path, default=REPO, help="the checkout (default: this one); its notebooks/"
    )
    args = parser.parse_args(argv)
    repository, version = project_release()
    root = args.root.resolve()
    out_of_step = 0
    for path in notebook_paths(root / "notebooks"):
        name = path.relative_to(root)
        found = problems(path, repository, version, root)
        if found and args.fix:
            fix(path, repository, version, root)
            print(f"fixed {name}: " + "; ".join(found))
        elif found:
            out_of_step += 1
            print(f"{name}: " + "; ".join(found))
    if out_of_step:
        print(f"{out_of_step} notebook(s) out of step: run python tools/sync_notebooks.py --fix")
    return 1 if out_of_step else 0


if __name__ == "__main__":
    sys.exit(main())
