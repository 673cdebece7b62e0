"""DXF drawings of a finished plan: one file per floor and one with every floor.

Drawings follow GB/T 50001 practice for a 1:100 plan: AutoCAD R2010, millimetres
(``$INSUNITS`` 4), geometry 1:1 in the brief's coordinates times 1000, English layer codes
(``A-AREA-<FUNCTION>``, ``A-WALL``, ``A-DOOR``, ``A-WIND``, ``A-STRS``, ``A-ANNO-TEXT``,
``A-ANNO-DIMS``, ``A-FOOTPRINT``, ``A-ANNO-TTLB``), text heights from the 3.5/2.5 mm series
scaled by 100, and dimensions in millimetres.

``<stem>-all.dxf`` puts the floors side by side in model space, ground floor on the left, with
a gap of :data:`FLOOR_GAP_MM` between their extents; the offset of each floor is written under
it. Model space rather than paper-space layouts: light viewers, LibreCAD's ``dxf2pdf`` and most
converters print model space only, and a designer who wants sheets can add layouts around the
1:1 geometry. The per-floor files keep the brief's coordinates unshifted.

Text uses two styles: :data:`STYLE_SHX` (``gbenor.shx`` with the big font ``gbcbig.shx``,
width 0.7, the pair Chinese CAD programs ship) for labels, dimensions and tables, and
:data:`STYLE_TTF` (the bundled OFL CJK TrueType font) for the title, and as the style to switch
to where the SHX fonts are missing. LibreCAD picks its stroke font by the lower-cased style
name plus ``.lff``; :mod:`layout.export.fonts.lff` writes matching fonts.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import ezdxf
import numpy as np
import shapely
from ezdxf import bbox
from ezdxf.enums import TextEntityAlignment
from ezdxf.layouts import Modelspace
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel, unary_union

from constraints.plan_view import INTERIOR_WALL_M
from layout.export.stair_flights import flights_rectangle
from layout.export.style import (
    LAYER_DIMS,
    LAYER_DOOR,
    LAYER_FOOTPRINT,
    LAYER_LIFT,
    LAYER_STAIR,
    LAYER_TEXT,
    LAYER_TITLE,
    LAYER_WALL,
    LAYER_WINDOW,
    STYLES,
    readable_angle,
    style_of,
)

MM = 1000.0  # model units (mm) per metre
SCALE = 100  # drawing scale 1:100: paper mm × SCALE = model mm

EXTERIOR_WALL_M = 0.24  # centred on the footprint outline
DOUBLE_LEAF_ABOVE_M = 1.2  # wider doors get a pair of leaves
TREAD_M = 0.28

NAME_HEIGHT = 3.5 * SCALE  # GB/T 50001: Chinese text at least 3.5 mm
AREA_HEIGHT = 2.5 * SCALE  # digits at least 2.5 mm
TITLE_HEIGHT = 7.0 * SCALE
FLOOR_TITLE_HEIGHT = 5.0 * SCALE
TABLE_HEIGHT = 3.5 * SCALE
SHX_WIDTH = 0.7  # 长仿宋 proportion

FLOOR_GAP_MM = 6_000.0
DIM_OFFSETS_M = (1.8, 2.8)  # room chain, overall: distance of the dimension lines from the wall

LAYER_AREA = "A-AREA"  # spaces of a function the style does not know
STYLE_SHX = "ONEZONE-SHX"
STYLE_TTF = "ONEZONE-TTF"
TTF_FILE = "OnezoneCJKSans-Regular.ttf"
TTF_FAMILY = "Onezone CJK Sans"
DIMSTYLE = "ONEZONE-100"

CHINESE_NUMERALS = "一二三四五六七八九十"
_LAYER_LOOK: dict[str, tuple[int, int]] = {  # layer -> (ACI, lineweight in 1/100 mm)
    LAYER_WALL: (7, 50),
    LAYER_FOOTPRINT: (8, 18),
    LAYER_DOOR: (3, 25),
    LAYER_WINDOW: (4, 25),
    LAYER_STAIR: (7, 18),
    LAYER_LIFT: (7, 18),
    LAYER_TEXT: (7, 18),
    LAYER_DIMS: (1, 13),
    LAYER_TITLE: (7, 25),
    LAYER_AREA: (7, 25),
}

Pt = tuple[float, float]


# ---- entry point ----------------------------------------------------------------------------


def write_dxf(plan: dict, out_dir: Path, stem: str, *, date: _dt.date | None = None) -> list[Path]:
    """Write ``<stem>-<level>F.dxf`` for every floor and ``<stem>-all.dxf``; return the paths.

    ``plan`` is ``plan.json`` as a dict; doors and windows are drawn when the floors carry
    them. ``date`` goes into the title block (default: today).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    date = date or _dt.date.today()
    floors = sorted(plan.get("floors") or [], key=lambda f: int(f["level"]))
    paths: list[Path] = []
    for floor in floors:
        doc = _new_document()
        msp = doc.modelspace()
        extent = _draw_floor(msp, plan, floor, (0.0, 0.0))
        _draw_sheet(msp, plan, [floor], extent, date, f"{_floor_name(int(floor['level']))}平面图")
        path = out_dir / f"{stem}-{int(floor['level'])}F.dxf"
        _save(doc, path)
        paths.append(path)
    doc = _new_document()
    msp = doc.modelspace()
    extent = _draw_all(msp, plan, floors)
    _draw_sheet(msp, plan, floors, extent, date, "各层平面图")
    path = out_dir / f"{stem}-all.dxf"
    _save(doc, path)
    paths.append(path)
    return paths


