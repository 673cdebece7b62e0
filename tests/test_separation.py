"""Quiet and noisy rooms apart: required, the model forbids their contact outright; as a wish,
contact costs its weight. Driven on a real CP-SAT model through a small stand-in context."""

from __future__ import annotations

from ortools.sat.python import cp_model

from constraints.rules.preferences import Separate
from constraints.standard import Preference


class _Context:
    """Two rooms forced into contact; records what the rule posts."""

    def __init__(self) -> None:
        self.model = cp_model.CpModel()
        self.contact = self.model.new_bool_var("contact")
        self.model.add(self.contact == 1)
        self.penalties: list[tuple[int, str]] = []

    def has_space(self, space_id: str) -> bool:
        return True

    def wall_contact(self, a: str, b: str) -> cp_model.IntVar:
        return self.contact

    def add_penalty(self, weight: int, literal: cp_model.LiteralT, label: str) -> None:
        self.penalties.append((weight, label))


def _status(ctx: _Context) -> str:
    solver = cp_model.CpSolver()
    return solver.status_name(solver.solve(ctx.model))


def test_a_required_separation_forbids_contact_and_a_wish_prices_it() -> None:
    pref = Preference(kind="separate", weight=8, quiet=("reading",), noisy=("fitness",))
    required = _Context()
    rule = Separate(Preference(**{**pref.__dict__, "required": True}))
    assert rule.hard
    rule.post(required)  # type: ignore[arg-type]
    assert required.penalties == []
    assert _status(required) == "INFEASIBLE"

    wish = _Context()
    Separate(pref).post(wish)  # type: ignore[arg-type]
    assert wish.penalties == [(8, "reading touches fitness")]
    assert _status(wish) == "OPTIMAL"
