"""An accessible lift where the brief asks for one: one shaft at the same place on every floor,
its door opening onto circulation deep enough for the landing; the checker finds a shaft that
moves, one missing upstairs and a door without its landing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from constraints.rules import check_plan
from layout import generate
from layout.brief import load_brief
from layout.diagnose import rule_groups
from layout.programme import build_programme

BRIEF = """
[site]
name = "lift"
standard = "community"
[footprint]
polygon = [[0, 0], [36, 0], [36, 20], [0, 20]]
[building]
floors = 2
[entrance]
point = [18, 0]
[layout]
lift = true
[solver]
time_limit = 25
seed = 0
"""


def _lift_result(plan: dict) -> tuple[bool, tuple[str, ...]]:
    (result,) = [r for r in check_plan(plan) if r.rule == "lift"]
    return result.passed, result.details


@pytest.fixture(scope="module")
def lift_plan(tmp_path_factory: pytest.TempPathFactory) -> dict:
    path = Path(tmp_path_factory.mktemp("lift")) / "lift.toml"
    path.write_text(BRIEF, encoding="utf-8")
    result = generate(path)
    assert result.plan is not None, result.reasons
    return json.loads(json.dumps(result.plan.to_dict()))


def test_the_plan_has_its_lift_on_every_floor_and_passes_every_hard_rule(lift_plan) -> None:
    assert lift_plan["requirements"]["lift"] is True
    failed = [r.rule for r in check_plan(lift_plan) if r.hard and not r.passed]
    assert failed == []
    shafts = [
        [s for s in floor["rooms"] if s["function"] == "lift"] for floor in lift_plan["floors"]
    ]
    assert [len(s) for s in shafts] == [1, 1]
    assert shafts[0][0]["polygon"] == shafts[1][0]["polygon"]
    for floor in lift_plan["floors"]:
        assert any("lift" in (d["space"], d["to"]) for d in floor["doors"])


def test_the_checker_finds_a_lift_that_moves_or_is_missing_upstairs(lift_plan) -> None:
    moved = copy.deepcopy(lift_plan)
    shaft = next(s for s in moved["floors"][1]["rooms"] if s["function"] == "lift")
    shaft["polygon"] = [[x + 1.0, y] for x, y in shaft["polygon"]]
    passed, details = _lift_result(moved)
    assert not passed and any("moves" in d for d in details), details

    missing = copy.deepcopy(lift_plan)
    upstairs = missing["floors"][1]
    upstairs["rooms"] = [s for s in upstairs["rooms"] if s["function"] != "lift"]
    passed, details = _lift_result(missing)
    assert not passed and any("0 lift shafts" in d for d in details), details


def test_the_checker_finds_a_lift_door_without_its_landing(lift_plan) -> None:
    shut = copy.deepcopy(lift_plan)
    ground = shut["floors"][0]
    ground["doors"] = [d for d in ground["doors"] if "lift" not in (d["space"], d["to"])]
    passed, details = _lift_result(shut)
    assert not passed and any("floor 1: no landing" in d for d in details), details


def test_the_diagnosis_can_switch_the_lift_off(tmp_path: Path) -> None:
    path = tmp_path / "lift.toml"
    path.write_text(BRIEF, encoding="utf-8")
    req = build_programme(load_brief(path))[0]
    assert req.lift
    (group,) = [g for g in rule_groups(req) if g.id == "lift"]
    assert group.off(req).lift is False
    unasked = path.read_text(encoding="utf-8").replace("lift = true", "")
    path.write_text(unasked, encoding="utf-8")
    assert not any(g.id == "lift" for g in rule_groups(build_programme(load_brief(path))[0]))
