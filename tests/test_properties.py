"""Property-based tests: the engine driven end to end by generated footprints and briefs.

* Property A (feasible side): footprints large enough for the community standard's 1000 m²
  over 1–3 floors. Every plan returned passes every hard rule of the independent checker; an
  INFEASIBLE answer gives reasons with numbers; UNKNOWN (time limit, no plan) is allowed but
  counted (most instances give a plan). Five fixed shapes must always give a plan, so
  the suite cannot pass vacuously.
* Property B (infeasible side): footprints clearly below the standard's 1000 m² are refused at
  once by the precheck, with the shortfall in m², and no plan.
* Property C: a plan survives a JSON round trip, the checker run on the JSON agrees rule by
  rule with the checks the engine reported, and (measured here again) its spaces lie inside
  the footprint without overlapping.

Sizing. The standard's total-area rule (1000 m² for a community centre) is not scaled by
``programme_scale``, and rooms may grow only to 1.6 × their minimum, corridors to the length of
the floor: at scale 0.25–0.45 no footprint can reach 1000 m² (the precheck says so, see
``test_programme_too_small_to_reach_total_area_explains_with_numbers``). Feasible instances
therefore use scale 0.7–0.8 and 1500–1900 m² on one floor, 720–900 m² per floor on two and
820–920 m² per floor on three. (On smaller three-floor footprints the floor-by-floor stage lets
floor 2 take all the area the centre still needs, which leaves floor 3 less than its rooms'
minimum; the whole-plan search alone then usually runs out of time: UNKNOWN.)

Bugs found here are kept as regression tests (the fixed shape "mm-rounded" and the tests at
the end of this file); an open bug would be an ``xfail(strict=True)`` test there.

The solver runs with a fixed seed on 2 workers; Hypothesis is derandomized, so the instances
are the same on every run (the solver's answers still depend on timing).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from footprints import (
    KINDS,
    RECTILINEAR,
    entrances,
    footprints,
    longest_edge_midpoint,
    narrowest_width,
    rotated,
    shapes_of,
    with_courtyard,
)
from hypothesis import HealthCheck, Phase, assume, given, note, settings
from hypothesis import strategies as st
from shapely import affinity
from shapely.geometry import Point, Polygon, box
from shapely.geometry.polygon import orient
from shapely.strtree import STRtree

from constraints.rules import check_plan
from constraints.rules.structure import ENTRANCE_TOLERANCE_M, OVERLAY_GRID_M
from layout.brief import Brief, LayoutSettings, SolverSettings, load_brief
from layout.errors import InputError
from layout.generate import Result, generate
from layout.site import prepare_site

ROOT = Path(__file__).resolve().parent.parent

TIME_LIMIT = 10.0  # s per generate call
FIXED_TIME_LIMIT = 12.0  # s for the fixed shapes that must give a plan (first plan ≈ 5 s)
WORKERS = 2
SEED = 0
TOTAL_MIN_M2 = 1000.0  # the community standard's total-area rule
AREA_TOL = 1e-3  # m²: spill outside the footprint or overlap tolerated by the re-measurement

#: Outer area per floor (m², before a courtyard) that fits the scaled programme comfortably
#: and still reaches the standard's 1000 m² in total.
#: Footprint areas per floor count: roomy enough to fit, small enough that the rooms can fill
#: the ground floor (at most 3 % of it may stay unassigned).
FEASIBLE_AREA = {1: (1050.0, 1200.0), 2: (720.0, 900.0), 3: (820.0, 920.0)}
FEASIBLE_SCALES = (0.7, 0.75, 0.8)

#: Hypothesis settings shared by every property (derandomized: the same examples every run).
SLOW_OK = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
    "derandomize": True,
    "database": None,
}


# ---- briefs and results ---------------------------------------------------------------------


def make_brief(
    footprint: Polygon,
    floors: int,
    scale: float,
    entrance: tuple[float, float] | None = None,
    name: str = "generated",
    lift: bool = False,
) -> Brief:
    """A brief as ``load_brief`` would build it, for a generated footprint."""
    return Brief(
        path=Path(f"{name}.toml"),
        site_name=name,
        standard="community",
        footprint=footprint,
        floors=floors,
        entrance=entrance if entrance is not None else longest_edge_midpoint(footprint),
        programme_scale=scale,
        layout=LayoutSettings(lift=lift),
        solver=SolverSettings(time_limit=TIME_LIMIT, seed=SEED, workers=WORKERS),
    )


def describe(brief: Brief) -> str:
    """Everything needed to rebuild the brief, for assertion messages."""
    fp = brief.footprint
    shell = [[x, y] for x, y in fp.exterior.coords[:-1]]  # full precision: reproducible
    holes = [[[x, y] for x, y in r.coords[:-1]] for r in fp.interiors]
    return (
        f"footprint={shell} holes={holes} floors={brief.floors} "
        f"scale={brief.programme_scale} entrance={list(brief.entrance)} lift={brief.layout.lift} "
        f"seed={SEED} workers={WORKERS} time_limit={TIME_LIMIT}"
    )


def run(brief: Brief, time_limit: float = TIME_LIMIT) -> Result:
    """``generate`` with the test settings; only InputError may escape (bad input)."""
    return generate(brief, time_limit=time_limit, seed=SEED, workers=WORKERS)


def hard_failures(result: Result) -> list[str]:
    return [
        f"{c.rule}: required {c.required}, measured {c.measured}"
        + (f" ({'; '.join(c.details)})" if c.details else "")
        for c in result.checks
        if c.hard and not c.passed
    ]


def classify(brief: Brief, result: Result) -> str:
    """Assert what every answer must satisfy; return the outcome's name for the counts."""
    where = describe(brief)
    if result.plan is not None:
        assert result.status in ("OPTIMAL", "FEASIBLE"), f"{result.status} with a plan: {where}"
        assert result.checks, f"a plan without checks: {where}"
        failed = hard_failures(result)
        assert not failed, "plan fails hard checks:\n  " + "\n  ".join(failed) + f"\n{where}"
        assert_plan_properties(brief, result)
        return "FEASIBLE"
    assert result.status in ("INFEASIBLE", "UNKNOWN"), f"{result.status} without plan: {where}"
    assert result.reasons, f"{result.status} without reasons: {where}"
    if result.status == "UNKNOWN":
        return "UNKNOWN"
    numberless = [r for r in result.reasons if not re.search(r"\d", r)]
    assert not numberless, f"INFEASIBLE reasons without numbers {numberless}: {where}"
    return "INFEASIBLE"


