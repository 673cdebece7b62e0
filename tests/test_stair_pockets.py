"""A strip left between a stacked stair and the wall goes to the stair enclosure on every floor
the stair serves, and only where that breaks nothing; a strip behind the lift shaft goes to
the shaft, up to the depth of a deeper car. Along a slanted wall the enclosure takes the
wedge up to the wall, its flights keep their rectangle."""

from __future__ import annotations

from types import SimpleNamespace

from shapely.geometry import Polygon, box

from layout.export.stair_flights import flights_rectangle
from layout.plan import Door, Floor, Space
from layout.stair_pockets import widen_stairs_into_pockets

FOOTPRINT = box(0, 0, 20, 10)
STAIR = box(3, 6, 8.4, 9.3)  # 5.4 m × 3.3 m, 0.7 m short of the north wall
POCKET = box(3, 9.3, 8.4, 10)
STAIR_DOOR = Door("D-stair", "stair-1", "corridor", ((5.0, 6.0), (6.0, 6.0)))


def _req(share: float = 0.5) -> SimpleNamespace:
    return SimpleNamespace(
        design=SimpleNamespace(fragment_min_m2=6.0, corridor_min_clear_m=1.1),
        door_width_m=1.0,
        ground_share_min=share,
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


#: A north wall slanting from 11.2 m at the west end to 10 m at x = 9.6: a stair standing
#: square to the grid leaves a wedge between its north side and the wall.
SLANTED = Polygon([(0, 0), (20, 0), (20, 10), (9.6, 10), (0, 11.2)])
SLANT_STAIR = box(3, 6, 8.4, 10)


def _slanted_floor(level: int, wedge_to: str, east_corner: bool = False) -> Floor:
    """A floor of SLANTED with the stair on the corridor; the floor north of the stair up to
    the wall unused (``wedge_to`` "unused") or part of a corridor that runs round the west
    end of the stair (``wedge_to`` "corridor"); with ``east_corner`` the east room's corner
    takes the floor north of the stair's last 1.2 m."""
    north = SLANTED.intersection(box(3, 10, 8.4, 12))
    east = SLANTED.intersection(box(8.4, 6, 20, 12))
    if east_corner:
        east = east.union(SLANTED.intersection(box(7.2, 10, 8.4, 12)))
        north = SLANTED.intersection(box(3, 10, 7.2, 12))
    west = SLANTED.intersection(box(0, 6, 3, 12))
    spaces = [
        Space("stair-1", "stair", "楼梯", SLANT_STAIR),
        Space(f"east-{level}", "culture", "活动室", east),
        Space(f"hall-{level}", "service", "大厅", box(0, 0, 20, 3)),
    ]
    if wedge_to == "corridor":
        corridor = box(0, 3, 20, 6).union(west).union(north)
        spaces.append(Space(f"corridor-{level}", "circulation", "走廊", corridor))
    else:
        spaces += [
            Space(f"corridor-{level}", "circulation", "走廊", box(0, 3, 20, 6)),
            Space(f"west-{level}", "party", "谈心室", west),
            Space(f"unused-{level}F-1", "unused", "未使用", north),
        ]
    return Floor(level, SLANTED, tuple(spaces), (STAIR_DOOR,))


def _stair_and_rest(floor: Floor) -> tuple[Polygon, list[Space]]:
    stair = _space(floor, "stair-1")
    assert stair is not None
    return stair.polygon, [s for s in floor.spaces if s.function == "unused"]


def test_the_stair_takes_the_wedge_up_to_a_slanted_wall() -> None:
    """The band behind the stair reaches past the wall; its part inside the building is the
    wedge, unused on both floors: the enclosure follows the wall, the flights keep their
    rectangle, nothing of the floor is lost."""
    floors = [_slanted_floor(1, "unused"), _slanted_floor(2, "unused")]
    wedge = SLANTED.intersection(box(3, 10, 8.4, 12))
    for floor in widen_stairs_into_pockets(floors, _req()):
        stair, unused = _stair_and_rest(floor)
        assert stair.symmetric_difference(SLANT_STAIR.union(wedge)).area < 1e-9
        assert not unused
        flights = box(*flights_rectangle(stair))  # the wall is 0.15 m past the east corner
        assert flights.contains(SLANT_STAIR) and stair.contains(flights)
        assert abs(sum(s.area for s in floor.spaces) - SLANTED.area) < 1e-6


def test_the_stair_takes_the_part_of_the_wedge_a_room_corner_leaves() -> None:
    """A room's corner holds the wedge behind the stair's last 1.2 m: the stair takes the rest,
    the piece between its side, the room's wall square to it and the outer wall."""
    floors = [_slanted_floor(lv, "unused", east_corner=True) for lv in (1, 2)]
    piece = SLANTED.intersection(box(3, 10, 7.2, 12))
    for floor in widen_stairs_into_pockets(floors, _req()):
        stair, unused = _stair_and_rest(floor)
        assert stair.symmetric_difference(SLANT_STAIR.union(piece)).area < 1e-9
        assert not unused
        assert flights_rectangle(stair) == SLANT_STAIR.bounds


def test_the_stair_takes_a_corridor_dead_wedge_where_the_corridor_stays_whole() -> None:
    """Upstairs the corridor runs round the stair's west end into the wedge behind it: the
    enclosure takes the wedge on both floors, the corridor keeps the rest as one piece."""
    floors = [_slanted_floor(1, "unused"), _slanted_floor(2, "corridor")]
    wedge = SLANTED.intersection(box(3, 10, 8.4, 12))
    ground, upper = widen_stairs_into_pockets(floors, _req())
    for floor in (ground, upper):
        stair, _unused = _stair_and_rest(floor)
        assert stair.symmetric_difference(SLANT_STAIR.union(wedge)).area < 1e-9
    corridor = _space(upper, "corridor-2")
    assert corridor is not None
    assert isinstance(corridor.polygon, Polygon)
    was = box(0, 3, 20, 6).union(SLANTED.intersection(box(0, 6, 3, 12)))
    assert corridor.polygon.symmetric_difference(was).area < 1e-9


def test_a_pocket_short_of_the_wall_with_a_room_beyond_stays() -> None:
    """A pocket behind part of the stair with a room between it and the wall: neither the band
    (a room in it) nor the pocket (its far side is a room's wall, not the outer wall) goes to
    the stair."""
    east = box(8.4, 6, 20, 10).union(box(6, 9.3, 8.4, 10))
    north = Space("north", "service", "储藏间", box(3, 9.8, 6, 10))
    floors = _pocket_floors(box(3, 9.3, 6, 9.8), east, north)
    assert widen_stairs_into_pockets(floors, _req()) == tuple(floors)


def _pocket_floors(pocket: Polygon, east: Polygon, *more: Space) -> list[Floor]:
    """Two floors alike: the stair on the corridor, ``pocket`` unused behind it, the east
    room's outline ``east`` and ``more`` spaces."""
    spaces = (
        Space("corridor", "circulation", "走廊", box(0, 3, 20, 6)),
        Space("stair-1", "stair", "楼梯", STAIR),
        Space("west", "party", "谈心室", box(0, 6, 3, 10)),
        Space("east", "service", "母婴室", east),
        Space("hall", "service", "服务大厅", box(0, 0, 20, 3)),
        Space("unused-1F-1", "unused", "未使用", pocket),
        *more,
    )
    return [Floor(level, FOOTPRINT, spaces, (STAIR_DOOR,)) for level in (1, 2)]


def test_a_pocket_wrapping_a_room_behind_the_stair_stays() -> None:
    """A pocket 0.3 m deep behind the whole stair, reaching the wall behind its west half
    only: a room stands between its east half and the wall. The stair grown by it would
    wrap round that room's corner; it stays a pocket."""
    pocket = Polygon([(3, 9.3), (8.4, 9.3), (8.4, 9.6), (6, 9.6), (6, 10), (3, 10)])
    floors = _pocket_floors(pocket, box(8.4, 6, 20, 10).union(box(6, 9.6, 8.4, 10)))
    assert widen_stairs_into_pockets(floors, _req()) == tuple(floors)
