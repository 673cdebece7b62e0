"""The independent check of a facility layout: it reads only the finished plan's geometry
(plan.json's polygons), never the model, and measures everything in instance units.

A department passes when it is one axis-parallel rectangle of at least its area less the
tolerance, within its shape limit, inside the facility; no two departments overlap. The
objective is recomputed from the rectangles' centroids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from shapely import affinity
from shapely.geometry import Polygon, box

from benchmarks.flp.brief import AREA_TOLERANCE, room_id
from benchmarks.flp.instance import Instance

EPS = 1e-6  # instance units: coordinates in plan.json are rounded


@dataclass
class Verdict:
    valid: bool
    objective: float | None
    problems: list[str] = field(default_factory=list)
    rectangles: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)


def rooms_from_plan(plan: dict[str, Any], scale: float) -> dict[str, list[Polygon]]:
    """Every space of the plan by id, in instance units (plan coordinates are metres)."""
    found: dict[str, list[Polygon]] = {}
    for floor in plan["floors"]:
        for space in floor["rooms"]:
            poly = Polygon(space["polygon"], space.get("holes", []))
            unit = affinity.scale(poly, 1 / scale, 1 / scale, origin=(0, 0))
            found.setdefault(space["id"], []).append(unit)
    return found


def verify(instance: Instance, plan: dict[str, Any], scale: float) -> Verdict:
    spaces = rooms_from_plan(plan, scale)
    return verify_rooms(instance, spaces)


def verify_rooms(instance: Instance, spaces: dict[str, list[Polygon]]) -> Verdict:
    """The check itself, on polygons in instance units keyed by room id (``d<k>``)."""
    problems: list[str] = []
    rects: dict[int, tuple[float, float, float, float]] = {}
    facility = box(0, 0, instance.width, instance.height)
    for d in instance.departments:
        found = spaces.get(room_id(d.id), [])
        if len(found) != 1:
            problems.append(f"D{d.id}: found {len(found)} times")
            continue
        poly = found[0]
        x0, y0, x1, y1 = poly.bounds
        w, h = x1 - x0, y1 - y0
        if not poly.is_valid or abs(poly.area - w * h) > EPS * max(1.0, w * h):
            problems.append(f"D{d.id}: not an axis-parallel rectangle")
            continue
        rects[d.id] = (x0, y0, w, h)
        if w * h < d.area * (1 - AREA_TOLERANCE) - EPS:
            problems.append(f"D{d.id}: area {w * h:.4f} < {d.area:g} − {AREA_TOLERANCE:.1%}")
        if d.max_aspect is not None and max(w / h, h / w) > d.max_aspect + EPS:
            problems.append(f"D{d.id}: aspect {max(w / h, h / w):.3f} > {d.max_aspect:g}")
        if d.min_side is not None and min(w, h) < d.min_side - EPS:
            problems.append(f"D{d.id}: side {min(w, h):.3f} < {d.min_side:g}")
        if poly.difference(facility).area > EPS:
            problems.append(f"D{d.id}: outside the facility")
    for (a, ra), (b, rb) in combinations(rects.items(), 2):
        overlap = box(ra[0], ra[1], ra[0] + ra[2], ra[1] + ra[3]).intersection(
            box(rb[0], rb[1], rb[0] + rb[2], rb[1] + rb[3])
        )
        if overlap.area > EPS:
            problems.append(f"D{a} and D{b} overlap by {overlap.area:.4f}")
    objective = flow_cost(instance, rects) if len(rects) == len(instance.departments) else None
    return Verdict(not problems, objective, problems, rects)


def flow_cost(instance: Instance, rects: dict[int, tuple[float, float, float, float]]) -> float:
    """Σ f_ij (|x_i − x_j| + |y_i − y_j|) over unordered pairs, between rectangle centroids."""
    centre = {k: (x + w / 2, y + h / 2) for k, (x, y, w, h) in rects.items()}
    return sum(
        f * (abs(centre[a][0] - centre[b][0]) + abs(centre[a][1] - centre[b][1]))
        for a, b, f in instance.flows
    )
