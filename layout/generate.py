"""The main job: brief → model → solve → plan → independent check.

``generate`` is the Python entry point; the CLI is a thin layer over it.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import ortools
import shapely
from shapely.geometry import Polygon

from constraints.requirements import Requirements
from constraints.rules import RuleResult, check_plan
from layout.brief import Brief, SolverSettings, load_brief
from layout.corridors import merged_corridors
from layout.exits import exits_within_egress
from layout.extract import GrowthBudget, build_floor, strips_behind_cores
from layout.model.build import LayoutModel
from layout.model.difference import RoomSpot, moved_needed, post_difference, room_spots
from layout.model.spaces import CORES, Placement
from layout.plan import Plan
from layout.precheck import precheck
from layout.programme import build_programme
from layout.site import Site, prepare_site
from layout.solve import DETERMINISTIC_WORKERS, Progress
from layout.stair_pockets import widen_stairs_into_pockets
from layout.store_rooms import store_rooms_from_leftovers
from layout.strategy import Constrain, LayoutOutcome, lay_out


@dataclass
class Result:
    """What a run produced: a checked plan, or the reasons there is none."""

    status: str
    plan: Plan | None
    objective: float | None
    bound: float | None
    timings: dict[str, float | None]
    checks: list[RuleResult] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    interrupted: bool = False
    phases: list[tuple[str, float, str]] = field(default_factory=list)
    #: Better solutions whose finished plans failed a hard check, and which checks.
    passed_over: list[str] = field(default_factory=list)
    #: The solved rectangles behind the plan (grid modules), to ask for alternatives.
    placement: Placement | None = None

    @property
    def feasible(self) -> bool:
        return self.plan is not None

    @property
    def hard_rules_pass(self) -> bool:
        return all(c.passed for c in self.checks if c.hard)


def generate(
    brief: Brief | str | Path,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    deterministic: bool | None = None,
    progress: Callable[[Progress], None] | None = None,
    differ_from: Sequence[Result] = (),
) -> Result:
    """Lay out a brief. Bad input raises :class:`layout.errors.InputError`; a brief that cannot
    be met returns a result with status ``INFEASIBLE`` and its reasons. With ``differ_from``,
    the plan must differ visibly from each of those plans (``layout.model.difference``)."""
    started = time.perf_counter()
    if not isinstance(brief, Brief):
        brief = load_brief(brief)
    settings = _solver_settings(brief.solver, time_limit, seed, workers, deterministic)
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)

    reasons = precheck(req, engine, site)
    if reasons:
        return _infeasible(reasons, started)

    earlier = [room_spots(r.placement, site.frame.module) for r in differ_from if r.placement]
    outcome = lay_out(req, engine, site, settings, progress, _differing(earlier))
    timings = {
        "build_and_checks": time.perf_counter() - started - outcome.wall_time,
        "solve": outcome.wall_time,
        "first_solution": outcome.first_solution_time,
        "last_solution": outcome.last_solution_time,
    }
    if outcome.conflicts:
        return _infeasible(outcome.conflicts, started)
    if outcome.placement is None:
        return Result(
            status=outcome.status,
            plan=None,
            objective=None,
            bound=None,
            timings=timings | {"total": time.perf_counter() - started},
            reasons=[_no_solution_reason(outcome, settings, req.packing)],
            interrupted=outcome.interrupted,
            phases=outcome.phases,
        )

    plan, checks, objective, passed_over, placement = _checked_plan(
        brief, req, site, outcome, settings
    )
    timings["total"] = time.perf_counter() - started
    return Result(
        status=outcome.status if not passed_over else "FEASIBLE",
        plan=plan,
        objective=objective,
        bound=outcome.bound,
        timings=timings,
        checks=checks,
        interrupted=outcome.interrupted,
        phases=outcome.phases,
        passed_over=passed_over,
        placement=placement,
    )


def _differing(earlier: list[dict[str, RoomSpot]]) -> Constrain:
    """Constraints that keep a plan visibly apart from the earlier ones: on the whole plan and
    on the ground-floor stage (the staged plan then stays a valid start for the whole plan)."""
    if not earlier:
        return None

    def constrain(layout: LayoutModel, stage: str) -> None:
        if stage == "upper":
            return
        for before in earlier:
            post_difference(layout, before, moved_needed(len(before)))

    return constrain


def _checked_plan(
    brief: Brief, req: Requirements, site: Site, outcome: LayoutOutcome, settings: SolverSettings
) -> tuple[Plan, list[RuleResult], float | None, list[str], Placement]:
    """The best solution whose finished plan passes every hard check.

    The model holds stand-ins for rules the checker measures on the finished geometry (walks
    to an exit, daylight on the real facade); when the best solution's plan fails one, the
    search's runners-up are tried, next best first. Returns the plan, its checks, its
    objective and why better solutions were passed over. If none passes, the best plan comes
    back with its failed checks (reported, never hidden).
    """
    assert outcome.placement is not None
    candidates = [(outcome.objective, outcome.placement), *outcome.runners_up]
    first: tuple[Plan, list[RuleResult], float | None, Placement] | None = None
    passed_over: list[str] = []
    for objective, placement in candidates:
        plan = _extract(brief, req, site, outcome, settings, placement, objective, passed_over)
        checks = check_plan(plan.to_dict())
        failed = [c.rule for c in checks if c.hard and not c.passed]
        if not failed:
            return plan, checks, objective, passed_over, placement
        if first is None:
            first = (plan, checks, objective, placement)
        passed_over.append(f"objective {objective:g}: fails {', '.join(failed)}")
    assert first is not None
    plan, checks, objective, placement = first
    return plan, checks, objective, [], placement


def _solver_settings(
    base: SolverSettings,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    deterministic: bool | None,
) -> SolverSettings:
    changes: dict[str, object] = {}
    if time_limit is not None:
        changes["time_limit"] = time_limit
    if seed is not None:
        changes["seed"] = seed
    if workers is not None:
        changes["workers"] = workers
    if deterministic is not None:
        changes["deterministic"] = deterministic
    return replace(base, **changes)  # type: ignore[arg-type]


def _infeasible(reasons: list[str], started: float) -> Result:
    return Result(
        status="INFEASIBLE",
        plan=None,
        objective=None,
        bound=None,
        timings={"total": time.perf_counter() - started},
        reasons=reasons,
    )


def _no_solution_reason(outcome: LayoutOutcome, settings: SolverSettings, packing: bool) -> str:
    if outcome.status == "INFEASIBLE" and packing:
        return (
            "the solver proved that the rooms, each at its minimum area and within its shape "
            "limits in whole grid cells, do not fit the footprint on this grid; enlarge the "
            "footprint, relax the rooms' areas or shapes, or use a finer [layout] module"
        )
    if outcome.status == "INFEASIBLE":
        return (
            "the solver proved that no layout meets every hard rule at once (areas, shares, "
            "doors onto circulation, stairs) in this footprint; relax the programme or enlarge "
            "the footprint"
        )
    if outcome.interrupted:
        return "stopped before any plan was found"
    return (
        f"no plan found within the time limit of {settings.time_limit:g} s; "
        "try a longer --time-limit"
    )


def _solver_record(settings: SolverSettings, outcome: LayoutOutcome) -> dict[str, Any]:
    """What produced the plan: settings and library versions, and, unless the run was
    deterministic, the wall-clock times (a deterministic plan.json is the same byte for byte
    on every run with the same brief, settings and versions)."""
    record: dict[str, Any] = {
        "seed": settings.seed,
        "workers": DETERMINISTIC_WORKERS if settings.deterministic else settings.workers,
        "time_limit": settings.time_limit,
        "deterministic": settings.deterministic,
        "versions": {
            "ortools": ortools.__version__,
            "shapely": shapely.__version__,
            "python": platform.python_version(),
        },
    }
    if settings.deterministic:
        record["phases"] = [
            {"phase": name, "status": status} for name, _s, status in outcome.phases
        ]
        return record
    record["wall_time"] = round(outcome.wall_time, 3)
    record["first_solution_time"] = (
        round(outcome.first_solution_time, 3) if outcome.first_solution_time else None
    )
    record["phases"] = [
        {"phase": name, "seconds": round(sec, 3), "status": status}
        for name, sec, status in outcome.phases
    ]
    return record


def _core_strips(req: Requirements, site: Site, placement: Placement) -> dict[str, Polygon]:
    """The strips between stairs or the lift and the walls behind them that the cores take on
    every floor, where the ground-floor share still holds with them (a core adds its strip to
    the ground floor once and to the upper floors once per floor)."""
    cores = [(p.id, p.kind, p.rect, p.levels) for p in placement.values() if p.kind in CORES]
    covered = {lv: [p.rect for p in placement.values() if lv in p.levels] for lv in site.levels}
    strips = strips_behind_cores(
        site.footprints,
        site.frame,
        site.grids,
        cores,
        req.design.doors_apart_m,
        covered,
        unwalkable_m=req.design.storage_min_width_m,
    )
    share = req.ground_share_min
    if not strips or share <= 0:
        return strips
    cell = site.frame.module**2

    def on_floors(ground: bool) -> float:
        return sum(
            (p.rect[2] * p.rect[3] * cell + (strips[p.id].area if p.id in strips else 0.0))
            * (int(1 in p.levels) if ground else sum(lv != 1 for lv in p.levels))
            for p in placement.values()
            if p.kind != "unused"
        )

    ground, upper = on_floors(True), on_floors(False)
    return strips if ground * (1 - share) >= share * upper else {}


def _extract(
    brief: Brief,
    req: Requirements,
    site: Site,
    outcome: LayoutOutcome,
    settings: SolverSettings,
    placement: Placement,
    objective: float | None,
    passed_over: list[str],
) -> Plan:
    floors = []
    budget = None
    cell = site.frame.module**2
    core_strips = {} if req.packing else _core_strips(req, site, placement)

    def strip_m2(sid: str) -> float:
        return core_strips[sid].area if sid in core_strips else 0.0

    for level in site.levels:
        placed = [
            (p.id, p.function, p.name, p.rect) for p in placement.values() if level in p.levels
        ]
        floor = build_floor(
            level,
            site.footprints[level],
            site.frame,
            site.grids[level],
            placed,
            req,
            budget,
            core_strips,
        )
        floors.append(floor)
        if level == 1:
            # Upstairs rectangles as placed (clipping only shrinks them): what the share allows
            # beyond them is what upper floors may grow by.
            ground = sum(s.area for s in floor.spaces if s.function != "unused")
            upper = sum(
                (p.rect[2] * p.rect[3] * cell + strip_m2(p.id)) * sum(lv != 1 for lv in p.levels)
                for p in placement.values()
                if p.kind != "unused"
            )
            share = req.ground_share_min
            allowed = ground * (1 - share) / share if share > 0 else float("inf")
            budget = GrowthBudget(max(0.0, allowed - upper - 0.01))
    if not req.packing:
        floors = list(widen_stairs_into_pockets(floors, req))
        floors = list(store_rooms_from_leftovers(floors, req))
        floors = list(merged_corridors(floors))
        floors = list(exits_within_egress(floors, req))
    return Plan(
        site=brief.site_name,
        standard=req.standard,
        status=outcome.status if not passed_over else "FEASIBLE",
        objective=float(objective or 0.0),
        bound=float(outcome.bound or 0.0),
        floors=tuple(floors),
        requirements=req,
        solver=_solver_record(settings, outcome) | {"passed_over": list(passed_over)},
        frame={
            "angle_deg": site.frame.angle,
            "origin": list(site.frame.origin),
            "module_m": site.frame.module,
        },
    )
