"""The bundled CJK font: present, TrueType, licensed, and covering every name onezone ships."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from fontTools.ttLib import TTFont

from layout.export.fonts import FAMILY, cjk_font_path, register_matplotlib

ROOT = Path(__file__).resolve().parents[1]


def _cmap() -> set[int]:
    return set(TTFont(str(cjk_font_path()))["cmap"].getBestCmap())


def test_font_is_truetype_with_licence() -> None:
    font = TTFont(str(cjk_font_path()))
    assert "glyf" in font and "CFF " not in font
    assert font["name"].getDebugName(1) == FAMILY
    assert (cjk_font_path().parent / "OFL.txt").read_text(encoding="utf-8").count("OPEN FONT")
    assert cjk_font_path().stat().st_size < 6_000_000


def test_font_covers_gb2312_and_units() -> None:
    cmap = _cmap()
    hanzi = [ord(bytes([h, lo]).decode("gb2312")) for h in range(0xB0, 0xF8) for lo in (0xA1, 0xB5)]
    assert all(c in cmap for c in hanzi)
    assert all(ord(c) in cmap for c in "㎡m²±×÷°·、，。（）《》—…①")


def test_font_covers_every_chinese_name_shipped() -> None:
    """Standards, samples and style labels: every character they use has a glyph."""
    cmap = _cmap()
    texts = [p.read_text(encoding="utf-8") for p in ROOT.glob("constraints/standards/*.toml")]
    texts += [p.read_text(encoding="utf-8") for p in ROOT.glob("samples/*.toml")]
    used = {c for text in texts for c in re.findall(r"[\u3000-\u9fff\uff00-\uffef]", text)}
    missing = sorted(c for c in used if ord(c) not in cmap)
    assert not missing, f"not in the bundled font: {''.join(missing)}"


def test_register_matplotlib_is_idempotent_and_leaves_rcparams() -> None:
    from matplotlib import font_manager, rcParams

    before = dict(rcParams)
    register_matplotlib()
    register_matplotlib()
    entries = [e for e in font_manager.fontManager.ttflist if e.fname == str(cjk_font_path())]
    assert len(entries) == 1 and entries[0].name == FAMILY
    assert dict(rcParams) == before
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = font_manager.findfont(FAMILY, fallback_to_default=False)
    assert Path(found) == cjk_font_path()
