"""Walking distances along a floor's circulation, measured on the plan's geometry alone.

Why a raster: circulation outlines are unions of corridors, halls and pieces grown to the
walls, often not convex; shortest paths on a fine grid with diagonal steps follow any outline.
Octile steps overestimate straight-line walking by at most 8 %, so the measure is on the safe
side of an egress limit.
"""

from __future__ import annotations

import heapq
import math

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.ops import unary_union

#: Raster cell (m): fine against corridor widths of 1.5–1.8 m.
CELL_M = 0.2
_STEPS = [(dx, dy, math.hypot(dx, dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy]


class WalkMap:
    """Distances from a set of points (exits, toilets) through the circulation of one floor."""

    def __init__(self, circulation: list[Polygon]) -> None:
        self.area = unary_union(circulation) if circulation else Polygon()
        minx, miny, maxx, maxy = self.area.bounds if not self.area.is_empty else (0, 0, 0, 0)
        self.origin = (minx, miny)
        self.nx = max(1, math.ceil((maxx - minx) / CELL_M))
        self.ny = max(1, math.ceil((maxy - miny) / CELL_M))
        xs = minx + (np.arange(self.nx) + 0.5) * CELL_M
        ys = miny + (np.arange(self.ny) + 0.5) * CELL_M
        gx, gy = np.meshgrid(xs, ys)
        if self.area.is_empty:
            self.free = np.zeros((self.ny, self.nx), dtype=bool)
        else:
            shapely.prepare(self.area)
            self.free = shapely.contains_xy(self.area, gx, gy)

    def cell_of(self, point: Point) -> tuple[int, int] | None:
        """The free cell nearest a point on the circulation's edge (a door), or None."""
        if not self.free.any():
            return None
        js, is_ = np.nonzero(self.free)
        cx = self.origin[0] + (is_ + 0.5) * CELL_M
        cy = self.origin[1] + (js + 0.5) * CELL_M
        d = np.hypot(cx - point.x, cy - point.y)
        k = int(np.argmin(d))
        if d[k] > 2 * CELL_M:
            return None
        return int(is_[k]), int(js[k])

    def distances(self, sources: list[Point]) -> np.ndarray:
        """Walking distance (m) from the nearest source to every cell (inf: unreachable)."""
        dist = np.full((self.ny, self.nx), np.inf)
        heap: list[tuple[float, int, int]] = []
        for point in sources:
            cell = self.cell_of(point)
            if cell is None:
                continue
            i, j = cell
            start = math.hypot(
                self.origin[0] + (i + 0.5) * CELL_M - point.x,
                self.origin[1] + (j + 0.5) * CELL_M - point.y,
            )
            if start < dist[j, i]:
                dist[j, i] = start
                heapq.heappush(heap, (start, i, j))
        while heap:
            d, i, j = heapq.heappop(heap)
            if d > dist[j, i]:
                continue
            for dx, dy, step in _STEPS:
                a, b = i + dx, j + dy
                if 0 <= a < self.nx and 0 <= b < self.ny and self.free[b, a]:
                    # A diagonal step may not cut a wall corner.
                    if dx and dy and not (self.free[j, a] and self.free[b, i]):
                        continue
                    nd = d + step * CELL_M
                    if nd < dist[b, a]:
                        dist[b, a] = nd
                        heapq.heappush(heap, (nd, a, b))
        return dist

    def distance_at(self, dist: np.ndarray, point: Point) -> float:
        cell = self.cell_of(point)
        if cell is None:
            return math.inf
        i, j = cell
        return float(dist[j, i])
