"""From solver values to a plan: rectangles back in the brief's coordinates, rooms extended to
the real walls, and the floor space the centre does not use labelled ``unused``."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.ops import unary_union

from constraints.plan_view import street_front
from constraints.requirements import Requirements
from constraints.rules.design import narrow_strips
from layout.frame import Frame, Grid, street_front_walls
from layout.openings import Opening, place_doors, place_windows, shared_segments
from layout.plan import Door, Floor, Space, Window

Rect = tuple[int, int, int, int]  # x, y, w, h in grid modules

#: Spaces that keep their exact rectangle (a stair is a built element of fixed size).
RIGID = {"stair", "lift"}
#: How deep (modules) the strip between a stair or the lift and a wall may be for the core
#: to take it: a module of grid floor the coarse first layout could not reach, and the floor
#: off the grid beyond it (thinner than a module).
CORE_REACH_MODULES = 2
#: How much (m²) a grown stair or lift may fall short of filling its smallest enclosing
#: rectangle and still count as a rectangle: the wall it reaches on a turned footprint is
#: straight in the frame only to rounding (a tenth of a millimetre over a facade).
CORE_RECTANGLE_SLACK_M2 = 1e-3
#: How far a room reaches beyond its rectangle to meet a slanted or curved facade (m).
FACADE_REACH_M = 3.0
LOBBY_ID = "lobby"
#: A room short of budget for its whole strip to the wall takes the daylight length plus
#: this much of it (m): the facade it then touches is measured along a wall that may slant.
FACADE_SLACK_M = 0.1
#: A grown room fills at least this share of its smallest enclosing rectangle (default).
RECTANGULARITY = 0.8
#: ...or this share, for a leftover piece too small to use that would otherwise stay a
#: fragment, when the piece is at most NICHE_SHARE of the room: a niche (a cupboard's
#: depth beside a stair, a corner cut by a slanted wall), not a second wing.
NICHE_RECTANGULARITY = 0.7
NICHE_SHARE = 0.15
#: A leftover piece wider than this many corridor widths (the diameter of the largest circle
#: inside it) is room-sized: circulation does not take it, a corridor widened into a hall of
#: no use would pass off floor the centre does not use as its own.
ROOMY_PIECE_CORRIDORS = 2.0
#: Half-width of the band round the outer wall in which a space's edge counts as on the wall:
#: an edge cut along a slanted wall is collinear with it only to rounding, and the bare
#: intersection of two such lines can come out as points (length 0).
ON_WALL_M = 1e-4
#: The ends of a side strip left out when asking whether a wall lies ahead of the side (m):
#: more than ON_WALL_M, so a wall the side ends on touches none of what is left.
END_TRIM_M = 1e-3
#: How much the two rooms' filled shares of their walled bounding boxes must gain together
#: for a step to change hands (``_straighten_steps``): a clear gain, not rounding.
STRAIGHTER_BY = 0.02
#: Steps in an outline shallower than this (m) lie within the wall drawn along it.
CORNER_TOLERANCE_M = 0.02
#: A leftover thinner than this (m, twice its area over its perimeter) is rounding between
#: two outlines, not floor: it joins the space beside it, whatever that space is.
CRUMB_M = 0.01
#: How far past its maximum area a room may grow (``past_max``, a factor on the maximum):
#: WITHIN_MAX for floor the room is offered like any other; the design figure
#: ``room_overgrowth_max`` for leftover floor nobody else may take (on the ground floor, to
#: be used in full, or upstairs apart from the unused block): a room half again its size is
#: a generous room, a toilet or a talk room several times its size is none, and such floor
#: is better left a piece of its own (a store room, or unused floor reported as such);
#: ANY_SIZE for the strip between a room's rectangle and its own wall, a step it trades with
#: a neighbour, and a piece too small to use (it would otherwise stay a fragment).
WITHIN_MAX = 1.0
ANY_SIZE = math.inf


def grid_union(grid: Grid, module: float) -> Polygon | MultiPolygon:
    """The usable cells of a floor as one geometry in frame coordinates."""
    rows = []
    for j in range(grid.height):
        i = 0
        while i < grid.width:
            if grid.usable[j, i]:
                start = i
                while i < grid.width and grid.usable[j, i]:
                    i += 1
                rows.append(box(start * module, j * module, i * module, (j + 1) * module))
            i += 1
    return unary_union(rows)


def build_floor(
    level: int,
    footprint_world: Polygon,
    frame: Frame,
    grid: Grid,
    placed: list[tuple[str, str, str, Rect]],
    req: Requirements,
    budget: GrowthBudget | None = None,
    core_strips: dict[str, Polygon] | None = None,
) -> Floor:
    """Turn one floor's rectangles into plan spaces.

    ``placed`` holds (id, function, name, rect). The strip between the grid and the real
    walls (narrower than a module, or the teeth along a slanted wall) goes to the room in
    front of it when the room still meets its size rules; what remains is ``unused``.
    Upstairs, growth of the centre's spaces draws on ``budget`` (the area the ground-floor
    share still allows); the unused block grows freely. Stairs and the lift take the
    ``core_strips`` found for them (``strips_behind_cores``).
    """
    g = frame.module
    footprint = _snap(frame.to_frame(footprint_world))
    remainder = _snap(footprint.difference(grid_union(grid, g)))
    shapes: dict[str, Polygon] = {}
    for sid, _fn, _name, (x, y, w, h) in placed:
        shapes[sid] = _inside(box(x * g, y * g, (x + w) * g, (y + h) * g), footprint)
    for sid, strip in (core_strips or {}).items():
        joined = _one_polygon(shapes[sid].union(strip)) if sid in shapes else None
        if joined is not None:
            shapes[sid] = joined
            remainder = _snap(remainder.difference(strip))
    functions = {sid: fn for sid, fn, _n, _r in placed}
    bodies = {sid: shape for sid, shape in shapes.items() if functions[sid] == "circulation"}
    fits = size_guard(
        req,
        {sid: shape.area for sid, shape in shapes.items()},
        _two_door_wall(shapes, functions, req),
    )
    grow = _grower(
        shapes, functions, fits, budget, kept_apart(req), req.corridor_width_m, footprint
    )

    if req.packing:
        return _packing_floor(level, footprint_world, frame, footprint, shapes, placed)
    outline = footprint.boundary.buffer(ON_WALL_M, join_style="mitre")
    # Rooms that need daylight reach their walls first (upstairs the budget may run short),
    # and first of them those whose rectangle stops short of the wall (the model may count a
    # wall up to one coarse module away as a room's facade): a room that has its facade
    # already must not take the floor in front of another's.
    daylit = {r.id for r in req.rooms if r.daylight}
    short_of_wall = {
        sid
        for sid in daylit & set(shapes)
        if shapes[sid].boundary.intersection(outline).length < req.design.daylight_facade_m - 1e-6
    }
    in_order = sorted(placed, key=lambda p: (p[0] not in daylit, p[0] not in short_of_wall))
    rooms_in_order = [(p[0], p[3]) for p in in_order if functions[p[0]] not in RIGID]

    def reach_facades(reaches: tuple[float, ...], rooms: list[tuple[str, Rect]]) -> None:
        """Along the walls, the floor between a room's rectangle and the wall goes to the
        room (a trapezoid room follows a slanted facade). Shallow reaches first: the nearest
        room owns the facade in front of it; a deeper piece that is no room shape (it
        reaches round a corner into a pocket) is left. The wall must lie ahead of the side,
        not only at an end of the strip: a room whose side ends on a wall does not own the
        floor in front of its neighbour's facade along that wall."""
        # One difference per space, not the difference of their union: GEOS has been seen
        # to drop a member from the union of touching rotated rectangles.
        free = footprint
        for shape in shapes.values():
            free = _snap(free.difference(shape))
        for reach in reaches:
            for sid, rect in rooms:
                for strip in _side_strips(rect, g, reach):
                    if free.is_empty:
                        return
                    claim = _touching_part(_snap(free.intersection(strip)), shapes[sid])
                    ahead = _without_ends(strip, rect, g)
                    if claim is None or (
                        claim.boundary.intersection(outline).intersection(ahead).length < 1e-3
                    ):
                        continue
                    if grow(sid, claim, past_max=ANY_SIZE):
                        free = _snap(free.difference(claim))

    def reach_daylight(
        reaches: tuple[float, ...], rooms: list[tuple[str, Rect]], wall: Polygon = outline
    ) -> None:
        """A room that needs daylight and lacks its facade (on ``wall``, by default any outer
        wall) takes as much of the strip to the wall as daylight asks for (the rest of the
        strip may follow when the budget allows)."""
        need = req.design.daylight_facade_m
        free = footprint
        for shape in shapes.values():
            free = _snap(free.difference(shape))
        for sid, rect in rooms:
            for reach in reaches:
                if shapes[sid].boundary.intersection(wall).length >= need - 1e-6:
                    break
                for strip in _partial_strips(rect, g, reach, need + FACADE_SLACK_M):
                    claim = _touching_part(_snap(free.intersection(strip)), shapes[sid])
                    if claim is None or claim.boundary.intersection(wall).length < need:
                        continue
                    if grow(sid, claim, past_max=ANY_SIZE):
                        free = _snap(free.difference(claim))
                        break

    to_the_wall = (g, 2 * g, 4 * g, FACADE_REACH_M)
    entrance = frame.to_frame(Point(req.entrance))
    if level == 1 and not street_front_walls(footprint, entrance, g).on_grid:
        # Where the street front is more than one wall along the grid (a slanted entrance
        # wall, a corner cut off for the entrance) the model stands the rooms that face the
        # street against one of its walls, and the lobby against a slanted entrance wall,
        # where the wall is nearest them: before anything else they take the wedge in front
        # of them, the rooms as much as their frontage asks for (measured, like daylight, in
        # its length), the lobby all of it (the main door opens there).
        at_front = street_front(footprint, entrance).buffer(ON_WALL_M, join_style="mitre")
        front = [r for r in rooms_in_order if r[0] in req.design.street_front]
        reach_daylight(to_the_wall, front, wall=at_front)
        reach_facades(to_the_wall, [r for r in rooms_in_order if r[0] == LOBBY_ID])
        for shape in shapes.values():
            remainder = _snap(remainder.difference(shape))
    # Rooms that need daylight first take the strip up to the wall the model counted as their
    # facade (up to one coarse module away), as much of it as daylight needs before the
    # whole: upstairs all of them (the ground-floor share may leave little to grow by), on
    # the ground floor those short of the wall, before any other room reaches its walls.
    early = [r for r in rooms_in_order if r[0] in (daylit if budget is not None else short_of_wall)]
    if early:
        reach_daylight((g, 2 * g), early)
        reach_facades((g, 2 * g), early)
        for shape in shapes.values():
            remainder = _snap(remainder.difference(shape))
    # Between the grid and off-grid walls: shallow reaches first, for every space, then
    # deeper ones: a strip between two rooms and a wall goes to the room nearest to it (the
    # one whose facade it is), not to whichever room came first with a deep reach.
    for reach in (g, 2 * g, 3 * g):
        for sid, rect in rooms_in_order:
            if remainder.is_empty:
                continue
            for strip in _side_strips(rect, g, reach):
                claim = _touching_part(_snap(remainder.intersection(strip)), shapes[sid])
                if claim is not None and grow(sid, claim, past_max=ANY_SIZE):
                    remainder = _snap(remainder.difference(claim))
    # Corner pieces left between two claims go to the neighbour sharing most wall with them;
    # a piece along grid floor nobody covers stays with that floor, to be handed on with it
    # (the teeth of a slanted wall in front of a leftover pocket belong to whoever takes the
    # pocket, not to the room at their end).
    uncovered = footprint.difference(remainder)
    for shape in shapes.values():
        uncovered = _snap(uncovered.difference(shape))
    for piece in _polygons(remainder):
        owner = _best_neighbour(piece, shapes, functions)
        if owner is None:
            continue
        if _shared_length(piece, uncovered) > _shared_length(piece, shapes[owner]):
            continue
        grow(owner, piece)
    reach_facades(to_the_wall, rooms_in_order)
    unused = footprint
    for shape in shapes.values():
        unused = _snap(unused.difference(shape))
    split_off = _daylight_from_unused_block(
        shapes, functions, placed, daylit, req, outline, grow, g
    )
    pieces = _absorb_leftovers(
        [p for p in [*_polygons(unused), *split_off] if p.area > 1e-4],
        shapes,
        functions,
        grow,
        level,
        req,
        footprint,
    )
    _straighten_steps(shapes, functions, placed, g, footprint, fits, req, outline)

    # Set operations stay in the axis-aligned frame, where they are robust; only finished
    # outlines are turned back into the brief's coordinates.
    spaces, drawn = [], []
    blocks = [p for p in placed if p[1] == "unused"]
    if blocks:
        # The block and its wings (they share walls) are one space.
        sid, fn, name, _r = blocks[0]
        whole = _snap(unary_union([shapes[b[0]] for b in blocks]))
        block, *rest = sorted(
            (part for p in _polygons(whole) for part in _clean_parts(frame.to_world(p))),
            key=lambda p: -p.area,
        )
        spaces.append(Space(sid, fn, name, block))
        drawn += rest
    for sid, fn, name, _r in placed:
        if fn != "unused":
            spaces.append(Space(sid, fn, name, _clean(frame.to_world(shapes[sid]))))
    drawn += [part for piece in pieces for part in _clean_parts(frame.to_world(piece))]
    for k, piece in enumerate(sorted(drawn, key=lambda p: -p.area), start=1):
        spaces.append(Space(f"unused-{level}F-{k}", "unused", "未使用", piece))
    doors = place_doors(shapes, functions, req, footprint, entrance, level, bodies)
    windows = place_windows(shapes, functions, req, footprint)
    return Floor(
        level=level,
        footprint=footprint_world,
        spaces=tuple(spaces),
        doors=tuple(
            Door(f"D{level}-{k:02d}", d.space, d.to, _world_segment(frame, d))
            for k, d in enumerate(doors, start=1)
        ),
        windows=tuple(Window(w.space, _world_segment(frame, w)) for w in windows),
    )