def floor_offsets(plan: dict) -> dict[int, Pt]:
    """Where ``<stem>-all.dxf`` puts each floor: level -> (dx, dy) in mm added to brief × 1000."""
    floors = sorted(plan.get("floors") or [], key=lambda f: int(f["level"]))
    if not floors:
        return {}
    bounds = [_footprint(f).bounds for f in floors]
    minx = min(b[0] for b in bounds)
    maxx = max(b[2] for b in bounds)
    width = (maxx - minx) * MM + 2 * (DIM_OFFSETS_M[-1] + 1.0) * MM
    return {int(f["level"]): (i * (width + FLOOR_GAP_MM), 0.0) for i, f in enumerate(floors)}


# ---- document -------------------------------------------------------------------------------


def _new_document() -> Any:
    """An R2010 drawing in mm with the project's layers, text styles and dimension style."""
    doc = ezdxf.new("R2010", setup=False, units=ezdxf.units.MM)
    doc.header["$MEASUREMENT"] = 1
    doc.header["$LUNITS"] = 2
    doc.header["$LUPREC"] = 0
    doc.header["$LTSCALE"] = float(SCALE)
    for fn_style in STYLES.values():
        layer = doc.layers.add(fn_style.layer, color=fn_style.aci)
        layer.rgb = fn_style.rgb
        layer.dxf.lineweight = 25
    for name, (aci, weight) in _LAYER_LOOK.items():
        doc.layers.add(name, color=aci).dxf.lineweight = weight
    shx = doc.styles.add(STYLE_SHX, font="gbenor.shx")
    shx.dxf.bigfont = "gbcbig.shx"
    shx.dxf.width = SHX_WIDTH
    ttf = doc.styles.add(STYLE_TTF, font=TTF_FILE)
    ttf.set_extended_font_data(TTF_FAMILY)
    _dimstyle(doc)
    return doc


def _dimstyle(doc: Any) -> None:
    """Dimensions in mm at 1:100: 2.5 mm text above the line, oblique ticks, no decimals.

    LibreCAD takes the look of dimensions from the header variables, so they are set too.
    """
    look = {
        "dimscale": float(SCALE),
        "dimtxt": 2.5,
        "dimasz": 1.5,
        "dimtsz": 1.5,  # architectural tick instead of arrows (GB/T 50001 7.1.4)
        "dimexe": 2.0,
        "dimexo": 2.0,
        "dimgap": 0.8,
        "dimtad": 1,
        "dimdec": 0,
        "dimlfac": 1.0,
        "dimzin": 8,
        "dimtih": 0,
        "dimtoh": 0,
    }
    ds = doc.dimstyles.new(DIMSTYLE)
    for key, value in look.items():
        ds.dxf.set(key, value)
    ds.dxf.dimtxsty = STYLE_SHX
    for key, value in look.items():
        doc.header[f"${key.upper()}"] = value
    doc.header["$DIMSTYLE"] = DIMSTYLE
    doc.header["$DIMTXSTY"] = STYLE_SHX


def _save(doc: Any, path: Path) -> None:
    """Extents from the drawn entities (ezdxf's defaults are ±1e20), then write."""
    box = bbox.extents(doc.modelspace(), fast=True)
    if box.has_data:
        doc.header["$EXTMIN"] = (box.extmin.x, box.extmin.y, 0.0)
        doc.header["$EXTMAX"] = (box.extmax.x, box.extmax.y, 0.0)
    doc.saveas(path)


# ---- floors ---------------------------------------------------------------------------------


def _draw_all(msp: Modelspace, plan: dict, floors: Sequence[dict]) -> tuple[float, ...]:
    """Every floor side by side, each titled with its name and offset."""
    offsets = floor_offsets(plan)
    extents = [_draw_floor(msp, plan, f, offsets[int(f["level"])]) for f in floors]
    if not extents:
        return (0.0, 0.0, 1.0, 1.0)
    return (
        min(e[0] for e in extents),
        min(e[1] for e in extents),
        max(e[2] for e in extents),
        max(e[3] for e in extents),
    )


