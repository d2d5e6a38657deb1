"""The language of what the package shows a learner: English by default, Chinese on request.

The English text is its own key: ``tr("parameters")`` is ``"parameters"`` in English and the
catalogue's ``"参数"`` in Chinese, and a ``{name}`` field is filled after the lookup. A text the
catalogue lacks stays English. ``set_language("zh")`` (or ``ADVCNN_LANG=zh``) switches everything
the widgets, tables and messages show; plots follow when a CJK font is installed
(``advcnn.plots.fonts``), and keep English labels when none is.
"""

from __future__ import annotations

import os
from typing import Any

from advcnn.messages_zh import ZH

__all__ = ["CATALOGUES", "LANGUAGES", "get_language", "set_language", "tr"]

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


def tr(text: str, **values: Any) -> str:
    """``text`` in the language in use, with its ``{name}`` fields filled from ``values``.

    Args:
        text: The English text, which is also the catalogue's key.
        values: The fields of ``text`` (formatted as ``str.format`` does).
    """
    template = CATALOGUES.get(get_language(), {}).get(text, text)
    return template.format(**values) if values else template


if os.environ.get(LANGUAGE_ENV):
    set_language(os.environ[LANGUAGE_ENV])
