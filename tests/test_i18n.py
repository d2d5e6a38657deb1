"""The message catalogue and the Chinese plots: every text the package passes to ``tr`` has its
Chinese entry with the same fields, and figures draw Chinese only with a font that has it."""

from __future__ import annotations

import ast
import json
import os
import string
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from advcnn import i18n  # noqa: E402
from advcnn.exercises import EXERCISES  # noqa: E402
from advcnn.messages_zh import ZH  # noqa: E402
from advcnn.plots import fonts  # noqa: E402
from advcnn.plots.results import LECTURE_SOURCE  # noqa: E402

PACKAGE = Path(i18n.__file__).parent
NOTEBOOKS = PACKAGE.parent / "notebooks"
TRANSLATORS = {"tr", "tr_plot", "ablation_label"}


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


def _sources() -> Iterator[tuple[str, str]]:
    """``(where, code)`` for every module of the package and every code cell of the English
    notebooks (the Chinese ones run the same code); IPython's ``%`` and ``!`` lines left out."""
    for path in sorted(PACKAGE.rglob("*.py")):
        yield str(path.relative_to(PACKAGE.parent)), path.read_text(encoding="utf-8")
    for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
        if "zh" in path.relative_to(NOTEBOOKS).parts:
            continue
        for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "code":
                lines = "".join(cell["source"]).splitlines()
                code = "\n".join(line for line in lines if not line.lstrip().startswith(("%", "!")))
                yield f"{path.relative_to(NOTEBOOKS)} cell {index}", code


def _tr_texts() -> dict[str, str]:
    """Every string literal passed first to ``tr``/``tr_plot`` in the package and the
    notebooks, with where, and every exercise's title: titles are registered in English with
    ``@exercise`` and translated where a ``Feedback`` shows them."""
    found = {}
    for where, code in _sources():
        for node in ast.walk(ast.parse(code)):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in TRANSLATORS and isinstance(node.args[0], ast.Constant):
                found[node.args[0].value] = f"{where}:{node.lineno}"
    for exercise_id, title in EXERCISES.items():
        found.setdefault(title, f"the title of exercise {exercise_id}")
    # A constant that notebook 04 shows as tr(LECTURE_SOURCE).
    found.setdefault(LECTURE_SOURCE, "advcnn.plots.results.LECTURE_SOURCE")
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_text_shown_through_tr_has_a_chinese_entry() -> None:
    texts = _tr_texts()
    missing = {text: where for text, where in texts.items() if text not in ZH}
    assert missing == {}


def test_every_chinese_entry_is_used_and_keeps_the_fields() -> None:
    texts = _tr_texts()
    assert sorted(set(ZH) - set(texts)) == []
    for english, chinese in ZH.items():
        assert _fields(english) == _fields(chinese), english


def test_language_selection_and_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    assert i18n.get_language() == "en"
    monkeypatch.setitem(i18n.CATALOGUES, "zh", {"{n} layers": "{n} 层"})
    assert i18n.tr("{n} layers", n=3) == "3 layers"
    assert i18n.set_language("zh-CN") == "zh"
    assert i18n.tr("{n} layers", n=3) == "3 层"
    assert i18n.tr("not in the catalogue") == "not in the catalogue"
    with pytest.raises(ValueError, match="'fr' is not available"):
        i18n.set_language("fr")
    assert i18n.get_language() == "zh"  # a refused language changes nothing


def _glyph_warnings(title: str) -> list[str]:
    figure, axes = plt.subplots()
    axes.set_title(title)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    plt.close(figure)
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


CJK_REQUIRED = os.environ.get("ADVCNN_REQUIRE_CJK_FONT") == "1"


def test_chinese_labels_draw_without_missing_glyphs_when_a_cjk_font_is_installed() -> None:
    if fonts.cjk_font() is None:
        assert not CJK_REQUIRED, "ADVCNN_REQUIRE_CJK_FONT=1 but no CJK font is installed"
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    i18n.set_language("zh")
    assert fonts.plot_language() == "zh"
    assert _glyph_warnings("残差连接的梯度") == []


def test_the_glyph_check_sees_empty_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(matplotlib.rcParams, "font.sans-serif", ["DejaVu Sans"])
    monkeypatch.setitem(matplotlib.rcParams, "font.family", ["sans-serif"])
    assert _glyph_warnings("残差") != []


def test_without_a_cjk_font_plots_keep_english_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "cjk_font", lambda: None)
    monkeypatch.setitem(fonts._warned, "no_font", False)
    monkeypatch.setitem(i18n.CATALOGUES, "zh", {"gradient norm": "梯度范数"})
    i18n.set_language("zh")
    assert i18n.tr("gradient norm") == "梯度范数"  # widgets and text: Chinese
    with pytest.warns(UserWarning, match="fonts-noto-cjk"):
        label = fonts.tr_plot("gradient norm")
    assert label == "gradient norm"
    assert _glyph_warnings(label) == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fonts.tr_plot("gradient norm")  # warned once only


def test_the_system_fonts_are_searched_once_unless_asked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    searches = []
    monkeypatch.setattr(fonts, "_installed", lambda: set())
    monkeypatch.setattr(fonts.font_manager, "findSystemFonts", lambda: searches.append(1) or [])
    monkeypatch.setitem(fonts._scanned, "system", False)
    assert [fonts.cjk_font(), fonts.cjk_font()] == [None, None]
    assert len(searches) == 1  # every plot label asks; the folders are read once
    assert fonts.cjk_font(rescan=True) is None
    assert len(searches) == 2


def test_a_text_field_with_a_width_is_padded_by_columns() -> None:
    template = "{label:<12}|{value:>6,}|{name:>8}|"
    english = i18n.tr(template, label="(a) original", value=4672, name="Net")
    assert english == template.format(label="(a) original", value=4672, name="Net")
    assert i18n.columns("(a) 原始结构") == 12 and i18n.columns("abc") == 3
    i18n.set_language("zh")  # the template has no entry: only the padding changes
    chinese = i18n.tr(template, label="(a) 原始", value=4672, name="网络")
    assert chinese == "(a) 原始    | 4,672|    网络|"
    assert i18n.columns(chinese) == i18n.columns(english)
    assert i18n.tr("{x!r:.4}", x="abcdef") == "'abc"  # conversions and precision as str.format


def test_pad_counts_columns_like_a_monospaced_font() -> None:
    assert i18n.pad_columns("test accuracy", 22) == f"{'test accuracy':>22}"
    assert i18n.pad_columns("test", 8, "<") == f"{'test':<8}"
    assert i18n.pad_columns("test", 9, "^") == f"{'test':^9}"
    assert i18n.pad_columns("测试准确率", 12) == "  测试准确率"
    assert i18n.pad_columns("much too long", 4) == "much too long"
