"""Footprints read from a DXF drawing (``[footprint] dxf = "site.dxf"``, optional ``layer``).

Designers already have the building outline in CAD; typing its corners into the brief invites
mistakes. The outline is the largest closed outline on the layer (or in model space when no
layer is named): a closed LWPOLYLINE or POLYLINE, a CIRCLE, a closed SPLINE or ELLIPSE, or
LINE/ARC/open-polyline chains whose ends meet. Closed outlines inside it become holes
(courtyards, shafts). Arcs and bulges are flattened to chords that deviate at most
:data:`CHORD_TOLERANCE_M` (50 mm) from the curve.

Units come from ``$INSUNITS`` (mm, cm, m, inches, feet); a drawing without units is taken to
be in millimetres, the convention of Chinese architectural drawings. The brief's ``units`` key
overrides both. Every problem raises :class:`InputError` saying what the file holds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import ezdxf
from ezdxf import path as ezpath
from ezdxf.recover import readfile as recover_readfile
from shapely.geometry import LineString, Polygon
from shapely.geometry.polygon import orient
from shapely.ops import polygonize, unary_union
from shapely.validation import explain_validity

from layout.errors import InputError

CHORD_TOLERANCE_M = 0.05
SNAP_M = 0.001  # endpoints closer than this meet; coordinates are kept to the millimetre
#: $INSUNITS code -> metres per drawing unit (0, no units, is taken as millimetres).
INSUNITS_M: dict[int, float] = {0: 0.001, 1: 0.0254, 2: 0.3048, 4: 0.001, 5: 0.01, 6: 1.0}
UNIT_NAMES: dict[str, float] = {"mm": 0.001, "cm": 0.01, "m": 1.0}
_INSUNITS_NAMES = {0: "none", 1: "inches", 2: "feet", 4: "mm", 5: "cm", 6: "m"}
_CURVES = ("LWPOLYLINE", "POLYLINE", "LINE", "ARC", "CIRCLE", "ELLIPSE", "SPLINE")
FIELD = "footprint.dxf"


class _Fail:
    """Raises InputError for the brief (file and field), naming the drawing in the problem."""

    def __init__(self, brief: Path | None, drawing: Path) -> None:
        self.file = brief or drawing
        self.drawing = drawing
        self.prefix = f"{drawing}: " if brief else ""

    def __call__(self, problem: str, fix: str, field: str = FIELD) -> InputError:
        return InputError(self.file, field, self.prefix + problem, fix)


def read_footprint(
    path: Path,
    *,
    layer: str | None = None,
    units: str | None = None,
    brief: Path | None = None,
    max_coordinate: float = math.inf,
    max_area: float = math.inf,
) -> Polygon:
    """The footprint of a DXF drawing in metres: valid, exterior counter-clockwise.

    ``brief`` is the brief that names the drawing (errors name it and the field);
    ``max_coordinate`` (m) and ``max_area`` (m²) catch wrong units early.
    """
    path = Path(path)
    fail = _Fail(brief, path)
    doc = _read(path, fail)
    scale, unit_note = _scale(doc, units, fail)
    entities = _entities(doc, layer, fail)
    where = f"on layer {layer!r}" if layer else "in model space"
    found = _found(entities)
    rings, open_lines = _rings(entities, scale)
    rings += _chained(open_lines)
    for ring in rings:
        if not ring.shape.is_valid:
            raise fail(
                f"a closed outline {where} crosses itself ({explain_validity(ring.shape)}), "
                f"{_describe(ring)}; {unit_note}",
                "redraw the outline so that its edges do not cross",
            )
    rings = _distinct([r for r in rings if r.shape.area > 0])
    if not rings:
        raise fail(
            f"no closed outline {where}: found {found}{_loose_ends(open_lines)}; {unit_note}",
            "draw the building outline as one closed polyline (PLINE, then Close), or join the "
            "lines so their ends meet" + ("" if layer else ', and name its layer: layer = "…"'),
        )
    rings.sort(key=lambda r: -r.shape.area)
    tops = [r for r in rings if not _inside_another(r, rings)]
    if len(tops) > 1:
        listed = "; ".join(_describe(r) for r in tops[:5])
        raise fail(
            f"{len(tops)} separate closed outlines {where}, so the building outline is "
            f"ambiguous: {listed}; {unit_note}",
            "keep only the building outline and its courtyards on one layer and name it: "
            'layer = "…"',
            "footprint.layer" if layer else FIELD,
        )
    outer = tops[0]
    holes = [r for r in rings[1:] if outer.shape.covers(r.shape)]
    nested = [h for h in holes if _inside_another(h, holes)]
    if nested:
        inner = nested[0]
        hole = next(h for h in holes if h is not inner and h.shape.covers(inner.shape))
        raise fail(
            f"closed outlines {where} are nested three deep: the largest ({_describe(outer)}) "
            f"holds {_describe(hole)}, which holds {_describe(inner)}; a footprint is an outer "
            f"boundary with holes; {unit_note}",
            "keep only the building outline and its courtyards on the layer"
            if layer
            else 'name the layer that holds only the building outline: layer = "…"',
            "footprint.layer" if layer else FIELD,
        )
    shape = Polygon(outer.shape.exterior.coords, [h.shape.exterior.coords for h in holes])
    if not shape.is_valid:
        raise fail(
            f"the outline {where} is not a valid polygon ({explain_validity(shape)}); {unit_note}",
            "make sure the outline does not cross itself and holes do not touch it or each other",
        )
    _check_size(shape, fail, unit_note, max_coordinate, max_area)
    return orient(shape, 1.0)


def _read(path: Path, fail: _Fail) -> ezdxf.document.Drawing:
    if not path.is_file():
        raise fail(
            "file not found" if not path.exists() else "not a file",
            'give dxf as a path relative to the brief\'s folder, e.g. dxf = "site.dxf"',
        )
    try:
        doc, _auditor = recover_readfile(path)
    except (OSError, ezdxf.DXFError, ValueError, UnicodeDecodeError) as exc:
        raise fail(
            f"not a readable DXF file ({type(exc).__name__}: {exc})",
            "save the drawing as DXF (AutoCAD R12 to 2018, ASCII or binary) and try again",
        ) from None
    return doc


def _scale(doc: ezdxf.document.Drawing, units: str | None, fail: _Fail) -> tuple[float, str]:
    """Metres per drawing unit, and a note saying where that came from."""
    if units is not None:
        if units not in UNIT_NAMES:
            raise fail(
                f"unknown units {units!r}",
                'write units = "mm", "cm" or "m", or remove the key to use the file\'s',
                "footprint.units",
            )
        return UNIT_NAMES[units], f'coordinates read in {units} (units = "{units}")'
    code = int(doc.header.get("$INSUNITS", 0))
    if code not in INSUNITS_M:
        raise fail(
            f"the drawing's units ($INSUNITS = {code}) are not millimetres, centimetres, metres, "
            "inches or feet",
            'say which units the drawing uses: units = "mm" (or "cm", "m")',
            "footprint.units",
        )
    if code == 0:
        return INSUNITS_M[0], "coordinates read in mm: the file has no units ($INSUNITS 0)"
    return INSUNITS_M[code], f"coordinates read in {_INSUNITS_NAMES[code]} ($INSUNITS {code})"


def _entities(doc: ezdxf.document.Drawing, layer: str | None, fail: _Fail) -> list:
    msp = doc.modelspace()
    if layer is None:
        return [e for e in msp if e.dxftype() in _CURVES]
    names = sorted({e.dxf.layer for e in msp})
    if layer.lower() not in {n.lower() for n in names}:
        shown = ", ".join(repr(n) for n in names[:12]) or "none"
        raise fail(
            f"no entities on layer {layer!r}; the layers used in model space are: {shown}",
            "set layer to the layer of the building outline, or remove layer to search all",
            "footprint.layer",
        )
    return [e for e in msp if e.dxf.layer.lower() == layer.lower()]


def _found(entities: list) -> str:
    counts = Counter(e.dxftype() for e in entities)
    if not counts:
        return "no lines, polylines, arcs or circles"
    closed = sum(1 for e in entities if e.dxftype() == "LWPOLYLINE" and e.closed)
    parts = []
    for kind, n in sorted(counts.items()):
        note = f" ({closed} closed)" if kind == "LWPOLYLINE" else ""
        parts.append(f"{n} {kind}{note}")
    return ", ".join(parts)


@dataclass(frozen=True)
class _Ring:
    """A closed outline of the drawing (metres) and what it was drawn with."""

    shape: Polygon
    source: str


def _inside_another(ring: _Ring, rings: list[_Ring]) -> bool:
    return any(o.shape.area > ring.shape.area and o.shape.covers(ring.shape) for o in rings)


def _rings(entities: Iterable, scale: float) -> tuple[list[_Ring], list[LineString]]:
    """Closed outlines; open pieces as lines to chain (coordinates in metres)."""
    rings: list[_Ring] = []
    lines: list[LineString] = []
    for entity in entities:
        if entity.dxftype() not in _CURVES:
            continue
        try:
            p = ezpath.make_path(entity)
        except (TypeError, ValueError):  # meshes, polyface POLYLINEs: not outlines
            continue
        points = [
            (round(v.x * scale / SNAP_M) * SNAP_M, round(v.y * scale / SNAP_M) * SNAP_M)
            for v in p.flattening(CHORD_TOLERANCE_M / scale)
        ]
        points = [q for i, q in enumerate(points) if i == 0 or q != points[i - 1]]
        if len(points) < 2:
            continue
        closed = getattr(entity, "closed", False) or entity.dxftype() == "CIRCLE"
        if entity.dxftype() == "POLYLINE":
            closed = entity.is_closed
        if (closed or points[0] == points[-1]) and len(set(points)) >= 3:
            if points[0] == points[-1]:
                points.pop()
            source = f"a {entity.dxftype()} on layer {entity.dxf.layer!r}"
            rings.append(_Ring(Polygon(points), source))
        else:
            lines.append(LineString(points))
    return rings, lines


def _chained(lines: list[LineString]) -> list[_Ring]:
    """Closed outlines formed by open pieces whose ends meet."""
    if not lines:
        return []
    faces = list(polygonize(unary_union(lines)))
    return [_Ring(Polygon(f.exterior.coords), "joined lines and arcs") for f in faces]


def _loose_ends(lines: list[LineString]) -> str:
    """'; loose ends at …' for open pieces that do not close."""
    if not lines:
        return ""
    ends = Counter()
    for line in lines:
        ends[line.coords[0]] += 1
        ends[line.coords[-1]] += 1
    loose = [p for p, n in ends.items() if n == 1]
    if not loose:
        return ""
    shown = ", ".join(f"({x:.3f}, {y:.3f}) m" for x, y in loose[:4])
    more = f" and {len(loose) - 4} more" if len(loose) > 4 else ""
    return f"; open pieces leave loose ends at {shown}{more}"


def _distinct(rings: list[_Ring]) -> list[_Ring]:
    """Drop outlines drawn twice (a polyline over the same lines)."""
    kept: list[_Ring] = []
    for ring in rings:
        if not any(k.shape.symmetric_difference(ring.shape).area < 1e-4 for k in kept):
            kept.append(ring)
    return kept


def _describe(ring: _Ring) -> str:
    minx, miny, maxx, maxy = ring.shape.bounds
    return (
        f"{ring.source}, {ring.shape.area:.1f} m² from ({minx:.2f}, {miny:.2f}) to "
        f"({maxx:.2f}, {maxy:.2f}) m"
    )


def _check_size(
    shape: Polygon, fail: _Fail, unit_note: str, max_coordinate: float, max_area: float
) -> None:
    minx, miny, maxx, maxy = shape.bounds
    far = max(abs(minx), abs(miny), abs(maxx), abs(maxy))
    if far > max_coordinate:
        raise fail(
            f"the outline reaches {far:.0f} m from the origin (more than {max_coordinate:.0f} m); "
            f"{unit_note}",
            "move the drawing near the origin (e.g. MOVE from a corner to 0,0), or set units "
            'if they are wrong: units = "mm"',
        )
    if shape.exterior.length and Polygon(shape.exterior.coords).area > max_area:
        raise fail(
            f"the outline encloses {Polygon(shape.exterior.coords).area:.0f} m², more than "
            f"{max_area:.0f} m²; {unit_note}",
            'check the drawing\'s units; say them with units = "mm" (or "cm", "m")',
        )
    if shape.area < 1.0:
        raise fail(
            f"the outline encloses only {shape.area:.4f} m²; {unit_note}",
            'if the drawing is in metres, say so: units = "m"',
        )
