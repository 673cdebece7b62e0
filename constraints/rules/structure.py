"""Structural checks of a plan's geometry: containment, overlap, doors onto circulation,
connected circulation, stacked stairs, the lift and the entrance lobby.

The engine enforces these by the way it builds its model; here they are measured again from the
plan's polygons alone, so a modelling mistake shows up as a failed check, not a bad drawing.
"""

from __future__ import annotations

from itertools import combinations

from shapely.geometry import Point
from shapely.ops import unary_union
from shapely.strtree import STRtree

from constraints.plan_view import (
    AREA_EPS,
    CIRCULATION,
    LENGTH_EPS,
    LIFT,
    STAIR,
    STORAGE,
    UNUSED,
    FloorView,
    PlanView,
    SpaceView,
    shared_wall_length,
)
from constraints.requirements import Requirements
from constraints.rules.base import PlanCheck, RuleResult
from constraints.rules.programme import rect_sides

ENTRANCE_TOLERANCE_M = 0.5
#: Overlays measuring spill and overlap snap to the plan's micrometre grid. Measured on raw
#: floats, rooms of rotated plans have shown a whole room's area as "overlap" or "outside"
#: where the same outlines rounded to micrometres showed none (GEOS overlay robustness).
OVERLAY_GRID_M = 1e-6


class ValidOutlines(PlanCheck):
    id = "valid-outlines"
    title = "Every outline a valid polygon with its area as reported"
    source = "geometry"

    def check(self, plan: PlanView) -> RuleResult:
        bad = []
        for space in plan.spaces():
            if not space.valid:
                bad.append(f"{space.id} (floor {space.level}): self-intersecting or empty outline")
            elif abs(space.polygon.area - space.area) > 0.01:
                bad.append(
                    f"{space.id}: reports {space.area:.2f} m², measures {space.polygon.area:.2f} m²"
                )
        return self.result(not bad, "valid, area ±0.01 m²", _count(bad), details=tuple(bad))


class InsideFootprint(PlanCheck):
    id = "inside-footprint"
    title = "Every space inside its floor's footprint, outside holes"
    source = "geometry"

    def check(self, plan: PlanView) -> RuleResult:
        outside = []
        for floor in plan.floors:
            for space in floor.spaces:
                spill = space.polygon.difference(floor.footprint, grid_size=OVERLAY_GRID_M).area
                if spill > AREA_EPS:
                    outside.append(f"{space.id} (floor {floor.level}): {spill:.3f} m² outside")
        return self.result(not outside, "0 m² outside", _count(outside), details=tuple(outside))


class NoOverlap(PlanCheck):
    id = "no-overlap"
    title = "No two spaces overlap"
    source = "geometry"

    def check(self, plan: PlanView) -> RuleResult:
        clashes = []
        for floor in plan.floors:
            polys = [s.polygon for s in floor.spaces]
            tree = STRtree(polys)
            for i, j in zip(*tree.query(polys, predicate="intersects"), strict=True):
                if i < j:
                    shared = polys[i].intersection(polys[j], grid_size=OVERLAY_GRID_M).area
                    if shared > AREA_EPS:
                        a, b = floor.spaces[i].id, floor.spaces[j].id
                        clashes.append(f"{a} / {b} (floor {floor.level}): {shared:.3f} m²")
        return self.result(not clashes, "0 m² overlap", _count(clashes), details=tuple(clashes))


class DoorsOntoCirculation(PlanCheck):
    """Every room and stair shares a wall at least a door wide with circulation."""

    id = "doors-onto-circulation"
    title = "Every room reachable from circulation through a door-wide wall"
    source = "brief/standard door width"

    def __init__(self, req: Requirements) -> None:
        self.door = req.door_width_m

    def check(self, plan: PlanView) -> RuleResult:
        closed = []
        for floor in plan.floors:
            circ = [s for s in floor.spaces if s.function == CIRCULATION]
            for space in floor.spaces:
                if space.function in (CIRCULATION, UNUSED, STORAGE):  # store rooms: StoreRooms
                    continue
                best = max((shared_wall_length(space.polygon, c.polygon) for c in circ), default=0)
                if best < self.door - LENGTH_EPS:
                    closed.append(
                        f"{space.id} (floor {floor.level}): {best:.2f} m onto circulation"
                    )
        return self.result(
            not closed,
            f"≥ {self.door:.2f} m of wall onto circulation",
            _count(closed, "rooms without a door"),
            details=tuple(closed),
        )


class CirculationConnected(PlanCheck):
    """On every floor, circulation and stairs form one connected network."""

    id = "circulation-connected"
    title = "Circulation connected on every floor"
    source = "geometry"

    def __init__(self, req: Requirements) -> None:
        self.door = req.door_width_m

    def check(self, plan: PlanView) -> RuleResult:
        broken = []
        for floor in plan.floors:
            parts = [s for s in floor.spaces if s.function in (CIRCULATION, STAIR)]
            groups = _components(parts, self.door)
            if len(groups) > 1:
                names = " | ".join(",".join(s.id for s in g) for g in groups)
                broken.append(f"floor {floor.level}: {len(groups)} parts: {names}")
            if floor.level > 1 and not any(s.function == CIRCULATION for s in parts):
                broken.append(f"floor {floor.level}: no circulation")
        return self.result(
            not broken, "one network per floor", _count(broken), details=tuple(broken)
        )


