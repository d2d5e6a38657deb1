"""The Chinese catalogue: English text → 中文, one entry per text that ``advcnn.i18n.tr`` shows.

Terms follow the glossary (术语表) of README.zh-CN.md. ``tests/test_i18n.py`` fails when a text
passed to ``tr`` in the package has no entry here, or an entry's ``{fields}`` differ.
"""

from __future__ import annotations

__all__ = ["ZH"]

ZH: dict[str, str] = {}
