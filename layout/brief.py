"""The brief: a designer's TOML file describing the site, footprint, floors and wishes.

Loading validates every field and raises :class:`layout.errors.InputError` naming the file, the
field and the fix, so that bad input never reaches the solver.

Fields are named by their dotted TOML path (``programme.rooms.fitness.min_area``); entries of a
list or of an array of tables carry a 0-based index (``footprint.polygon[3]``,
``building.floor[0].level``). All lengths are metres, all areas square metres.
"""

from __future__ import annotations

import difflib
import itertools
import json
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from shapely.errors import ShapelyError
from shapely.geometry import Point, Polygon
from shapely.geometry.polygon import orient
from shapely.ops import nearest_points
from shapely.validation import explain_validity

from constraints.standard import (
    PROGRAMME_FUNCTIONS,
    Preference,
    RoomSpec,
    Standard,
    StandardError,
    list_standards,
    load_standard,
)
from layout.dxf_footprint import read_footprint
from layout.errors import InputError


@dataclass(frozen=True)
class RoomOverride:
    """Changes to one room of the standard's programme (``[programme.rooms.<id>]``)."""

    id: str
    min_area: float | None = None
    max_area: float | None = None
    floors: tuple[int, ...] | None = None
    name: str | None = None
    remove: bool = False


@dataclass(frozen=True)
class ExtraRoom:
    """A room the brief adds to the programme (``[[programme.add]]``)."""

    id: str
    function: str
    name: str
    min_area: float
    max_area: float | None = None
    floors: tuple[int, ...] | None = None
    max_aspect: float | None = None  # None: the standard's default
    min_side: float | None = None


@dataclass(frozen=True)
class LayoutSettings:
    """Geometry settings (``[layout]``); ``None`` means the standard's default."""

    module: float = 0.3
    corridor_width: float | None = None
    door_width: float | None = None
    stairs: int | None = None
    corridors_per_floor: int = 3
    #: An accessible lift serving every floor (GB 50763-2012).
    lift: bool = False
    #: The display zone and the service hall on the street front at the entrance (a rule of
    #: the standard's placement; false switches it off for this brief).
    street_frontage: bool = True


@dataclass(frozen=True)
class SolverSettings:
    """Solver settings (``[solver]``); command-line flags override them."""

    time_limit: float = 60.0
    seed: int = 0
    workers: int = 0  # 0: all cores
    deterministic: bool = False


@dataclass(frozen=True)
class Brief:
    """A validated brief, in the brief's own coordinates (metres)."""

    path: Path
    site_name: str
    standard: str
    footprint: Polygon  # outer boundary with holes, valid, oriented (exterior counter-clockwise)
    floors: int
    entrance: tuple[float, float]  # within 1 mm of the ground floor's exterior (snapped onto it)
    floor_footprints: dict[int, Polygon] = field(default_factory=dict)  # level -> override
    programme_scale: float = 1.0
    room_overrides: tuple[RoomOverride, ...] = ()
    extra_rooms: tuple[ExtraRoom, ...] = ()
    preference_weights: dict[str, float] = field(default_factory=dict)  # kind -> multiplier
    extra_preferences: tuple[Preference, ...] = ()
    design: dict[str, float] = field(default_factory=dict)  # overrides of the standard's
    layout: LayoutSettings = field(default_factory=LayoutSettings)
    solver: SolverSettings = field(default_factory=SolverSettings)

    @property
    def stem(self) -> str:
        return self.path.stem

    def footprint_for(self, level: int) -> Polygon:
        """The footprint of floor ``level`` (1 = ground floor)."""
        return self.floor_footprints.get(level, self.footprint)


# ---- limits -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    """An allowed range of a number, with an example value the fix can suggest."""

    lo: float
    hi: float
    example: float
    lo_open: bool = False  # True: the value must be strictly greater than ``lo``

    def admits(self, value: float) -> bool:
        above = value > self.lo if self.lo_open else value >= self.lo
        return above and value <= self.hi

    def describe(self) -> str:
        if self.lo_open:
            return f"greater than {_fmt(self.lo)} and at most {_fmt(self.hi)}"
        return f"from {_fmt(self.lo)} to {_fmt(self.hi)}"


