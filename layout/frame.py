"""The solving frame: the footprint turned so its main direction is the x axis, on a grid.

Rooms are axis-aligned rectangles on a grid of ``module`` metres in this frame; the frame maps
them back to the brief's coordinates. Cells only partly inside the footprint are left out, so
non-rectilinear walls are approximated from the inside.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import Point, Polygon

from constraints.plan_view import Edge, street_front_edges


@dataclass(frozen=True)
class Frame:
    """Rotation by ``-angle`` degrees about the origin, then a shift so the grid starts at 0."""

    angle: float
    origin: tuple[float, float]  # rotated-frame point that becomes grid (0, 0)
    module: float

    def to_frame(self, geom):
        """Brief coordinates (m) → frame coordinates (m) with the grid origin at (0, 0)."""
        turned = affinity.rotate(geom, -self.angle, origin=(0, 0))
        return affinity.translate(turned, -self.origin[0], -self.origin[1])

    def to_world(self, geom):
        """Frame coordinates (m) → brief coordinates (m)."""
        shifted = affinity.translate(geom, self.origin[0], self.origin[1])
        return affinity.rotate(shifted, self.angle, origin=(0, 0))

    def cell_rect(self, x: int, y: int, w: int, h: int) -> Polygon:
        """A grid rectangle (in modules) as a polygon in brief coordinates."""
        g = self.module
        return self.to_world(shapely.box(x * g, y * g, (x + w) * g, (y + h) * g))


def main_direction(polygon: Polygon) -> float:
    """The footprint's main direction in degrees, in [0, 90): the edge direction (mod 90°)
    carrying the most wall length. Edges within 0.01° count as one direction, whose angle is
    their length-weighted mean, so walls that are parallel up to rounding align exactly."""
    groups: dict[float, list[tuple[float, float]]] = {}
    for ring in [polygon.exterior, *polygon.interiors]:
        for (x0, y0), (x1, y1) in itertools.pairwise(list(ring.coords)):
            length = math.hypot(x1 - x0, y1 - y0)
            if length < 1e-9:
                continue
            angle = math.degrees(math.atan2(y1 - y0, x1 - x0)) % 90.0
            key = round(angle, 2) % 90.0
            groups.setdefault(key, []).append((angle, length))
    key, members = max(groups.items(), key=lambda kv: (sum(m[1] for m in kv[1]), -kv[0]))
    # Angles just under 90° belong with those just over 0°: measure them from the key.
    offsets = [((a - key + 45.0) % 90.0) - 45.0 for a, _ in members]
    total = sum(length for _, length in members)
    mean = key + sum(o * length for o, (_, length) in zip(offsets, members, strict=True)) / total
    mean %= 90.0
    return 0.0 if mean < 1e-9 or 90.0 - mean < 1e-9 else mean


def make_frame(footprints: list[Polygon], module: float) -> Frame:
    """A frame aligned with the ground floor's main direction covering every floor."""
    angle = main_direction(footprints[0])
    turned = [affinity.rotate(p, -angle, origin=(0, 0)) for p in footprints]
    minx = min(p.bounds[0] for p in turned)
    miny = min(p.bounds[1] for p in turned)
    return Frame(angle=angle, origin=(minx, miny), module=module)


@dataclass(frozen=True)
class Grid:
    """Usable cells of one floor: ``usable[j, i]`` is cell column i, row j."""

    usable: np.ndarray

    @property
    def width(self) -> int:
        return int(self.usable.shape[1])

    @property
    def height(self) -> int:
        return int(self.usable.shape[0])

    @property
    def cells(self) -> int:
        return int(self.usable.sum())


#: Cells may cross a wall by this much (m): walls given to the millimetre are never exactly
#: parallel to the grid. Extraction clips every space back to the real footprint.
WALL_TOLERANCE_M = 0.001


def rasterise(footprint_in_frame: Polygon, module: float, width: int, height: int) -> Grid:
    """Cells of ``module`` inside the footprint (and outside its holes), up to the wall
    tolerance."""
    eps = WALL_TOLERANCE_M
    xs = np.arange(width) * module
    ys = np.arange(height) * module
    gx, gy = np.meshgrid(xs, ys)
    boxes = shapely.box(gx + eps, gy + eps, gx + module - eps, gy + module - eps)
    shapely.prepare(footprint_in_frame)
    inside = shapely.contains(footprint_in_frame, boxes)
    return Grid(usable=np.asarray(inside, dtype=bool))


