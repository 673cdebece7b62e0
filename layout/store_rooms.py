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
qualifies becomes a store room; upstairs every piece but the floor's unused block, while the
ground-floor share holds (a store room is the centre's floor). Works on finished floors in the
brief's coordinates, after the stairs took their pockets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from shapely.geometry import LineString

from constraints.requirements import Requirements
from constraints.rules.design import STORE_HOSTS_NOT, store_room_fault
from constraints.standard import FUNCTION_NAMES_ZH
from layout.openings import door_on_wall, shared_segments
from layout.plan import Door, Floor, Space
from layout.stair_pockets import ground_share_holds, renumbered_leftovers

UNUSED = "unused"
STORAGE = "storage"
CIRCULATION = "circulation"


def store_rooms_from_leftovers(floors: Sequence[Floor], req: Requirements) -> tuple[Floor, ...]:
    """The floors with every leftover piece that qualifies turned into a store room with its
    door (ground floor first: its store rooms add to the share the upper ones draw on)."""
    result = list(floors)
    for k, floor in enumerate(result):
        for piece in _candidates(floor, req):
            door = _door(piece, floor, req)
            if door is None:
                continue
            trial = _with_store_room(floor, piece, door)
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
    (the model's block, or failing that the largest piece, if it is no fragment)."""
    pieces = sorted((s for s in floor.spaces if s.function == UNUSED), key=lambda s: s.area)
    if floor.level != 1 and pieces:
        model_block = [s for s in pieces if s.id == f"unused-{floor.level}F"]
        block = model_block[0] if model_block else pieces[-1]
        if model_block or block.area >= req.design.fragment_min_m2:
            pieces.remove(block)
    return [s for s in pieces if store_room_fault(s.polygon, req.design) is None]


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
