"""A read-only geometric view of a finished plan, built from its JSON form alone.

The independent checker works on this view: it sees exactly what ``plan.json`` holds (polygons,
functions, levels and the recorded requirements) and nothing of the solver that produced it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import shapely
import shapely.validation
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from constraints.requirements import Requirements

CIRCULATION = "circulation"
STAIR = "stair"
LIFT = "lift"
UNUSED = "unused"
STORAGE = "storage"  # a store room made of a leftover pocket
#: Tolerances of the checker (metres, square metres): float noise, never design slack.
AREA_EPS = 1e-4
LENGTH_EPS = 1e-3
#: A room's side may fall short of its minimum by this much (m): the engine's grid may cross a
#: wall that is off the grid by up to 1 mm and clips rooms back to the real wall.
SIDE_TOLERANCE = 2e-3
#: Partitions as the drawings draw them (m), centred on the edges rooms share: floor no wider
#: than this between two spaces lies inside a wall.
INTERIOR_WALL_M = 0.12


@dataclass(frozen=True)
class SpaceView:
    """One space of a floor: a room, circulation, a stair, a toilet or unused floor space."""

    id: str
    function: str
    name: str
    level: int
    polygon: Polygon
    area: float  # as reported by the plan; the checker measures polygon.area itself
    valid: bool = True  # the outline as written is a valid simple polygon


@dataclass(frozen=True)
class DoorView:
    """A door: the opening ``line`` in the wall between ``space`` and ``to`` (or outside)."""

    id: str
    space: str
    to: str
    line: LineString

    @property
    def width(self) -> float:
        return float(self.line.length)


@dataclass(frozen=True)
class WindowView:
    space: str
    line: LineString


OUTSIDE = "outside"


@dataclass(frozen=True)
class FloorView:
    level: int
    footprint: Polygon  # with holes
    spaces: tuple[SpaceView, ...]
    doors: tuple[DoorView, ...] = ()
    windows: tuple[WindowView, ...] = ()

    def space(self, space_id: str) -> SpaceView | None:
        for space in self.spaces:
            if space.id == space_id:
                return space
        return None

    def doors_of(self, space_id: str) -> list[DoorView]:
        return [d for d in self.doors if space_id in (d.space, d.to)]

    @property
    def centre_spaces(self) -> tuple[SpaceView, ...]:
        """Spaces the centre uses (everything but ``unused``)."""
        return tuple(s for s in self.spaces if s.function != UNUSED)


@dataclass(frozen=True)
class PlanView:
    floors: tuple[FloorView, ...]
    requirements: Requirements

    @staticmethod
    def from_dict(data: dict[str, Any]) -> PlanView:
        """Read a plan's JSON form; raises :class:`PlanFormatError` for data that is no plan."""
        floors = []
        for floor in data["floors"]:
            level = _whole(floor["level"], "floor level")
            footprint = Polygon(
                _ring(floor["footprint"]), [_ring(h) for h in floor.get("holes", [])]
            )
            if footprint.is_empty or not footprint.is_valid:
                raise PlanFormatError(
                    f"floor {level}: the footprint is not a valid polygon "
                    f"({shapely.validation.explain_validity(footprint)})"
                )
            spaces = tuple(_space(room, level) for room in floor["rooms"])
            doors = tuple(
                DoorView(str(d["id"]), str(d["space"]), str(d["to"]), _segment(d["segment"]))
                for d in floor.get("doors", [])
            )
            windows = tuple(
                WindowView(str(w["space"]), _segment(w["segment"]))
                for w in floor.get("windows", [])
            )
            floors.append(FloorView(level, footprint, spaces, doors, windows))
        return PlanView(
            floors=tuple(sorted(floors, key=lambda f: f.level)),
            requirements=Requirements.from_dict(data["requirements"]),
        )

    def floor(self, level: int) -> FloorView:
        for floor in self.floors:
            if floor.level == level:
                return floor
        raise KeyError(level)

    def spaces(self) -> list[SpaceView]:
        return [s for f in self.floors for s in f.spaces]

    def centre_spaces(self) -> list[SpaceView]:
        return [s for f in self.floors for s in f.centre_spaces]

    def find(self, space_id: str) -> list[SpaceView]:
        """All spaces with this id (a stair keeps its id on every floor it serves)."""
        return [s for s in self.spaces() if s.id == space_id]


class PlanFormatError(ValueError):
    """The data is not a plan: missing fields, non-numbers, or a broken footprint."""


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PlanFormatError(f"{what} {value!r} is not a whole number")
    if value != int(value):
        raise PlanFormatError(f"{what} {value!r} is not a whole number")
    return int(value)