def strips_behind_cores(
    footprints: dict[int, Polygon],
    frame: Frame,
    grids: dict[int, Grid],
    cores: list[tuple[str, str, Rect, tuple[int, ...]]],
    apart_m: float,
    covered: dict[int, list[Rect]] | None = None,
    unwalkable_m: float = 0.0,
) -> dict[str, Polygon]:
    """For each stair and lift (id, function, rectangle, floors), in frame coordinates, the
    strip between it and a wall that it takes, as a room reaches its facade: a core is placed
    once for every floor and cannot follow the wall, and the strip would stay a sliver behind
    it. The strip is floor off the planning grid and, where ``covered`` gives the rectangles
    placed on each floor, grid floor none of them covers, at most CORE_REACH_MODULES deep: a
    first layout on the coarse grid stands a core a module short of a wall it cannot reach,
    or shallower than ``unwalkable_m`` (a strip nobody walks into: no corridor, no store room).
    Taken only where the strip spans the core's whole side up to a wall parallel to it and
    is the same on every floor the core serves; the core stays a rectangle and stairs stay
    ``apart_m`` apart."""
    g = frame.module
    free: dict[int, Polygon] = {}
    walls: dict[int, object] = {}
    for level, outline in footprints.items():
        footprint = _snap(frame.to_frame(outline))
        if covered is None:
            taken = grid_union(grids[level], g)
        else:
            taken = unary_union(
                [box(x * g, y * g, (x + w) * g, (y + h) * g) for x, y, w, h in covered[level]]
            )
        free[level] = _snap(footprint.difference(taken))
        walls[level] = footprint.boundary.buffer(ON_WALL_M, join_style="mitre")
    rects = {
        sid: box(x * g, y * g, (x + w) * g, (y + h) * g) for sid, _f, (x, y, w, h), _l in cores
    }
    grown: dict[str, Polygon] = {}
    for sid, _function, rect, levels in cores:
        shape = rects[sid]
        sides = (rect[3], rect[3], rect[2], rect[2])  # right, left, top, bottom
        reach = max(CORE_REACH_MODULES * g, unwalkable_m - 10 * ON_WALL_M)
        for strip, side in zip(_side_strips(rect, g, reach), sides, strict=True):
            pieces = [
                _touching_part(_snap(free[lv].intersection(strip)), rects[sid]) for lv in levels
            ]
            first = pieces[0]
            if first is None or any(
                p is None or p.symmetric_difference(first).area > 1e-6 for p in pieces[1:]
            ):
                continue
            on_wall = min(first.boundary.intersection(walls[lv]).length for lv in levels)
            candidate = _one_polygon(shape.union(first))
            if (
                on_wall >= side * g - 1e-3
                and candidate is not None
                and candidate.minimum_rotated_rectangle.area - candidate.area
                <= CORE_RECTANGLE_SLACK_M2
            ):
                shape = candidate
        if shape.area > rects[sid].area + 1e-6:
            grown[sid] = shape
    # Checked against the other stairs as grown: a strip dropped only moves them apart.
    stairs = {sid for sid, function, _r, _l in cores if function == "stair"}
    return {
        sid: _snap(shape.difference(rects[sid]))
        for sid, shape in grown.items()
        if sid not in stairs
        or all(
            shape.distance(grown.get(oid, rects[oid])) >= apart_m - 1e-3 for oid in stairs - {sid}
        )
    }


