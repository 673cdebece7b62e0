"""Hypothesis strategies for building footprints (metres) and their entrances.

Every strategy yields a valid shapely ``Polygon`` with a counter-clockwise exterior, the form
``layout.brief`` produces. Families:

* rectilinear: rectangles, L, U and T shapes, and random unions of a few axis-aligned
  rectangles, all with corners on the 0.3 m lattice (the engine's default module);
* non-rectilinear: a rectangle with one corner cut at an angle, and trapezoids;
* any of them with an optional rectangular courtyard (a hole) well inside the outline;
* any of them turned by an arbitrary angle about the origin and moved (optionally rounded to
  millimetres, as coordinates typed into a brief would be).

Sizes are given as a target outer area (before holes) in m²; a shape lands within a few per
cent of it (corners are snapped to the lattice). ``footprints`` combines the families; the
entrance helpers put a point on the outer boundary.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import shapely
from hypothesis import strategies as st
from shapely import affinity
from shapely.geometry import Point, Polygon, box
from shapely.geometry.polygon import orient

LATTICE = 0.3  # m: the engine's default module

RECTILINEAR = ("rect", "L", "U", "T", "union")
SLANTED = ("chamfer", "trapezoid")
KINDS = RECTILINEAR + SLANTED

Area = tuple[float, float]


# ---- helpers --------------------------------------------------------------------------------


def snap(value: float) -> float:
    """``value`` on the 0.3 m lattice (rounded to µm so that 0.3·k prints cleanly)."""
    return round(round(value / LATTICE) * LATTICE, 6) + 0.0


def snap_polygon(poly: Polygon) -> Polygon:
    """Every corner of ``poly`` (shell and holes) moved to the nearest lattice point."""

    def ring(coords: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(snap(x), snap(y)) for x, y in coords]

    return Polygon(ring(poly.exterior.coords), [ring(r.coords) for r in poly.interiors])


def _finish(poly: Polygon) -> Polygon:
    """Remove collinear corners, orient counter-clockwise and insist on a valid polygon."""
    poly = shapely.simplify(poly, 0.0)  # drops collinear vertices only
    poly = orient(poly, 1.0)
    assert isinstance(poly, Polygon) and poly.is_valid and not poly.is_empty, poly.wkt
    return poly


def _scaled_to(poly: Polygon, area: float) -> Polygon:
    """``poly`` scaled about the origin so that its outer area is ``area``."""
    factor = math.sqrt(area / Polygon(poly.exterior).area)
    return affinity.scale(poly, factor, factor, origin=(0, 0))


def _fractions(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def edges(poly: Polygon) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The outer boundary's edges as (start, end) pairs."""
    coords = list(poly.exterior.coords)
    return list(itertools.pairwise(coords))


def longest_edge_midpoint(poly: Polygon) -> tuple[float, float]:
    """The midpoint of the longest outer edge (the first one on a tie)."""
    (x0, y0), (x1, y1) = max(edges(poly), key=lambda e: math.dist(*e))
    return (x0 + x1) / 2, (y0 + y1) / 2


def narrowest_width(poly: Polygon) -> float:
    """Short side of the minimum rotated rectangle: a cheap measure of how wide a shape is."""
    rect = poly.minimum_rotated_rectangle
    a, b, c = list(rect.exterior.coords)[:3]
    return min(math.dist(a, b), math.dist(b, c))


# ---- rectilinear families ------------------------------------------------------------------


@st.composite
def rectangles(draw: st.DrawFn, area: Area = (600.0, 900.0), max_aspect: float = 3.0) -> Polygon:
    """An axis-aligned rectangle at the origin, ``max_aspect`` at most."""
    target = draw(_fractions(*area))
    aspect = draw(_fractions(1.0, max_aspect))
    width, height = math.sqrt(target * aspect), math.sqrt(target / aspect)
    if draw(st.booleans()):
        width, height = height, width
    return _finish(box(0, 0, snap(width), snap(height)))


@st.composite
def l_shapes(draw: st.DrawFn, area: Area = (600.0, 900.0)) -> Polygon:
    """A bounding box with one corner rectangle removed (two wings)."""
    target = draw(_fractions(*area))
    w, h = draw(_fractions(1.0, 2.5)), 1.0
    fx, fy = draw(_fractions(0.3, 0.6)), draw(_fractions(0.3, 0.6))
    shape = Polygon(
        [(0, 0), (w, 0), (w, h * (1 - fy)), (w * (1 - fx), h * (1 - fy)), (w * (1 - fx), h), (0, h)]
    )
    turns = draw(st.integers(0, 3))  # which corner is missing
    shape = affinity.rotate(shape, 90 * turns, origin=(0, 0))
    return _finish(snap_polygon(_scaled_to(shape, target)))