def grid_size(footprints_in_frame: list[Polygon], module: float) -> tuple[int, int]:
    maxx = max(p.bounds[2] for p in footprints_in_frame)
    maxy = max(p.bounds[3] for p in footprints_in_frame)
    return math.ceil(maxx / module - 1e-9), math.ceil(maxy / module - 1e-9)


def blocked_rectangles(grid: Grid) -> list[tuple[int, int, int, int]]:
    """Cover the unusable cells with few rectangles (x, y, w, h): row runs merged upward."""
    rects: list[tuple[int, int, int, int]] = []
    open_runs: dict[tuple[int, int], tuple[int, int]] = {}  # (x0, x1) -> (y0, h)
    for j in range(grid.height + 1):
        runs = set(_runs(~grid.usable[j])) if j < grid.height else set()
        for key in list(open_runs):
            if key not in runs:
                y0, h = open_runs.pop(key)
                rects.append((key[0], y0, key[1] - key[0], h))
        for key in runs:
            if key in open_runs:
                y0, h = open_runs[key]
                open_runs[key] = (y0, h + 1)
            else:
                open_runs[key] = (j, 1)
    return sorted(rects)


def _runs(row: np.ndarray) -> list[tuple[int, int]]:
    runs = []
    start = None
    for i, value in enumerate(row):
        if value and start is None:
            start = i
        elif not value and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(row)))
    return runs


def nearest_usable_cell(grid: Grid, point_in_frame: Point, module: float) -> tuple[int, int]:
    """The usable cell closest to a point (the entrance), as (column, row)."""
    js, is_ = np.nonzero(grid.usable)
    cx = (is_ + 0.5) * module
    cy = (js + 0.5) * module
    d = np.hypot(cx - point_in_frame.x, cy - point_in_frame.y)
    k = int(np.argmin(d))
    return int(is_[k]), int(js[k])


@dataclass(frozen=True)
class FacadeRun:
    """A straight run of cell edges with usable cells on one side and outside on the other.

    ``side`` names the side of a space that would lie on it: "left" means the run is the
    x = ``line`` edge with outside to the left. ``lo``..``hi`` is its extent along the run.
    """

    side: str  # "left" | "right" | "bottom" | "top"
    line: int
    lo: int
    hi: int

    @property
    def length(self) -> int:
        return self.hi - self.lo


def facade_runs(grid: Grid, outside_only: bool = False) -> list[FacadeRun]:
    """Every maximal straight run of the floor's outer walls (footprint and holes) on the grid;
    with ``outside_only``, of the footprint's own walls only: a door onto a courtyard is no way
    out of the building.

    Why on the grid: the model reasons in modules; a room whose side lies on a run touches the
    real facade (within the wall tolerance) along that run.
    """
    u = np.pad(grid.usable, 1, constant_values=False)
    beyond = np.pad(outside_cells(grid), 1, constant_values=True) if outside_only else ~u
    runs: list[FacadeRun] = []
    # Vertical edges: x = i between column i-1 and i (padded indices shift by one).
    for side, outer in (("left", -1), ("right", 1)):
        for i in range(grid.width):
            edge = u[1:-1, i + 1] & beyond[1:-1, i + 1 + outer]
            line = i if side == "left" else i + 1
            runs += [FacadeRun(side, line, a, b) for a, b in _runs(edge)]
    for side, outer in (("bottom", -1), ("top", 1)):
        for j in range(grid.height):
            edge = u[j + 1, 1:-1] & beyond[j + 1 + outer, 1:-1]
            line = j if side == "bottom" else j + 1
            runs += [FacadeRun(side, line, a, b) for a, b in _runs(edge)]
    return runs