def _draw_floor(msp: Modelspace, plan: dict, floor: dict, offset: Pt) -> tuple[float, ...]:
    """One floor at ``offset`` (mm); returns its drawn extent (mm) including dimensions."""
    tr = _Transform(offset)
    level = int(floor["level"])
    footprint = _footprint(floor)
    angle = _main_angle(plan, floor)
    rooms = [r for r in floor.get("rooms") or [] if len(r.get("polygon") or []) >= 3]
    shapes = {str(r["id"]): _polygon(r["polygon"]) for r in rooms}

    for ring in [footprint.exterior, *footprint.interiors]:
        _polyline(msp, tr.points(ring.coords), LAYER_FOOTPRINT)
    for room in rooms:
        layer = style_of(room["function"]).layer if room["function"] in STYLES else LAYER_AREA
        _polyline(msp, tr.points(_open(room["polygon"])), layer)

    doors = [d for d in floor.get("doors") or [] if _has_segment(d)]
    windows = [w for w in floor.get("windows") or [] if _has_segment(w)]
    walls = wall_shape(floor, doors, windows)
    _draw_walls(msp, walls, tr)
    for window in windows:
        _draw_window(msp, window, tr)
    for door in doors:
        _draw_door(msp, door, shapes, footprint, tr)
    for room in rooms:
        if room["function"] == "stair":
            _draw_stair(msp, shapes[str(room["id"])], angle, tr)
        elif room["function"] == "lift":
            _draw_lift(msp, shapes[str(room["id"])], tr)
    for room in rooms:
        _draw_label(msp, room, shapes[str(room["id"])], angle, tr)
    if level == 1:
        _draw_entrance(msp, plan, footprint, tr)
    _draw_dimensions(msp, floor, footprint, shapes, angle, tr)

    minx, miny, maxx, maxy = footprint.bounds
    pad = (DIM_OFFSETS_M[-1] + 1.0) * MM
    ext = (
        tr.x(minx) - pad,
        tr.y(miny) - pad,
        tr.x(maxx) + pad,
        tr.y(maxy) + pad,
    )
    title = f"{_floor_name(level)}平面图  1:{SCALE}"
    centre = ((ext[0] + ext[2]) / 2, ext[1] - FLOOR_TITLE_HEIGHT)
    _text(msp, title, centre, FLOOR_TITLE_HEIGHT, LAYER_TITLE, style=STYLE_TTF)
    if offset != (0.0, 0.0):
        note = f"平面位置：本层坐标 + ({offset[0]:.0f}, {offset[1]:.0f}) mm"
        below = (centre[0], centre[1] - 1.6 * FLOOR_TITLE_HEIGHT)
        _text(msp, note, below, AREA_HEIGHT, LAYER_TITLE)
    return (ext[0], ext[1] - 3 * FLOOR_TITLE_HEIGHT, ext[2], ext[3])


class _Transform:
    """Brief metres -> model millimetres, plus the floor's offset in the combined drawing."""

    def __init__(self, offset: Pt) -> None:
        self.dx, self.dy = offset

    def x(self, v: float) -> float:
        return v * MM + self.dx

    def y(self, v: float) -> float:
        return v * MM + self.dy

    def pt(self, p: Sequence[float]) -> Pt:
        return (self.x(float(p[0])), self.y(float(p[1])))

    def points(self, coords: Iterable[Sequence[float]]) -> list[Pt]:
        pts = [self.pt(p) for p in coords]
        if len(pts) > 1 and pts[0] == pts[-1]:
            pts.pop()
        return pts


# ---- walls and openings ---------------------------------------------------------------------


def wall_shape(floor: dict, doors: Sequence[dict] = (), windows: Sequence[dict] = ()) -> Any:
    """The cut walls of a floor (metres): exterior walls centred on the footprint outline and
    its holes, interior walls on every edge a space shares with another, none between two
    circulation spaces (lobby and corridors are open to each other) or inside unused space;
    openings cut where doors and windows stand."""
    footprint = _footprint(floor)
    rooms = [r for r in floor.get("rooms") or [] if len(r.get("polygon") or []) >= 3]
    used = [r for r in rooms if r["function"] != "unused"]
    lines = unary_union([_polygon(r["polygon"]).boundary for r in used])
    circulation = [_polygon(r["polygon"]) for r in used if r["function"] == "circulation"]
    open_edges = [
        a.boundary.intersection(b.boundary)
        for i, a in enumerate(circulation)
        for b in circulation[i + 1 :]
    ]
    open_edges = [g for g in open_edges if not g.is_empty and g.length > 0]
    if open_edges:
        lines = lines.difference(unary_union(open_edges).buffer(1e-4, cap_style="flat"))
    interior = lines.buffer(INTERIOR_WALL_M / 2, cap_style="square", join_style="mitre")
    rings = [LineString(r.coords) for r in [footprint.exterior, *footprint.interiors]]
    exterior = unary_union(rings).buffer(EXTERIOR_WALL_M / 2, join_style="mitre")
    walls = unary_union([interior, exterior])
    cuts = [_opening(d, float(d.get("width") or 0.0)) for d in doors]
    cuts += [_opening(w, 0.0) for w in windows]
    cuts = [c for c in cuts if c is not None]
    if cuts:
        walls = walls.difference(unary_union(cuts))
    return walls.simplify(0.0005)


def _opening(item: dict, width: float) -> Polygon | None:
    """The gap an opening cuts: ``width`` centred on its segment (the whole segment if 0)."""
    a, b = _segment(item)
    length = math.dist(a, b)
    if length < 1e-6:
        return None
    w = min(width, length) if width > 0 else length
    u = ((b[0] - a[0]) / length, (b[1] - a[1]) / length)
    m = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    half = EXTERIOR_WALL_M / 2 + 0.01
    n = (-u[1], u[0])
    return Polygon(
        [
            (
                m[0] + sx * u[0] * w / 2 + sy * n[0] * half,
                m[1] + sx * u[1] * w / 2 + sy * n[1] * half,
            )
            for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))
        ]
    )


