"""Two exits are two ways out only when they stand apart (GB 50016 5.5.2: 5 m between nearest
edges). The checker counts exits nearer each other than that as one, and so applies the
dead-end limit; two stairs nearer than that fail the stair rule; a corridor's door to outside
stands as far from the entrance as its outer wall allows; and the one-storey exit the model
asks for lies that far from the entrance cell."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model
from shapely.geometry import LineString, Point, box
from test_checker import REQUIREMENTS
from test_properties import make_brief

from constraints.plan_view import DoorView as Door
from constraints.plan_view import FloorView, PlanView, SpaceView
from constraints.rules.design import egress_distances
from constraints.rules.structure import StairsStacked
from layout.brief import Brief
from layout.model.build import FloorGrid, LayoutModel
from layout.model.spaces import SpaceVars
from layout.openings import place_doors
from layout.programme import build_programme
from layout.site import prepare_site

CORRIDOR = box(0, 0, 20, 2)  # along the south facade, y = 0
ROOM = box(0, 2, 20, 6)


def _floor(exit_at: float) -> FloorView:
    """A room along a corridor; the entrance door at x 0..1.8 and a second door to outside
    from ``exit_at``; the room's door at the far end, x 18..19."""
    spaces = (
        SpaceView("corridor", "circulation", "corridor", 1, CORRIDOR, CORRIDOR.area),
        SpaceView("room", "culture", "room", 1, ROOM, ROOM.area),
    )
    doors = (
        Door("entrance", "lobby", "outside", LineString([(0, 0), (1.8, 0)])),
        Door("exit", "corridor", "outside", LineString([(exit_at, 0), (exit_at + 1.4, 0)])),
        Door("room", "room", "corridor", LineString([(18, 2), (19, 2)])),
    )
    return FloorView(1, box(0, 0, 20, 6), spaces, doors)


@pytest.mark.parametrize(("exit_at", "separate"), [(4.0, 1), (6.8, 2)])
def test_exits_nearer_than_5_m_count_as_one(exit_at: float, separate: int) -> None:
    far, exits = egress_distances(_floor(exit_at), ["room"], apart=5.0)["room"]
    assert exits == separate
    assert far < 16.0  # to the nearer exit (the entrance is 17.6 m along the corridor)
    assert egress_distances(_floor(exit_at), ["room"])["room"][1] == 2  # counted by doors


def _two_stairs(gap: float) -> PlanView:
    floors = tuple(
        FloorView(
            level,
            box(0, 0, 30, 10),
            (
                SpaceView("stair-a", "stair", "stair", level, box(0, 0, 3, 5.4), 16.2),
                SpaceView("stair-b", "stair", "stair", level, box(3 + gap, 0, 6 + gap, 5.4), 16.2),
            ),
        )
        for level in (1, 2)
    )
    return PlanView(floors, REQUIREMENTS)


def test_two_stairs_under_5_m_apart_fail_the_stair_rule() -> None:
    near = StairsStacked(REQUIREMENTS).check(_two_stairs(4.5))
    assert not near.passed
    assert near.details == ("stair-a and stair-b 4.5 m apart (< 5 m)",)
    assert StairsStacked(REQUIREMENTS).check(_two_stairs(5.0)).passed


def test_a_corridor_exit_stands_at_the_end_of_its_wall_away_from_the_entrance() -> None:
    """The corridor meets the south facade for 20 m (its ends are inner walls); the entrance
    is at x = 2."""
    shapes = {"corridor": CORRIDOR, "room": ROOM}
    functions = {"corridor": "circulation", "room": "culture"}
    footprint = box(-4, 0, 24, 6)
    doors = place_doors(shapes, functions, REQUIREMENTS, footprint, Point(2, 0), 1)
    [exit_door] = [d for d in doors if d.to == "outside"]
    xs = sorted(x for x, _y in exit_door.segment)
    assert xs == pytest.approx([18.5, 19.9])  # 1.4 m wide, 0.1 m clear of the corner


