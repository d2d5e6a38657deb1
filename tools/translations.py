"""Keep the Chinese notebooks (``notebooks/zh/``) in step with the English ones.

A Chinese notebook has the English notebook's cells in the same order: its code cells are the
English code cells, unchanged, plus one marked cell that selects the language
(``metadata.advcnn.language_cell``); each markdown cell records which English cell it translates
and a hash of that English cell's source (``metadata.advcnn.translates`` and ``source_sha``).
When an English cell changes, its hash no longer matches and ``status`` lists the translation.

    python tools/translations.py status                 # stale, missing or changed cells (exit 1)
    python tools/translations.py start notebooks/04_live_mnist_training.ipynb
        # writes notebooks/zh/04_live_mnist_training.ipynb: the English cells, each markdown
        # cell marked with its source; translate the markdown cells, then run the notebook
    python tools/translations.py sync notebooks/zh/04_live_mnist_training.ipynb
        # after updating translations: copy the English code cells again and record the
        # current English hashes of the markdown cells (check each cell's text first!)
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
import sys
from pathlib import Path

__all__ = [
    "LANGUAGE_CELL_SOURCE",
    "language_cell",
    "problems",
    "source_sha",
    "start",
    "sync",
    "twin",
]

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
ZH = NOTEBOOKS / "zh"
KEY = "advcnn"
CJK = re.compile(r"[\u4e00-\u9fff]")
LANGUAGE_CELL_SOURCE = (
    "# 语言 (language): 本笔记本是中文版；这是与英文版唯一不同的代码单元格。\n"
    "# This cell alone differs from the English edition: it selects Chinese.\n"
    "from advcnn.i18n import set_language\n"
    "from advcnn.plots.fonts import install_cjk_font_in_colab\n"
    "\n"
    'set_language("zh")\n'
    "_ = install_cjk_font_in_colab()  # 仅在 Colab/Kaggle 中安装中文字体，供图表使用"
)


def _text(source: str | list[str]) -> str:
    return "".join(source) if isinstance(source, list) else source


def source_sha(cell: dict) -> str:
    """The first 12 hex digits of the SHA-256 of a cell's source."""
    return hashlib.sha256(_text(cell["source"]).encode("utf-8")).hexdigest()[:12]


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _save(notebook: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def twin(english: Path) -> Path:
    """The Chinese notebook of ``english``: the same path under ``notebooks/zh/``."""
    return ZH / english.resolve().relative_to(NOTEBOOKS.resolve())


def language_cell(cell: dict) -> bool:
    """Whether ``cell`` is the marked cell that selects the language."""
    return bool(cell.get("metadata", {}).get(KEY, {}).get("language_cell"))


def _language_cell() -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": "zh-language",
        "metadata": {KEY: {"language_cell": True}},
        "outputs": [],
        "source": LANGUAGE_CELL_SOURCE.splitlines(keepends=True),
    }


def start(english: Path) -> Path:
    """Write the Chinese twin of ``english`` to translate: the English cells with their sources
    recorded, outputs cleared, and the language cell after the setup cell.

    Raises:
        FileExistsError: The twin exists already (use ``sync``).
    """
    path = twin(english)
    if path.exists():
        raise FileExistsError(f"{path} exists; run `sync` to update it")
    notebook = copy.deepcopy(_load(english))
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            cell.setdefault("metadata", {})[KEY] = {
                "translates": cell["id"],
                "source_sha": source_sha(cell),
            }
            cell["id"] = f"zh-{cell['id']}"
        elif cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
        if cell["cell_type"] == "code" and sum(c["cell_type"] == "code" for c in cells) == 1:
            cells.append(_language_cell())
    notebook["cells"] = cells
    notebook.get("metadata", {}).pop("widgets", None)
    _save(notebook, path)
    return path


def problems(english: Path, chinese: Path) -> list[str]:
    """What keeps ``chinese`` from being a current translation of ``english``, one line each."""
    source, translation = _load(english), _load(chinese)
    found = []
    languages = [cell for cell in translation["cells"] if language_cell(cell)]
    if len(languages) != 1:
        found.append(f"{len(languages)} language cells, not 1")
    code = [c for c in source["cells"] if c["cell_type"] == "code"]
    code_zh = [c for c in translation["cells"] if c["cell_type"] == "code" and not language_cell(c)]
    if [_text(c["source"]) for c in code] != [_text(c["source"]) for c in code_zh]:
        for index, (a, b) in enumerate(zip(code, code_zh, strict=False)):
            if _text(a["source"]) != _text(b["source"]):
                found.append(f"code cell {index} differs from the English one")
                break
        else:
            found.append(f"{len(code_zh)} code cells where the English has {len(code)}")
    english_md = {c["id"]: c for c in source["cells"] if c["cell_type"] == "markdown"}
    translated = [c for c in translation["cells"] if c["cell_type"] == "markdown"]
    recorded = [c.get("metadata", {}).get(KEY, {}) for c in translated]
    order = [entry.get("translates") for entry in recorded]
    if order != list(english_md):
        missing = [cell_id for cell_id in english_md if cell_id not in order]
        extra = [cell_id for cell_id in order if cell_id not in english_md]
        found.append(
            f"markdown cells out of step: untranslated {missing}, unknown {extra}"
            if missing or extra
            else "markdown cells in another order than the English ones"
        )
    for cell, entry in zip(translated, recorded, strict=True):
        cell_id = entry.get("translates")
        if cell_id in english_md and entry.get("source_sha") != source_sha(english_md[cell_id]):
            found.append(f"stale: the English cell {cell_id} changed since it was translated")
        if not CJK.search(_text(cell["source"])):
            found.append(f"untranslated: the cell translating {cell_id} has no Chinese")
    return found


def sync(chinese: Path) -> None:
    """Copy the English code cells into ``chinese`` again and record the English markdown
    cells' current hashes. Translations of changed cells must be updated first (by hand)."""
    english = NOTEBOOKS / chinese.resolve().relative_to(ZH.resolve())
    source, translation = _load(english), _load(chinese)
    code = iter([c for c in source["cells"] if c["cell_type"] == "code"])
    english_md = {c["id"]: c for c in source["cells"] if c["cell_type"] == "markdown"}
    for cell in translation["cells"]:
        if cell["cell_type"] == "code" and not language_cell(cell):
            cell["source"] = next(code)["source"]
        elif cell["cell_type"] == "markdown":
            entry = cell["metadata"][KEY]
            entry["source_sha"] = source_sha(english_md[entry["translates"]])
    _save(translation, chinese)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="list what is out of step (exit 1 if anything)")
    sub.add_parser("start", help="write a notebook's Chinese twin to translate").add_argument(
        "english", type=Path
    )
    sub.add_parser("sync", help="record current hashes after updating").add_argument(
        "chinese", type=Path
    )
    args = parser.parse_args(argv)
    if args.command == "start":
        print(f"wrote {start(args.english)}: translate its markdown cells")
        return 0
    if args.command == "sync":
        sync(args.chinese)
        print(f"{args.chinese}: code cells copied, hashes recorded")
        return 0
    bad = 0
    for chinese in sorted(ZH.rglob("*.ipynb")):
        english = NOTEBOOKS / chinese.relative_to(ZH)
        for problem in problems(english, chinese) if english.exists() else ["no English notebook"]:
            print(f"{chinese.relative_to(REPO)}: {problem}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
