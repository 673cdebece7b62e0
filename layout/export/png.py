"""PNG previews of a plan: one drawing per floor at 1:100 and an overview of all floors.

A designer looks at these before opening the DXF, and a thumbnail of them goes into reports,
so they carry what a reader needs without the CAD file: rooms coloured by function with a
legend, Chinese names with areas, walls, doors, windows, the entrance, a scale bar, north and a
title. Everything is drawn on a private ``Figure`` with the Agg canvas, so matplotlib's global
state (backend, rcParams) is left as it was.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Arc, Circle, Patch, PathPatch, Rectangle
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.path import Path as MplPath
from matplotlib.textpath import TextPath
from shapely.geometry import LineString, Point, Polygon, box
from shapely.ops import polylabel

from constraints.standard import FUNCTIONS
from layout.export.fonts import font_families
from layout.export.stair_flights import flights_rectangle
from layout.export.style import readable_angle, style_of

#: Drawing scale of the per-floor previews: 1:100 when printed at DPI (1 px ≈ 25 mm).
DPI = 100
FLOOR_SCALE = 100
OVERVIEW_SCALE = 200
#: Largest drawing side in pixels; bigger buildings are drawn at a smaller scale.
MAX_SIDE_PX = 6000
#: Wall thickness drawn (m): exterior walls, interior partitions.
EXTERIOR_WALL_M = 0.24
INTERIOR_WALL_M = 0.10
#: Room label sizes (m of em height at drawing scale) and the smallest legible size in pixels.
LABEL_MAX_M = 0.55
LABEL_MIN_PX = 10.5
#: A label moves clear of a door's swing if it keeps at least this share of its size there.
CLEAR_LABEL_SHARE = 0.6
#: Points per side of the grid on which a label's centre is searched clear of door swings.
LABEL_SEARCH_STEPS = 7
INK = "#222222"
CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class _Scale:
    """Pixels per metre and the matching point size of one metre on the page."""

    px_per_m: float
    dpi: float = DPI

    @property
    def pt_per_m(self) -> float:
        return self.px_per_m * 72.0 / self.dpi

    def pt(self, metres: float, minimum: float = 0.0) -> float:
        return max(metres * self.pt_per_m, minimum)


def write_previews(plan: dict, out_dir: Path, stem: str) -> list[Path]:
    """Write ``<stem>-<level>F.png`` per floor and ``<stem>-overview.png``; return the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for floor in plan["floors"]:
        fig = floor_figure(plan, floor)
        path = out_dir / f"{stem}-{floor['level']}F.png"
        fig.savefig(path, dpi=DPI, facecolor="white")
        paths.append(path)
    fig = overview_figure(plan)
    path = out_dir / f"{stem}-overview.png"
    fig.savefig(path, dpi=DPI, facecolor="white")
    paths.append(path)
    return paths


# --- figures -------------------------------------------------------------------------------


def floor_figure(plan: dict, floor: dict, scale: int = FLOOR_SCALE) -> Figure:
    """One floor at ``1:scale`` (at DPI) with title, legend, scale bar and north arrow."""
    bounds = _plan_bounds(plan)
    sc = _scale_for(bounds, scale)
    w_m, h_m = bounds[2] - bounds[0], bounds[3] - bounds[1]
    plan_w, plan_h = w_m * sc.px_per_m / DPI, h_m * sc.px_per_m / DPI  # inches
    left, right, top, bottom = 0.3, 2.7, 0.9, 0.8
    fig_w, fig_h = plan_w + left + right, max(plan_h + top + bottom, 4.2)
    fig = _new_figure(fig_w, fig_h)
    ax = fig.add_axes((left / fig_w, bottom / fig_h, plan_w / fig_w, plan_h / fig_h))
    _setup_axes(ax, bounds)
    numbered = _draw_floor(ax, plan, floor, sc, numbers=True)
    _scale_bar(ax, bounds, sc)
    _north_arrow(fig, (fig_w - right + 0.25) / fig_w, 1 - 0.35 / fig_h, fig_w, fig_h)
    area = sum(r["area"] for r in floor["rooms"] if r["function"] != "unused")
    fig.text(
        left / fig_w,
        1 - 0.3 / fig_h,
        f"{plan.get('site', '')}　{_floor_name(floor['level'])}平面图（{floor['level']}F）",
        fontfamily=font_families(),
        fontsize=15,
        va="center",
        color=INK,
    )
    fig.text(
        left / fig_w,
        1 - 0.62 / fig_h,
        f"{standard_title(plan)}　本层使用面积 {area:.1f}㎡　比例 1:{_ratio(sc)}（{DPI} dpi）",
        fontfamily=font_families(),
        fontsize=9.5,
        va="center",
        color="#555555",
    )
    _legend(fig, plan, (fig_w - right + 0.2) / fig_w, 1 - 0.9 / fig_h, numbered)
    return fig


