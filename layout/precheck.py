"""Cheap exact checks before solving: areas and shares that cannot fit, with the numbers.

Each reason is one sentence a designer can act on. An empty list means nothing obvious is wrong;
the solver still has the last word.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from constraints.requirements import Requirements
from layout.programme import EngineSettings
from layout.site import Site


@dataclass(frozen=True)
class Finding:
    """One precheck failure: the rule it breaks, the sentence, and the figures a fix needs.

        ``need_m2`` is what the rule asks of the area in question (the whole centre, the ground
        floor, one floor or one room), ``have_m2`` what the footprint or room offers; ``room`` and
        ``level`` name the room or floor when the finding is about one. ``what`` tells a fix-finder
    which figure fell short."""

    rule: str
    #: Which shortfall: "centre", "programme", "reach", "ground", "floor", "shape", "narrow",
    #: "stairs".
    what: str
    text: str
    need_m2: float = 0.0
    have_m2: float = 0.0
    room: str | None = None
    level: int | None = None


def precheck(req: Requirements, settings: EngineSettings, site: Site) -> list[str]:
    """The findings' sentences (empty when nothing obvious is wrong)."""
    return [f.text for f in findings(req, settings, site)]


def findings(req: Requirements, settings: EngineSettings, site: Site) -> list[Finding]:
    reasons: list[Finding] = []
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
            Finding(
                "total-area",
                "centre",
                f"the {req.standard} standard needs a centre of at least "
                f"{req.total_min_m2:.0f} m², "
                f"but the footprint offers {capacity:.0f} m² usable on {len(levels)} floor(s): "
                f"short by {req.total_min_m2 - capacity:.0f} m²",
                req.total_min_m2,
                capacity,
            )
        )
    if rooms_min + fixed > capacity:
        reasons.append(
            Finding(
                "room-sizes",
                "programme",
                f"the programme's minimum areas need {rooms_min + fixed:.0f} m² "
                f"(rooms {rooms_min:.0f}, lobby, stairs and corridors {fixed:.0f}), "
                f"but the footprint offers {capacity:.0f} m²: "
                f"short by {rooms_min + fixed - capacity:.0f} m²",
                rooms_min + fixed,
                capacity,
            )
        )
    if stairs and not _stair_fits(site, settings):
        reasons.append(
            Finding(
                "stairs-stacked",
                "stairs",
                f"a stair ({settings.stair_width:g} m × {settings.stair_length:g} m) must stand at "
                f"the same place on all {len(levels)} floors, but no such spot lies inside every "
                "floor's outline: the floors' outlines do not overlap enough",
                settings.stair_width * settings.stair_length,
                0.0,
            )
        )
    grid = site.grids[1]
    span = max(grid.width, grid.height) * site.frame.module
    corridors_max = settings.corridors_per_floor * settings.corridor_width * span * len(levels)
    rooms_max = sum(r.max_area for r in req.rooms)
    reach = rooms_max + 3 * settings.lobby_min_area + stair_m2 * len(levels) + corridors_max
    if reach < req.total_min_m2 <= capacity:
        reasons.append(
            Finding(
                "total-area",
                "reach",
                f"the rooms may grow to at most {rooms_max:.0f} m² in all (each to its maximum "
                f"area), and with lobby, stairs and corridors the centre reaches at most "
                f"{reach:.0f} m², but the {req.standard} standard needs {req.total_min_m2:.0f} m²: "
                f"short by {req.total_min_m2 - reach:.0f} m² (raise programme.scale or rooms' "
                "max_area)",
                req.total_min_m2,
                reach,
            )
        )
    ground_need = req.ground_share_min * need
    if ground_need > usable[1]:
        reasons.append(
            Finding(
                "ground-floor-share",
                "ground",
                f"the ground floor must hold at least {req.ground_share_min:.0%} of the centre "
                f"(≥ {ground_need:.0f} m² of {need:.0f} m²), but it offers {usable[1]:.0f} m²: "
                f"short by {ground_need - usable[1]:.0f} m²",
                ground_need,
                usable[1],
                level=1,
            )
        )
    for level in levels:
        pinned = [r for r in req.rooms if r.floors is not None and set(r.floors) == {level}]
        pinned_m2 = sum(r.min_area for r in pinned) + stair_m2
        if level == 1:
            pinned_m2 += settings.lobby_min_area
        if pinned_m2 > usable[level]:
            names = ", ".join(r.id for r in pinned)
            reasons.append(
                Finding(
                    "room-floors",
                    "floor",
                    f"floor {level} must hold {names} and the stairs ({pinned_m2:.0f} m²) "
                    f"but offers {usable[level]:.0f} m²: "
                    f"short by {pinned_m2 - usable[level]:.0f} m²",
                    pinned_m2,
                    usable[level],
                    room=max(pinned, key=lambda r: r.min_area).id if pinned else None,
                    level=level,
                )
            )
    g = site.frame.module
    for spec in req.rooms:
        side = math.ceil(spec.min_side / g - 1e-9) * g
        smallest = side * side
        if smallest > spec.max_area + 1e-9:
            reasons.append(
                Finding(
                    "room-sizes",
                    "shape",
                    f"{spec.id} ({spec.name}) cannot be shaped: "
                    f"its minimum side {spec.min_side:g} m "
                    f"needs at least {smallest:.1f} m² on the {g:g} m grid, more than its maximum "
                    f"area {spec.max_area:.1f} m²; raise its max_area or the programme scale",
                    smallest,
                    spec.max_area,
                    room=spec.id,
                )
            )
    narrowest = max(_narrow_extent(site, lv) for lv in levels)
    for spec in req.rooms:
        side = max(spec.min_side, math.sqrt(spec.min_area / spec.max_aspect))
        if side > narrowest + 1e-9:
            reasons.append(
                Finding(
                    "room-sizes",
                    "narrow",
                    f"{spec.id} needs a side of at least {side:.1f} m "
                    f"but the footprint is only {narrowest:.1f} m across its narrow direction",
                    side,
                    narrowest,
                    room=spec.id,
                )
            )
    return reasons


def _stair_fits(site: Site, settings: EngineSettings) -> bool:
    """Whether one stair's rectangle (either way round) fits in the cells usable on every
    floor: stairs are stacked, so they need the same spot on each."""
    common = np.logical_and.reduce([site.grids[lv].usable for lv in site.levels])
    g = site.frame.module
    a = math.ceil(settings.stair_width / g - 1e-9)
    b = math.ceil(settings.stair_length / g - 1e-9)
    for h, w in ((a, b), (b, a)):
        if h > common.shape[0] or w > common.shape[1]:
            continue
        windows = np.lib.stride_tricks.sliding_window_view(common, (h, w))
        if windows.all(axis=(2, 3)).any():
            return True
    return False


def _narrow_extent(site: Site, level: int) -> float:
    """The floor's extent across its narrow direction, in the grid's frame (metres)."""
    x0, y0, x1, y1 = site.frame.to_frame(site.footprints[level]).bounds
    return min(x1 - x0, y1 - y0)
