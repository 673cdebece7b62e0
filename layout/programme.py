"""From brief and standard to what the engine must place: the requirements record (rooms,
figures, preferences, with sources) and the engine's geometric settings."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from constraints.requirements import Requirements
from constraints.standard import Preference, RoomSpec, Standard, load_standard
from layout.brief import Brief

#: Rooms grown to reach the standard's total grow this much further, for the layout's slack,
#: and at most by MAX_GROWTH: a programme that would need more is too small for the standard
#: (a brief's scale far below 1), which the precheck explains with the shortfall.
GROWTH_MARGIN = 1.1
MAX_GROWTH = 1.25


@dataclass(frozen=True)
class EngineSettings:
    """Geometric settings of the engine, in metres, after brief overrides."""

    module: float
    corridor_width: float
    door_width: float
    stairs: int
    corridors_per_floor: int
    lobby_min_area: float
    lobby_min_side: float
    stair_width: float
    stair_length: float
    #: An accessible lift on every floor, and its shaft's side.
    lift: bool = False
    lift_side: float = 2.4


def build_programme(brief: Brief) -> tuple[Requirements, EngineSettings, Standard]:
    """Apply the brief's overrides to its standard and add toilets on every floor."""
    standard = load_standard(brief.standard)
    d = standard.defaults
    rooms = [_scaled(r, brief.programme_scale) for r in standard.rooms]
    by_id = {r.id: i for i, r in enumerate(rooms)}
    removed: set[str] = set()
    for ov in brief.room_overrides:
        if ov.remove:
            removed.add(ov.id)
            continue
        spec = rooms[by_id[ov.id]]
        min_area = ov.min_area if ov.min_area is not None else spec.min_area
        max_area = ov.max_area if ov.max_area is not None else max(spec.max_area, min_area)
        if ov.min_area is not None and ov.max_area is None:
            max_area = min_area * d.growth
        rooms[by_id[ov.id]] = replace(
            spec,
            min_area=min_area,
            max_area=max_area,
            floors=ov.floors if ov.floors is not None else spec.floors,
            name=ov.name or spec.name,
            source=spec.source + "; overridden by the brief",
        )
    rooms = [r for r in rooms if r.id not in removed]
    # Maximum areas the brief sets itself stay as set.
    fixed_max = {ov.id for ov in brief.room_overrides if ov.max_area is not None}
    fixed_max |= {extra.id for extra in brief.extra_rooms if extra.max_area is not None}
    for extra in brief.extra_rooms:
        rooms.append(
            RoomSpec(
                id=extra.id,
                function=extra.function,
                name=extra.name,
                min_area=extra.min_area,
                max_area=extra.max_area or extra.min_area * d.growth,
                min_side=extra.min_side if extra.min_side is not None else d.min_side_m,
                max_aspect=extra.max_aspect if extra.max_aspect is not None else d.max_aspect,
                floors=extra.floors,
                source="added by the brief",
            )
        )
    if not standard.packing:  # plain packing places the brief's rooms and nothing else
        rooms += _toilets(brief.floors, d.toilet_per_floor_m2, d.accessible_toilet_m2, d)

    # A brief's weight of 0 switches a kind of preference off, the standard's required
    # ones (quiet and noisy rooms apart) included.
    prefs = [
        replace(
            p,
            weight=round(p.weight * brief.preference_weights.get(p.kind, 1.0)),
            required=p.required and brief.preference_weights.get(p.kind, 1.0) > 0,
        )
        for p in standard.preferences
        if _mentions_only(p, {r.id for r in rooms} | {"lobby"})
    ]
    prefs += brief.extra_preferences

    lay = brief.layout
    design = replace(standard.design, **brief.design)
    if not lay.street_frontage:
        design = replace(design, street_front=())
    stairs = lay.stairs if lay.stairs is not None else (0 if brief.floors == 1 else 2)
    settings = EngineSettings(
        module=lay.module,
        corridor_width=lay.corridor_width or d.corridor_width_m,
        door_width=lay.door_width or d.door_width_m,
        stairs=stairs,
        corridors_per_floor=lay.corridors_per_floor,
        lobby_min_area=d.lobby_min_area_m2,
        lobby_min_side=d.lobby_min_side_m,
        stair_width=_round_up(d.stair_width_m, 2 * lay.module),
        stair_length=_round_up(d.stair_length_m, 2 * lay.module),
        lift=lay.lift and not standard.packing,
        lift_side=_round_up(design.lift_shaft_m, 2 * lay.module),
    )
    if not standard.packing:
        rooms = _grown_to_total(rooms, fixed_max, standard.total_min_m2, brief, settings)
    req = Requirements(
        standard=standard.id,
        floors=brief.floors,
        total_min_m2=standard.total_min_m2,
        ground_share_min=standard.ground_share_min,
        functions=standard.functions,
        rooms=tuple(rooms),
        preferences=tuple(prefs),
        door_width_m=settings.door_width,
        corridor_width_m=settings.corridor_width,
        stairs=stairs,
        entrance=brief.entrance,
        sources={
            "total-area": standard.total_source,
            "ground-floor-share": standard.ground_share_source,
            "functions-present": standard.functions_source,
        },
        design=design,
        packing=standard.packing,
        lift=lay.lift and not standard.packing,
    )
    return req, settings, standard


