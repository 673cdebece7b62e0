"""Extraction repairs the model's coarse view of a facade: a room that needs daylight takes the
strip between it and the wall from the floor's unused block."""

from __future__ import annotations

from types import SimpleNamespace

from shapely.geometry import Polygon, box
from shapely.ops import unary_union

from layout.extract import _daylight_from_unused_block

G = 0.3  # module (m)


def _grow_into(shapes: dict[str, Polygon]):
    def grow(sid: str, piece: Polygon, to_wall: bool = False) -> bool:
        grown = unary_union([shapes[sid], piece])
        if not isinstance(grown, Polygon):
            return False
        shapes[sid] = grown
        return True

    return grow


def test_daylit_room_takes_the_strip_to_the_wall_from_the_unused_block() -> None:
    # A 12 m × 8 m floor: the room stands one module off the bottom wall, clear of the others;
    # the unused block holds the rest of the floor, that module-deep strip included.
    floor = box(0, 0, 12, 8)
    room = box(3, G, 9, 5.1)
    shapes = {"reading": room, "unused-2F": floor.difference(room)}
    functions = {"reading": "culture", "unused-2F": "unused"}
    placed = [("reading", "culture", "阅览室", (10, 1, 20, 16))]
    req = SimpleNamespace(design=SimpleNamespace(daylight_facade_m=2.4))
    split = _daylight_from_unused_block(
        shapes, functions, placed, {"reading"}, req, floor.boundary, _grow_into(shapes), G
    )
    assert split == []
    assert shapes["reading"].symmetric_difference(box(3, 0, 9, 5.1)).area < 1e-9  # on the wall
    assert shapes["unused-2F"].symmetric_difference(floor.difference(box(3, 0, 9, 5.1))).area < 1e-9
    assert shapes["reading"].intersection(shapes["unused-2F"]).area == 0


def test_a_room_with_its_facade_or_without_a_block_is_left_alone() -> None:
    floor = box(0, 0, 12, 5)
    shapes = {"reading": box(0, 0, 6, 5), "unused-2F": box(6, 0, 12, 5)}
    functions = {"reading": "culture", "unused-2F": "unused"}
    placed = [("reading", "culture", "阅览室", (0, 0, 20, 16))]
    req = SimpleNamespace(design=SimpleNamespace(daylight_facade_m=2.4))
    before = dict(shapes)
    _daylight_from_unused_block(
        shapes, functions, placed, {"reading"}, req, floor.boundary, _grow_into(shapes), G
    )
    assert shapes == before
