"""Doors open onto the body of a corridor, as the model placed it, where they can: a leftover
piece the corridor took at extraction may hang on it by a neck nobody walks through."""

from __future__ import annotations

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
