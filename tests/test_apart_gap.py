"""Rooms kept apart stay as far apart as the model placed them.

The model keeps a quiet and a noisy room a corridor's width apart (1.8 m). Extraction let
each room grow towards the other as long as they did not touch: in a replayed generated plan
the children's room reached 1.2 m into the gap beside it, and the 0.6 m strip left between it
and the party room was a 2.5 m² fragment neither could take.
"""

from __future__ import annotations

from shapely.geometry import box
from test_properties import make_brief

from layout.extract import build_floor
from layout.programme import build_programme
from layout.site import prepare_site


def test_no_sliver_between_rooms_kept_apart() -> None:
    brief = make_brief(box(0, 0, 20, 12), 1, 1.0, (10.0, 0.0))
    req, _engine, _standard = build_programme(brief)
    site = prepare_site(brief, 0.3)
    placed = [  # the gap x 6.0-7.8, y 6.0-12.0 is free floor up to the north wall
        ("children", "culture", "儿童活动室", (0, 20, 20, 20)),
        ("party-activity", "party", "党员活动室", (26, 10, 20, 30)),
        ("toilet-1F", "toilet", "卫生间", (18, 10, 8, 10)),
        ("corridor-1F-1", "circulation", "走廊", (0, 0, 66, 6)),
        ("police", "safety", "警务室", (0, 6, 18, 14)),
    ]
    floor = build_floor(1, site.footprints[1], site.frame, site.grids[1], placed, req, None)
    spaces = {s.id: s.polygon for s in floor.spaces}
    assert spaces["children"].distance(spaces["party-activity"]) >= req.corridor_width_m - 1e-6
    slivers = [
        (s.id, round(s.area, 2))
        for s in floor.spaces
        if s.function == "unused" and s.area < req.design.fragment_min_m2
    ]
    assert slivers == []
