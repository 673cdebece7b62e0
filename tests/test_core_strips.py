"""Stairs and the lift reach an off-grid wall as rooms do.

The default sample is 16 m deep on a 0.3 m grid: a 0.1 m strip lies between the grid and the
north wall. A room in front of it takes it; a stair placed once for every floor could not, and
the strip stayed behind it, a 0.54 m² fragment on the ground floor and a corridor's 0.4 m arm
upstairs in one run of the sample. The coarse first layout may also stand a core a module
short of a wall, and a wall of a turned footprint is straight in the frame only to rounding.
"""

from __future__ import annotations

from shapely.geometry import Polygon, box
from test_properties import make_brief

from layout.extract import build_floor, strips_behind_cores
from layout.generate import _core_strips
from layout.model.spaces import Placed
from layout.programme import build_programme
from layout.site import prepare_site

MODULE = 0.3


def _site(floors: int = 2, upper=None):
    brief = make_brief(box(0, 0, 36, 16), floors, 1.0, (18.0, 0.0))
    if upper is not None:
        brief = brief.__class__(**{**brief.__dict__, "floor_footprints": {2: upper}})
    site = prepare_site(brief, MODULE)
    assert site.frame.angle == 0 and site.frame.origin == (0.0, 0.0)
    return brief, site


def _top(site) -> int:
    """The row above the grid's top usable row."""
    return int(site.grids[1].usable.any(axis=1).nonzero()[0].max()) + 1


def _top_stair(site, sid="stair-a", x=4):
    """A 5.4 × 3.0 m stair against the grid's top usable row, on every floor."""
    top = _top(site)
    return (sid, "stair", (x, top - 10, 18, 10), tuple(site.levels))


def test_a_stair_takes_the_strip_to_the_wall_on_every_floor() -> None:
    _brief, site = _site()
    assert _top(site) * MODULE < 16.0 - 0.05  # the grid stops short of the wall
    strips = strips_behind_cores(site.footprints, site.frame, site.grids, [_top_stair(site)], 5.0)
    strip = strips["stair-a"]
    minx, miny, maxx, maxy = strip.bounds
    assert (round(minx, 6), round(maxx, 6), round(maxy, 6)) == (1.2, 6.6, 16.0)
    assert abs(strip.area - 5.4 * (16.0 - miny)) < 1e-6
    assert 0.05 < 16.0 - miny < MODULE


def test_no_strip_where_it_differs_between_floors() -> None:
    # The upper floor steps back from the north wall: the strip is floor on one floor only.
    _brief, site = _site(upper=box(0, 0, 36, 15.5))
    strips = strips_behind_cores(site.footprints, site.frame, site.grids, [_top_stair(site)], 5.0)
    assert strips == {}


def test_no_strip_for_stairs_closer_than_the_standard_asks() -> None:
    _brief, site = _site()
    a, b = _top_stair(site), _top_stair(site, "stair-b", x=4 + 18 + 17)  # 5.1 m apart
    strips = strips_behind_cores(site.footprints, site.frame, site.grids, [a, b], 5.0)
    assert set(strips) == {"stair-a", "stair-b"}  # growing north keeps them 5.1 m apart
    strips = strips_behind_cores(site.footprints, site.frame, site.grids, [a, b], 5.2)
    assert strips == {}


def test_a_stair_a_module_short_of_the_wall_takes_the_grid_floor_behind_it() -> None:
    # The first layout, on the coarse grid (double modules), cannot reach the grid's top row:
    # a stair one module below it leaves that row and the off-grid strip behind it.
    _brief, site = _site()
    top = _top(site)
    sid, _fn, (x, y, w, h), levels = _top_stair(site)
    stair = (sid, "stair", (x, y - 1, w, h), levels)
    hall = (30, 0, 80, top)  # another space on each floor, clear of the floor behind the stair
    covered = {lv: [stair[2], hall] for lv in site.levels}
    strips = strips_behind_cores(site.footprints, site.frame, site.grids, [stair], 5.0, covered)
    minx, miny, maxx, maxy = strips[sid].bounds
    assert (round(minx, 6), round(miny, 6), round(maxx, 6), maxy) == (
        1.2,
        round((top - 1) * MODULE, 6),
        6.6,
        16.0,
    )
    # Grid floor counts as free only where the placement leaves it: by the grid alone the
    # stair stands a module short of the wall.
    assert strips_behind_cores(site.footprints, site.frame, site.grids, [stair], 5.0) == {}
    # Covered on one floor, it is no strip the stair could take on every floor.
    covered[2] = [*covered[2], (0, top - 1, 30, 1)]
    assert strips_behind_cores(site.footprints, site.frame, site.grids, [stair], 5.0, covered) == {}


def test_a_stair_two_modules_short_of_the_wall_keeps_its_size() -> None:
    # Two modules of grid floor and the off-grid strip: deeper than a core reaches, floor a
    # room or the corridor may use.
    _brief, site = _site()
    sid, _fn, (x, y, w, h), levels = _top_stair(site)
    stair = (sid, "stair", (x, y - 2, w, h), levels)
    covered = {lv: [stair[2]] for lv in site.levels}
    assert strips_behind_cores(site.footprints, site.frame, site.grids, [stair], 5.0, covered) == {}


