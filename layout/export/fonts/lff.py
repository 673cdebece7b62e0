"""LibreCAD stroke fonts (.lff) from the bundled CJK TrueType font.

LibreCAD draws text with its own stroke fonts, chosen by the lower-cased text style name plus
``.lff``, and its bundled CJK fonts lack many simplified characters. This writes a font with
the glyph outlines of the bundled OFL font turned into polylines, for just the characters a
drawing uses (a whole GB 2312 font would be tens of megabytes). The result stays under the
OFL 1.1 like its source.

    python -m layout.export.fonts.lff DIR DRAWING.dxf [...]

writes ``onezone-shx.lff`` and ``onezone-ttf.lff`` (the two text styles of onezone's DXF
drawings) into DIR; point LibreCAD at DIR (Application Preferences → Paths → Fonts).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont

from layout.export.fonts import FAMILY, cjk_font_path

#: LibreCAD's glyph coordinates: a text of height h draws 9 units as h.
LFF_HEIGHT = 9.0
#: Em square per text height: CJK glyphs one text height wide, as in gbcbig.shx.
EM_PER_HEIGHT = 1.0
CURVE_STEPS = 4
ASCII = "".join(chr(c) for c in range(0x21, 0x7F))


class _PolylinePen(BasePen):
    """Collects each contour as a closed polyline, curves split into straight steps."""

    def __init__(self, glyph_set: object, scale: float) -> None:
        super().__init__(glyph_set)
        self.scale = scale
        self.contours: list[list[tuple[float, float]]] = []
        self.current: list[tuple[float, float]] = []

    def _add(self, pt: tuple[float, float]) -> None:
        self.current.append((pt[0] * self.scale, pt[1] * self.scale))

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self._flush()
        self._add(pt)

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self._add(pt)

    def _qCurveToOne(self, pt1: tuple[float, float], pt2: tuple[float, float]) -> None:
        p0 = self._getCurrentPoint()
        for i in range(1, CURVE_STEPS + 1):
            t = i / CURVE_STEPS
            a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
            self._add((a * p0[0] + b * pt1[0] + c * pt2[0], a * p0[1] + b * pt1[1] + c * pt2[1]))

    def _curveToOne(self, pt1: tuple, pt2: tuple, pt3: tuple) -> None:
        p0 = self._getCurrentPoint()
        for i in range(1, CURVE_STEPS + 1):
            t = i / CURVE_STEPS
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t**3
            self._add(
                (
                    a * p0[0] + b * pt1[0] + c * pt2[0] + d * pt3[0],
                    a * p0[1] + b * pt1[1] + c * pt2[1] + d * pt3[1],
                )
            )

    def _closePath(self) -> None:
        if self.current:
            self.current.append(self.current[0])
        self._flush()

    def _endPath(self) -> None:
        self._flush()

    def _flush(self) -> None:
        if len(self.current) >= 2:
            self.contours.append(self.current)
        self.current = []


def _num(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def lff_text(chars: Iterable[str], ttf: Path | None = None, name: str = FAMILY) -> str:
    """The .lff font text for ``chars`` (characters the TrueType font lacks are left out)."""
    font = TTFont(str(ttf or cjk_font_path()))
    cmap = font.getBestCmap()
    glyphs = font.getGlyphSet()
    scale = LFF_HEIGHT / (EM_PER_HEIGHT * font["head"].unitsPerEm)
    lines = [
        "# Format:            LibreCAD Font 1",
        "# Creator:           onezone (layout/export/fonts/lff.py)",
        "# Version:           1",
        f"# Name:              {name}",
        "# Encoding:          UTF-8",
        "# LetterSpacing:     0.6",
        "# WordSpacing:       5",
        "# LineSpacingFactor: 1",
        "# Author:            Adobe, Google (Noto Sans CJK SC)",
        "# License:           SIL Open Font License 1.1",
        "",
    ]
    for ch in sorted(set(chars)):
        code = ord(ch)
        if code <= 0x20 or code not in cmap:
            continue
        pen = _PolylinePen(glyphs, scale)
        glyphs[cmap[code]].draw(pen)
        pen._flush()
        if not pen.contours:
            continue
        lines.append(f"[{code:04X}] {ch}")
        for contour in pen.contours:
            lines.append(";".join(f"{_num(x)},{_num(y)}" for x, y in contour))
        lines.append("")
    return "\n".join(lines) + "\n"


def write_lff(path: Path, chars: Iterable[str], ttf: Path | None = None) -> Path:
    """Write an .lff font with the glyphs of ``chars`` to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(lff_text(chars, ttf), encoding="utf-8")
    return path


def drawing_chars(paths: Iterable[Path]) -> set[str]:
    """Every character of the TEXT and MTEXT entities of the drawings, with printable ASCII."""
    import ezdxf

    chars = set(ASCII)
    for path in paths:
        doc = ezdxf.readfile(path)
        layouts = [doc.modelspace(), *doc.blocks]
        for layout in layouts:
            for entity in layout.query("TEXT MTEXT"):
                chars |= set(
                    entity.plain_text() if entity.dxftype() == "MTEXT" else entity.dxf.text
                )
    return chars


def write_style_fonts(out_dir: Path, drawings: Iterable[Path]) -> list[Path]:
    """The fonts LibreCAD looks up for onezone's text styles, covering the drawings' text."""
    from layout.export.dxf import STYLE_SHX, STYLE_TTF

    text = lff_text(drawing_chars(drawings))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem in (STYLE_SHX.lower(), STYLE_TTF.lower()):
        path = out_dir / f"{stem}.lff"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="directory for the .lff files")
    parser.add_argument("drawings", type=Path, nargs="+", help="DXF files whose text to cover")
    args = parser.parse_args(argv)
    for path in write_style_fonts(args.out_dir, args.drawings):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