FLOORS_LIMIT = Limit(1, 10, 2)
MODULE_LIMIT = Limit(0.1, 1.2, 0.3)
CORRIDOR_WIDTH_LIMIT = Limit(1.1, 6, 1.8)
DOOR_WIDTH_LIMIT = Limit(0.9, 3, 1.0)
STAIRS_LIMIT = Limit(0, 4, 2)
CORRIDORS_PER_FLOOR_LIMIT = Limit(1, 6, 3)
TIME_LIMIT_LIMIT = Limit(0, 86400, 60, lo_open=True)
SEED_LIMIT = Limit(0, 2**31 - 1, 0)  # CP-SAT's random_seed is a 32-bit int
WORKERS_LIMIT = Limit(0, 64, 0)
SCALE_LIMIT = Limit(0.2, 5, 1.0)
ROOM_AREA_LIMIT = Limit(0, 5000, 40, lo_open=True)
WEIGHT_MULTIPLIER_LIMIT = Limit(0, 1000, 1.0)
PREFERENCE_WEIGHT_LIMIT = Limit(0, 1000, 5)
FLOW_LIMIT = Limit(0, 1_000_000, 5)
MAX_ASPECT_LIMIT = Limit(1, 100, 2.5)
MIN_SIDE_LIMIT = Limit(0, 100, 2.4)
#: Design figures a brief may relax or tighten ([design]), with their allowed ranges.
DESIGN_LIMITS: dict[str, Limit] = {
    "daylight_facade_m": Limit(0, 50, 2.4),
    "egress_two_exits_m": Limit(1, 500, 40),
    "egress_dead_end_m": Limit(1, 500, 22),
    "toilet_radius_m": Limit(1, 1000, 50),
    "ground_unassigned_max": Limit(0, 1, 0.03),
    "fragment_min_m2": Limit(0, 1000, 6),
    "two_doors_above_m2": Limit(1, 100_000, 120),
    "two_doors_width_m": Limit(0.9, 5, 1.4),
    "doors_apart_m": Limit(0, 100, 5),
    "entrance_door_width_m": Limit(0.9, 10, 1.8),
    "door_corner_clearance_m": Limit(0, 2, 0.1),
    "storage_min_m2": Limit(0, 1000, 1.5),
    "storage_max_m2": Limit(0, 1000, 20),
    "storage_min_width_m": Limit(0.5, 10, 1.0),
    "room_overgrowth_max": Limit(1, 100, 1.5),
}
MAX_COORDINATE = 100_000.0  # |x|, |y| in metres: catches millimetres typed as metres
MAX_FOOTPRINT_AREA = 200_000.0  # m², outer outline
MIN_POLYGON_AREA = 1.0  # m²: anything smaller is a typo, not a building
ENTRANCE_TOLERANCE = 0.5  # m from the ground floor's outer boundary
ENTRANCE_SNAP = 0.001  # m: points farther off than this are moved onto the boundary

PREFERENCE_KINDS: tuple[str, ...] = ("adjacent", "separate", "floor")
#: Kinds a brief may add: the preferences, and flows (a packing's objective; no multiplier).
ADDED_PREFERENCE_KINDS: tuple[str, ...] = (*PREFERENCE_KINDS, "flow")
EXTRA_ROOM_FUNCTIONS: tuple[str, ...] = (*PROGRAMME_FUNCTIONS, "support", "toilet")
ROOM_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_TOP_KEYS = (
    "site",
    "footprint",
    "building",
    "entrance",
    "layout",
    "solver",
    "programme",
    "preferences",
    "design",
)
_OVERRIDE_KEYS = ("min_area", "max_area", "floors", "name", "remove")
_EXTRA_ROOM_KEYS = (
    "id",
    "function",
    "name",
    "min_area",
    "max_area",
    "floors",
    "max_aspect",
    "min_side",
)
_PREFERENCE_KEYS = {
    "adjacent": ("kind", "weight", "a", "b", "source", "required"),
    "separate": ("kind", "weight", "quiet", "noisy", "source", "required"),
    "floor": ("kind", "weight", "rooms", "floors", "source"),
    "flow": ("kind", "weight", "a", "b", "source"),
}
_POLYGON_EXAMPLE = "polygon = [[0, 0], [36, 0], [36, 16], [0, 16]]"
_SAMPLE = "samples/community-rect.toml"


def generated_spaces(floors: int) -> frozenset[str]:
    """Ids of spaces the engine adds itself (lobby, toilets); preferences may name them."""
    toilets = {f"toilet-{level}F" for level in range(1, floors + 1)}
    return frozenset({"lobby", "toilet-accessible", *toilets})


# ---- formatting ---------------------------------------------------------------------------


def _fmt(value: float) -> str:
    """A number as a designer would write it: ``18``, ``0.3``, ``17.321``."""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _fmt_point(point: Sequence[float]) -> str:
    return "[" + ", ".join(_fmt(v) for v in point) + "]"


def _literal(value: Any) -> str:
    """A value written as TOML, for the examples in fixes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _fmt(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return str(value)


def _describe(value: Any) -> str:
    """What the file actually holds, in TOML's terms, for 'expected X, got Y' messages."""
    if isinstance(value, bool):
        return f"the boolean {_literal(value)}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {_fmt(value) if math.isfinite(value) else value}"
    if isinstance(value, str):
        return f"the string {_literal(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__} value"


