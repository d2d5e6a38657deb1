"""Whether a message a learner reads is Chinese: it holds Chinese characters and no run of three
or more plain English words outside code, quoted option strings and an error's own English text."""

from __future__ import annotations

import re

__all__ = ["CJK", "assert_chinese", "leftover_english"]

CJK = re.compile("[\u4e00-\u9fff]")
# Code, quoted option strings and the learner's own text: left as they are in every language.
QUOTED = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"")
# What the learner's own code raised (an exception's English text), after its class name.
LEARNER_ERROR = re.compile(r"(?<=[A-Za-z]Error：)[^\u4e00-\u9fff]*")
# Three or more plain English words in a row: a sentence left untranslated.
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z]*(?: [A-Za-z][a-z]*){2,}\b")


def leftover_english(text: str) -> list[str]:
    """The runs of plain English words in ``text``, outside code, quotes and quoted errors."""
    return ENGLISH_RUN.findall(QUOTED.sub(" ", LEARNER_ERROR.sub("", text)))


def assert_chinese(text: str) -> None:
    """Fail unless ``text`` is Chinese, naming it."""
    assert CJK.search(text), text
    assert leftover_english(text) == [], text