def _packing_floor(
    level: int,
    footprint_world: Polygon,
    frame: Frame,
    footprint: Polygon,
    shapes: dict[str, Polygon],
    placed: list[tuple[str, str, str, Rect]],
) -> Floor:
    """A plain packing keeps its rectangles as solved (a department's shape and centre are
    what the objective measured); the rest of the floor is unused. No doors or windows."""
    unused = footprint
    for shape in shapes.values():
        unused = _snap(unused.difference(shape))
    spaces = [
        Space(sid, fn, name, _clean(frame.to_world(shapes[sid]))) for sid, fn, name, _r in placed
    ]
    pieces = sorted((p for p in _polygons(unused) if p.area > 1e-4), key=lambda p: -p.area)
    for k, piece in enumerate(pieces, start=1):
        spaces.append(
            Space(f"unused-{level}F-{k}", "unused", "未使用", _clean(frame.to_world(piece)))
        )
    return Floor(level=level, footprint=footprint_world, spaces=tuple(spaces))


def _daylight_from_unused_block(
    shapes: dict[str, Polygon],
    functions: dict[str, str],
    placed: list[tuple[str, str, str, Rect]],
    daylit: set[str],
    req: Requirements,
    outline: object,
    grow: Grow,
    g: float,
) -> list[Polygon]:
    """A room that needs daylight and still lacks its facade takes the strip between it and
    the wall from the floor's unused block (the model may count a wall one coarse module away
    as the room's facade while the row of fine cells in between went to the unused block).
    Returns pieces cut off the unused block by that (they become leftover floor)."""
    need = req.design.daylight_facade_m
    blocks = [sid for sid, fn in functions.items() if fn == "unused"]
    split_off: list[Polygon] = []
    for sid, rect in ((p[0], p[3]) for p in placed if p[0] in daylit):
        if shapes[sid].boundary.intersection(outline).length >= need - 1e-6:
            continue
        for block, strip in itertools.product(blocks, _side_strips(rect, g, 4 * g)):
            claim = _touching_part(_snap(shapes[block].intersection(strip)), shapes[sid])
            if claim is None or claim.boundary.intersection(outline).length < need - 1e-6:
                continue
            rest = sorted(_polygons(_snap(shapes[block].difference(claim))), key=lambda p: -p.area)
            if not rest or not grow(sid, claim, past_max=ANY_SIZE):
                continue
            shapes[block] = rest[0]
            split_off.extend(rest[1:])
            break
    return split_off


