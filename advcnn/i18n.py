"""The language of what the package shows a learner: English by default, Chinese on request.

The English text is its own key: ``tr("parameters")`` is ``"parameters"`` in English and the
catalogue's ``"参数"`` in Chinese, and a ``{name}`` field is filled after the lookup. A text the
catalogue lacks stays English. ``set_language("zh")`` (or ``ADVCNN_LANG=zh``) switches everything
the widgets, tables and messages show; plots follow when a CJK font is installed
(``advcnn.plots.fonts``), and keep English labels when none is.

A Chinese character takes two columns of a monospaced font. So that printed tables line up in
every language, a text field with a width (``{name:<30}``) is padded by columns, not characters,
and ``pad_columns`` does the same for a column title.
"""

from __future__ import annotations

import os
import re
import string
import unicodedata
from typing import Any

from advcnn.messages_zh import ZH

__all__ = [
    "CATALOGUES",
    "LANGUAGES",
    "columns",
    "get_language",
    "pad_columns",
    "set_language",
    "tr",
]

LANGUAGE_ENV = "ADVCNN_LANG"
LANGUAGES = ("en", "zh")
# Every language but English, by code: English text → translation.
CATALOGUES: dict[str, dict[str, str]] = {"zh": ZH}

_state = {"language": "en"}


def _normalise(language: str) -> str:
    code = str(language).strip().lower().replace("_", "-")
    code = {"zh-cn": "zh", "zh-hans": "zh", "cn": "zh", "english": "en", "en-us": "en"}.get(
        code, code
    )
    if code not in LANGUAGES:
        raise ValueError(f"language {language!r} is not available: choose one of {LANGUAGES}")
    return code


def set_language(language: str) -> str:
    """Show text in ``language`` from now on: ``"en"`` or ``"zh"`` (``"zh-CN"`` works too).

    Returns:
        The language code now in use.

    Raises:
        ValueError: A language this package has no text for.
    """
    _state["language"] = _normalise(language)
    return _state["language"]


def get_language() -> str:
    """The language code in use: ``"en"`` unless ``set_language`` or ``ADVCNN_LANG`` chose."""
    return _state["language"]


def columns(text: str) -> int:
    """How many columns ``text`` takes in a monospaced font: two for each wide (Chinese)
    character, one for any other."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad_columns(text: str, width: int, align: str = ">") -> str:
    """``text`` padded with spaces to ``width`` columns: ``f"{text:>22}"`` for Chinese too.

    Args:
        text: What to pad.
        width: The columns it should take (a longer text is left as it is).
        align: ``">"`` right, ``"<"`` left or ``"^"`` centred, as in a format spec.
    """
    space = max(0, width - columns(text))
    if align == "<":
        return text + " " * space
    if align == "^":
        return " " * (space // 2) + text + " " * (space - space // 2)
    return " " * space + text


# A text field's spec that is only a width and an alignment with spaces: "<30", ">22", "30".
_TEXT_WIDTH = re.compile(r"([<>^]?)(\d+)")


class _ColumnFormatter(string.Formatter):
    """``str.format``, except that a text field with a width is padded by ``columns``."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        match = _TEXT_WIDTH.fullmatch(format_spec)
        if isinstance(value, str) and match:
            return pad_columns(value, int(match[2]), match[1] or "<")
        return super().format_field(value, format_spec)


_FORMATTER = _ColumnFormatter()


def tr(text: str, **values: Any) -> str:
    """``text`` in the language in use, with its ``{name}`` fields filled from ``values``.

    Args:
        text: The English text, which is also the catalogue's key.
        values: The fields of ``text`` (formatted as ``str.format`` does, except that a text field
            with a width counts a Chinese character as two columns).
    """
    template = CATALOGUES.get(get_language(), {}).get(text, text)
    return _FORMATTER.format(template, **values) if values else template


if os.environ.get(LANGUAGE_ENV):
    set_language(os.environ[LANGUAGE_ENV])
