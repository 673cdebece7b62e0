"""Layout quality per floor, measured on a finished plan: what a designer looks at first.

The rules say pass or fail; this says how well. It reads the plan alone (like the checker),
so ``onezone check`` prints it for any plan.json, and reports and benchmarks reuse it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from constraints.plan_view import CIRCULATION, LIFT, STAIR, STORAGE, UNUSED, PlanView
from constraints.rules import build_rules
from constraints.rules.design import egress_distances, facade_length, toilet_distances
from constraints.rules.programme import rect_sides


@dataclass(frozen=True)
class FloorQuality:
    level: int
    centre_m2: float
    unassigned_m2: float
    unassigned_share: float
    fragments: int  # unused pieces below the fragment size
    unused_pieces: int
    doors: int
    windows: int
    longest_egress_m: float
    longest_toilet_walk_m: float
    least_daylight_m: float | None  # among rooms that need daylight on this floor
    worst_aspect: float


@dataclass(frozen=True)
class PlanQuality:
    floors: tuple[FloorQuality, ...]
    preferences_met: int
    preferences_total: int
    weight_met: int
    weight_total: int

    @property
    def preference_score(self) -> float:
        """Share of the preferences' weight met (1.0 when there are none)."""
        return self.weight_met / self.weight_total if self.weight_total else 1.0


def measure(plan: PlanView) -> PlanQuality:
    req = plan.requirements
    rooms = [r.id for r in req.rooms if r.function != "toilet"]
    daylight = {r.id for r in req.rooms if r.daylight}
    floors = []
    for floor in plan.floors:
        unused = [s for s in floor.spaces if s.function == UNUSED]
        centre = sum(s.polygon.area for s in floor.spaces if s.function != UNUSED)
        unassigned = sum(s.polygon.area for s in unused)
        egress = [d for d, _n in egress_distances(floor, rooms).values() if math.isfinite(d)]
        toilets = toilet_distances(floor, rooms) or {}
        lights = [facade_length(s, floor) for s in floor.spaces if s.id in daylight]
        aspects = []
        for space in floor.spaces:
            if space.function in (CIRCULATION, STAIR, LIFT, STORAGE, UNUSED):
                continue
            short, long_ = rect_sides(space.polygon)
            if short > 0:
                aspects.append(long_ / short)
        floors.append(
            FloorQuality(
                level=floor.level,
                centre_m2=centre,
                unassigned_m2=unassigned,
                unassigned_share=unassigned / max(floor.footprint.area, 1e-9),
                fragments=sum(s.polygon.area < req.design.fragment_min_m2 for s in unused),
                unused_pieces=len(unused),
                doors=len(floor.doors),
                windows=len(floor.windows),
                longest_egress_m=max(egress, default=0.0),
                longest_toilet_walk_m=max(
                    (d for d in toilets.values() if math.isfinite(d)), default=0.0
                ),
                least_daylight_m=min(lights) if lights else None,
                worst_aspect=max(aspects, default=0.0),
            )
        )
    prefs = [r for r in build_rules(req).model_rules if not r.hard and r.weight > 0]
    results = [p.check(plan) for p in prefs]
    return PlanQuality(
        floors=tuple(floors),
        preferences_met=sum(r.passed for r in results),
        preferences_total=len(results),
        weight_met=sum(p.weight for p, r in zip(prefs, results, strict=True) if r.passed),
        weight_total=sum(p.weight for p in prefs),
    )