def _draw_walls(msp: Modelspace, walls: BaseGeometry, tr: _Transform) -> None:
    """Outlines of the cut walls and a solid fill (the poché of a 1:100 plan)."""
    for poly in _polygons(walls):
        rings = [poly.exterior, *poly.interiors]
        for ring in rings:
            _polyline(msp, tr.points(ring.coords), LAYER_WALL)
        hatch = msp.add_hatch(color=256, dxfattribs={"layer": LAYER_WALL})
        hatch.set_solid_fill(color=256)
        for i, ring in enumerate(rings):
            flags = 1 if i == 0 else 0  # external boundary, then holes
            hatch.paths.add_polyline_path(tr.points(ring.coords), is_closed=True, flags=flags)


def _draw_window(msp: Modelspace, window: dict, tr: _Transform) -> None:
    """Four lines across the wall thickness: the two wall faces and the double glazing."""
    a, b = _segment(window)
    length = math.dist(a, b)
    if length < 1e-6:
        return
    n = (-(b[1] - a[1]) / length, (b[0] - a[0]) / length)
    half = EXTERIOR_WALL_M / 2
    for off in (-half, -half / 3, half / 3, half):
        p = (a[0] + n[0] * off, a[1] + n[1] * off)
        q = (b[0] + n[0] * off, b[1] + n[1] * off)
        msp.add_line(tr.pt(p), tr.pt(q), dxfattribs={"layer": LAYER_WINDOW})
    for end in (a, b):
        p = (end[0] - n[0] * half, end[1] - n[1] * half)
        q = (end[0] + n[0] * half, end[1] + n[1] * half)
        msp.add_line(tr.pt(p), tr.pt(q), dxfattribs={"layer": LAYER_WINDOW})


def _draw_door(
    msp: Modelspace, door: dict, shapes: dict[str, Polygon], footprint: Polygon, tr: _Transform
) -> None:
    """Leaf at 90° hinged at a jamb, swinging into ``space``, and its quarter-circle swing."""
    a, b = _segment(door)
    length = math.dist(a, b)
    if length < 1e-6:
        return
    width = min(float(door.get("width") or length), length)
    u = ((b[0] - a[0]) / length, (b[1] - a[1]) / length)
    n = (-u[1], u[0])
    m = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    probe = Point(m[0] + n[0] * 0.3, m[1] + n[1] * 0.3)
    space = shapes.get(str(door.get("space", "")))
    inside = space.buffer(1e-6).contains(probe) if space is not None else footprint.contains(probe)
    if not inside:
        n = (-n[0], -n[1])
    j1 = (m[0] - u[0] * width / 2, m[1] - u[1] * width / 2)
    j2 = (m[0] + u[0] * width / 2, m[1] + u[1] * width / 2)
    hinges = [(j1, u)]
    leaf = width
    if width > DOUBLE_LEAF_ABOVE_M:
        leaf = width / 2
        hinges.append((j2, (-u[0], -u[1])))
    for hinge, closed in hinges:
        tip = (hinge[0] + n[0] * leaf, hinge[1] + n[1] * leaf)
        msp.add_line(tr.pt(hinge), tr.pt(tip), dxfattribs={"layer": LAYER_DOOR})
        start = math.degrees(math.atan2(closed[1], closed[0]))
        end = math.degrees(math.atan2(n[1], n[0]))
        if closed[0] * n[1] - closed[1] * n[0] < 0:  # sweep clockwise: swap for a CCW arc
            start, end = end, start
        msp.add_arc(tr.pt(hinge), leaf * MM, start, end, dxfattribs={"layer": LAYER_DOOR})


def _draw_lift(msp: Modelspace, shape: Polygon, tr: _Transform) -> None:
    """A lift shaft as drawn by convention: a cross from corner to corner."""
    corners = list(shape.exterior.coords)[:4]
    for a, b in ((corners[0], corners[2]), (corners[1], corners[3])):
        msp.add_line(tr.pt(a), tr.pt(b), dxfattribs={"layer": LAYER_LIFT})


