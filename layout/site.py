"""The site in the solving frame: every floor's usable grid and the entrance cell."""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry import Point, Polygon

from layout.brief import Brief
from layout.frame import Frame, Grid, grid_size, make_frame, nearest_usable_cell, rasterise


@dataclass(frozen=True)
class Site:
    frame: Frame
    grids: dict[int, Grid]
    footprints: dict[int, Polygon]  # brief coordinates
    entrance_cell: tuple[int, int]

    @property
    def levels(self) -> list[int]:
        return sorted(self.grids)

    def usable_m2(self, level: int) -> float:
        return self.grids[level].cells * self.frame.module**2


def prepare_site(brief: Brief, module: float) -> Site:
    levels = list(range(1, brief.floors + 1))
    footprints = {lv: brief.footprint_for(lv) for lv in levels}
    frame = make_frame([footprints[lv] for lv in levels], module)
    in_frame = {lv: frame.to_frame(p) for lv, p in footprints.items()}
    width, height = grid_size(list(in_frame.values()), module)
    grids = {lv: rasterise(p, module, width, height) for lv, p in in_frame.items()}
    entrance = frame.to_frame(Point(brief.entrance))
    cell = nearest_usable_cell(grids[1], entrance, module) if grids[1].cells else (0, 0)
    return Site(frame=frame, grids=grids, footprints=footprints, entrance_cell=cell)
