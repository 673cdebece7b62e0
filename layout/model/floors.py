"""Choosing each room's floor before laying floors out: a small model over areas alone.

Why a separate step: laying out every floor at once is a large packing problem; with floors
chosen first, each floor is a small one. The choice respects allowed floors, leaves each floor
room for circulation, and keeps the ground-floor share and total area reachable given how far
rooms may grow. Preferences (floors, adjacency, quiet/noisy) steer it.
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from constraints.requirements import Requirements
from layout.programme import EngineSettings, circulation_estimate_m2

#: Share of a floor's usable area the rooms' minimum areas may take; the rest is circulation
#: and packing slack (default, measured to keep floors solvable on the bundled samples).
MAX_MIN_FILL = 0.95
#: An upper floor's corridor runs along at least this share of the floor's length (default).
UPPER_CORRIDOR_SHARE = 0.6
#: Objective units per m² by which the ground floor's rooms at their maximum areas, with its
#: circulation, fall short of the floor's required use: five times a unit of preference
#: weight per m², as a full ground floor is a design rule and preferences are not.
GROUND_SHORT_UNITS_PER_M2 = 25


def upper_floor_minimum_circulation(
    engine: EngineSettings, stairs: int, floor_length_m: float
) -> float:
    """The least circulation an upper floor needs: its stairs and a corridor along about half
    the floor (default estimate)."""
    return circulation_estimate_m2(2, engine, stairs, floor_length_m * UPPER_CORRIDOR_SHARE)


def assign_floors(
    req: Requirements,
    engine: EngineSettings,
    usable_m2: dict[int, float],
    floor_length_m: float,
    stairs: int,
    seed: int,
    time_limit: float = 5.0,
    deterministic: bool = False,
) -> dict[str, int] | None:
    """A floor for every room, or None when no assignment meets the area bounds."""
    levels = sorted(usable_m2)
    m = cp_model.CpModel()
    on: dict[tuple[str, int], cp_model.IntVar] = {}
    street = set(req.design.street_front)  # the street-frontage rule holds them downstairs
    for spec in req.rooms:
        allowed = [lv for lv in levels if spec.floors is None or lv in spec.floors]
        if not allowed:
            return None
        if spec.id in street and levels[0] in allowed:
            allowed = [levels[0]]
        for lv in allowed:
            on[spec.id, lv] = m.new_bool_var(f"{spec.id}@{lv}")
        m.add_exactly_one(on[spec.id, lv] for lv in allowed)
    rooms = {spec.id for spec in req.rooms}
    for pref in req.preferences:  # a required adjacency puts both rooms on one floor
        if pref.kind == "adjacent" and pref.required and {pref.a, pref.b} <= rooms:
            for lv in levels:
                a, b = on.get((pref.a, lv), 0), on.get((pref.b, lv), 0)
                if not (isinstance(a, int) and isinstance(b, int)):
                    m.add(a == b)

    def rooms_on(level: int, attr: str) -> cp_model.LinearExprT:
        return sum(
            round(getattr(spec, attr)) * on[spec.id, level]
            for spec in req.rooms
            if (spec.id, level) in on
        )

    reach: dict[int, cp_model.IntVar] = {}
    ground_fixed = round(circulation_estimate_m2(1, engine, stairs, floor_length_m))
    peak = m.new_int_var(0, 1000, "peak_load")  # the fullest floor's minimum load, in ‰
    for lv in levels:
        usable = int(usable_m2[lv])
        fixed = round(circulation_estimate_m2(lv, engine, stairs, floor_length_m))
        m.add(rooms_on(lv, "min_area") + fixed <= int(MAX_MIN_FILL * usable))
        m.add(1000 * (rooms_on(lv, "min_area") + fixed) <= peak * usable)
        reach[lv] = m.new_int_var(0, usable, f"reach@{lv}")
        m.add(reach[lv] <= rooms_on(lv, "max_area") + fixed)
    # Upper floors' realised area: at least their minimum, at most what they can reach and
    # what the ground-floor share allows.
    upper_levels = [lv for lv in levels if lv != 1]
    upper = m.new_int_var(0, int(sum(usable_m2.values())), "upper")
    upper_min = sum(
        rooms_on(lv, "min_area")
        + round(upper_floor_minimum_circulation(engine, stairs, floor_length_m))
        for lv in upper_levels
    )
    m.add(upper >= upper_min)
    m.add(upper <= sum(reach[lv] for lv in upper_levels))
    share = round(req.ground_share_min * 1000)
    m.add(1000 * reach[1] >= share * (reach[1] + upper))
    # The centre uses the whole ground floor: rooms that cannot fill it leave pockets there.
    ground_target = math.ceil((1 - req.design.ground_unassigned_max) * usable_m2[1])
    ground_short = m.new_int_var(0, int(usable_m2[1]) + 1, "ground_short")
    m.add(ground_short >= ground_target - rooms_on(1, "max_area") - ground_fixed)
    m.add(reach[1] + upper >= round(req.total_min_m2))

    penalties = []
    for pref in req.preferences:
        if pref.kind == "floor":
            for room in pref.rooms:
                for lv in levels:
                    if (room, lv) in on and lv not in pref.floors:
                        penalties.append(pref.weight * on[room, lv])
        elif pref.kind == "adjacent":
            for lv in levels:
                a, b = on.get((pref.a, lv)), on.get((pref.b, lv))
                if pref.b == "lobby" and a is not None and lv != 1:
                    penalties.append(pref.weight * a)
                elif a is not None and b is not None:
                    apart = m.new_bool_var("")
                    m.add(a - b <= apart)
                    penalties.append(pref.weight * apart)
        elif pref.kind == "separate":
            for q in pref.quiet:
                for n in pref.noisy:
                    for lv in levels:
                        a, b = on.get((q, lv)), on.get((n, lv))
                        if a is not None and b is not None:
                            both = m.new_bool_var("")
                            m.add(a + b - 1 <= both)
                            penalties.append(max(1, pref.weight // 4) * both)
    # Balance first: a floor packed to its limit is slow to lay out, and the whole-plan search
    # can still move rooms between floors for preferences. One weight unit = 0.5 % of load.
    m.minimize(5 * sum(penalties) + peak + GROUND_SHORT_UNITS_PER_M2 * ground_short)
    solver = cp_model.CpSolver()
    if deterministic:
        solver.parameters.max_deterministic_time = time_limit
    else:
        solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 1
    solver.parameters.catch_sigint_signal = False  # Ctrl-C belongs to the command line
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {room: lv for (room, lv), lit in on.items() if solver.boolean_value(lit)}