def _draw_stair(msp: Modelspace, shape: Polygon, angle: float, tr: _Transform) -> None:
    """A two-flight stair: treads every 280 mm up to a landing, the well line between the
    flights and an arrow up the first flight marked 上."""
    local = _rotate_geom(shape, -angle)
    minx, miny, maxx, maxy = flights_rectangle(local)
    along_x = (maxx - minx) >= (maxy - miny)
    if not along_x:  # work with the long side on local x
        local = _rotate_geom(local, -90.0)
        minx, miny, maxx, maxy = flights_rectangle(local)
    flights = box(minx, miny, maxx, maxy)
    turn = angle + (0.0 if along_x else 90.0)
    length, width = maxx - minx, maxy - miny
    landing = min(max(1.2, width / 2), 0.4 * length)
    segments: list[tuple[Pt, Pt]] = []
    t = minx + TREAD_M
    while t < maxx - landing + 1e-6:
        segments.append(((t, miny), (t, maxy)))
        t += TREAD_M
    mid = (miny + maxy) / 2
    segments.append(((minx, mid), (maxx - landing, mid)))
    arrow_y = miny + width / 4
    arrow_end = maxx - landing - TREAD_M
    segments.append(((minx + TREAD_M / 2, arrow_y), (arrow_end, arrow_y)))
    head = min(0.3, width / 6)
    segments.append(((arrow_end, arrow_y), (arrow_end - head, arrow_y + head / 2)))
    segments.append(((arrow_end, arrow_y), (arrow_end - head, arrow_y - head / 2)))
    for p, q in segments:
        piece = LineString([p, q]).intersection(flights)
        for part in _lines(piece):
            pts = [_rotate(x, y, turn) for x, y in part.coords]
            msp.add_line(tr.pt(pts[0]), tr.pt(pts[-1]), dxfattribs={"layer": LAYER_STAIR})
    up = _rotate(minx + TREAD_M, arrow_y + AREA_HEIGHT / MM, turn)
    _text(msp, "上", tr.pt(up), AREA_HEIGHT, LAYER_STAIR, rotation=readable_angle(turn))


def _draw_entrance(msp: Modelspace, plan: dict, footprint: Polygon, tr: _Transform) -> None:
    """A filled triangle outside the main entrance pointing in, and 主入口."""
    point = (plan.get("requirements") or {}).get("entrance")
    if not point:
        return
    p = Point(float(point[0]), float(point[1]))
    ring = footprint.exterior
    d = ring.project(p)
    a, b = ring.interpolate(max(d - 0.05, 0.0)), ring.interpolate(min(d + 0.05, ring.length))
    length = math.dist((a.x, a.y), (b.x, b.y)) or 1.0
    n = (-(b.y - a.y) / length, (b.x - a.x) / length)
    if footprint.contains(Point(p.x + n[0] * 0.5, p.y + n[1] * 0.5)):
        n = (-n[0], -n[1])  # outward
    t = (-n[1], n[0])  # along the facade
    tip = (p.x + n[0] * 0.3, p.y + n[1] * 0.3)
    base = (p.x + n[0] * 1.0, p.y + n[1] * 1.0)
    side = (t[0] * 0.3, t[1] * 0.3)
    tri = [tip, (base[0] + side[0], base[1] + side[1]), (base[0] - side[0], base[1] - side[1])]
    hatch = msp.add_hatch(color=256, dxfattribs={"layer": LAYER_TEXT})
    hatch.set_solid_fill(color=256)
    hatch.paths.add_polyline_path(tr.points(tri), is_closed=True, flags=1)
    _polyline(msp, tr.points(tri), LAYER_TEXT)
    along = 0.5 + _text_width("主入口", NAME_HEIGHT) / MM / 2
    label = (p.x + n[0] * 0.65 + t[0] * along, p.y + n[1] * 0.65 + t[1] * along)
    _text(msp, "主入口", tr.pt(label), NAME_HEIGHT, LAYER_TEXT, rotation=readable_angle(_angle(t)))


# ---- labels ---------------------------------------------------------------------------------


def label_point(shape: Polygon) -> Point:
    """A point well inside the outline (pole of inaccessibility; not the centroid of an L)."""
    point = polylabel(shape, tolerance=0.02)
    return point if shape.contains(point) else shape.representative_point()


def _draw_label(msp: Modelspace, room: dict, shape: Polygon, angle: float, tr: _Transform) -> None:
    """Name over net area, along the building where the block fits inside the room, else turned
    90°, else smaller; a sliver gets one small line at its pole of inaccessibility."""
    fallback = STYLES[room["function"]].label_zh if room["function"] in STYLES else room["id"]
    name = str(room.get("name") or fallback)
    area = f"{float(room.get('area', shape.area)):.2f}㎡"
    if shape.is_empty or not shape.is_valid:
        return
    local = _rotate_geom(shape, -angle)
    pole = label_point(shape)
    p = _rotate(pole.x, pole.y, -angle)
    for height in (NAME_HEIGHT, AREA_HEIGHT):
        block_w = 1.1 * max(_text_width(name, height), _text_width(area, AREA_HEIGHT)) / MM
        block_h = 1.1 * (height + AREA_HEIGHT * 1.6) / MM
        for turn in (0.0, 90.0):
            w, h = (block_w, block_h) if turn == 0.0 else (block_h, block_w)
            c = _place_box(local, p, w, h)
            if c is None:
                continue
            centre = _rotate(*c, angle)
            rotation = readable_angle(angle + turn)
            up = _rotate(0.0, 1.0, rotation)
            gap = (height + AREA_HEIGHT) * 0.4 / MM
            name_at = (centre[0] + up[0] * gap, centre[1] + up[1] * gap)
            area_at = (centre[0] - up[0] * gap, centre[1] - up[1] * gap)
            _text(msp, name, tr.pt(name_at), height, LAYER_TEXT, rotation=rotation)
            _text(msp, area, tr.pt(area_at), AREA_HEIGHT, LAYER_TEXT, rotation=rotation)
            return
    minx, miny, maxx, maxy = local.bounds
    rotation = readable_angle(angle + (0.0 if maxx - minx >= maxy - miny else 90.0))
    line = f"{name} {area}"
    _text(msp, line, tr.pt((pole.x, pole.y)), AREA_HEIGHT, LAYER_TEXT, rotation=rotation)


