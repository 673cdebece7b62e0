"""How far two plans of one brief differ, measured on their geometry alone: the rooms that
stand on another floor or whose outline's centre lies far from where it was.

This is the diversity measure of ``onezone generate --alternatives``: each alternative moves at
least a quarter of the programme's rooms (and at least three) compared with every earlier plan.
"""

from __future__ import annotations

import math

from constraints.plan_view import PlanView

#: A room counts as moved when its outline's centre lies at least this far (m) from where it
#: was on the same floor (a designer sees a room change place, not a 0.3 m shift).
SEEN_MOVE_M = 6.0


def moved_rooms(a: PlanView, b: PlanView, distance_m: float = SEEN_MOVE_M) -> list[str]:
    """Rooms of the programme that stand on other floors in ``b`` than in ``a``, or whose
    centre moved at least ``distance_m``."""
    moved = []
    for spec in a.requirements.rooms:
        before = {s.level: s.polygon.centroid for s in a.find(spec.id)}
        after = {s.level: s.polygon.centroid for s in b.find(spec.id)}
        if not before or not after:
            continue
        if set(before) != set(after):
            moved.append(spec.id)
            continue
        if any(math.dist(before[lv].coords[0], after[lv].coords[0]) >= distance_m for lv in before):
            moved.append(spec.id)
    return moved


def least_moved(plans: list[PlanView], index: int) -> int | None:
    """The fewest rooms plan ``index`` moved compared with any earlier plan (None for the
    first)."""
    if index == 0:
        return None
    return min(len(moved_rooms(plans[k], plans[index])) for k in range(index))
