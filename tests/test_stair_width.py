"""A stair enclosure may be up to STAIR_STRETCH_M wider than its flights need, and the lift
shaft that much deeper than its square, so that they reach the line of the rooms beside them
instead of leaving a strip behind them; their areas follow. The staged models, which see some
floors only, keep them as narrow as they can be."""

from __future__ import annotations

from ortools.sat.python import cp_model
from shapely.geometry import box
from test_properties import make_brief

from layout.model.build import STAIR_STRETCH_M
from layout.programme import build_programme
from layout.site import prepare_site
from layout.strategy import whole_model


def _layout(lift: bool = False, narrow_cores: bool = False):
    brief = make_brief(box(0, 0, 36, 21), 2, 0.8, lift=lift)
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    layout = whole_model(req, engine, site, engine.stairs, narrow_cores=narrow_cores)
    short = layout.units(min(engine.stair_width, engine.stair_length))
    long_ = layout.units(max(engine.stair_width, engine.stair_length))
    return layout, short, long_


def _solve(model: cp_model.CpModel) -> tuple[str, cp_model.CpSolver]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 30.0
    solver.parameters.num_workers = 2
    return solver.status_name(solver.solve(model)), solver


def _with_width(layout, cells: int) -> cp_model.CpModel:
    m = layout.model.clone()
    stair = layout.stairs[0]
    m.add(stair.horizontal == 1)
    m.add(stair.h == cells)
    return m


def test_a_stair_may_be_wider_by_the_stretch_and_its_area_follows() -> None:
    layout, short, long_ = _layout()
    widest = short + layout.units(STAIR_STRETCH_M)
    assert widest > short + 1
    status, solver = _solve(_with_width(layout, widest))
    assert status in ("OPTIMAL", "FEASIBLE")
    stair = layout.stairs[0]
    assert solver.value(stair.w) == long_
    assert solver.value(stair.area) == long_ * widest
    status, _solver = _solve(_with_width(layout, widest + 1))
    assert status == "INFEASIBLE"


def test_the_staged_models_keep_cores_narrow() -> None:
    layout, short, _long = _layout(lift=True, narrow_cores=True)
    status, _solver = _solve(_with_width(layout, short + 1))
    assert status == "INFEASIBLE"
    lift = layout.lift
    assert lift is not None
    m = layout.model.clone()
    m.add(lift.h == layout.units(layout.settings.lift_side) + 1)
    assert _solve(m)[0] == "INFEASIBLE"


def test_the_lift_shaft_may_be_deeper_by_the_stretch_and_its_area_follows() -> None:
    layout, _short, _long = _layout(lift=True)
    lift = layout.lift
    assert lift is not None
    side = layout.units(layout.settings.lift_side)
    deepest = side + layout.units(STAIR_STRETCH_M)
    m = layout.model.clone()
    m.add(lift.h == deepest)
    status, solver = _solve(m)
    assert status in ("OPTIMAL", "FEASIBLE")
    assert solver.value(lift.w) == side
    assert solver.value(lift.area) == side * deepest
    m = layout.model.clone()
    m.add(lift.h == deepest + 1)
    assert _solve(m)[0] == "INFEASIBLE"