Grow = Callable[..., bool]


def _two_door_wall(
    shapes: dict[str, Polygon], functions: dict[str, str], req: Requirements
) -> Callable[[str], bool]:
    """Whether a space shares one straight wall with a circulation space long enough for two
    wide doors the required distance apart (the length the model posts for them)."""
    d = req.design
    needed = 2 * d.two_doors_width_m + d.doors_apart_m + 2 * d.door_corner_clearance_m

    def roomy(sid: str) -> bool:
        return any(
            piece.length >= needed - 1e-6
            for cid, shape in shapes.items()
            if functions[cid] == "circulation"
            for piece in shared_segments(shapes[sid], shape)
        )

    return roomy


def kept_apart(req: Requirements) -> dict[str, set[str]]:
    """For each room, the rooms it must not share a wall with (required separations)."""
    apart: dict[str, set[str]] = {}
    for pref in req.preferences:
        if pref.kind == "separate" and pref.required:
            for q, n in itertools.product(pref.quiet, pref.noisy):
                apart.setdefault(q, set()).add(n)
                apart.setdefault(n, set()).add(q)
    return apart


def _grower(
    shapes: dict[str, Polygon],
    functions: dict[str, str],
    fits: Callable[[str, Polygon, float, float], bool],
    budget: GrowthBudget | None,
    apart: dict[str, set[str]] | None = None,
    apart_m: float = 0.0,
    footprint: Polygon | None = None,
) -> Grow:
    """``grow(sid, piece, past_max=WITHIN_MAX, niche=False)`` adds ``piece`` to the space in
    ``shapes`` if the space keeps its size rules, touches none of the rooms it is kept
    ``apart`` from and comes no nearer to them than ``apart_m`` (the model keeps them a
    corridor's width apart: growing into that gap leaves a sliver between them that neither
    may take), and the budget allows; as a ``niche``, a piece of at most NICHE_SHARE of the
    room may leave it less rectangular, or shaped by the walls of ``footprint``
    (``_wall_niche``)."""
    apart = apart or {}

    def grow(sid: str, piece: Polygon, past_max: float = WITHIN_MAX, niche: bool = False) -> bool:
        grown = _snap(shapes[sid].union(piece))
        if not isinstance(grown, Polygon) or grown.interiors:
            return False  # a space wrapped around another is no space
        for other in apart.get(sid, ()):
            if other not in shapes:
                continue
            if _shared_length(grown, shapes[other]) > 1e-3:
                return False
            was = shapes[sid].distance(shapes[other])
            if grown.distance(shapes[other]) < min(was, apart_m) - 1e-6:
                return False
        rectangularity = RECTANGULARITY
        if niche and piece.area <= NICHE_SHARE * shapes[sid].area:
            rectangularity = NICHE_RECTANGULARITY
            if footprint is not None and _wall_niche(piece, shapes[sid], grown, footprint):
                rectangularity = 0.0  # square but for the walls it follows
        if not fits(sid, grown, past_max, rectangularity):
            return False
        extra = grown.area - shapes[sid].area
        if budget is not None and functions[sid] != "unused" and not budget.take(extra):
            return False
        shapes[sid] = grown
        return True

    return grow


def _wall_niche(piece: Polygon, room: Polygon, grown: Polygon, footprint: Polygon) -> bool:
    """Whether ``piece`` is a corner between ``room`` and an outer wall that the room, grown
    to ``grown``, may take whatever its smallest enclosing rectangle says: the piece lies on
    the wall, at least half its boundary off the wall is the room's (a wedge the room's
    side and the wall close, not an arm along the wall), and the grown room fills at least
    RECTANGULARITY of its bounding box (in the grid's frame) as the walls cut it. A room
    along a slanted wall is a trapezoid, square but for the wall; its smallest enclosing
    rectangle leaves the wedge beyond the wall empty and makes it look less rectangular
    than it is."""
    on_wall = piece.boundary.intersection(
        footprint.boundary.buffer(ON_WALL_M, join_style="mitre")
    ).length
    inner = piece.length - on_wall
    if on_wall < 1e-3 or _shared_length(piece, room) < inner / 2:
        return False
    return _walled_fill(grown, footprint) >= RECTANGULARITY


class GrowthBudget:
    """Square metres the upper floors' spaces may still grow by at extraction: the model keeps
    the ground-floor share on its grid, and growing upstairs must not undo it."""

    def __init__(self, m2: float) -> None:
        self.remaining = m2

    def take(self, m2: float) -> bool:
        if m2 > self.remaining:
            return False
        self.remaining -= m2
        return True


