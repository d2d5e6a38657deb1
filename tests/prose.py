"""Numbers in a notebook's prose, and whether the notebook's own stored outputs back them.

A markdown cell may only state a measured-looking number (a decimal, a percentage, a ratio such as
``6.3×``, a time, rate or size with its unit, scientific notation, or a number written with a
thousands separator) that some stored output of the same notebook shows, rounded to the precision
the prose uses (``99.2%`` is backed by an output of ``99.23`` or of ``0.99231``). A number that no
cell computes (a lecture slide's accuracy, a paper's table) is declared in an HTML comment of its
cell, which a reader of the rendered notebook does not see, with its source after a dash::

    <!-- fixed: 98.69% 98.66% 99.01% - the lecture's slides (video of lecture 11) -->

Numbers inside ``inline code``, fenced code, ``$LaTeX$``, links and HTML tags are not read, nor are
plain integers (16 channels, 5×5, 2016), nor numbers that follow a word naming a place or a version
("section 2.3", "Table 2", "Python 3.12").
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Claim", "Problem", "check_notebook", "claims_in", "output_numbers", "problems_in"]

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNITS = (
    r"s|ms|µs|us|min|minutes?|seconds?|hours?|img/s|images/s|samples/s|steps/s|"
    r"[kMGT]B|[KMGT]iB|GMAC/s|[GT]FLOP/s"
)
_CLAIM = re.compile(
    rf"(?<![\w.,/#-])(?P<number>{_NUMBER})(?:(?P<exp>e[-+]?\d+)|"
    rf"(?P<percent>\s?%)|(?P<ratio>[×x]|\s×)(?![\w×]|\s*\d)|(?P<unit>\s?(?:{_UNITS}))(?![\w/])|)"
    r"(?![\d.,]\d|[\w.]\d)"
)
# Words after which a number names a place, a version or a count, not a measurement.
_PLACE = re.compile(
    r"(?:section|sections|§|chapter|table|tables|fig\.?|figure|figures|eq\.?|equation|notebook|"
    r"notebooks|python|torch|pytorch|torchvision|ipywidgets|jupyterlab|version|v|cell|step|"
    r"exercise|exercises|lecture|part|page|pp?\.|cuda)\s*$",
    re.IGNORECASE,
)
_HIDDEN = [
    re.compile(r"```.*?```", re.DOTALL),
    re.compile(r"`[^`]*`"),
    re.compile(r"\$\$.*?\$\$", re.DOTALL),
    re.compile(r"(?<!\\)\$[^$]+?(?<!\\)\$"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"https?://\S+"),
    re.compile(r"<[^>]+>"),
]
_FIXED = re.compile(r"<!--\s*fixed:(?P<body>.*?)-->", re.DOTALL | re.IGNORECASE)
_SOURCE_DASH = re.compile(r"\s[-–—]\s")
_OUTPUT_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class Claim:
    """One measured-looking number in prose: its text, value and the precision it is given to."""

    text: str
    value: float
    decimals: int
    percent: bool
    significant: int | None  # for scientific notation: significant digits given
    context: str

    @property
    def key(self) -> str:
        """The text as written in a ``fixed:`` comment: no spaces, ``x`` for ``×``."""
        return _key(self.text)


@dataclass(frozen=True)
class Problem:
    """A claim no output backs, or a ``fixed:`` comment that is malformed or stale."""

    cell: int
    message: str

    def __str__(self) -> str:
        return f"cell {self.cell}: {self.message}"


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("×", "x")


def _visible_prose(source: str) -> str:
    for pattern in [_FIXED, re.compile(r"<!--.*?-->", re.DOTALL), *_HIDDEN]:
        source = pattern.sub(lambda match: " " * len(match.group(0)), source)
    return source


def claims_in(markdown: str) -> list[Claim]:
    """The measured-looking numbers of one markdown cell's source."""
    prose = _visible_prose(markdown)
    claims = []
    for match in _CLAIM.finditer(prose):
        number = match.group("number")
        kind = next(
            (name for name in ("exp", "percent", "ratio", "unit") if match.group(name)), None
        )
        decimal = "." in number
        separated = "," in number
        if kind is None and not decimal and not separated:
            continue  # a plain integer: a count or a size, not read
        if _PLACE.search(prose[: match.start()][-24:]):
            continue
        mantissa = float(number.replace(",", ""))
        decimals = len(number.split(".")[1]) if decimal else 0
        significant = None
        value = mantissa
        if kind == "exp":
            value = mantissa * 10 ** int(match.group("exp")[1:])
            significant = len(number.replace(".", "").lstrip("0")) or 1
        start, end = max(match.start() - 40, 0), min(match.end() + 40, len(markdown))
        claims.append(
            Claim(
                text=match.group(0).strip(),
                value=value,
                decimals=decimals,
                percent=kind == "percent",
                significant=significant,
                context=" ".join(markdown[start:end].split()),
            )
        )
    return claims