def overview_figure(plan: dict, scale: int = OVERVIEW_SCALE) -> Figure:
    """All floors side by side at ``1:scale``, same extent each, with one legend."""
    bounds = _plan_bounds(plan)
    floors = plan["floors"]
    w_m, h_m = bounds[2] - bounds[0], bounds[3] - bounds[1]
    sc = _scale_for((0, 0, w_m * len(floors), h_m), scale)
    plan_w, plan_h = w_m * sc.px_per_m / DPI, h_m * sc.px_per_m / DPI
    gap, left, right, top, bottom = 0.35, 0.25, 2.5, 1.0, 0.6
    fig_w = left + len(floors) * plan_w + (len(floors) - 1) * gap + right
    fig_h = max(plan_h + top + bottom, 3.6)
    fig = _new_figure(fig_w, fig_h)
    for i, floor in enumerate(floors):
        x0 = left + i * (plan_w + gap)
        ax = fig.add_axes((x0 / fig_w, bottom / fig_h, plan_w / fig_w, plan_h / fig_h))
        _setup_axes(ax, bounds)
        _draw_floor(ax, plan, floor, sc, numbers=False)
        area = sum(r["area"] for r in floor["rooms"] if r["function"] != "unused")
        ax.set_title(
            f"{_floor_name(floor['level'])}（{floor['level']}F）  {area:.0f}㎡",
            fontfamily=font_families(),
            fontsize=10,
            color=INK,
            pad=4,
        )
        if i == 0:
            _scale_bar(ax, bounds, sc)
    fig.text(
        left / fig_w,
        1 - 0.3 / fig_h,
        f"{plan.get('site', '')}　各层平面总览",
        fontfamily=font_families(),
        fontsize=13,
        va="center",
        color=INK,
    )
    fig.text(
        left / fig_w,
        1 - 0.58 / fig_h,
        standard_title(plan),
        fontfamily=font_families(),
        fontsize=9,
        va="center",
        color="#555555",
    )
    _north_arrow(fig, (fig_w - right + 0.25) / fig_w, 1 - 0.35 / fig_h, fig_w, fig_h)
    _legend(fig, plan, (fig_w - right + 0.2) / fig_w, 1 - 0.9 / fig_h, [])
    return fig


