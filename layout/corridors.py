"""Corridors that share a wall are drawn as one circulation space.

The model lays circulation out as rectangles (a floor's corridors, up to three): side by side
they make one wide hall, end to end or in a T one corridor that turns. Drawn as separate
spaces they show lines across the floor a visitor walks over and the same label two or three
times, which no designer draws. Each group of corridors joined by walls becomes one space
under the id of its largest member, and every door onto a member opens onto it. The lobby
stays its own space (the entrance hall is named and checked apart), and a group whose union
would enclose something (a corridor ring round rooms) or not come out as one clean polygon is
left as it is. Works on finished floors in the brief's coordinates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import shapely
from shapely.geometry import Polygon

from layout.plan import Floor, Space

CIRCULATION = "circulation"
LOBBY = "lobby"
#: Two corridors are joined when they share at least this much wall (m): a corner touch is no
#: passage.
JOIN_M = 0.5
#: Float noise of the plan's micrometre grid (m², m).
AREA_EPS = 1e-4
GRID_M = 1e-6


def merged_corridors(floors: Sequence[Floor]) -> tuple[Floor, ...]:
    """Every floor with its corridors that share walls merged, largest member's id kept."""
    return tuple(_merged(floor) for floor in floors)


def _merged(floor: Floor) -> Floor:
    corridors = [s for s in floor.spaces if s.function == CIRCULATION and s.id != LOBBY]
    renamed: dict[str, str] = {}
    replaced: dict[str, Space] = {}
    for group in _groups(corridors):
        if len(group) < 2:
            continue
        joined = _union([s.polygon for s in group])
        if joined is None:
            continue
        keeper = max(group, key=lambda s: s.area)
        replaced[keeper.id] = replace(keeper, polygon=joined)
        renamed.update({s.id: keeper.id for s in group if s.id != keeper.id})
    if not renamed:
        return floor
    return replace(
        floor,
        spaces=tuple(replaced.get(s.id, s) for s in floor.spaces if s.id not in renamed),
        doors=tuple(
            replace(d, space=renamed.get(d.space, d.space), to=renamed.get(d.to, d.to))
            for d in floor.doors
        ),
    )


def _groups(corridors: list[Space]) -> list[list[Space]]:
    """Corridors joined by shared walls, transitively."""
    groups: list[list[Space]] = []
    for corridor in corridors:
        touching = [g for g in groups if any(_joined(corridor, other) for other in g)]
        merged = [corridor, *(s for g in touching for s in g)]
        groups = [g for g in groups if g not in touching] + [merged]
    return groups


def _joined(a: Space, b: Space) -> bool:
    shared = a.polygon.boundary.intersection(b.polygon.buffer(10 * GRID_M, join_style="mitre"))
    return shared.length >= JOIN_M


def _union(polygons: list[Polygon]) -> Polygon | None:
    """The polygons as one clean polygon on the plan's grid, or None where they do not make
    one (pieces apart, an enclosed hole, area lost or gained in the union)."""
    union = shapely.union_all(polygons, grid_size=GRID_M)
    if not isinstance(union, Polygon) or union.interiors:
        return None
    if abs(union.area - sum(p.area for p in polygons)) > AREA_EPS:
        return None
    clean = shapely.set_precision(shapely.simplify(union, 1e-7, preserve_topology=True), GRID_M)
    return clean if isinstance(clean, Polygon) and clean.is_valid and not clean.interiors else None
