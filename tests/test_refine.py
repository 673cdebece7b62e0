"""A packing refined off the grid keeps its relative positions and every size rule, and finds
what the grid cannot: a room of 31 m² three cells wide needs 11 rows on a 1 m grid, so in a
10 m deep facility the grid makes it 4 m wide; off the grid it is 3.1 m × 10 m."""

from __future__ import annotations

from itertools import combinations

import pytest
from shapely.geometry import box

from constraints.standard import RoomSpec
from layout.model.spaces import Placed
from layout.refine import refine, relations

FACILITY = (0.0, 0.0, 10.0, 10.0)


def _room(rid: str, area: float, max_aspect: float = 4.0, min_side: float = 0.0) -> RoomSpec:
    return RoomSpec(rid, "packing", rid, area, area * 1.05, min_side, max_aspect)


def _placed(rid: str, rect: tuple[int, int, int, int]) -> Placed:
    return Placed(rid, "room", "packing", rid, (1,), rect)


def test_a_room_takes_the_shape_the_grid_could_not_give_it() -> None:
    rooms = [_room("a", 31.0), _room("b", 31.0)]
    grid = {"a": _placed("a", (0, 0, 4, 8)), "b": _placed("b", (4, 0, 4, 8))}
    refined = refine(grid, rooms, FACILITY, 1.0, [("a", "b", 1)])
    assert refined is not None
    # Doubled centres (half cells), as the model counts: the grid's distance is 2 × 4.
    assert refined.objective == pytest.approx(2 * 3.1, rel=1e-4)
    a, b = refined.placement["a"].rect, refined.placement["b"].rect
    assert a[2] == pytest.approx(3.1, rel=1e-4) and a[3] == pytest.approx(10.0)
    assert a[0] + a[2] <= b[0] + 1e-12  # a stays left of b


def test_a_refined_packing_keeps_every_rule_and_its_relations() -> None:
    rooms = [
        _room("a", 18.0),
        _room("b", 22.0, max_aspect=2.0),
        _room("c", 27.0, min_side=3.0),
        _room("d", 14.0),
    ]
    grid = {
        "a": _placed("a", (0, 0, 4, 5)),
        "b": _placed("b", (4, 0, 5, 5)),
        "c": _placed("c", (0, 5, 6, 5)),
        "d": _placed("d", (6, 5, 3, 5)),
    }
    flows = [("a", "d", 3), ("b", "c", 2), ("a", "b", 1)]
    refined = refine(grid, rooms, FACILITY, 1.0, flows)
    assert refined is not None
    grid_cost = sum(
        w
        * sum(
            abs(
                2 * grid[x].rect[k]
                + grid[x].rect[k + 2]
                - 2 * grid[y].rect[k]
                - grid[y].rect[k + 2]
            )
            for k in (0, 1)
        )
        for x, y, w in flows
    )
    assert refined.objective < grid_cost
    shapes = {}
    for spec in rooms:
        x, y, w, h = refined.placement[spec.id].rect
        assert spec.min_area <= w * h <= spec.max_area
        assert max(w / h, h / w) <= spec.max_aspect
        assert min(w, h) >= spec.min_side
        shapes[spec.id] = box(x, y, x + w, y + h)
        assert box(*FACILITY).contains(shapes[spec.id])
    for p, q in combinations(shapes, 2):
        assert shapes[p].intersection(shapes[q]).area == pytest.approx(0.0, abs=1e-9)
    for (p, q), (axis, p_first) in relations(grid, sorted(shapes)).items():
        lo, hi = (p, q) if p_first else (q, p)
        k = 0 if axis == "x" else 1  # the grid's relation still holds
        low, high = refined.placement[lo].rect, refined.placement[hi].rect
        assert low[k] + low[k + 2] <= high[k] + 1e-9


def test_relations_that_leave_no_room_give_no_refinement() -> None:
    rooms = [_room("a", 60.0), _room("b", 60.0)]  # 120 m² in a 100 m² facility
    grid = {"a": _placed("a", (0, 0, 5, 10)), "b": _placed("b", (5, 0, 5, 10))}
    assert refine(grid, rooms, FACILITY, 1.0, [("a", "b", 1)]) is None
