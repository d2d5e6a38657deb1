"""The Chinese catalogue of what the notebooks' own code prints: sentences about their results.

One dict per notebook, merged into ``advcnn.messages_zh.ZH``.
"""

from __future__ import annotations

__all__ = ["NOTEBOOKS"]

NB01: dict[str, str] = {}
NB02: dict[str, str] = {}
NB03: dict[str, str] = {}

NOTEBOOKS: dict[str, str] = {**NB01, **NB02, **NB03}