def outside_cells(grid: Grid) -> np.ndarray:
    """Blocked cells joined to the frame's border through blocked cells (side by side): the
    outdoors around the footprint, not a courtyard enclosed by it."""
    blocked = np.pad(~grid.usable, 1, constant_values=True)
    outside = np.zeros_like(blocked)
    outside[0, :] = outside[-1, :] = outside[:, 0] = outside[:, -1] = True
    while True:
        grown = outside.copy()
        grown[1:, :] |= outside[:-1, :]
        grown[:-1, :] |= outside[1:, :]
        grown[:, 1:] |= outside[:, :-1]
        grown[:, :-1] |= outside[:, 1:]
        grown &= blocked
        if np.array_equal(grown, outside):
            return outside[1:-1, 1:-1]
        outside = grown


#: A wall that strays from a grid line by less than this share of a module over its whole
#: length is straight on the grid (walls typed to the millimetre): its facade runs stand for it.
STRAIGHT_DRIFT_CELLS = 0.1


@dataclass(frozen=True)
class GridWall:
    """A straight outer wall in grid units (modules from the grid origin), maybe slanted to
    the grid.

    ``side`` names the side of a space that would face it, as for a ``FacadeRun``; along that
    side the wall lies at ``across = at + slope * along`` (|slope| ≤ 1: the wall is nearer
    this side's direction than the other's), for ``along`` from ``lo`` to ``hi``. A slanted
    wall is a staircase of short runs on the grid; a space that reaches the staircase where
    the wall is nearest to it takes the wedge in front of it when the plan is drawn
    (``layout.extract``) and so touches the real wall along its whole side.
    """

    side: str
    at: float
    slope: float
    lo: float
    hi: float

    @property
    def slanted(self) -> bool:
        return abs(self.slope) * (self.hi - self.lo) >= STRAIGHT_DRIFT_CELLS

    @property
    def outward(self) -> int:
        """+1 where outside lies towards larger ``across`` (right, top), else -1."""
        return 1 if self.side in ("right", "top") else -1

    @property
    def from_low_end(self) -> bool:
        """Whether the wall recedes outward as ``along`` grows: a space's side against it is
        nearest the wall at its low end (else at its high end)."""
        return self.outward * self.slope > 0

    @property
    def first(self) -> int:
        """The first whole grid line along the wall."""
        return math.ceil(self.lo - 1e-6)

    @property
    def last(self) -> int:
        """The last whole grid line along the wall."""
        return math.floor(self.hi + 1e-6)


@dataclass(frozen=True)
class StreetFront:
    """The street front's walls in grid units (``constraints.plan_view.street_front_edges``),
    and the entrance's own wall among them."""

    walls: tuple[GridWall, ...]
    entrance: int

    @property
    def entrance_wall(self) -> GridWall:
        return self.walls[self.entrance]

    @property
    def on_grid(self) -> bool:
        """One wall along the grid: its facade runs stand for the street front."""
        return len(self.walls) == 1 and not self.walls[0].slanted


def street_front_walls(
    footprint_in_frame: Polygon, entrance_in_frame: Point, module: float
) -> StreetFront:
    """The street front through the entrance as walls on the grid of ``module``."""
    edges, entrance = street_front_edges(footprint_in_frame, entrance_in_frame)
    walls = tuple(_grid_wall(footprint_in_frame, edge, module) for edge in edges)
    return StreetFront(walls=walls, entrance=entrance)


def _grid_wall(footprint_in_frame: Polygon, edge: Edge, module: float) -> GridWall:
    (x1, y1), (x2, y2) = edge
    dx, dy = x2 - x1, y2 - y1
    vertical = abs(dy) >= abs(dx)  # the wall runs nearer the y axis: spaces face it sideways
    if vertical:
        along0, along1, across0, across1 = y1, y2, x1, x2
    else:
        along0, along1, across0, across1 = x1, x2, y1, y2
    slope = (across1 - across0) / (along1 - along0)
    # Outside lies on the side a step off the wall's middle away from the footprint.
    step = 0.01 * module
    mid_x, mid_y = (x1 + x2) / 2, (y1 + y2) / 2
    probe = Point(mid_x + step, mid_y) if vertical else Point(mid_x, mid_y + step)
    positive_outside = not footprint_in_frame.contains(probe)
    if vertical:
        side = "right" if positive_outside else "left"
    else:
        side = "top" if positive_outside else "bottom"
    at = (across0 - slope * along0) / module
    lo, hi = sorted((along0 / module, along1 / module))
    return GridWall(side=side, at=at, slope=slope, lo=lo, hi=hi)
