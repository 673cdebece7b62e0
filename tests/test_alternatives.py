"""Alternatives: the diversity measure on plan geometry, and ``--alternatives`` end to end
(each alternative checked, moving at least the rooms the measure asks for)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from shapely import affinity
from shapely.geometry import Polygon

from constraints.diversity import least_moved, moved_rooms
from constraints.plan_view import PlanView
from constraints.rules import check_plan
from layout.model.difference import moved_needed

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "tests" / "data" / "plan-community-rect.json"


def _plan() -> dict[str, Any]:
    return json.loads(PLAN.read_text(encoding="utf-8"))


def _room(plan: dict[str, Any], level: int, room_id: str) -> dict[str, Any]:
    floor = next(f for f in plan["floors"] if f["level"] == level)
    return next(r for r in floor["rooms"] if r["id"] == room_id)


def _shift(plan: dict[str, Any], level: int, room_id: str, dx: float) -> None:
    room = _room(plan, level, room_id)
    room["polygon"] = [
        list(c) for c in affinity.translate(Polygon(room["polygon"]), dx).exterior.coords[:-1]
    ]


def test_moved_rooms_counts_other_floors_and_far_moves_only() -> None:
    before = _plan()
    after = copy.deepcopy(before)
    _shift(after, 1, "reading", 7.0)  # far: moved
    _shift(after, 1, "police", 1.0)  # a small shift: not moved
    nursing = _room(after, 1, "nursing")  # to the floor above: moved
    next(f for f in after["floors"] if f["level"] == 1)["rooms"].remove(nursing)
    next(f for f in after["floors"] if f["level"] == 2)["rooms"].append(nursing)
    a, b = PlanView.from_dict(before), PlanView.from_dict(after)
    assert sorted(moved_rooms(a, b)) == ["nursing", "reading"]
    assert moved_rooms(a, a) == []
    assert least_moved([a, b], 0) is None
    assert least_moved([a, b], 1) == 2
    assert least_moved([a, b, a], 2) == 0  # the same as the first plan


def test_alternatives_are_checked_and_move_enough_rooms(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "layout.cli",
            "generate",
            "samples/community-rect.toml",
            "--alternatives",
            "2",
            "--time-limit",
            "60",  # the default: an alternative is a harder search than the first plan
            "--formats",
            "png",
            "-o",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    folder = tmp_path / "community-rect"
    plans = [folder / "plan.json", folder / "alternative-2" / "plan.json"]
    assert all(p.exists() for p in plans), proc.stdout[-3000:]
    assert (folder / "alternative-2" / "community-rect-alt2-1F.png").exists()
    data = [json.loads(p.read_text(encoding="utf-8")) for p in plans]
    for plan in data:
        failed = [c.rule for c in check_plan(plan) if c.hard and not c.passed]
        assert not failed, failed
    views = [PlanView.from_dict(d) for d in data]
    needed = moved_needed(len(views[0].requirements.rooms))
    moved = moved_rooms(views[0], views[1])
    assert len(moved) >= needed, (moved, needed)
    table = (folder / "alternatives.md").read_text(encoding="utf-8")
    assert "| plan |" in table and "| alternative-2 |" in table
    assert f"| {len(moved)} |" in table