def _jsonable(value: Any) -> Any:
    """``value`` as JSON gives it back: tuples become lists."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def assert_plan_properties(brief: Brief, result: Result) -> None:
    """Property C on one plan: JSON round trip, checker agreement, containment, no overlap."""
    plan = result.plan
    assert plan is not None
    where = describe(brief)
    data = plan.to_dict()
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    loaded = json.loads(text)
    assert loaded == _jsonable(data), f"plan.to_dict() changes through JSON: {where}"

    again = check_plan(loaded)
    reported = [(c.rule, c.hard, c.passed) for c in result.checks]
    rechecked = [(c.rule, c.hard, c.passed) for c in again]
    assert rechecked == reported, (
        f"checker on the JSON plan disagrees with result.checks: "
        f"{sorted(set(rechecked) ^ set(reported))}: {where}"
    )

    assert [f.level for f in plan.floors] == list(range(1, brief.floors + 1)), where
    for floor in plan.floors:
        footprint = brief.footprint_for(floor.level)
        polys = [s.polygon for s in floor.spaces]
        for space in floor.spaces:
            assert space.polygon.is_valid and not space.polygon.is_empty, (
                f"{space.id} (floor {floor.level}) invalid outline: {where}"
            )
            spill = space.polygon.difference(footprint, grid_size=OVERLAY_GRID_M).area
            assert spill <= AREA_TOL, (
                f"{space.id} (floor {floor.level}) {spill:.4f} m² outside the footprint: {where}"
            )
        tree = STRtree(polys)
        for i, j in zip(*tree.query(polys, predicate="intersects"), strict=True):
            if i < j:
                shared = polys[i].intersection(polys[j], grid_size=OVERLAY_GRID_M).area
                assert shared <= AREA_TOL, (
                    f"{floor.spaces[i].id} and {floor.spaces[j].id} overlap by {shared:.4f} m² "
                    f"on floor {floor.level}: {where}"
                )
        # Spaces (with ``unused``) tile the floor: no overlaps (above) and areas adding up. Not
        # measured with a union: GEOS 3.14 can drop a touching polygon from union_all.
        used = sum(p.area for p in polys)
        assert used == pytest.approx(footprint.area, rel=1e-3), (
            f"floor {floor.level}: spaces cover {used:.2f} of {footprint.area:.2f} m²: {where}"
        )


# ---- the strategies themselves ---------------------------------------------------------------


def _on_lattice(value: float) -> bool:
    return abs(value / 0.3 - round(value / 0.3)) < 1e-6


@settings(max_examples=150, **SLOW_OK)
@given(st.sampled_from(KINDS).flatmap(lambda k: st.tuples(st.just(k), st.data())))
def test_footprint_strategies_give_valid_briefs(args: tuple[str, st.DataObject]) -> None:
    """Every family gives a valid counter-clockwise outline near the requested area, rectilinear
    ones on the 0.3 m lattice, courtyards well inside, an entrance on the outer boundary, and a
    brief the engine can put on its grid."""
    kind, data = args
    plain = data.draw(shapes_of(kind, (600.0, 900.0)))
    assert plain.is_valid and plain.exterior.is_ccw
    assert 540 <= plain.area <= 990
    assert narrowest_width(plain) >= 10.0
    if kind in RECTILINEAR:
        assert all(_on_lattice(v) for xy in plain.exterior.coords for v in xy)
        assert all(
            math.isclose(a[0], b[0]) or math.isclose(a[1], b[1])
            for a, b in itertools.pairwise(plain.exterior.coords)
        )
    court = data.draw(with_courtyard(st.just(plain)))
    for hole in court.interiors:
        assert Polygon(hole).within(plain.buffer(-5.5))
    turned = data.draw(rotated(st.just(court)))
    assert turned.is_valid and turned.exterior.is_ccw
    assert turned.area == pytest.approx(court.area, rel=1e-3)
    entrance = data.draw(entrances(turned))
    assert turned.exterior.distance(Point(entrance)) < 1e-6
    site = prepare_site(make_brief(turned, 1, 1.0, entrance), 0.3)
    assert site.usable_m2(1) <= turned.area + 0.001 * turned.length + 1e-6  # 1 mm wall tolerance
    assert site.usable_m2(1) >= 0.8 * turned.area


# ---- Property A: the feasible side ------------------------------------------------------------


@st.composite
def feasible_briefs(draw: st.DrawFn) -> Brief:
    floors = draw(st.sampled_from([1, 2, 2, 3]))
    footprint = draw(footprints(area=FEASIBLE_AREA[floors]))
    scale = draw(st.sampled_from(FEASIBLE_SCALES))
    lift = floors > 1 and draw(st.booleans())  # the lift's rule joins the hard rules
    return make_brief(footprint, floors, scale, lift=lift)


FEASIBLE_EXAMPLES = 10
#: Share of Property A's instances that must give a plan. Unloaded, about 3 in 4 do; the rest
#: run out of time (mostly three floors, see the module docstring). Kept low so that a busy
#: machine does not fail the suite; the fixed shapes below must always give a plan.
MIN_PLAN_SHARE = 0.4


def test_property_a_plans_pass_every_hard_rule() -> None:
    """Generated comfortable briefs: a plan passes every hard check, INFEASIBLE explains itself
    with numbers, UNKNOWN is counted; enough instances must give a plan."""
    outcomes: Counter[str] = Counter()

    # No shrinking: every example costs a solve of up to TIME_LIMIT seconds.
    @settings(max_examples=FEASIBLE_EXAMPLES, phases=[Phase.explicit, Phase.generate], **SLOW_OK)
    @given(feasible_briefs())
    def check(brief: Brief) -> None:
        note(describe(brief))
        try:
            result = run(brief)
        except InputError:
            outcomes["InputError"] += 1
            return
        outcome = classify(brief, result)
        outcomes[outcome] += 1
        phases = [(p[0], p[2]) for p in getattr(result, "phases", [])]
        print(f"  {outcome:10s} floors={brief.floors} area={brief.footprint.area:.0f} {phases}")
        if outcome != "FEASIBLE":
            print(f"    {describe(brief)}")

    check()
    print(f"Property A outcomes: {dict(outcomes)}")
    total = sum(outcomes.values())
    assert outcomes["FEASIBLE"] >= MIN_PLAN_SHARE * total, f"too few plans: {outcomes}"


#: From Property A: a 21.6 m × 37.2 m rectangle turned 76.32° with its corners rounded to the
#: millimetre, so its walls are not quite parallel. With 2 floors at scale 0.7 it gave a plan
#: whose toilet-2F measured 17.9995 m² < 18 m² (room-sizes failed): rooms were clipped back to
#: walls the grid crosses by up to 1 mm (fixed in 3cd6aac: rooms keep that area in hand).
MM_ROUNDED = [(-5.204, 2.4), (-10.312, -18.587), (25.833, -27.384), (30.941, -6.396)]


def _fixed_footprints() -> dict[str, tuple[Polygon, int, float]]:
    """Fixed generated shapes (footprint, floors, scale) that must always give a plan."""
    ell = Polygon([(0, 0), (36, 0), (36, 14.4), (19.8, 14.4), (19.8, 27), (0, 27)])
    turned = affinity.translate(affinity.rotate(box(0, 0, 39, 21), 30, origin=(0, 0)), 12, -5)
    court = Polygon(box(0, 0, 42, 24).exterior.coords, [box(18, 9.6, 24, 14.4).exterior.coords])
    return {
        "rect": (box(0, 0, 36, 21), 2, 0.8),
        "L": (ell, 2, 0.7),
        "rotated": (turned, 2, 0.7),
        "courtyard": (court, 2, 0.7),
        "mm-rounded": (Polygon(MM_ROUNDED), 2, 0.7),
    }


FIXED = sorted(_fixed_footprints())


@cache
def fixed_run(name: str) -> tuple[Brief, Result]:
    footprint, floors, scale = _fixed_footprints()[name]
    brief = make_brief(orient(footprint, 1.0), floors, scale, name=name)
    return brief, run(brief, time_limit=FIXED_TIME_LIMIT)


@pytest.mark.parametrize("name", FIXED)
def test_fixed_shapes_give_a_checked_plan(name: str) -> None:
    brief, result = fixed_run(name)
    assert result.plan is not None, f"{name}: {result.status} {result.reasons}: {describe(brief)}"
    assert classify(brief, result) == "FEASIBLE"


# ---- Property B: the infeasible side ----------------------------------------------------------


@st.composite
def small_briefs(draw: st.DrawFn) -> Brief:
    """Footprints well below 1000 m² over all floors: 10–25 m rectangles, or any family."""
    floors = draw(st.sampled_from([1, 1, 2]))
    if draw(st.booleans()):
        width, depth = draw(st.floats(10.0, 25.0)), draw(st.floats(10.0, 25.0))
        footprint = orient(box(0, 0, width, depth), 1.0)
    else:
        top = 900.0 / floors
        footprint = draw(footprints(area=(top / 4, top)))
    assume(floors * footprint.area <= 900.0)  # two floors of 25 × 25 m are not small
    entrance = draw(entrances(footprint))
    scale = draw(st.sampled_from([0.2, 0.35, 0.5, 1.0]))
    return make_brief(footprint, floors, scale, entrance)


@settings(max_examples=40, **SLOW_OK)
@given(small_briefs())
def test_property_b_small_footprints_refused_by_precheck(brief: Brief) -> None:
    where = describe(brief)
    result = run(brief, time_limit=2.0)  # the precheck answers long before this
    assert result.status == "INFEASIBLE", f"{result.status}: {where}"
    assert result.plan is None and not result.checks
    assert "solve" not in result.timings, f"reached the solver: {where}"
    assert result.reasons and all(re.search(r"\d", r) for r in result.reasons), result.reasons
    site = prepare_site(brief, 0.3)
    capacity = sum(site.usable_m2(lv) for lv in site.levels)
    shortfalls = [
        float(m.group(1))
        for r in result.reasons
        if f"{TOTAL_MIN_M2:.0f} m²" in r
        for m in [re.search(r"short by (\d+(?:\.\d+)?) m²", r)]
        if m
    ]
    assert shortfalls, f"no total-area shortfall among {result.reasons}: {where}"
    assert shortfalls[0] == pytest.approx(TOTAL_MIN_M2 - capacity, abs=1.0)
    assert shortfalls[0] >= TOTAL_MIN_M2 - brief.floors * brief.footprint.area - 1.0


# ---- Property C: plans survive JSON and the checker agrees ------------------------------------


@pytest.mark.parametrize("name", FIXED)
def test_property_c_plan_round_trips_and_rechecks(name: str) -> None:
    brief, result = fixed_run(name)
    if result.plan is None:
        pytest.skip(f"no plan for {name} (test_fixed_shapes_give_a_checked_plan fails)")
    assert_plan_properties(brief, result)
    names = {c.rule for c in result.checks}
    assert {"inside-footprint", "no-overlap", "valid-outlines", "entrance-lobby"} <= names


# ---- regressions: bugs these properties found -------------------------------------------------


def _tilted_rectangle() -> Brief:
    """36 m × 21 m, 2 floors, scale 0.7, turned 30.0004° about the origin (not a multiple of
    0.001°), entrance at the midpoint of the (turned) south wall."""
    angle = 30.0004
    footprint = orient(affinity.rotate(box(0, 0, 36, 21), angle, origin=(0, 0)), 1.0)
    entrance = affinity.rotate(Point(18, 0), angle, origin=(0, 0))
    return make_brief(footprint, 2, 0.7, (entrance.x, entrance.y), name="tilted")


@pytest.mark.parametrize("where", ["tilted", "samples/courtyard.toml"])
def test_entrance_cell_within_checker_tolerance(where: str) -> None:
    """Found by Property A (fixed in ab9e207): the frame angle was the main direction rounded
    to 0.001°, so on walls turned by other angles (or given to the millimetre) the row of cells
    along the wall was lost, the coarse grid lost two, and the entrance cell landed 0.6 m
    inside: lobbies on it failed the checker's 0.5 m entrance rule."""
    brief = _tilted_rectangle() if where == "tilted" else load_brief(ROOT / where)
    site = prepare_site(brief, 0.3)
    x, y = site.entrance_cell
    cell = site.frame.cell_rect(x, y, 1, 1)
    gap = cell.distance(Point(brief.entrance))
    assert gap <= ENTRANCE_TOLERANCE_M, f"entrance cell {site.entrance_cell} is {gap:.3f} m away"


def test_programme_too_small_to_reach_total_area_explains_with_numbers() -> None:
    """Found while sizing Property A (fixed in ab9e207): at scale 0.35 the rooms, even at their
    maximum areas, cannot reach the standard's 1000 m²; the solver proved it and the only
    reason was a sentence without numbers. The precheck now says so, with the shortfall."""
    brief = load_brief(ROOT / "samples" / "community-rect.toml")
    brief = make_brief(brief.footprint, brief.floors, 0.35, brief.entrance, name="scale-0.35")
    result = run(brief, time_limit=5.0)
    assert result.status == "INFEASIBLE", result.status
    assert "solve" not in result.timings, "the precheck should have answered"
    assert result.reasons and all(re.search(r"\d", r) for r in result.reasons), result.reasons
