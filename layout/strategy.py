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
from shapely.geometry import box

from constraints.requirements import Requirements
from constraints.rules import build_rules
from layout.brief import SolverSettings
from layout.frame import grid_size, rasterise
from layout.model.build import (
    FLOW_SCALE,
    FloorGrid,
    LayoutModel,
)
from layout.model.floors import assign_floors
from layout.model.spaces import CORES, Placement
from layout.programme import EngineSettings
from layout.refine import refine
from layout.site import COARSE_FACTOR, Site
from layout.solve import Progress, SolveOutcome, run

Report = Callable[[Progress], None] | None
Constrain = Callable[[LayoutModel, str], None] | None

#: Share of the time limit steps 1–2 may take (default); the ground floor, the densest,
#: may take most of it. A floor stops early once its layout stops improving.
STAGED_SHARE = 0.6
GROUND_SHARE_OF_STAGES = 0.6
PATIENCE_S = 3.0
#: The ground-floor stage prices each cell short of the floor's required use at this many
#: preference units: that stage is where the full floor is won, so it outweighs the rest there.
SHORTFALL_WEIGHT = 10
#: Share of the ground-floor stage the search for an already full ground floor may take, and
#: at most so many seconds (wall clock): on one long storey with quiet and noisy rooms kept a
#: corridor apart, that search took 18-27 s of a 60 s run where any layout came at once.
FULL_FIRST_SHARE = 0.6
FULL_FIRST_MAX_S = 5.0
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
#: Share of a plain packing's time limit kept for refining its best layouts off the grid.
REFINE_SHARE = 0.05


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
    narrow_cores: bool = False,
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
        narrow_cores,
        site.street_front,
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
        if options.get("fix_hint") and outcome.has_solution:
            # Every variable fixed: "optimal" and its bound speak of that one plan only.
            outcome = replace(outcome, status="FEASIBLE", bound=None)
        phases.append((name, outcome.wall_time, outcome.status))
        return solver, outcome

    if first_plan:
        # A conflict the solver's presolve sees (a room pinned where a rule cannot reach it)
        # is proven in well under a second: ask the whole model briefly before staging.
        solver, probe = search(min(PROBE_S, settings.time_limit), "probe", stop_at_first=True)
        if probe.status == "INFEASIBLE" or probe.has_solution or probe.interrupted:
            return _outcome(full, solver, probe, started, phases)

    first: list[tuple[cp_model.CpSolver, SolveOutcome]] = []

    def confirm_first(coarse_plan: Placement) -> bool:
        """The staged search's first complete plan against the whole model: the first valid
        plan, found in seconds; the search ends here when only a first plan is wanted."""
        full.add_hints(_refined(coarse_plan, COARSE_FACTOR))
        solver, outcome = search(CONFIRM_S, "first plan", fix_hint=True)
        if outcome.has_solution or outcome.interrupted:
            first.append((solver, outcome))
        return outcome.interrupted or (first_plan and outcome.has_solution)

    staged, interrupted = None, False
    if site.coarse is not None:
        coarse_engine = replace(engine, module=site.coarse.frame.module)
        staged, interrupted = _staged_plan(
            req,
            coarse_engine,
            site.coarse,
            settings,
            stairs,
            started,
            phases,
            report,
            constrain,
            confirm_first,
        )
        staged = _refined(staged, COARSE_FACTOR) if staged is not None else None
    if first and (first_plan or first[0][1].interrupted):
        return _outcome(full, *first[0], started, phases)
    first_found = _outcome(full, *first[0], started, phases) if first else None
    if interrupted:
        if first_found is not None:
            return replace(first_found, interrupted=True)
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
    return _with_first_plan(_outcome(full, solver, outcome, started, phases), first_found)


def _with_first_plan(result: LayoutOutcome, first: LayoutOutcome | None) -> LayoutOutcome:
    """The search's answer counting the first plan confirmed during staging: its time is the
    first valid plan's, it is the last runner-up, and it is the answer when the search found
    nothing (the search's proof of nothing aside: that plan satisfies the same model)."""
    if first is None or first.placement is None:
        return result
    if result.placement is None:
        return replace(
            first,
            wall_time=result.wall_time,
            interrupted=result.interrupted,
            phases=result.phases,
        )
    runners_up = result.runners_up
    if first.placement != result.placement and first.objective is not None:
        # The last resort, always kept: laid out by other searches than the solutions before it.
        runners_up = [*runners_up[: RUNNERS_UP - 1], (first.objective, first.placement)]
    return replace(
        result,
        first_solution_time=first.first_solution_time,
        runners_up=runners_up,
    )


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
    # The refinement off the grid gets the last REFINE_SHARE of the time limit.
    planned = settings.time_limit * (1 - REFINE_SHARE)
    remaining = max(1.0, planned - (time.perf_counter() - started))
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
    deadline = started + settings.time_limit
    return _off_the_grid(_outcome(full, solver, outcome, started, phases), req, site, deadline)