def _ring(points: Any) -> list[tuple[float, float]]:
    """Coordinates as finite floats (JSON admits NaN and Infinity; geometry does not)."""
    ring = []
    for point in points:
        x, y = (float(v) for v in point)
        if not (math.isfinite(x) and math.isfinite(y)):
            raise PlanFormatError(f"coordinate {list(point)!r} is not a finite number")
        ring.append((x, y))
    return ring


def _segment(points: Any) -> LineString:
    ring = _ring(points)
    if len(ring) != 2:
        raise PlanFormatError(f"a door or window segment needs 2 points, got {len(ring)}")
    return LineString(ring)


def _space(room: dict[str, Any], level: int) -> SpaceView:
    """A space as written; an invalid outline is flagged and repaired for measuring."""
    polygon = Polygon(_ring(room["polygon"]), [_ring(h) for h in room.get("holes", []) or []])
    valid = polygon.is_valid and not polygon.is_empty
    if not valid:
        repaired = shapely.make_valid(polygon)
        polygon = max(
            (g for g in getattr(repaired, "geoms", [repaired]) if isinstance(g, Polygon)),
            key=lambda g: g.area,
            default=Polygon(),
        )
    return SpaceView(
        id=str(room["id"]),
        function=str(room["function"]),
        name=str(room.get("name", "")),
        level=level,
        polygon=polygon,
        area=float(room.get("area", 0.0)),
        valid=valid,
    )


def shared_wall_length(a: Polygon, b: Polygon) -> float:
    """Length of boundary two non-overlapping polygons share (robust to float noise)."""
    if a.distance(b) > LENGTH_EPS:
        return 0.0
    touching = b.boundary.intersection(a.buffer(LENGTH_EPS, join_style="mitre"))
    # The buffer adds up to 2·eps at the ends of a shared edge; remove it so that a corner
    # contact does not count as wall.
    return max(0.0, touching.length - 2 * LENGTH_EPS)


#: Walls whose direction stays within this many degrees of the entrance wall's, continuing it
#: along the outline, are one street front with it: a corner cut off for the entrance, a
#: facade bending along the street. A rectangle's side walls (90°) are not.
STREET_FRONT_BEND_DEG = 45.0

Edge = tuple[tuple[float, float], tuple[float, float]]


def street_front_edges(footprint: Polygon, entrance: Point) -> tuple[list[Edge], int]:
    """The outer walls of the street front (``STREET_FRONT_BEND_DEG``) in order along the
    outline, collinear edges joined, and the index of the one nearest the entrance."""
    edges = _joined_edges(list(footprint.exterior.coords))
    nearest = min(range(len(edges)), key=lambda k: LineString(edges[k]).distance(entrance))
    chain = [nearest]
    for step in (1, -1):
        k = nearest
        while len(chain) < len(edges):
            k = (k + step) % len(edges)
            if k in chain or _bend(edges[nearest], edges[k]) > STREET_FRONT_BEND_DEG + 1e-6:
                break
            if step > 0:
                chain.append(k)
            else:
                chain.insert(0, k)
    return [edges[k] for k in chain], chain.index(nearest)


def street_front(footprint: Polygon, entrance: Point) -> BaseGeometry:
    """The street front's walls on the outline, each with the walls collinear with it."""
    edges, _ = street_front_edges(footprint, entrance)
    around = footprint.boundary.buffer(LENGTH_EPS, join_style="mitre")
    far = 1e4
    lines = []
    for (x1, y1), (x2, y2) in edges:
        length = math.hypot(x2 - x1, y2 - y1)
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        line = LineString([(x1 - ux * far, y1 - uy * far), (x2 + ux * far, y2 + uy * far)])
        lines.append(line.intersection(around))
    return shapely.union_all(lines)


def _joined_edges(ring: list[tuple[float, float]]) -> list[Edge]:
    """The ring's edges, consecutive ones in one direction (to 0.01°) joined."""
    edges: list[Edge] = [(a, b) for a, b in pairwise(ring) if math.dist(a, b) > 0]
    joined: list[Edge] = []
    for edge in edges:
        if joined and _bend(joined[-1], edge) < 0.01:
            joined[-1] = (joined[-1][0], edge[1])
        else:
            joined.append(edge)
    if len(joined) > 1 and _bend(joined[-1], joined[0]) < 0.01:
        joined[0] = (joined[-1][0], joined[0][1])
        joined.pop()
    return joined


def _bend(a: Edge, b: Edge) -> float:
    """The angle between two edges' directions along the outline (degrees, 0–180)."""
    (ax1, ay1), (ax2, ay2) = a
    (bx1, by1), (bx2, by2) = b
    turn = math.atan2(by2 - by1, bx2 - bx1) - math.atan2(ay2 - ay1, ax2 - ax1)
    return abs(math.degrees((turn + math.pi) % (2 * math.pi) - math.pi))