def _place_box(local: Polygon, pole: Pt, w: float, h: float) -> Pt | None:
    """Centre of a w × h box inside the room (local frame) with the most room around it; the
    pole of inaccessibility when it does nearly as well (it reads as the room's middle)."""
    minx, miny, maxx, maxy = local.bounds
    if maxx - minx < w or maxy - miny < h:
        return None
    step = max(0.2, math.sqrt(local.area) / 24)
    xs = np.arange(minx + w / 2, maxx - w / 2 + 1e-9, step)
    ys = np.arange(miny + h / 2, maxy - h / 2 + 1e-9, step)
    gx, gy = np.meshgrid(xs, ys)
    cx = np.concatenate([[pole[0]], gx.ravel()])
    cy = np.concatenate([[pole[1]], gy.ravel()])
    boxes = shapely.box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    shapely.prepare(local)
    fits = shapely.contains(local, boxes)
    if not fits.any():
        return None
    room = np.where(fits, shapely.distance(boxes, local.boundary), -1.0)
    best = int(np.argmax(room))
    if fits[0] and room[0] >= 0.8 * room[best]:
        best = 0
    return (float(cx[best]), float(cy[best]))


def _text_width(text: str, height: float) -> float:
    """Estimated width (mm) in the SHX style: CJK one height wide, Latin about 0.7 of it."""
    wide = sum(1 for ch in text if ord(ch) > 0x2E80)
    return (wide + 0.7 * (len(text) - wide)) * height * SHX_WIDTH


def _text(
    msp: Modelspace,
    text: str,
    at: Pt,
    height: float,
    layer: str,
    *,
    rotation: float = 0.0,
    style: str = STYLE_SHX,
    align: TextEntityAlignment = TextEntityAlignment.MIDDLE_CENTER,
) -> None:
    width = SHX_WIDTH if style == STYLE_SHX else 1.0
    entity = msp.add_text(
        text,
        height=height,
        rotation=rotation,
        dxfattribs={"layer": layer, "style": style, "width": width},
    )
    entity.set_placement(at, align=align)


# ---- dimensions -----------------------------------------------------------------------------


def _draw_dimensions(
    msp: Modelspace,
    floor: dict,
    footprint: Polygon,
    shapes: dict[str, Polygon],
    angle: float,
    tr: _Transform,
) -> None:
    """Two dimension lines on the south and west side (in the building's own direction):
    the room divisions along that facade, then the overall size."""
    local_fp = _rotate_geom(footprint, -angle)
    minx, miny, maxx, maxy = local_fp.bounds
    mins, maxs = (minx, miny), (maxx, maxy)
    used = [s for rid, s in shapes.items() if not _is_unused(floor, rid)]
    corners = [_rotate(x, y, -angle) for s in [footprint, *used] for x, y in s.exterior.coords[:-1]]
    ring = local_fp.exterior
    for axis in (0, 1):  # 0: along local x (south side), 1: along local y (west side)
        facing = _facade_points(ring, corners, axis)
        ticks: dict[float, Pt] = {}
        for p in facing:
            ticks.setdefault(round(p[axis], 3), p)
        keys = sorted(ticks)
        keys = [k for i, k in enumerate(keys) if i == 0 or k - keys[i - 1] > 0.1]
        low = miny if axis == 0 else minx
        chain_at, overall_at = (low - d for d in DIM_OFFSETS_M)
        extreme = sorted(_rotate(x, y, -angle) for x, y in footprint.exterior.coords[:-1])
        if axis == 1:
            extreme = sorted(extreme, key=lambda p: p[1])
        whole = len(keys) == 2 and abs(keys[1] - keys[0] - (maxs[axis] - mins[axis])) < 0.01
        for k1, k2 in itertools.pairwise(keys if not whole else []):  # no chain that repeats
            _linear_dim(msp, ticks[k1], ticks[k2], axis, chain_at, angle, tr)  # the overall size
        if extreme and extreme[-1][axis] - extreme[0][axis] > 0.1:
            _linear_dim(msp, extreme[0], extreme[-1], axis, overall_at, angle, tr)


def _facade_points(ring: Any, corners: list[Pt], axis: int) -> list[Pt]:
    """Corners on edges of the outline that face local south (axis 0) or west (axis 1)."""
    coords = list(ring.coords)
    area2 = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(coords))
    ccw = area2 > 0
    result: list[Pt] = []
    for p, q in itertools.pairwise(coords):
        dx, dy = q[0] - p[0], q[1] - p[1]
        length = math.hypot(dx, dy)
        if length < 1e-6:
            continue
        nx, ny = (dy / length, -dx / length) if ccw else (-dy / length, dx / length)  # outward
        if (axis == 0 and ny > -0.7) or (axis == 1 and nx > -0.7):
            continue
        edge = LineString([p, q])
        result += [c for c in corners if edge.distance(Point(c)) < 1e-3]
    return result