def _off_the_grid(
    result: LayoutOutcome, req: Requirements, site: Site, deadline: float
) -> LayoutOutcome:
    """A packing's best grid layouts refined off the grid (``layout.refine``) on a rectangular
    one-floor facility whose objective is its flows alone; the best refined layout replaces
    the grid's when it is better. Its status is FEASIBLE and it has no bound: the grid's
    proofs and bound speak of the grid."""
    flows_only = all(p.kind == "flow" for p in req.preferences)
    if result.placement is None or result.objective is None or not flows_only:
        return result
    if len(site.levels) != 1:
        return result
    module = site.frame.module
    footprint = site.frame.to_frame(site.footprints[site.levels[0]])
    if footprint.area < box(*footprint.bounds).area * (1 - 1e-9):
        return result
    facility = tuple(v / module for v in footprint.bounds)
    flows = [(p.a, p.b, round(p.flow * FLOW_SCALE)) for p in req.preferences]
    t0 = time.perf_counter()
    best = None
    for k, placement in enumerate([result.placement, *(p for _o, p in result.runners_up)]):
        if k > 0 and time.perf_counter() > deadline:  # the best is always refined
            break
        refined = refine(placement, req.rooms, facility, module, flows)  # type: ignore[arg-type]
        if refined is not None and (best is None or refined.objective < best.objective):
            best = refined
    better = best is not None and best.objective < result.objective - 1e-9
    result.phases.append(
        ("off the grid", time.perf_counter() - t0, "FEASIBLE" if better else "NONE")
    )
    if best is None or not better:
        return result
    now = result.wall_time + time.perf_counter() - t0
    return replace(
        result,
        placement=best.placement,
        status="FEASIBLE",
        objective=best.objective,
        bound=None,
        runners_up=[(result.objective, result.placement), *result.runners_up][:RUNNERS_UP],
        last_solution_time=now,
        wall_time=now,
    )


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


@dataclass
class _Stage:
    """One stage's model: the ground floor alone, or every upper floor together."""

    name: str
    index: int
    layout: LayoutModel
    area: cp_model.LinearExprT
    unfilled: cp_model.IntVar
    short_weight: int
    rooms: int
    reserve_used: cp_model.LinearExprT = 0
    #: Cells the ground floor's second ask holds at least, when a full floor did not come.
    needed: int = 0


def _stage_model(
    req: Requirements,
    engine: EngineSettings,
    site: Site,
    stairs: int,
    floors: dict[str, int],
    stage: list[int],
    index: int,
    fixed_stairs: dict,
    ground_m2: float,
    constrain: Constrain,
) -> _Stage:
    """The model of one stage; the upper floors together share one area cap (the ground-floor
    share of what the ground floor holds) instead of each guessing what the others need."""
    rooms = tuple(replace(r, floors=(floors[r.id],)) for r in req.rooms if floors[r.id] in stage)
    stage_req = replace(req, rooms=rooms, total_min_m2=0.0)
    layout = whole_model(stage_req, engine, site, stairs, stage, fixed_stairs, narrow_cores=True)
    if constrain is not None:
        constrain(layout, "ground" if index == 0 else "upper")
    cell = engine.module**2
    area = sum(a for s in layout.spaces.values() for a in s.area_on.values())
    cells = sum(site.grids[lv].cells for lv in stage)
    unfilled = layout.model.new_int_var(0, cells, "unfilled")
    short_weight = 2
    reserve_used: cp_model.LinearExprT = 0
    needed = 0
    if index == 0:
        target = math.ceil((1 - req.design.ground_unassigned_max) * cells)
        short_weight = SHORTFALL_WEIGHT * max(1, layout.cells(10.0))
        needed = _ground_needed_cells(req, engine, site, stairs, floors)
    else:
        share = req.ground_share_min
        if share > 0:  # a brief without the share (as diagnosis asks) has no cap
            cap = ground_m2 * (1 - share) / share
            layout.model.add(area + layout.upper_growth_cells() <= int(cap / cell))
            reserve_used = layout.reserve_used(int(cap / cell))
        target = min(int(max(0.0, req.total_min_m2 - ground_m2) / cell) + 1, cells)
        layout.model.add(area >= target)  # the total the standard asks for
    layout.model.add(unfilled >= target - area)
    if index == 0:
        # First ask for a ground floor already full (the design rule is hard); only if none
        # comes in time, take any layout and let the filling search fill it.
        full = layout.model.new_bool_var("ground_full")
        layout.model.add(area >= target).only_enforce_if(full)
        layout.model.add_assumptions([full])
    name = "floor " + ",".join(str(lv) for lv in stage)
    return _Stage(
        name, index, layout, area, unfilled, short_weight, len(rooms), reserve_used, needed
    )


