"""The flights of a stair are drawn in the largest rectangle its enclosure holds."""

from __future__ import annotations

from shapely.geometry import Polygon, box

from layout.export.stair_flights import flights_rectangle


def test_a_rectangular_enclosure_is_its_own_flights() -> None:
    assert flights_rectangle(box(1, 2, 6.4, 5.2)) == (1, 2, 6.4, 5.2)


def test_an_enclosure_with_a_wedge_keeps_its_flights_in_the_rectangle() -> None:
    """A 5.4 × 3.0 m stair grown to a wall slanting 0.8 m over its length: the flights stay
    in the 5.4 × 3.0 m rectangle, not in the bounds (3.8 m deep)."""
    enclosure = Polygon([(0, 0), (5.4, 0), (5.4, 3.0), (0, 3.8)])
    assert flights_rectangle(enclosure) == (0, 0, 5.4, 3.0)
    ell = box(0, 0, 5.4, 3.0).union(box(0, 3.0, 4.2, 3.7))
    assert flights_rectangle(ell) == (0, 0, 5.4, 3.0)
