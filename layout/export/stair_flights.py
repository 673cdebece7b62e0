"""Where a stair's flights go inside its enclosure.

A stair enclosure along a slanted wall follows the wall (it takes the wedge between its
flights and the facade), so its outline is no rectangle; the flights are. Drawings put the
treads, the well line and the arrow in the largest rectangle the enclosure holds.
"""

from __future__ import annotations

import itertools

from shapely.geometry import Polygon, box

#: Area (m²) a rectangle may stick out of the enclosure and still count as inside it: the
#: plan's coordinates are rounded to micrometres.
INSIDE_EPS_M2 = 1e-6


def flights_rectangle(local: Polygon) -> tuple[float, float, float, float]:
    """Bounds of the largest axis-parallel rectangle inside ``local`` (an enclosure turned so
    its flights run along the axes) with its sides on the enclosure's corner coordinates;
    the enclosure's own bounds when it is a rectangle."""
    bounds = local.bounds
    if box(*bounds).difference(local).area <= INSIDE_EPS_M2:
        return bounds
    xs = sorted({round(x, 6) for x, _y in local.exterior.coords})
    ys = sorted({round(y, 6) for _x, y in local.exterior.coords})
    best, best_area = bounds, 0.0
    for (x0, x1), (y0, y1) in itertools.product(
        itertools.combinations(xs, 2), itertools.combinations(ys, 2)
    ):
        area = (x1 - x0) * (y1 - y0)
        if area > best_area and box(x0, y0, x1, y1).difference(local).area <= INSIDE_EPS_M2:
            best, best_area = (x0, y0, x1, y1), area
    return best
