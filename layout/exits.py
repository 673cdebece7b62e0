"""More exit doors on the ground floor where a room's walk to the nearest exit is too long.

Extraction gives each ground-floor corridor one door to outside, as far from the entrance as
its outer wall allows (``openings``). On a long storey a wing can still lie beyond the egress
limit (GB 50016 table 5.5.17: 40 m between two exits): the corridor serving it may meet the
facade near that wing, and a designer puts an exit door there. This adds such doors, one at a
time, each where it brings the rooms over the limit nearest to it, while one helps. Works on
finished floors in the brief's coordinates; the checker measures the result on its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from shapely.geometry import LineString, Polygon

from constraints.plan_view import OUTSIDE, DoorView, FloorView, SpaceView
from constraints.requirements import Requirements
from constraints.rules.design import egress_distances, room_door_points, walk_map
from layout.openings import LOBBY, facade_segments
from layout.plan import Door, Floor

CIRCULATION = "circulation"
#: Exit doors added to one floor at most: more would be a different building.
MAX_ADDED_EXITS = 2
#: Spacing (m) of the spots tried along each stretch of a corridor's outer wall.
SPOT_STEP_M = 0.6


def exits_within_egress(floors: Sequence[Floor], req: Requirements) -> tuple[Floor, ...]:
    """The floors with exit doors added to the ground floor's corridors while a room's door
    is farther from the nearest exit than the limit and a door on a corridor's outer wall
    brings one nearer (upper floors: their exits are the stairs)."""
    result = list(floors)
    for k, floor in enumerate(result):
        if floor.level != 1:
            continue
        for _ in range(MAX_ADDED_EXITS):
            better = _with_best_exit(floor, req)
            if better is None:
                break
            floor = better
        result[k] = floor
    return tuple(result)


def _with_best_exit(floor: Floor, req: Requirements) -> Floor | None:
    """The floor with the one added exit door that most reduces how far rooms walk beyond
    the limit, as the checker measures it; None when no door reduces it."""
    design = req.design
    rooms = [r.id for r in req.rooms if r.function != "toilet"]
    view = _view(floor)
    over = _excess(egress_distances(view, rooms, design.doors_apart_m), req)
    if not over:
        return None
    walk = walk_map(view)
    from_rooms = {room: walk.distances(room_door_points(view, room)) for room in over}
    scored = []
    for spot in _spots(floor, req):
        middle = LineString(spot[1]).interpolate(0.5, normalized=True)
        near = {room: walk.distance_at(dist, middle) for room, dist in from_rooms.items()}
        # Most metres saved first, then nearest the rooms over the limit (their wing's exit).
        scored.append((-_relief(over, near, req), sum(near.values()), spot))
    for neg_relief, _walk, (cid, segment) in sorted(scored, key=lambda s: s[:2]):
        if neg_relief >= -1e-6:
            break
        trial = _with_door(floor, cid, segment)
        after = _excess(egress_distances(_view(trial), rooms, design.doors_apart_m), req)
        if sum(after.values()) < sum(over.values()) - 1e-6:
            return trial
    return None


def _relief(over: dict[str, float], near: dict[str, float], req: Requirements) -> float:
    """How many metres beyond the limit a new exit at distances ``near`` would save (with it
    each room reaches two exits: the limit between two exits applies)."""
    limit = req.design.egress_two_exits_m
    return sum(max(0.0, excess - max(0.0, near[room] - limit)) for room, excess in over.items())


def _excess(measured: dict[str, tuple[float, int]], req: Requirements) -> dict[str, float]:
    """Metres beyond the limit per room over it (the dead-end limit with one exit)."""
    d = req.design
    out = {}
    for room, (far, exits) in measured.items():
        limit = d.egress_two_exits_m if exits >= 2 else d.egress_dead_end_m
        if math.isfinite(far) and far > limit:
            out[room] = far - limit
    return out


def _spots(floor: Floor, req: Requirements) -> list[tuple[str, tuple[tuple[float, float], ...]]]:
    """Exit doors that fit on the corridors' outer walls (not onto a courtyard, which is no
    way out): as wide as the larger rooms' doors, clear of the wall's ends and of every door
    on the floor."""
    wide, clear = req.design.two_doors_width_m, req.design.door_corner_clearance_m
    outline = Polygon(floor.footprint.exterior)
    doors = [LineString(d.segment) for d in floor.doors]
    spots = []
    for space in floor.spaces:
        if space.function != CIRCULATION or space.id == LOBBY:
            continue
        for piece in facade_segments(space.polygon, outline):
            lo, hi = wide / 2 + clear, piece.length - wide / 2 - clear
            if hi < lo:
                continue
            count = int((hi - lo) / SPOT_STEP_M) + 1
            for at in {lo + k * SPOT_STEP_M for k in range(count)} | {hi}:
                start = piece.interpolate(at - wide / 2)
                end = piece.interpolate(at + wide / 2)
                door = LineString([start, end])
                if all(door.distance(other) >= clear for other in doors):
                    spots.append((space.id, ((start.x, start.y), (end.x, end.y))))
    return spots


def _with_door(floor: Floor, cid: str, segment: tuple[tuple[float, float], ...]) -> Floor:
    number = len(floor.doors) + 1
    ids = {d.id for d in floor.doors}
    while f"D{floor.level}-{number:02d}" in ids:
        number += 1
    door = Door(f"D{floor.level}-{number:02d}", cid, OUTSIDE, (segment[0], segment[1]))
    return replace(floor, doors=(*floor.doors, door))


def _view(floor: Floor) -> FloorView:
    """The floor as the checker reads it."""
    return FloorView(
        floor.level,
        floor.footprint,
        tuple(
            SpaceView(s.id, s.function, s.name, floor.level, s.polygon, s.area)
            for s in floor.spaces
        ),
        tuple(DoorView(d.id, d.space, d.to, LineString(d.segment)) for d in floor.doors),
    )