def _absorb_leftovers(
    pieces: list[Polygon],
    shapes: dict[str, Polygon],
    functions: dict[str, str],
    grow: Grow,
    level: int,
    req: Requirements,
    footprint: Polygon | None = None,
) -> list[Polygon]:
    """Give leftover floor to a neighbour. Upstairs the floor's unused block takes any piece
    it touches, so the space the centre leaves stays one block; otherwise, on the ground floor
    every piece (the centre uses the whole ground floor) and elsewhere pieces too small to use
    or apart from the block go to circulation first (no shape limit) unless it would make
    circulation a strip narrower than a corridor may be, then to a room that still meets its
    size rules (past its maximum area), and a piece too small to use, failing that, to a room
    that takes it as a niche, or to a room at its aspect limit that moves over onto it
    (``_shift_room``); a piece no room takes whole may go to rooms in slices, each the
    floor across the piece in front of a room's whole side (``_slices``), the rest handled as
    a piece of its own; last to circulation that it narrows (a finger of corridor is
    reported, as a fragment would be, but keeps the floor in use), which hands the finger on
    to a room where one takes it (``_peel_fingers``). Circulation takes no room-sized piece
    (ROOMY_PIECE_CORRIDORS). Returns what stays unused."""
    rank = {"unused": 0, "circulation": 1}
    clear = req.design.corridor_min_clear_m
    left = []
    queue = sorted(pieces, key=lambda p: p.area)
    while queue:
        piece = queue.pop(0)
        if 2 * piece.area / piece.length < CRUMB_M and _join_crumb(piece, shapes, functions):
            continue
        # Upstairs a piece the unused block does not touch would stay a piece apart from it.
        off_block = not any(
            functions[sid] == "unused" and _shared_length(piece, shape) >= 1e-3
            for sid, shape in shapes.items()
        )
        small = level == 1 or piece.area < req.design.fragment_min_m2 or off_block
        walls = sorted(
            (
                rank.get(functions[sid], 2),
                -_shared_length(piece, shape),
                sid,
            )
            for sid, shape in shapes.items()
            if functions[sid] not in RIGID and (small or functions[sid] == "unused")
        )
        tiny = piece.area < req.design.fragment_min_m2
        roomy = not tiny and _width(piece) > ROOMY_PIECE_CORRIDORS * req.corridor_width_m
        touching = [
            sid
            for _rank, neg_length, sid in walls
            if -neg_length >= 1e-3 and not (roomy and functions[sid] == "circulation")
        ]
        narrowed = {
            sid
            for sid in touching
            if functions[sid] == "circulation" and _narrows(shapes[sid], piece, clear)
        }
        # Circulation the piece widens and rooms, in the order above; circulation it narrows
        # comes last, after a niche in a room.
        takers = [sid for sid in touching if sid not in narrowed]
        # A room's maximum area is the model's growth bound, not a rule: on the ground floor
        # (to be used in full) and for a piece apart from the unused block, a room may pass
        # it up to the design figure; for a piece too small to use, by any amount.
        if tiny:
            past_max = ANY_SIZE
        elif level == 1 or off_block:
            past_max = req.design.room_overgrowth_max
        else:
            past_max = WITHIN_MAX
        if any(grow(sid, piece, past_max=past_max) for sid in takers):
            continue
        # Rather a niche in a room than a fragment nobody can use.
        if tiny and any(grow(sid, piece, past_max=ANY_SIZE, niche=True) for sid in takers):
            continue
        rooms = [sid for sid in takers if functions[sid] not in ("circulation", "unused")]
        if tiny and _shift_room(piece, rooms, shapes, functions, grow, req):
            continue
        if not tiny:
            rest = _slice_to_rooms(piece, rooms, shapes, functions, grow, past_max, footprint)
            if rest is not None:
                queue.extend(rest)
                continue
        for sid in (s for s in touching if s in narrowed):
            if grow(sid, piece):
                _peel_fingers(sid, piece, shapes, rooms, grow, past_max, req)
                break
        else:
            left.append(piece)
    return left


def _straighten_steps(
    shapes: dict[str, Polygon],
    functions: dict[str, str],
    placed: list[tuple[str, str, str, Rect]],
    g: float,
    footprint: Polygon,
    fits: Callable[[str, Polygon, float, float], bool],
    req: Requirements,
    outline: Polygon,
) -> None:
    """Hand a room's step to the neighbour whose wall then runs straight. Rooms reach a
    slanted wall, and the leftover beside them, piece by piece; where a room took the floor
    in front of its neighbour (a bump beyond its own rectangle), the wall between them steps
    round the bump. The bump goes to the neighbour when both rooms then fill more of their
    bounding boxes as the outer walls cut them (``_walled_fill``) with no more corners, both
    keep their size rules and minimum area, a room that needs daylight keeps its facade, the
    street front's rooms their frontage, and rooms kept apart stay apart. Area moves between
    rooms only: the floor's use is unchanged."""
    specs = {r.id: r for r in req.rooms}
    apart = kept_apart(req)
    need = req.design.daylight_facade_m
    daylit = {r.id for r in req.rooms if r.daylight}
    front = set(req.design.street_front)
    rooms = [sid for sid, fn, _n, _r in placed if sid in specs and fn not in RIGID]
    for giver in rooms:
        x, y, w, h = next(r for sid, _f, _n, r in placed if sid == giver)
        for bump in _beyond_rectangle(shapes[giver], (x * g, y * g, (x + w) * g, (y + h) * g)):
            if bump.difference(shapes[giver]).area > 1e-6:
                continue  # part of it has gone with a piece before
            takers = sorted(
                (t for t in rooms if t != giver and _shared_length(bump, shapes[t]) >= 1e-3),
                key=lambda t: -_shared_length(bump, shapes[t]),
            )
            for taker in takers:
                kept = _one_polygon(_snap(shapes[giver].difference(bump)))
                grown = _one_polygon(_snap(shapes[taker].union(bump)))
                if kept is None or grown is None or kept.interiors or grown.interiors:
                    continue
                was = [_walled_fill(shapes[sid], footprint) for sid in (giver, taker)]
                now = [_walled_fill(kept, footprint), _walled_fill(grown, footprint)]
                if min(now[0] - was[0], now[1] - was[1]) < -1e-6:
                    continue  # neither room gets less square
                if sum(now) < sum(was) + STRAIGHTER_BY:
                    continue
                corners = [_corners(shapes[giver]), _corners(shapes[taker])]
                if _corners(kept) > corners[0] or _corners(grown) > corners[1]:
                    continue  # a room that fills more of its box with a new notch: no gain
                if kept.area < specs[giver].min_area - 1e-6:
                    continue
                if not (fits(giver, kept, ANY_SIZE, 0.0) and fits(taker, grown, ANY_SIZE, 0.0)):
                    continue
                others = [shapes[o] for o in apart.get(taker, ()) if o in shapes]
                if any(_shared_length(grown, o) > 1e-3 for o in others):
                    continue
                if giver in daylit and kept.boundary.intersection(outline).length < need - 1e-6:
                    continue
                if giver in front and bump.boundary.intersection(outline).length > 1e-3:
                    continue  # the street front's rooms keep their frontage
                shapes[giver], shapes[taker] = kept, grown
                break


