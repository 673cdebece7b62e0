"""Doors and windows of a finished floor, placed on the walls the layout guarantees.

The model guarantees wall contact (a door-wide wall onto circulation, a facade run for rooms
that need daylight); this module turns contact into openings a drawing shows. It works in the
solving frame, where walls are axis-aligned except along slanted facades.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from shapely.geometry import LineString, Point, Polygon
from shapely.ops import linemerge, unary_union

from constraints.requirements import Requirements
from constraints.standard import DesignFigures

#: Geometric tolerance (m) when finding walls two outlines share.
EPS = 1e-4
#: Windows: one per facade bay of about this length, with this much wall (pier) beside it.
WINDOW_BAY_M = 3.6
WINDOW_PIER_M = 0.45
WINDOW_MAX_M = 2.4
WINDOW_MIN_M = 0.6
#: Piers beside the one window of a room whose facade pieces are all short.
WINDOW_SLIM_PIER_M = 0.15
#: A door opens onto circulation at least this deep in front of it (m): never onto a sliver.
DOOR_DEPTH_M = 0.6
#: The circulation space at the main door; the street-front rooms open off it where they can.
LOBBY = "lobby"

Segment = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class Opening:
    """A door (``to`` set) or a window (``to`` empty) in frame coordinates."""

    space: str
    to: str
    segment: Segment


def shared_segments(a: Polygon, b: Polygon) -> list[LineString]:
    """Straight pieces of wall two outlines share, longest first."""
    touching = a.boundary.intersection(b.buffer(EPS, join_style="mitre"))
    return _straight_pieces(touching)


def facade_segments(shape: Polygon, footprint: Polygon) -> list[LineString]:
    """Straight pieces of a space's outline on the outer wall (footprint or a hole)."""
    walls = footprint.boundary.buffer(EPS, join_style="mitre")
    return _straight_pieces(shape.boundary.intersection(walls))


def place_doors(
    shapes: dict[str, Polygon],
    functions: dict[str, str],
    req: Requirements,
    footprint: Polygon,
    entrance: Point,
    level: int,
    bodies: dict[str, Polygon] | None = None,
) -> list[Opening]:
    """One door per room, stair and lift onto circulation (two wide ones for large rooms), the main
    entrance door on the lobby and exit doors where ground-floor corridors meet the facade.

    ``bodies`` are the circulation spaces as the model placed them, before they took leftover
    floor: a door opens onto a body where it can, since a leftover piece may hang on a
    corridor by a neck nobody walks through."""
    design = req.design
    clear = design.door_corner_clearance_m
    circulation = {sid: s for sid, s in shapes.items() if functions[sid] == "circulation"}
    room_ids = {r.id for r in req.rooms}
    doors: list[Opening] = []
    for sid, shape in shapes.items():
        if sid not in room_ids and functions[sid] not in ("stair", "lift"):
            continue
        on_bodies = [
            (cid, piece)
            for cid in circulation
            if bodies and cid in bodies
            for piece in shared_segments(shape, bodies[cid])
        ]
        anywhere = [
            (cid, piece)
            for cid, corridor in circulation.items()
            for piece in shared_segments(shape, corridor)
        ]
        walls = sorted(on_bodies, key=lambda w: -w[1].length)
        walls += sorted(anywhere, key=lambda w: -w[1].length)
        if sid in design.street_front:  # seen from the main door: it opens off the lobby
            walls.sort(key=lambda w: w[0] != LOBBY)
        if functions[sid] == "lift":  # walls with a landing deep enough in front come first
            deep = _deep_enough(shape, circulation, design.lift_landing_m)
            walls.sort(key=lambda w: not deep(w[1]))
        if sid in room_ids and shape.area > design.two_doors_above_m2:
            pair = _two_doors(
                walls,
                design.two_doors_width_m,
                clear,
                design.doors_apart_m,
                circulation,
                toward=LOBBY if sid in design.street_front else None,
            )
            if pair:
                doors += [Opening(sid, cid, seg) for cid, seg in pair]
                continue
        width = req.door_width_m
        for cid, piece in walls:
            at = _door_spot(piece, width, clear, circulation[cid])
            if at is not None:
                doors.append(Opening(sid, cid, _centred(piece, width, at)))
                break
    if level == 1 and LOBBY in shapes:
        door = _entrance_door(shapes[LOBBY], footprint, entrance, req)
        if door is not None:
            doors.append(door)
    if level == 1:
        street_side = Polygon(footprint.exterior)  # a courtyard is no way out
        for cid, corridor in circulation.items():
            if cid != LOBBY:
                exit_door = _exit_door(cid, corridor, street_side, entrance, design)
                if exit_door is not None:
                    doors.append(exit_door)
    return doors


