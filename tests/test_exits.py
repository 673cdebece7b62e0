"""A ground-floor wing beyond the egress limit gets an exit door where its corridor meets the
outer wall (``layout.exits``); the checker's egress rule measures the result."""

from __future__ import annotations

from shapely.geometry import Point, Polygon, box
from test_checker import REQUIREMENTS

from constraints.plan_view import OUTSIDE, PlanView
from constraints.requirements import Requirements
from constraints.rules.design import egress_distances
from layout.exits import exits_within_egress
from layout.openings import place_doors
from layout.plan import Door, Floor, Plan, Space

#: A storey 110 m long: the lobby at the main door (60, 0), a corridor the whole length.
#: The corridor's one exit goes to its end farthest from the main door (the west end); the
#: grid station at the east end walks about 50 m to the main door.
CORRIDOR = box(0, 4, 110, 6)
ROOMS = {
    "police-room": box(0, 6, 10, 10),
    "grid-station": box(100, 6, 110, 10),
    "lobby": box(56, 0, 64, 4),
    "corridor-1F": CORRIDOR,
}


FUNCTIONS = {
    "police-room": "safety",
    "grid-station": "safety",
    "lobby": "circulation",
    "corridor-1F": "circulation",
}


def _ground(footprint: Polygon, rooms: dict[str, Polygon] = ROOMS) -> Floor:
    doors = place_doors(rooms, FUNCTIONS, REQUIREMENTS, footprint, Point(60, 0), 1)
    return Floor(
        1,
        footprint,
        tuple(Space(sid, FUNCTIONS[sid], sid, shape) for sid, shape in rooms.items()),
        tuple(Door(f"D1-{k:02d}", d.space, d.to, d.segment) for k, d in enumerate(doors, 1)),
    )


def egress_of(floor: Floor, req: Requirements) -> dict[str, tuple[float, int]]:
    """The checker's egress measure on the floor, read back from the plan as written."""
    plan = Plan("test", "test", "HANDMADE", 0.0, 0.0, (floor,), req).to_dict()
    view = PlanView.from_dict(plan).floors[0]
    return egress_distances(view, ["police-room", "grid-station"], req.design.doors_apart_m)


def _exits(floor: Floor) -> list[Door]:
    return [d for d in floor.doors if d.to == OUTSIDE]


def test_a_wing_beyond_the_limit_gets_an_exit_where_its_corridor_meets_the_facade() -> None:
    before = _ground(box(0, 0, 110, 10))
    assert len(_exits(before)) == 2  # the main door and the west end's exit
    far, exits = egress_of(before, REQUIREMENTS)["grid-station"]
    assert exits == 2 and far > REQUIREMENTS.design.egress_two_exits_m

    [after] = exits_within_egress([before], REQUIREMENTS)
    [added] = [d for d in after.doors if d not in before.doors]
    assert added.to == OUTSIDE and added.space == "corridor-1F"
    assert added.id not in {d.id for d in before.doors}
    assert abs(added.width - REQUIREMENTS.design.two_doors_width_m) < 1e-6
    (x1, _y1), (x2, _y2) = added.segment
    assert abs(x1 - 110) < 1e-3 and abs(x2 - 110) < 1e-3  # the corridor's east end
    measured = egress_of(after, REQUIREMENTS)
    assert all(far <= REQUIREMENTS.design.egress_two_exits_m for far, _n in measured.values())


def test_a_floor_within_the_limit_keeps_its_doors() -> None:
    """The grid station 20 m nearer the main door: every walk within the limit."""
    nearer = {**ROOMS, "grid-station": box(80, 6, 90, 10)}
    floor = _ground(box(0, 0, 110, 10), nearer)
    assert all(far <= 40 for far, _n in egress_of(floor, REQUIREMENTS).values())
    assert exits_within_egress([floor], REQUIREMENTS) == (floor,)


def test_no_exit_onto_a_courtyard() -> None:
    """The corridor's east end meets a courtyard, not the street: no way out there."""
    courtyard = box(110, 2, 114, 8)
    footprint = Polygon(box(0, 0, 120, 10).exterior.coords, [courtyard.exterior.coords])
    before = _ground(footprint)
    far, _exits_reached = egress_of(before, REQUIREMENTS)["grid-station"]
    assert far > REQUIREMENTS.design.egress_two_exits_m
    [after] = exits_within_egress([before], REQUIREMENTS)
    assert _exits(after) == _exits(before)