def _closest(word: str, choices: Sequence[str]) -> str:
    """' (did you mean "x"?)' when a choice is close to ``word``, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# ---- the typed reader ---------------------------------------------------------------------

_MISSING: Any = object()
T = TypeVar("T")


class _Table:
    """A TOML table being read: knows its file and dotted path, so every error names both."""

    def __init__(self, file: Path, data: dict[str, Any], path: str = "") -> None:
        self.file = file
        self.data = data
        self.path = path

    def at(self, key: str) -> str:
        """The dotted path of ``key`` in this table (``key`` may carry an index: ``holes[1]``)."""
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str, fix: str) -> NoReturn:
        raise InputError(self.file, self.at(key), problem, fix)

    def only(self, allowed: Sequence[str]) -> None:
        """Reject keys this table does not know: a typo must not be silently ignored."""
        where = f"in {self._header()}" if self.path else "at the top level"
        for key in self.data:
            if key not in allowed:
                self.fail(
                    key,
                    f"unknown key {key!r} {where}; allowed keys: {', '.join(allowed)}",
                    f"remove {key!r} or rename it to an allowed key{_closest(key, allowed)}",
                )

    def raw(self, key: str, required: bool, example: str) -> Any:
        if key in self.data:
            return self.data[key]
        if required:
            self.fail(
                key, f"missing required key {key!r}", f"add {key} = {example} {self._where()}"
            )
        return _MISSING

    def _where(self) -> str:
        """Where a missing key goes, as the designer sees it in the file."""
        return f"to the {self._header()} table" if self.path else "to the file"

    def _header(self) -> str:
        """This table's header as written in the file: ``[site]``, ``[[programme.add]] (…[1])``."""
        if self.path.endswith("]"):  # an entry of an array of tables
            return f"[[{self.path.rsplit('[', 1)[0]}]] ({self.path})"
        return f"[{self.path}]"

    def wrong_type(self, key: str, value: Any, expected: str, example: str) -> NoReturn:
        self.fail(key, f"expected {expected}, got {_describe(value)}", f"write {key} = {example}")

    # tables

    def table(self, key: str, *, required: bool = False, hint: str = "") -> _Table:
        """The sub-table ``key``; an empty one when it is optional and absent."""
        if key not in self.data:
            if required:
                self.fail(
                    key,
                    f"missing required table [{self.at(key)}]",
                    f"add a [{self.at(key)}] table{hint} (see {_SAMPLE})",
                )
            return _Table(self.file, {}, self.at(key))
        value = self.data[key]
        if not isinstance(value, dict):
            self.fail(
                key,
                f"expected a table, got {_describe(value)}",
                f"write a [{self.at(key)}] header followed by its keys, one per line",
            )
        return _Table(self.file, value, self.at(key))

    def tables(self, key: str, *, hint: str = "") -> list[_Table]:
        """The entries of the array of tables ``[[key]]`` (none when absent)."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(
                key,
                f"expected a list of [[{self.at(key)}]] tables, got {_describe(value)}",
                f"write each entry under its own [[{self.at(key)}]] header{hint}",
            )
        return [_Table(self.file, v, f"{self.at(key)}[{i}]") for i, v in enumerate(value)]

    # scalars

    def string(self, key: str, *, example: str = '"…"') -> str:
        """A required, non-empty string (surrounding whitespace removed)."""
        return self.opt_string(key, _MISSING, example=example, required=True)

    def opt_string(
        self, key: str, default: T, *, example: str = '"…"', required: bool = False
    ) -> str | T:
        value = self.raw(key, required, example)
        if value is _MISSING:
            return default
        if not isinstance(value, str):
            self.wrong_type(key, value, "a string in double quotes", example)
        if not value.strip():
            self.fail(key, f"{key} is empty", f"write {key} = {example}")
        return value.strip()

    def number(self, key: str, limit: Limit) -> float:
        """A required finite number within ``limit``."""
        return self.opt_number(key, limit, _MISSING, required=True)

    def opt_number(
        self, key: str, limit: Limit, default: T, *, required: bool = False
    ) -> float | T:
        example = f"{key} = {_fmt(limit.example)}"
        value = self.raw(key, required, _fmt(limit.example))
        if value is _MISSING:
            return default
        if not _is_number(value):
            self.wrong_type(key, value, "a number (without quotes)", _fmt(limit.example))
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(key, f"{key} = {value} is not a finite number", f"write {example}")
        if not limit.admits(value):
            self.fail(
                key,
                f"{key} = {_fmt(value)} is out of range: it must be {limit.describe()}",
                f"set {key} to a value {limit.describe()}, e.g. {example}",
            )
        return float(value)

    def integer(self, key: str, limit: Limit) -> int:
        """A required whole number within ``limit``."""
        return self.opt_integer(key, limit, _MISSING, required=True)

    def opt_integer(self, key: str, limit: Limit, default: T, *, required: bool = False) -> int | T:
        example = f"{key} = {_fmt(limit.example)}"
        value = self.raw(key, required, _fmt(limit.example))
        if value is _MISSING:
            return default
        if not _is_integer(value):
            self.wrong_type(
                key, value, "a whole number (no quotes, no decimal point)", _fmt(limit.example)
            )
        if not limit.admits(value):
            self.fail(
                key,
                f"{key} = {value} is out of range: it must be a whole number {limit.describe()}",
                f"set {key} to a whole number {limit.describe()}, e.g. {example}",
            )
        return int(value)

    def opt_boolean(self, key: str, default: bool) -> bool:
        value = self.raw(key, False, "true")
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.wrong_type(key, value, "true or false (without quotes)", "true")
        return value

    # lists

    def _list(self, key: str, required: bool, example: str) -> list[Any] | None:
        value = self.raw(key, required, example)
        if value is _MISSING:
            return None
        if not isinstance(value, list):
            self.wrong_type(key, value, "a list in square brackets", example)
        if not value:
            self.fail(key, f"{key} is an empty list", f"list at least one entry: {key} = {example}")
        return value

    def levels(self, key: str, floors: int, *, required: bool = False) -> tuple[int, ...] | None:
        """A non-empty list of distinct floor levels in 1..``floors``, sorted."""
        example = "[1]"
        values = self._list(key, required, example)
        if values is None:
            return None
        limit = Limit(1, floors, 1)
        for v in values:
            if not _is_integer(v):
                self.wrong_type(key, v, "floor numbers as whole numbers", example)
            if not limit.admits(v):
                self.fail(
                    key,
                    f"floor {v} does not exist: the building has floors 1 to {floors}",
                    f"use floor numbers {limit.describe()} (1 = ground floor), e.g. {key} = "
                    f"{example}, or raise building.floors",
                )
        if len(set(values)) != len(values):
            self.fail(
                key,
                f"{key} repeats a floor: {_literal(values)}",
                f"list each floor once, e.g. {key} = {_literal(sorted(set(values)))}",
            )
        return tuple(sorted(values))

    def names(self, key: str) -> tuple[str, ...]:
        """A required non-empty list of distinct non-empty strings (room ids)."""
        example = '["reading", "talk-room"]'
        values = self._list(key, True, example)
        assert values is not None  # required=True
        for v in values:
            if not isinstance(v, str) or not v.strip():
                self.wrong_type(key, v, "a list of room ids in double quotes", example)
        if len(set(values)) != len(values):
            dupes = sorted({v for v in values if values.count(v) > 1})
            self.fail(
                key,
                f"{key} lists {', '.join(map(repr, dupes))} more than once",
                "list each room once",
            )
        return tuple(values)


# ---- file ---------------------------------------------------------------------------------

_HEADER = re.compile(r"\s*\[\[?\s*([A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(?:#.*)?$")
_ASSIGNMENT = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")
_AT_LINE = re.compile(r"at line (\d+)")


def _read_toml(path: Path) -> dict[str, Any]:
    """Read and parse the file; every way it can fail becomes an InputError with a fix."""
    if path.is_dir():
        found = sorted(p.name for p in path.glob("*.toml"))[:5]
        hint = f"; this directory holds: {', '.join(found)}" if found else ""
        raise InputError(
            path,
            "",
            "is a directory, not a brief file",
            f"pass the path of a .toml brief, e.g. {_SAMPLE}{hint}",
        )
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            path,
            "",
            "file not found",
            f"check the path and spelling; the sample briefs are in samples/, e.g. {_SAMPLE}",
        ) from None
    except OSError as exc:
        raise InputError(
            path,
            "",
            f"cannot read the file: {exc.strerror or exc}",
            "check that the file exists and that you have permission to read it",
        ) from None
    try:
        text = raw.decode("utf-8-sig")  # tolerate the BOM Windows editors put before Chinese text
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            "",
            f"not UTF-8 text (invalid byte at offset {exc.start})",
            "save the file with UTF-8 encoding (e.g. 'Save as… → UTF-8' in your editor)",
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _AT_LINE.search(str(exc))
        line = int(match.group(1)) if match else 0
        where = f"at line {line}" if line else "in the file"
        raise InputError(
            path,
            _nearest_field(text, line),
            f"not valid TOML: {exc}",
            f'correct the TOML syntax {where}: text in double quotes (name = "…"), one '
            "key = value per line, each [table] header and key only once",
        ) from None


def _nearest_field(text: str, line: int) -> str:
    """The dotted field nearest a syntax error: the key on that line under its table header."""
    if line <= 0:
        return ""
    lines = text.splitlines()
    key = ""
    if line <= len(lines) and not _HEADER.match(lines[line - 1]):
        match = _ASSIGNMENT.match(lines[line - 1])
        key = match.group(1) if match else ""
    for raw in reversed(lines[:line]):
        header = _HEADER.match(raw)
        if header:
            table = re.sub(r"\s*\.\s*", ".", header.group(1))
            return f"{table}.{key}" if key else table
    return key


# ---- geometry -----------------------------------------------------------------------------


def _point(t: _Table, label: str, value: Any, example: str) -> tuple[float, float]:
    """One ``[x, y]`` pair of finite coordinates within ±MAX_COORDINATE metres."""
    if not (isinstance(value, list) and len(value) == 2 and all(map(_is_number, value))):
        t.fail(
            label,
            f"a point must be [x, y] with two numbers, got {_literal(value)}"
            if isinstance(value, list)
            else f"a point must be [x, y] with two numbers, got {_describe(value)}",
            f"write the point as two numbers in metres, e.g. {example}",
        )
    for v in value:
        if isinstance(v, float) and not math.isfinite(v):
            t.fail(
                label,
                f"coordinate {v} is not a finite number",
                f"write finite coordinates in metres, e.g. {example}",
            )
        if abs(v) > MAX_COORDINATE:
            t.fail(
                label,
                f"coordinate {_fmt(v)} is beyond ±{_fmt(MAX_COORDINATE)} m",
                f"give coordinates in metres (not millimetres) near the origin, e.g. {example}",
            )
    return float(value[0]), float(value[1])


def _ring(t: _Table, label: str, value: Any) -> list[tuple[float, float]]:
    """A simple closed outline: ≥ 3 distinct corners, ≥ 1 m², edges not crossing."""
    if not isinstance(value, list):
        t.fail(
            label,
            f"expected a list of [x, y] corners, got {_describe(value)}",
            f"write {_POLYGON_EXAMPLE}",
        )
    points = [_point(t, f"{label}[{i}]", p, "[36, 16]") for i, p in enumerate(value)]
    points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    while len(points) > 1 and points[0] == points[-1]:
        points.pop()  # the closing repeat of the first corner is optional
    distinct = len(set(points))
    if distinct < 3:
        t.fail(
            label,
            f"degenerate polygon: {distinct} distinct corner(s), a polygon needs at least 3",
            f"list every corner of the outline in order, e.g. {_POLYGON_EXAMPLE}",
        )
    poly = Polygon(points)
    if not poly.is_valid:
        if poly.convex_hull.area < MIN_POLYGON_AREA:
            t.fail(
                label,
                "degenerate polygon: its corners lie on one line (zero area)",
                f"list the corners of a real outline in order, e.g. {_POLYGON_EXAMPLE}",
            )
        t.fail(
            label,
            f"the outline crosses itself{_validity_location(poly)} "
            f"(shapely: {explain_validity(poly)})",
            "list the corners in order around the outline (clockwise or counter-clockwise) "
            "so that no two edges cross",
        )
    if poly.area < MIN_POLYGON_AREA:
        t.fail(
            label,
            f"degenerate polygon: its area is {_fmt(poly.area)} m², less than "
            f"{_fmt(MIN_POLYGON_AREA)} m²",
            "give the outline in metres with its real corners, e.g. " + _POLYGON_EXAMPLE,
        )
    return points


def _validity_location(poly: Polygon) -> str:
    """' at [x, y]' from shapely's explanation, or '' when it names no point."""
    match = re.search(r"\[(\S+) (\S+)\]", explain_validity(poly))
    if not match:
        return ""
    try:
        return f" at {_fmt_point((float(match.group(1)), float(match.group(2))))}"
    except ValueError:
        return ""


