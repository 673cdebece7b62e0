"""An entrance in a wall slanted to the solving grid: the wall is a staircase of short runs on
the grid, so the rooms that must face the street (display zone, service hall) and the lobby
stand against it where it is nearest them and take the wedge in front of them when the plan
is drawn. Before, such a brief was refused as impossible (both rooms had to share the one
short run in front of the entrance cell) or gave a plan whose rooms missed the wall."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapely import affinity
from shapely.geometry import Point, Polygon, box
from test_properties import describe, make_brief

from constraints.plan_view import street_front
from layout.extract import build_floor
from layout.frame import GridWall, street_front_walls
from layout.generate import generate
from layout.programme import build_programme
from layout.site import prepare_site

MODULE = 0.3
#: A quadrilateral (45 m × 19 m) whose east wall leans 12° off the north-south axis.
QUAD = Polygon([(0, 0), (38, 0), (42, 19), (-3, 17)])
QUAD_ENTRANCE = (40.0, 9.5)


def _entrance_wall(footprint: Polygon, entrance: Point) -> GridWall:
    return street_front_walls(footprint, entrance, MODULE).entrance_wall


def test_a_rectangle_s_street_front_is_its_entrance_wall_along_the_grid() -> None:
    front = street_front_walls(box(0, 0, 40, 20), Point(40, 10), MODULE)
    assert len(front.walls) == 1 and front.on_grid


def test_a_wall_off_the_grid_by_rounding_is_not_slanted() -> None:
    """A wall typed to the millimetre strays from the grid line by far less than a module."""
    footprint = Polygon([(0, 0), (40, 0), (40.001, 20), (0, 20)])
    assert street_front_walls(footprint, Point(40, 10), MODULE).on_grid


def test_a_corner_cut_off_for_the_entrance_joins_the_walls_either_side() -> None:
    """The entrance in a 45° corner wall: the street front is the corner wall and the two
    facades it joins (bent 45° from it); the walls beyond them (90°) are not."""
    footprint = Polygon([(0, 0), (40, 0), (40, 14), (34, 20), (0, 20)])
    front = street_front_walls(footprint, Point(37, 17), MODULE)
    assert len(front.walls) == 3 and not front.on_grid
    assert front.entrance_wall.slanted and front.entrance_wall.slope == pytest.approx(-1.0)
    assert sorted((w.side, w.slanted) for w in front.walls) == [
        ("right", False),
        ("right", True),
        ("top", False),
    ]


def test_the_slanted_wall_in_grid_units() -> None:
    """A parallelogram leaning 0.3 m east per metre north, entrance on its east wall: spaces
    face it with their right side; the wall recedes outward going north, so a space's side
    is nearest it at its south end."""
    footprint = Polygon([(0, 0), (40, 0), (46, 20), (6, 20)])
    wall = _entrance_wall(footprint, Point(43, 10))
    assert wall.side == "right"
    assert wall.slope == pytest.approx(0.3)
    assert wall.at == pytest.approx(40 / MODULE)  # across (x) where along (y) is 0
    assert wall.at + wall.slope * 20 / MODULE == pytest.approx(46 / MODULE)
    assert (wall.first, wall.last) == (0, 66)
    assert wall.from_low_end


def test_the_mirrored_wall_faces_left() -> None:
    footprint = affinity.scale(Polygon([(0, 0), (40, 0), (46, 20), (6, 20)]), -1, 1, origin=(0, 0))
    footprint = affinity.translate(footprint, 46, 0)
    wall = _entrance_wall(footprint, Point(3, 10))
    assert wall.side == "left"
    assert wall.slope == pytest.approx(-0.3)
    assert wall.from_low_end  # it recedes westward going north, as the original eastward


def test_a_wall_leaning_inward_going_north_is_nearest_at_the_north_end() -> None:
    footprint = Polygon([(0, 0), (46, 0), (40, 20), (0, 20)])
    wall = _entrance_wall(footprint, Point(43, 10))
    assert wall.side == "right"
    assert not wall.from_low_end


def test_a_shallow_wall_is_faced_from_below() -> None:
    """A wall nearer the x axis than the y axis is faced by spaces' bottom or top sides."""
    footprint = Polygon([(0, 0), (40, -8), (40, 20), (0, 20)])
    wall = _entrance_wall(footprint, Point(20, -4))
    assert wall.side == "bottom"
    assert wall.slope == pytest.approx(-0.2)


def test_a_slanted_entrance_wall_gives_a_plan_with_its_street_rooms_on_it() -> None:
    """The quadrilateral with its entrance in the slanted east wall: the brief was refused as
    impossible (street frontage) before. Deterministic, so the plan does not depend on the
    machine's load."""
    brief = make_brief(QUAD, 2, 1.0, QUAD_ENTRANCE, name="quad")
    result = generate(brief, time_limit=20.0, seed=0, workers=1, deterministic=True)
    assert result.plan is not None, f"{result.status} {result.reasons}: {describe(brief)}"
    checks = {c.rule: c for c in result.checks}
    for rule in ("street-frontage", "entrance-door", "entrance-lobby"):
        assert checks[rule].passed, f"{rule}: {checks[rule].measured} {checks[rule].details}"
    assert not [c.rule for c in result.checks if c.hard and not c.passed]
    assert Path(brief.path).name == "quad.toml"


def test_a_street_room_takes_its_frontage_before_the_lobby_beside_it_reaches_the_wall() -> None:
    """The east wall leans outward going north (x = 20 + y / 2): the display zone (6 m × 3 m)
    stands against it at its south end, the lobby north of it. Reaching for the wall, the
    lobby's south side would take the top of the wedge in front of the display zone (1.6 m of
    frontage left, of 2.4 m); the street room takes its frontage first."""
    footprint = Polygon([(0, 0), (20, 0), (26, 12), (0, 12)])
    brief = make_brief(footprint, 1, 1.0, (22.5, 5.0))
    req, _engine, _standard = build_programme(brief)
    site = prepare_site(brief, MODULE)
    assert site.frame.angle == 0 and site.frame.origin == (0.0, 0.0)
    placed = [
        ("lobby", "circulation", "门厅", (53, 10, 18, 15)),  # x 15.9-21.3 m, y 3-7.5 m
        ("display", "display", "基本情况展示区", (46, 0, 20, 10)),  # x 13.8-19.8 m, y 0-3 m
    ]
    floor = build_floor(1, site.footprints[1], site.frame, site.grids[1], placed, req)
    front = street_front(footprint, Point(req.entrance)).buffer(1e-4)
    display = next(s for s in floor.spaces if s.id == "display")
    assert display.polygon.boundary.intersection(front).length >= req.design.daylight_facade_m
