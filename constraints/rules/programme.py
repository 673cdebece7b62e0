"""Hard rules of the standard and the programme: total area, ground-floor share, the six
functions, room sizes and allowed floors."""

from __future__ import annotations

import math

from shapely.geometry import Polygon

from constraints.context import LayoutContext
from constraints.plan_view import AREA_EPS, SIDE_TOLERANCE, PlanView
from constraints.requirements import Requirements
from constraints.rules.base import ModelRule, RuleResult
from constraints.standard import FUNCTION_NAMES_ZH

#: Margin on a room's aspect limit in the model, so that extending the room to a real wall
#: afterwards cannot push it past the limit: a wall the coarse search (double module) counted
#: as a room's facade can stand up to one coarse module beyond its rectangle. In the model's
#: own modules, at least one. Plain packing draws rooms exactly as placed (footprint walls on
#: the grid) and has no margin.
ASPECT_MARGIN_M = 0.6


class TotalArea(ModelRule):
    """The centre's area (rooms, circulation, stairs, toilets) reaches the standard's minimum."""

    whole_plan = True

    id = "total-area"
    title = "Total centre area"

    def __init__(self, req: Requirements) -> None:
        self.min_m2 = req.total_min_m2
        self.source = req.sources.get(self.id, "")

    def post(self, ctx: LayoutContext) -> None:
        ctx.model.add(ctx.total_area() >= ctx.cells(self.min_m2))

    def check(self, plan: PlanView) -> RuleResult:
        total = sum(s.polygon.area for s in plan.centre_spaces())
        return self.result(
            total >= self.min_m2 - AREA_EPS, f"≥ {self.min_m2:.2f} m²", f"{total:.2f} m²"
        )


class GroundFloorShare(ModelRule):
    """The centre's ground-floor area is at least the given share of its total area."""

    whole_plan = True

    id = "ground-floor-share"
    title = "Ground-floor share of the centre's area"

    def __init__(self, req: Requirements) -> None:
        self.min_share = req.ground_share_min
        self.source = req.sources.get(self.id, "")

    def post(self, ctx: LayoutContext) -> None:
        percent = round(self.min_share * 1000)
        # Counted as if the upper floors had already reached their off-grid walls: the plan
        # as drawn keeps the share.
        ctx.model.add(
            1000 * ctx.ground_area() >= percent * (ctx.total_area() + ctx.upper_growth_cells())
        )

    def check(self, plan: PlanView) -> RuleResult:
        total = sum(s.polygon.area for s in plan.centre_spaces())
        ground = sum(s.polygon.area for s in plan.centre_spaces() if s.level == 1)
        share = ground / total if total > 0 else 0.0
        return self.result(
            total > 0 and share >= self.min_share - 1e-9,
            f"≥ {self.min_share:.0%}",
            f"{share:.1%} ({ground:.2f} of {total:.2f} m²)",
        )


class FunctionsPresent(ModelRule):
    """Every function of 一区五中心 has at least one room."""

    whole_plan = True

    id = "functions-present"
    title = "All six functions present"

    def __init__(self, req: Requirements) -> None:
        self.functions = req.functions
        self.source = req.sources.get(self.id, "")

    def post(self, ctx: LayoutContext) -> None:
        for function in self.functions:
            if not ctx.spaces_of(function):
                ctx.add_conflict(
                    self.id,
                    f"the programme has no room of function {function} "
                    f"({FUNCTION_NAMES_ZH[function]}); the standard requires one",
                )

    def check(self, plan: PlanView) -> RuleResult:
        present = {s.function for s in plan.centre_spaces()}
        missing = [f for f in self.functions if f not in present]
        return self.result(
            not missing,
            ", ".join(self.functions),
            "all present" if not missing else "missing: " + ", ".join(missing),
        )