def _beyond_rectangle(shape: Polygon, rect: tuple[float, float, float, float]) -> list[Polygon]:
    """The parts of ``shape`` outside its rectangle ``rect`` (bounds): beyond each side as a
    whole (corners included), then in front of each side and round each corner alone (the
    rectangle's edges, extended, cut them)."""
    x0, y0, x1, y1 = rect
    far = 1e6
    xs, ys = (-far, x0, x1, far), (-far, y0, y1, far)
    regions = [
        box(-far, -far, x0, far),
        box(x1, -far, far, far),
        box(-far, -far, far, y0),
        box(-far, y1, far, far),
        *(
            box(xs[i], ys[j], xs[i + 1], ys[j + 1])
            for i, j in itertools.product(range(3), range(3))
            if (i, j) != (1, 1)
        ),
    ]
    return [
        part
        for region in regions
        for part in _polygons(_snap(shape.intersection(region)))
        if part.area > 1e-4
    ]


def _corners(shape: Polygon) -> int:
    """The corners of ``shape``'s outline: points along a straight edge do not count, nor
    the teeth of a grid against a slanted wall (CORNER_TOLERANCE_M, inside the wall)."""
    return len(shapely.simplify(shape, CORNER_TOLERANCE_M).exterior.coords) - 1


def _walled_fill(shape: Polygon, footprint: Polygon) -> float:
    """The share of its bounding box (in the grid's frame) as the outer walls cut it that
    ``shape`` fills: 1 for a rectangle and for a room square but for a slanted wall, less
    for a room with a step or an arm."""
    walled = box(*shape.bounds).intersection(footprint).area
    return shape.area / walled if walled > 0 else 0.0


def _shift_room(
    piece: Polygon,
    rooms: list[str],
    shapes: dict[str, Polygon],
    functions: dict[str, str],
    grow: Grow,
    req: Requirements,
) -> bool:
    """A rectangular room that may not take a strip too small to use along one whole side
    (its aspect ratio is at the limit: the wall lies a few centimetres off the grid beyond
    it) moves over by the strip's depth: it takes the strip and hands a strip as deep along
    its opposite side to the circulation there, which widens by it. The room keeps its size
    and proportions, the strip is floor in use. Only a strip nobody could walk into (thinner
    than a store room may be): a deeper pocket may still become a store room. Returns
    whether a room moved."""
    px0, py0, px1, py1 = piece.bounds
    if piece.area < (1 - 1e-6) * (px1 - px0) * (py1 - py0):
        return False  # only a rectangle moves a wall straight
    if min(px1 - px0, py1 - py0) >= req.design.storage_min_width_m:
        return False
    clear_m = req.design.corridor_min_clear_m
    for sid in rooms:
        room = shapes[sid]
        rx0, ry0, rx1, ry1 = room.bounds
        if room.area < (1 - 1e-6) * (rx1 - rx0) * (ry1 - ry0):
            continue
        for strip in _opposite_strips(piece.bounds, room.bounds):
            sx0, sy0, sx1, sy1 = strip.bounds
            side = max(sx1 - sx0, sy1 - sy0)  # the room side the strip runs along
            for circ in (c for c, fn in functions.items() if fn == "circulation"):
                if _shared_length(strip, shapes[circ]) < side - 1e-3:
                    continue
                if _narrows(shapes[circ], strip, clear_m):
                    continue
                # Upstairs the budget pays for both growths, and for a move given up: more
                # than the floor gains, never less (the ground-floor share stays safe).
                before = dict(shapes)
                shapes[sid] = _snap(room.difference(strip))
                if grow(sid, piece, past_max=ANY_SIZE) and grow(circ, strip):
                    return True
                shapes.clear()
                shapes.update(before)
    return False


def _opposite_strips(
    piece: tuple[float, float, float, float], room: tuple[float, float, float, float]
) -> list[Polygon]:
    """For a ``piece`` (bounds) covering one whole side of ``room`` (bounds) from outside,
    the strip of the room as deep as the piece along the opposite side."""
    px0, py0, px1, py1 = piece
    rx0, ry0, rx1, ry1 = room
    eps = 1e-6
    strips = []
    if abs(py0 - ry0) < eps and abs(py1 - ry1) < eps:
        if abs(px0 - rx1) < eps:
            strips.append(box(rx0, ry0, rx0 + px1 - px0, ry1))
        if abs(px1 - rx0) < eps:
            strips.append(box(rx1 - (px1 - px0), ry0, rx1, ry1))
    if abs(px0 - rx0) < eps and abs(px1 - rx1) < eps:
        if abs(py0 - ry1) < eps:
            strips.append(box(rx0, ry0, rx1, ry0 + py1 - py0))
        if abs(py1 - ry0) < eps:
            strips.append(box(rx0, ry1 - (py1 - py0), rx1, ry1))
    return [s for s in strips if s.area > 0]