def _exit_door(
    cid: str, corridor: Polygon, footprint: Polygon, entrance: Point, design: DesignFigures
) -> Opening | None:
    """A corridor's door to outside where it meets the outer wall of ``footprint`` (the
    street side: a courtyard is no way out), as far from the entrance as that wall allows:
    an exit beside the entrance is no second way out (GB 50016 5.5.2). As wide as the doors
    of the larger rooms (GB 50016 5.5.15)."""
    wide, clear = design.two_doors_width_m, design.door_corner_clearance_m
    spots = [
        _centred(piece, wide, at)
        for piece in facade_segments(corridor, footprint)
        if piece.length >= wide + 2 * clear - EPS
        for at in (wide / 2 + clear, piece.length - wide / 2 - clear)
    ]
    if not spots:
        return None
    far = max(spots, key=lambda seg: LineString(seg).distance(entrance))
    return Opening(cid, "outside", far)


def _deep_enough(
    shape: Polygon, circulation: dict[str, Polygon], depth: float
) -> Callable[[LineString], bool]:
    """Whether circulation stands ``depth`` deep in front of a stretch of ``shape``'s wall
    (the landing in front of a lift)."""
    floor = unary_union(list(circulation.values()))

    def deep(piece: LineString) -> bool:
        front = piece.buffer(depth, cap_style="flat").difference(shape)
        return front.difference(floor).area <= EPS * max(1.0, front.length)

    return deep


def place_windows(
    shapes: dict[str, Polygon], functions: dict[str, str], req: Requirements, footprint: Polygon
) -> list[Opening]:
    """Windows along every room's facade: one per bay, centred, with piers between."""
    room_ids = {r.id for r in req.rooms}
    windows = []
    for sid, shape in shapes.items():
        if sid not in room_ids and functions[sid] != "display":
            continue
        pieces = facade_segments(shape, footprint)
        own = []
        for piece in pieces:
            bays = max(1, round(piece.length / WINDOW_BAY_M))
            bay = piece.length / bays
            width = min(WINDOW_MAX_M, bay - 2 * WINDOW_PIER_M)
            if width < WINDOW_MIN_M:
                continue
            for k in range(bays):
                own.append(Opening(sid, "", _centred(piece, width, (k + 0.5) * bay)))
        if not own and pieces:
            # Facade only in short pieces (round a courtyard's corner, a stepped wall): one
            # narrow window with slim piers on the longest, where it fits.
            longest = max(pieces, key=lambda p: p.length)
            width = min(WINDOW_MAX_M, longest.length - 2 * WINDOW_SLIM_PIER_M)
            if width >= WINDOW_MIN_M - EPS:
                own.append(Opening(sid, "", _centred(longest, width, longest.length / 2)))
        windows.extend(own)
    return windows


def _entrance_door(
    lobby: Polygon, footprint: Polygon, entrance: Point, req: Requirements
) -> Opening | None:
    """The main door on the lobby's outer wall nearest the entrance point, centred on it as
    far as that wall allows."""
    width = req.design.entrance_door_width_m
    clear = req.design.door_corner_clearance_m
    pieces = [p for p in facade_segments(lobby, footprint) if p.length >= width + 2 * clear - EPS]
    if not pieces:
        return None
    piece = min(pieces, key=lambda p: p.distance(entrance))
    at = piece.project(entrance)
    at = min(max(at, width / 2 + clear), piece.length - width / 2 - clear)
    return Opening(LOBBY, "outside", _centred(piece, width, at))


def door_on_wall(
    piece: LineString, width: float, clear: float, into: Polygon, avoid: list[LineString]
) -> Segment | None:
    """A door of ``width`` on the wall ``piece``, clear of its ends, opening onto real floor
    of ``into`` and at least ``clear`` from every door in ``avoid``, as near the middle of the
    wall as possible; None if none fits."""
    at = _door_spot(piece, width, clear, into, avoid=avoid)
    return None if at is None else _centred(piece, width, at)


