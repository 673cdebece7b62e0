"""Writes samples/site-l.dxf, the footprint drawing that samples/from-dxf.toml reads.

An L-shaped building in millimetres ($INSUNITS 4) on layer A-FOOTPRINT: a bowed east facade
(a polyline bulge, radius about 17 m), a chamfered north-west corner (a slanted wall) and a
4 × 4 m light well drawn as four separate LINEs. The site boundary on layer SITE and a note on
layer A-ANNO-TEXT are there so the brief has to name the layer.

    .venv/bin/python samples/make_site_dxf.py
"""

from __future__ import annotations

import math
from pathlib import Path

import ezdxf

OUT = Path(__file__).resolve().parent / "site-l.dxf"
SAGITTA_MM = 1500.0  # of the bowed east facade, chord 14 m


def bulge(chord: float, sagitta: float) -> float:
    """DXF bulge of an arc: tan(a/4) = 2 s / c for chord c and sagitta s."""
    return 2 * sagitta / chord


def build(path: Path = OUT) -> Path:
    doc = ezdxf.new("R2010", units=ezdxf.units.MM)
    doc.layers.add("A-FOOTPRINT", color=7)
    doc.layers.add("SITE", color=3)
    doc.layers.add("A-ANNO-TEXT", color=2)
    msp = doc.modelspace()
    outline = [
        (0, 0, 0),
        (40_000, 0, bulge(14_000, SAGITTA_MM)),  # the arc from here to the next corner bows out
        (40_000, 14_000, 0),
        (22_000, 14_000, 0),
        (22_000, 26_000, 0),
        (4_000, 26_000, 0),  # the slanted wall from here down to (0, 22000)
        (0, 22_000, 0),
    ]
    msp.add_lwpolyline(outline, format="xyb", close=True, dxfattribs={"layer": "A-FOOTPRINT"})
    well = [(8_000, 6_000), (12_000, 6_000), (12_000, 10_000), (8_000, 10_000)]
    for a, b in zip(well, well[1:] + well[:1], strict=True):
        msp.add_line(a, b, dxfattribs={"layer": "A-FOOTPRINT"})
    msp.add_lwpolyline(
        [(-10_000, -8_000), (55_000, -8_000), (55_000, 36_000), (-10_000, 36_000)],
        close=True,
        dxfattribs={"layer": "SITE"},
    )
    msp.add_text(
        "建筑轮廓 A-FOOTPRINT", height=500, dxfattribs={"layer": "A-ANNO-TEXT"}
    ).set_placement((2_000, 28_000))
    doc.saveas(path)
    return path


if __name__ == "__main__":
    print(build())
    print(
        f"arc radius {(14_000**2 / 4 + SAGITTA_MM**2) / (2 * SAGITTA_MM) / 1000:.2f} m,"
        f" angle {math.degrees(4 * math.atan(bulge(14_000, SAGITTA_MM))):.1f}°"
    )