def _new_figure(width_in: float, height_in: float) -> Figure:
    fig = Figure(figsize=(width_in, height_in), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _setup_axes(ax: Any, bounds: tuple[float, float, float, float]) -> None:
    ax.set_xlim(bounds[0], bounds[2])
    ax.set_ylim(bounds[1], bounds[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()


def _plan_bounds(plan: dict) -> tuple[float, float, float, float]:
    """Extent of every floor's footprint and the entrance, with a margin for annotations."""
    xs: list[float] = []
    ys: list[float] = []
    for floor in plan["floors"]:
        for x, y in floor["footprint"]:
            xs.append(x)
            ys.append(y)
    entrance = _entrance(plan)
    if entrance:
        xs.append(entrance[0])
        ys.append(entrance[1])
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    margin = max(2.0, 0.06 * span)
    return (min(xs) - margin, min(ys) - margin * 1.4, max(xs) + margin, max(ys) + margin)


def _ratio(sc: _Scale) -> int:
    """The drawing's scale denominator at DPI."""
    return round(DPI * 1000 / 25.4 / sc.px_per_m)


def _scale_for(bounds: tuple[float, float, float, float], scale: int) -> _Scale:
    px_per_m = DPI * 1000 / 25.4 / scale
    side = max(bounds[2] - bounds[0], bounds[3] - bounds[1])
    return _Scale(min(px_per_m, MAX_SIDE_PX / side))


# --- one floor -----------------------------------------------------------------------------


def _draw_floor(ax: Any, plan: dict, floor: dict, sc: _Scale, numbers: bool) -> list[str]:
    """Rooms, walls, openings, labels and (ground floor) the entrance; return the numbered key.

    Rooms whose label does not fit get a number when ``numbers`` is set; the key lines
    ("① 母婴室 10.5㎡") are returned for the legend.
    """
    angle = _main_angle(plan, floor)
    rooms = floor["rooms"]
    shapes = {r["id"]: _polygon(r["polygon"], r.get("holes") or []) for r in rooms}
    footprint = _polygon(floor["footprint"], floor.get("holes") or [])

    ax.add_patch(_patch(footprint, facecolor="white", edgecolor="none", zorder=0))
    for room in rooms:
        style = style_of(room["function"])
        unused = room["function"] == "unused"
        ax.add_patch(
            _patch(
                shapes[room["id"]],
                facecolor=style.hex,
                edgecolor="#b4b4b4" if unused else "none",  # the hatch takes the edge colour
                linewidth=0.0,
                hatch="////" if unused else None,
                zorder=1,
            )
        )
    for room in rooms:
        if room["function"] == "stair":
            _stair_treads(ax, shapes[room["id"]], angle, sc)
        elif room["function"] == "lift":
            _lift_cross(ax, shapes[room["id"]], sc)

    # Partitions: circulation meets circulation without a wall, everything else with one.
    for room in rooms:
        circulation = room["function"] in ("circulation", "unused")
        ax.add_patch(
            _patch(
                shapes[room["id"]],
                facecolor="none",
                edgecolor="#b0b0b0" if circulation else INK,
                linewidth=sc.pt(0.03, 0.4) if circulation else sc.pt(INTERIOR_WALL_M, 0.8),
                zorder=3 if circulation else 4,
            )
        )
    ax.add_patch(
        _patch(
            footprint,
            facecolor="none",
            edgecolor="black",
            linewidth=sc.pt(EXTERIOR_WALL_M, 1.6),
            zorder=5,
        )
    )

    for window in floor.get("windows") or []:
        _window(ax, window, sc)
    swings: dict[str, list[Polygon]] = {}
    for door in floor.get("doors") or []:
        drawn_door = _door_shape(door, shapes, footprint)
        if drawn_door is not None:
            _door(ax, drawn_door, sc)
            swings.setdefault(str(door.get("space", "")), []).extend(drawn_door.swings())

    key: list[dict] = []
    for room in rooms:
        if room["function"] == "unused":
            continue  # the hatch and the legend say it
        drawn = _label(ax, room, shapes[room["id"]], angle, sc, swings.get(room["id"], []))
        if not drawn and numbers and room["function"] != "circulation":
            key.append(room)
            _number_marker(ax, shapes[room["id"]], len(key), sc)
    if floor["level"] == min(f["level"] for f in plan["floors"]):
        _entrance_marker(ax, plan, footprint, sc)
    return [
        f"{_circled(i)} {room['name']} {room['area']:.1f}㎡" for i, room in enumerate(key, start=1)
    ]


def _polygon(points: list, holes: Iterable[list] = ()) -> Polygon:
    return Polygon([tuple(p) for p in points], [[tuple(p) for p in h] for h in holes])


def _patch(shape: Polygon, **kwargs: Any) -> PathPatch:
    """A patch for a polygon with holes (even-odd fill keeps the holes empty)."""
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for ring in [shape.exterior, *shape.interiors]:
        coords = list(ring.coords)
        vertices += coords
        codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY]
    return PathPatch(MplPath(vertices, codes), **kwargs)


def _main_angle(plan: dict, floor: dict) -> float:
    """The building's main direction (deg): the solving frame's, else the longest wall run's."""
    frame = plan.get("frame") or {}
    if "angle_deg" in frame:
        return float(frame["angle_deg"])
    weights: dict[int, float] = {}
    pts = floor["footprint"]
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
        a = round(math.degrees(math.atan2(y2 - y1, x2 - x1)) % 90.0)
        weights[a % 90] = weights.get(a % 90, 0.0) + math.hypot(x2 - x1, y2 - y1)
    return float(max(weights, key=weights.__getitem__)) if weights else 0.0


def _rotate(x: float, y: float, deg: float) -> tuple[float, float]:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return (x * c - y * s, x * s + y * c)


# --- labels --------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _text_size(text: str) -> tuple[float, float]:
    """Width and height of a text at em size 1, measured on the bundled font's outlines."""
    prop = FontProperties(family=font_families())
    ext = TextPath((0, 0), text, size=1.0, prop=prop).get_extents()
    return (max(ext.width, 0.3 * len(text)), max(ext.height, 0.7))


def _local(shape: Polygon, angle: float) -> Polygon:
    """A shape in the building's own axes (its main direction along +x)."""
    return Polygon(
        [_rotate(x, y, -angle) for x, y in shape.exterior.coords],
        [[_rotate(x, y, -angle) for x, y in ring.coords] for ring in shape.interiors],
    )


def _fit(
    local: Polygon, centres: list[Point], w: float, h: float, limit: float
) -> tuple[float, Point]:
    """Largest size (≤ limit) at which a w × h block (per unit size) fits inside the shape,
    with the centre it fits at: a bisection on the size for each candidate centre."""
    minx, miny, maxx, maxy = local.bounds
    if local.area >= 0.999 * (maxx - minx) * (maxy - miny):  # a rectangle: no search
        middle = Point((minx + maxx) / 2, (miny + maxy) / 2)
        return min(limit, (maxx - minx) / w, (maxy - miny) / h), middle
    best = (0.0, centres[0])
    for c in centres:

        def inside(size: float, c: Point = c) -> bool:
            hw, hh = w * size / 2, h * size / 2
            return local.contains(box(c.x - hw, c.y - hh, c.x + hw, c.y + hh))

        if inside(limit):
            return limit, c
        lo, hi = 0.0, limit
        for _ in range(12):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if inside(mid) else (lo, mid)
        if lo > best[0]:
            best = (lo, c)
    return best


def _label(
    ax: Any, room: dict, shape: Polygon, angle: float, sc: _Scale, swings: list[Polygon]
) -> bool:
    """Name over area, as large as fits (up to LABEL_MAX_M); False when it cannot fit. The
    label keeps clear of the door leaves swinging into the room unless that makes it much
    smaller (a small room's door can sweep most of it)."""
    name = room.get("name") or style_of(room["function"]).label_zh
    area = f"{room['area']:.1f}㎡"
    show_area = room["function"] not in ("circulation", "unused")
    nw, nh = _text_size(name)
    aw, ah = _text_size(area) if show_area else (0.0, 0.0)
    small = 0.78  # area line relative to the name
    gap = 0.3
    block_w = max(nw, aw * small)
    block_h = nh + ((gap + ah * small) if show_area else 0.0)
    best = _label_fit(_local(shape, angle), block_w, block_h, sc)
    if swings:
        clear = _polygons(shape.difference(shapely.union_all(swings)))
        if clear:
            local = _local(max(clear, key=lambda p: p.area), angle)
            spot = _label_fit(local, block_w, block_h, sc, search=True)
            if spot is not None and (best is None or spot[0] >= CLEAR_LABEL_SHARE * best[0]):
                best = spot
    if best is None:
        return False
    size, turn, centre = best
    cx, cy = _rotate(centre.x, centre.y, angle)
    rot = readable_angle(angle + turn)
    pt = size * sc.pt_per_m
    common = {"fontfamily": font_families(), "ha": "center", "va": "center", "zorder": 8}
    common |= {"rotation": rot, "rotation_mode": "anchor", "color": INK}
    if not show_area:
        ax.text(cx, cy, name, fontsize=pt, **common)
        return True
    # Offsets along the text's own up direction.
    up = _rotate(0.0, 1.0, rot)
    name_off = (block_h - nh) / 2 * size
    area_off = -(block_h - ah * small) / 2 * size
    ax.text(cx + up[0] * name_off, cy + up[1] * name_off, name, fontsize=pt, **common)
    ax.text(
        cx + up[0] * area_off,
        cy + up[1] * area_off,
        area,
        fontsize=pt * small,
        **(common | {"color": "#444444"}),
    )
    return True


def _label_fit(
    local: Polygon, block_w: float, block_h: float, sc: _Scale, search: bool = False
) -> tuple[float, float, Point] | None:
    """The largest label block (size, turn, centre in local coordinates) that fits, upright or
    turned a quarter; None below the smallest legible size. Centred in the middle of the
    outline or at its pole of inaccessibility; with ``search``, also on a grid of points
    (an outline with a door's swing cut out is no rectangle, and its best spot is elsewhere)."""
    shapely.prepare(local)
    minx, miny, maxx, maxy = local.bounds
    centres = [polylabel(local, tolerance=0.05)]
    middle = Point((minx + maxx) / 2, (miny + maxy) / 2)
    if local.contains(middle):
        centres.insert(0, middle)
    if search:
        steps = [(k + 0.5) / LABEL_SEARCH_STEPS for k in range(LABEL_SEARCH_STEPS)]
        grid = (
            Point(minx + a * (maxx - minx), miny + b * (maxy - miny)) for a in steps for b in steps
        )
        centres += [p for p in grid if local.contains(p)]
    min_size = LABEL_MIN_PX / sc.px_per_m
    best: tuple[float, float, Point] | None = None
    for turn in (0.0, 90.0):
        # Padded block: text takes 86 % of the free width and 80 % of the free height.
        w, h = block_w / 0.86, block_h / 0.8
        size, centre = _fit(local, centres, *((w, h) if turn == 0.0 else (h, w)), LABEL_MAX_M)
        if size >= min_size and (best is None or size > best[0] * 1.25):
            best = (size, turn, centre)
    return best


def _polygons(geom: Any) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom] if not geom.is_empty else []
    return [p for g in getattr(geom, "geoms", []) for p in _polygons(g)]


def _number_marker(ax: Any, shape: Polygon, number: int, sc: _Scale) -> None:
    centre = polylabel(shape, tolerance=0.05) if not shape.is_empty else shape.centroid
    radius = max(0.45, 7.0 / sc.px_per_m)
    ax.add_patch(
        Circle(
            (centre.x, centre.y),
            radius,
            facecolor="white",
            edgecolor=INK,
            linewidth=0.8,
            zorder=8,
        )
    )
    ax.text(
        centre.x,
        centre.y,
        str(number),
        fontfamily=font_families(),
        fontsize=radius * 1.2 * sc.pt_per_m,
        ha="center",
        va="center",
        color=INK,
        zorder=9,
    )


def _circled(n: int) -> str:
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"


# --- openings, stairs, entrance ------------------------------------------------------------


def _segment(item: dict) -> tuple[tuple[float, float], tuple[float, float]]:
    (x1, y1), (x2, y2) = item["segment"]
    return (float(x1), float(y1)), (float(x2), float(y2))


def _window(ax: Any, window: dict, sc: _Scale) -> None:
    """Facade window: the wall cut open and three thin lines (glass and frames)."""
    (x1, y1), (x2, y2) = _segment(window)
    length = math.hypot(x2 - x1, y2 - y1)
    if length <= 0:
        return
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length
    ax.plot([x1, x2], [y1, y2], color="white", linewidth=sc.pt(EXTERIOR_WALL_M, 1.6), zorder=6)
    half = EXTERIOR_WALL_M / 2
    for off in (-half, 0.0, half):
        ax.plot(
            [x1 + nx * off, x2 + nx * off],
            [y1 + ny * off, y2 + ny * off],
            color="#1f5fa8",
            linewidth=0.6 if off else 0.9,
            solid_capstyle="butt",
            zorder=7,
        )


@dataclass(frozen=True)
class _DoorShape:
    """Where a door is drawn: the opening on the wall and its leaves, each a hinge, the
    direction along the wall to the leaf's tip when closed, and the normal it swings to."""

    opening: tuple[tuple[float, float], tuple[float, float]]
    leaves: tuple[tuple[tuple[float, float], tuple[float, float]], ...]
    normal: tuple[float, float]
    leaf_width: float
    exterior: bool

    def swings(self) -> list[Polygon]:
        """The floor each leaf sweeps, as a quarter disc (kept clear of labels)."""
        nx, ny = self.normal
        wedges = []
        for (hx, hy), (dx, dy) in self.leaves:
            arc = [
                (
                    hx + self.leaf_width * (math.cos(t) * dx + math.sin(t) * nx),
                    hy + self.leaf_width * (math.cos(t) * dy + math.sin(t) * ny),
                )
                for t in (k * math.pi / 16 for k in range(9))
            ]
            wedges.append(Polygon([(hx, hy), *arc]))
        return wedges


def _door_shape(door: dict, shapes: dict[str, Polygon], footprint: Polygon) -> _DoorShape | None:
    """A leaf hinged at the segment's start swinging into ``space`` (a pair of leaves for
    doors wider than 1.2 m); None for a segment of no length."""
    (x1, y1), (x2, y2) = _segment(door)
    length = math.hypot(x2 - x1, y2 - y1)
    if length <= 0:
        return None
    width = float(door.get("width") or length)
    width = min(width, length)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    nx, ny = -uy, ux
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    space = shapes.get(door.get("space", ""))
    probe_in = LineString([(mx, my), (mx + nx * 0.3, my + ny * 0.3)]).interpolate(0.3)
    if space is not None:
        inside = space.buffer(1e-6).contains(probe_in)
    else:
        inside = footprint.contains(probe_in) == (door.get("to") == "outside")
    if not inside:
        nx, ny = -nx, -ny
    # The opening: centred on the segment, the door's width wide.
    ox1, oy1 = mx - ux * width / 2, my - uy * width / 2
    ox2, oy2 = mx + ux * width / 2, my + uy * width / 2
    leaves = [((ox1, oy1), (ux, uy))]
    if width > 1.2:
        leaves.append(((ox2, oy2), (-ux, -uy)))
    return _DoorShape(
        opening=((ox1, oy1), (ox2, oy2)),
        leaves=tuple(leaves),
        normal=(nx, ny),
        leaf_width=width if width <= 1.2 else width / 2,
        exterior=door.get("to") == "outside",
    )


def _door(ax: Any, door: _DoorShape, sc: _Scale) -> None:
    """Door: an opening in the wall, the leaf drawn open and its swing arc."""
    cut = sc.pt(EXTERIOR_WALL_M if door.exterior else INTERIOR_WALL_M, 1.6) + 1.0
    (ox1, oy1), (ox2, oy2) = door.opening
    ax.plot([ox1, ox2], [oy1, oy2], color="white", linewidth=cut, solid_capstyle="butt", zorder=6)
    nx, ny = door.normal
    leaf_w = door.leaf_width
    for (hx, hy), (dx, dy) in door.leaves:
        tip = (hx + nx * leaf_w, hy + ny * leaf_w)
        ax.plot([hx, tip[0]], [hy, tip[1]], color=INK, linewidth=1.0, zorder=7)
        start = math.degrees(math.atan2(dy, dx))
        end = math.degrees(math.atan2(ny, nx))
        sweep = (end - start + 360.0) % 360.0
        theta1, theta2 = (start, end) if sweep <= 180.0 else (end, start)
        ax.add_patch(
            Arc(
                (hx, hy),
                2 * leaf_w,
                2 * leaf_w,
                theta1=theta1,
                theta2=theta2,
                color=INK,
                linewidth=0.6,
                linestyle=(0, (3, 2)),
                zorder=7,
            )
        )


def _lift_cross(ax: Any, shape: Polygon, sc: _Scale) -> None:
    """A lift shaft's cross, corner to corner, as drawn by convention."""
    corners = list(shape.exterior.coords)[:4]
    for a, b in ((corners[0], corners[2]), (corners[1], corners[3])):
        ax.plot([a[0], b[0]], [a[1], b[1]], color=INK, linewidth=sc.pt(0.02, 0.3), zorder=2)


def _stair_treads(ax: Any, shape: Polygon, angle: float, sc: _Scale) -> None:
    """Treads across the stair's long side, every 0.3 m, so a stair reads as a stair (over
    the flights' rectangle: an enclosure along a slanted wall is wider)."""
    local = Polygon([_rotate(x, y, -angle) for x, y in shape.exterior.coords])
    minx, miny, maxx, maxy = flights_rectangle(local)
    flights = box(minx, miny, maxx, maxy)
    along_x = (maxx - minx) >= (maxy - miny)
    lo, hi = (minx, maxx) if along_x else (miny, maxy)
    t = lo + 0.3
    while t < hi - 0.15:
        line = (
            LineString([(t, miny - 1), (t, maxy + 1)])
            if along_x
            else LineString([(minx - 1, t), (maxx + 1, t)])
        )
        piece = line.intersection(flights)
        for part in getattr(piece, "geoms", [piece]):
            if part.is_empty or part.geom_type != "LineString":
                continue
            pts = [_rotate(x, y, angle) for x, y in part.coords]
            ax.plot(
                [p[0] for p in pts],
                [p[1] for p in pts],
                color="#666666",
                linewidth=sc.pt(0.02, 0.4),
                zorder=2,
            )
        t += 0.3


def _entrance(plan: dict) -> tuple[float, float] | None:
    point = (plan.get("requirements") or {}).get("entrance")
    if not point:
        return None
    return (float(point[0]), float(point[1]))


def _entrance_marker(ax: Any, plan: dict, footprint: Polygon, sc: _Scale) -> None:
    """A filled arrow outside the facade pointing in at the entrance, labelled 主入口."""
    point = _entrance(plan)
    if point is None:
        return
    ring = footprint.exterior
    p = Point(point)
    d = ring.project(p)
    a, b = ring.interpolate(max(d - 0.05, 0.0)), ring.interpolate(min(d + 0.05, ring.length))
    tx, ty = b.x - a.x, b.y - a.y
    norm = math.hypot(tx, ty) or 1.0
    nx, ny = -ty / norm, tx / norm
    if footprint.contains(Point(p.x + nx * 0.5, p.y + ny * 0.5)):
        nx, ny = -nx, -ny  # (nx, ny) now points outwards
    length = max(2.0, 28.0 / sc.px_per_m)
    half = length * 0.35
    tip = (p.x + nx * 0.35, p.y + ny * 0.35)
    base = (tip[0] + nx * length, tip[1] + ny * length)
    px, py = -ny, nx
    ax.add_patch(
        MplPolygon(
            [
                tip,
                (base[0] + px * half, base[1] + py * half),
                (base[0] - px * half, base[1] - py * half),
            ],
            closed=True,
            facecolor="#c0392b",
            edgecolor="none",
            zorder=9,
        )
    )
    label_at = (base[0] + nx * length * 0.45, base[1] + ny * length * 0.45)
    ax.text(
        *label_at,
        "主入口",
        fontfamily=font_families(),
        fontsize=max(8.0, 0.5 * sc.pt_per_m),
        ha="center",
        va="center",
        color="#c0392b",
        zorder=9,
    )


# --- furniture of the sheet ----------------------------------------------------------------


def _nice_length(span: float) -> float:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500):
        if step * 4 >= span / 3:
            return float(step)
    return 1000.0


