"""How a layout is searched for: floors first, then one floor at a time, then the whole plan.

1. Choose each room's floor on areas alone (``layout.model.floors``).
2. On the coarse grid (double module), lay out the ground floor (stairs free, filling the
   floor), then the upper floors together around the stairs fixed below, as two small models.
3. Solve the whole plan, hinted with that layout, to improve the preferences across floors.
   The whole-plan model carries every rule; what it returns is what the plan reports.

Step 3 alone would be correct but, on dense footprints, often finds nothing in minutes;
steps 1–2 give it a complete starting plan in seconds. When they fail, step 3 searches alone.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ortools.sat.python import cp_model

from constraints.requirements import Requirements
from constraints.rules import build_rules
from layout.brief import SolverSettings
from layout.frame import grid_size, rasterise
from layout.model.build import SHORTFALL_WEIGHT, FloorGrid, LayoutModel
from layout.model.floors import assign_floors
from layout.model.spaces import STAIR, Placement
from layout.programme import EngineSettings
from layout.site import COARSE_FACTOR, Site
from layout.solve import Progress, SolveOutcome, run

Report = Callable[[Progress], None] | None
Constrain = Callable[[LayoutModel, str], None] | None

#: Share of the time limit steps 1–2 may take (default); the ground floor, the densest,
#: may take most of it. A floor stops early once its layout stops improving.
STAGED_SHARE = 0.6
GROUND_SHARE_OF_STAGES = 0.6
PATIENCE_S = 3.0
#: Share of the ground-floor stage the search for an already full ground floor may take.
FULL_FIRST_SHARE = 0.6
#: Seconds the whole model is asked alone first when only a first plan is wanted.
PROBE_S = 3.0
#: Seconds to confirm the staged plan against the whole model when the search found nothing.
CONFIRM_S = 10.0
#: Earlier solutions of the whole-plan search kept as runners-up: the model carries stand-ins
#: for rules measured on the finished geometry (egress walks, daylight on the real facade), and
#: when the best plan fails such a check the next best may pass.
RUNNERS_UP = 8
#: Share of the time limit a plain packing may spend on the coarse grid before the planning
#: grid (it stops early once its layout stops improving).
PACKING_COARSE_SHARE = 0.4
#: The coarsest packing grid keeps at least this many cells along the longer side; a coarse
#: stage stops once its layout has not improved for PACKING_PATIENCE_S.
PACKING_COARSE_CELLS = 10
PACKING_PATIENCE_S = 2.0


@dataclass
class LayoutOutcome:
    placement: Placement | None
    status: str
    objective: float | None
    bound: float | None
    wall_time: float
    first_solution_time: float | None
    interrupted: bool
    conflicts: list[str] = field(default_factory=list)
    phases: list[tuple[str, float, str]] = field(default_factory=list)
    last_solution_time: float | None = None
    #: Earlier solutions (objective, placement), the next best first.
    runners_up: list[tuple[float, Placement]] = field(default_factory=list)


def whole_model(
    req: Requirements,
    engine: EngineSettings,
    site: Site,
    stairs: int,
    levels: list[int] | None = None,
    fixed_stairs: dict | None = None,
) -> LayoutModel:
    """The model of the given floors (all by default) with every rule that applies."""
    levels = levels or site.levels
    layout = LayoutModel(
        req,
        engine,
        [FloorGrid(lv, site.grids[lv], site.footprints[lv].area) for lv in levels],
        site.entrance_cell,
        stairs,
        fixed_stairs,
        (site.coarse.grids, COARSE_FACTOR) if site.coarse is not None else None,
    )
    layout.build_structure()
    whole = levels == site.levels
    for rule in build_rules(req).model_rules:
        if whole or not rule.whole_plan:
            rule.post(layout)
    return layout


def lay_out(
    req: Requirements,
    engine: EngineSettings,
    site: Site,
    settings: SolverSettings,
    report: Report = None,
    constrain: Constrain = None,
    first_plan: bool = False,
) -> LayoutOutcome:
    """Search a layout; ``constrain`` adds constraints to every model searched (the whole
    plan, and each stage, told which by name: "ground", "upper" or "plan"). ``first_plan``
    stops at the first plan the whole model accepts (a feasibility question, as diagnosis
    asks it)."""
    started = time.perf_counter()
    stairs = engine.stairs if len(site.levels) > 1 else 0
    phases: list[tuple[str, float, str]] = []

    full = whole_model(req, engine, site, stairs)
    if constrain is not None:
        constrain(full, "plan")
    if full.conflicts:
        return LayoutOutcome(
            None, "INFEASIBLE", None, None, 0.0, None, False, [r for _i, r in full.conflicts]
        )
    full.post_objective()
    if req.packing:
        return _packing_plan(full, req, engine, site, settings, started, phases, report)

    def search(seconds: float, name: str, **options: Any) -> tuple[cp_model.CpSolver, SolveOutcome]:
        """One search of the whole model, recorded as a phase."""
        solver, outcome = run(
            full.model,
            replace(settings, time_limit=seconds),
            len(req.rooms),
            report,
            phase="probe" if name == "probe" else "plan",
            started=started,
            **options,
        )
        phases.append((name, outcome.wall_time, outcome.status))
        return solver, outcome

    if first_plan:
        # A conflict the solver's presolve sees (a room pinned where a rule cannot reach it)
        # is proven in well under a second: ask the whole model briefly before staging.
        solver, probe = search(min(PROBE_S, settings.time_limit), "probe", stop_at_first=True)
        if probe.status == "INFEASIBLE" or probe.has_solution or probe.interrupted:
            return _outcome(full, solver, probe, started, phases)

    staged, interrupted = None, False
    if site.coarse is not None:
        coarse_engine = replace(engine, module=site.coarse.frame.module)
        staged, interrupted = _staged_plan(
            req, coarse_engine, site.coarse, settings, stairs, started, phases, report, constrain
        )
        staged = _refined(staged, COARSE_FACTOR) if staged is not None else None
    if interrupted:
        return LayoutOutcome(
            None, "UNKNOWN", None, None, time.perf_counter() - started, None, True, [], phases
        )
    if settings.deterministic:  # budgets from the settings alone, never from the clock
        remaining = settings.time_limit * (1 - STAGED_SHARE)
    else:
        remaining = max(1.0, settings.time_limit - (time.perf_counter() - started))
    if staged is not None:
        full.add_hints(staged)
        # The whole-plan search keeps the ground floor at least as full as the staged plan
        # (up to the design rule), so a time limit never trades the hard rule for preferences.
        staged_ground = sum(
            p.rect[2] * p.rect[3] for p in staged.values() if 1 in p.levels and p.kind != "unused"
        )
        cells = site.grids[1].cells
        target = math.ceil((1 - req.design.ground_unassigned_max) * cells)
        full.model.add(full.ground_area() >= min(target, staged_ground))
    if first_plan and staged is not None:  # a first plan: the staged one, if it holds
        solver, outcome = search(CONFIRM_S, "confirm", fix_hint=True)
        if outcome.has_solution or outcome.interrupted:
            return _outcome(full, solver, outcome, started, phases)
    solver, outcome = search(
        remaining, "plan", keep=full.placement, keep_last=RUNNERS_UP + 1, stop_at_first=first_plan
    )
    settled = outcome.has_solution or outcome.interrupted
    if staged is not None and not first_plan and not settled:
        # The staged plan is complete: check it against the whole model as it stands.
        solver, outcome = search(CONFIRM_S, "confirm", fix_hint=True)
        if not outcome.has_solution:  # the staged plan does not hold; that proves nothing
            outcome = replace(outcome, status="UNKNOWN")
    return _outcome(full, solver, outcome, started, phases)


def _outcome(
    full: LayoutModel,
    solver: cp_model.CpSolver,
    outcome: SolveOutcome,
    started: float,
    phases: list[tuple[str, float, str]],
) -> LayoutOutcome:
    """The whole-plan search's answer: its best placement and the runners-up it kept."""
    placement = full.placement(solver) if outcome.has_solution else None
    runners_up = [(obj, p) for obj, p in reversed(outcome.kept) if p != placement]
    return LayoutOutcome(
        placement=placement,
        status=outcome.status,
        objective=outcome.objective,
        bound=outcome.bound,
        wall_time=time.perf_counter() - started,
        first_solution_time=outcome.first_solution_time,
        last_solution_time=outcome.last_solution_time,
        interrupted=outcome.interrupted,
        phases=phases,
        runners_up=runners_up[:RUNNERS_UP],
    )


