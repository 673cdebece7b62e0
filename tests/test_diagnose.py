"""Diagnosis: briefs built to fail for one known reason (total area, ground-floor share, a room
too deep for the footprint, stairs that cannot stack, a room pinned against a rule, a required
adjacency that cannot hold) get that reason, with numbers, and the change the diagnosis
verified makes the brief give a plan that passes every hard rule."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from shapely.geometry import Polygon, box

from constraints.standard import Preference
from layout.brief import Brief, LayoutSettings, RoomOverride, SolverSettings, load_brief
from layout.cli import main
from layout.diagnose import Diagnosis, diagnose, rule_groups
from layout.generate import generate
from layout.model.floors import assign_floors
from layout.programme import build_programme
from layout.site import prepare_site

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 400.0
SETTINGS = SolverSettings(time_limit=30.0, seed=0, workers=2)


def _brief(
    footprint: Polygon,
    floors: int = 2,
    name: str = "diagnosed",
    uppers: dict[int, Polygon] | None = None,
    overrides: tuple[RoomOverride, ...] = (),
) -> Brief:
    x0, y0, x1, _y1 = footprint.bounds
    return Brief(
        path=Path(f"{name}.toml"),
        site_name=name,
        standard="community",
        footprint=footprint,
        floors=floors,
        entrance=((x0 + x1) / 2, y0),
        floor_footprints=uppers or {},
        room_overrides=overrides,
        layout=LayoutSettings(),
        solver=SETTINGS,
    )


def _verified(d: Diagnosis, rule: str):
    conflict = next(c for c in d.conflicts if rule in c.rules)
    works = [r for r in conflict.relaxations if r.verdict == "verified"]
    assert works, f"no verified change for {rule}: {[r.to_dict() for r in conflict.relaxations]}"
    return works[0]


def _minimal_or_said_why(d: Diagnosis, exact: bool) -> None:
    """The set is proven minimal (and, where the test knows it, exactly the expected one);
    otherwise a question went unanswered within its time budget, and the diagnosis says so."""
    if d.minimal:
        assert exact, d.conflicts
    else:
        assert any("no answer in time" in n or "time budget" in n for n in d.notes), d.notes


def _plan_passes(brief: Brief) -> None:
    result = generate(brief, time_limit=40.0, seed=0, workers=2)
    assert result.plan is not None, f"{result.status}: {result.reasons}"
    failed = [c.rule for c in result.checks if c.hard and not c.passed]
    assert not failed, failed


def test_the_200_m2_sample_says_it_is_too_small_and_by_how_much(tmp_path: Path) -> None:
    d = diagnose(load_brief(ROOT / "samples" / "small-200.toml"), BUDGET, SETTINGS)
    assert d.verdict == "cannot be met"
    first = d.conflicts[0]
    assert first.rules == ("total-area",)
    assert "1000 m²" in first.why and "short by 804 m²" in first.why
    fix = _verified(d, "total-area")
    assert "enlarge the footprint" in fix.text and "[footprint]" in fix.toml
    assert fix.brief is not None
    _plan_passes(fix.brief)


def test_explain_writes_a_diagnosis_a_reader_can_follow(tmp_path: Path) -> None:
    code = main(
        ["explain", str(ROOT / "samples" / "small-200.toml"), "-o", str(tmp_path), "--workers", "2"]
    )
    assert code == 1
    folder = tmp_path / "small-200"
    data = json.loads((folder / "diagnosis.json").read_text(encoding="utf-8"))
    assert data["verdict"] == "cannot be met"
    assert data["conflicts"][0]["rules"] == ["total-area"]
    text = (folder / "diagnosis.md").read_text(encoding="utf-8")
    assert "既有社区用房" in text and "short by 804 m²" in text
    assert "works: tried, and a plan was found" in text
    assert not list(folder.glob(".*"))  # no temporary files left behind


def test_a_small_ground_floor_gets_the_share_and_the_ground_floor_it_needs() -> None:
    # 420 m² on the ground floor under a 1 200 m² upper floor: the ground floor cannot hold
    # half of a 1 000 m² centre.
    brief = _brief(box(5, 8, 35, 22), uppers={2: box(0, 0, 40, 30)}, name="small-ground")
    d = diagnose(brief, BUDGET, SETTINGS)
    assert d.verdict == "cannot be met"
    conflict = next(c for c in d.conflicts if c.rules == ("ground-floor-share",))
    assert "≥ 500 m²" in conflict.why and "short by" in conflict.why
    fix = _verified(d, "ground-floor-share")
    assert fix.text.startswith("enlarge the ground floor")
    assert fix.brief is not None
    assert fix.brief.floor_footprints[2].equals(box(0, 0, 40, 30))  # the upper floor stays
    _plan_passes(fix.brief)


def test_upper_floor_off_the_ground_floor_leaves_no_place_for_stairs() -> None:
    # Floor 2 shares only a 2 m strip with the ground floor: no stair fits on both.
    brief = _brief(box(0, 0, 36, 16), uppers={2: box(34, 0, 70, 16)}, name="offset")
    d = diagnose(brief, BUDGET, SETTINGS)
    conflict = next(c for c in d.conflicts if c.rules == ("stairs-stacked",))
    assert "same place on all 2 floors" in conflict.why
    fix = _verified(d, "stairs-stacked")
    assert fix.brief is not None and not fix.brief.floor_footprints


def test_a_room_too_deep_for_a_narrow_footprint_is_named_with_the_area_that_fits() -> None:
    brief = _brief(box(0, 0, 36, 16), overrides=(RoomOverride("multi-purpose", min_area=700.0),))
    d = diagnose(brief, 1.0, SETTINGS)  # the reason and the change only: no time to try it
    conflict = next(c for c in d.conflicts if "multi-purpose needs a side" in c.why)
    assert "16.0 m across" in conflict.why
    change = conflict.relaxations[0]
    assert "reduce" in change.text and "from 700 to 608 m²" in change.text
    # The change clears this reason (the room then fits across the footprint).
    assert change.brief is not None
    req, _engine, _standard = build_programme(change.brief)
    assert next(r for r in req.rooms if r.id == "multi-purpose").min_area == 608


def test_a_service_hall_upstairs_conflicts_with_the_street_frontage() -> None:
    # Prechecks pass; the model cannot put the service hall on the street (ground floor) and
    # on floor 2 at once. The deletion filter must keep exactly those two rules.
    override = RoomOverride("service-hall", floors=(2,))
    brief = _brief(box(0, 0, 36, 16), overrides=(override,), name="hall-upstairs")
    assert any(g.id == "room-floors:service-hall" for g in rule_groups(build_programme(brief)[0]))
    d = diagnose(brief, BUDGET, SETTINGS)
    assert d.verdict == "cannot be met"
    (conflict,) = d.conflicts
    assert {"room-floors:service-hall", "street-frontage"} <= set(conflict.rules)
    _minimal_or_said_why(d, len(conflict.rules) == 2)
    fix = _verified(d, "room-floors:service-hall")
    assert "allow 一站式服务大厅" in fix.text
    assert fix.brief is not None
    _plan_passes(fix.brief)


def test_an_entrance_porch_too_narrow_for_the_street_front_is_named_and_moved() -> None:
    # The entrance in the 6 m front wall of a porch: the lobby needs 4.2 m of it, and the
    # display zone and the service hall 2.4 m each (the porch's side walls turn 90°, so they
    # are no street front). Moving the entrance to the longest wall gives a plan.
    porch = Polygon([(0, 0), (15, 0), (15, -1.5), (21, -1.5), (21, 0), (36, 0), (36, 16), (0, 16)])
    brief = replace(_brief(porch, name="porch"), entrance=(18.0, -1.5))
    d = diagnose(brief, BUDGET, SETTINGS)
    assert d.verdict == "cannot be met"
    (conflict,) = d.conflicts
    assert "street-frontage" in conflict.rules
    fix = _verified(d, "street-frontage")
    assert fix.toml.startswith("[entrance]")
    assert fix.brief is not None
    _plan_passes(fix.brief)


def test_a_required_adjacency_across_floors_is_named_and_relaxed() -> None:
    # The brief requires the service hall (ground floor, by the standard) next to the party
    # activity room, which it pins to floor 2: they cannot share a wall.
    brief = replace(
        _brief(
            box(0, 0, 36, 16),
            overrides=(RoomOverride("party-activity", floors=(2,)),),
            name="forced-adjacency",
        ),
        extra_preferences=(
            Preference(
                kind="adjacent", weight=10, a="service-hall", b="party-activity", required=True
            ),
        ),
    )
    d = diagnose(brief, BUDGET, SETTINGS)
    assert d.verdict == "cannot be met"
    (conflict,) = d.conflicts
    assert "adjacent:service-hall:party-activity" in conflict.rules
    assert "room-floors:party-activity" in conflict.rules
    _minimal_or_said_why(d, True)
    fix = next(r for r in conflict.relaxations if r.verdict == "verified")
    assert fix.brief is not None
    _plan_passes(fix.brief)


def test_floor_assignment_follows_the_street_front_and_required_adjacency() -> None:
    # The staged search starts from this assignment: a street-front room put upstairs, or a
    # required pair split across floors, leaves it nothing to find (the diagnosis's fixes
    # "allow the service hall on floor 1 or 2" relied on it).
    brief = replace(
        _brief(
            box(0, 0, 36, 16),
            overrides=(RoomOverride("service-hall", floors=(1, 2)),),
            name="assigned",
        ),
        extra_preferences=(
            Preference(kind="adjacent", weight=1, a="reading", b="party-activity", required=True),
        ),
    )
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    usable = {lv: site.usable_m2(lv) for lv in site.levels}
    for seed in range(3):
        floors = assign_floors(req, engine, usable, 36.0, engine.stairs, seed, 5.0, True)
        assert floors is not None
        assert floors["service-hall"] == 1 and floors["display"] == 1
        assert floors["reading"] == floors["party-activity"]
