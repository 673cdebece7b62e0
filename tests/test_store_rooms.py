"""Leftover pockets no room can take become store rooms with a door; the checker holds them to
their size, width and door (``layout.store_rooms``, rule ``store-rooms``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from shapely.geometry import Point, Polygon, box
from test_checker import FLOOR_1, FLOOR_2, FOOTPRINT, HOLE, REQUIREMENTS

from constraints.plan_view import shared_wall_length
from constraints.requirements import Requirements
from constraints.rules import check_plan
from constraints.rules.design import store_room_fault
from constraints.standard import Preference, RoomSpec
from layout.openings import place_doors, place_windows
from layout.plan import Door, Floor, Plan, Space, Window
from layout.store_rooms import store_rooms_from_leftovers

#: The ground floor's police room, 5 m wide instead of 6: a pocket 1 m wide and 4 m deep stays
#: between it and the toilet, its end on the corridor too short for a door with its clearances.
POLICE = box(3, 6, 8, 10)
POCKET_1F = box(8, 6, 9, 10)
#: Upstairs the party room 10.8 m long instead of 12: a pocket 1.2 m wide on the corridor.
PARTY = box(0, 0, 10.8, 4)
POCKET_2F = box(10.8, 0, 12, 4)


def _floor(level: int, spaces: list[tuple[str, str, Polygon]], req: Requirements) -> Floor:
    holes = (HOLE,) if level == 1 else ()
    footprint = Polygon(FOOTPRINT.exterior.coords, [h.exterior.coords for h in holes])
    shapes = {i: p for i, _f, p in spaces}
    functions = {i: f for i, f, _p in spaces}
    doors = place_doors(shapes, functions, req, footprint, Point(req.entrance), level)
    windows = place_windows(shapes, functions, req, footprint)
    return Floor(
        level,
        footprint,
        tuple(Space(i, f, i, p) for i, f, p in spaces),
        tuple(Door(f"D{level}-{k:02d}", d.space, d.to, d.segment) for k, d in enumerate(doors, 1)),
        tuple(Window(w.space, w.segment) for w in windows),
    )


def _floors(req: Requirements, police: Polygon = POLICE, party: Polygon = PARTY) -> list[Floor]:
    """The checker's hand-made plan with a leftover pocket on each floor."""
    ground = [s for s in FLOOR_1 if s[0] != "police-room"]
    ground += [
        ("police-room", "safety", police),
        ("unused-1F-1", "unused", box(police.bounds[2], 6, 9, 10)),
    ]
    upper = [s for s in FLOOR_2 if s[0] != "party-room"]
    upper += [("party-room", "party", party), ("unused-2F-1", "unused", POCKET_2F)]
    return [_floor(1, ground, req), _floor(2, upper, req)]


def _plan(floors: list[Floor] | tuple[Floor, ...], req: Requirements) -> dict[str, Any]:
    return Plan(
        site="test centre",
        standard="test",
        status="HANDMADE",
        objective=0.0,
        bound=0.0,
        floors=tuple(floors),
        requirements=req,
    ).to_dict()


