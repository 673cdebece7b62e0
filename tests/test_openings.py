"""Doors open onto the body of a corridor, as the model placed it, where they can: a leftover
piece the corridor took at extraction may hang on it by a neck nobody walks through."""

from __future__ import annotations

from dataclasses import replace

from shapely.geometry import LineString, Point, Polygon, box
from test_checker import REQUIREMENTS

from layout.openings import place_doors


def test_a_room_door_opens_onto_the_corridor_body_not_onto_a_piece_hung_on_it() -> None:
    """The display zone (0–8 × 4–10) meets the corridor's body (5–20 × 2–4) along 3 m, and a
    triangle the corridor took (under the zone's west part, joined to the body by a neck 5 cm
    wide at (5, 2)) along 4.9 m: by length alone the door would open onto the triangle."""
    body = box(5, 2, 20, 4)
    triangle = Polygon([(0, 4), (4.9, 4), (5, 2.05), (5, 2)])
    corridor = body.union(triangle)
    assert isinstance(corridor, Polygon)
    shapes = {"display-zone": box(0, 4, 8, 10), "corridor-1F": corridor}
    functions = {"display-zone": "display", "corridor-1F": "circulation"}
    footprint = box(0, 0, 20, 10)
    entrance = Point(10, 0)

    def display_door(bodies):
        doors = place_doors(shapes, functions, REQUIREMENTS, footprint, entrance, 1, bodies)
        [door] = [d for d in doors if d.space == "display-zone"]
        return LineString(door.segment)

    assert display_door(None).within(LineString([(0, 4), (4.9, 4)]).buffer(1e-3))  # by length
    door = display_door({"corridor-1F": body})
    assert door.within(LineString([(5, 4), (8, 4)]).buffer(1e-3))


def _doors_by_space(
    room_id: str, shapes: dict[str, Polygon], street_front: tuple[str, ...]
) -> dict[str, list[LineString]]:
    """Where ``room_id``'s doors open (by circulation space) when the standard puts
    ``street_front`` at the entrance; every space but the room is circulation."""
    req = replace(REQUIREMENTS, design=replace(REQUIREMENTS.design, street_front=street_front))
    functions = {sid: "circulation" for sid in shapes} | {room_id: "service"}
    footprint = box(0, 0, 30, 12)
    found: dict[str, list[LineString]] = {}
    for door in place_doors(shapes, functions, req, footprint, Point(12, 0), 1):
        if door.space == room_id:
            found.setdefault(door.to, []).append(LineString(door.segment))
    return found


def test_a_street_front_room_opens_off_the_lobby_though_its_corridor_wall_is_longer() -> None:
    """The display zone (14–22 × 0–6) meets the lobby at the main door along 6 m and the
    corridor behind along 8 m: by length its door opens onto the corridor; as a room the
    standard puts at the entrance, off the lobby, seen from the main door."""
    shapes = {
        "lobby": box(10, 0, 14, 6),
        "corridor-1F": box(10, 6, 30, 8),
        "display-zone": box(14, 0, 22, 6),
    }
    assert set(_doors_by_space("display-zone", shapes, ())) == {"corridor-1F"}
    assert set(_doors_by_space("display-zone", shapes, ("display-zone",))) == {"lobby"}


def test_a_street_front_hall_with_two_doors_has_one_of_them_on_the_lobby() -> None:
    """The service hall (0–24 × 2–8, 144 m²: two doors at least 5 m apart) meets the
    corridor along its back (24 m) and a vestibule at the main door (10–14 × 0–2) along 4 m:
    the two doors farthest apart are both on the corridor; as a street-front room one opens
    off the vestibule and the other stays on the corridor, at least 5 m from it."""
    shapes = {
        "lobby": box(10, 0, 14, 2),
        "corridor-1F": box(0, 8, 30, 10),
        "service-hall": box(0, 2, 24, 8),
    }
    by_length = _doors_by_space("service-hall", shapes, ())
    assert {k: len(v) for k, v in by_length.items()} == {"corridor-1F": 2}
    doors = _doors_by_space("service-hall", shapes, ("service-hall",))
    assert {k: len(v) for k, v in doors.items()} == {"lobby": 1, "corridor-1F": 1}
    [front], [back] = doors["lobby"], doors["corridor-1F"]
    assert front.distance(back) >= REQUIREMENTS.design.doors_apart_m
    assert front.length >= REQUIREMENTS.design.two_doors_width_m - 1e-6


def test_a_corridor_exit_opens_to_the_street_side_never_onto_a_courtyard() -> None:
    """The corridor (0–30 × 4–6) meets the outer wall at its west end and a courtyard
    (30–34 × 2–8) at its east end, the end farther from the main door at (5, 0)."""
    courtyard = box(30, 2, 34, 8)
    footprint = Polygon(box(0, 0, 40, 10).exterior.coords, [courtyard.exterior.coords])
    shapes = {"corridor-1F": box(0, 4, 30, 6)}
    doors = place_doors(
        shapes, {"corridor-1F": "circulation"}, REQUIREMENTS, footprint, Point(5, 0), 1
    )
    [exit_door] = [LineString(d.segment) for d in doors if d.to == "outside"]
    assert exit_door.distance(courtyard.exterior) > 1.0
    assert exit_door.within(LineString([(0, 4), (0, 6)]).buffer(1e-3))