@st.composite
def u_shapes(draw: st.DrawFn, area: Area = (600.0, 900.0)) -> Polygon:
    """A bounding box with a notch cut into the middle of one side (two arms and a base)."""
    target = draw(_fractions(*area))
    w, h = draw(_fractions(1.2, 2.5)), 1.0
    notch_w = draw(_fractions(0.25, 0.45)) * w
    notch_d = draw(_fractions(0.3, 0.6)) * h
    left = draw(_fractions(0.25, 0.75)) * (w - notch_w)
    shape = Polygon(
        [
            (0, 0),
            (w, 0),
            (w, h),
            (left + notch_w, h),
            (left + notch_w, h - notch_d),
            (left, h - notch_d),
            (left, h),
            (0, h),
        ]
    )
    turns = draw(st.integers(0, 3))
    shape = affinity.rotate(shape, 90 * turns, origin=(0, 0))
    return _finish(snap_polygon(_scaled_to(shape, target)))


@st.composite
def t_shapes(draw: st.DrawFn, area: Area = (600.0, 900.0)) -> Polygon:
    """A full-width bar with a narrower stem below it (the stem may sit off-centre)."""
    target = draw(_fractions(*area))
    w, h = draw(_fractions(1.2, 2.5)), 1.0
    bar = draw(_fractions(0.4, 0.65)) * h
    stem_w = draw(_fractions(0.35, 0.6)) * w
    left = draw(_fractions(0.2, 0.8)) * (w - stem_w)
    shape = Polygon(
        [
            (left, 0),
            (left + stem_w, 0),
            (left + stem_w, h - bar),
            (w, h - bar),
            (w, h),
            (0, h),
            (0, h - bar),
            (left, h - bar),
        ]
    )
    turns = draw(st.integers(0, 3))
    shape = affinity.rotate(shape, 90 * turns, origin=(0, 0))
    return _finish(snap_polygon(_scaled_to(shape, target)))