def _outline(t: _Table) -> Polygon:
    """``polygon`` and optional ``holes`` of a footprint table, as one valid oriented Polygon."""
    shell = _ring(t, "polygon", t.raw("polygon", True, "[[0, 0], [36, 0], [36, 16], [0, 16]]"))
    outer = Polygon(shell)
    if outer.area > MAX_FOOTPRINT_AREA:
        t.fail(
            "polygon",
            f"the outline encloses {_fmt(outer.area)} m², more than the "
            f"{_fmt(MAX_FOOTPRINT_AREA)} m² a service centre could need",
            "give the coordinates in metres (not millimetres) and check each corner",
        )
    raw_holes = t.raw("holes", False, "[]")
    if raw_holes is _MISSING:
        raw_holes = []
    if not isinstance(raw_holes, list):
        t.wrong_type(
            "holes", raw_holes, "a list of polygons", "[[[10, 5], [14, 5], [14, 9], [10, 9]]]"
        )
    holes = [Polygon(_ring(t, f"holes[{i}]", h)) for i, h in enumerate(raw_holes)]
    for i, hole in enumerate(holes):
        if not outer.covers(hole):
            t.fail(
                f"holes[{i}]",
                f"hole {i} is not inside the outer polygon: "
                f"{_fmt(hole.difference(outer).area)} m² of it lies outside",
                f"move or shrink the hole so that all its corners lie inside {t.at('polygon')}",
            )
    for (i, a), (j, b) in itertools.combinations(enumerate(holes), 2):
        overlap = a.intersection(b).area
        if overlap > 1e-9:
            t.fail(
                f"holes[{j}]",
                f"holes {i} and {j} overlap by {_fmt(overlap)} m²",
                "merge overlapping holes into one outline or move them apart",
            )
    poly = Polygon(shell, [h.exterior.coords for h in holes])
    if not poly.is_valid:
        t.fail(
            "holes",
            f"the holes make the footprint invalid{_validity_location(poly)} "
            f"(shapely: {explain_validity(poly)})",
            "keep each hole inside the outline without sharing an edge with the outline or "
            "with another hole",
        )
    if poly.area < MIN_POLYGON_AREA:
        t.fail(
            "holes",
            f"the holes leave only {_fmt(poly.area)} m² of floor",
            "shrink the holes or remove them",
        )
    return orient(poly, 1.0)


