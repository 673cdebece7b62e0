"""A room that needs daylight and stands one module off the wall gets the strip in front of it.

The model may count a wall up to one coarse module away as a room's facade (a coarse plan
doubled is a valid fine plan); extraction then hands the room the strip between it and the
wall. Rooms that already had their facade used to reach their walls first, in the order they
were placed: the room above and the room below each took the strip's end cell, and the room
between was left 2.1 m of facade where daylight asks for 2.4 m (a generated brief's fitness
room: 1.80 m, a hard rule failed).
"""

from __future__ import annotations

from shapely.geometry import box
from test_properties import make_brief

from layout.extract import build_floor
from layout.programme import build_programme
from layout.site import prepare_site


def test_the_room_short_of_the_wall_takes_its_strip_first() -> None:
    brief = make_brief(box(0, 0, 18, 12), 1, 1.0, (9.0, 0.0))
    req, _engine, _standard = build_programme(brief)
    site = prepare_site(brief, 0.3)
    placed = [  # on the wall: the two halls; one module (0.3 m) off it: the reading room
        ("party-activity", "party", "党员活动室", (0, 19, 20, 21)),
        ("deliberation-hall", "deliberation", "议事厅", (0, 0, 20, 10)),
        ("reading", "culture", "阅览室", (1, 10, 20, 9)),
        ("corridor-1F-1", "circulation", "走廊", (21, 0, 6, 40)),
    ]
    floor = build_floor(1, site.footprints[1], site.frame, site.grids[1], placed, req, None)
    wall = floor.footprint.boundary.buffer(1e-4, join_style="mitre")
    facade = {s.id: s.polygon.boundary.intersection(wall).length for s in floor.spaces}
    assert facade["reading"] >= req.design.daylight_facade_m
    assert facade["reading"] > 2.7 - 1e-3  # the whole strip in front of it
    assert min(facade["party-activity"], facade["deliberation-hall"]) >= 9.0
