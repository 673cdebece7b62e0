"""Test data for the exports: the committed fixture plan, with doors and windows added."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

from shapely import affinity
from shapely.geometry import LineString, Polygon
from shapely.ops import linemerge

FIXTURE = Path(__file__).resolve().parent / "data" / "plan-community-rect.json"


def load_plan() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _pieces(geom) -> list[LineString]:
    if geom.is_empty:
        return []
    if geom.geom_type == "LineString":
        return [geom]
    lines = [g for g in getattr(geom, "geoms", []) if g.geom_type == "LineString"]
    merged = linemerge(lines) if lines else geom
    return list(getattr(merged, "geoms", [merged]))


def _centred(line: LineString, width: float) -> list[list[float]]:
    (x1, y1), (x2, y2) = line.coords[0], line.coords[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    return [[mx - ux * width / 2, my - uy * width / 2], [mx + ux * width / 2, my + uy * width / 2]]


def with_openings(plan: dict) -> dict:
    """A copy with a door from every room to a circulation neighbour and facade windows,
    in the plan format the engine writes (``floors[].doors`` and ``floors[].windows``)."""
    plan = copy.deepcopy(plan)
    for floor in plan["floors"]:
        shapes = {r["id"]: Polygon(r["polygon"]) for r in floor["rooms"]}
        kinds = {r["id"]: r["function"] for r in floor["rooms"]}
        footprint = Polygon(floor["footprint"])
        doors, windows = [], []
        for rid, shape in shapes.items():
            if kinds[rid] in ("circulation", "unused"):
                continue
            for other, oshape in shapes.items():
                if kinds[other] != "circulation":
                    continue
                touching = shape.boundary.intersection(oshape.buffer(1e-4, join_style="mitre"))
                pieces = [p for p in _pieces(touching) if p.length >= 1.2]
                if pieces:
                    width = 1.5 if shape.area > 60 else 1.0
                    line = max(pieces, key=lambda p: p.length)
                    seg = _centred(line, min(width, line.length - 0.2))
                    doors.append(
                        {
                            "id": f"d-{rid}",
                            "space": rid,
                            "to": other,
                            "segment": seg,
                            "width": min(width, line.length - 0.2),
                        }
                    )
                    break
            facade = shape.boundary.intersection(footprint.boundary.buffer(1e-4))
            for piece in _pieces(facade):
                for a, b in zip(piece.coords, piece.coords[1:], strict=False):
                    straight = LineString([a, b])
                    if straight.length >= 2.0:
                        seg = _centred(straight, straight.length - 1.0)
                        windows.append({"space": rid, "segment": seg})
        if floor["level"] == 1:
            x, y = plan["requirements"]["entrance"]
            doors.append(
                {
                    "id": "d-main",
                    "space": "lobby",
                    "to": "outside",
                    "segment": [[x - 1.0, y], [x + 1.0, y]],
                    "width": 2.0,
                }
            )
        floor["doors"], floor["windows"] = doors, windows
    return plan


def rotated(plan: dict, degrees: float) -> dict:
    """A copy turned about the origin: every polygon, opening and the entrance."""
    plan = copy.deepcopy(plan)

    def turn(points):
        return [list(p) for p in affinity.rotate(LineString(points), degrees, origin=(0, 0)).coords]

    for floor in plan["floors"]:
        floor["footprint"] = turn(floor["footprint"])
        floor["holes"] = [turn(h) for h in floor.get("holes") or []]
        for room in floor["rooms"]:
            room["polygon"] = turn(room["polygon"])
        for item in floor.get("doors", []) + floor.get("windows", []):
            item["segment"] = turn(item["segment"])
    req = plan["requirements"]
    req["entrance"] = turn([req["entrance"], req["entrance"]])[0]
    if "frame" in plan:
        plan["frame"]["angle_deg"] = plan["frame"].get("angle_deg", 0.0) + degrees
    return plan
