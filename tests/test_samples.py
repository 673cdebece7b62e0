"""Every bundled sample runs as a designer would run it, and its plan passes the checker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from constraints.plan_view import AREA_EPS
from constraints.rules import check_plan
from layout import Result, generate

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FEASIBLE = ["corner-l"]  # community-rect runs in test_cli; street-3f, courtyard below


@pytest.mark.parametrize("name", FEASIBLE)
def test_sample_gives_a_plan_that_passes_every_hard_rule(name: str) -> None:
    result = generate(SAMPLES / f"{name}.toml", seed=0)
    assert result.plan is not None, (result.reasons, result.phases)
    failed = [(c.rule, c.details) for c in result.checks if c.hard and not c.passed]
    assert not failed
    # The written form alone gives the same verdict.
    again = check_plan(json.loads(json.dumps(result.plan.to_dict())))
    assert [c.passed for c in again] == [c.passed for c in result.checks]


def hard_failures(result: Result) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.rule, c.details) for c in result.checks if c.hard and not c.passed]


def test_street_sample_is_a_three_floor_sub_district_centre() -> None:
    result = generate(SAMPLES / "street-3f.toml", seed=0)
    assert result.plan is not None, (result.reasons, result.phases)
    assert not hard_failures(result)
    assert [f.level for f in result.plan.floors] == [1, 2, 3]
    assert [c.passed for c in result.checks if c.rule == "lift"] == [True]  # it asks for one
    total = sum(s.area for _lv, s in result.plan.spaces() if s.function != "unused")
    assert total >= 1500 - 1e-6


def test_courtyard_sample_reports_exact_areas_and_keeps_out_of_the_courtyard() -> None:
    result = generate(SAMPLES / "courtyard.toml", seed=0)
    assert result.plan is not None, (result.reasons, result.phases)
    assert not hard_failures(result)
    ground = result.plan.floors[0]
    assert ground.footprint.interiors, "the courtyard is a hole in the footprint"
    courtyard = ground.footprint.interiors[0]
    for space in ground.spaces:
        overlap = space.polygon.intersection(type(space.polygon)(courtyard)).area
        assert overlap < AREA_EPS, space.id
    # Spaces and unused floor space together cover the whole floor, exactly.
    covered = sum(s.area for s in ground.spaces)
    assert covered == pytest.approx(ground.footprint.area, abs=0.01)


def test_small_sample_is_infeasible_with_reasons() -> None:
    result = generate(SAMPLES / "small-200.toml")
    assert result.plan is None
    assert result.status == "INFEASIBLE"
    assert any("short by" in r for r in result.reasons)
