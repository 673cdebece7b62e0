"""The resulting plan: floors of named spaces with polygons in the brief's coordinates.

This is what ``plan.json`` holds. Everything downstream (checker, exports, reports) reads the
plan, never the solver.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import Polygon

from constraints.requirements import Requirements

PLAN_FORMAT = "onezone-plan/1"


@dataclass(frozen=True)
class Space:
    """A room, circulation, stair, toilet or unused floor space."""

    id: str
    function: str
    name: str
    polygon: Polygon

    @property
    def area(self) -> float:
        return float(self.polygon.area)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "function": self.function,
            "name": self.name,
            "polygon": _coords(self.polygon.exterior.coords),
            "area": round(self.area, 2),
        }
        if self.polygon.interiors:
            data["holes"] = [_coords(r.coords) for r in self.polygon.interiors]
        return data


@dataclass(frozen=True)
class Door:
    """A door in the wall between ``space`` and ``to`` (another space, or ``outside``); its
    leaf swings into ``space``. ``segment`` is the clear opening on the wall."""

    id: str
    space: str
    to: str
    segment: tuple[tuple[float, float], tuple[float, float]]

    @property
    def width(self) -> float:
        (x1, y1), (x2, y2) = self.segment
        return ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "space": self.space,
            "to": self.to,
            "segment": _coords(self.segment),
            "width": round(self.width, 3),
        }


@dataclass(frozen=True)
class Window:
    """A window in the outer wall of ``space``."""

    space: str
    segment: tuple[tuple[float, float], tuple[float, float]]

    def to_dict(self) -> dict[str, Any]:
        return {"space": self.space, "segment": _coords(self.segment)}


@dataclass(frozen=True)
class Floor:
    level: int
    footprint: Polygon
    spaces: tuple[Space, ...]
    doors: tuple[Door, ...] = ()
    windows: tuple[Window, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "footprint": _coords(self.footprint.exterior.coords),
            "holes": [_coords(r.coords) for r in self.footprint.interiors],
            "rooms": [s.to_dict() for s in self.spaces],
            "doors": [d.to_dict() for d in self.doors],
            "windows": [w.to_dict() for w in self.windows],
        }


@dataclass(frozen=True)
class Plan:
    site: str
    standard: str
    status: str
    objective: float
    bound: float
    floors: tuple[Floor, ...]
    requirements: Requirements
    solver: dict[str, Any] = field(default_factory=dict)
    frame: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": PLAN_FORMAT,
            "site": self.site,
            "standard": self.standard,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "floors": [f.to_dict() for f in self.floors],
            "requirements": self.requirements.to_dict(),
            "solver": self.solver,
            "frame": self.frame,
        }

    def spaces(self) -> list[tuple[int, Space]]:
        return [(f.level, s) for f in self.floors for s in f.spaces]


def _coords(coords: Any) -> list[list[float]]:
    """Ring coordinates rounded to micrometres, without the closing repeat."""
    points = [[round(x, 6) + 0.0, round(y, 6) + 0.0] for x, y in coords]
    return points[:-1] if len(points) > 2 and points[0] == points[-1] else points