def _ground_needed_cells(
    req: Requirements,
    engine: EngineSettings,
    site: Site,
    stairs: int,
    floors: dict[str, int],
) -> int:
    """The least ground floor (in cells) with which the upper floors' stage can be complete.
    That stage holds at least the rest of the standard's total and at least its own rooms'
    minimum areas with the stairs and lift on every upper floor, plus the floor the upper
    storeys gain at their off-grid walls, all under the ground-floor share's cap (rounded as
    it rounds them, two cells of slack); the whole model's rules imply the same. Without it
    the ground floor's first layout, searched without an objective, may hold too little, the
    upper floors cannot be laid out, and the staged search's first plan is lost. One storey
    needs none here: its floor is the whole plan, and asking its first layout for the total
    slowed that search down where the filling search reaches the total from any layout."""
    share = req.ground_share_min
    upper = site.levels[1:]
    if not upper or not 0 < share < 1:
        return 0
    cell = engine.module**2
    growth = sum(
        math.ceil(max(0.0, site.footprints[lv].area / cell - site.grids[lv].cells)) for lv in upper
    )
    cores_m2 = stairs * engine.stair_width * engine.stair_length
    cores_m2 += engine.lift_side**2 if engine.lift else 0.0
    upper_m2 = sum(r.min_area for r in req.rooms if floors[r.id] != site.levels[0])
    upper_m2 += len(upper) * cores_m2
    by_total = share * (req.total_min_m2 / cell + growth + 2)
    by_upper = share / (1 - share) * (upper_m2 / cell + growth + 2)
    return math.ceil(max(by_total, by_upper))


def _first_layout(
    stage: _Stage, seconds: float, settings: SolverSettings, started: float
) -> tuple[cp_model.CpSolver, SolveOutcome]:
    """A stage's first layout, without objective (an objective-led search is often slow to
    find any). The ground floor asks for a full floor first and then for any that holds
    what the upper floors need of it (``_ground_needed_cells``)."""
    budget = seconds
    if stage.index == 0:
        budget = seconds * FULL_FIRST_SHARE
        if not settings.deterministic:
            budget = min(budget, FULL_FIRST_MAX_S)
    solver, first = run(
        stage.layout.model,
        replace(settings, time_limit=budget),
        stage.rooms,
        None,
        phase=stage.name,
        started=started,
        stop_at_first=True,
    )
    if stage.index == 0 and not first.has_solution and not first.interrupted:
        stage.layout.model.clear_assumptions()
        # Posted only now: in the model from the start, even as an assumption left unasked,
        # it slowed the search for a full floor (the default sample's first plan at 1.9 s
        # instead of 0.8 s, or none in 10 s).
        if stage.needed:
            stage.layout.model.add(stage.area >= stage.needed)
        solver, first = run(
            stage.layout.model,
            replace(settings, time_limit=max(0.5, seconds - budget)),
            stage.rooms,
            None,
            phase=stage.name,
            started=started,
            stop_at_first=True,
        )
    return solver, first