def _footprint(t: _Table) -> Polygon:
    """``[footprint]``: ``polygon`` and ``holes``, or an outline read from a DXF drawing."""
    if "dxf" not in t.data:
        for key in ("layer", "units"):
            if key in t.data:
                t.fail(
                    key,
                    f"{key} applies only to a footprint read from a DXF file",
                    f'add dxf = "site.dxf" or remove {key}',
                )
        return _outline(t)
    for key in ("polygon", "holes"):
        if key in t.data:
            t.fail(
                key,
                "the footprint is given both as dxf and as polygon/holes",
                f"keep one: remove {key} or remove dxf",
            )
    shape = read_footprint(
        t.file.parent / t.string("dxf", example='"site.dxf"'),
        layer=t.opt_string("layer", None, example='"A-FOOTPRINT"'),
        units=t.opt_string("units", None, example='"mm"'),
        brief=t.file,
        max_coordinate=MAX_COORDINATE,
        max_area=MAX_FOOTPRINT_AREA,
    )
    holes = [_coords(ring) for ring in shape.interiors]
    return _outline(
        _Table(t.file, {"polygon": _coords(shape.exterior), "holes": holes}, t.at("dxf"))
    )


def _coords(ring: Any) -> list[list[float]]:
    return [[x, y] for x, y in ring.coords[:-1]]


