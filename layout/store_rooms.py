"""Leftover pockets no room can take become store rooms (储藏间).

Extraction hands leftover floor to the rooms beside it while they keep their shape, and the
stairs take the pockets behind them (``stair_pockets``). What is left stays unused floor: a
pocket across the corridor-wide gap between a quiet and a noisy room, a corner beside a stair
that no room can round, a strip in front of a hall already at its size. On the ground floor
that is a fragment the standard's full floor plate does not allow; upstairs, a second unused
piece apart from the block. A designer makes such a pocket a store room with a door into the
corridor or the room beside it.

A piece qualifies when it is roomy (``store_room_fault``: between ``storage_min_m2`` and
``storage_max_m2``, no more than a sliver of it narrower than ``storage_min_width_m``) and
shares a wall with circulation or a programme room (not a toilet) long enough for a door clear
of the wall's ends and of the doors there. On the ground floor every leftover piece that
qualifies becomes a store room; upstairs every piece but the floor's unused block (unless the
block itself is a fragment), while the ground-floor share holds (a store room is the centre's
floor). Works on finished floors in the brief's coordinates, after the stairs took their
pockets.

A piece that is roomy but for slivers narrower than a store room's width (a strip left
between a room and the facade, a module deep) first hands each sliver to the room or corridor
along it, if that room keeps its size rules and shares no wall with a room it is kept apart
from; the rest is the store room.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from shapely.geometry import LineString, Polygon

from constraints.plan_view import shared_wall_length
from constraints.requirements import Requirements
from constraints.rules.design import STORE_HOSTS_NOT, store_room_fault
from constraints.standard import FUNCTION_NAMES_ZH
from layout.extract import kept_apart, size_guard
from layout.openings import door_on_wall, shared_segments
from layout.plan import Door, Floor, Space
from layout.stair_pockets import (
    clean_outline,
    ground_share_holds,
    polygons_of,
    renumbered_leftovers,
)

UNUSED = "unused"
STORAGE = "storage"
CIRCULATION = "circulation"


def store_rooms_from_leftovers(floors: Sequence[Floor], req: Requirements) -> tuple[Floor, ...]:
    """The floors with every leftover piece that qualifies turned into a store room with its
    door (ground floor first: its store rooms add to the share the upper ones draw on)."""
    result = list(floors)
    for k, floor in enumerate(result):
        for found in _candidates(floor, req):
            trimmed = _trimmed(found, floor, req)
            if trimmed is None:
                continue
            piece, host_floor = trimmed
            door = _door(piece, host_floor, req)
            if door is None:
                continue
            trial = _with_store_room(host_floor, piece, door)
            if floor.level != 1 and not ground_share_holds(
                [*result[:k], trial, *result[k + 1 :]], req
            ):
                continue
            result[k] = floor = trial
        result[k] = _numbered_by_area(floor)
    return tuple(result)


def _numbered_by_area(floor: Floor) -> Floor:
    """Store rooms numbered 1, 2, ... by falling area, as the unused pieces are (they are
    made smallest first, so that the share upstairs goes to the pockets least usable)."""
    rooms = sorted((s for s in floor.spaces if s.function == STORAGE), key=lambda s: -s.area)
    names = {s.id: f"storage-{floor.level}F-{k}" for k, s in enumerate(rooms, start=1)}
    return replace(
        floor,
        spaces=tuple(replace(s, id=names.get(s.id, s.id)) for s in floor.spaces),
        doors=tuple(
            replace(d, space=names.get(d.space, d.space), to=names.get(d.to, d.to))
            for d in floor.doors
        ),
    )


def _candidates(floor: Floor, req: Requirements) -> list[Space]:
    """Unused pieces that are roomy enough, smallest first; upstairs not the floor's block
    (the model's block, or failing that the largest piece) unless it is a fragment: a block
    too small to let is a store room to a designer, not floor kept for another tenant."""
    pieces = sorted((s for s in floor.spaces if s.function == UNUSED), key=lambda s: s.area)
    if floor.level != 1 and pieces:
        model_block = [s for s in pieces if s.id == f"unused-{floor.level}F"]
        block = model_block[0] if model_block else pieces[-1]
        if block.area >= req.design.fragment_min_m2:
            pieces.remove(block)
    d = req.design
    return [
        s
        for s in pieces
        if store_room_fault(s.polygon, d) is None
        or store_room_fault(_core(s.polygon, req), d) is None
    ]


def _core(polygon: Polygon, req: Requirements) -> Polygon:
    """The part of a piece at least a store room's width wide (the largest, if several):
    the piece without its narrow slivers."""
    half = req.design.storage_min_width_m / 2 - 1e-6
    opened = polygon.buffer(-half, join_style="mitre").buffer(half, join_style="mitre")
    parts = polygons_of(clean_outline(opened.intersection(polygon)))
    return max(parts, key=lambda p: p.area, default=Polygon())


def _trimmed(piece: Space, floor: Floor, req: Requirements) -> tuple[Space, Floor] | None:
    """The piece as a store room would take it and the floor it stands on: the piece itself,
    or, when only slivers narrower than a store room keep it from being one, its core, each
    sliver joined to the room (not a core, a toilet or unused floor) or corridor sharing the
    longest wall with it. None when a sliver has no such neighbour that keeps its size rules
    (maximum area, minimum side, aspect, rectangularity, no second door needed) and stays off
    the rooms it is kept apart from (as extraction grows rooms)."""
    if store_room_fault(piece.polygon, req.design) is None:
        return piece, floor
    core = _core(piece.polygon, req)
    rest = polygons_of(clean_outline(piece.polygon.difference(core)))
    slivers = [p for p in rest if p.area > 1e-6]
    rooms = {r.id for r in req.rooms}
    shapes = {s.id: s.polygon for s in floor.spaces}
    hosts = [
        s.id
        for s in floor.spaces
        if s.function == CIRCULATION or (s.id in rooms and s.function not in STORE_HOSTS_NOT)
    ]
    fits = size_guard(req, {sid: shapes[sid].area for sid in hosts})
    apart = kept_apart(req)
    for sliver in slivers:
        walls = sorted((-shared_wall_length(sliver, shapes[sid]), sid) for sid in hosts)
        for _neg_length, sid in [w for w in walls if -w[0] >= 1e-3]:
            grown = polygons_of(clean_outline(shapes[sid].union(sliver)))
            if len(grown) != 1 or grown[0].interiors or not fits(sid, grown[0]):
                continue
            others = [shapes[o] for o in apart.get(sid, ()) if o in shapes]
            if any(shared_wall_length(grown[0], other) > 1e-3 for other in others):
                continue
            shapes[sid] = grown[0]
            break
        else:
            return None
    core_space = replace(piece, polygon=core)
    spaces = tuple(
        core_space if _same(s, piece) else replace(s, polygon=shapes[s.id]) for s in floor.spaces
    )
    return core_space, replace(floor, spaces=spaces)


def _door(piece: Space, floor: Floor, req: Requirements) -> tuple[str, LineString] | None:
    """The store room's door: onto circulation where a wall allows, else onto a programme
    room (longest shared wall first), clear of the doors already on the floor."""
    rooms = {r.id for r in req.rooms}
    hosts = [
        s
        for s in floor.spaces
        if s.function == CIRCULATION or (s.id in rooms and s.function not in STORE_HOSTS_NOT)
    ]
    walls = sorted(
        (
            (host.function != CIRCULATION, -segment.length, host.id, segment, host.polygon)
            for host in hosts
            for segment in shared_segments(piece.polygon, host.polygon)
        ),
        key=lambda w: w[:3],
    )
    avoid = [LineString(d.segment) for d in floor.doors]
    clear = req.design.door_corner_clearance_m
    for _rank, _length, host, segment, shape in walls:
        opening = door_on_wall(segment, req.door_width_m, clear, shape, avoid)
        if opening is not None:
            return host, LineString(opening)
    return None


def _with_store_room(floor: Floor, piece: Space, door: tuple[str, LineString]) -> Floor:
    """The floor with ``piece`` a store room (numbered after the floor's others), its door
    added and the unused pieces numbered again."""
    level = floor.level
    taken = [s for s in floor.spaces if s.function == STORAGE]
    name = FUNCTION_NAMES_ZH[STORAGE]
    room = Space(f"storage-{level}F-{len(taken) + 1}", STORAGE, name, piece.polygon)
    spaces = [room if _same(s, piece) else s for s in floor.spaces]
    host, line = door
    (x1, y1), (x2, y2) = line.coords[0], line.coords[-1]
    number = 1 + max((_door_number(d.id) for d in floor.doors), default=0)
    added = Door(f"D{level}-{number:02d}", room.id, host, ((x1, y1), (x2, y2)))
    return replace(
        floor,
        spaces=renumbered_leftovers(spaces, level),
        doors=(*floor.doors, added),
    )


def _same(space: Space, piece: Space) -> bool:
    """The unused piece itself (numbers change as pieces are taken; outlines do not)."""
    return space.function == UNUSED and space.polygon.equals_exact(piece.polygon, 0.0)


def _door_number(door_id: str) -> int:
    found = re.search(r"-(\d+)$", door_id)
    return int(found.group(1)) if found else 0
