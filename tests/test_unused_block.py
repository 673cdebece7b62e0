"""Upstairs the floor the centre leaves is one block of up to three rectangles: the block, a
wing sharing a corridor-wide wall with it, and a second wing sharing one with either. A part
apart from the others would be a second piece: the model refuses it."""

from __future__ import annotations

from ortools.sat.python import cp_model
from shapely.geometry import box
from test_properties import make_brief

from layout.programme import build_programme
from layout.site import prepare_site
from layout.strategy import whole_model


def _floor_2_block():
    brief = make_brief(box(0, 0, 36, 21), 2, 0.8)
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    layout = whole_model(req, engine, site, engine.stairs)
    return layout, layout.unused_blocks[2]


def _status(model: cp_model.CpModel) -> str:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 20.0
    solver.parameters.num_workers = 2
    return solver.status_name(solver.solve(model))


def test_the_block_has_two_wings_used_in_order() -> None:
    layout, parts = _floor_2_block()
    assert [p.id for p in parts] == ["unused-2F", "unused-2F-wing", "unused-2F-wing-2"]
    _block, wing, second = parts
    layout.model.add(second.present == 1)
    layout.model.add(wing.present == 0)
    assert _status(layout.model) == "INFEASIBLE"


def _three_parts(layout, at: list[tuple[int, int]]) -> cp_model.CpModel:
    """The block, its wing and the second wing, each two corridors square, with their corners
    ``at`` (in corridor widths)."""
    m = layout.model.clone()
    cw = layout.units(layout.settings.corridor_width)
    for space, (x, y) in zip(layout.unused_blocks[2], at, strict=True):
        m.add(space.present == 1)
        for var, value in ((space.x, x), (space.y, y), (space.w, 2), (space.h, 2)):
            m.add(var == value * cw)
    return m


def test_a_second_wing_joins_the_block_or_its_wing_and_nothing_apart() -> None:
    """The block keeps a side free for its door onto circulation in every case."""
    layout, _parts = _floor_2_block()
    on_wing = [(0, 0), (2, 0), (2, 2)]  # the second wing north of the wing
    on_block = [(2, 0), (4, 0), (2, 2)]  # north of the block, only a corner on the wing
    apart = [(0, 0), (2, 0), (6, 0)]  # a corridor's width east of the wing
    assert _status(_three_parts(layout, on_wing)) in ("OPTIMAL", "FEASIBLE")
    assert _status(_three_parts(layout, on_block)) in ("OPTIMAL", "FEASIBLE")
    assert _status(_three_parts(layout, apart)) == "INFEASIBLE"
