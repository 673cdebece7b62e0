"""When the best solution's finished plan fails a hard check, the engine returns the next best
that passes and says which it passed over; when none passes, the best comes back with its
failures shown, never hidden."""

from __future__ import annotations

from dataclasses import replace

from shapely.geometry import box
from test_properties import make_brief

from constraints.rules import check_plan
from layout.brief import SolverSettings
from layout.generate import _checked_plan
from layout.programme import build_programme
from layout.site import prepare_site
from layout.strategy import lay_out


def _hard_failures(checks) -> list[str]:
    return [c.rule for c in checks if c.hard and not c.passed]


def test_a_plan_failing_a_hard_check_gives_way_to_the_next_best() -> None:
    brief = make_brief(box(0, 0, 36, 21), 2, 0.8)
    settings = SolverSettings(time_limit=15.0, seed=0, workers=2)
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    outcome = lay_out(req, engine, site, settings)
    assert outcome.placement is not None, outcome.phases
    good = outcome.placement
    plan, checks, _objective, passed_over, _placement = _checked_plan(
        brief, req, site, replace(outcome, runners_up=[]), settings
    )
    assert not _hard_failures(checks), "the engine's own plan of the rectangle must pass"
    assert passed_over == []

    # The best solution made worse: one ground-floor room laid onto another.
    rooms = [p for p in good.values() if p.levels == (1,) and p.kind == "room"]
    a, b = rooms[0], rooms[1]
    broken = dict(good) | {a.id: replace(a, rect=b.rect)}
    best_first = replace(
        outcome, placement=broken, objective=1.0, runners_up=[(2.0, good)], status="OPTIMAL"
    )
    plan, checks, objective, passed_over, chosen = _checked_plan(
        brief, req, site, best_first, settings
    )
    assert not _hard_failures(checks)
    assert objective == 2.0
    assert chosen == good  # the rectangles behind the plan returned, for alternatives
    assert len(passed_over) == 1 and "no-overlap" in passed_over[0], passed_over
    assert plan.solver["passed_over"] == passed_over
    assert plan.status == "FEASIBLE"  # a runner-up is not proved optimal
    rechecked = check_plan(plan.to_dict())
    assert not _hard_failures(rechecked)

    # No runner-up passes: the best plan comes back, its failures in its checks.
    alone = replace(best_first, runners_up=[])
    plan, checks, objective, passed_over, chosen = _checked_plan(brief, req, site, alone, settings)
    assert "no-overlap" in _hard_failures(checks)
    assert objective == 1.0 and passed_over == []
    assert chosen == broken