class StairsStacked(PlanCheck):
    """Every upper floor is reached by stairs that stand at the same place on every floor."""

    id = "stairs-stacked"
    title = "Stairs stacked and serving every floor"
    source = "engine rule; GB 50016 5.5.8 for the count"

    def __init__(self, req: Requirements) -> None:
        self.stairs = req.stairs
        self.apart = req.design.doors_apart_m

    def check(self, plan: PlanView) -> RuleResult:
        problems = []
        levels = [f.level for f in plan.floors]
        stairs: dict[str, list[SpaceView]] = {}
        for space in plan.spaces():
            if space.function == STAIR:
                stairs.setdefault(space.id, []).append(space)
        if len(levels) > 1 and len(stairs) < max(1, self.stairs):
            problems.append(f"{len(stairs)} stairs, required {max(1, self.stairs)}")
        for stair_id, flights in stairs.items():
            served = sorted(s.level for s in flights)
            if served != levels:
                problems.append(f"{stair_id} serves floors {served}, building has {levels}")
            ref = flights[0].polygon
            for other in flights[1:]:
                if ref.symmetric_difference(other.polygon).area > AREA_EPS:
                    problems.append(f"{stair_id} moves between floors")
        # GB 50016 5.5.2: two exits of a floor at least 5 m apart (nearest edges); the
        # enclosures' distance is at most their doors'.
        for (a, first), (b, second) in combinations(sorted(stairs.items()), 2):
            gap = first[0].polygon.distance(second[0].polygon)
            if gap < self.apart - LENGTH_EPS:
                problems.append(f"{a} and {b} {gap:.1f} m apart (< {self.apart:g} m)")
        return self.result(
            not problems,
            f"{max(1, self.stairs) if len(levels) > 1 else 0}+ stairs on all floors, "
            f"≥ {self.apart:g} m apart",
            f"{len(stairs)} stairs" + ("" if not problems else "; " + "; ".join(problems)),
            details=tuple(problems),
        )


class LiftServesEveryFloor(PlanCheck):
    """An accessible lift, where the brief asks for one: one shaft at the same place on every
    floor, at least its side square, its door on each floor opening onto a landing of
    circulation the landing depth deep (GB 50763-2012 3.7.1-3.7.2)."""

    id = "lift"
    title = "Accessible lift serving every floor"
    source = "GB 50763-2012 3.7.1 (landing ≥ 1.5 m deep), 3.7.2 (car ≥ 1.1 × 1.4 m)"

    def __init__(self, req: Requirements) -> None:
        self.door = req.door_width_m
        self.side = req.design.lift_shaft_m
        self.landing = req.design.lift_landing_m

    def check(self, plan: PlanView) -> RuleResult:
        problems = []
        shafts = {f.level: [s for s in f.spaces if s.function == LIFT] for f in plan.floors}
        for level, found in shafts.items():
            if len(found) != 1:
                problems.append(f"floor {level}: {len(found)} lift shafts")
        if not problems:
            first = shafts[plan.floors[0].level][0].polygon
            short, _long = rect_sides(first)
            if short < self.side - LENGTH_EPS:
                problems.append(f"shaft {short:.2f} m wide, needs {self.side:g} m")
            for floor in plan.floors:
                shaft = shafts[floor.level][0]
                if shaft.polygon.symmetric_difference(first).area > AREA_EPS:
                    problems.append(f"floor {floor.level}: the shaft moves")
                if not self._landing(shaft, floor):
                    problems.append(
                        f"floor {floor.level}: no landing {self.door:g} m wide and "
                        f"{self.landing:g} m deep in front of the lift"
                    )
        return self.result(
            not problems,
            f"one {self.side:g} m shaft on every floor, landing ≥ {self.landing:g} m deep",
            _count(problems),
            details=tuple(problems),
        )

    def _landing(self, shaft: SpaceView, floor: FloorView) -> bool:
        """A door of the lift, at least a door wide, with circulation the landing depth deep
        in front of it."""
        circulation = unary_union([s.polygon for s in floor.spaces if s.function == CIRCULATION])
        for door in floor.doors:
            if shaft.id not in (door.space, door.to) or door.width < self.door - LENGTH_EPS:
                continue
            front = door.line.buffer(self.landing, cap_style="flat").difference(shaft.polygon)
            if front.difference(circulation).area <= AREA_EPS + LENGTH_EPS * front.length:
                return True
        return False


class EntranceAtLobby(PlanCheck):
    """The main entrance opens into the ground-floor lobby on the footprint boundary."""

    id = "entrance-lobby"
    title = "Entrance lobby at the entrance point"
    source = "brief entrance"

    def __init__(self, req: Requirements) -> None:
        self.entrance = Point(req.entrance)

    def check(self, plan: PlanView) -> RuleResult:
        ground: FloorView = plan.floor(1)
        lobbies = [s for s in ground.spaces if s.function == CIRCULATION]
        gap = min((s.polygon.distance(self.entrance) for s in lobbies), default=float("inf"))
        return self.result(
            gap <= ENTRANCE_TOLERANCE_M,
            f"circulation within {ENTRANCE_TOLERANCE_M} m of the entrance",
            f"{gap:.2f} m",
        )


def _count(items: list[str], what: str = "problems") -> str:
    return "none" if not items else f"{len(items)} {what}"


def _components(parts: list[SpaceView], door: float) -> list[list[SpaceView]]:
    """Connected groups of spaces, linked where they share at least a door width of wall."""
    parent = list(range(len(parts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in combinations(range(len(parts)), 2):
        if parts[i].function == STAIR and parts[j].function == STAIR:
            continue  # stair to stair is a wall, not a passage
        if shared_wall_length(parts[i].polygon, parts[j].polygon) >= door - LENGTH_EPS:
            parent[root(i)] = root(j)
    groups: dict[int, list[SpaceView]] = {}
    for i, part in enumerate(parts):
        groups.setdefault(root(i), []).append(part)
    return list(groups.values())