def _filled_layout(
    stage: _Stage,
    seconds: float,
    settings: SolverSettings,
    started: float,
    report: Report,
) -> tuple[cp_model.CpSolver, SolveOutcome]:
    """The stage's filling search from its first layout (hinted): preferences, unfilled
    floor and upper-floor space left to nobody."""
    layout = stage.layout
    scale = max(1, layout.cells(10.0))
    layout.model.minimize(
        scale * sum(w * lit for w, lit, _ in layout.penalties)
        + stage.short_weight * stage.unfilled
        + layout.uncovered_cost()
        + layout.reserve_cost(stage.reserve_used)
    )
    return run(
        layout.model,
        replace(settings, time_limit=seconds),
        stage.rooms,
        report,
        phase=stage.name,
        started=started,
        patience=None if settings.deterministic else PATIENCE_S,
    )


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
    on_first: Callable[[Placement], bool] | None = None,
) -> tuple[Placement | None, bool]:
    """Steps 1–2. Returns a complete placement (or None) and whether Ctrl-C stopped it.

    Two passes: every stage's first layout (no objective) makes a complete plan early, handed
    to ``on_first`` (which checks it against the whole model and may end the search by
    returning True; that plan is then returned); then the ground floor is filled and the upper
    floors laid out again around its stairs and filled."""
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
    levels = site.levels
    stages = [[levels[0]], levels[1:]] if len(levels) > 1 else [levels]
    ground_budget = _floor_budget(0, len(stages), budget, started, settings.deterministic)
    if ground_budget <= 0.5:
        return None, False
    ground = _stage_model(req, engine, site, stairs, floors, stages[0], 0, {}, 0.0, constrain)
    t_first = time.perf_counter()
    solver, first = _first_layout(ground, ground_budget, settings, started)
    if first.interrupted:
        return None, True
    if not first.has_solution:
        phases.append((ground.name, first.wall_time, first.status))
        return None, False
    first_ground = ground.layout.placement(solver)
    first_ground_m2 = _value(solver, ground.area) * cell
    ground.layout.add_hints(first_ground)
    if settings.deterministic:
        ground_fill = max(0.5, ground_budget - solver.deterministic_time)
    else:
        ground_fill = max(0.5, ground_budget - (time.perf_counter() - t_first))

    def upper_plan(
        ground_placement: Placement, ground_m2: float, hint: Placement | None, fill: bool
    ) -> tuple[Placement | None, bool]:
        """The upper floors around the ground floor's stairs: a first layout, then filled."""
        if len(stages) == 1:
            return {}, False
        fixed = {p.id: p.rect for p in ground_placement.values() if p.kind in CORES}
        upper = _stage_model(
            req, engine, site, stairs, floors, stages[1], 1, fixed, ground_m2, constrain
        )
        if settings.deterministic:
            seconds = budget * (1 - GROUND_SHARE_OF_STAGES) / (1 if fill else 2)
        else:
            seconds = _floor_budget(1, 2, budget, started, False) / (1 if fill else 2)
        if seconds <= 0.5:
            return None, False
        if hint is not None:
            upper.layout.add_hints(hint)
        t_upper = time.perf_counter()
        # The block's second wing only helps to cover floor: left out of the first layout,
        # whose search it slowed (first plan at 8.7 s instead of 3.7 s on a generated brief).
        upper.layout.model.add_assumptions(
            [second.present.Not() for _b, _w, second in upper.layout.unused_blocks.values()]
        )
        solver, first = _first_layout(upper, seconds, settings, started)
        upper.layout.model.clear_assumptions()
        if first.interrupted or not first.has_solution:
            phases.append((upper.name, first.wall_time, first.status))
            return None, first.interrupted
        placed = upper.layout.placement(solver)
        if not fill:
            return placed, False
        upper.layout.add_hints(placed)
        used = (
            solver.deterministic_time if settings.deterministic else time.perf_counter() - t_upper
        )
        solver, outcome = _filled_layout(upper, max(0.5, seconds - used), settings, started, report)
        phases.append((upper.name, outcome.wall_time, outcome.status))
        if outcome.interrupted or not outcome.has_solution:
            return None, outcome.interrupted
        return upper.layout.placement(solver), False

    def with_cores_everywhere(placement: Placement) -> Placement:
        return {
            sid: replace(p, levels=tuple(levels)) if p.kind in CORES else p
            for sid, p in placement.items()
        }

    first_upper: Placement | None = None
    if on_first is not None:
        first_upper, interrupted = upper_plan(first_ground, first_ground_m2, None, False)
        if interrupted:
            return None, True
        if first_upper is not None:
            first_plan = with_cores_everywhere({**first_ground, **first_upper})
            if on_first(first_plan):
                return first_plan, False

    solver, outcome = _filled_layout(ground, ground_fill, settings, started, report)
    phases.append((ground.name, outcome.wall_time, outcome.status))
    if outcome.interrupted:
        return None, True
    if not outcome.has_solution:
        return None, False
    filled_ground = ground.layout.placement(solver)
    upper, interrupted = upper_plan(
        filled_ground, _value(solver, ground.area) * cell, first_upper, True
    )
    if interrupted:
        return None, True
    if upper is None:
        return None, False
    return with_cores_everywhere({**filled_ground, **upper}), False


def _value(solver: cp_model.CpSolver, expr: cp_model.LinearExprT) -> int:
    """An expression's value in the solver's solution (a constant is its own value)."""
    return expr if isinstance(expr, int) else solver.value(expr)
