"""One storey has no stairs: its exits are the entrance and the doors where corridors meet the
facade. The egress rule asks the objective for a corridor reaching an outer wall (a room with
one exit is on a dead end: 22 m instead of 40 m); upstairs the stairs are the exits."""

from __future__ import annotations

import math
from types import SimpleNamespace

from ortools.sat.python import cp_model

from constraints.rules.design import SECOND_EXIT_WEIGHT, Egress

DESIGN = SimpleNamespace(
    egress_two_exits_m=40.0,
    egress_dead_end_m=22.0,
    two_doors_width_m=1.4,
    door_corner_clearance_m=0.1,
    doors_apart_m=5.0,
    entrance_door_width_m=1.8,
)


class _Context:
    """A one-storey (or, with ``stairs``, a multi-storey) model that records what is posted."""

    def __init__(self, stairs: list[str]) -> None:
        self.model = cp_model.CpModel()
        self.stairs = stairs
        self.facing: dict[str, tuple[cp_model.IntVar, int, int]] = {}
        self.outside_only: set[bool] = set()
        self.penalties: list[tuple[int, cp_model.LiteralT, str]] = []
        self.levels = [1]

    def units(self, metres: float) -> int:
        return math.ceil(metres / 0.3 - 1e-9)

    def spaces_of(self, function: str) -> list[str]:
        return {"stair": self.stairs, "circulation": ["lobby", "corridor-1", "corridor-2"]}.get(
            function, []
        )

    def has_space(self, space_id: str) -> bool:
        return False  # no rooms: only the exit is asked about here

    def can_face_facade(self, min_units: int, outside_only: bool = False) -> bool:
        return True

    def faces_facade(
        self,
        space_id: str,
        min_units: int,
        entrance_side: bool = False,
        away_units: int = 0,
        outside_only: bool = False,
    ):
        self.outside_only.add(outside_only)
        lit = self.model.new_bool_var(f"facade:{space_id}")
        self.facing[space_id] = (lit, min_units, away_units)
        return lit

    def add_penalty(self, weight: int, literal: cp_model.LiteralT, label: str) -> None:
        self.penalties.append((weight, literal, label))


def _egress() -> Egress:
    return Egress(SimpleNamespace(rooms=[], design=DESIGN))  # type: ignore[arg-type]


def _solve(model: cp_model.CpModel) -> str:
    solver = cp_model.CpSolver()
    return solver.status_name(solver.solve(model))


def test_one_storey_without_a_corridor_on_the_facade_pays_the_second_exit_weight() -> None:
    ctx = _Context(stairs=[])
    _egress().post(ctx)  # type: ignore[arg-type]
    assert set(ctx.facing) == {"corridor-1", "corridor-2"}  # the lobby holds the entrance
    assert {units for _lit, units, _away in ctx.facing.values()} == {6}  # 1.4 m door + corners
    # The exit door stands 5 m from the entrance door's edge, 0.9 m from its centre cell.
    assert {away for _lit, _units, away in ctx.facing.values()} == {20}  # 5.9 m on 0.3 m
    assert ctx.outside_only == {True}  # a courtyard is no way out
    [(weight, unpaid, label)] = ctx.penalties
    assert weight == SECOND_EXIT_WEIGHT and "exit" in label

    no_facade = ctx.model.clone()
    for lit, _units, _away in ctx.facing.values():
        no_facade.add(lit == 0)
    no_facade.add(unpaid == 0)
    assert _solve(no_facade) == "INFEASIBLE"  # no corridor on the facade: the weight is paid

    one_facade = ctx.model.clone()
    one_facade.add(ctx.facing["corridor-2"][0] == 1)
    one_facade.add(ctx.facing["corridor-1"][0] == 0)
    one_facade.add(unpaid == 0)
    assert _solve(one_facade) in ("OPTIMAL", "FEASIBLE")


def test_with_stairs_the_stairs_are_the_exits_and_nothing_is_asked_of_corridors() -> None:
    ctx = _Context(stairs=["stair-a", "stair-b"])
    _egress().post(ctx)  # type: ignore[arg-type]
    assert ctx.facing == {} and ctx.penalties == []
