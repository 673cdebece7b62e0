"""Pockets behind a stair go to the stair enclosure.

A stair is placed once and stacked on every floor it serves, so it cannot follow the rooms
beside it: where it is shallower than they are, a strip stays between the stair and the wall
that no room can take without losing its shape and no corridor reaches. A stair enclosure a
little deeper or wider than its flights (a deeper landing, a wider well) is an ordinary stair,
so the enclosure takes such a strip when the strip is free on every floor the stair serves.
Along a slanted wall the strip is a wedge: the enclosure's wall then follows the outer wall,
as a stairwell's does, and the flights keep their rectangle inside it.
The lift shaft takes a strip behind it likewise, up to LIFT_DEEPER_M deeper than its square
(a deeper car, as a stretcher lift has). Works on finished floors in the brief's
coordinates, after every floor is built.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

import shapely
from shapely.geometry import LineString, Polygon
from shapely.ops import unary_union

from constraints.requirements import Requirements
from constraints.rules.design import narrow_strips
from layout.model.build import STAIR_STRETCH_M
from layout.plan import Floor, Space

STAIR = "stair"
LIFT = "lift"
#: How much deeper than its square a lift shaft may become (m): the model's own limit.
LIFT_DEEPER_M = STAIR_STRETCH_M
UNUSED = "unused"
CIRCULATION = "circulation"
#: Float noise of the plan's micrometre grid (m², m).
AREA_EPS = 1e-4
LENGTH_EPS = 1e-3
#: A part of a pocket thinner than this (m, twice its area over its perimeter) lies within
#: the walls drawn round it: it goes with the pocket, not against its shape.
SPUR_M = 0.05
#: An edge whose direction makes a cosine up to this with a stair's side stands square to it.
PERPENDICULAR_COS = 0.01


def widen_stairs_into_pockets(floors: Sequence[Floor], req: Requirements) -> tuple[Floor, ...]:
    """Every stair and the lift take the pockets behind them (unused pieces under the fragment
    size that lie in a band along one of its sides: the band, or the pocket alone where it
    lies between the core and the outer wall, ``_wedge``) where that floor is unused on all
    its floors or a corridor's dead wedge the corridor gives up, no door opens onto it, no
    unused piece falls apart or turns into a fragment, and the ground-floor share still
    holds."""
    result = list(floors)
    cores = sorted({s.id for f in result for s in f.spaces if s.function in (STAIR, LIFT)})
    for sid in cores:
        while True:
            grown = _widen_once(result, sid, req)
            if grown is None:
                break
            result = grown
    return tuple(result)


def _widen_once(floors: list[Floor], sid: str, req: Requirements) -> list[Floor] | None:
    """The floors with the stair grown into one band, or None when no pocket qualifies."""
    served = [k for k, f in enumerate(floors) if _space(f, sid) is not None]
    if not served:
        return None
    stair = _space(floors[served[0]], sid)
    assert stair is not None
    least = req.design.fragment_min_m2
    for k in served:
        for piece in floors[k].spaces:
            if piece.function != UNUSED or piece.area >= least:
                continue
            band = _band_behind(stair.polygon, piece.polygon)
            if band is None:
                continue
            outer = floors[k].footprint.boundary
            for grow_by in (band, _wedge(piece.polygon, stair.polygon, band, outer)):
                if grow_by is None or (
                    stair.function == LIFT and _too_deep(stair.polygon, grow_by)
                ):
                    continue
                widened = _widen(floors, served, stair, grow_by, req)
                if widened is not None:
                    return widened
    return None


def _wedge(piece: Polygon, stair: Polygon, band: Polygon, outer: object) -> Polygon | None:
    """The piece itself, when it is not the whole band (the band reaches past a slanted wall,
    or a room's corner takes part of it) and lies between the stair and the outer wall: its
    edges off the stair and off the wall run straight out from the stair's side (the wall
    of a room beside it), so the enclosure grown by it follows the outer wall and stays
    square elsewhere. None when the band is the piece, or the piece reaches no wall."""
    if band.difference(piece).area <= AREA_EPS:
        return None
    corners = list(band.exterior.coords)
    sx, sy = corners[1][0] - corners[0][0], corners[1][1] - corners[0][1]
    side = (sx * sx + sy * sy) ** 0.5
    on_stair = stair.boundary.buffer(LENGTH_EPS, cap_style="flat")
    on_wall = outer.buffer(LENGTH_EPS, cap_style="flat")
    if piece.boundary.intersection(on_wall).length < LENGTH_EPS:
        return None
    coords = list(piece.exterior.coords)
    for p, q in itertools.pairwise(coords):
        edge = LineString([p, q])
        loose = edge.difference(on_stair).difference(on_wall).length
        if loose <= 2 * SPUR_M:
            continue
        ex, ey = q[0] - p[0], q[1] - p[1]
        if abs(ex * sx + ey * sy) / (edge.length * side) > PERPENDICULAR_COS:
            return None  # an edge across the band: a room or corridor beyond, not the wall
    return piece


def _too_deep(shaft: Polygon, band: Polygon) -> bool:
    """Whether the shaft grown by the band would be more than LIFT_DEEPER_M longer than its
    shorter side."""
    rect = unary_union([shaft, band]).minimum_rotated_rectangle
    corners = list(rect.exterior.coords)
    a = LineString(corners[:2]).length
    b = LineString(corners[1:3]).length
    return max(a, b) > min(a, b) + LIFT_DEEPER_M + LENGTH_EPS


def _band_behind(stair: Polygon, piece: Polygon) -> Polygon | None:
    """The band along one side of the stair's rectangle, as deep as ``piece`` reaches from
    that side, when the piece lies within it (None otherwise)."""
    corners = list(stair.minimum_rotated_rectangle.exterior.coords)[:4]
    if abs(stair.area - Polygon(corners).area) > AREA_EPS:
        return None  # only a rectangular enclosure grows
    centre = stair.centroid
    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
        side = LineString([a, b])
        if piece.boundary.intersection(side.buffer(LENGTH_EPS, cap_style="flat")).length < 0.1:
            continue
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = (dx * dx + dy * dy) ** 0.5
        nx, ny = dy / length, -dx / length
        if (centre.x - a[0]) * nx + (centre.y - a[1]) * ny > 0:
            nx, ny = -nx, -ny  # outward
        depth = max((x - a[0]) * nx + (y - a[1]) * ny for x, y in piece.exterior.coords)
        if depth <= LENGTH_EPS:
            continue
        band = Polygon(
            [a, b, (b[0] + nx * depth, b[1] + ny * depth), (a[0] + nx * depth, a[1] + ny * depth)]
        )
        beyond = piece.difference(band)
        if beyond.area <= AREA_EPS or 2 * beyond.area / beyond.length < SPUR_M:
            return band
    return None


def _widen(
    floors: list[Floor], served: list[int], stair: Space, band: Polygon, req: Requirements
) -> list[Floor] | None:
    """Grow the stair by ``band`` on every floor it serves, if that keeps every rule it could
    break: the band
    unused everywhere, or on some floors circulation that stays one piece and grows no
    narrower without it (a corridor's dead wedge beside the stair), no door on it, unused
    pieces whole, reachable and no smaller than the fragment size unless they were already,
    the ground-floor share, and the distance to the other stairs."""
    grown = clean_outline(unary_union([stair.polygon, band]))
    if not isinstance(grown, Polygon) or grown.interiors:
        return None
    floor = floors[served[0]]
    others = [s.polygon for s in floor.spaces if s.function == STAIR and s.id != stair.id]
    if any(grown.distance(o) < req.design.doors_apart_m - LENGTH_EPS for o in others):
        return None  # two stairs are two exits: at least 5 m apart (GB 50016 5.5.2)
    least = req.design.fragment_min_m2
    result = list(floors)
    for k in served:
        floor = floors[k]
        free = [s for s in floor.spaces if s.function in (UNUSED, CIRCULATION)]
        if band.difference(unary_union([s.polygon for s in free])).area > AREA_EPS:
            return None  # a room, or outside, is in the band
        if any(LineString(d.segment).distance(band) < LENGTH_EPS for d in floor.doors):
            return None
        circulation = [s.polygon for s in floor.spaces if s.function == CIRCULATION]
        if not _circulation_keeps_without(circulation, band, req.design.corridor_min_clear_m):
            return None
        spaces: list[Space] = []
        for space in floor.spaces:
            if space.id == stair.id:
                spaces.append(replace(space, polygon=grown))
                continue
            if space.polygon.intersection(band).area <= AREA_EPS:
                spaces.append(space)
                continue
            if space.function == CIRCULATION:
                spaces.append(replace(space, polygon=clean_outline(space.polygon.difference(band))))
                continue
            rest = [
                p for p in polygons_of(_snap(space.polygon.difference(band))) if p.area > AREA_EPS
            ]
            if len(rest) > 1:
                return None  # the band would cut the piece in two
            if not rest:
                continue
            if space.area >= least > rest[0].area:
                return None  # a usable piece would become a fragment
            if (
                _reach(space.polygon, circulation)
                >= req.door_width_m
                > _reach(rest[0], circulation)
            ):
                return None  # the piece would lose its way in
            spaces.append(replace(space, polygon=clean_outline(rest[0])))
        result[k] = replace(floor, spaces=renumbered_leftovers(spaces, floor.level))
    if not ground_share_holds(result, req):
        return None
    return result


def _circulation_keeps_without(circulation: list[Polygon], band: Polygon, clear_m: float) -> bool:
    """Whether the floor's circulation without ``band`` is as many pieces as it was, each
    space one polygon, with no more floor in strips narrower than ``clear_m``."""
    if all(c.intersection(band).area <= AREA_EPS for c in circulation):
        return True
    rests = [_snap(c.difference(band)) for c in circulation]
    if any(not isinstance(r, Polygon) or r.is_empty or r.interiors for r in rests):
        return False
    before, after = unary_union(circulation), unary_union(rests)
    if len(polygons_of(after)) > len(polygons_of(before)):
        return False

    def narrow(geom: object) -> float:
        return sum(s.area for p in polygons_of(geom) for s in narrow_strips(p, clear_m))

    return narrow(after) <= narrow(before) + AREA_EPS


def ground_share_holds(floors: list[Floor], req: Requirements) -> bool:
    used = [sum(s.area for s in f.spaces if s.function != UNUSED) for f in floors]
    total = sum(used)
    return total > 0 and used[0] / total >= req.ground_share_min - 1e-9


def _reach(piece: Polygon, circulation: list[Polygon]) -> float:
    """The longest wall the piece shares with one circulation space."""
    edge = piece.boundary
    return max(
        (edge.intersection(c.buffer(LENGTH_EPS, join_style="mitre")).length for c in circulation),
        default=0.0,
    )


def renumbered_leftovers(spaces: list[Space], level: int) -> tuple[Space, ...]:
    """Leftover pieces numbered 1, 2, ... by falling area again, as the extraction numbers
    them (a piece the stair took leaves no gap)."""
    pattern = re.compile(rf"unused-{level}F-\d+$")
    pieces = sorted((s for s in spaces if pattern.match(s.id)), key=lambda s: -s.area)
    names = {s.id: f"unused-{level}F-{k}" for k, s in enumerate(pieces, start=1)}
    return tuple(replace(s, id=names.get(s.id, s.id)) for s in spaces)


def _space(floor: Floor, sid: str) -> Space | None:
    return next((s for s in floor.spaces if s.id == sid), None)


def _snap(geom: object) -> object:
    return shapely.set_precision(shapely.make_valid(geom), 1e-6)


def clean_outline(geom: object) -> object:
    """On the plan's micrometre grid, without the collinear corners a union leaves."""
    return _snap(shapely.simplify(_snap(geom), 1e-7, preserve_topology=True))


def polygons_of(geom: object) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom] if not geom.is_empty else []
    return [p for g in getattr(geom, "geoms", []) for p in polygons_of(g)]
