"""The first valid plan comes from the staged search's first complete layout, checked against
the whole model before any floor is filled: seconds, not the stages' whole budget. It stays the
last runner-up, and the answer when the whole-plan search finds nothing."""

from __future__ import annotations

from dataclasses import replace

from ortools.sat.python import cp_model
from shapely.geometry import box
from test_properties import make_brief

from layout import strategy
from layout.brief import SolverSettings
from layout.generate import _checked_plan
from layout.model.floors import assign_floors
from layout.model.spaces import Placement
from layout.programme import build_programme
from layout.site import prepare_site
from layout.solve import SolveOutcome
from layout.strategy import (
    RUNNERS_UP,
    LayoutOutcome,
    _ground_needed_cells,
    _stage_model,
    _with_first_plan,
    lay_out,
)


def test_the_first_valid_plan_comes_before_the_floors_are_filled() -> None:
    brief = make_brief(box(0, 0, 36, 21), 2, 0.8)
    settings = SolverSettings(time_limit=20.0, seed=0, workers=2)
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    outcome = lay_out(req, engine, site, settings)
    names = [name for name, _s, _status in outcome.phases]
    assert "first plan" in names, outcome.phases
    at = names.index("first plan")
    assert outcome.phases[at][2] == "FEASIBLE"
    later = sum(seconds for _n, seconds, _st in outcome.phases[at + 1 :])
    assert "plan" in names[at + 1 :] and later > 0
    # Found before the floors were filled and before the whole-plan search ran.
    assert outcome.first_solution_time is not None
    assert outcome.first_solution_time < outcome.wall_time - later
    # The first plan is the last runner-up, and a plan that passes every hard rule.
    assert outcome.runners_up
    _objective, first = outcome.runners_up[-1]
    alone = replace(outcome, placement=first, runners_up=[])
    _plan, checks, *_rest = _checked_plan(brief, req, site, alone, settings)
    assert [c.rule for c in checks if c.hard and not c.passed] == []


def _outcome(placement: Placement | None, objective: float | None, first_s: float | None):
    return LayoutOutcome(
        placement=placement,
        status="FEASIBLE" if placement is not None else "UNKNOWN",
        objective=objective,
        bound=None,
        wall_time=30.0,
        first_solution_time=first_s,
        interrupted=False,
    )


def test_the_first_plan_answers_when_the_search_finds_nothing() -> None:
    first_plan: Placement = {"a": None}  # type: ignore[dict-item]  # only compared
    first = _outcome(first_plan, 500.0, 4.0)
    nothing = _outcome(None, None, None)
    merged = _with_first_plan(nothing, first)
    assert merged.placement is first_plan and merged.status == "FEASIBLE"
    assert merged.first_solution_time == 4.0 and merged.wall_time == 30.0

    better: Placement = {"b": None}  # type: ignore[dict-item]
    kept = [(float(k), {"k": None}) for k in range(RUNNERS_UP, 0, -1)]
    found = replace(_outcome(better, 100.0, 25.0), runners_up=kept)  # type: ignore[arg-type]
    merged = _with_first_plan(found, first)
    assert merged.placement is better and merged.objective == 100.0
    assert merged.first_solution_time == 4.0  # the first valid plan was the staged one
    assert len(merged.runners_up) == RUNNERS_UP
    assert merged.runners_up[-1] == (500.0, first_plan)


def _ground_stage(brief):
    """The ground floor's stage model of the staged search (on the coarse grid), with the
    floor assignment it is built for."""
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    coarse = site.coarse
    assert coarse is not None
    coarse_engine = replace(engine, module=coarse.frame.module)
    usable = {lv: coarse.usable_m2(lv) for lv in coarse.levels}
    grid = coarse.grids[1]
    length = max(grid.width, grid.height) * coarse_engine.module
    floors = assign_floors(req, coarse_engine, usable, length, engine.stairs, 0)
    assert floors is not None
    stage = _stage_model(req, coarse_engine, coarse, engine.stairs, floors, [1], 0, {}, 0.0, None)
    needed = _ground_needed_cells(req, coarse_engine, coarse, engine.stairs, floors)
    return req, coarse_engine, floors, stage, needed


def test_the_ground_stage_keeps_enough_floor_for_the_upper_floors(monkeypatch) -> None:
    """A 28.5 m square on three storeys: the ground floor's first layout held 425 m² where
    the upper floors, capped by the ground-floor share, needed the ground to hold at least
    half of the standard's 1000 m²; the upper stage was infeasible at once. When no full
    floor comes, the second ask holds what the upper floors need."""
    brief = make_brief(box(0, 0, 28.5, 28.5), 3, 0.7)
    req, engine, floors, stage, needed = _ground_stage(brief)
    cell = engine.module**2
    upper_min = sum(r.min_area for r in req.rooms if floors[r.id] != 1)
    assert needed * cell >= req.ground_share_min * req.total_min_m2
    assert needed * cell >= upper_min  # share 50 %: the ground holds what the upper floors do

    def no_full_floor(model, settings, rooms, report, **options):
        return None, SolveOutcome("UNKNOWN", None, None, 0.0, None, None, 0, False)

    monkeypatch.setattr(strategy, "run", no_full_floor)
    strategy._first_layout(stage, 10.0, SolverSettings(), 0.0)
    stage.layout.model.add(stage.area <= needed - 1)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 10.0
    solver.parameters.num_workers = 2
    assert solver.solve(stage.layout.model) == cp_model.INFEASIBLE


def test_one_storey_and_a_brief_without_the_share_need_no_ground_minimum() -> None:
    one = make_brief(box(0, 0, 36, 30), 1, 0.7)
    assert _ground_stage(one)[-1] == 0
    brief = make_brief(box(0, 0, 28.5, 28.5), 3, 0.7)
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    floors = {r.id: 2 for r in req.rooms}
    no_share = replace(req, ground_share_min=0.0)
    assert _ground_needed_cells(no_share, engine, site, engine.stairs, floors) == 0


def test_a_three_storey_brief_gets_its_first_plan_from_the_first_layouts() -> None:
    """Same square: its first complete plan is the staged search's first layouts, checked
    against the whole model, not the filled floors several seconds later."""
    brief = make_brief(box(0, 0, 28.5, 28.5), 3, 0.7)
    settings = SolverSettings(time_limit=20.0, seed=0, workers=2)
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    outcome = lay_out(req, engine, site, settings)
    assert ("first plan", "FEASIBLE") in [(n, status) for n, _s, status in outcome.phases], (
        outcome.phases
    )