def _slice_to_rooms(
    piece: Polygon,
    rooms: list[str],
    shapes: dict[str, Polygon],
    functions: dict[str, str],
    grow: Grow,
    past_max: float,
    footprint: Polygon | None,
) -> list[Polygon] | None:
    """The largest slice of ``piece`` one of ``rooms`` takes (``_slices``); returns the
    parts of the piece left over, or None if no room takes a slice. A toilet takes none: it
    keeps the size its fixtures ask for, a pocket beside it is no toilet."""
    offers = [
        (part, sid)
        for sid in rooms
        if functions[sid] != "toilet"
        for part in _slices(piece, shapes[sid], footprint)
    ]
    for part, sid in sorted(offers, key=lambda offer: -offer[0].area):
        if grow(sid, part, past_max=past_max):
            return [p for p in _polygons(_snap(piece.difference(part))) if p.area > 1e-4]
    return None


def _slices(piece: Polygon, room: Polygon, footprint: Polygon | None) -> list[Polygon]:
    """The floor of ``piece`` in front of each side of ``room`` (its bounding box), across the
    piece: taken only where it covers the room's whole side up to the far edge of the part
    of the piece there (a wall, or another space), so the room grows as a rectangle (with the
    wedge of a slanted wall, where ``footprint`` gives the walls) and leaves no strip beside
    it."""
    x0, y0, x1, y1 = room.bounds
    px0, py0, px1, py1 = piece.bounds
    bands = [
        (box(x1, y0, max(x1, px1), y1), lambda b: box(x1, y0, b[2], y1)),
        (box(min(x0, px0), y0, x0, y1), lambda b: box(b[0], y0, x0, y1)),
        (box(x0, y1, x1, max(y1, py1)), lambda b: box(x0, y1, x1, b[3])),
        (box(x0, min(y0, py0), x1, y0), lambda b: box(x0, b[1], x1, y0)),
    ]
    found = []
    for band, to_far_edge in bands:
        if band.area <= 1e-9:
            continue
        part = _touching_part(_snap(piece.intersection(band)), room)
        if part is None or part.area <= 1e-4:
            continue
        filled = to_far_edge(part.bounds)
        if footprint is not None:
            filled = _snap(filled.intersection(footprint))
        if filled.difference(part).area <= 1e-3:
            found.append(part)
    return found


def _peel_fingers(
    circulation_id: str,
    piece: Polygon,
    shapes: dict[str, Polygon],
    rooms: list[str],
    grow: Grow,
    past_max: float,
    req: Requirements,
) -> None:
    """Circulation that took ``piece`` hands the fingers it got with it (its strips within
    the piece narrower than a corridor may be) to a room beside each, where the room keeps
    its size rules (past its maximum area as the piece could, or as a strip too small to
    use) and the circulation stays one polygon: the piece as a whole suited no room (an L of
    a strip and a corridor-wide part), its strip may."""
    clear = req.design.corridor_min_clear_m
    for strip in narrow_strips(shapes[circulation_id], clear, thinnest=0.0):
        part = _one_polygon(strip.intersection(piece))
        if part is None or part.area <= 1e-4:
            continue
        remaining = _one_polygon(shapes[circulation_id].difference(part))
        if remaining is None or remaining.interiors:
            continue  # the strip joins two parts of the corridor: it is walked through
        limit = ANY_SIZE if part.area < req.design.fragment_min_m2 else past_max
        if any(grow(sid, part, past_max=limit) for sid in rooms):
            shapes[circulation_id] = remaining


def _narrows(circulation: Polygon, piece: Polygon, clear_m: float) -> bool:
    """Whether circulation grown by ``piece`` has more floor in strips narrower than
    ``clear_m`` than it had: a finger between two rooms, not a widening along a corridor.
    Strips thinner than a partition count too (the checker lets them pass): a room beside
    one takes it as readily."""
    grown = _snap(circulation.union(piece))

    def narrow(poly: Polygon) -> float:
        return sum(strip.area for strip in narrow_strips(poly, clear_m, thinnest=0.0))

    return narrow(grown) > narrow(circulation) + 1e-3


def _join_crumb(crumb: Polygon, shapes: dict[str, Polygon], functions: dict[str, str]) -> bool:
    """A crumb joins the space sharing the longest wall with it (no size or shape rule
    notices a fraction of a millimetre), but never a stair or the lift: a core is the same on
    every floor, and a crumb along it on one floor (a 0.6 mm strip 3.6 m long on a footprint
    rounded to millimetres) would move it there by more than the stacking check measures. A
    crumb that only a core touches is left out of the plan: it lies inside the wall drawn
    along the core (120 mm), floor nobody could use or see. Returns whether it is gone."""
    walls = sorted((-_shared_length(crumb, shape), sid) for sid, shape in shapes.items())
    for neg_length, sid in walls:
        if -neg_length < 1e-3:
            break
        if functions[sid] in RIGID:
            continue
        grown = _snap(shapes[sid].union(crumb))
        if isinstance(grown, Polygon) and not grown.interiors:
            shapes[sid] = grown
            return True
    return any(functions[sid] in RIGID and -length >= 1e-3 for length, sid in walls)


def _world_segment(frame: Frame, opening: Opening) -> tuple[tuple[float, float], ...]:
    line = frame.to_world(LineString(opening.segment))
    (x1, y1), (x2, y2) = line.coords[0], line.coords[-1]
    return ((x1, y1), (x2, y2))


def _side_strips(rect: Rect, g: float, reach: float) -> list[Polygon]:
    x, y, w, h = rect
    x0, y0, x1, y1 = x * g, y * g, (x + w) * g, (y + h) * g
    return [
        box(x1, y0, x1 + reach, y1),
        box(x0 - reach, y0, x0, y1),
        box(x0, y1, x1, y1 + reach),
        box(x0, y0 - reach, x1, y0),
    ]


def _without_ends(strip: Polygon, rect: Rect, g: float) -> Polygon:
    """``strip`` (one of ``_side_strips(rect)``) without its two ends across the side: what
    touches a wall there meets a wall the side ends on, not one ahead of it."""
    x, _y, w, _h = rect
    sx0, sy0, sx1, sy1 = strip.bounds
    trim = END_TRIM_M
    if abs(sx0 - x * g) < 1e-9 and abs(sx1 - (x + w) * g) < 1e-9:  # above or below the side
        return box(sx0 + trim, sy0 - trim, sx1 - trim, sy1 + trim)
    return box(sx0 - trim, sy0 + trim, sx1 + trim, sy1 - trim)


