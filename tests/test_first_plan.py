"""The first valid plan comes from the staged search's first complete layout, checked against
the whole model before any floor is filled: seconds, not the stages' whole budget. It stays the
last runner-up, and the answer when the whole-plan search finds nothing."""

from __future__ import annotations

from dataclasses import replace

from shapely.geometry import box
from test_properties import make_brief

from layout.brief import SolverSettings
from layout.generate import _checked_plan
from layout.model.spaces import Placement
from layout.programme import build_programme
from layout.site import prepare_site
from layout.strategy import RUNNERS_UP, LayoutOutcome, _with_first_plan, lay_out


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