def _failing(plan: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {r.rule: r.details for r in check_plan(plan) if not r.passed and r.hard}


def _store_rooms(floors: tuple[Floor, ...] | list[Floor]) -> dict[int, list[Space]]:
    return {f.level: [s for s in f.spaces if s.function == "storage"] for f in floors}


def test_pockets_become_store_rooms_with_a_door_onto_a_room_or_the_corridor() -> None:
    before = _floors(REQUIREMENTS)
    checked = {r.rule: r for r in check_plan(_plan(before, REQUIREMENTS))}
    assert not checked["fragments"].passed  # 4 m² and 4.8 m² left over
    assert not checked["unused-block"].passed  # the pocket upstairs is a second piece

    after = store_rooms_from_leftovers(before, REQUIREMENTS)
    plan = _plan(after, REQUIREMENTS)
    assert not _failing(plan)
    checked = {r.rule: r for r in check_plan(plan)}
    assert checked["fragments"].passed and checked["unused-block"].passed
    assert checked["store-rooms"].measured.startswith("2 store room(s)")
    rooms = _store_rooms(after)
    assert [s.polygon.equals(POCKET_1F) for s in rooms[1]] == [True]
    assert [s.polygon.equals(POCKET_2F) for s in rooms[2]] == [True]
    doors = {f.level: {d.space: d.to for d in f.doors} for f in after}
    # The ground-floor pocket's end on the corridor (1 m) takes no door with its clearances:
    # it opens into the police room beside it (not the toilet); upstairs onto the corridor.
    assert doors[1]["storage-1F-1"] == "police-room"
    assert doors[2]["storage-2F-1"] == "corridor-2F"
    assert [s.id for s in after[1].spaces if s.function == "unused"] == ["unused-2F"]


def _small_block_floors(req: Requirements) -> list[Floor]:
    """Upstairs an activity room where the 24 m² unused block was: the floor's unused block
    (the model's, named ``unused-2F``) is the 4.8 m² pocket beside the party room."""
    floors = _floors(req)
    upper = [
        (s.id, s.function, s.polygon)
        for s in floors[1].spaces
        if s.id not in ("unused-2F", "unused-2F-1")
    ]
    upper += [("activity-room", "culture", box(14, 6, 20, 10)), ("unused-2F", "unused", POCKET_2F)]
    return [floors[0], _floor(2, upper, req)]


def test_an_upstairs_block_too_small_to_let_becomes_a_store_room() -> None:
    activity = RoomSpec("activity-room", "culture", "activity-room", 20, 32, 3, 2.5, (2,))
    # Ground 196 m² with its store room, upstairs 195.2 m² and the 4.8 m² block: 49.5 %.
    req = replace(REQUIREMENTS, rooms=(*REQUIREMENTS.rooms, activity), ground_share_min=0.49)
    before = _small_block_floors(req)
    assert not {r.rule: r for r in check_plan(_plan(before, req))}["fragments"].passed

    after = store_rooms_from_leftovers(before, req)
    assert [s.polygon.equals(POCKET_2F) for s in _store_rooms(after)[2]] == [True]
    assert not [s for s in after[1].spaces if s.function == "unused"]
    checked = {r.rule: r for r in check_plan(_plan(after, req))}
    assert checked["fragments"].passed and checked["unused-block"].passed
    assert not _failing(_plan(after, req))

    # The share is what keeps it unused otherwise: at 50 % the block stays as it was.
    strict = replace(req, ground_share_min=0.50)
    kept = store_rooms_from_leftovers(_small_block_floors(strict), strict)
    assert not _store_rooms(kept)[2]


def test_a_pocket_narrower_than_a_person_stays_unused() -> None:
    floors = _floors(REQUIREMENTS, police=box(3, 6, 8.4, 10))  # 0.6 m × 4 m
    after = store_rooms_from_leftovers(floors, REQUIREMENTS)
    assert not _store_rooms(after)[1]
    assert any(s.function == "unused" and s.area < 2.5 for s in after[0].spaces)


def test_an_upstairs_store_room_only_while_the_ground_floor_share_holds() -> None:
    # Ground 192 m² (the pocket there a store room: 196), upstairs 171.2 m² of the centre's:
    # 196 / 367.2 = 53.4 %; with the 4.8 m² pocket upstairs 196 / 372 = 52.7 %.
    strict = replace(REQUIREMENTS, ground_share_min=0.53)
    after = store_rooms_from_leftovers(_floors(strict), strict)
    assert len(_store_rooms(after)[1]) == 1
    assert not _store_rooms(after)[2]
    relaxed = replace(REQUIREMENTS, ground_share_min=0.52)
    assert len(_store_rooms(store_rooms_from_leftovers(_floors(relaxed), relaxed))[2]) == 1


def test_the_checker_holds_a_store_room_to_its_door_width_and_size() -> None:
    plan = _plan(store_rooms_from_leftovers(_floors(REQUIREMENTS), REQUIREMENTS), REQUIREMENTS)
    ground = plan["floors"][0]
    door = next(d for d in ground["doors"] if d["space"] == "storage-1F-1")

    ground["doors"].remove(door)
    assert "no door" in " ".join(_failing(plan)["store-rooms"])
    ground["doors"].append(door)
    assert not _failing(plan)

    room = next(r for r in ground["rooms"] if r["id"] == "storage-1F-1")
    for too_small in (
        replace(REQUIREMENTS.design, storage_min_m2=5.0),
        replace(REQUIREMENTS.design, storage_max_m2=3.0),
        replace(REQUIREMENTS.design, storage_min_width_m=1.5),
    ):
        plan["requirements"] = replace(REQUIREMENTS, design=too_small).to_dict()
        assert [d for d in _failing(plan)["store-rooms"] if d.startswith(room["id"])]


def test_store_rooms_are_numbered_by_falling_area_with_their_doors() -> None:
    """Made smallest first, numbered largest first (as unused pieces are): the 4.8 m² store
    room upstairs and a 4 m² and a 6 m² one on the ground floor."""
    ground = [s for s in FLOOR_1 if s[0] not in ("police-room", "grid-station")]
    ground += [
        ("police-room", "safety", POLICE),
        ("unused-1F-1", "unused", POCKET_1F),
        ("grid-station", "safety", box(12, 6, 18.5, 10).difference(HOLE)),
        ("unused-1F-2", "unused", box(18.5, 6, 20, 10)),
    ]
    floors = [_floor(1, ground, REQUIREMENTS), _floors(REQUIREMENTS)[1]]
    after = store_rooms_from_leftovers(floors, REQUIREMENTS)
    rooms = [(s.id, s.area) for s in after[0].spaces if s.function == "storage"]
    assert sorted(rooms) == [("storage-1F-1", 6.0), ("storage-1F-2", 4.0)]
    doors = {d.space: d.to for d in after[0].doors if d.space.startswith("storage")}
    assert doors == {"storage-1F-1": "corridor-1F", "storage-1F-2": "police-room"}
    assert not _failing(_plan(after, REQUIREMENTS))


def test_a_brief_switches_store_rooms_off_with_a_zero_maximum() -> None:
    off = replace(REQUIREMENTS, design=replace(REQUIREMENTS.design, storage_max_m2=0.0))
    after = store_rooms_from_leftovers(_floors(off), off)
    assert _store_rooms(after) == {1: [], 2: []}


def _sliver_floors(req: Requirements) -> list[Floor]:
    """Upstairs the pocket runs on as a 0.3 m sliver between the party room and the facade:
    8 m² of which 3.2 m² narrower than a person, no store room as it stands."""
    floors = _floors(req)
    upper = [(s.id, s.function, s.polygon) for s in floors[1].spaces if s.id != "party-room"]
    upper = [s for s in upper if s[0] != "unused-2F-1"]
    sliver = box(0, 0, 10.8, 0.3)
    upper += [
        ("party-room", "party", box(0, 0.3, 10.8, 4)),
        ("unused-2F-1", "unused", POCKET_2F.union(sliver)),
    ]
    return [floors[0], _floor(2, upper, req)]


def test_a_sliver_along_the_facade_joins_the_room_and_the_rest_is_a_store_room() -> None:
    before = _sliver_floors(REQUIREMENTS)
    pocket = next(s for s in before[1].spaces if s.id == "unused-2F-1")
    assert store_room_fault(pocket.polygon, REQUIREMENTS.design) is not None
    after = store_rooms_from_leftovers(before, REQUIREMENTS)
    spaces = {s.id: s.polygon for s in after[1].spaces}
    assert spaces["party-room"].equals(PARTY)  # down to the facade
    assert [s.polygon.equals(POCKET_2F) for s in _store_rooms(after)[2]] == [True]
    assert not _failing(_plan(after, REQUIREMENTS))


def test_a_sliver_no_room_may_take_keeps_the_pocket_unused() -> None:
    """The sliver's only neighbour a space no store room's sliver may join (a toilet's
    function): the pocket stays as it was."""
    before = _sliver_floors(REQUIREMENTS)
    spaces = before[1].spaces
    toilet = [replace(s, function="toilet") if s.id == "party-room" else s for s in spaces]
    before[1] = replace(before[1], spaces=tuple(toilet))
    after = store_rooms_from_leftovers(before, REQUIREMENTS)
    assert not _store_rooms(after)[2]
    assert any(s.id == "unused-2F-1" and s.area > 7.9 for s in after[1].spaces)


#: A fitness room upstairs at the facade end of the party room's row, 0.3 m from it: the gap
#: between them and a strip along the facade under the party room run on from the pocket.
FITNESS = box(0, 0, 1.2, 4)
GAP_PARTY = box(1.5, 0.3, 10.8, 4)


def _gap_floors(req: Requirements) -> list[Floor]:
    floors = _floors(req)
    upper = [
        (s.id, s.function, s.polygon)
        for s in floors[1].spaces
        if s.id not in ("party-room", "unused-2F-1")
    ]
    pocket = POCKET_2F.union(box(1.2, 0, 10.8, 0.3)).union(box(1.2, 0, 1.5, 4))
    upper += [
        ("fitness", "sports", FITNESS),
        ("party-room", "party", GAP_PARTY),
        ("unused-2F-1", "unused", pocket),
    ]
    return [floors[0], _floor(2, upper, req)]


def test_a_sliver_never_joins_a_room_to_one_it_is_kept_apart_from() -> None:
    """The sliver wraps round the party room: taking it, the room would share a wall with the
    fitness room. Without a required separation it does; with one it keeps its outline."""
    after = store_rooms_from_leftovers(_gap_floors(REQUIREMENTS), REQUIREMENTS)
    grown = next(s.polygon for s in after[1].spaces if s.id == "party-room")
    assert grown.equals(box(1.2, 0, 10.8, 4))
    assert shared_wall_length(grown, FITNESS) > 3.9

    apart = Preference("separate", 8, quiet=("party-room",), noisy=("fitness",), required=True)
    strict = replace(REQUIREMENTS, preferences=(*REQUIREMENTS.preferences, apart))
    after = store_rooms_from_leftovers(_gap_floors(strict), strict)
    party = next(s.polygon for s in after[1].spaces if s.id == "party-room")
    assert party.equals(GAP_PARTY)