def _partial_strips(rect: Rect, g: float, reach: float, length: float) -> list[Polygon]:
    """Like ``_side_strips``, only ``length`` long, from either end of each side."""
    x, y, w, h = rect
    x0, y0, x1, y1 = x * g, y * g, (x + w) * g, (y + h) * g
    along_y = [(y0, min(y1, y0 + length)), (max(y0, y1 - length), y1)]
    along_x = [(x0, min(x1, x0 + length)), (max(x0, x1 - length), x1)]
    return [
        *(box(x1, a, x1 + reach, b) for a, b in along_y),
        *(box(x0 - reach, a, x0, b) for a, b in along_y),
        *(box(a, y1, b, y1 + reach) for a, b in along_x),
        *(box(a, y0 - reach, b, y0) for a, b in along_x),
    ]


def _touching_part(geom: object, shape: Polygon) -> Polygon | None:
    """The part of ``geom`` that shares a wall (not just a point) with ``shape``."""
    parts = [p for p in _polygons(geom) if p.area > 1e-9 and p.intersection(shape).length > 1e-6]
    if not parts:
        return None
    merged = unary_union(parts)
    return merged if isinstance(merged, Polygon) else None


def _best_neighbour(
    piece: Polygon, shapes: dict[str, Polygon], functions: dict[str, str]
) -> str | None:
    best, best_len = None, 1e-6
    for sid, shape in shapes.items():
        if functions[sid] in RIGID:
            continue
        length = piece.boundary.intersection(shape.boundary).length
        if length > best_len:
            best, best_len = sid, length
    return best


def size_guard(
    req: Requirements,
    placed_areas: dict[str, float],
    two_door_wall: Callable[[str], bool] | None = None,
) -> Callable[[str, Polygon, float, float], bool]:
    """A grown room must still meet its minimum side and maximum aspect ratio, stay mostly
    rectangular and not cross the area above which it would need a second door, unless
    ``two_door_wall`` says its wall on circulation takes two (the model keeps that wall for
    a room it expects to cross the area on reaching its walls). Its maximum area (a growth
    bound of the model, not a rule) times ``past_max`` bounds it (WITHIN_MAX, the design
    figure ``room_overgrowth_max`` or ANY_SIZE): a room meets its facade, and a room a little
    over its bound is better than a fragment beside it, but a room several times its size is
    no longer the room briefed."""
    specs = {r.id: r for r in req.rooms}
    two_doors = req.design.two_doors_above_m2

    def fits(
        sid: str,
        poly: Polygon,
        past_max: float = WITHIN_MAX,
        rectangularity: float = RECTANGULARITY,
    ) -> bool:
        spec = specs.get(sid)
        if spec is None:
            return True  # circulation has no shape limit
        if poly.area > spec.max_area * past_max + 1e-6:
            return False
        if poly.area < rectangularity * poly.minimum_rotated_rectangle.area:
            return False  # a long L or a room wrapped around a corner is no room
        before = placed_areas.get(sid)
        crosses = before is not None and before <= two_doors < poly.area
        if crosses and (two_door_wall is None or not two_door_wall(sid)):
            return False
        rect = poly.minimum_rotated_rectangle
        pts = list(rect.exterior.coords)
        a, b = math.dist(pts[0], pts[1]), math.dist(pts[1], pts[2])
        short, long_ = min(a, b), max(a, b)
        return short >= spec.min_side and long_ <= spec.max_aspect * short

    return fits


def _width(piece: Polygon) -> float:
    """The diameter of the largest circle inside ``piece`` (m)."""
    return 2 * shapely.maximum_inscribed_circle(piece, 0.05).length


def _shared_length(a: Polygon, b: Polygon) -> float:
    return a.boundary.intersection(b.buffer(1e-6, join_style="mitre")).length


def _inside(rect: Polygon, footprint: Polygon) -> Polygon:
    """A grid rectangle clipped to the real footprint (it may cross a wall by the grid's wall
    tolerance); the largest piece if clipping splits it."""
    clipped = _polygons(_snap(rect.intersection(footprint)))
    return max(clipped, key=lambda p: p.area) if clipped else _snap(rect)


def _snap(geom):
    """Valid geometry on a micrometre grid: keeps unions and differences of nearly touching
    outlines (float noise from rotation) from failing."""
    return shapely.set_precision(shapely.make_valid(geom), 1e-6)


def _one_polygon(geom: object) -> Polygon | None:
    """``geom`` on the micrometre grid as one polygon, or None if it falls into pieces (a
    union of touching shapes can come back as a collection of one)."""
    parts = _polygons(_snap(geom))
    return parts[0] if len(parts) == 1 else None


def _polygons(geom: object) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom] if not geom.is_empty else []
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def _clean_parts(poly: Polygon) -> list[Polygon]:
    """Like ``_clean``, for floor the centre leaves unused: a piece pinched to a point where
    it meets a wall can fall apart on the micrometre grid (its ring would touch itself), and
    is then drawn as the pieces either side of the pinch, largest first."""
    snapped = shapely.set_precision(_simplified(poly), 1e-6)
    parts = sorted((p for p in _polygons(snapped) if p.area > 1e-6), key=lambda p: -p.area)
    return parts or [_clean(poly)]


def _clean(poly: Polygon) -> Polygon:
    """Drop collinear vertices left by unions so the outline is the room's real corners, on
    the micrometre grid ``plan.json`` keeps: the plan in memory is the plan written."""
    outline = _simplified(poly)
    snapped = shapely.set_precision(outline, 1e-6)
    return snapped if isinstance(snapped, Polygon) and not snapped.is_empty else outline


def _simplified(poly: Polygon) -> Polygon:
    simplified = shapely.simplify(poly, 1e-7, preserve_topology=True)
    return simplified if isinstance(simplified, Polygon) and simplified.is_valid else poly
