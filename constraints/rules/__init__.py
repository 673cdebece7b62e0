"""The rule registry: which rules a requirements record implies, in report order."""

from __future__ import annotations

from constraints.plan_view import PlanView
from constraints.requirements import Requirements
from constraints.rules.base import ModelRule, PlanCheck, RuleResult, RuleSet
from constraints.rules.design import (
    CirculationWidth,
    Daylight,
    Doors,
    Egress,
    EntranceDoor,
    Fragments,
    GroundFloorUse,
    RoomOvergrowth,
    StoreRooms,
    StreetFrontage,
    ToiletDistance,
    UnusedBlock,
)
from constraints.rules.preferences import Adjacent, FloorPreference, Flow, Separate
from constraints.rules.programme import (
    FunctionsPresent,
    GroundFloorShare,
    RoomFloors,
    RoomSizes,
    TotalArea,
)
from constraints.rules.structure import (
    CirculationConnected,
    DoorsOntoCirculation,
    EntranceAtLobby,
    InsideFootprint,
    LiftServesEveryFloor,
    NoOverlap,
    StairsStacked,
    ValidOutlines,
)

__all__ = ["ModelRule", "PlanCheck", "RuleResult", "RuleSet", "build_rules", "check_plan"]


def build_rules(req: Requirements) -> RuleSet:
    """All rules of a requirements record: hard model rules, preferences, structural checks."""
    rules = RuleSet()
    if req.packing:
        return _packing_rules(req)
    rules.model_rules += [
        TotalArea(req),
        GroundFloorShare(req),
        FunctionsPresent(req),
        RoomSizes(req),
        RoomFloors(req),
        Daylight(req),
        StreetFrontage(req),
        Egress(req),
        ToiletDistance(req),
    ]
    rules.model_rules += _preference_rules(req)
    rules.checks += [
        ValidOutlines(),
        InsideFootprint(),
        NoOverlap(),
        DoorsOntoCirculation(req),
        CirculationConnected(req),
        StairsStacked(req),
        EntranceAtLobby(req),
        Doors(req),
        EntranceDoor(req),
        GroundFloorUse(req),
        Fragments(req),
        RoomOvergrowth(req),
        CirculationWidth(req),
        UnusedBlock(req),
        StoreRooms(req),
    ]
    if req.lift:
        rules.checks.append(LiftServesEveryFloor(req))
    return rules


def _preference_rules(req: Requirements) -> list[ModelRule]:
    """One soft rule per preference of the brief or standard."""
    rules: list[ModelRule] = []
    for pref in req.preferences:
        if pref.kind == "adjacent":
            rules.append(Adjacent(pref, req.door_width_m))
        elif pref.kind == "separate":
            rules.append(Separate(pref))
        elif pref.kind == "floor":
            rules.append(FloorPreference(pref))
        elif pref.kind == "flow":
            rules.append(Flow(pref))
    return rules


def _packing_rules(req: Requirements) -> RuleSet:
    """Plain packing: room sizes and floors, flows, and the geometry of a packing — none of
    the service centre's programme, circulation or design rules."""
    rules = RuleSet()
    rules.model_rules += [RoomSizes(req), RoomFloors(req)]
    rules.model_rules += _preference_rules(req)
    rules.checks += [ValidOutlines(), InsideFootprint(), NoOverlap()]
    return rules


def check_plan(plan_data: dict) -> list[RuleResult]:
    """Check a plan (its JSON form) against the requirements it records, rule by rule."""
    view = PlanView.from_dict(plan_data)
    return [rule.check(view) for rule in build_rules(view.requirements).all()]