def _packing_plan(
    full: LayoutModel,
    req: Requirements,
    engine: EngineSettings,
    site: Site,
    settings: SolverSettings,
    started: float,
    phases: list[tuple[str, float, str]],
    report: Report,
) -> LayoutOutcome:
    """Plain packing: the same model on the coarse grid first (few positions: its search
    settles fast), then the planning grid hinted with it for the rest of the time. The staged
    search of a service centre (floors, circulation, stairs) does not apply."""
    hint: Placement | None = None
    factors = [] if settings.deterministic else _packing_factors(site)
    for index, k in enumerate(factors):
        coarse_site = _coarser_site(site, k)
        module = coarse_site.frame.module
        coarse_req = _rounded_to_nearest(req, module)
        coarse = whole_model(coarse_req, replace(engine, module=module), coarse_site, 0)
        coarse.post_objective()
        if hint is not None:
            coarse.add_hints(_refined(hint, 2))
        budget = settings.time_limit * PACKING_COARSE_SHARE / len(factors)
        coarse_solver, stage = run(
            coarse.model,
            replace(settings, time_limit=budget),
            len(req.rooms),
            None,
            phase=f"coarse ×{k}",
            started=started,
            patience=PACKING_PATIENCE_S,
            packing=True,
        )
        phases.append((f"coarse ×{k}", stage.wall_time, stage.status))
        if stage.interrupted:
            return LayoutOutcome(
                None, "UNKNOWN", None, None, time.perf_counter() - started, None, True, [], phases
            )
        hint = coarse.placement(coarse_solver) if stage.has_solution else None
        if hint is not None and index == len(factors) - 1:
            full.add_hints(_refined(hint, 2))
    remaining = max(1.0, settings.time_limit - (time.perf_counter() - started))
    solver, outcome = run(
        full.model,
        replace(settings, time_limit=remaining),
        len(req.rooms),
        report,
        phase="plan",
        started=started,
        keep=full.placement,
        keep_last=RUNNERS_UP + 1,
        packing=True,
    )
    phases.append(("plan", outcome.wall_time, outcome.status))
    return _outcome(full, solver, outcome, started, phases)