def _entrance(t: _Table, ground: Polygon) -> tuple[float, float]:
    """The entrance, moved onto the ground floor's outer wall: it may be given up to 0.5 m off."""
    t.only(("point",))
    x, y = _point(t, "point", t.raw("point", True, "[18, 0]"), "[18, 0]")
    boundary = ground.exterior
    distance = boundary.distance(Point(x, y))
    nearest = nearest_points(boundary, Point(x, y))[0]
    near = (round(nearest.x, 3), round(nearest.y, 3))
    if distance > ENTRANCE_TOLERANCE:
        t.fail(
            "point",
            f"the entrance {_fmt_point((x, y))} is {_fmt(distance)} m from the ground floor's "
            f"outer boundary (more than {_fmt(ENTRANCE_TOLERANCE)} m); the nearest boundary "
            f"point is {_fmt_point(near)}",
            f"put the entrance on an outer wall, e.g. point = {_fmt_point(near)}",
        )
    if distance > ENTRANCE_SNAP:
        return nearest.x, nearest.y
    return x, y


# ---- sections -----------------------------------------------------------------------------


def _standard(site: _Table) -> Standard:
    known = list_standards()
    standard_id = site.string("standard", example=_literal(known[0] if known else "community"))
    if standard_id not in known:
        site.fail(
            "standard",
            f"unknown standard {standard_id!r}; the shipped standards are: {', '.join(known)}",
            f"set standard to one of: {', '.join(map(_literal, known))}"
            f"{_closest(standard_id, known)}",
        )
    try:
        return load_standard(standard_id)
    except (StandardError, OSError, ValueError) as exc:
        site.fail(
            "standard",
            f"the standard {standard_id!r} could not be loaded: {exc}",
            f"repair constraints/standards/{standard_id}.toml or choose another standard",
        )


def _floor_footprints(building: _Table, floors: int) -> dict[int, Polygon]:
    """``[[building.floor]]``: a different outline for an upper floor (setbacks, terraces)."""
    entries = building.tables("floor", hint="; to set the number of floors write floors = 2")
    if entries and floors == 1:
        building.fail(
            "floor",
            "the building has 1 floor, so there is no upper floor to override",
            "remove the [[building.floor]] tables or raise building.floors",
        )
    result: dict[int, Polygon] = {}
    for entry in entries:
        entry.only(("level", "polygon", "holes"))
        level = entry.integer("level", Limit(2, floors, 2))
        if level in result:
            entry.fail(
                "level",
                f"level {level} is given by more than one [[building.floor]] table",
                "keep one [[building.floor]] table per level",
            )
        result[level] = _outline(entry)
    return result


def _layout(t: _Table, floors: int) -> LayoutSettings:
    t.only(
        (
            "module",
            "corridor_width",
            "door_width",
            "stairs",
            "corridors_per_floor",
            "lift",
            "street_frontage",
        )
    )
    default = LayoutSettings()
    stairs = t.opt_integer("stairs", STAIRS_LIMIT, default.stairs)
    if stairs == 0 and floors > 1:
        t.fail(
            "stairs",
            f"stairs = 0 but the building has {floors} floors, which need a stair",
            "set stairs = 2 (GB 50016 asks for two above 200 m² per floor), or at least 1; "
            "or remove the key to use the default",
        )
    lift = t.opt_boolean("lift", default.lift)
    if lift and floors == 1:
        t.fail(
            "lift",
            "lift = true but the building has one floor, which a lift would not serve",
            "remove the key, or set [building] floors to 2 or more",
        )
    return LayoutSettings(
        module=t.opt_number("module", MODULE_LIMIT, default.module),
        corridor_width=t.opt_number("corridor_width", CORRIDOR_WIDTH_LIMIT, None),
        door_width=t.opt_number("door_width", DOOR_WIDTH_LIMIT, None),
        stairs=stairs,
        corridors_per_floor=t.opt_integer(
            "corridors_per_floor", CORRIDORS_PER_FLOOR_LIMIT, default.corridors_per_floor
        ),
        lift=lift,
        street_frontage=t.opt_boolean("street_frontage", default.street_frontage),
    )


def _solver(t: _Table) -> SolverSettings:
    t.only(("time_limit", "seed", "workers", "deterministic"))
    default = SolverSettings()
    return SolverSettings(
        time_limit=t.opt_number("time_limit", TIME_LIMIT_LIMIT, default.time_limit),
        seed=t.opt_integer("seed", SEED_LIMIT, default.seed),
        workers=t.opt_integer("workers", WORKERS_LIMIT, default.workers),
        deterministic=t.opt_boolean("deterministic", default.deterministic),
    )


