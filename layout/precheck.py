"""Cheap exact checks before solving: areas and shares that cannot fit, with the numbers.

Each reason is one sentence a designer can act on. An empty list means nothing obvious is wrong;
the solver still has the last word.
"""

from __future__ import annotations

import math

from constraints.requirements import Requirements
from layout.programme import EngineSettings
from layout.site import Site


def precheck(req: Requirements, settings: EngineSettings, site: Site) -> list[str]:
    reasons: list[str] = []
    levels = site.levels
    usable = {lv: site.usable_m2(lv) for lv in levels}
    capacity = sum(usable.values())
    stairs = settings.stairs if len(levels) > 1 else 0
    stair_m2 = stairs * settings.stair_width * settings.stair_length
    fixed = settings.lobby_min_area + stair_m2 * len(levels)
    fixed += settings.corridor_width**2 * (len(levels) - 1)  # one corridor on each upper floor
    rooms_min = sum(r.min_area for r in req.rooms)
    need = max(req.total_min_m2, rooms_min + fixed)

    if req.total_min_m2 > capacity:
        reasons.append(
            f"the {req.standard} standard needs a centre of at least {req.total_min_m2:.0f} m², "
            f"but the footprint offers {capacity:.0f} m² usable on {len(levels)} floor(s): "
            f"short by {req.total_min_m2 - capacity:.0f} m²"
        )
    if rooms_min + fixed > capacity:
        reasons.append(
            f"the programme's minimum areas need {rooms_min + fixed:.0f} m² "
            f"(rooms {rooms_min:.0f}, lobby, stairs and corridors {fixed:.0f}), "
            f"but the footprint offers {capacity:.0f} m²: "
            f"short by {rooms_min + fixed - capacity:.0f} m²"
        )
    grid = site.grids[1]
    span = max(grid.width, grid.height) * site.frame.module
    corridors_max = settings.corridors_per_floor * settings.corridor_width * span * len(levels)
    rooms_max = sum(r.max_area for r in req.rooms)
    reach = rooms_max + 3 * settings.lobby_min_area + stair_m2 * len(levels) + corridors_max
    if reach < req.total_min_m2 <= capacity:
        reasons.append(
            f"the rooms may grow to at most {rooms_max:.0f} m² in all (each to its maximum "
            f"area), and with lobby, stairs and corridors the centre reaches at most "
            f"{reach:.0f} m², but the {req.standard} standard needs {req.total_min_m2:.0f} m²: "
            f"short by {req.total_min_m2 - reach:.0f} m² (raise programme.scale or rooms' "
            "max_area)"
        )
    ground_need = req.ground_share_min * need
    if ground_need > usable[1]:
        reasons.append(
            f"the ground floor must hold at least {req.ground_share_min:.0%} of the centre "
            f"(≥ {ground_need:.0f} m² of {need:.0f} m²), but it offers {usable[1]:.0f} m²: "
            f"short by {ground_need - usable[1]:.0f} m²"
        )
    for level in levels:
        pinned = [r for r in req.rooms if r.floors is not None and set(r.floors) == {level}]
        pinned_m2 = sum(r.min_area for r in pinned) + stair_m2
        if level == 1:
            pinned_m2 += settings.lobby_min_area
        if pinned_m2 > usable[level]:
            names = ", ".join(r.id for r in pinned)
            reasons.append(
                f"floor {level} must hold {names} and the stairs ({pinned_m2:.0f} m²) "
                f"but offers {usable[level]:.0f} m²: short by {pinned_m2 - usable[level]:.0f} m²"
            )
    g = site.frame.module
    for spec in req.rooms:
        side = math.ceil(spec.min_side / g - 1e-9) * g
        smallest = side * side
        if smallest > spec.max_area + 1e-9:
            reasons.append(
                f"{spec.id} ({spec.name}) cannot be shaped: its minimum side {spec.min_side:g} m "
                f"needs at least {smallest:.1f} m² on the {g:g} m grid, more than its maximum "
                f"area {spec.max_area:.1f} m²; raise its max_area or the programme scale"
            )
    narrowest = min(grid.width, grid.height) * site.frame.module
    for spec in req.rooms:
        side = max(spec.min_side, math.sqrt(spec.min_area / spec.max_aspect))
        if side > narrowest + 1e-9:
            reasons.append(
                f"{spec.id} needs a side of at least {side:.1f} m "
                f"but the footprint is only {narrowest:.1f} m across its narrow direction"
            )
    return reasons