def _packing_factors(site: Site) -> list[int]:
    """Coarse grids for a packing, coarsest first, each twice the next: from the largest
    power of two that keeps PACKING_COARSE_CELLS cells along the floor's longer side."""
    longest = max(max(g.width, g.height) for g in site.grids.values())
    factors = []
    k = 2
    while longest // k >= PACKING_COARSE_CELLS:
        factors.insert(0, k)
        k *= 2
    return factors


def _rounded_to_nearest(req: Requirements, module: float) -> Requirements:
    """Room sizes the coarse grid rounds to the nearest cell instead of up: a coarse stage only
    guides the planning grid, and rounding up would make small rooms too big to fit there."""
    cell = module * module
    rooms = tuple(
        replace(
            r,
            min_area=max(cell, r.min_area - cell / 2),
            max_area=r.max_area + cell / 2,
            min_side=max(0.0, r.min_side - module / 2),
        )
        for r in req.rooms
    )
    return replace(req, rooms=rooms)


def _coarser_site(site: Site, k: int) -> Site:
    """The site on a grid ``k`` modules wide, in the same frame (a cell there is usable when
    it lies inside the footprint, as on the planning grid)."""
    module = site.frame.module * k
    frame = replace(site.frame, module=module)
    in_frame = {lv: frame.to_frame(p) for lv, p in site.footprints.items()}
    width, height = grid_size(list(in_frame.values()), module)
    grids = {lv: rasterise(p, module, width, height) for lv, p in in_frame.items()}
    return Site(frame, grids, site.footprints, (0, 0))


def _floor_budget(
    index: int, floors: int, budget: float, started: float, deterministic: bool
) -> float:
    """Seconds for the floor at ``index`` (0 = ground): the ground floor, the densest, gets
    most; upper floors share the rest. Deterministic runs never look at the clock."""
    if deterministic:
        left = budget
        if floors == 1:
            return left
        if index == 0:
            return left * GROUND_SHARE_OF_STAGES
        return left * (1 - GROUND_SHARE_OF_STAGES) / (floors - 1)
    left = budget - (time.perf_counter() - started)
    if index == 0 and floors > 1:
        return left * GROUND_SHARE_OF_STAGES
    return left / (floors - index)


def _refined(placement: Placement, factor: int) -> Placement:
    """A coarse-grid placement on the planning grid: every coordinate times ``factor``."""
    return {
        sid: replace(p, rect=tuple(v * factor for v in p.rect))  # type: ignore[arg-type]
        for sid, p in placement.items()
    }


