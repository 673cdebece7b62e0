"""The standards as data: one TOML file per standard in ``constraints/standards/``.

A standard names its hard rules (total area, ground-floor share, the six functions), its room
programme and its preferences, each with the source of its figures. Loading validates the file
so that a broken standard fails loudly at start-up, not as a strange layout later.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STANDARDS_DIR = Path(__file__).parent / "standards"

#: Every function a space of a plan may have. The first six are the programme ("一区五中心").
PROGRAMME_FUNCTIONS: tuple[str, ...] = (
    "display",
    "party",
    "deliberation",
    "safety",
    "culture",
    "service",
)
FUNCTIONS: tuple[str, ...] = (
    *PROGRAMME_FUNCTIONS,
    "circulation",
    "stair",
    "lift",
    "toilet",
    "support",
    "storage",
    "unused",
)

FUNCTION_NAMES_ZH: dict[str, str] = {
    "display": "基本情况展示区",
    "party": "党员活动中心",
    "deliberation": "协商议事中心",
    "safety": "公共安全服务中心",
    "culture": "文体活动中心",
    "service": "为民服务中心",
    "circulation": "交通",
    "stair": "楼梯",
    "lift": "电梯",
    "toilet": "卫生间",
    "support": "辅助用房",
    "storage": "储藏间",
    "unused": "未使用",
}


class StandardError(ValueError):
    """A standard file is missing or malformed."""


@dataclass(frozen=True)
class RoomSpec:
    """One room of the programme as the standard (or a brief) asks for it."""

    id: str
    function: str
    name: str
    min_area: float
    max_area: float
    min_side: float
    max_aspect: float
    floors: tuple[int, ...] | None = None
    source: str = "default"
    daylight: bool = False  # needs a window: touches the facade for the daylight length


@dataclass(frozen=True)
class Preference:
    """A weighted wish: two spaces adjacent, quiet and noisy apart, or rooms on given floors."""

    kind: str  # "adjacent" | "separate" | "floor"
    weight: int
    a: str = ""
    b: str = ""
    quiet: tuple[str, ...] = ()
    noisy: tuple[str, ...] = ()
    rooms: tuple[str, ...] = ()
    floors: tuple[int, ...] = ()
    source: str = "default"
    #: kind "flow": the material flow between a and b; it weights their centroid distance
    #: (the facility-layout objective) instead of a met/missed literal.
    flow: float = 0.0
    #: kinds "adjacent" and "separate": a requirement (a hard rule), not a wish.
    required: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "weight": self.weight, "source": self.source}
        if self.kind == "adjacent":
            data.update(a=self.a, b=self.b)
            if self.required:
                data["required"] = True
        elif self.kind == "flow":
            data.update(a=self.a, b=self.b, flow=self.flow)
        elif self.kind == "separate":
            data.update(quiet=list(self.quiet), noisy=list(self.noisy))
            if self.required:
                data["required"] = True
        else:
            data.update(rooms=list(self.rooms), floors=list(self.floors))
        return data

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Preference:
        return Preference(
            kind=str(data["kind"]),
            weight=int(data["weight"]),
            a=str(data.get("a", "")),
            b=str(data.get("b", "")),
            quiet=tuple(data.get("quiet", ())),
            noisy=tuple(data.get("noisy", ())),
            rooms=tuple(data.get("rooms", ())),
            floors=tuple(int(v) for v in data.get("floors", ())),
            source=str(data.get("source", "default")),
            flow=float(data.get("flow", 0.0)),
            required=bool(data.get("required", False)),
        )


@dataclass(frozen=True)
class Defaults:
    """Figures the standard applies where a room or brief says nothing."""

    max_aspect: float = 2.5
    growth: float = 1.6
    corridor_width_m: float = 1.8
    door_width_m: float = 1.0
    lobby_min_area_m2: float = 30.0
    lobby_min_side_m: float = 4.2
    stair_width_m: float = 2.7
    stair_length_m: float = 5.4
    toilet_per_floor_m2: float = 18.0
    accessible_toilet_m2: float = 4.5
    min_side_m: float = 2.4


@dataclass(frozen=True)
class DesignFigures:
    """Figures that make a packing a floor plan: doors, daylight, egress, full floor plates.
    Sources are named beside each figure in the standard's file."""

    daylight_facade_m: float = 2.4
    egress_two_exits_m: float = 40.0
    egress_dead_end_m: float = 22.0
    toilet_radius_m: float = 50.0
    ground_unassigned_max: float = 0.03
    fragment_min_m2: float = 6.0
    two_doors_above_m2: float = 120.0
    two_doors_width_m: float = 1.4
    doors_apart_m: float = 5.0
    entrance_door_width_m: float = 1.8
    door_corner_clearance_m: float = 0.1
    street_front: tuple[str, ...] = ("display", "service-hall")
    lift_shaft_m: float = 2.4
    lift_landing_m: float = 1.5
    storage_min_m2: float = 1.5
    storage_max_m2: float = 20.0
    storage_min_width_m: float = 1.0
    corridor_min_clear_m: float = 1.1
    room_overgrowth_max: float = 1.5

    @staticmethod
    def from_dict(data: dict[str, Any]) -> DesignFigures:
        values = dict(data)
        if "street_front" in values:
            values["street_front"] = tuple(str(v) for v in values["street_front"])
        return DesignFigures(**values)


