"""What a plan must satisfy: the standard's figures after the brief's overrides.

A plan carries its requirements (``plan.json`` → ``requirements``) so that the independent
checker can re-check it from its geometry and this record alone, without the solver.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from constraints.standard import DesignFigures, Preference, RoomSpec


@dataclass(frozen=True)
class Requirements:
    """The hard figures, room programme and preferences a plan is checked against."""

    standard: str
    floors: int
    total_min_m2: float
    ground_share_min: float
    functions: tuple[str, ...]
    rooms: tuple[RoomSpec, ...]
    preferences: tuple[Preference, ...]
    door_width_m: float
    corridor_width_m: float
    stairs: int
    entrance: tuple[float, float]
    sources: dict[str, str]
    design: DesignFigures = field(default_factory=DesignFigures)
    #: Plain packing (the ``packing`` standard): only rooms, no service-centre structure.
    packing: bool = False
    #: An accessible lift serving every floor (``[layout] lift = true``).
    lift: bool = False

    def room(self, room_id: str) -> RoomSpec:
        for spec in self.rooms:
            if spec.id == room_id:
                return spec
        raise KeyError(room_id)

    def to_dict(self) -> dict[str, Any]:
        # The packing flag appears only when set, so service-centre plans are unchanged.
        extra: dict[str, Any] = {"packing": True} if self.packing else {}
        extra |= {"lift": True} if self.lift else {}  # likewise the lift
        return extra | {
            "standard": self.standard,
            "floors": self.floors,
            "total_min_m2": self.total_min_m2,
            "ground_share_min": self.ground_share_min,
            "functions": list(self.functions),
            "rooms": [
                {
                    "id": r.id,
                    "function": r.function,
                    "name": r.name,
                    "min_area": r.min_area,
                    "max_area": r.max_area,
                    "min_side": r.min_side,
                    "max_aspect": r.max_aspect,
                    "floors": list(r.floors) if r.floors is not None else None,
                    "source": r.source,
                    "daylight": r.daylight,
                }
                for r in self.rooms
            ],
            "preferences": [p.to_dict() for p in self.preferences],
            "door_width_m": self.door_width_m,
            "corridor_width_m": self.corridor_width_m,
            "stairs": self.stairs,
            "entrance": list(self.entrance),
            "sources": dict(self.sources),
            "design": asdict(self.design) | {"street_front": list(self.design.street_front)},
        }

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Requirements:
        rooms = tuple(
            RoomSpec(
                id=str(r["id"]),
                function=str(r["function"]),
                name=str(r["name"]),
                min_area=float(r["min_area"]),
                max_area=float(r["max_area"]),
                min_side=float(r["min_side"]),
                max_aspect=float(r["max_aspect"]),
                floors=tuple(r["floors"]) if r.get("floors") is not None else None,
                source=str(r.get("source", "")),
                daylight=bool(r.get("daylight", False)),
            )
            for r in data["rooms"]
        )
        return Requirements(
            standard=str(data["standard"]),
            floors=int(data["floors"]),
            total_min_m2=float(data["total_min_m2"]),
            ground_share_min=float(data["ground_share_min"]),
            functions=tuple(data["functions"]),
            rooms=rooms,
            preferences=tuple(Preference.from_dict(p) for p in data["preferences"]),
            door_width_m=float(data["door_width_m"]),
            corridor_width_m=float(data["corridor_width_m"]),
            stairs=int(data["stairs"]),
            entrance=(float(data["entrance"][0]), float(data["entrance"][1])),
            sources=dict(data.get("sources", {})),
            design=DesignFigures.from_dict(data.get("design", {})),
            packing=bool(data.get("packing", False)),
            lift=bool(data.get("lift", False)),
        )
