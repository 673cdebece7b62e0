"""Quiet and noisy rooms apart: required, the model keeps them a corridor's width apart on one
floor (another space stands between them, never a sliver of leftover floor); as a wish,
contact costs its weight."""

from __future__ import annotations

from types import SimpleNamespace

from ortools.sat.python import cp_model
from shapely.geometry import box
from test_properties import make_brief

from constraints.rules.preferences import Separate
from constraints.standard import Preference
from layout.model.relations import post_apart
from layout.programme import build_programme
from layout.site import prepare_site
from layout.strategy import whole_model


class _Context:
    """Records what the rule posts."""

    def __init__(self) -> None:
        self.model = cp_model.CpModel()
        self.apart: list[tuple[str, str]] = []
        self.penalties: list[tuple[int, str]] = []

    def has_space(self, space_id: str) -> bool:
        return space_id != "absent"

    def keep_apart(self, a: str, b: str) -> None:
        self.apart.append((a, b))

    def wall_contact(self, a: str, b: str) -> cp_model.IntVar:
        return self.model.new_bool_var(f"contact:{a}:{b}")

    def add_penalty(self, weight: int, literal: cp_model.LiteralT, label: str) -> None:
        self.penalties.append((weight, label))


def _status(model: cp_model.CpModel) -> str:
    solver = cp_model.CpSolver()
    return solver.status_name(solver.solve(model))


def test_a_required_separation_keeps_every_pair_apart_and_a_wish_prices_contact() -> None:
    pref = Preference(
        kind="separate", weight=8, quiet=("reading", "absent"), noisy=("fitness", "children")
    )
    required = _Context()
    rule = Separate(Preference(**{**pref.__dict__, "required": True}))
    assert rule.hard
    rule.post(required)  # type: ignore[arg-type]
    assert required.penalties == []
    assert required.apart == [("reading", "fitness"), ("reading", "children")]

    wish = _Context()
    Separate(pref).post(wish)  # type: ignore[arg-type]
    assert wish.apart == []
    assert wish.penalties == [(8, "reading touches fitness"), (8, "reading touches children")]


def _rect(model: cp_model.CpModel, name: str, x: int, w: int) -> SimpleNamespace:
    """A 5-module-deep rectangle at a fixed x, free to slide in y."""
    y = model.new_int_var(0, 20, f"{name}.y")
    return SimpleNamespace(x=x, x2=x + w, y=y, y2=y + 5)


def test_apart_keeps_the_gap_it_is_given() -> None:
    for gap, expected in ((6, "INFEASIBLE"), (5, "OPTIMAL"), (1, "OPTIMAL")):
        model = cp_model.CpModel()
        a, b = _rect(model, "a", 0, 4), _rect(model, "b", 9, 4)  # 5 modules between them
        model.add(a.y == b.y)  # side by side: only a gap along x can keep them apart
        model.add_bool_or(post_apart(model, a, b, "ab", gap))  # type: ignore[arg-type]
        assert _status(model) == expected, gap


def test_the_model_keeps_required_pairs_a_corridor_width_apart() -> None:
    """Reading room and fitness room side by side on floor 2 with one module less than a
    corridor between them: the model refuses; their being apart at all is not the issue."""
    brief = make_brief(box(0, 0, 36, 21), 2, 0.8)
    req, engine, _standard = build_programme(brief)
    assert any(
        p.kind == "separate" and p.required and "reading" in p.quiet and "fitness" in p.noisy
        for p in req.preferences
    )
    site = prepare_site(brief, engine.module)
    layout = whole_model(req, engine, site, engine.stairs)
    reading, fitness = layout.spaces["reading"], layout.spaces["fitness"]
    gap = layout.units(engine.corridor_width)
    assert gap >= 2
    m = layout.model
    m.add(layout.on_floor("reading", 2) == 1)
    m.add(layout.on_floor("fitness", 2) == 1)
    m.add(reading.y == fitness.y)
    m.add(reading.x2 + gap - 1 == fitness.x)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 20.0
    solver.parameters.num_workers = 2
    assert solver.status_name(solver.solve(m)) == "INFEASIBLE"
