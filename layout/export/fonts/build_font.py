"""Rebuild the bundled CJK font from Noto Sans CJK SC (SIL OFL 1.1).

The exports need a Chinese font that every machine has, CI included, so a subset is committed.
This script makes it again from the upstream font, e.g. Debian's `fonts-noto-cjk`:

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb deb
    python layout/export/fonts/build_font.py \
        deb/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

It keeps GB 2312 (all 6763 hanzi and its symbols), ASCII, Latin-1, general punctuation, CJK
punctuation, full-width forms and the CJK compatibility block (㎡, ㎥ ...), converts the CFF
outlines to TrueType (quadratic `glyf`, what stroke-font builders and older readers expect) and
renames the family: a modified font should not present itself under the upstream name.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "OnezoneCJKSans-Regular.ttf"
SOURCE_FAMILY = "Noto Sans CJK SC"
FAMILY = "Onezone CJK Sans"
POSTSCRIPT = "OnezoneCJKSans-Regular"

# Extra ranges beyond GB 2312; code points the source font lacks are skipped.
EXTRA_RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: ² ³ ± × ÷ ° · µ
    (0x2010, 0x2044),  # general punctuation: dashes, quotes, ‰, ※
    (0x2070, 0x209F),  # super- and subscripts
    (0x2100, 0x215F),  # letterlike: ℃ № ℉, number forms
    (0x2160, 0x217F),  # roman numerals
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators: ≤ ≥ ≈ ∠ ⊥
    (0x2460, 0x24FF),  # enclosed alphanumerics: ① ②
    (0x25A0, 0x25FF),  # geometric shapes: ■ ▲ ○ ●
    (0x2600, 0x2613),  # ★ ☆
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3200, 0x32FF),  # enclosed CJK: ㈠ ㊣
    (0x3300, 0x33FF),  # CJK compatibility: ㎡ ㎥ ㎏ ㎜ ㎝ ㎞
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms
]


def gb2312_codepoints() -> set[int]:
    """Every character of GB 2312, decoded from its two-byte table."""
    chars: set[int] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return chars


def wanted_codepoints() -> set[int]:
    chars = gb2312_codepoints()
    for lo, hi in EXTRA_RANGES:
        chars.update(range(lo, hi + 1))
    return chars


def load_source(path: Path) -> TTFont:
    """The Simplified Chinese member of a collection, or the single font."""
    if path.suffix.lower() == ".ttc":
        for font in TTCollection(str(path)).fonts:
            if font["name"].getDebugName(1) == SOURCE_FAMILY:
                return font
        raise SystemExit(f"{path}: no member named {SOURCE_FAMILY!r}")
    return TTFont(str(path))


def subset_font(font: TTFont, codepoints: set[int]) -> None:
    options = subset.Options()
    options.layout_features = []  # no vertical or locale variants: they would pull in glyphs
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.ignore_missing_unicodes = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "GPOS", "GSUB", "GDEF"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)


def cff_to_glyf(font: TTFont, max_err: float = 1.0) -> None:
    """Replace cubic CFF outlines with quadratic TrueType ones (as fontTools' otf2ttf does)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and CID names carry nothing
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, source: str) -> None:
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 2, 3, 4, 6, 10, 16, 17, 21, 22):
            name.removeNames(nameID=record.nameID)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName("Regular", 2, 3, 1, 0x409)
    name.setName(f"{POSTSCRIPT};{source}", 3, 3, 1, 0x409)
    name.setName(f"{FAMILY} Regular", 4, 3, 1, 0x409)
    name.setName(POSTSCRIPT, 6, 3, 1, 0x409)
    name.setName(
        f"Subset of {SOURCE_FAMILY} ({source}): GB 2312 and common symbols, TrueType outlines.",
        10,
        3,
        1,
        0x409,
    )


def build(source: Path, output: Path = OUTPUT) -> Path:
    font = load_source(source)
    version = font["name"].getDebugName(5) or "unknown version"
    subset_font(font, wanted_codepoints())
    cff_to_glyf(font)
    rename(font, f"{SOURCE_FAMILY} {version.split(';')[0]}")
    font.save(str(output))
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NotoSansCJK-Regular.ttc or NotoSansCJKsc-*.otf")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    out = build(args.source, args.output)
    font = TTFont(str(out))
    print(f"{out}: {out.stat().st_size / 1e6:.2f} MB, {len(font.getGlyphOrder())} glyphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
