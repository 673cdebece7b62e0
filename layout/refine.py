"""Off the grid: a plain packing's rectangles placed and sized freely, keeping the relative
positions the grid search found.

On a grid a department's area is a whole number of cells and its sides whole cells; where the
departments' total area fills the facility, the grid leaves no room to move. With every pair's
relation fixed (left of, right of, below, above), what is left is a linear programme in the
rectangles' edges (GLOP) but for the area ``w·h ≥ A``, a convex region: it is held by tangent
cuts ``h₀·w + w₀·h ≥ 2A``, added where the solution falls short until every area holds. The
result keeps no-overlap and containment by construction and is checked again afterwards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ortools.linear_solver import pywraplp

from constraints.standard import RoomSpec
from layout.model.spaces import Placement

#: A rectangle's area is asked this much above its minimum, so rounding the coordinates to the
#: micrometre of ``plan.json`` never takes it below.
AREA_MARGIN = 1e-5
#: Shape limits are asked this much inside their figure, for the same reason.
SHAPE_MARGIN = 1e-6
CUT_ROUNDS = 60
INITIAL_CUTS = 7
#: Edges closer than this (cells) are one edge: touching rectangles stay touching when rounded.
SNAP = 1e-7
#: Weight of a rectangle's half perimeter against one unit of flow over one cell: it keeps
#: every area at its cut instead of larger at no cost.
PERIMETER_WEIGHT = 1e-6


@dataclass(frozen=True)
class Refined:
    placement: Placement  # rectangles in cells, now fractional
    objective: (
        float  # flow × centre distance, in the model's units (flow × FLOW_SCALE × half cells)
    )


def relations(placement: Placement, ids: list[str]) -> dict[tuple[str, str], tuple[str, bool]]:
    """For every pair, the axis ("x" or "y") and order along it (True: the first lies lower)
    of their widest gap in ``placement``: the relation the refined layout keeps."""
    found: dict[tuple[str, str], tuple[str, bool]] = {}
    for k, a in enumerate(ids):
        xa, ya, wa, ha = placement[a].rect
        for b in ids[k + 1 :]:
            xb, yb, wb, hb = placement[b].rect
            options = [
                (xb - (xa + wa), ("x", True)),
                (xa - (xb + wb), ("x", False)),
                (yb - (ya + ha), ("y", True)),
                (ya - (yb + hb), ("y", False)),
            ]
            found[(a, b)] = max(options, key=lambda o: o[0])[1]
    return found


def refine(
    placement: Placement,
    rooms: Sequence[RoomSpec],
    facility: tuple[float, float, float, float],
    module: float,
    flows: list[tuple[str, str, int]],
) -> Refined | None:
    """The best layout with ``placement``'s pairwise relations, off the grid; None when the
    programme could not be solved to the areas (the grid layout then stands).

    ``facility`` is (x0, y0, x1, y1) in cells; ``flows`` (a, b, weight) as the model weights
    them; the rooms' areas and sides are in m², m (``module`` m per cell)."""
    specs = {r.id: r for r in rooms if r.id in placement}
    ids = sorted(specs)
    cell = module * module
    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None or len(ids) < 2:
        return None
    fx0, fy0, fx1, fy1 = facility
    edges = {}
    for sid in ids:
        spec = specs[sid]
        x0, x1 = lp.NumVar(fx0, fx1, f"{sid}.x0"), lp.NumVar(fx0, fx1, f"{sid}.x1")
        y0, y1 = lp.NumVar(fy0, fy1, f"{sid}.y0"), lp.NumVar(fy0, fy1, f"{sid}.y1")
        w, h = x1 - x0, y1 - y0
        side = spec.min_side / module * (1 + SHAPE_MARGIN)
        lp.Add(w >= max(side, 1e-3))
        lp.Add(h >= max(side, 1e-3))
        if math.isfinite(spec.max_aspect) and spec.max_aspect > 0:
            aspect = spec.max_aspect * (1 - SHAPE_MARGIN)
            lp.Add(w <= aspect * h)
            lp.Add(h <= aspect * w)
        edges[sid] = (x0, y0, x1, y1)
    for (a, b), (axis, a_first) in relations(placement, ids).items():
        lo, hi = (a, b) if a_first else (b, a)
        if axis == "x":
            lp.Add(edges[lo][2] <= edges[hi][0])
        else:
            lp.Add(edges[lo][3] <= edges[hi][1])
    cost = []
    for a, b, weight in flows:
        if a not in edges or b not in edges:
            continue
        (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = edges[a], edges[b]
        dx, dy = lp.NumVar(0, lp.infinity(), ""), lp.NumVar(0, lp.infinity(), "")
        lp.Add(dx >= (ax0 + ax1) - (bx0 + bx1))  # doubled centres: half cells, as the model
        lp.Add(dx >= (bx0 + bx1) - (ax0 + ax1))
        lp.Add(dy >= (ay0 + ay1) - (by0 + by1))
        lp.Add(dy >= (by0 + by1) - (ay0 + ay1))
        cost.append(weight * (dx + dy))
    perimeter = [PERIMETER_WEIGHT * (x1 - x0 + y1 - y0) for x0, y0, x1, y1 in edges.values()]
    lp.Minimize(sum(cost) + sum(perimeter))
    need = {sid: specs[sid].min_area / cell * (1 + AREA_MARGIN) for sid in ids}
    for sid in ids:  # a first outline of each area curve across the shapes it may take
        for w0 in _widths(need[sid], specs[sid].min_side / module, specs[sid].max_aspect):
            _cut(lp, edges[sid], need[sid], w0)
    for _round in range(CUT_ROUNDS):
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        short = []
        for sid in ids:
            w, h = _size(edges[sid])
            if w * h < need[sid] * (1 - 1e-9):
                short.append((sid, w, h))
        if not short:
            break
        for sid, w, h in short:  # the tangent where the curve meets the same aspect
            _cut(lp, edges[sid], need[sid], math.sqrt(need[sid] * w / h))
    else:
        return None
    xs = _snapped(
        [facility[0], facility[2]] + [e.solution_value() for s in ids for e in _xs(edges[s])]
    )
    ys = _snapped(
        [facility[1], facility[3]] + [e.solution_value() for s in ids for e in _ys(edges[s])]
    )
    refined = dict(placement)
    centres = {}
    for sid in ids:
        x0, y0, x1, y1 = (v.solution_value() for v in edges[sid])
        x0, x1, y0, y1 = xs[x0], xs[x1], ys[y0], ys[y1]
        if (x1 - x0) * (y1 - y0) * cell < specs[sid].min_area or (x1 - x0) * (
            y1 - y0
        ) * cell > specs[sid].max_area:
            return None
        refined[sid] = replace(placement[sid], rect=(x0, y0, x1 - x0, y1 - y0))  # type: ignore[arg-type]
        centres[sid] = (x0 + x1, y0 + y1)
    objective = sum(
        weight * (abs(centres[a][0] - centres[b][0]) + abs(centres[a][1] - centres[b][1]))
        for a, b, weight in flows
        if a in centres and b in centres
    )
    return Refined(refined, objective)


def _widths(area: float, min_side: float, max_aspect: float) -> list[float]:
    """Widths spread (geometrically) over the shapes the limits allow for ``area``."""
    lo, hi = math.sqrt(area / max_aspect), math.sqrt(area * max_aspect)
    if min_side > 0:
        lo, hi = max(lo, min_side), min(hi, area / min_side)
    if not lo < hi:
        return [math.sqrt(area)]
    return [lo * (hi / lo) ** (k / (INITIAL_CUTS - 1)) for k in range(INITIAL_CUTS)]


def _cut(lp: pywraplp.Solver, edges, area: float, w0: float) -> None:
    """The tangent to ``w·h = area`` at width ``w0``: ``h₀·w + w₀·h ≥ 2·area`` (valid for
    every w·h ≥ area, by the inequality of means)."""
    x0, y0, x1, y1 = edges
    lp.Add((area / w0) * (x1 - x0) + w0 * (y1 - y0) >= 2 * area)


def _size(edges) -> tuple[float, float]:
    x0, y0, x1, y1 = (v.solution_value() for v in edges)
    return x1 - x0, y1 - y0


def _xs(edges):
    return edges[0], edges[2]


def _ys(edges):
    return edges[1], edges[3]


def _snapped(values: list[float]) -> dict[float, float]:
    """Each value mapped to the first of its cluster (values within SNAP of the one before):
    an edge two rectangles share, solved as two nearly equal numbers, becomes one number."""
    mapping: dict[float, float] = {}
    anchor = None
    previous = None
    for v in sorted(values):
        if previous is None or v - previous > SNAP:
            anchor = v
        mapping[v] = anchor  # type: ignore[assignment]
        previous = v
    return mapping
