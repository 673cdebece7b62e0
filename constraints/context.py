"""The interface the layout model offers to rules that post themselves into it.

Rules depend on this protocol only, never on the engine's modules, so the import graph stays
one-way: ``layout`` imports ``constraints``, not the reverse.
"""

from __future__ import annotations

from typing import Protocol

from ortools.sat.python import cp_model


class LayoutContext(Protocol):
    model: cp_model.CpModel
    levels: tuple[int, ...]

    def cells(self, m2: float, up: bool = True) -> int:
        """Square metres → whole grid cells, rounded up (or down)."""
        ...

    def units(self, metres: float) -> int:
        """Metres → whole grid modules, rounded up."""
        ...

    def has_space(self, space_id: str) -> bool: ...

    def spaces_of(self, function: str) -> list[str]:
        """Ids of the spaces of one function."""
        ...

    def total_area(self) -> cp_model.LinearExprT:
        """The centre's area in cells: every space on every floor."""
        ...

    def ground_area(self) -> cp_model.LinearExprT:
        """The centre's area on the ground floor, in cells."""
        ...

    def area(self, space_id: str) -> cp_model.IntVar: ...

    def size(self, space_id: str) -> tuple[cp_model.IntVar, cp_model.IntVar]: ...

    def on_floor(self, space_id: str, level: int) -> cp_model.LiteralT:
        """Literal: the space lies on floor ``level``."""
        ...

    def shares_wall(self, a: str, b: str, min_units: int) -> cp_model.IntVar:
        """Literal that, when true, forces a and b onto one floor sharing ≥ min_units of wall."""
        ...

    def wall_contact(self, a: str, b: str) -> cp_model.IntVar:
        """Literal forced true whenever a and b share any length of wall."""
        ...

    def keep_apart(self, a: str, b: str) -> None:
        """Post that a and b, on one floor, lie at least a corridor's width apart: another
        space stands between them, never just a sliver of leftover floor."""
        ...

    def faces_facade(
        self,
        space_id: str,
        min_units: int,
        entrance_side: bool = False,
        away_units: int = 0,
        outside_only: bool = False,
    ) -> cp_model.IntVar:
        """Literal that, when true, puts a side of the space on the outer wall (footprint or a
        hole) for ≥ min_units; with ``entrance_side``, on the street front at the main
        entrance (no option, and so never true, where it is too short); with
        ``away_units``, on the ground floor that stretch of wall lies at least that far from
        the entrance cell; with ``outside_only``, on the footprint's own walls, not round a
        courtyard (a way out of the building)."""
        ...

    def can_face_facade(self, min_units: int, outside_only: bool = False) -> bool:
        """Whether the grid has a straight outer-wall run that long (on a footprint with only
        slanted walls it may not: rooms then reach the wall only when the plan is drawn);
        with ``outside_only``, on the footprint's own walls."""
        ...

    def near(self, a: str, b: str, metres: float) -> cp_model.IntVar:
        """Literal that, when true, keeps the centres of a and b within ``metres``, measured
        along the axes (the way corridors run)."""
        ...

    def upper_growth_cells(self) -> int:
        """Cells the upper floors' spaces may gain when they are drawn out to off-grid walls
        (the strip between the grid and the real walls)."""
        ...

    def add_flow(self, a: str, b: str, flow: float) -> None:
        """Add ``flow`` × the rectilinear distance between the centres of a and b to the
        objective (the facility-layout objective)."""
        ...

    def add_penalty(self, weight: int, literal: cp_model.LiteralT, label: str) -> None:
        """Add ``weight`` to the objective when ``literal`` is true."""
        ...

    def add_conflict(self, rule_id: str, reason: str) -> None:
        """Record that the programme cannot meet a rule before any solving."""
        ...
