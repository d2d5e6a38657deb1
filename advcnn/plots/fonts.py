"""Chinese labels on matplotlib figures: find a font with Chinese glyphs, or keep English labels.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs and draws empty boxes for them.
``plot_language()`` is ``"zh"`` only when Chinese is the language in use (``advcnn.i18n``) *and*
a CJK font is installed, which it then puts first in matplotlib's sans-serif list; otherwise
plots keep their English labels, and a warning (once) says how to install a font.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib import font_manager

from advcnn.i18n import get_language, tr

__all__ = ["CJK_FAMILIES", "cjk_font", "install_cjk_font_in_colab", "plot_language", "tr_plot"]

#: Fonts with Chinese glyphs, the preferred first: Noto Sans CJK is Debian's and Colab's
#: ``fonts-noto-cjk``; the others ship with Windows, macOS or other Linux distributions.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Arial Unicode MS",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
)
# File-name parts of CJK fonts, for fonts installed after matplotlib built its font cache.
_CJK_FILE_PARTS = ("CJK", "WenQuanYi", "wqy", "SourceHan", "NotoSansSC", "SimHei", "msyh")
_warned = {"no_font": False}
_scanned = {"system": False}


def _installed() -> set[str]:
    return {entry.name for entry in font_manager.fontManager.ttflist}


def _first_known(names: set[str]) -> str | None:
    return next((family for family in CJK_FAMILIES if family in names), None)


def cjk_font(*, rescan: bool = False) -> str | None:
    """The family name of an installed font with Chinese glyphs, or ``None``.

    A font installed after matplotlib built its font cache (Colab's ``apt-get install``
    during a session) is registered with matplotlib here, so no restart is needed. The system's
    font folders are searched once per process (every plot label asks), or again on ``rescan``.

    Args:
        rescan: Search the system's font folders again, e.g. after installing a font.
    """
    found = _first_known(_installed())
    if found is not None or (_scanned["system"] and not rescan):
        return found
    _scanned["system"] = True
    for path in font_manager.findSystemFonts():
        if any(part.lower() in Path(path).name.lower() for part in _CJK_FILE_PARTS):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # an unreadable font file: skip it
                continue
    return _first_known(_installed())


def plot_language() -> str:
    """``"zh"`` when Chinese is in use and a CJK font is installed (and put first), else ``"en"``.

    Warns once when Chinese is in use but no CJK font is.
    """
    if get_language() != "zh":
        return "en"
    family = cjk_font()
    if family is None:
        if not _warned["no_font"]:
            _warned["no_font"] = True
            # Only a learner who chose Chinese reads this, so it is in Chinese (``tr``).
            hint = tr(
                "No font with Chinese glyphs was found, so plots keep their English labels. "
                "Install one (Debian/Ubuntu/Colab: apt-get install fonts-noto-cjk; conda: "
                "conda install -c conda-forge font-ttf-noto-cjk), then restart the kernel."
            )
            warnings.warn(hint, stacklevel=2)
        return "en"
    fonts = list(mpl.rcParams["font.sans-serif"])
    if fonts[:1] != [family]:
        mpl.rcParams["font.sans-serif"] = [family, *[f for f in fonts if f != family]]
        mpl.rcParams["font.family"] = "sans-serif"
    return "zh"


def tr_plot(text: str, **values: Any) -> str:
    """``tr(text, **values)`` for a figure: Chinese only when it can be drawn, else English."""
    if plot_language() == "zh":
        return tr(text, **values)
    return text.format(**values) if values else text


def install_cjk_font_in_colab() -> str | None:
    """In Google Colab or on Kaggle with no CJK font, install Debian's ``fonts-noto-cjk``.

    Does nothing elsewhere (install a font yourself: see the warning ``plot_language`` gives).

    Returns:
        The CJK font family now available, or ``None``.
    """
    found = cjk_font()
    hosted = "google.colab" in sys.modules or "KAGGLE_KERNEL_RUN_TYPE" in os.environ
    if found is not None or not hosted:
        return found
    print("正在安装中文字体 fonts-noto-cjk (Installing fonts-noto-cjk) ...")
    for command in (
        ["apt-get", "-qq", "update"],
        ["apt-get", "-qq", "install", "-y", "fonts-noto-cjk"],
    ):
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            print(f"安装失败 (install failed): {result.stderr.strip()[-300:]}")
            return None
    return cjk_font(rescan=True)
