"""The site in the solving frame: every floor's usable grid and the entrance cell."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from shapely.geometry import Point, Polygon

from layout.brief import Brief
from layout.frame import (
    Frame,
    Grid,
    StreetFront,
    grid_size,
    make_frame,
    nearest_usable_cell,
    rasterise,
    street_front_walls,
)

#: The coarse grid used to find a first plan quickly is this many modules wide.
COARSE_FACTOR = 2


@dataclass(frozen=True)
class Site:
    """Every floor's usable grid in the solving frame, and the entrance cell on the ground floor.

    A site on the planning module comes with a coarse twin (``coarse``) on a double module,
    sharing its frame: a coarse cell is usable exactly when its four fine cells are, and the
    fine entrance cell lies inside the coarse one, so a coarse plan doubled is a fine plan.
    """

    frame: Frame
    grids: dict[int, Grid]
    footprints: dict[int, Polygon]  # brief coordinates
    entrance_cell: tuple[int, int]
    coarse: Site | None = None
    #: The street front through the entrance, on this site's grid.
    street_front: StreetFront | None = None

    @property
    def levels(self) -> list[int]:
        return sorted(self.grids)

    def usable_m2(self, level: int) -> float:
        return self.grids[level].cells * self.frame.module**2


def prepare_site(brief: Brief, module: float) -> Site:
    levels = list(range(1, brief.floors + 1))
    footprints = {lv: brief.footprint_for(lv) for lv in levels}
    frame = make_frame([footprints[lv] for lv in levels], module)
    entrance = frame.to_frame(Point(brief.entrance))

    def grids_at(step: float) -> dict[int, Grid]:
        in_frame = {lv: frame.to_frame(p) for lv, p in footprints.items()}
        width, height = grid_size(list(in_frame.values()), step)
        return {lv: rasterise(p, step, width, height) for lv, p in in_frame.items()}

    ground = frame.to_frame(footprints[1])
    coarse_module = module * COARSE_FACTOR
    coarse_grids = grids_at(coarse_module)
    grids = grids_at(module)
    if coarse_grids[1].cells:
        cx, cy = nearest_usable_cell(coarse_grids[1], entrance, coarse_module)
        inside = [(COARSE_FACTOR * cx + a, COARSE_FACTOR * cy + b) for a in (0, 1) for b in (0, 1)]
        cell = min(inside, key=lambda c: _distance(c, entrance, module))
        coarse = Site(
            replace(frame, module=coarse_module),
            coarse_grids,
            footprints,
            (cx, cy),
            street_front=street_front_walls(ground, entrance, coarse_module),
        )
    else:
        cell = nearest_usable_cell(grids[1], entrance, module) if grids[1].cells else (0, 0)
        coarse = None
    return Site(
        frame=frame,
        grids=grids,
        footprints=footprints,
        entrance_cell=cell,
        coarse=coarse,
        street_front=street_front_walls(ground, entrance, module),
    )


def _distance(cell: tuple[int, int], point: Point, module: float) -> float:
    return math.hypot((cell[0] + 0.5) * module - point.x, (cell[1] + 0.5) * module - point.y)
