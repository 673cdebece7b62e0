"""A strip left between a stacked stair and the wall goes to the stair enclosure on every floor
the stair serves, and only where that breaks nothing; a strip behind the lift shaft goes to
the shaft, up to the depth of a deeper car."""

from __future__ import annotations

from types import SimpleNamespace

from shapely.geometry import Polygon, box

from layout.plan import Door, Floor, Space
from layout.stair_pockets import widen_stairs_into_pockets

FOOTPRINT = box(0, 0, 20, 10)
STAIR = box(3, 6, 8.4, 9.3)  # 5.4 m × 3.3 m, 0.7 m short of the north wall
POCKET = box(3, 9.3, 8.4, 10)
STAIR_DOOR = Door("D-stair", "stair-1", "corridor", ((5.0, 6.0), (6.0, 6.0)))


def _req(share: float = 0.5) -> SimpleNamespace:
    return SimpleNamespace(
        design=SimpleNamespace(fragment_min_m2=6.0), door_width_m=1.0, ground_share_min=share
    )


def _ground(pocket_door: bool = False) -> Floor:
    spaces = (
        Space("corridor", "circulation", "走廊", box(0, 3, 20, 6)),
        Space("stair-1", "stair", "楼梯", STAIR),
        Space("west", "party", "谈心室", box(0, 6, 3, 10)),
        Space("east", "service", "母婴室", box(8.4, 6, 20, 10)),
        Space("hall", "service", "服务大厅", box(0, 0, 20, 3)),
        Space("unused-1F-1", "unused", "未使用", POCKET),
    )
    doors = [STAIR_DOOR]
    if pocket_door:
        doors.append(Door("D-odd", "stair-1", "corridor", ((4.0, 9.3), (5.0, 9.3))))
    return Floor(1, FOOTPRINT, spaces, tuple(doors))


def _upper(band_taken: bool = False) -> Floor:
    block = Polygon([(0, 6), (3, 6), (3, 9.3), (8.4, 9.3), (8.4, 10), (0, 10)])
    spaces = [
        Space("corridor", "circulation", "走廊", box(0, 3, 20, 6)),
        Space("stair-1", "stair", "楼梯", STAIR),
        Space("east", "culture", "活动室", box(8.4, 6, 20, 10)),
        Space("gym", "culture", "健身室", box(0, 0, 20, 3)),
    ]
    if band_taken:
        spaces += [
            Space("unused-2F", "unused", "未使用", box(0, 6, 3, 10)),
            Space("north", "culture", "阅览室", POCKET),
        ]
    else:
        spaces.append(Space("unused-2F", "unused", "未使用", block))
    return Floor(2, FOOTPRINT, tuple(spaces), (STAIR_DOOR,))


def _space(floor: Floor, sid: str) -> Space | None:
    return next((s for s in floor.spaces if s.id == sid), None)


def test_the_stair_takes_the_strip_behind_it_on_every_floor() -> None:
    ground, upper = widen_stairs_into_pockets([_ground(), _upper()], _req())
    whole = box(3, 6, 8.4, 10)
    for floor in (ground, upper):
        stair = _space(floor, "stair-1")
        assert stair is not None
        assert stair.polygon.symmetric_difference(whole).area < 1e-9
        assert len(stair.polygon.exterior.coords) == 5  # a clean rectangle
    assert [s.id for s in ground.spaces if s.function == "unused"] == []
    block = _space(upper, "unused-2F")
    assert block is not None
    assert block.polygon.symmetric_difference(box(0, 6, 3, 10)).area < 1e-9
    for floor in (ground, upper):
        used = [s.polygon for s in floor.spaces]
        assert abs(sum(p.area for p in used) - FOOTPRINT.area) < 1e-6  # nothing lost, no overlap


def test_the_strip_stays_when_a_room_holds_it_upstairs() -> None:
    floors = [_ground(), _upper(band_taken=True)]
    assert widen_stairs_into_pockets(floors, _req()) == tuple(floors)


def test_the_strip_stays_when_a_door_opens_onto_it() -> None:
    floors = [_ground(pocket_door=True), _upper()]
    assert widen_stairs_into_pockets(floors, _req()) == tuple(floors)


def test_the_strip_stays_when_the_ground_floor_share_would_fall_short() -> None:
    floors = [_ground(), _upper()]
    used = [sum(s.area for s in f.spaces if s.function != "unused") for f in floors]
    share = used[0] / sum(used)  # growing both floors by the same strip lowers it
    assert widen_stairs_into_pockets(floors, _req(share - 1e-6)) == tuple(floors)
    assert widen_stairs_into_pockets(floors, _req(share - 0.05)) != tuple(floors)


def _lift_floors(north: float) -> list[Floor]:
    """A 2.4 m lift shaft on the corridor, the rooms beside it reaching the north wall at
    ``north`` and the strip behind the shaft unused on both floors."""
    footprint = box(0, 0, 20, north)
    lift = box(10, 6, 12.4, 8.4)
    door = Door("D-lift", "lift", "corridor", ((10.7, 6.0), (11.7, 6.0)))
    floors = []
    for level in (1, 2):
        spaces = (
            Space("corridor", "circulation", "走廊", box(0, 3, 20, 6)),
            Space("lift", "lift", "电梯", lift),
            Space(f"west-{level}", "culture", "活动室", box(0, 6, 10, north)),
            Space(f"east-{level}", "culture", "阅览室", box(12.4, 6, 20, north)),
            Space(f"hall-{level}", "service", "大厅", box(0, 0, 20, 3)),
            Space(f"unused-{level}F-1", "unused", "未使用", box(10, 8.4, 12.4, north)),
        )
        floors.append(Floor(level, footprint, spaces, (door,)))
    return floors


def test_the_lift_shaft_takes_a_strip_behind_it_up_to_a_deeper_car() -> None:
    """0.6 m behind a 2.4 m shaft: a 3.0 m deep shaft on both floors. 1.6 m behind it: more
    than the 1.2 m a deeper car takes; the strip stays."""
    for floor in widen_stairs_into_pockets(_lift_floors(9.0), _req()):
        lift = _space(floor, "lift")
        assert lift is not None
        assert lift.polygon.symmetric_difference(box(10, 6, 12.4, 9.0)).area < 1e-9
        assert not [s for s in floor.spaces if s.function == "unused"]
    deep = _lift_floors(10.0)
    assert widen_stairs_into_pockets(deep, _req()) == tuple(deep)
