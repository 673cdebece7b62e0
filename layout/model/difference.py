"""Alternatives a designer can tell apart: a plan must move enough rooms, to another floor or
far across their floor, compared with every earlier plan (not a 0.3 m shift)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from layout.model.build import LayoutModel
from layout.model.spaces import ROOM, Placement

#: An alternative moves at least this share of the rooms (and at least MIN_MOVED of them)...
MOVED_SHARE = 0.25
MIN_MOVED = 3
#: ...each to another floor or with its rectangle's centre this far away along x or y. The
#: plans' room outlines then lie at least ``constraints.diversity.SEEN_MOVE_M`` apart: growing
#: to the real walls shifts a centre by less than the margin between the two.
MOVE_M = 8.0


@dataclass(frozen=True)
class RoomSpot:
    """Where a room stood in an earlier plan: its floors and its centre (m, solving frame)."""

    levels: tuple[int, ...]
    centre: tuple[float, float]


def room_spots(placement: Placement, module: float) -> dict[str, RoomSpot]:
    """The rooms of a solved plan (not circulation, stairs or the unused block)."""
    return {
        p.id: RoomSpot(
            p.levels, ((p.rect[0] + p.rect[2] / 2) * module, (p.rect[1] + p.rect[3] / 2) * module)
        )
        for p in placement.values()
        if p.kind == ROOM
    }


def moved_needed(rooms: int) -> int:
    return min(rooms, max(MIN_MOVED, math.ceil(MOVED_SHARE * rooms)))


def post_difference(layout: LayoutModel, before: dict[str, RoomSpot], need: int) -> None:
    """At least ``need`` of the model's rooms (all, if it holds fewer) stand elsewhere than in
    ``before``."""
    m = layout.model
    reach = math.ceil(2 * MOVE_M / layout.module - 1e-9)  # doubled grid units
    moved: list = []
    constant = 0
    for space in layout.spaces.values():
        spot = before.get(space.id)
        if space.kind != ROOM or spot is None:
            continue
        elsewhere = [lit for lv, lit in space.floor.items() if lv not in spot.levels]
        if any(lit is True for lit in elsewhere):
            constant += 1
            continue
        options = [lit for lit in elsewhere if lit is not False]
        for start, size, centre in (
            (space.x, space.w, spot.centre[0]),
            (space.y, space.h, spot.centre[1]),
        ):
            doubled = round(2 * centre / layout.module)
            below = m.new_bool_var(f"{space.id}.moved_below")
            m.add(2 * start + size <= doubled - reach).only_enforce_if(below)
            above = m.new_bool_var(f"{space.id}.moved_above")
            m.add(2 * start + size >= doubled + reach).only_enforce_if(above)
            options += [below, above]
        lit = m.new_bool_var(f"{space.id}.moved")
        m.add_bool_or(options).only_enforce_if(lit)
        moved.append(lit)
    m.add(sum(moved) + constant >= min(need, len(moved) + constant))
