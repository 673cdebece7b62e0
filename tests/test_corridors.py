"""Corridors sharing a wall become one circulation space; doors onto them follow
(``layout.corridors``)."""

from __future__ import annotations

from shapely.geometry import Polygon, box

from layout.corridors import merged_corridors
from layout.plan import Door, Floor, Space


def _floor(spaces: list[tuple[str, str, Polygon]], doors: list[Door]) -> Floor:
    return Floor(1, box(0, 0, 30, 20), tuple(Space(i, f, i, p) for i, f, p in spaces), tuple(doors))


def test_corridors_side_by_side_and_in_a_t_become_one_space_and_doors_follow() -> None:
    spaces = [
        ("lobby", "circulation", box(0, 0, 6, 6)),
        ("corridor-1F-1", "circulation", box(6, 0, 7.8, 20)),  # 36 m²
        ("corridor-1F-2", "circulation", box(7.8, 0, 9.6, 20)),  # beside it: one hall
        ("corridor-1F-3", "circulation", box(9.6, 10, 30, 11.8)),  # a T off it
        ("room", "culture", box(9.6, 0, 30, 10)),
    ]
    doors = [
        Door("D1-01", "room", "corridor-1F-2", ((12, 10), (13, 10))),
        Door("D1-02", "corridor-1F-3", "outside", ((30, 10.4), (30, 11.4))),
        Door("D1-03", "lobby", "outside", ((2, 0), (4, 0))),
    ]
    (floor,) = merged_corridors([_floor(spaces, doors)])
    circulation = {s.id: s.polygon for s in floor.spaces if s.function == "circulation"}
    assert set(circulation) == {"lobby", "corridor-1F-3"}  # the largest member's id (36.7 m²)
    merged = circulation["corridor-1F-3"]
    assert abs(merged.area - (36 + 36 + 20.4 * 1.8)) < 1e-6
    assert len(merged.exterior.coords) == 9  # a T: eight corners, no collinear leftovers
    assert circulation["lobby"].equals(box(0, 0, 6, 6))
    assert [(d.space, d.to) for d in floor.doors] == [
        ("room", "corridor-1F-3"),
        ("corridor-1F-3", "outside"),
        ("lobby", "outside"),
    ]


def test_corridors_touching_at_a_corner_or_round_rooms_stay_apart() -> None:
    corner = [
        ("corridor-1F-1", "circulation", box(0, 0, 10, 1.8)),
        ("corridor-1F-2", "circulation", box(9.8, 1.8, 11.6, 12)),  # 0.2 m of wall: no passage
    ]
    ring = [  # a ring of corridors round a block of rooms: their union would enclose it
        ("corridor-1F-1", "circulation", box(0, 0, 20, 2)),
        ("corridor-1F-2", "circulation", box(0, 2, 2, 12)),
        ("corridor-1F-3", "circulation", box(0, 12, 20, 14)),
        ("corridor-1F-4", "circulation", box(18, 2, 20, 12)),
        ("room", "culture", box(2, 2, 18, 12)),
    ]
    for spaces in (corner, ring):
        floor = _floor(spaces, [])
        assert merged_corridors([floor]) == (floor,)