def fixed_numbers(markdown: str) -> tuple[set[str], list[str]]:
    """The numbers declared in the cell's ``fixed:`` comments, and what is wrong with them."""
    keys: set[str] = set()
    errors = []
    for match in _FIXED.finditer(markdown):
        body = match.group("body")
        parts = _SOURCE_DASH.split(body, maxsplit=1)
        if len(parts) < 2 or not parts[1].strip():
            errors.append(
                f"the comment <!-- fixed:{body}--> names no source: write the numbers, a dash, "
                f"then where they come from"
            )
        keys.update(_key(token) for token in parts[0].split() if token.strip(",;"))
    return {key.strip(",;") for key in keys}, errors


def output_numbers(notebook: dict) -> list[float]:
    """Every number that a stored output of ``notebook`` shows (text, HTML, markdown, widgets)."""
    texts: list[str] = []
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            texts.append(_joined(output.get("text", "")))
            for mime in ("text/plain", "text/markdown", "text/html", "text/latex"):
                texts.append(_joined(output.get("data", {}).get(mime, "")))
    state = notebook.get("metadata", {}).get("widgets", {})
    for manager in state.values() if isinstance(state, dict) else []:
        for model in (manager.get("state") or {}).values():
            for field in ("value", "description", "readout"):
                value = (model.get("state") or {}).get(field)
                if isinstance(value, str | int | float) and not isinstance(value, bool):
                    texts.append(str(value))
    numbers = []
    for text in texts:
        text = re.sub(r"<[^>]+>", " ", text)
        for token in _OUTPUT_NUMBER.findall(text):
            if any(character.isdigit() for character in token):
                try:
                    numbers.append(float(token.replace(",", "")))
                except ValueError:
                    continue
    return numbers


def _joined(text: str | list[str]) -> str:
    return "".join(text) if isinstance(text, list) else text


def backed(claim: Claim, numbers: list[float]) -> bool:
    """Whether some output number, rounded to the claim's precision, reads as the claim."""
    if claim.significant is not None:
        wanted = f"{claim.value:.{claim.significant - 1}e}"
        return any(f"{abs(n):.{claim.significant - 1}e}" == wanted for n in numbers if n)
    tolerance = 0.5 * 10.0**-claim.decimals + 1e-9 * max(abs(claim.value), 1.0)
    scales = (1.0, 100.0) if claim.percent else (1.0,)
    return any(
        math.isfinite(n) and abs(abs(n) * scale - claim.value) <= tolerance
        for n in numbers
        for scale in scales
    )


def problems_in(notebook: dict) -> list[Problem]:
    """Every prose number of ``notebook`` that neither an output nor a ``fixed:`` comment backs."""
    numbers = output_numbers(notebook)
    problems = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "markdown":
            continue
        source = _joined(cell.get("source", ""))
        fixed, errors = fixed_numbers(source)
        problems.extend(Problem(index, error) for error in errors)
        claims = claims_in(source)
        for claim in claims:
            if claim.key in fixed or backed(claim, numbers):
                continue
            problems.append(
                Problem(
                    index,
                    f"{claim.text!r} appears in no stored output of this notebook "
                    f"(…{claim.context}…). Print it from a code cell, or, if no cell can "
                    f"compute it, declare it with its source: <!-- fixed: {claim.key} - source -->",
                )
            )
        stale = fixed - {claim.key for claim in claims}
        if stale:
            problems.append(
                Problem(
                    index,
                    f"the fixed: comment lists {sorted(stale)}, which the cell's prose no longer "
                    f"states as written: remove them or correct the spelling",
                )
            )
    return problems


def check_notebook(path: Path) -> list[Problem]:
    """``problems_in`` for the notebook stored at ``path``."""
    return problems_in(json.loads(path.read_text(encoding="utf-8")))
