"""Every notebook opens with the setup cell of pyproject's release and with Colab and Kaggle badges.

The canonical cell and badges are built by tools/sync_notebooks.py (``--fix`` rewrites the
notebooks); here pyproject.toml and CITATION.cff are read independently, the cell is run as Colab,
Kaggle and a plain Jupyter would run it (with pip replaced by a stand-in), and ``--fix`` is tried
on a copy.
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10 has no tomllib; tomli is the same parser.
    tomllib = pytest.importorskip("tomli")

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("sync_notebooks", REPO / "tools/sync_notebooks.py")
sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync)

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
REPOSITORY, VERSION = PROJECT["urls"]["Repository"], PROJECT["version"]
SETUP = sync.setup_cell_source(REPOSITORY, VERSION)
NOTEBOOKS = sync.notebook_paths()


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def first(path: Path, cell_type: str) -> str:
    return next(source(cell) for cell in cells(path) if cell["cell_type"] == cell_type)


def test_the_notebooks_are_found_in_every_folder() -> None:
    assert REPO / "notebooks" / "01_one_by_one_convolution.ipynb" in NOTEBOOKS
    found = {path.relative_to(REPO / "notebooks").parent for path in NOTEBOOKS}
    expected = {
        Path("."),
        *(Path(f) for f in ("solutions", "zh") if (REPO / "notebooks" / f).is_dir()),
    }
    assert expected <= found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_opens_with_the_setup_cell_of_this_release(path: Path) -> None:
    assert first(path, "code") == SETUP, (
        f"{path.name}: its first code cell is not the setup cell of v{VERSION}; "
        "run python tools/sync_notebooks.py --fix"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_has_colab_and_kaggle_badges_to_itself(path: Path) -> None:
    github = f"https://github.com/advcnn/advcnn/blob/main/{path.relative_to(REPO).as_posix()}"
    colab = github.replace("https://github.com/", "https://colab.research.google.com/github/")
    kaggle = f"https://kaggle.com/kernels/welcome?src={github}"
    intro = first(path, "markdown")
    for badge, link in [
        ("https://colab.research.google.com/assets/colab-badge.svg", colab),
        ("https://kaggle.com/static/images/open-in-kaggle.svg", kaggle),
    ]:
        assert f"]({badge})]({link})" in intro, (
            f"{path.name}: no badge {badge} linking to {link} in its first markdown cell; "
            "run python tools/sync_notebooks.py --fix"
        )


def test_setup_cell_installs_the_tagged_release_named_in_pyproject() -> None:
    assert REPOSITORY == "https://github.com/advcnn/advcnn"
    assert f'"advcnn @ git+{REPOSITORY}@v{VERSION}"' in SETUP
    assert "@main" not in SETUP and SETUP.count("git+") == 1
    ast.parse(SETUP)  # plain Python: no magics, so it runs the same in every kernel


def test_citation_names_the_same_release() -> None:
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0"
    assert str(citation["version"]) == VERSION
    assert citation["repository-code"] == REPOSITORY
    assert PROJECT["license"].split(" AND ")[0] == "MIT" and "MIT" in citation["license"]


# --- the setup cell, run where it runs --------------------------------------------------------


class FakePip:
    """Stands in for subprocess.run: records the command, answers with ``returncode``."""

    def __init__(self, returncode: int = 0) -> None:
        self.returncode, self.commands = returncode, []

    def __call__(self, command, **kwargs) -> subprocess.CompletedProcess[str]:
        self.commands.append(command)
        output = "ERROR: Could not resolve host: github.com" if self.returncode else ""
        return subprocess.CompletedProcess(command, self.returncode, stdout="", stderr=output)


@pytest.fixture
def run_setup_cell(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("KAGGLE_KERNEL_RUN_TYPE", raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)

    def run(where: str, returncode: int = 0) -> FakePip:
        if where == "colab":
            monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
        elif where == "kaggle":
            monkeypatch.setenv("KAGGLE_KERNEL_RUN_TYPE", "Interactive")
        pip = FakePip(returncode)
        monkeypatch.setattr(subprocess, "run", pip)
        exec(compile(SETUP, "<setup cell>", "exec"), {})
        return pip

    return run


def test_setup_cell_does_nothing_in_a_plain_jupyter(run_setup_cell) -> None:
    assert run_setup_cell("jupyterlab").commands == []


@pytest.mark.parametrize("where", ["colab", "kaggle"])
def test_setup_cell_installs_the_release_in_colab_and_kaggle(where: str, run_setup_cell) -> None:
    pip = run_setup_cell(where)
    package = f"advcnn @ git+https://github.com/advcnn/advcnn@v{VERSION}"
    assert pip.commands == [[sys.executable, "-m", "pip", "install", "--quiet", package]]


def test_failed_install_on_kaggle_says_to_switch_on_internet(run_setup_cell, capsys) -> None:
    with pytest.raises(RuntimeError, match=r"failed.*switch on internet access \(Settings"):
        run_setup_cell("kaggle", returncode=1)
    assert "Could not resolve host" in capsys.readouterr().out


def test_failed_install_in_colab_shows_pips_output_without_the_kaggle_advice(
    run_setup_cell, capsys
) -> None:
    with pytest.raises(RuntimeError, match="failed") as error:
        run_setup_cell("colab", returncode=1)
    assert "Kaggle" not in str(error.value)
    assert "Could not resolve host" in capsys.readouterr().out


# --- the maintainer's --fix, on a copy ----------------------------------------------------------


def old_notebook(badge_at: str | None) -> dict:
    """A notebook as they were before Kaggle: the moving main branch, a Colab badge at most."""
    intro = "# A lesson\n\nWhat you will learn.\n"
    if badge_at:
        colab = f"https://colab.research.google.com/github/advcnn/advcnn/blob/main/{badge_at}"
        intro += f"\n[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab})"
    setup = (
        "import sys\n\n"
        'if "google.colab" in sys.modules:\n'
        '    %pip install --quiet "advcnn @ git+https://github.com/advcnn/advcnn"'
    )
    stored = {"name": "stdout", "output_type": "stream", "text": ["8\n"]}
    return {
        "cells": [
            {"cell_type": "markdown", "id": "a", "metadata": {}, "source": intro},
            {
                "cell_type": "code",
                "execution_count": 1,
                "id": "b",
                "metadata": {"tags": ["keep"]},
                "outputs": [],
                "source": setup.splitlines(keepends=True),
            },
            {
                "cell_type": "code",
                "execution_count": 2,
                "id": "c",
                "metadata": {},
                "outputs": [stored],
                "source": ["print(2 ** 3)"],
            },
        ],
        "metadata": {"kernelspec": {"name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_fix_rewrites_setup_cells_and_badges_and_nothing_else(tmp_path: Path) -> None:
    copies = {
        "notebooks/01_lesson.ipynb": "notebooks/01_lesson.ipynb",
        "notebooks/zh/01_lesson.ipynb": None,  # no badge yet
        "notebooks/solutions/01_lesson.ipynb": "notebooks/01_lesson.ipynb",  # a copied badge
    }
    before = {}
    for name, badge_at in copies.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        before[name] = old_notebook(badge_at)
        path.write_text(json.dumps(before[name], indent=1) + "\n")
        assert len(sync.problems(path, REPOSITORY, VERSION, tmp_path)) == 2

    assert sync.main(["--root", str(tmp_path)]) == 1  # the check alone changes nothing
    assert all(json.loads((tmp_path / n).read_text()) == before[n] for n in copies)
    assert sync.main(["--root", str(tmp_path), "--fix"]) == 0
    assert sync.main(["--root", str(tmp_path)]) == 0

    for name in copies:
        path = tmp_path / name
        after = json.loads(path.read_text())
        intro, setup, other = after["cells"]
        assert source(setup) == SETUP
        kaggle = f"https://kaggle.com/kernels/welcome?src={REPOSITORY}/blob/main/{name})"
        assert source(intro).startswith("# A lesson\n\nWhat you will learn.\n\n[![Open In Colab]")
        assert source(intro).count("colab-badge.svg") == 1 and kaggle in source(intro)
        expected = copy.deepcopy(before[name])
        for cell in (expected["cells"][0], expected["cells"][1]):
            cell.pop("source")
        for cell in (intro, setup):
            cell.pop("source")
        assert after == expected  # outputs, counts, ids, metadata and other cells as they were
        text = path.read_text()
        assert not sync.fix(path, REPOSITORY, VERSION, tmp_path) and path.read_text() == text