def _scale_bar(ax: Any, bounds: tuple[float, float, float, float], sc: _Scale) -> None:
    """Alternating black and white blocks, 0 … L m, in the drawing's bottom-left margin."""
    step = _nice_length(bounds[2] - bounds[0]) / 2
    height = max(0.25, 5.0 / sc.px_per_m)
    x0 = bounds[0] + 0.5
    y0 = bounds[1] + max(0.4, 6.0 / sc.px_per_m)
    for i in range(4):
        ax.add_patch(
            Rectangle(
                (x0 + i * step, y0),
                step,
                height,
                facecolor=INK if i % 2 == 0 else "white",
                edgecolor=INK,
                linewidth=0.7,
                zorder=9,
            )
        )
    text = {"fontfamily": font_families(), "fontsize": 8, "ha": "center", "color": INK}
    for i in (0, 2, 4):
        label = f"{i * step:g}" + (" m" if i == 4 else "")
        ax.text(x0 + i * step, y0 + height * 1.5, label, va="bottom", zorder=9, **text)


def _north_arrow(fig: Figure, x: float, y: float, fig_w: float, fig_h: float) -> None:
    """North = +y of the plan coordinates: an arrow in the top-right corner, 北 / N."""
    size_w, size_h = 0.22 / fig_w, 0.45 / fig_h
    fig.patches.append(
        MplPolygon(
            [(x, y + size_h / 2), (x - size_w / 2, y - size_h / 2), (x, y - size_h / 4)],
            closed=True,
            transform=fig.transFigure,
            figure=fig,
            facecolor=INK,
            edgecolor=INK,
            linewidth=0.8,
        )
    )
    fig.patches.append(
        MplPolygon(
            [(x, y + size_h / 2), (x + size_w / 2, y - size_h / 2), (x, y - size_h / 4)],
            closed=True,
            transform=fig.transFigure,
            figure=fig,
            facecolor="white",
            edgecolor=INK,
            linewidth=0.8,
        )
    )
    fig.text(
        x + size_w * 0.9,
        y + size_h * 0.2,
        "北 N",
        fontfamily=font_families(),
        fontsize=10,
        va="center",
        color=INK,
    )