def _override(rooms: _Table, room_id: str, standard: Standard, floors: int) -> RoomOverride:
    """``[programme.rooms.<id>]``: the id must name a room of the standard's programme."""
    specs = {spec.id: spec for spec in standard.rooms}
    if room_id not in specs:
        rooms.fail(
            room_id,
            f"room {room_id!r} is not in the {standard.id!r} standard's programme",
            f"use one of its room ids{_closest(room_id, list(specs))}: {', '.join(specs)}; "
            "to add a new room use [[programme.add]]",
        )
    t = rooms.table(room_id)
    t.only(_OVERRIDE_KEYS)
    remove = t.opt_boolean("remove", False)
    if remove and len(t.data) > 1:
        others = ", ".join(k for k in t.data if k != "remove")
        t.fail(
            "remove",
            f"remove = true drops the room, so its other keys ({others}) would be ignored",
            "either delete remove = true or delete the other keys",
        )
    min_area = t.opt_number("min_area", ROOM_AREA_LIMIT, None)
    max_area = t.opt_number("max_area", ROOM_AREA_LIMIT, None)
    _check_max_area(t, specs[room_id], min_area, max_area)
    return RoomOverride(
        id=room_id,
        min_area=min_area,
        max_area=max_area,
        floors=t.levels("floors", floors),
        name=t.opt_string("name", None),
        remove=remove,
    )


def _check_max_area(
    t: _Table, spec: RoomSpec | None, min_area: float | None, max_area: float | None
) -> None:
    """``max_area`` must not be below the effective minimum (the brief's or the standard's)."""
    if max_area is None:
        return
    floor_area = min_area if min_area is not None else (spec.min_area if spec else 0.0)
    if max_area < floor_area:
        whose = "" if min_area is not None else " (the standard's)"
        t.fail(
            "max_area",
            f"max_area = {_fmt(max_area)} is below min_area = {_fmt(floor_area)}{whose}",
            f"raise max_area to at least {_fmt(floor_area)} or lower min_area",
        )