class RoomSizes(ModelRule):
    """Each programme room: minimum area, minimum side, maximum aspect ratio.

    The model also caps each room at its maximum area; the check does not, because rooms may
    grow past the grid to reach a real wall after solving."""

    id = "room-sizes"
    title = "Room areas, minimum sides and aspect ratios"

    def __init__(self, req: Requirements) -> None:
        self.rooms = req.rooms
        self.packing = req.packing
        self.source = "standard programme (per room, see requirements.rooms[].source)"

    def post(self, ctx: LayoutContext) -> None:
        for spec in self.rooms:
            w, h = ctx.size(spec.id)
            area = ctx.area(spec.id)
            ctx.model.add(area >= ctx.cells(spec.min_area))
            ctx.model.add(area <= max(ctx.cells(spec.min_area), ctx.cells(spec.max_area, up=False)))
            side = ctx.units(spec.min_side)
            ctx.model.add(w >= side)
            ctx.model.add(h >= side)
            # Aspect in tenths, with a margin (ASPECT_MARGIN_M).
            ratio = round(spec.max_aspect * 10)
            margin = 0 if self.packing else max(1, ctx.units(ASPECT_MARGIN_M))
            ctx.model.add(10 * (w + margin) <= ratio * h)
            ctx.model.add(10 * (h + margin) <= ratio * w)

    def check(self, plan: PlanView) -> RuleResult:
        problems: list[str] = []
        for spec in self.rooms:
            found = plan.find(spec.id)
            if len(found) != 1:
                problems.append(f"{spec.id}: found {len(found)} times, expected once")
                continue
            poly = found[0].polygon
            area = poly.area
            short, long_ = rect_sides(poly)
            if area < spec.min_area - AREA_EPS:
                problems.append(f"{spec.id}: area {area:.2f} < {spec.min_area:.2f} m²")
            if short < spec.min_side - SIDE_TOLERANCE:
                problems.append(f"{spec.id}: side {short:.2f} < {spec.min_side:.2f} m")
            if short > 0 and long_ / short > spec.max_aspect + 1e-6:
                problems.append(f"{spec.id}: aspect {long_ / short:.2f} > {spec.max_aspect:.2f}")
        return self.result(
            not problems,
            f"{len(self.rooms)} rooms at their minimum sizes",
            "all met" if not problems else f"{len(problems)} violations",
            details=tuple(problems),
        )


class RoomFloors(ModelRule):
    """Rooms restricted to given floors (e.g. the service hall on the ground floor)."""

    id = "room-floors"
    title = "Rooms on their allowed floors"

    def __init__(self, req: Requirements) -> None:
        self.rooms = [r for r in req.rooms if r.floors is not None]
        self.source = "standard programme (rooms[].floors)"

    def post(self, ctx: LayoutContext) -> None:
        for spec in self.rooms:
            allowed = set(spec.floors or ())
            usable = [lv for lv in ctx.levels if lv in allowed]
            if not usable:
                ctx.add_conflict(
                    self.id,
                    f"{spec.id} may only stand on floors {sorted(allowed)}, "
                    f"but the building has floors {list(ctx.levels)}",
                )
                continue
            for level in ctx.levels:
                if level not in allowed:
                    ctx.model.add(ctx.on_floor(spec.id, level) == 0)

    def check(self, plan: PlanView) -> RuleResult:
        problems = []
        for spec in self.rooms:
            for space in plan.find(spec.id):
                if space.level not in (spec.floors or ()):
                    problems.append(f"{spec.id} on floor {space.level}, allowed {spec.floors}")
        return self.result(
            not problems,
            f"{len(self.rooms)} rooms on their floors",
            "all met" if not problems else "; ".join(problems),
            details=tuple(problems),
        )


def rect_sides(poly: Polygon) -> tuple[float, float]:
    """Short and long side of the polygon's minimum rotated rectangle (0, 0 when empty)."""
    if poly.is_empty or poly.area <= 0:
        return 0.0, 0.0
    rect = poly.minimum_rotated_rectangle
    xs = list(rect.exterior.coords)
    a = math.dist(xs[0], xs[1])
    b = math.dist(xs[1], xs[2])
    return min(a, b), max(a, b)