def _legend(fig: Figure, plan: dict, x: float, y: float, numbered: list[str]) -> None:
    """Function colours present in the plan (Chinese names), then the numbered small rooms."""
    present = {r["function"] for f in plan["floors"] for r in f["rooms"]}
    handles = [
        Patch(
            facecolor=style_of(fn).hex,
            edgecolor="#999999",
            hatch="////" if fn == "unused" else None,
            label=style_of(fn).label_zh,
        )
        for fn in FUNCTIONS
        if fn in present
    ]
    handles += [Patch(facecolor="none", edgecolor="none", label=line) for line in numbered]
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(x, y),
        frameon=False,
        prop=FontProperties(family=font_families(), size=9),
        title="图例",
        title_fontproperties=FontProperties(family=font_families(), size=10),
        alignment="left",
        handlelength=1.6,
        handleheight=1.1,
    )


def _floor_name(level: int) -> str:
    if 1 <= level <= 10:
        return f"{CHINESE_NUMERALS[level - 1]}层"
    return f"{level}层"


def standard_title(plan: dict) -> str:
    """The standard's Chinese title when it is a shipped one, else its id."""
    standard = str(plan.get("standard", ""))
    try:
        from constraints.standard import load_standard

        return f"{load_standard(standard).name} · {standard}"
    except Exception:
        return standard