def test_a_stair_reaches_a_wall_straight_only_to_rounding() -> None:
    # The north wall rises 0.3 mm over 36 m, as a turned footprint's wall does in the frame:
    # the stair grown to it misses its enclosing rectangle by about 1e-4 m², a rectangle
    # still, though not to a relative 1e-6.
    brief = make_brief(Polygon([(0, 0), (36, 0), (36, 16.0003), (0, 16)]), 2, 1.0, (18.0, 0.0))
    site = prepare_site(brief, MODULE)
    strips = strips_behind_cores(site.footprints, site.frame, site.grids, [_top_stair(site)], 5.0)
    strip = strips["stair-a"]
    grown = strip.union(box(*strip.bounds[:2], strip.bounds[2], strip.bounds[1] - 3.0))
    assert 1e-5 < grown.minimum_rotated_rectangle.area - grown.area < 1e-3
    assert 16.0 - 1e-3 < strip.bounds[3] < 16.0 + 1e-3
    assert 0.05 < strip.bounds[3] - strip.bounds[1] < MODULE


def test_the_floor_has_no_sliver_behind_the_stair() -> None:
    brief, site = _site()
    req, _engine, _standard = build_programme(brief)
    sid, _fn, rect, _levels = _top_stair(site)
    top = _top(site)
    placed = [
        (sid, "stair", "楼梯", rect),
        ("corridor-1F-1", "circulation", "走廊", (0, top - 16, 120, 6)),
        ("unused-1F", "unused", "未使用", (0, 0, 120, top - 16)),
    ]
    strips = strips_behind_cores(
        site.footprints, site.frame, site.grids, [_top_stair(site)], req.design.doors_apart_m
    )
    assert strips
    for taken in ({}, strips):
        floor = build_floor(
            1, site.footprints[1], site.frame, site.grids[1], placed, req, None, taken
        )
        stair = next(s for s in floor.spaces if s.id == sid)
        behind = [
            s
            for s in floor.spaces
            if s.id != sid and s.polygon.intersection(box(1.2, 14.0, 6.6, 16.0)).area > 1e-6
        ]
        if taken:
            assert stair.polygon.bounds[3] == 16.0
            assert behind == []
        else:  # without the strip, something else holds the floor behind the stair
            assert stair.polygon.bounds[3] < 16.0
            assert behind


def _placement(site, ground_hall_cells: int) -> dict[str, Placed]:
    """The stair on every floor, a hall of ``ground_hall_cells`` × 10 cells on the ground floor
    and one of 10 × 10 cells on the second floor."""
    sid, _fn, rect, levels = _top_stair(site)
    return {
        sid: Placed(sid, "stair", "stair", "楼梯", levels, rect),
        "hall": Placed("hall", "room", "service", "大厅", (1,), (0, 0, ground_hall_cells, 10)),
        "room": Placed("room", "room", "party", "活动室", (2,), (0, 0, 10, 10)),
    }


def test_the_plan_takes_core_strips_while_the_ground_floor_share_holds() -> None:
    brief, site = _site(floors=3)
    req, _engine, _standard = build_programme(brief)
    assert req.ground_share_min == 0.5
    # Ground floor: stair 180 cells and hall 280; upstairs: stair twice and room 100. Equal
    # without the strips; with them the ground floor gains the strip once, upstairs twice.
    assert _core_strips(req, site, _placement(site, 28)) == {}
    assert set(_core_strips(req, site, _placement(site, 40))) == {"stair-a"}


def _stair_short_of_the_wall(site, modules: int):
    """The top stair ``modules`` grid rows below the grid's top row, another space on each
    floor clear of the floor behind it."""
    sid, _fn, (x, y, w, h), levels = _top_stair(site)
    stair = (sid, "stair", (x, y - modules, w, h), levels)
    covered = {lv: [stair[2], (30, 0, 80, _top(site))] for lv in site.levels}
    return stair, covered


def test_a_stair_takes_a_strip_too_narrow_to_walk_into_however_many_modules_deep() -> None:
    # Two modules and the off-grid strip: 0.7 m between the stair and the wall, beyond the
    # coarse layout's reach, but no corridor or store room can use it either.
    _brief, site = _site()
    stair, covered = _stair_short_of_the_wall(site, 2)
    args = (site.footprints, site.frame, site.grids, [stair], 5.0, covered)
    assert strips_behind_cores(*args) == {}
    strip = strips_behind_cores(*args, unwalkable_m=1.0)["stair-a"]
    assert abs(strip.area - 5.4 * 0.7) < 1e-6 and abs(strip.bounds[3] - 16.0) < 1e-6
    # Three modules: 1.0 m, as wide as a store room may be, stays floor for others to use.
    stair, covered = _stair_short_of_the_wall(site, 3)
    args = (site.footprints, site.frame, site.grids, [stair], 5.0, covered)
    assert strips_behind_cores(*args, unwalkable_m=1.0) == {}