def _staged_plan(
    req: Requirements,
    engine: EngineSettings,
    site: Site,
    settings: SolverSettings,
    stairs: int,
    started: float,
    phases: list[tuple[str, float, str]],
    report: Report = None,
    constrain: Constrain = None,
) -> tuple[Placement | None, bool]:
    """Steps 1–2. Returns a complete placement (or None) and whether Ctrl-C stopped it."""
    budget = settings.time_limit * STAGED_SHARE
    grid1 = site.grids[1]
    length_m = max(grid1.width, grid1.height) * engine.module
    usable = {lv: site.usable_m2(lv) for lv in site.levels}
    t0 = time.perf_counter()
    floors = assign_floors(
        req,
        engine,
        usable,
        length_m,
        stairs,
        settings.seed,
        min(5.0, budget / 4),
        settings.deterministic,
    )
    phases.append(("floors", time.perf_counter() - t0, "FEASIBLE" if floors else "NONE"))
    if floors is None:
        return None, False

    cell = engine.module**2
    share = req.ground_share_min
    placement: Placement = {}
    fixed_stairs: dict = {}
    ground = 0.0
    levels = site.levels
    # The ground floor alone, then every upper floor together around the stairs fixed below:
    # together, the upper floors share one area cap (the ground-floor share) instead of each
    # guessing what the floors above it will need.
    stages = [[levels[0]], levels[1:]] if len(levels) > 1 else [levels]
    for index, stage in enumerate(stages):
        per_stage = _floor_budget(index, len(stages), budget, started, settings.deterministic)
        if per_stage <= 0.5:
            return None, False
        name = "floor " + ",".join(str(lv) for lv in stage)
        rooms = tuple(
            replace(r, floors=(floors[r.id],)) for r in req.rooms if floors[r.id] in stage
        )
        stage_req = replace(req, rooms=rooms, total_min_m2=0.0)
        layout = whole_model(stage_req, engine, site, stairs, stage, fixed_stairs)
        if constrain is not None:
            constrain(layout, "ground" if index == 0 else "upper")
        area = sum(a for s in layout.spaces.values() for a in s.area_on.values())
        cells = sum(site.grids[lv].cells for lv in stage)
        unfilled = layout.model.new_int_var(0, cells, "unfilled")
        short_weight = 2
        if index == 0:
            target = math.ceil((1 - req.design.ground_unassigned_max) * cells)
            short_weight = SHORTFALL_WEIGHT * max(1, layout.cells(10.0))
        else:
            if share > 0:  # a brief without the share (as diagnosis asks) has no cap
                cap = ground * (1 - share) / share
                layout.model.add(area + layout.upper_growth_cells() <= int(cap / cell))
            target = min(int(max(0.0, req.total_min_m2 - ground) / cell) + 1, cells)
            layout.model.add(area >= target)  # the total the standard asks for
        layout.model.add(unfilled >= target - area)
        # A first layout without objective (an objective-led search is often slow to find
        # any), then the filling search starting from it.
        t_first = time.perf_counter()
        first_budget = per_stage
        if index == 0:
            # First ask for a ground floor already full (the design rule is hard); only if
            # none comes in time, take any layout and let the filling search fill it.
            full = layout.model.new_bool_var("ground_full")
            layout.model.add(area >= target).only_enforce_if(full)
            layout.model.add_assumptions([full])
            first_budget = per_stage * FULL_FIRST_SHARE
        first_solver, first = run(
            layout.model,
            replace(settings, time_limit=first_budget),
            len(rooms),
            None,
            phase=name,
            started=started,
            stop_at_first=True,
        )
        if index == 0 and not first.has_solution and not first.interrupted:
            layout.model.clear_assumptions()
            first_solver, first = run(
                layout.model,
                replace(settings, time_limit=max(0.5, per_stage - first_budget)),
                len(rooms),
                None,
                phase=name,
                started=started,
                stop_at_first=True,
            )
        if first.interrupted:
            return None, True
        if not first.has_solution:
            phases.append((name, first.wall_time, first.status))
            return None, False
        layout.add_hints(layout.placement(first_solver))
        if settings.deterministic:  # never the clock: the fill search gets what is left
            per_stage = max(0.5, per_stage - first_solver.deterministic_time)
        else:
            per_stage = max(0.5, per_stage - (time.perf_counter() - t_first))
        scale = max(1, layout.cells(10.0))
        layout.model.minimize(
            scale * sum(w * lit for w, lit, _ in layout.penalties)
            + short_weight * unfilled
            + layout.upper_uncovered()
        )
        solver, outcome = run(
            layout.model,
            replace(settings, time_limit=per_stage),
            len(rooms),
            report,
            phase=name,
            started=started,
            patience=None if settings.deterministic else PATIENCE_S,
        )
        phases.append((name, outcome.wall_time, outcome.status))
        if outcome.interrupted:
            return None, True
        if not outcome.has_solution:
            return None, False
        stage_placement = layout.placement(solver)
        placement.update(stage_placement)
        if index == 0:
            ground = solver.value(area) * cell if not isinstance(area, int) else area * cell
            fixed_stairs = {p.id: p.rect for p in stage_placement.values() if p.kind == STAIR}
    for sid, p in list(placement.items()):
        if p.kind == STAIR:
            placement[sid] = replace(p, levels=tuple(levels))
    return placement, False