def _linear_dim(
    msp: Modelspace, p1: Pt, p2: Pt, axis: int, base: float, angle: float, tr: _Transform
) -> None:
    """A linear dimension between local points, its line at local ``base`` (y or x)."""
    base_local = ((p1[0] + p2[0]) / 2, base) if axis == 0 else (base, (p1[1] + p2[1]) / 2)
    dim = msp.add_linear_dim(
        base=tr.pt(_rotate(*base_local, angle)),
        p1=tr.pt(_rotate(*p1, angle)),
        p2=tr.pt(_rotate(*p2, angle)),
        angle=angle + (0.0 if axis == 0 else 90.0),
        dimstyle=DIMSTYLE,
        dxfattribs={"layer": LAYER_DIMS},
    )
    dim.render()


def _is_unused(floor: dict, room_id: str) -> bool:
    return any(
        str(r["id"]) == room_id and r["function"] == "unused" for r in floor.get("rooms") or []
    )


# ---- sheet: schedule, north arrow, title block ----------------------------------------------


def area_schedule(plan: dict, floors: Sequence[dict]) -> list[tuple[str, str, str, str]]:
    """Rows (function, room, floor, area) for the given floors, then subtotals and totals.

    Totals count every space but unused ones (rooms, circulation, stairs, toilets), as the
    total-area rule does; the ground-floor share is over the whole plan.
    """
    order = {fn: i for i, fn in enumerate(STYLES)}
    rows: list[tuple[str, str, str, str]] = []
    for floor in floors:
        level = int(floor["level"])
        rooms = [r for r in floor.get("rooms") or [] if r["function"] != "unused"]
        rooms.sort(key=lambda r: (order.get(r["function"], 99), str(r.get("name", ""))))
        for r in rooms:
            label = style_of(r["function"]).label_zh if r["function"] in STYLES else ""
            rows.append((label, str(r.get("name", r["id"])), f"{level}F", _area(r["area"])))
        rows.append(("", "本层合计", f"{level}F", _area(_used_area(floor))))
    all_floors = plan.get("floors") or []
    total = sum(_used_area(f) for f in all_floors)
    ground = sum(_used_area(f) for f in all_floors if int(f["level"]) == 1)
    rows.append(("", "中心总面积", "", _area(total)))
    share = f"{100 * ground / total:.1f}%" if total > 0 else "—"
    rows.append(("", "首层面积占比", "", share))
    return rows


def _used_area(floor: dict) -> float:
    return sum(float(r["area"]) for r in floor.get("rooms") or [] if r["function"] != "unused")


def _area(value: float) -> str:
    return f"{float(value):.2f}"


def _draw_sheet(
    msp: Modelspace,
    plan: dict,
    floors: Sequence[dict],
    extent: tuple[float, ...],
    date: _dt.date,
    title: str,
) -> None:
    """Area schedule right of the plan, north arrow above it, title block below it."""
    x0 = extent[2] + 3000.0
    top = extent[3]
    _north_arrow(msp, (x0 + 1500.0, top - 1500.0))
    bottom = _schedule(msp, area_schedule(plan, floors), (x0, top - 3600.0))
    _title_block(msp, plan, title, date, (x0, min(bottom - 2000.0, extent[1] + 6000.0)))


_COLUMNS = (("功能", 3400.0), ("房间", 4200.0), ("楼层", 1400.0), ("面积(㎡)", 2200.0))


def _schedule(msp: Modelspace, rows: list[tuple[str, ...]], at: Pt) -> float:
    """The area schedule as a ruled table; returns the y of its bottom edge."""
    x0, y = at
    row_h = TABLE_HEIGHT * 2.0
    width = sum(w for _, w in _COLUMNS)
    _text(msp, "面积表", (x0 + width / 2, y + row_h), FLOOR_TITLE_HEIGHT, LAYER_TITLE)
    table = [tuple(h for h, _ in _COLUMNS), *rows]
    lines_y = [y - i * row_h for i in range(len(table) + 1)]
    for i, row in enumerate(table):
        cy = y - (i + 0.5) * row_h
        x = x0
        for (_, w), cell in zip(_COLUMNS, row, strict=True):
            if cell:
                right = cell[:1].isdigit() or cell.endswith("%")
                align = (
                    TextEntityAlignment.MIDDLE_RIGHT if right else TextEntityAlignment.MIDDLE_LEFT
                )
                tx = x + w - 200.0 if right else x + 200.0
                _text(msp, cell, (tx, cy), TABLE_HEIGHT, LAYER_TEXT, align=align)
            x += w
    for ly in lines_y:
        msp.add_line((x0, ly), (x0 + width, ly), dxfattribs={"layer": LAYER_TITLE})
    x = x0
    for _, w in (("", 0.0), *_COLUMNS):
        x += w
        msp.add_line((x, lines_y[0]), (x, lines_y[-1]), dxfattribs={"layer": LAYER_TITLE})
    return lines_y[-1]