def _extra_room(t: _Table, standard: Standard, seen: dict[str, str], floors: int) -> ExtraRoom:
    """``[[programme.add]]``: a new room; ``seen`` maps the ids added so far to their entries."""
    t.only(_EXTRA_ROOM_KEYS)
    room_id = t.string("id", example='"library-2"')
    if not ROOM_ID_PATTERN.fullmatch(room_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", room_id.lower()).strip("-") or "library-2"
        t.fail(
            "id",
            f"id {room_id!r} may contain only lowercase letters, digits and single hyphens",
            f"write e.g. id = {_literal(suggestion)}",
        )
    other = _literal(f"{room_id}-2")
    if room_id in {spec.id for spec in standard.rooms}:
        t.fail(
            "id",
            f"id {room_id!r} is already a room of the {standard.id!r} standard",
            f"choose a new id such as {other}, or change the standard's room with "
            f"[programme.rooms.{room_id}]",
        )
    if room_id in generated_spaces(floors):
        t.fail(
            "id",
            f"id {room_id!r} is reserved for a space the engine adds itself",
            f"choose another id, e.g. {other}",
        )
    if room_id in seen:
        t.fail(
            "id",
            f"id {room_id!r} is already used by {seen[room_id]}",
            f"give each added room its own id, e.g. {other}",
        )
    seen[room_id] = t.path
    function = t.string("function", example='"culture"')
    if function not in EXTRA_ROOM_FUNCTIONS:
        t.fail(
            "function",
            f"unknown function {function!r}",
            f"use one of: {', '.join(EXTRA_ROOM_FUNCTIONS)}"
            f"{_closest(function, EXTRA_ROOM_FUNCTIONS)}",
        )
    min_area = t.number("min_area", ROOM_AREA_LIMIT)
    max_area = t.opt_number("max_area", ROOM_AREA_LIMIT, None)
    _check_max_area(t, None, min_area, max_area)
    return ExtraRoom(
        id=room_id,
        function=function,
        name=t.string("name", example='"第二阅览室"'),
        min_area=min_area,
        max_area=max_area,
        floors=t.levels("floors", floors),
        max_aspect=t.opt_number("max_aspect", MAX_ASPECT_LIMIT, None),
        min_side=t.opt_number("min_side", MIN_SIDE_LIMIT, None),
    )


def _programme(
    t: _Table, standard: Standard, floors: int
) -> tuple[float, tuple[RoomOverride, ...], tuple[ExtraRoom, ...]]:
    t.only(("scale", "rooms", "add"))
    scale = t.opt_number("scale", SCALE_LIMIT, 1.0)
    rooms = t.table("rooms")
    overrides = tuple(_override(rooms, room_id, standard, floors) for room_id in rooms.data)
    seen: dict[str, str] = {}
    extras = tuple(_extra_room(a, standard, seen, floors) for a in t.tables("add"))
    return scale, overrides, extras


def _preference(t: _Table, spaces: set[str], removed: set[str], floors: int) -> Preference:
    """``[[preferences.add]]``: every room it names must exist after the brief's changes."""
    kind = t.string("kind", example='"adjacent"')
    kinds = ADDED_PREFERENCE_KINDS
    if kind not in kinds:
        t.fail(
            "kind",
            f"unknown preference kind {kind!r}",
            f"use one of: {', '.join(kinds)}{_closest(kind, kinds)}",
        )
    t.only(_PREFERENCE_KEYS[kind])
    if kind == "flow":  # a flow is a number (it weights a distance), not a whole weight
        flow = t.number("weight", FLOW_LIMIT)
        weight = round(flow)
    else:
        flow = 0.0
        weight = t.integer("weight", PREFERENCE_WEIGHT_LIMIT)
    source = t.opt_string("source", "brief")

    def room(key: str, name: str) -> str:
        if name in removed:
            t.fail(
                key,
                f"room {name!r} is removed by programme.rooms.{name}.remove",
                f"drop {name!r} from this preference or keep the room",
            )
        if name not in spaces:
            t.fail(
                key,
                f"unknown room {name!r}",
                f"use a room id of the programme{_closest(name, sorted(spaces))}: "
                f"{', '.join(sorted(spaces))}",
            )
        return name

    if kind in ("adjacent", "flow"):
        a = room("a", t.string("a", example='"reading"'))
        b = room("b", t.string("b", example='"talk-room"'))
        if a == b:
            t.fail("b", f"a and b are both {a!r}", "name two different rooms")
        required = kind == "adjacent" and t.opt_boolean("required", False)
        return Preference(
            kind=kind, weight=weight, a=a, b=b, source=source, flow=flow, required=required
        )
    if kind == "separate":
        quiet = tuple(room("quiet", n) for n in t.names("quiet"))
        noisy = tuple(room("noisy", n) for n in t.names("noisy"))
        both = sorted(set(quiet) & set(noisy))
        if both:
            t.fail(
                "noisy",
                f"{', '.join(map(repr, both))} listed as both quiet and noisy",
                "list each room in quiet or in noisy, not both",
            )
        required = t.opt_boolean("required", False)
        return Preference(
            kind=kind, weight=weight, quiet=quiet, noisy=noisy, source=source, required=required
        )
    rooms = tuple(room("rooms", n) for n in t.names("rooms"))
    levels = t.levels("floors", floors, required=True)
    assert levels is not None  # required=True
    return Preference(kind=kind, weight=weight, rooms=rooms, floors=levels, source=source)


def _preferences(
    t: _Table, spaces: set[str], removed: set[str], floors: int
) -> tuple[dict[str, float], tuple[Preference, ...]]:
    t.only(("weights", "add"))
    weights = t.table("weights")
    weights.only(PREFERENCE_KINDS)
    multipliers = {k: weights.opt_number(k, WEIGHT_MULTIPLIER_LIMIT, 1.0) for k in PREFERENCE_KINDS}
    extra = tuple(_preference(p, spaces, removed, floors) for p in t.tables("add"))
    return multipliers, extra


# ---- entry point --------------------------------------------------------------------------


def load_brief(path: str | Path) -> Brief:
    """Load and validate a brief; any problem raises InputError naming file, field and fix."""
    path = Path(path)
    root = _Table(path, _read_toml(path))
    root.only(_TOP_KEYS)
    try:
        return _brief(root)
    except ShapelyError as exc:  # defensive: inputs are checked before shapely sees them
        raise InputError(
            path,
            "footprint",
            f"geometry error: {exc}",
            f"check the polygon corners against {_SAMPLE}",
        ) from None


def _brief(root: _Table) -> Brief:
    site = root.table("site", required=True, hint=' with name = "…" and standard = "community"')
    site.only(("name", "standard"))
    site_name = site.string("name", example='"万润社区党群服务中心"')
    standard = _standard(site)

    building = root.table("building", required=True, hint=" with floors = 2")
    building.only(("floors", "floor"))
    floors = building.integer("floors", FLOORS_LIMIT)

    footprint_table = root.table("footprint", required=True, hint=f" with {_POLYGON_EXAMPLE}")
    footprint_table.only(("polygon", "holes", "dxf", "layer", "units"))
    footprint = _footprint(footprint_table)
    floor_footprints = _floor_footprints(building, floors)
    entrance = _entrance(
        root.table("entrance", required=True, hint=" with point = [x, y]"), footprint
    )

    layout = _layout(root.table("layout"), floors)
    solver = _solver(root.table("solver"))
    design_table = root.table("design")
    design_table.only(tuple(DESIGN_LIMITS))
    design = {
        key: value
        for key, limit in DESIGN_LIMITS.items()
        if (value := design_table.opt_number(key, limit, None)) is not None
    }
    scale, overrides, extras = _programme(root.table("programme"), standard, floors)

    removed = {o.id for o in overrides if o.remove}
    spaces = {s.id for s in standard.rooms if s.id not in removed}
    spaces |= {e.id for e in extras} | generated_spaces(floors)
    weights, preferences = _preferences(root.table("preferences"), spaces, removed, floors)

    return Brief(
        path=root.file,
        site_name=site_name,
        standard=standard.id,
        footprint=footprint,
        floors=floors,
        entrance=entrance,
        floor_footprints=floor_footprints,
        programme_scale=scale,
        room_overrides=overrides,
        extra_rooms=extras,
        preference_weights=weights,
        design=design,
        extra_preferences=preferences,
        layout=layout,
        solver=solver,
    )
