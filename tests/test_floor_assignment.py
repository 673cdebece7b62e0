"""Rooms go to the ground floor until it can be used in full.

A building large for its programme (900 m² a floor on three floors, programme at 0.7) leaves
each floor half empty when rooms are spread for balance: the ground floor then keeps pockets
no room reaches (generated briefs showed 8–13 % of it unused), while upstairs the space the
centre does not use is simply an unused block. The assignment fills the ground floor first.
"""

from __future__ import annotations

import math

from shapely.geometry import box
from test_properties import make_brief

from layout.model.floors import assign_floors
from layout.programme import build_programme, circulation_estimate_m2
from layout.site import prepare_site


def _ground_reach(dims: tuple[float, float], floors: int, scale: float) -> tuple[float, float]:
    """(the ground floor's rooms at their maximum areas plus its circulation, the area the
    floor must use) for a rectangular footprint."""
    brief = make_brief(box(0, 0, *dims), floors, scale, (dims[0] / 2, 0.0))
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    usable = {lv: site.usable_m2(lv) for lv in site.levels}
    length = max(dims)
    assigned = assign_floors(req, engine, usable, length, engine.stairs, 0, 5.0, True)
    assert assigned is not None
    assert set(assigned.values()) == set(site.levels)  # every floor keeps rooms (toilets)
    specs = {r.id: r for r in req.rooms}
    reach = sum(specs[r].max_area for r, lv in assigned.items() if lv == 1)
    reach += circulation_estimate_m2(1, engine, engine.stairs, length)
    need = math.ceil((1 - req.design.ground_unassigned_max) * usable[1])
    return reach, need


def test_a_large_building_gets_enough_rooms_downstairs_to_fill_the_ground_floor() -> None:
    reach, need = _ground_reach((36, 25), 3, 0.7)
    assert reach >= need