def _north_arrow(msp: Modelspace, centre: Pt) -> None:
    """GB/T 50001 north symbol: a 24 mm circle, a pointer 3 mm wide at its tail, 北 above."""
    r = 1200.0
    cx, cy = centre
    msp.add_circle(centre, r, dxfattribs={"layer": LAYER_TITLE})
    pointer = [(cx, cy + r), (cx + 150.0, cy - r), (cx - 150.0, cy - r)]
    hatch = msp.add_hatch(color=256, dxfattribs={"layer": LAYER_TITLE})
    hatch.set_solid_fill(color=256)
    hatch.paths.add_polyline_path(pointer, is_closed=True, flags=1)
    _polyline(msp, pointer, LAYER_TITLE)
    _text(msp, "北", (cx, cy + r + NAME_HEIGHT), NAME_HEIGHT, LAYER_TITLE)


def _title_block(msp: Modelspace, plan: dict, title: str, date: _dt.date, at: Pt) -> None:
    """Site, drawing, standard, scale and date in a ruled block (upper-left corner at ``at``)."""
    x0, y0 = at
    width = sum(w for _, w in _COLUMNS)
    rows = [
        (str(plan.get("site", "")), TITLE_HEIGHT * 0.7, STYLE_TTF),
        (f"{title}  1:{SCALE}", NAME_HEIGHT, STYLE_SHX),
        (f"标准：{_standard_name(plan)}", NAME_HEIGHT, STYLE_SHX),
        (f"日期：{date.isoformat()}    单位：mm", NAME_HEIGHT, STYLE_SHX),
    ]
    row_h = 1000.0
    for i, (text, height, style) in enumerate(rows):
        cy = y0 - (i + 0.5) * row_h
        _text(
            msp,
            text,
            (x0 + 300.0, cy),
            height,
            LAYER_TITLE,
            style=style,
            align=TextEntityAlignment.MIDDLE_LEFT,
        )
        msp.add_line((x0, y0 - i * row_h), (x0 + width, y0 - i * row_h), {"layer": LAYER_TITLE})
    frame = [(x0, y0), (x0 + width, y0), (x0 + width, y0 - 4 * row_h), (x0, y0 - 4 * row_h)]
    _polyline(msp, frame, LAYER_TITLE)


def _standard_name(plan: dict) -> str:
    standard = str(plan.get("standard", ""))
    try:
        from constraints.standard import load_standard

        return f"{load_standard(standard).name}（{standard}）"
    except Exception:  # a plan from an unknown standard still exports
        return standard


# ---- geometry helpers -----------------------------------------------------------------------


def _polyline(msp: Modelspace, points: list[Pt], layer: str) -> None:
    msp.add_lwpolyline(points, close=True, dxfattribs={"layer": layer})


def _open(coords: Sequence[Sequence[float]]) -> list[Sequence[float]]:
    pts = list(coords)
    return pts[:-1] if len(pts) > 1 and list(pts[0]) == list(pts[-1]) else pts


def _polygon(points: Sequence[Sequence[float]]) -> Polygon:
    """The outline as a polygon; a self-touching one repaired to its largest valid part."""
    shape = Polygon([(float(x), float(y)) for x, y in points])
    if shape.is_valid:
        return shape
    parts = _polygons(shape.buffer(0))
    return max(parts, key=lambda g: g.area) if parts else shape


def _footprint(floor: dict) -> Polygon:
    holes = [[(float(x), float(y)) for x, y in h] for h in floor.get("holes") or []]
    return Polygon([(float(x), float(y)) for x, y in floor["footprint"]], holes)


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon) and not g.is_empty]


def _lines(geom: BaseGeometry) -> list[LineString]:
    if isinstance(geom, LineString):
        return [] if geom.is_empty else [geom]
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, LineString) and not g.is_empty]


def _has_segment(item: dict) -> bool:
    try:
        _segment(item)
    except (KeyError, TypeError, ValueError):
        return False
    return True


def _segment(item: dict) -> tuple[Pt, Pt]:
    (x1, y1), (x2, y2) = item["segment"]
    return (float(x1), float(y1)), (float(x2), float(y2))


def _rotate(x: float, y: float, deg: float) -> Pt:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return (x * c - y * s, x * s + y * c)


def _rotate_geom(shape: Polygon, deg: float) -> Polygon:
    rings = [shape.exterior, *shape.interiors]
    moved = [[_rotate(x, y, deg) for x, y in r.coords] for r in rings]
    return Polygon(moved[0], moved[1:])


def _angle(v: Pt) -> float:
    return math.degrees(math.atan2(v[1], v[0]))


def _main_angle(plan: dict, floor: dict) -> float:
    """The building's main direction (deg): the solving frame's, else the longest wall run's."""
    frame = plan.get("frame") or {}
    if "angle_deg" in frame:
        return float(frame["angle_deg"])
    weights: dict[int, float] = {}
    pts = [(float(x), float(y)) for x, y in floor["footprint"]]
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
        a = round(math.degrees(math.atan2(y2 - y1, x2 - x1))) % 90
        weights[a] = weights.get(a, 0.0) + math.hypot(x2 - x1, y2 - y1)
    return float(max(weights, key=weights.__getitem__)) if weights else 0.0


def _floor_name(level: int) -> str:
    if 1 <= level <= len(CHINESE_NUMERALS):
        return f"{CHINESE_NUMERALS[level - 1]}层"
    return f"{level}层"
