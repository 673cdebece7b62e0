"""The engine's path for a packing brief, up to the solved rectangles.

Why not ``layout.generate``: after solving, its extraction step fits a service centre's
rooms to the real walls and hands leftover floor to neighbouring rooms (up to 3 m deep, to
80 % rectangularity). For a facility layout that changes the departments' shapes and
centroids, so the benchmark takes the rectangles as the model placed them: the same brief,
programme, site, model and staged search (``layout.strategy.lay_out``) as ``generate``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from shapely.geometry import mapping

from layout.brief import load_brief
from layout.precheck import precheck
from layout.programme import build_programme
from layout.site import prepare_site
from layout.strategy import lay_out


@dataclass
class PackingResult:
    status: str
    plan: dict[str, Any] | None  # plan.json's shape: floors → rooms → polygon (brief metres)
    objective: float | None
    bound: float | None
    timings: dict[str, float | None] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)


def solve_packing(path: Path, *, time_limit: float, seed: int, workers: int) -> PackingResult:
    started = time.perf_counter()
    brief = load_brief(path)
    settings = replace(brief.solver, time_limit=time_limit, seed=seed, workers=workers)
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    reasons = precheck(req, engine, site)
    if reasons:
        return PackingResult("INFEASIBLE", None, None, None, reasons=reasons)
    built = time.perf_counter() - started
    outcome = lay_out(req, engine, site, settings)
    timings = {
        "build": built,
        "solve": outcome.wall_time,
        "first_solution": outcome.first_solution_time,
        "last_solution": outcome.last_solution_time,
    }
    if outcome.placement is None:
        return PackingResult(outcome.status, None, None, None, timings, list(outcome.conflicts))
    floors = []
    for level in site.levels:
        rooms = [
            {"id": p.id, "polygon": mapping(site.frame.cell_rect(*p.rect))["coordinates"][0]}
            for p in outcome.placement.values()
            if level in p.levels
        ]
        floors.append({"level": level, "rooms": rooms})
    return PackingResult(
        outcome.status, {"floors": floors}, outcome.objective, outcome.bound, timings
    )
