"""Variables of one placed space: a rectangle on the grid, its floor, its area per floor."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

ROOM = "room"
LOBBY = "lobby"
CORRIDOR = "corridor"
STAIR = "stair"
LIFT = "lift"  # an accessible lift: a shaft at one place on every floor
#: Spaces that stand at one place on every floor (fixed below when the upper floors are laid out).
CORES = (STAIR, LIFT)
UNUSED = "unused"  # the one block of an upper floor the centre leaves to others


@dataclass
class SpaceVars:
    """A rectangle ``[x, x2) × [y, y2)`` in grid modules, on one of ``levels``.

    ``floor[level]`` is the literal "this space stands on that floor" (a constant for spaces
    with one fixed floor); ``present`` is false for unused optional corridors. A stair stands on
    every floor at once, with one rectangle.
    """

    id: str
    kind: str
    function: str
    name: str
    x: cp_model.IntVar
    y: cp_model.IntVar
    w: cp_model.IntVar
    h: cp_model.IntVar
    x2: cp_model.IntVar
    y2: cp_model.IntVar
    area: cp_model.IntVar
    floor: dict[int, cp_model.LiteralT] = field(default_factory=dict)
    area_on: dict[int, cp_model.IntVar | int] = field(default_factory=dict)
    present: cp_model.LiteralT = True
    horizontal: cp_model.IntVar | None = None  # corridors and stairs: long side along x

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(self.floor)

    def fixed_level(self) -> int | None:
        """The level of a space that stands on exactly one floor, else None."""
        if self.kind in CORES or len(self.floor) != 1:
            return None
        return next(iter(self.floor))


Rect = tuple[int, int, int, int]  # x, y, w, h in grid modules


@dataclass(frozen=True)
class Placed:
    """A solved space: the floors it stands on and its rectangle."""

    id: str
    kind: str
    function: str
    name: str
    levels: tuple[int, ...]
    rect: Rect


Placement = dict[str, Placed]