@st.composite
def rectangle_unions(
    draw: st.DrawFn, area: Area = (600.0, 900.0), max_extra: int = 3, units: int = 16
) -> Polygon:
    """A base rectangle and up to ``max_extra`` rectangles overlapping it, drawn on an integer
    grid, scaled to the area and snapped to the 0.3 m lattice (grid lines are metres apart, so
    snapping cannot merge two of them). A rectangle that would enclose a hole is left out, so
    the union stays one simple polygon."""
    target = draw(_fractions(*area))
    half = units // 2
    bw, bh = draw(st.integers(half, units)), draw(st.integers(half // 2 + 2, half + 2))
    cells = box(0, 0, bw, bh)
    for _ in range(draw(st.integers(1, max_extra))):
        # The extra rectangle overlaps the base by at least two units both ways.
        x0 = draw(st.integers(-half, bw - 2))
        x1 = draw(st.integers(max(x0 + 3, 2), bw + half))
        y0 = draw(st.integers(-half, bh - 2))
        y1 = draw(st.integers(max(y0 + 3, 2), bh + half))
        grown = cells.union(box(x0, y0, x1, y1))
        if isinstance(grown, Polygon) and not grown.interiors:
            cells = grown
    return _finish(snap_polygon(_scaled_to(cells, target)))


# ---- non-rectilinear families --------------------------------------------------------------


@st.composite
def chamfered(draw: st.DrawFn, area: Area = (600.0, 900.0)) -> Polygon:
    """A rectangle with one corner cut off by a slanted wall."""
    target = draw(_fractions(*area))
    w, h = draw(_fractions(1.0, 2.5)), 1.0
    cx, cy = draw(_fractions(0.15, 0.5)) * w, draw(_fractions(0.2, 0.6)) * h
    shape = Polygon([(0, 0), (w, 0), (w, h - cy), (w - cx, h), (0, h)])
    turns = draw(st.integers(0, 3))
    shape = affinity.rotate(shape, 90 * turns, origin=(0, 0))
    return _finish(snap_polygon(_scaled_to(shape, target)))


@st.composite
def trapezoids(draw: st.DrawFn, area: Area = (600.0, 900.0)) -> Polygon:
    """A quadrilateral with one pair of parallel sides; at least one side wall is slanted."""
    target = draw(_fractions(*area))
    w, h = draw(_fractions(1.2, 2.5)), 1.0
    left = draw(_fractions(0.1, 0.3)) * w
    right = draw(_fractions(0.0, 0.3)) * w
    shape = Polygon([(0, 0), (w, 0), (w - right, h), (left, h)])
    turns = draw(st.integers(0, 3))
    shape = affinity.rotate(shape, 90 * turns, origin=(0, 0))
    return _finish(snap_polygon(_scaled_to(shape, target)))


# ---- modifiers -----------------------------------------------------------------------------


@st.composite
def with_courtyard(
    draw: st.DrawFn,
    shapes: st.SearchStrategy[Polygon],
    margin: float = 6.0,
    side: tuple[float, float] = (3.0, 7.0),
) -> Polygon:
    """A shape with one axis-aligned rectangular hole at least ``margin`` metres inside the
    outline. When the shape has no room for it, the shape comes back without a hole."""
    poly = draw(shapes)
    hw, hh = snap(draw(_fractions(*side))), snap(draw(_fractions(*side)))
    inner = poly.buffer(-margin, join_style="mitre")
    if inner.is_empty:
        return poly
    # Lower-left corners for which all four corners of the hole lie in ``inner``.
    corners = inner
    for dx, dy in ((hw, 0), (0, hh), (hw, hh)):
        corners = corners.intersection(affinity.translate(inner, -dx, -dy))
    if corners.is_empty or corners.area <= 0:
        return poly
    minx, miny, maxx, maxy = corners.bounds
    fx, fy = draw(_fractions(0.0, 1.0)), draw(_fractions(0.0, 1.0))
    candidates = [
        Point(snap(minx + fx * (maxx - minx)), snap(miny + fy * (maxy - miny))),
        corners.representative_point(),
    ]
    for corner in candidates:
        x, y = snap(corner.x), snap(corner.y)
        hole = box(x, y, x + hw, y + hh)
        if poly.buffer(-(margin - LATTICE), join_style="mitre").contains(hole):
            return _finish(Polygon(poly.exterior.coords, [hole.exterior.coords]))
    return poly


@st.composite
def rotated(
    draw: st.DrawFn,
    shapes: st.SearchStrategy[Polygon],
    round_mm: bool | None = None,
    angle_step: float | None = None,
) -> Polygon:
    """A shape turned by an angle in [0°, 360°) about the origin and moved.

    ``angle_step``: ``None`` for any angle, else a multiple of it (``0.001`` keeps the engine's
    frame, which rounds the main direction to 0.001°, exactly parallel to the walls).
    ``round_mm``: round the corners to 1 mm, as coordinates typed into a brief would be
    (``None``: drawn). Either way the walls stop being exactly parallel to the solving frame.
    """
    poly = draw(shapes)
    if angle_step is None:
        angle = draw(st.floats(0.0, 360.0, exclude_max=True))
    else:
        steps = math.ceil(360.0 / angle_step - 1e-9)
        angle = round(draw(st.integers(0, steps - 1)) * angle_step, 9)
    dx, dy = draw(_fractions(-50.0, 50.0)), draw(_fractions(-50.0, 50.0))
    turned = affinity.translate(affinity.rotate(poly, angle, origin=(0, 0)), dx, dy)
    if round_mm is None:
        round_mm = draw(st.booleans())
    if round_mm:
        turned = shapely.set_precision(turned, 0.001)
    return _finish(turned)


# ---- entry points --------------------------------------------------------------------------

FAMILIES = {
    "rect": rectangles,
    "L": l_shapes,
    "U": u_shapes,
    "T": t_shapes,
    "union": rectangle_unions,
    "chamfer": chamfered,
    "trapezoid": trapezoids,
}


def shapes_of(kind: str, area: Area) -> st.SearchStrategy[Polygon]:
    """The strategy of one family (``KINDS``) with the given outer-area range."""
    return FAMILIES[kind](area=area)


@st.composite
def footprints(
    draw: st.DrawFn,
    area: Area = (600.0, 900.0),
    kinds: Sequence[str] = KINDS,
    courtyards: bool = True,
    rotations: bool = True,
    round_mm: bool | None = None,
    angle_step: float | None = None,
) -> Polygon:
    """A footprint of one of ``kinds``, maybe with a courtyard, maybe rotated (``round_mm`` and
    ``angle_step`` as in :func:`rotated`)."""
    kind = draw(st.sampled_from(list(kinds)))
    shapes = shapes_of(kind, area)
    if courtyards and draw(st.booleans()):
        shapes = with_courtyard(shapes)
    if rotations and draw(st.booleans()):
        shapes = rotated(shapes, round_mm=round_mm, angle_step=angle_step)
    return draw(shapes)


@st.composite
def entrances(draw: st.DrawFn, poly: Polygon, min_edge: float = 6.0) -> tuple[float, float]:
    """A point on the outer boundary: usually the midpoint of the longest edge, otherwise a
    point well inside an edge at least ``min_edge`` long."""
    long_edges = [e for e in edges(poly) if math.dist(*e) >= min_edge]
    if not long_edges or draw(st.integers(0, 3)) > 0:
        return longest_edge_midpoint(poly)
    (x0, y0), (x1, y1) = draw(st.sampled_from(long_edges))
    t = draw(_fractions(0.25, 0.75))
    return x0 + t * (x1 - x0), y0 + t * (y1 - y0)


@st.composite
def sited_footprints(
    draw: st.DrawFn, shapes: st.SearchStrategy[Polygon] | None = None
) -> tuple[Polygon, tuple[float, float]]:
    """A footprint and an entrance on its outer boundary."""
    poly = draw(shapes if shapes is not None else footprints())
    return poly, draw(entrances(poly))
