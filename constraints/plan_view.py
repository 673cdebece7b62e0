"""A read-only geometric view of a finished plan, built from its JSON form alone.

The independent checker works on this view: it sees exactly what ``plan.json`` holds (polygons,
functions, levels and the recorded requirements) and nothing of the solver that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import Polygon

from constraints.requirements import Requirements

CIRCULATION = "circulation"
STAIR = "stair"
UNUSED = "unused"
#: Tolerances of the checker (metres, square metres): float noise, never design slack.
AREA_EPS = 1e-4
LENGTH_EPS = 1e-3


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
class FloorView:
    level: int
    footprint: Polygon  # with holes
    spaces: tuple[SpaceView, ...]

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
        floors = []
        for floor in data["floors"]:
            level = int(floor["level"])
            footprint = Polygon(floor["footprint"], [h for h in floor.get("holes", [])])
            spaces = tuple(_space(room, level) for room in floor["rooms"])
            floors.append(FloorView(level=level, footprint=footprint, spaces=spaces))
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


def _space(room: dict[str, Any], level: int) -> SpaceView:
    """A space as written; an invalid outline is flagged and repaired for measuring."""
    polygon = Polygon(room["polygon"], room.get("holes", []) or [])
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
