"""Relations between two rectangles as CP-SAT literals: sharing a wall, or kept apart.

Why literals: every relation the layout needs (a door onto circulation, an adjacency wish, a
quiet room kept from a noisy one) is one of these, switched on or off by the solver.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from layout.model.spaces import SpaceVars


def post_shared_wall(
    model: cp_model.CpModel, a: SpaceVars, b: SpaceVars, length: int, name: str
) -> cp_model.IntVar:
    """A literal that forces a and b to share a straight wall of at least ``length`` modules
    (same-floor requirement is added by the caller, who knows the floors)."""
    t = model.new_bool_var(name)
    sides = []
    for side, (contact_a, contact_b, lo_a, hi_a, lo_b, hi_b) in {
        "r": (a.x2, b.x, a.y, a.y2, b.y, b.y2),  # b to the right of a
        "l": (b.x2, a.x, a.y, a.y2, b.y, b.y2),
        "u": (a.y2, b.y, a.x, a.x2, b.x, b.x2),  # b above a
        "d": (b.y2, a.y, a.x, a.x2, b.x, b.x2),
    }.items():
        s = model.new_bool_var(f"{name}:{side}")
        model.add(contact_a == contact_b).only_enforce_if(s)
        # The overlap max(lo) … min(hi) is at least ``length``: four inequalities.
        model.add(lo_a + length <= hi_b).only_enforce_if(s)
        model.add(lo_b + length <= hi_a).only_enforce_if(s)
        model.add(lo_a + length <= hi_a).only_enforce_if(s)
        model.add(lo_b + length <= hi_b).only_enforce_if(s)
        sides.append(s)
    model.add_bool_or(sides).only_enforce_if(t)
    return t


def post_apart(
    model: cp_model.CpModel, a: SpaceVars, b: SpaceVars, name: str, gap: int = 1
) -> list[cp_model.IntVar]:
    """Four literals, each forcing a gap of at least ``gap`` modules between a and b along one
    direction; any one true means the two share no wall (not even a corner)."""
    gaps = []
    for side, (end, start) in {
        "r": (a.x2, b.x),
        "l": (b.x2, a.x),
        "u": (a.y2, b.y),
        "d": (b.y2, a.y),
    }.items():
        g = model.new_bool_var(f"{name}:gap{side}")
        model.add(end + gap <= start).only_enforce_if(g)
        gaps.append(g)
    return gaps
