"""Soft rules: weighted preferences for adjacency, quiet/noisy separation and floors.

Each posts a penalty into the objective and, on a finished plan, reports whether it was met;
a missed preference never fails a plan, it costs its weight.
"""

from __future__ import annotations

from constraints.context import LayoutContext
from constraints.plan_view import LENGTH_EPS, PlanView, shared_wall_length
from constraints.rules.base import ModelRule, RuleResult
from constraints.standard import Preference


class Adjacent(ModelRule):
    """Two spaces share a wall at least a door wide (e.g. display ↔ entrance lobby); a wish
    with a weight, or, when the brief says ``required = true``, a hard rule."""

    hard = False

    def __init__(self, pref: Preference, door_width_m: float) -> None:
        self.a, self.b = pref.a, pref.b
        self.weight = pref.weight
        self.hard = pref.required
        self.door = door_width_m
        self.id = f"adjacent:{self.a}:{self.b}"
        self.title = f"{self.a} next to {self.b}" + (" (required)" if self.hard else "")
        self.source = pref.source

    def post(self, ctx: LayoutContext) -> None:
        if not (ctx.has_space(self.a) and ctx.has_space(self.b)):
            return
        if self.hard:
            ctx.model.add(ctx.shares_wall(self.a, self.b, ctx.units(self.door)) == 1)
        elif self.weight:
            together = ctx.shares_wall(self.a, self.b, ctx.units(self.door))
            ctx.add_penalty(self.weight, together.Not(), self.title)

    def check(self, plan: PlanView) -> RuleResult:
        best = 0.0
        for sa in plan.find(self.a):
            for sb in plan.find(self.b):
                if sa.level == sb.level:
                    best = max(best, shared_wall_length(sa.polygon, sb.polygon))
        return self.result(
            best >= self.door - LENGTH_EPS,
            f"shared wall ≥ {self.door:.2f} m",
            f"{best:.2f} m",
            weight=self.weight,
        )


class Separate(ModelRule):
    """Quiet rooms never share a wall with noisy ones: a hard rule when the standard or brief
    says ``required = true`` (a brief switches it off with a weight of 0), else a wish."""

    hard = False
    id = "separate:quiet-noisy"

    def __init__(self, pref: Preference) -> None:
        self.quiet, self.noisy = pref.quiet, pref.noisy
        self.weight = pref.weight
        self.hard = pref.required
        self.title = "Quiet rooms apart from noisy rooms" + (" (required)" if self.hard else "")
        self.source = pref.source

    def post(self, ctx: LayoutContext) -> None:
        if self.weight == 0 and not self.hard:
            return
        for q in self.quiet:
            for n in self.noisy:
                if not (ctx.has_space(q) and ctx.has_space(n)):
                    continue
                if self.hard:
                    ctx.keep_apart(q, n)
                else:
                    ctx.add_penalty(self.weight, ctx.wall_contact(q, n), f"{q} touches {n}")

    def check(self, plan: PlanView) -> RuleResult:
        touching = []
        for q in self.quiet:
            for n in self.noisy:
                for sq in plan.find(q):
                    for sn in plan.find(n):
                        length = shared_wall_length(sq.polygon, sn.polygon)
                        if sq.level == sn.level and length > LENGTH_EPS:
                            touching.append(f"{q} / {n}: {length:.2f} m")
        return self.result(
            not touching,
            "no shared wall",
            "none" if not touching else f"{len(touching)} shared walls",
            details=tuple(touching),
            weight=self.weight * len(touching),
        )


class FloorPreference(ModelRule):
    """Rooms preferably on given floors (e.g. the safety cluster on the ground floor)."""

    hard = False

    def __init__(self, pref: Preference) -> None:
        self.rooms, self.floors = pref.rooms, pref.floors
        self.weight = pref.weight
        self.id = "floor:" + ",".join(self.rooms)
        self.title = f"{', '.join(self.rooms)} on floor {', '.join(map(str, self.floors))}"
        self.source = pref.source

    def post(self, ctx: LayoutContext) -> None:
        for room in self.rooms:
            if not ctx.has_space(room) or self.weight == 0:
                continue
            for level in ctx.levels:
                if level not in self.floors:
                    ctx.add_penalty(self.weight, ctx.on_floor(room, level), f"{room} on {level}")

    def check(self, plan: PlanView) -> RuleResult:
        off = [
            f"{s.id} on floor {s.level}"
            for r in self.rooms
            for s in plan.find(r)
            if s.level not in self.floors
        ]
        return self.result(
            not off,
            f"floors {list(self.floors)}",
            "met" if not off else "; ".join(off),
            details=tuple(off),
            weight=self.weight * len(off),
        )


class Flow(ModelRule):
    """Material flow between two rooms: the flow times the rectilinear distance between their
    centroids is what the facility-layout objective adds up. Never missed, only measured."""

    hard = False

    def __init__(self, pref: Preference) -> None:
        self.a, self.b = pref.a, pref.b
        self.flow = pref.flow
        self.weight = 0  # not a met/missed preference: it counts in no weight total
        self.id = f"flow:{self.a}:{self.b}"
        self.title = f"flow {self.flow:g} between {self.a} and {self.b}"
        self.source = pref.source

    def post(self, ctx: LayoutContext) -> None:
        if ctx.has_space(self.a) and ctx.has_space(self.b) and self.flow > 0:
            ctx.add_flow(self.a, self.b, self.flow)

    def check(self, plan: PlanView) -> RuleResult:
        found_a, found_b = plan.find(self.a), plan.find(self.b)
        if len(found_a) != 1 or len(found_b) != 1:
            return self.result(False, "both rooms placed once", "missing")
        ca, cb = found_a[0].polygon.centroid, found_b[0].polygon.centroid
        distance = abs(ca.x - cb.x) + abs(ca.y - cb.y)
        return self.result(
            True,
            "flow × centroid distance (minimised)",
            f"{self.flow:g} × {distance:.2f} m = {self.flow * distance:.2f}",
        )