def circulation_estimate_m2(
    level: int, engine: EngineSettings, stairs: int, floor_length_m: float
) -> float:
    """Stairs (and the lift), the lobby on the ground floor and one corridor along the floor."""
    stair_m2 = stairs * engine.stair_width * engine.stair_length
    stair_m2 += engine.lift_side**2 if engine.lift else 0.0
    lobby = engine.lobby_min_area if level == 1 else 0.0
    corridor = engine.corridor_width * floor_length_m * 0.8
    return stair_m2 + lobby + corridor


def _grown_to_total(
    rooms: list[RoomSpec],
    fixed_max: set[str],
    total_min_m2: float,
    brief: Brief,
    engine: EngineSettings,
) -> list[RoomSpec]:
    """Rooms that may grow far enough for the centre to reach the standard's total.

    A room's maximum area is how far the layout may grow it, not a rule. A programme whose
    rooms at their maximum, with the usual circulation, stay short of the standard's total
    (small rooms in a large building: the ground floor is then to be used in full) would
    leave the centre to be made up by corridors, a layout seldom found and no designer's
    answer: the rooms' maximum areas grow in proportion instead, with GROWTH_MARGIN to spare,
    by at most MAX_GROWTH.
    Maximum areas the brief sets, and the toilets' (sized by the code), stay as they are."""
    outline = brief.footprint_for(1).minimum_rotated_rectangle
    corners = list(outline.exterior.coords)
    length = max(math.dist(corners[0], corners[1]), math.dist(corners[1], corners[2]))
    circulation = sum(
        circulation_estimate_m2(level, engine, engine.stairs, length)
        for level in range(1, brief.floors + 1)
    )
    growable = {r.id for r in rooms if r.id not in fixed_max and r.function != "toilet"}
    held = sum(r.max_area for r in rooms if r.id not in growable)
    reach = sum(r.max_area for r in rooms if r.id in growable)
    short = total_min_m2 - circulation - held - reach
    if short <= 0 or reach <= 0 or (reach + short) / reach > MAX_GROWTH:
        return rooms  # reachable already, or a programme too small (the precheck says so)
    factor = min(MAX_GROWTH, (reach + short) / reach * GROWTH_MARGIN)
    note = f"; may grow to {factor:.2f}× its maximum for the centre to reach the standard's total"
    return [
        replace(r, max_area=r.max_area * factor, source=r.source + note) if r.id in growable else r
        for r in rooms
    ]


def _round_up(metres: float, step: float) -> float:
    """Round a built element's size up to the double planning module, so that it measures a
    whole number of modules on both the planning grid and the coarse search grid."""
    return math.ceil(metres / step - 1e-9) * step


def _scaled(spec: RoomSpec, scale: float) -> RoomSpec:
    if scale == 1.0:
        return spec
    return replace(spec, min_area=spec.min_area * scale, max_area=spec.max_area * scale)


def _toilets(floors: int, per_floor: float, accessible: float, d) -> list[RoomSpec]:
    """A public toilet block on every floor and an accessible toilet on the ground floor."""
    rooms = [
        RoomSpec(
            id=f"toilet-{level}F",
            function="toilet",
            name="卫生间",
            min_area=per_floor,
            max_area=per_floor * 1.5,
            min_side=d.min_side_m,
            max_aspect=d.max_aspect,
            floors=(level,),
            source="JGJ/T 41-2014: toilets on every floor; area default",
        )
        for level in range(1, floors + 1)
    ]
    rooms.append(
        RoomSpec(
            id="toilet-accessible",
            function="toilet",
            name="无障碍卫生间",
            min_area=accessible,
            max_area=accessible * 1.6,
            min_side=1.8,
            max_aspect=d.max_aspect,
            floors=(1,),
            source="GB 50763-2012: accessible toilet ≥ 4.0 m² with a 1.5 m turning circle",
        )
    )
    return rooms


def _mentions_only(pref: Preference, ids: set[str]) -> bool:
    """Keep a standard preference only while the rooms it names are still in the programme."""
    names = {pref.a, pref.b} - {""} | set(pref.quiet) | set(pref.noisy) | set(pref.rooms)
    return bool(names & ids) if pref.kind == "separate" else names <= ids
