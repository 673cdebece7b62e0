"""The CP-SAT layout model: variables for every space, the geometric structure (containment,
no overlap, doors onto connected circulation, stacked stairs) and the context through which the
standard's rules post themselves.

One object per solve. It implements :class:`constraints.context.LayoutContext`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from constraints.requirements import Requirements
from constraints.rules.programme import ASPECT_MARGIN_M
from constraints.standard import RoomSpec
from layout.frame import (
    WALL_TOLERANCE_M,
    FacadeRun,
    Grid,
    GridWall,
    StreetFront,
    blocked_rectangles,
    facade_runs,
)
from layout.model.relations import post_apart, post_shared_wall
from layout.model.spaces import (
    CORRIDOR,
    LIFT,
    LOBBY,
    ROOM,
    STAIR,
    UNUSED,
    Placed,
    Placement,
    Rect,
    SpaceVars,
)
from layout.programme import EngineSettings

LIFT_ID = "lift"
#: A stair enclosure may be this much wider than its flights and well need (wider flights or
#: well, m), and a lift shaft this much deeper than its square (a deeper car, as a stretcher
#: lift has): where rooms beside them are deeper, they reach their line instead of leaving a
#: strip behind them that nothing else can use.
STAIR_STRETCH_M = 1.2
#: The entrance cell may lie this many cells inside the wall it opens in (off-grid walls).
ENTRANCE_GAP_CELLS = 3
#: On a slanted entrance wall, how deep the wedge between the lobby and the wall may get
#: across the door's stretch (m): extraction fills wedges up to 3 m deep (FACADE_REACH_M).
LOBBY_WEDGE_M = 2.4
UNCOVERED_M2_PER_UNIT = 1.0  # upstairs floor left to nobody: m² per unit of preference
#: In the whole-plan search each m² the ground floor falls short of its required use costs
#: this many preference units: a few times an uncovered upstairs m², so that filling the last
#: ground cells still wins, yet not so many that it drowns every other term (the ground-floor
#: stage has already searched for a full floor, and the whole plan keeps at least its fill).
GROUND_SHORTFALL_UNITS_PER_M2 = 3
#: Flows are posted as whole numbers: flow × FLOW_SCALE, rounded (exact for flows given to
#: two decimals, as the published facility-layout instances are).
FLOW_SCALE = 100


@dataclass(frozen=True)
class FloorGrid:
    """One floor's usable cells in the solving frame, and the floor's real area (m²): the
    difference is the strip along off-grid walls that rooms reach when the plan is drawn."""

    level: int
    grid: Grid
    area_m2: float = 0.0


class LayoutModel:
    """Builds the model; rules add to it through the LayoutContext methods."""

    def __init__(
        self,
        req: Requirements,
        settings: EngineSettings,
        floors: list[FloorGrid],
        entrance_cell: tuple[int, int],
        stairs: int,
        fixed_stairs: dict[str, Rect] | None = None,
        coarse: tuple[dict[int, Grid], int] | None = None,
        narrow_cores: bool = False,
        street_front: StreetFront | None = None,
    ) -> None:
        """``coarse`` (the coarse grids and their factor) adds the coarse grid's outer-wall
        runs, refined: a coarse plan doubled touches those, one module inside an off-grid wall,
        and must stay a valid plan here. ``narrow_cores`` keeps stairs as narrow as their
        flights need and the lift shaft square: a model of some floors only cannot tell
        whether the floors it leaves out have room for more. ``street_front`` is the
        entrance's wall and the walls continuing it: where that is more than one wall along
        the grid, spaces that must face it reach one of its walls (``_faces_wall``), and on a
        slanted entrance wall the lobby stands against it."""
        self.model = cp_model.CpModel()
        self.req = req
        self.settings = settings
        self.floors = {f.level: f for f in floors}
        self.levels = tuple(sorted(self.floors))
        self.width = max(f.grid.width for f in floors)
        self.height = max(f.grid.height for f in floors)
        self.module = settings.module
        self.entrance_cell = entrance_cell
        self.stair_count = stairs
        self.fixed_stairs = fixed_stairs or {}
        self.spaces: dict[str, SpaceVars] = {}
        self.corridors: dict[int, list[SpaceVars]] = {lv: [] for lv in self.levels}
        self.stairs: list[SpaceVars] = []
        #: Cells a stair may be wider, or the lift shaft deeper, than it needs to be.
        self.core_stretch = 0 if narrow_cores else self.units(STAIR_STRETCH_M)
        self.lift: SpaceVars | None = None
        self.lobby: SpaceVars | None = None
        self.unused_blocks: dict[int, list[SpaceVars]] = {}  # a block and its wings
        self.penalties: list[tuple[int, cp_model.LiteralT, str]] = []
        #: (weight, distance) terms of the facility-layout objective; the distance is between
        #: the two centres, in half modules, the weight the flow × FLOW_SCALE.
        self.flows: list[tuple[int, cp_model.IntVar]] = []
        self.conflicts: list[tuple[str, str]] = []
        self._true = self.model.new_constant(1)
        self._false = self.model.new_constant(0)
        self._walls: dict[tuple[str, str, int], cp_model.IntVar] = {}
        self._contacts: dict[tuple[str, str], cp_model.IntVar] = {}
        self._facade: dict[tuple[str, int, bool, int, bool], cp_model.IntVar] = {}
        #: Each floor's grids the facade runs come from, with their scale (1, or the coarse
        #: factor): the runs on the footprint's own walls only are found from them on demand.
        self._facade_grids: dict[int, list[tuple[Grid, int]]] = {
            f.level: [(_padded(f.grid, self.width, self.height), 1)] for f in floors
        }
        self._outside_facades: dict[int, list[FacadeRun]] = {}
        # A plain packing has no facade rules; on fine grids the runs took most of the build.
        self.facades = {
            f.level: [] if req.packing else facade_runs(self._facade_grids[f.level][0][0])
            for f in floors
        }
        self.entrance_runs = _entrance_runs(self.facades.get(1, []), entrance_cell)
        #: The street front's walls where its facade runs do not stand for it (empty then).
        self.street_walls: tuple[GridWall, ...] = ()
        #: The entrance's own wall where it is slanted to the grid.
        self.entrance_wall: GridWall | None = None
        if street_front is not None and not req.packing and not street_front.on_grid:
            self.street_walls = street_front.walls
            if street_front.entrance_wall.slanted:
                self.entrance_wall = street_front.entrance_wall
        #: How far (cells) a space's side may stand off a street-front wall where the wall is
        #: nearest it: a cell, or a coarse cell where a coarse plan doubled must stay valid.
        self.wall_slack = coarse[1] if coarse is not None else 1
        if coarse is not None and not req.packing:
            grids, k = coarse
            cell = (entrance_cell[0] // k, entrance_cell[1] // k)
            for level in self.facades:
                wide = _padded(grids[level], -(-self.width // k), -(-self.height // k))
                self._facade_grids[level].append((wide, k))
                runs = facade_runs(wide)
                self.facades[level] += [_scaled(r, k) for r in runs]
                if level == 1:
                    self.entrance_runs += [_scaled(r, k) for r in _entrance_runs(runs, cell)]

    # ---- LayoutContext -------------------------------------------------------------------
    def cells(self, m2: float, up: bool = True) -> int:
        value = m2 / (self.module * self.module)
        return math.ceil(value - 1e-9) if up else math.floor(value + 1e-9)

    def units(self, metres: float) -> int:
        return math.ceil(metres / self.module - 1e-9)

    def has_space(self, space_id: str) -> bool:
        return space_id in self.spaces

    def spaces_of(self, function: str) -> list[str]:
        return [s.id for s in self.spaces.values() if s.function == function]

    def total_area(self) -> cp_model.LinearExprT:
        return sum(a for s in self.spaces.values() for a in s.area_on.values())

    def ground_area(self) -> cp_model.LinearExprT:
        return sum(s.area_on[1] for s in self.spaces.values() if 1 in s.area_on)

    def area(self, space_id: str) -> cp_model.IntVar:
        return self.spaces[space_id].area

    def size(self, space_id: str) -> tuple[cp_model.IntVar, cp_model.IntVar]:
        space = self.spaces[space_id]
        return space.w, space.h

    def on_floor(self, space_id: str, level: int) -> cp_model.LiteralT:
        lit = self.spaces[space_id].floor.get(level)
        if lit is None:
            return self._false
        return self._true if lit is True else lit

    def shares_wall(self, a: str, b: str, min_units: int) -> cp_model.IntVar:
        key = (a, b, min_units)
        if key not in self._walls:
            sa, sb = self.spaces[a], self.spaces[b]
            t = post_shared_wall(self.model, sa, sb, min_units, f"wall:{a}:{b}")
            self._same_floor(t, sa, sb)
            self._walls[key] = t
        return self._walls[key]

    def wall_contact(self, a: str, b: str) -> cp_model.IntVar:
        key = (a, b)
        if key not in self._contacts:
            sa, sb = self.spaces[a], self.spaces[b]
            c = self.model.new_bool_var(f"contact:{a}:{b}")
            gaps = post_apart(self.model, sa, sb, f"apart:{a}:{b}")
            for level in set(sa.levels) & set(sb.levels):
                fa, fb = self.on_floor(a, level), self.on_floor(b, level)
                self.model.add_bool_or([c, fa.Not(), fb.Not(), *gaps])
            self._contacts[key] = c
        return self._contacts[key]

    def keep_apart(self, a: str, b: str) -> None:
        sa, sb = self.spaces[a], self.spaces[b]
        gap = self.units(self.settings.corridor_width)
        gaps = post_apart(self.model, sa, sb, f"far:{a}:{b}", gap)
        for level in set(sa.levels) & set(sb.levels):
            fa, fb = self.on_floor(a, level), self.on_floor(b, level)
            self.model.add_bool_or([fa.Not(), fb.Not(), *gaps])

    def faces_facade(
        self,
        space_id: str,
        min_units: int,
        entrance_side: bool = False,
        away_units: int = 0,
        outside_only: bool = False,
    ) -> cp_model.IntVar:
        key = (space_id, min_units, entrance_side, away_units, outside_only)
        if key in self._facade:
            return self._facade[key]
        m = self.model
        space = self.spaces[space_id]
        t = m.new_bool_var(f"facade:{space_id}:{min_units}")
        options = []
        for level in space.levels:
            if entrance_side and level != 1:
                continue
            if entrance_side:
                runs = self.entrance_runs
            elif outside_only:
                runs = self._outside_runs(level)
            else:
                runs = self.facades[level]
            if entrance_side and self.street_walls:
                options += [self._faces_wall(space, min_units, w) for w in self.street_walls]
                continue
            for k, run in enumerate(r for r in runs if r.length >= min_units):
                near = _near_entrance(self.entrance_cell, run, away_units if level == 1 else 0)
                if near is not None:
                    below_ok = run.lo + min_units <= near[0]
                    above_ok = run.hi - min_units >= near[1]
                    if not (below_ok or above_ok):
                        continue  # no stretch of this wall lies far enough from the entrance
                lit = m.new_bool_var(f"facade:{space_id}@{level}:{k}")
                contact, lo, hi = _side_of(space, run.side)
                m.add(contact == run.line).only_enforce_if(lit)
                m.add(lo + min_units <= run.hi).only_enforce_if(lit)
                m.add(run.lo + min_units <= hi).only_enforce_if(lit)
                m.add(lo + min_units <= hi).only_enforce_if(lit)
                if near is not None:  # a stretch in contact lies below or above ``near``
                    below = m.new_bool_var(f"facade:{space_id}@{level}:{k}:below")
                    m.add(lo + min_units <= near[0]).only_enforce_if(lit, below)
                    m.add(hi - min_units >= near[1]).only_enforce_if(lit, below.Not())
                    if not below_ok:
                        m.add(below == 0)
                    if not above_ok:
                        m.add(below == 1)
                floor = space.floor[level]
                if floor is not True:
                    m.add_implication(lit, floor)
                options.append(lit)
        if options:
            m.add_bool_or(options).only_enforce_if(t)
        else:
            m.add(t == 0)
        self._facade[key] = t
        return t

    def _faces_wall(self, space: SpaceVars, min_units: int, wall: GridWall) -> cp_model.IntVar:
        """A literal that puts ``space`` on the ground floor against ``wall`` (maybe slanted) for
        at least ``min_units`` along it, from the end of its side nearest the wall, within the
        wall's extent. The wedge between the side and the wall is the space's when the plan is
        drawn, so its real facade is at least as long as the stretch; the wedge also makes the
        space deeper across the wall, and a room keeps its aspect ratio with it."""
        m = self.model
        lit = m.new_bool_var(f"wall:{space.id}:{min_units}:{wall.side}:{wall.lo:.1f}")
        contact, lo, hi = _side_of(space, wall.side)
        self._against_wall(contact, lo, hi, wall, lit)
        m.add(hi - lo >= min_units).only_enforce_if(lit)
        if wall.from_low_end:
            m.add(lo >= wall.first).only_enforce_if(lit)
            m.add(lo + min_units <= wall.last).only_enforce_if(lit)
        else:
            m.add(hi <= wall.last).only_enforce_if(lit)
            m.add(hi - min_units >= wall.first).only_enforce_if(lit)
        spec = next((r for r in self.req.rooms if r.id == space.id), None)
        if spec is not None:
            across = space.w if wall.side in ("left", "right") else space.h
            deeper = math.ceil(abs(wall.slope) * min_units) + self.wall_slack
            ratio = round(spec.max_aspect * 10)
            m.add(10 * (across + deeper) <= ratio * (hi - lo)).only_enforce_if(lit)
        floor = space.floor.get(1)
        if floor is None:
            m.add(lit == 0)
        elif floor is not True:
            m.add_implication(lit, floor)
        return lit

    def _against_wall(
        self,
        contact: cp_model.IntVar,
        lo: cp_model.IntVar,
        hi: cp_model.IntVar,
        wall: GridWall,
        lit: cp_model.IntVar | None,
    ) -> None:
        """A side (``contact`` across, ``lo``..``hi`` along) stands at most ``wall_slack``
        cells off ``wall`` at its end nearest the wall (when ``lit``; either end of a wall
        along the grid)."""
        nearest = lo if wall.from_low_end else hi
        # outward × (wall at ``nearest`` − contact) ≤ slack, scaled to whole numbers.
        scale = 10_000
        slope = round(scale * wall.slope)
        offset = round(scale * (wall.at - wall.outward * self.wall_slack))
        if wall.outward > 0:
            c = self.model.add(scale * contact >= slope * nearest + offset)
        else:
            c = self.model.add(scale * contact <= slope * nearest + offset)
        if lit is not None:
            c.only_enforce_if(lit)

    def can_face_facade(self, min_units: int, outside_only: bool = False) -> bool:
        if outside_only:
            return any(r.length >= min_units for lv in self.levels for r in self._outside_runs(lv))
        return any(r.length >= min_units for v in self.facades.values() for r in v)

    def _outside_runs(self, level: int) -> list[FacadeRun]:
        """The floor's facade runs on the footprint's own walls, none round a courtyard."""
        if level not in self._outside_facades:
            runs: list[FacadeRun] = []
            if not self.req.packing:  # a plain packing has no facade runs
                for grid, k in self._facade_grids[level]:
                    runs += [_scaled(r, k) for r in facade_runs(grid, outside_only=True)]
            self._outside_facades[level] = runs
        return self._outside_facades[level]

    def near(self, a: str, b: str, metres: float) -> cp_model.IntVar:
        """Literal that forces the centres of a and b within ``metres`` (Manhattan)."""
        sa, sb = self.spaces[a], self.spaces[b]
        t = self.model.new_bool_var(f"near:{a}:{b}")
        # Centres doubled (x + x2); rounded down, so a coarse plan doubled stays within it.
        limit = 2 * math.floor(metres / self.module + 1e-9)
        dx = sa.x + sa.x2 - sb.x - sb.x2
        dy = sa.y + sa.y2 - sb.y - sb.y2
        for sx in (1, -1):
            for sy in (1, -1):
                self.model.add(sx * dx + sy * dy <= limit).only_enforce_if(t)
        return t

    def _same_floor(self, t: cp_model.IntVar, sa: SpaceVars, sb: SpaceVars) -> None:
        """``t`` ⇒ both spaces present and on one floor."""
        for level in set(sa.levels) | set(sb.levels):
            fa, fb = self.on_floor(sa.id, level), self.on_floor(sb.id, level)
            self.model.add_bool_or([t.Not(), fa.Not(), fb])
            self.model.add_bool_or([t.Not(), fb.Not(), fa])
        for space in (sa, sb):
            if space.present is not True:
                self.model.add_implication(t, space.present)

    def add_penalty(self, weight: int, literal: cp_model.LiteralT, label: str) -> None:
        self.penalties.append((weight, literal, label))

    def add_flow(self, a: str, b: str, flow: float) -> None:
        """Centres doubled (x + x2) stay whole numbers: the distance is in half modules. Both
        bounds of |·| are posted; minimising makes them tight."""
        sa, sb = self.spaces[a], self.spaces[b]
        distance = self.model.new_int_var(0, 2 * (self.width + self.height), f"dist:{a}:{b}")
        dx = self.model.new_int_var(0, 2 * self.width, f"dx:{a}:{b}")
        dy = self.model.new_int_var(0, 2 * self.height, f"dy:{a}:{b}")
        self.model.add(dx >= sa.x + sa.x2 - sb.x - sb.x2)
        self.model.add(dx >= sb.x + sb.x2 - sa.x - sa.x2)
        self.model.add(dy >= sa.y + sa.y2 - sb.y - sb.y2)
        self.model.add(dy >= sb.y + sb.y2 - sa.y - sa.y2)
        self.model.add(distance == dx + dy)
        # Redundant with no-overlap, but it gives the LP a bound: two rectangles that do not
        # overlap are apart along x or along y by at least half their summed sides.
        along_x = self.model.new_bool_var(f"apart-x:{a}:{b}")
        self.model.add(dx >= sa.w + sb.w).only_enforce_if(along_x)
        self.model.add(dy >= sa.h + sb.h).only_enforce_if(along_x.Not())
        self.flows.append((round(flow * FLOW_SCALE), distance))

    def add_conflict(self, rule_id: str, reason: str) -> None:
        self.conflicts.append((rule_id, reason))

    # ---- construction ----------------------------------------------------------------------
    def build_structure(self) -> None:
        """Create every space and post the geometric rules of a floor plan."""
        for spec in self.req.rooms:
            self._add_room(spec)
        if self.req.packing:  # rooms only: no stairs, lobby, corridors, doors
            self._post_no_overlap()
            self._post_capacity()
            self._break_mirror_symmetry()
            if len(self.levels) == 1:  # rooms on different floors need no side
                self._post_pair_sides()
            return
        self._add_stairs()
        if self.req.lift:
            self._add_lift()
        if 1 in self.levels:
            self._add_lobby()
        for level in self.levels:
            for k in range(self.settings.corridors_per_floor):
                self._add_corridor(level, k)
            if level != 1:
                self._add_unused_block(level)
        self._post_no_overlap()
        self._post_doors()
        self._post_block_access()
        self._post_circulation_network()
        self._post_capacity()

    def _post_pair_sides(self) -> None:
        """Redundant with no-overlap: for every two rooms one of four literals (left of, right
        of, below, above). The classic facility-layout formulation; it lets the LP and the
        neighbourhood search reason about relative positions."""
        m = self.model
        rooms = [self.spaces[spec.id] for spec in self.req.rooms]
        for a, b in itertools.combinations(rooms, 2):
            sides = []
            for name, end, start in (
                ("l", a.x2, b.x),
                ("r", b.x2, a.x),
                ("b", a.y2, b.y),
                ("a", b.y2, a.y),
            ):
                lit = m.new_bool_var(f"side:{a.id}:{b.id}:{name}")
                m.add(end <= start).only_enforce_if(lit)
                sides.append(lit)
            m.add_bool_or(sides)

    def _break_mirror_symmetry(self) -> None:
        """A packing of one floor whose usable cells are symmetric under a mirror has the
        mirrored packing as an equally good twin: keep the first room's centre in one half."""
        if len(self.levels) != 1 or not self.req.rooms:
            return
        usable = _padded(self.floors[self.levels[0]].grid, self.width, self.height).usable
        first = self.spaces[self.req.rooms[0].id]
        if (usable == usable[:, ::-1]).all():
            self.model.add(first.x + first.x2 <= self.width)
        if (usable == usable[::-1, :]).all():
            self.model.add(first.y + first.y2 <= self.height)

    def _rect_vars(self, name: str, min_w: int, min_h: int) -> tuple[cp_model.IntVar, ...]:
        m = self.model
        w = m.new_int_var(min(min_w, self.width), self.width, f"{name}.w")
        h = m.new_int_var(min(min_h, self.height), self.height, f"{name}.h")
        x = m.new_int_var(0, self.width, f"{name}.x")
        y = m.new_int_var(0, self.height, f"{name}.y")
        x2 = m.new_int_var(0, self.width, f"{name}.x2")
        y2 = m.new_int_var(0, self.height, f"{name}.y2")
        m.add(x2 == x + w)
        m.add(y2 == y + h)
        return x, y, w, h, x2, y2

    def _add_room(self, spec: RoomSpec) -> None:
        m = self.model
        side = max(1, min(self.units(spec.min_side), self.width, self.height))
        x, y, w, h, x2, y2 = self._rect_vars(spec.id, side, side)
        max_cells = max(self.cells(spec.min_area), self.cells(spec.max_area, up=False))
        area = m.new_int_var(0, max_cells, f"{spec.id}.area")
        m.add_multiplication_equality(area, [w, h])
        # Cells may cross a non-grid wall by WALL_TOLERANCE_M and rooms are clipped back to it
        # afterwards: keep that much area in hand along the perimeter (in 1/10000 cells).
        # Plain packing draws rooms as placed (its footprints are on the grid): no margin.
        scale = 10_000
        margin = 0 if self.req.packing else math.ceil(scale * 2 * WALL_TOLERANCE_M / self.module)
        m.add(scale * area >= math.ceil(scale * spec.min_area / self.module**2) + margin * (w + h))
        shapes = self._shapes(spec, side, max_cells)
        if shapes:
            # Redundant with the room-size rule, but propagates far better than w·h = area:
            # on dense floors it makes the first plan several times faster.
            m.add_allowed_assignments([w, h], shapes)
        allowed = [lv for lv in self.levels if spec.floors is None or lv in spec.floors]
        space = SpaceVars(spec.id, ROOM, spec.function, spec.name, x, y, w, h, x2, y2, area)
        if len(allowed) == 1:
            space.floor = {allowed[0]: True}
            space.area_on = {allowed[0]: area}
        elif allowed:
            space.floor = {lv: m.new_bool_var(f"{spec.id}@{lv}") for lv in allowed}
            m.add_exactly_one(space.floor.values())
            for lv, lit in space.floor.items():
                a = m.new_int_var(0, max_cells, f"{spec.id}.area@{lv}")
                m.add(a == area).only_enforce_if(lit)
                m.add(a == 0).only_enforce_if(lit.Not())
                space.area_on[lv] = a
        else:
            # No allowed floor: the room-floors rule records the conflict; keep the model whole.
            space.floor = {self.levels[0]: self._false}
            space.area_on = {self.levels[0]: 0}
        self.spaces[spec.id] = space

    def _shapes(self, spec: RoomSpec, side: int, max_cells: int) -> list[tuple[int, int]]:
        """Every (w, h) in modules meeting the room's area range, side and aspect limits."""
        min_cells = self.cells(spec.min_area)
        ratio = round(spec.max_aspect * 10)
        margin = 0 if self.req.packing else max(1, self.units(ASPECT_MARGIN_M))  # as the rule
        shapes = []
        for w in range(side, self.width + 1):
            lo = max(side, -(-min_cells // w), -(-10 * (w + margin) // ratio))
            hi = min(self.height, max_cells // w, ratio * w // 10 - margin)
            shapes += [(w, h) for h in range(lo, hi + 1)]
        return shapes

    def _add_stairs(self) -> None:
        m = self.model
        if any(lv > 1 for lv in self.levels) and self.stair_count < 1:
            self.add_conflict("stairs-stacked", "upper floors need at least one stair")
        short, long_ = sorted(
            (self.units(self.settings.stair_width), self.units(self.settings.stair_length))
        )
        stretch = self.core_stretch
        for k in range(self.stair_count):
            sid = f"stair-{chr(ord('a') + k)}"
            x, y, w, h, x2, y2 = self._rect_vars(sid, short, short)
            across = m.new_int_var(short, short + stretch, f"{sid}.across")
            horizontal = m.new_bool_var(f"{sid}.horizontal")
            m.add(w == long_).only_enforce_if(horizontal)
            m.add(h == across).only_enforce_if(horizontal)
            m.add(w == across).only_enforce_if(horizontal.Not())
            m.add(h == long_).only_enforce_if(horizontal.Not())
            area = m.new_int_var(short * long_, (short + stretch) * long_, f"{sid}.area")
            m.add(area == long_ * across)
            space = SpaceVars(sid, STAIR, "stair", "楼梯", x, y, w, h, x2, y2, area)
            space.floor = {lv: True for lv in self.levels}
            space.area_on = {lv: area for lv in self.levels}
            space.horizontal = horizontal
            if sid in self.fixed_stairs:
                for var, value in zip((x, y, w, h), self.fixed_stairs[sid], strict=True):
                    m.add(var == value)
            self.stairs.append(space)
            self.spaces[sid] = space
        gap = self.units(self.req.design.doors_apart_m)  # GB 50016 5.5.2: exits 5 m apart
        for first, second in itertools.pairwise(self.stairs):
            m.add(first.x <= second.x)  # stairs are interchangeable
            apart = [m.new_bool_var(f"{first.id}:{second.id}:apart{k}") for k in range(3)]
            m.add(first.x2 + gap <= second.x).only_enforce_if(apart[0])
            m.add(first.y2 + gap <= second.y).only_enforce_if(apart[1])
            m.add(second.y2 + gap <= first.y).only_enforce_if(apart[2])
            m.add_bool_or(apart)

    def _add_lift(self) -> None:
        """An accessible lift: a shaft at one place on every floor, square or deeper by up to
        STAIR_STRETCH_M, with its door onto circulation on each (the circulation in front is
        its landing: corridors and the lobby are deeper than the landing GB 50763 asks for,
        or the model says so)."""
        m = self.model
        design = self.req.design
        if min(self.settings.corridor_width, self.settings.lobby_min_side) < design.lift_landing_m:
            self.add_conflict(
                "lift",
                f"corridors {self.settings.corridor_width:g} m wide leave no "
                f"{design.lift_landing_m:g} m deep landing in front of the lift",
            )
        side = self.units(self.settings.lift_side)
        x, y, w, h, x2, y2 = self._rect_vars(LIFT_ID, side, side)
        if self.core_stretch:
            deep = m.new_int_var(side, side + self.core_stretch, f"{LIFT_ID}.deep")
            along_x = m.new_bool_var(f"{LIFT_ID}.deep_along_x")
            m.add(w == deep).only_enforce_if(along_x)
            m.add(h == side).only_enforce_if(along_x)
            m.add(w == side).only_enforce_if(along_x.Not())
            m.add(h == deep).only_enforce_if(along_x.Not())
            area = m.new_int_var(side * side, side * (side + self.core_stretch), "lift.area")
            m.add(area == side * deep)
        else:
            m.add(w == side)
            m.add(h == side)
            area = m.new_constant(side * side)
        space = SpaceVars(LIFT_ID, LIFT, "lift", "电梯", x, y, w, h, x2, y2, area)
        space.floor = {lv: True for lv in self.levels}
        space.area_on = {lv: area for lv in self.levels}
        if LIFT_ID in self.fixed_stairs:
            for var, value in zip((x, y, w, h), self.fixed_stairs[LIFT_ID], strict=True):
                m.add(var == value)
        self.lift = space
        self.spaces[LIFT_ID] = space

    def _add_lobby(self) -> None:
        m = self.model
        side = self.units(self.settings.lobby_min_side)
        x, y, w, h, x2, y2 = self._rect_vars("lobby", side, side)
        min_cells = self.cells(self.settings.lobby_min_area)
        max_cells = max(min_cells, self.cells(3 * self.settings.lobby_min_area, up=False))
        area = m.new_int_var(min_cells, max_cells, "lobby.area")
        m.add_multiplication_equality(area, [w, h])
        space = SpaceVars("lobby", LOBBY, "circulation", "门厅", x, y, w, h, x2, y2, area)
        space.floor = {1: True}
        space.area_on = {1: area}
        self.lobby = space
        self.spaces["lobby"] = space
        if self.entrance_wall is not None:
            self._lobby_at_slanted_entrance(space)
            return
        # The main entrance door (with its corner clearance) sits on the lobby's outer wall,
        # centred on the entrance point as far as that wall allows.
        design = self.req.design
        reach = self.units(design.entrance_door_width_m / 2 + design.door_corner_clearance_m)
        ex, ey = self.entrance_cell
        m.add(x <= ex)
        m.add(x2 >= ex + 1)
        m.add(y <= ey)
        m.add(y2 >= ey + 1)
        reaches = []
        for k, run in enumerate(self.entrance_runs):
            lo, hi = (x, x2) if run.side in ("bottom", "top") else (y, y2)
            at = ex if run.side in ("bottom", "top") else ey
            # …in the lobby's own wall: the lobby reaches one of the entrance's wall runs.
            wall = {"left": x, "right": x2, "bottom": y, "top": y2}[run.side]
            here = m.new_bool_var(f"lobby.reaches{k}")
            m.add(lo <= max(run.lo, at - reach)).only_enforce_if(here)
            m.add(hi >= min(run.hi, at + 1 + reach)).only_enforce_if(here)
            m.add(wall == run.line).only_enforce_if(here)
            reaches.append(here)
        if reaches:
            m.add_bool_or(reaches)

    def _lobby_at_slanted_entrance(self, lobby: SpaceVars) -> None:
        """On a slanted entrance wall a rectangle holding the entrance cell cannot also reach
        along the wall on both sides of it (the wall cuts its corner): the lobby stands
        against the wall where the wall is nearest to it and spans the entrance cell along
        it; when the plan is drawn it takes the wedge in front of it, and the main door opens
        there, as near the entrance as the lobby's wall allows (its clear width and corner
        clearance fit: the lobby's sides are longer). The wedge up to the entrance stays
        within LOBBY_WEDGE_M where the slope allows, so that the lobby can take it."""
        m = self.model
        wall = self.entrance_wall
        assert wall is not None
        contact, lo, hi = _side_of(lobby, wall.side)
        ex, ey = self.entrance_cell
        at = ey if wall.side in ("left", "right") else ex
        m.add(lo <= at)
        m.add(hi >= at + 1)
        self._against_wall(contact, lo, hi, wall, None)
        design = self.req.design
        door = self.units(design.entrance_door_width_m + 2 * design.door_corner_clearance_m)
        deepest = self.units(LOBBY_WEDGE_M) - self.wall_slack
        # At least a door's length, with a cell more per extra cell of slack: a coarse plan
        # doubled keeps its lobby here.
        span = max(door + self.wall_slack - 1, math.floor(deepest / abs(wall.slope)))
        if wall.from_low_end:
            m.add(lo >= at + 1 - span)
        else:
            m.add(hi <= at + span)

    def _add_corridor(self, level: int, k: int) -> None:
        m = self.model
        cid = f"corridor-{level}F-{k + 1}"
        cw = self.units(self.settings.corridor_width)
        x, y, w, h, x2, y2 = self._rect_vars(cid, cw, cw)
        present = m.new_bool_var(f"{cid}.present")
        horizontal = m.new_bool_var(f"{cid}.horizontal")
        m.add(h == cw).only_enforce_if(horizontal)
        m.add(w == cw).only_enforce_if(horizontal.Not())
        for var, value in ((x, 0), (y, 0), (w, cw), (h, cw)):
            m.add(var == value).only_enforce_if(present.Not())
        m.add_implication(present.Not(), horizontal)
        area = m.new_int_var(0, cw * (self.width + self.height), f"{cid}.area")
        m.add(area == cw * (w + h - cw)).only_enforce_if(present)
        m.add(area == 0).only_enforce_if(present.Not())
        space = SpaceVars(cid, CORRIDOR, "circulation", "走廊", x, y, w, h, x2, y2, area)
        space.floor = {level: present}
        space.area_on = {level: area}
        space.present = present
        space.horizontal = horizontal
        previous = self.corridors[level]
        if previous:
            m.add_implication(present, previous[-1].present)  # corridors used in order
        self.corridors[level].append(space)
        self.spaces[cid] = space

    def _add_unused_block(self, level: int) -> None:
        """Upstairs, the floor space the centre does not use is one block (optional) with a
        door-wide wall onto circulation: one usable block, not scattered leftovers. The block
        is up to three rectangles, each wing sharing a corridor-wide wall with the block or
        the first wing (an L, a T, a U or a Z): the rooms upstairs seldom leave a rectangle
        free, and floor the block cannot reach stays a second piece."""
        m = self.model
        side = self.units(self.settings.corridor_width)
        block = self._unused_rectangle(f"unused-{level}F", level)
        wing = self._unused_rectangle(f"unused-{level}F-wing", level)
        m.add_implication(wing.present, block.present)
        joined = post_shared_wall(m, block, wing, side, f"join:{wing.id}:{block.id}")
        m.add_implication(wing.present, joined)
        second = self._unused_rectangle(f"unused-{level}F-wing-2", level)
        m.add_implication(second.present, wing.present)  # wings used in order
        to_block = post_shared_wall(m, block, second, side, f"join:{second.id}:{block.id}")
        to_wing = post_shared_wall(m, wing, second, side, f"join:{second.id}:{wing.id}")
        m.add_bool_or([to_block, to_wing]).only_enforce_if(second.present)
        self.unused_blocks[level] = [block, wing, second]

    def _unused_rectangle(self, bid: str, level: int) -> SpaceVars:
        m = self.model
        side = self.units(self.settings.corridor_width)
        x, y, w, h, x2, y2 = self._rect_vars(bid, side, side)
        present = m.new_bool_var(f"{bid}.present")
        for var, value in ((x, 0), (y, 0), (w, side), (h, side)):
            m.add(var == value).only_enforce_if(present.Not())
        raw = m.new_int_var(0, self.width * self.height, f"{bid}.raw")
        m.add_multiplication_equality(raw, [w, h])
        area = m.new_int_var(0, self.width * self.height, f"{bid}.area")
        m.add(area == raw).only_enforce_if(present)
        m.add(area == 0).only_enforce_if(present.Not())
        space = SpaceVars(bid, UNUSED, "unused", "未使用", x, y, w, h, x2, y2, area)
        space.floor = {level: present}
        space.present = present
        self.spaces[bid] = space
        return space

    def upper_growth_cells(self) -> int:
        level_cells = {
            f.level: math.ceil(max(0.0, f.area_m2 / self.module**2 - f.grid.cells))
            for f in self.floors.values()
        }
        return sum(cells for level, cells in level_cells.items() if level != 1)

    def pocket_reserve_cells(self) -> int:
        """Cells of the ground-floor share to keep free, where the programme allows, for
        leftover pockets upstairs (two per floor, each just under the fragment size):
        extraction hands a pocket to a neighbour only while the share allows it."""
        upper = [lv for lv in self.levels if lv != 1]
        return len(upper) * self.cells(2 * self.req.design.fragment_min_m2)

    def reserve_used(self, cap_cells: int | None = None) -> cp_model.IntVar:
        """Cells of the pocket reserve the plan takes: against ``cap_cells`` (an upper-floor
        stage's cap on its own area) or, for the whole plan, against the ground-floor share.
        A cost, not a rule: a tight programme may take the reserve."""
        reserve = self.pocket_reserve_cells()
        used = self.model.new_int_var(0, reserve, "pocket_reserve_used")
        counted = self.total_area() + self.upper_growth_cells() + reserve
        share = self.req.ground_share_min
        if cap_cells is not None:
            self.model.add(counted - used <= cap_cells)
        elif share > 0 and 1 in self.levels and reserve:
            percent = round(share * 1000)
            self.model.add(1000 * self.ground_area() + percent * used >= percent * counted)
        else:
            self.model.add(used == 0)
        return used

    def reserve_cost(self, used: cp_model.LinearExprT) -> cp_model.LinearExprT:
        """Each cell of the reserve taken costs twice a cell left uncovered: covering a cell
        with a room is worth less than the room to absorb a pocket the search leaves."""
        return 2 * self.uncovered_weight() * used

    def ground_shortfall(self) -> cp_model.IntVar:
        """Cells the ground floor falls short of the share it must use (the design figure)."""
        cells = self.floors[1].grid.cells
        target = math.ceil((1 - self.req.design.ground_unassigned_max) * cells)
        short = self.model.new_int_var(0, cells, "ground_shortfall")
        self.model.add(short >= target - self.ground_area())
        return short

    def upper_uncovered(self) -> cp_model.LinearExprT:
        """Cells of the upper floors covered neither by the centre nor by the unused block."""
        total = 0
        for level, parts in self.unused_blocks.items():
            on = [s.area_on[level] for s in self.spaces.values() if level in s.area_on]
            total += self.floors[level].grid.cells - sum(on) - sum(p.area for p in parts)
        return total

    def uncovered_cost(self) -> cp_model.LinearExprT:
        """Upstairs floor left to nobody, priced so that each square metre costs about one
        unit of preference weight: scattered leftovers between rooms are what a designer
        rejects first, so they outweigh a missed adjacency of similar size."""
        return self.uncovered_weight() * self.upper_uncovered()

    def uncovered_weight(self) -> int:
        """Objective units per grid cell left to nobody upstairs (see ``uncovered_cost``)."""
        return self._cell_weight(1 / UNCOVERED_M2_PER_UNIT)

    def shortfall_weight(self) -> int:
        """Objective units per grid cell the ground floor falls short of its required use."""
        return self._cell_weight(GROUND_SHORTFALL_UNITS_PER_M2)

    def _cell_weight(self, units_per_m2: float) -> int:
        """Objective units per grid cell for so many units of preference weight per m²."""
        unit = self.cells(10.0)  # one unit of preference weight, as the objective counts it
        return max(1, round(unit * self.module**2 * units_per_m2))

    def _post_no_overlap(self) -> None:
        m = self.model
        for level in self.levels:
            xs, ys = [], []
            grid = self.floors[level].grid
            for bx, by, bw, bh in blocked_rectangles(_padded(grid, self.width, self.height)):
                xs.append(m.new_fixed_size_interval_var(bx, bw, f"block@{level}.x"))
                ys.append(m.new_fixed_size_interval_var(by, bh, f"block@{level}.y"))
            for space in self.spaces.values():
                lit = space.floor.get(level)
                if lit is None:
                    continue
                if lit is True:
                    xs.append(
                        m.new_interval_var(space.x, space.w, space.x2, f"{space.id}@{level}.ix")
                    )
                    ys.append(
                        m.new_interval_var(space.y, space.h, space.y2, f"{space.id}@{level}.iy")
                    )
                else:
                    xs.append(
                        m.new_optional_interval_var(
                            space.x, space.w, space.x2, lit, f"{space.id}@{level}.ix"
                        )
                    )
                    ys.append(
                        m.new_optional_interval_var(
                            space.y, space.h, space.y2, lit, f"{space.id}@{level}.iy"
                        )
                    )
            m.add_no_overlap_2d(xs, ys)

    def _circulation_on(self, level: int) -> list[SpaceVars]:
        pieces = list(self.corridors[level])
        if level == 1 and self.lobby is not None:
            pieces.insert(0, self.lobby)
        return pieces

    def _post_doors(self) -> None:
        """Every room and every stair shares a door-wide wall with circulation on its floor;
        a room over the two-door area shares a wall long enough for two wide doors apart."""
        m = self.model
        design = self.req.design
        # A door keeps its leaf clear of both corners of the wall it opens in.
        door = self.units(self.settings.door_width + 2 * design.door_corner_clearance_m)
        two_doors = self.units(
            2 * design.two_doors_width_m + design.doors_apart_m + 2 * design.door_corner_clearance_m
        )
        big_cells = self.cells(design.two_doors_above_m2, up=False)
        for space in self.spaces.values():
            if space.kind != ROOM:
                continue
            self._post_room_door(space, door)
            spec = self.req.room(space.id)
            if spec.max_area > design.two_doors_above_m2:
                big = m.new_bool_var(f"{space.id}.two_doors")
                # Below the two-door area with room to spare for the strip up to an off-grid
                # wall (up to two modules along each side) that the drawn room will gain.
                m.add(space.area + 2 * (space.w + space.h) <= big_cells).only_enforce_if(big.Not())
                self._post_room_door(space, two_doors, big)
        for stair in [*self.stairs, *([self.lift] if self.lift is not None else [])]:
            for level in self.levels:
                options = []
                for piece in self._circulation_on(level):
                    t = post_shared_wall(m, stair, piece, door, f"door:{stair.id}:{piece.id}")
                    if piece.present is not True:
                        m.add_implication(t, piece.present)
                    options.append(t)
                m.add_bool_or(options)

    def _post_room_door(
        self, space: SpaceVars, length: int, only_if: cp_model.LiteralT | None = None
    ) -> None:
        m = self.model
        options = []
        for level, lit in space.floor.items():
            for piece in self._circulation_on(level):
                t = post_shared_wall(m, space, piece, length, f"door{length}:{space.id}:{piece.id}")
                if lit is not True:
                    m.add_implication(t, lit)
                if piece.present is not True:
                    m.add_implication(t, piece.present)
                options.append(t)
        clause = m.add_bool_or(options)
        if only_if is not None:
            clause.only_enforce_if(only_if)

    def _post_block_access(self) -> None:
        door = self.units(self.settings.door_width)
        for level, (block, *_wings) in self.unused_blocks.items():
            links = [
                post_shared_wall(self.model, block, piece, door, f"door:{block.id}:{piece.id}")
                for piece in self._circulation_on(level)
            ]
            for link, piece in zip(links, self._circulation_on(level), strict=True):
                if piece.present is not True:
                    self.model.add_implication(link, piece.present)
            self.model.add_bool_or(links).only_enforce_if(block.present)

    def _post_circulation_network(self) -> None:
        """Connected circulation per floor: each used corridor joins the floor's root (lobby,
        or the first stair upstairs, through the first corridor) or an earlier corridor, a full
        corridor width wide."""
        m = self.model
        cw = self.units(self.settings.corridor_width)
        door = self.units(self.settings.door_width)
        for level in self.levels:
            if level == 1 and self.lobby is not None:
                root, join = self.lobby, cw
            elif self.stairs:
                root, join = self.stairs[0], door
            else:
                continue
            corridors = self.corridors[level]
            if level != 1:
                m.add(corridors[0].present == 1)  # upper floors are served by corridors
            for k, corridor in enumerate(corridors):
                links = []
                # Upstairs the first corridor meets the stair and the others meet corridors, so
                # people never walk through a stairwell to get from one corridor to another.
                if level == 1 or k == 0:
                    links.append(
                        post_shared_wall(m, corridor, root, join, f"join:{corridor.id}:{root.id}")
                    )
                for earlier in corridors[:k]:
                    t = post_shared_wall(
                        m, corridor, earlier, cw, f"join:{corridor.id}:{earlier.id}"
                    )
                    m.add_implication(t, earlier.present)
                    links.append(t)
                m.add_bool_or(links).only_enforce_if(corridor.present)

    def _post_capacity(self) -> None:
        """Redundant cut: what stands on a floor fits in its usable cells."""
        for level in self.levels:
            on_floor = [s.area_on[level] for s in self.spaces.values() if level in s.area_on]
            on_floor += [part.area for part in self.unused_blocks.get(level, [])]
            self.model.add(sum(on_floor) <= self.floors[level].grid.cells)

    # ---- solutions ---------------------------------------------------------------------------
    def placement(self, solver: cp_model.CpSolver) -> Placement:
        """The solved spaces (absent corridors left out)."""
        placed: Placement = {}
        for space in self.spaces.values():
            levels = tuple(
                lv for lv, lit in space.floor.items() if lit is True or solver.boolean_value(lit)
            )
            if not levels:
                continue
            rect = tuple(solver.value(v) for v in (space.x, space.y, space.w, space.h))
            placed[space.id] = Placed(
                space.id,
                space.kind,
                space.function,
                space.name,
                levels,
                rect,  # type: ignore[arg-type]
            )
        return placed

    def add_hints(self, placement: Placement) -> None:
        """Hint every space's floor and rectangle from an earlier solution (replacing any
        earlier hint: CP-SAT rejects a variable hinted twice)."""
        m = self.model
        m.clear_hints()
        for space in self.spaces.values():
            placed = placement.get(space.id)
            for level, lit in space.floor.items():
                if lit is not True:
                    m.add_hint(lit, placed is not None and level in placed.levels)
            if placed is None:
                continue
            x, y, w, h = placed.rect
            for var, value in zip(
                (space.x, space.y, space.w, space.h, space.x2, space.y2),
                (x, y, w, h, x + w, y + h),
                strict=True,
            ):
                m.add_hint(var, value)
            if space.horizontal is not None:
                m.add_hint(space.horizontal, w >= h if space.kind == STAIR else h <= w)

    def fix_floors(self, floors: dict[str, int]) -> None:
        """Pin rooms to floors (a floor assignment chosen beforehand)."""
        for room_id, level in floors.items():
            for lv, lit in self.spaces[room_id].floor.items():
                if lit is not True:
                    self.model.add(lit == int(lv == level))

    def post_objective(self) -> None:
        """Plain packing: the flow-weighted centroid distances (and any preferences, each unit
        of weight worth one unit of flow over one module).

        Otherwise: weighted preferences first; then, per cell, a ground floor left unfilled
        costs 2 (and, short of its required use, three preference units per m² more:
        ``shortfall_weight``), corridor 1, and upstairs floor left neither to the centre nor
        to its unused block about one preference unit per m² (``uncovered_cost``): rooms fill
        the ground floor, upper floors are whole, corridors stay short (and flows, if a brief
        gives any, their flow × distance)."""
        flow_cost = sum(weight * distance for weight, distance in self.flows)
        if self.req.packing:
            unit = 2 * FLOW_SCALE  # one unit of preference = one unit of flow over one module
            self.model.minimize(flow_cost + unit * sum(w * lit for w, lit, _ in self.penalties))
            return
        corridor_cells = sum(c.area for cs in self.corridors.values() for c in cs)
        cell_scale = max(1, self.cells(10.0))  # one unit of preference ≈ 10 m² of corridor
        unfilled = shortfall = 0
        if 1 in self.levels:
            unfilled = self.floors[1].grid.cells - self.ground_area()
            shortfall = self.ground_shortfall()
        self.model.minimize(
            cell_scale * sum(w * lit for w, lit, _ in self.penalties)
            + self.shortfall_weight() * shortfall
            + 2 * unfilled
            + self.uncovered_cost()
            + self.reserve_cost(self.reserve_used())
            + corridor_cells
            + flow_cost
        )


def _side_of(space: SpaceVars, side: str) -> tuple[cp_model.IntVar, ...]:
    """The coordinate of a rectangle's side and the extent along it."""
    return {
        "left": (space.x, space.y, space.y2),
        "right": (space.x2, space.y, space.y2),
        "bottom": (space.y, space.x, space.x2),
        "top": (space.y2, space.x, space.x2),
    }[side]


def _near_entrance(cell: tuple[int, int], run: FacadeRun, units: int) -> tuple[int, int] | None:
    """The stretch (lo, hi) along ``run`` within ``units`` of the entrance ``cell``: a door
    at least that far from the entrance ends at or below lo or starts at or above hi. None
    when ``units`` is 0 or the whole run lies that far from the cell."""
    i, j = cell
    along, across = (j, i) if run.side in ("left", "right") else (i, j)
    gap = max(0, across - run.line, run.line - (across + 1))
    if units <= 0 or gap >= units:
        return None
    return along - units, along + 1 + units


def _scaled(run: FacadeRun, k: int) -> FacadeRun:
    return FacadeRun(run.side, run.line * k, run.lo * k, run.hi * k)


def _entrance_runs(runs: list[FacadeRun], cell: tuple[int, int]) -> list[FacadeRun]:
    """The outer-wall runs nearest the entrance cell (the cell may lie a module or two inside
    a wall that is off the grid): those the entrance cell faces across the smallest gap."""

    def gap(run: FacadeRun) -> float:
        i, j = cell
        if run.side in ("left", "right"):
            inside = run.lo <= j < run.hi
            across = i - run.line if run.side == "left" else run.line - (i + 1)
        else:
            inside = run.lo <= i < run.hi
            across = j - run.line if run.side == "bottom" else run.line - (j + 1)
        return across if inside and across >= 0 else math.inf

    best = min((gap(r) for r in runs), default=math.inf)
    return [r for r in runs if gap(r) == best and best <= ENTRANCE_GAP_CELLS]


def _padded(grid: Grid, width: int, height: int) -> Grid:
    """The floor's grid padded with blocked cells up to the model's full frame."""
    usable = np.zeros((height, width), dtype=bool)
    usable[: grid.height, : grid.width] = grid.usable
    return Grid(usable=usable)