def _one_storey_corridor(brief: Brief | None = None):
    """A one-storey model with nothing in it but one corridor-wide rectangle on the grid."""
    brief = brief or make_brief(box(0, 0, 36, 21), 1, 0.8)
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    layout = LayoutModel(req, engine, [FloorGrid(1, site.grids[1])], site.entrance_cell, 0)
    cw = layout.units(engine.corridor_width)
    x, y, w, h, x2, y2 = layout._rect_vars("corridor", cw, cw)
    area = layout.model.new_int_var(0, layout.width * layout.height, "corridor.area")
    corridor = SpaceVars("corridor", "corridor", "circulation", "走廊", x, y, w, h, x2, y2, area)
    corridor.floor = {1: True}
    layout.spaces["corridor"] = corridor
    return layout, corridor, site.entrance_cell


def _touching_at(layout, corridor, x: int, away: int) -> str:
    """Whether the corridor, ``x`` along the entrance facade, faces it ``away`` from the
    entrance (corridor-deep, door-wide plus corners)."""
    reach = layout.units(1.6)
    faces = layout.faces_facade("corridor", reach, away_units=away)
    model = layout.model.clone()
    model.add(faces == 1)
    _i, j = layout.entrance_cell
    y = 0 if j < layout.height // 2 else layout.height - 6
    for var, value in ((corridor.x, x), (corridor.y, y), (corridor.w, reach), (corridor.h, 6)):
        model.add(var == value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.status_name(solver.solve(model))


def test_the_one_storey_exit_lies_away_from_the_entrance_cell() -> None:
    layout, corridor, (i, j) = _one_storey_corridor()
    assert j in (0, layout.height - 1)  # on a long (x) side: the longest edge's midpoint
    away = layout.units(5.9)
    reach = layout.units(1.6)
    # Beside the entrance the corridor meets the facade, but not far enough from it.
    assert _touching_at(layout, corridor, i + 2, 0) == "OPTIMAL"
    assert _touching_at(layout, corridor, i + 2, away) == "INFEASIBLE"
    assert _touching_at(layout, corridor, i + away, away) == "INFEASIBLE"
    assert _touching_at(layout, corridor, i - away - reach + 1, away) == "INFEASIBLE"
    # Just far enough, on either side.
    assert _touching_at(layout, corridor, i + 1 + away, away) == "OPTIMAL"
    assert _touching_at(layout, corridor, i - away - reach, away) == "OPTIMAL"


def _facing(layout, corridor, run, outside_only: bool) -> str:
    """Whether the corridor, set against ``run`` (a horizontal facade run), may count as
    facing the facade there."""
    reach = layout.units(1.6)
    faces = layout.faces_facade("corridor", reach, outside_only=outside_only)
    model = layout.model.clone()
    model.add(faces == 1)
    depth = 6
    y = run.line if run.side == "bottom" else run.line - depth
    for var, value in ((corridor.x, run.lo), (corridor.y, y), (corridor.w, reach)):
        model.add(var == value)
    model.add(corridor.h == depth)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.status_name(solver.solve(model))


def test_a_courtyard_wall_is_no_way_out_for_the_one_storey_exit() -> None:
    """A footprint round a courtyard: a corridor on the courtyard's wall faces the facade (for
    daylight) but not the outside (an exit); on the footprint's own wall it faces both."""
    brief = make_brief(box(0, 0, 36, 21).difference(box(12, 7, 24, 14)), 1, 0.8)
    layout, corridor, _cell = _one_storey_corridor(brief)
    outside = set(layout._outside_runs(1))
    horizontal = [r for r in layout.facades[1] if r.side in ("bottom", "top") and r.length > 8]
    courtyard = [r for r in horizontal if r not in outside]
    assert len(courtyard) == 2  # the courtyard's two long walls; the outer ones stay
    assert layout.can_face_facade(layout.units(1.6), outside_only=True)
    for run in courtyard:
        assert _facing(layout, corridor, run, outside_only=False) == "OPTIMAL"
        assert _facing(layout, corridor, run, outside_only=True) == "INFEASIBLE"
    for run in (r for r in horizontal if r in outside):
        assert _facing(layout, corridor, run, outside_only=True) == "OPTIMAL"
