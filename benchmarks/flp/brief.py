"""A facility-layout instance as an ordinary onezone brief (standard ``packing``).

Grid: the engine places rooms on a square grid. The facility's sides must be whole numbers
of cells (else the grid loses a strip of the floor, and zero-slack instances cannot fit), so
the cell is a whole fraction of the greatest common divisor of W and H (sides read to
thousandths), the coarsest one that gives at least ``MIN_CELLS`` cells along the longer
side on which every department has a shape of whole cells and the departments fit (a
coarse grid searches fast, a fine one comes closer to the continuous problem). The same rule
holds for every instance; nothing is chosen per instance by hand.

Units: the brief is in metres with the engine's default module; one instance unit is
``scale`` metres, so one cell is exactly ``MODULE_M``. Results are turned back into
instance units from the plan's geometry.

Areas: a room must cover at least ``1 - AREA_TOLERANCE`` of its area (the benchmark's
acceptance) and at most ``1 + AREA_EXCESS`` of it: on a grid an exact area is often no whole
number of cells with a shape in the limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from benchmarks.flp.instance import Instance
from layout.model.build import FLOW_SCALE

MODULE_M = 0.1
MIN_CELLS = 20
#: Divisors tried, coarsest cell first: cells stay "round" fractions of the facility.
DIVISORS = (1, 2, 4, 5, 10, 20, 25, 50, 100)
AREA_TOLERANCE = 0.001
#: A department may cover up to this much more than its area: on a grid an area is often no
#: whole number of cells with a shape in its limit. Published layouts have exact areas.
AREA_EXCESS = 0.05
NO_ASPECT_LIMIT = 100.0
#: The solver's objective counts flow × FLOW_SCALE × half cells: divide by this, times the
#: cell, for instance units.
FLOW_UNITS = 2 * FLOW_SCALE


@dataclass(frozen=True)
class Grid:
    cell: float  # instance units
    scale: float  # metres per instance unit


def grid_for(instance: Instance) -> Grid:
    """The cell: a whole fraction of gcd(W, H) (sides read to thousandths), the coarsest with at
    least MIN_CELLS cells along the longer side."""
    w = Fraction(repr(instance.width)).limit_denominator(1000)
    h = Fraction(repr(instance.height)).limit_denominator(1000)
    g = Fraction(math.gcd(w.numerator * h.denominator, h.numerator * w.denominator))
    g /= w.denominator * h.denominator
    for k in DIVISORS:
        cell = float(g / k)
        if max(w, h) / (g / k) >= MIN_CELLS and _fits(instance, cell):
            return Grid(cell, MODULE_M / cell)
    cell = float(g / DIVISORS[-1])
    return Grid(cell, MODULE_M / cell)


def _fits(instance: Instance, cell: float) -> bool:
    """Whether the grid can hold the instance at all: every department has a shape of whole
    cells within its area range and shape limit, and the smallest areas fit in the facility."""
    columns = round(instance.width / cell)
    rows = round(instance.height / cell)
    needed = 0
    for d in instance.departments:
        shapes = _shapes(d.area / cell**2, d.max_aspect, (d.min_side or 0) / cell, columns, rows)
        if not shapes:
            return False
        needed += min(a * b for a, b in shapes)
    return needed <= columns * rows


def _shapes(
    cells: float, aspect: float | None, side: float, columns: int, rows: int
) -> list[tuple[int, int]]:
    lo = math.ceil(cells * (1 - AREA_TOLERANCE) - 1e-9)
    hi = max(lo, math.floor(cells * (1 + AREA_EXCESS) + 1e-9))
    limit = aspect or NO_ASPECT_LIMIT
    return [
        (a, b)
        for a in range(max(1, math.ceil(side - 1e-9)), columns + 1)
        for b in range(max(1, math.ceil(side - 1e-9)), rows + 1)
        if lo <= a * b <= hi and max(a, b) <= limit * min(a, b) + 1e-9
    ]


def room_id(dept_id: int) -> str:
    return f"d{dept_id}"


def _num(value: float) -> str:
    return repr(round(value, 9))


def brief_toml(instance: Instance, grid: Grid, time_limit: float, seed: int, workers: int) -> str:
    """The brief's text: a rectangular footprint, one room per department, one flow per pair."""
    s = grid.scale
    w, h = instance.width * s, instance.height * s
    lines = [
        f"# {instance.name}: {instance.source}",
        f"# One instance unit = {s:g} m; one grid cell = {grid.cell:g} units = {MODULE_M:g} m.",
        "",
        "[site]",
        f'name = "UA-FLP {instance.name}"',
        'standard = "packing"',
        "",
        "[building]",
        "floors = 1",
        "",
        "[footprint]",
        f"polygon = [[0, 0], [{_num(w)}, 0], [{_num(w)}, {_num(h)}], [0, {_num(h)}]]",
        "",
        "[entrance]",
        "point = [0, 0]",
        "",
        "[layout]",
        f"module = {MODULE_M}",
        "",
        "[solver]",
        f"time_limit = {time_limit:g}",
        f"seed = {seed}",
        f"workers = {workers}",
    ]
    for d in instance.departments:
        lines += [
            "",
            "[[programme.add]]",
            f'id = "{room_id(d.id)}"',
            'function = "support"',
            f'name = "D{d.id}"',
            f"min_area = {_num(d.area * (1 - AREA_TOLERANCE) * s * s)}",
            f"max_area = {_num(d.area * (1 + AREA_EXCESS) * s * s)}",
            f"max_aspect = {_num(d.max_aspect or NO_ASPECT_LIMIT)}",
        ]
        if d.min_side is not None:
            lines.append(f"min_side = {_num(d.min_side * s)}")
    for a, b, f in instance.flows:
        if f <= 0:
            continue
        lines += [
            "",
            "[[preferences.add]]",
            'kind = "flow"',
            f'a = "{room_id(a)}"',
            f'b = "{room_id(b)}"',
            f"weight = {_num(f)}",
            'source = "instance flow"',
        ]
    return "\n".join(lines) + "\n"