@dataclass(frozen=True)
class Standard:
    """A standard: its hard figures, room programme and preferences, with sources."""

    id: str
    name: str
    description: str
    source: str
    total_min_m2: float
    total_source: str
    ground_share_min: float
    ground_share_source: str
    functions: tuple[str, ...]
    functions_source: str
    defaults: Defaults
    rooms: tuple[RoomSpec, ...]
    preferences: tuple[Preference, ...]
    design: DesignFigures = field(default_factory=DesignFigures)
    path: Path = field(default=Path())
    #: Plain packing: rooms in the footprint and nothing of the service centre (no lobby,
    #: corridors, doors, stairs, toilets, daylight); see ``standards/packing.toml``.
    packing: bool = False


def list_standards() -> list[str]:
    """Ids of the standards shipped in ``constraints/standards/``."""
    return sorted(p.stem for p in STANDARDS_DIR.glob("*.toml"))


def load_standard(standard_id: str) -> Standard:
    """Load and validate one shipped standard by id (e.g. ``"community"``)."""
    path = STANDARDS_DIR / f"{standard_id}.toml"
    if not path.is_file():
        known = ", ".join(list_standards())
        raise StandardError(f"unknown standard {standard_id!r}; shipped standards: {known}")
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    try:
        return _parse(data, path)
    except (KeyError, TypeError, ValueError) as exc:
        raise StandardError(f"{path}: malformed standard: {exc}") from exc


def _parse(data: dict[str, Any], path: Path) -> Standard:
    head = data["standard"]
    rules = data["rules"]
    defaults = Defaults(**data.get("defaults", {}))
    rooms = tuple(_parse_room(r, defaults) for r in data["rooms"])
    ids = [r.id for r in rooms]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate room ids")
    prefs = tuple(Preference.from_dict(p) for p in data.get("preferences", ()))
    for pref in prefs:
        if pref.kind not in ("adjacent", "separate", "floor", "flow"):
            raise ValueError(f"unknown preference kind {pref.kind!r}")
    functions = tuple(rules["functions_present"]["functions"])
    for fn in functions:
        if fn not in PROGRAMME_FUNCTIONS:
            raise ValueError(f"unknown function {fn!r}")
    return Standard(
        id=str(head["id"]),
        name=str(head["name"]),
        description=str(head.get("description", "")),
        source=str(head.get("source", "")),
        total_min_m2=float(rules["total_area"]["min_m2"]),
        total_source=str(rules["total_area"].get("source", "")),
        ground_share_min=float(rules["ground_floor_share"]["min_share"]),
        ground_share_source=str(rules["ground_floor_share"].get("source", "")),
        functions=functions,
        functions_source=str(rules["functions_present"].get("source", "")),
        defaults=defaults,
        rooms=rooms,
        preferences=prefs,
        design=DesignFigures.from_dict(data.get("design", {})),
        path=path,
        packing=bool(head.get("packing", False)),
    )


def _parse_room(data: dict[str, Any], defaults: Defaults) -> RoomSpec:
    function = str(data["function"])
    if function not in FUNCTIONS:
        raise ValueError(f"room {data.get('id')!r}: unknown function {function!r}")
    min_area = float(data["min_area"])
    floors = data.get("floors")
    return RoomSpec(
        id=str(data["id"]),
        function=function,
        name=str(data["name"]),
        min_area=min_area,
        max_area=float(data.get("max_area", min_area * defaults.growth)),
        min_side=float(data.get("min_side", defaults.min_side_m)),
        max_aspect=float(data.get("max_aspect", defaults.max_aspect)),
        floors=tuple(int(f) for f in floors) if floors is not None else None,
        source=str(data.get("source", "default")),
        daylight=bool(data.get("daylight", False)),
    )
