"""environment.yml (conda) and pyproject.toml (pip) must list the same packages."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10 has no tomllib; tomli is the same parser.
    tomllib = pytest.importorskip("tomli")

REPO = Path(__file__).resolve().parents[1]
CONDA_TO_PIP = {"pytorch": "torch"}


def _requirement(text: str) -> tuple[str, str]:
    name, spec = re.match(r"([A-Za-z0-9_.\-]+)\s*(.*)", text.strip()).groups()
    return CONDA_TO_PIP.get(name.lower(), name.lower()), spec.replace(" ", "")


def test_conda_environment_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pip = [
        *project["dependencies"],
        *project["optional-dependencies"]["lab"],
        *project["optional-dependencies"]["dev"],
    ]
    conda = yaml.safe_load((REPO / "environment.yml").read_text())["dependencies"]
    conda_packages = [item for item in conda if isinstance(item, str)]
    conda_packages = [item for item in conda_packages if not item.startswith(("python", "pip"))]
    assert dict(map(_requirement, conda_packages)) == dict(map(_requirement, pip))
    assert {"pip": ["-e ."]} in conda


def test_jupyterlab_is_not_a_core_dependency():
    # Installing advcnn inside Colab must not pull JupyterLab in.
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert not any(dep.lower().startswith("jupyterlab") for dep in project["dependencies"])
    assert any(dep.lower().startswith("ipywidgets>=7.7") for dep in project["dependencies"])
