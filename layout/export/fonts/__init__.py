"""The CJK font shipped with onezone, so Chinese labels draw the same on every machine.

A subset of Noto Sans CJK SC (SIL OFL 1.1, see OFL.txt and README.md), renamed
"Onezone CJK Sans" because it is a modified version. Fresh machines and CI have no Chinese
font: without this one, matplotlib draws boxes and DXF viewers fall back to their own.
"""

from __future__ import annotations

from pathlib import Path

FAMILY = "Onezone CJK Sans"
_FILE = "OnezoneCJKSans-Regular.ttf"


def cjk_font_path() -> Path:
    """The bundled TrueType file (glyf outlines): GB 2312 hanzi, ASCII, punctuation, ㎡ ± ×."""
    return Path(__file__).resolve().parent / _FILE


def register_matplotlib() -> str:
    """Make the bundled font known to matplotlib's font manager and return its family name.

    Only the font manager's in-memory list changes (no rcParams, no cache file), so callers
    must name the family explicitly, e.g. ``fontfamily=font_families()``. Repeated calls add
    the file once.
    """
    from matplotlib import font_manager

    path = str(cjk_font_path())
    manager = font_manager.fontManager
    if not any(entry.fname == path for entry in manager.ttflist):
        manager.addfont(path)
    return FAMILY


def font_families() -> list[str]:
    """The family list for matplotlib text: the bundled font, then DejaVu Sans as fallback."""
    return [register_matplotlib(), "DejaVu Sans"]
