"""``tools/translations.py`` keeps ``notebooks/zh`` in step: same code, every markdown cell
translated from the English cell it names, and a changed English cell reported as stale."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "tools"))
import translations  # noqa: E402

ZH_NOTEBOOKS = sorted(translations.ZH.rglob("*.ipynb")) if translations.ZH.exists() else []


def _cell(kind: str, source: str, cell_id: str) -> dict:
    cell = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": source}
    if kind == "code":
        cell.update(
            execution_count=1,
            outputs=[{"output_type": "stream", "name": "stdout", "text": "out\n"}],
        )
    return cell


@pytest.fixture
def english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(translations, "NOTEBOOKS", tmp_path)
    monkeypatch.setattr(translations, "ZH", tmp_path / "zh")
    notebook = {
        "cells": [
            _cell("markdown", "# 01 · Title", "m1"),
            _cell("code", "print('setup')", "c1"),
            _cell("code", "x = 1", "c2"),
            _cell("markdown", "Some prose.", "m2"),
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "01_lesson.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def _edit(path: Path, index: int, source: str) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][index]["source"] = source
    path.write_text(json.dumps(notebook), encoding="utf-8")


def test_a_started_twin_is_untranslated_until_its_markdown_is_chinese(english: Path) -> None:
    chinese = translations.start(english)
    assert chinese == english.parent / "zh" / english.name
    cells = json.loads(chinese.read_text(encoding="utf-8"))["cells"]
    assert [translations.language_cell(cell) for cell in cells] == [0, 0, 1, 0, 0]
    assert all(cell.get("outputs", []) == [] for cell in cells)
    assert translations.problems(english, chinese) == [
        "untranslated: the cell translating m1 has no Chinese",
        "untranslated: the cell translating m2 has no Chinese",
    ]
    _edit(chinese, 0, "# 01 · 标题")
    _edit(chinese, 4, "一些文字。")
    assert translations.problems(english, chinese) == []
    with pytest.raises(FileExistsError):
        translations.start(english)


def test_a_changed_english_cell_makes_its_translation_stale(english: Path) -> None:
    chinese = translations.start(english)
    _edit(chinese, 0, "# 01 · 标题")
    _edit(chinese, 4, "一些文字。")
    _edit(english, 3, "Some prose, corrected.")
    assert translations.problems(english, chinese) == [
        "stale: the English cell m2 changed since it was translated"
    ]
    _edit(english, 2, "x = 2")
    assert "code cell 1 differs from the English one" in translations.problems(english, chinese)
    translations.sync(chinese)  # after updating the translation by hand
    assert translations.problems(english, chinese) == []


def test_every_chinese_notebook_is_in_step() -> None:
    found = {}
    for chinese in ZH_NOTEBOOKS:
        english = translations.NOTEBOOKS / chinese.relative_to(translations.ZH)
        found[chinese.name] = (
            translations.problems(english, chinese) if english.exists() else ["no English notebook"]
        )
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_every_english_notebook_has_a_chinese_twin() -> None:
    english = sorted(
        path.relative_to(translations.NOTEBOOKS)
        for path in translations.NOTEBOOKS.rglob("*.ipynb")
        if translations.ZH not in path.parents and ".ipynb_checkpoints" not in path.parts
    )
    assert len(english) >= 12  # six lessons and six solutions notebooks
    assert [path for path in english if not (translations.ZH / path).exists()] == []