def _door_spot(
    piece: LineString,
    width: float,
    clear: float,
    into: Polygon,
    prefer: float = 0.5,
    avoid: list[LineString] | None = None,
) -> float | None:
    """Where along ``piece`` a door of ``width`` opens onto real floor of ``into`` (not onto
    a sliver of it) at least ``clear`` from the doors in ``avoid``, as near the preferred
    fraction of the piece as possible; None if nowhere."""
    lo, hi = width / 2 + clear, piece.length - width / 2 - clear
    if hi < lo - EPS:
        return None
    step = 0.3
    wanted = min(max(prefer * piece.length, lo), hi)
    spots = sorted(
        {wanted, lo, hi, *(lo + k * step for k in range(int((hi - lo) / step) + 1))},
        key=lambda t: abs(t - wanted),
    )
    for at in spots:
        if not _opens_onto(piece, at, width, into):
            continue
        door = LineString(_centred(piece, width, at))
        if all(door.distance(other) >= clear for other in avoid or ()):
            return at
    return None


def _opens_onto(piece: LineString, at: float, width: float, into: Polygon) -> bool:
    """Whether the floor of ``into`` runs at least DOOR_DEPTH_M deep in front of the door."""
    (x1, y1), (x2, y2) = piece.coords[0], piece.coords[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    for sign in (1, -1):
        nx, ny = -uy * sign, ux * sign
        if all(
            into.contains(Point(x1 + ux * t + nx * DOOR_DEPTH_M, y1 + uy * t + ny * DOOR_DEPTH_M))
            for t in (at - width / 2 + EPS * 10, at, at + width / 2 - EPS * 10)
        ):
            return True
    return False


def _two_doors(
    walls: list[tuple[str, LineString]],
    width: float,
    clear: float,
    apart: float,
    circulation: dict[str, Polygon],
    toward: str | None = None,
) -> list[tuple[str, Segment]] | None:
    """Two doors of ``width`` at least ``apart``: one of them onto ``toward`` if any pair
    allows, then as far apart as the walls allow."""
    spots: list[tuple[str, LineString, float]] = []
    for cid, piece in walls:
        for prefer in (0.0, 1.0):
            at = _door_spot(piece, width, clear, circulation[cid], prefer)
            if at is not None:
                spots.append((cid, piece, at))
    best, best_key = None, (False, apart - EPS)
    for i, (ca, pa, ta) in enumerate(spots):
        for cb, pb, tb in spots[i + 1 :]:
            a = LineString(_centred(pa, width, ta))
            b = LineString(_centred(pb, width, tb))
            key = (toward in (ca, cb), a.distance(b))
            if key[1] >= apart - EPS and key >= best_key:
                best, best_key = [(ca, _segment(a)), (cb, _segment(b))], key
    return best


def _centred(piece: LineString, width: float, at: float) -> Segment:
    """The piece of ``piece`` of length ``width`` centred ``at`` metres from its start."""
    (x1, y1), (x2, y2) = piece.coords[0], piece.coords[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    a, b = at - width / 2, at + width / 2
    return ((x1 + ux * a, y1 + uy * a), (x1 + ux * b, y1 + uy * b))


def _segment(line: LineString) -> Segment:
    (x1, y1), (x2, y2) = line.coords[0], line.coords[-1]
    return ((x1, y1), (x2, y2))


def _straight_pieces(geom: object) -> list[LineString]:
    # Buffered intersections leave stubs of about EPS at corners; merged in, they would tilt
    # the pieces off the wall.
    lines = [g for g in _lines(geom) if g.length > 10 * EPS]
    if not lines:
        return []
    merged = linemerge(lines) if len(lines) > 1 else lines[0]
    pieces = []
    for line in _lines(merged):
        coords = list(line.coords)
        start = 0
        for k in range(1, len(coords) - 1):
            if not _collinear(coords[start], coords[k], coords[k + 1]):
                pieces.append(LineString([coords[start], coords[k]]))
                start = k
        pieces.append(LineString([coords[start], coords[-1]]))
    return sorted((p for p in pieces if p.length > 10 * EPS), key=lambda p: -p.length)


def _collinear(a: tuple, b: tuple, c: tuple) -> bool:
    cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return abs(cross) <= EPS * max(1.0, math.dist(a, c))


def _lines(geom: object) -> list[LineString]:
    if isinstance(geom, LineString):
        return [geom] if not geom.is_empty else []
    if hasattr(geom, "geoms"):
        return [line for g in geom.geoms for line in _lines(g)]
    return []
