"""The whole-plan objective prices the ground floor's shortfall a few times an uncovered
upstairs m², not ten preference units per cell: at that weight the last ground cells drowned
the upstairs block and fragment terms, and on 30 generated briefs (10 s, deterministic) two
plans failed the unused-block or fragments check that pass at three units per m²."""

from __future__ import annotations

from shapely.geometry import box
from test_properties import make_brief

from layout.model.build import FloorGrid, LayoutModel
from layout.programme import build_programme
from layout.site import prepare_site


def _two_storeys() -> LayoutModel:
    brief = make_brief(box(0, 0, 36, 21), 2, 0.8)
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    floors = [FloorGrid(level, site.grids[level]) for level in (1, 2)]
    return LayoutModel(req, engine, floors, site.entrance_cell, 2)


def test_a_ground_m2_short_costs_a_few_uncovered_upstairs_m2_not_more() -> None:
    layout = _two_storeys()
    cells_per_m2 = 1 / layout.module**2
    short_per_m2 = layout.shortfall_weight() * cells_per_m2
    uncovered_per_m2 = layout.uncovered_weight() * cells_per_m2
    preference_unit = layout.cells(10.0)  # objective units of one unit of preference weight
    assert uncovered_per_m2 < short_per_m2 <= 5 * uncovered_per_m2
    assert layout.shortfall_weight() < preference_unit  # it was ten units per cell
