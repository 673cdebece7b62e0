"""Changes to a brief that relax one rule, written as a designer would make them.

Each change carries the sentence a designer reads, the lines to put in the brief, and the
changed brief itself, so that diagnosis can try it before proposing it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from itertools import pairwise

from shapely import affinity
from shapely.geometry import Point, Polygon

from constraints.standard import RoomSpec
from layout.brief import Brief, RoomOverride


@dataclass(frozen=True)
class Change:
    """One relaxation of a brief: in words, as brief lines (TOML), and applied."""

    text: str
    toml: str
    brief: Brief


def more_floors(brief: Brief, floors: int) -> Change:
    word = {2: "a second", 3: "a third", 4: "a fourth", 5: "a fifth", 6: "a sixth"}
    add = floors - brief.floors
    text = (
        f"add {word.get(floors, f'a {floors}th')} floor"
        if add == 1
        else f"build {floors} floors instead of {brief.floors}"
    )
    return Change(text, f"[building]\nfloors = {floors}", replace(brief, floors=floors))


def larger_footprint(brief: Brief, factor: float, ground_only: bool = False) -> Change:
    """Scale the footprint (every floor's, or the ground floor's alone) about the ground
    floor's centroid by ``factor`` in each direction; the entrance moves with its wall."""
    origin = brief.footprint.centroid
    before = brief.footprint.area

    def scaled(poly: Polygon) -> Polygon:
        return affinity.scale(poly, factor, factor, origin=origin)

    entrance = affinity.scale(Point(brief.entrance), factor, factor, origin=origin)
    toml = f"[footprint]\npolygon = {_coords(scaled(brief.footprint))}"
    if ground_only:  # upper floors keep their outlines: each gets its own, if it had none
        uppers = {lv: brief.footprint_for(lv) for lv in range(2, brief.floors + 1)}
        floors = uppers
        for lv in sorted(set(uppers) - set(brief.floor_footprints)):
            toml += f"\n[[building.floor]]\nlevel = {lv}\npolygon = {_coords(uppers[lv])}"
        where = "the ground floor"
    else:
        floors = {lv: scaled(p) for lv, p in brief.floor_footprints.items()}
        where = "the footprint"
    changed = replace(
        brief,
        footprint=scaled(brief.footprint),
        floor_footprints=floors,
        entrance=(entrance.x, entrance.y),
    )
    text = (
        f"enlarge {where} by {round((factor - 1) * 100)} % in each direction "
        f"({before:.0f} → {before * factor**2:.0f} m² per floor)"
    )
    return Change(text, toml, changed)


def same_outline(brief: Brief) -> Change:
    """Every floor on the ground floor's outline (the upper floors' own outlines dropped)."""
    levels = ", ".join(str(lv) for lv in sorted(brief.floor_footprints))
    return Change(
        f"build floor {levels} on the ground floor's outline, so the stairs can stack",
        "# remove the [[building.floor]] tables",
        replace(brief, floor_footprints={}),
    )


def adjacency_wish(brief: Brief, a: str, b: str) -> Change:
    """The brief's required adjacency of a and b made a wish (its weight kept)."""
    prefs = tuple(
        replace(p, required=False) if p.kind == "adjacent" and {p.a, p.b} == {a, b} else p
        for p in brief.extra_preferences
    )
    return Change(
        f"make {a} next to {b} a wish instead of a requirement",
        f'[[preferences.add]]\nkind = "adjacent"\na = "{a}"\nb = "{b}"\nrequired = false',
        replace(brief, extra_preferences=prefs),
    )


def separation_off(brief: Brief) -> Change:
    """Quiet and noisy rooms allowed to share walls: the standard's separation switched off
    (a weight of 0 drops the requirement and the wish); separations the brief adds stay."""
    weights = {**brief.preference_weights, "separate": 0.0}
    return Change(
        "let quiet rooms share walls with noisy ones (no acoustic separation)",
        "[preferences]\nweights = { separate = 0 }",
        replace(brief, preference_weights=weights),
    )


def entrance_on_longest_wall(brief: Brief) -> Change:
    """The entrance moved to the middle of the longest outer wall: a street front that holds
    the lobby and both rooms that face the street."""
    coords = list(brief.footprint.exterior.coords)
    a, b = max(pairwise(coords), key=lambda e: math.dist(e[0], e[1]))
    x, y = round((a[0] + b[0]) / 2, 3), round((a[1] + b[1]) / 2, 3)
    return Change(
        f"move the entrance to the middle of the longest outer wall ({x:g}, {y:g})",
        f"[entrance]\npoint = [{x:g}, {y:g}]",
        replace(brief, entrance=(x, y)),
    )


def street_frontage_off(brief: Brief) -> Change:
    """The display zone and the service hall free to stand away from the street front."""
    return Change(
        "let the display zone and the service hall stand away from the entrance's street front",
        "[layout]\nstreet_frontage = false",
        replace(brief, layout=replace(brief.layout, street_frontage=False)),
    )


def room_min_area(brief: Brief, spec: RoomSpec, min_area: float) -> Change:
    text = f"reduce {spec.name} ({spec.id}) from {spec.min_area:.0f} to {min_area:.0f} m²"
    toml = f"[programme.rooms.{spec.id}]\nmin_area = {min_area:g}"
    return Change(text, toml, _override(brief, spec.id, min_area=min_area))


def room_max_area(brief: Brief, spec: RoomSpec, max_area: float) -> Change:
    text = f"let {spec.name} ({spec.id}) grow to {max_area:.0f} m² (now {spec.max_area:.0f})"
    toml = f"[programme.rooms.{spec.id}]\nmax_area = {max_area:g}"
    return Change(text, toml, _override(brief, spec.id, max_area=max_area))


def room_on_floors(brief: Brief, spec: RoomSpec, floors: tuple[int, ...]) -> Change:
    names = " or ".join("the ground floor" if lv == 1 else f"floor {lv}" for lv in floors)
    text = f"allow {spec.name} ({spec.id}) on {names}"
    toml = f"[programme.rooms.{spec.id}]\nfloors = {list(floors)}"
    return Change(text, toml, _override(brief, spec.id, floors=floors))


def design_figure(brief: Brief, key: str, value: float, text: str) -> Change:
    toml = f"[design]\n{key} = {value:g}"
    return Change(text, toml, replace(brief, design=dict(brief.design) | {key: value}))


def stairs(brief: Brief, count: int) -> Change:
    text = f"build {count} stair{'s' if count != 1 else ''} instead of the default"
    return Change(
        text,
        f"[layout]\nstairs = {count}",
        replace(brief, layout=replace(brief.layout, stairs=count)),
    )


def programme_scale(brief: Brief, scale: float) -> Change:
    text = f"scale the programme's rooms by {scale:g} (now {brief.programme_scale:g})"
    return Change(text, f"[programme]\nscale = {scale:g}", replace(brief, programme_scale=scale))


def _override(brief: Brief, room: str, **fields: object) -> Brief:
    """The brief with ``fields`` set on the room's override (a new override if none)."""
    overrides = list(brief.room_overrides)
    for k, ov in enumerate(overrides):
        if ov.id == room:
            overrides[k] = replace(ov, **fields)  # type: ignore[arg-type]
            break
    else:
        overrides.append(RoomOverride(room, **fields))  # type: ignore[arg-type]
    return replace(brief, room_overrides=tuple(overrides))


def _coords(poly: Polygon) -> str:
    return str([[round(x, 2), round(y, 2)] for x, y in poly.exterior.coords[:-1]])
