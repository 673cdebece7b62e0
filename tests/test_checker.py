"""The independent checker: a small hand-made plan passes every hard rule, and each kind of
broken plan fails the rule that guards against it (and, where the break is clean, only that one).

The valid plan (no solver) is a 20 m × 10 m rectangle on two floors:

    floor 1  y 6..10 | stair | police-room | toilet-1F |  (empty, hole 15..17 × 7..9) |
             y 4..6  | corridor-1F ................................................. |
             y 0..4  | display-zone (0..8) | lobby (8..12) | service-hall (12..20)   |
                                            ^ entrance (10, 0)
    floor 2  y 6..10 | stair | reading-room (3..11) | toilet-2F (11..14) | unused-2F  |
             y 4..6  | corridor-2F ................................................. |
             y 0..4  | party-room (0..12)              | meeting-hall (12..20)      |
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from shapely import affinity
from shapely.geometry import Polygon, box

from constraints.plan_view import shared_wall_length
from constraints.requirements import Requirements
from constraints.rules import RuleResult, check_plan
from constraints.rules.structure import ENTRANCE_TOLERANCE_M
from constraints.standard import PROGRAMME_FUNCTIONS, Preference, RoomSpec
from layout.cli import main as cli_main
from layout.plan import Floor, Plan, Space

ROOT = Path(__file__).resolve().parent.parent

HARD_RULES = {
    "total-area",
    "ground-floor-share",
    "functions-present",
    "room-sizes",
    "room-floors",
    "valid-outlines",
    "inside-footprint",
    "no-overlap",
    "doors-onto-circulation",
    "circulation-connected",
    "stairs-stacked",
    "entrance-lobby",
}
ADJACENT_DISPLAY = "adjacent:display-zone:lobby"
ADJACENT_PARTY = "adjacent:party-room:meeting-hall"
SEPARATE = "separate:quiet-noisy"
FLOOR_POLICE = "floor:police-room"
SOFT_RULES = {ADJACENT_DISPLAY, ADJACENT_PARTY, SEPARATE, FLOOR_POLICE}


# ---- the hand-made valid plan ---------------------------------------------------------------
def _spec(
    room_id: str,
    function: str,
    min_area: float,
    min_side: float,
    max_aspect: float,
    floors: tuple[int, ...] | None = None,
) -> RoomSpec:
    return RoomSpec(
        id=room_id,
        function=function,
        name=room_id,
        min_area=min_area,
        max_area=min_area * 1.6,
        min_side=min_side,
        max_aspect=max_aspect,
        floors=floors,
        source="test",
    )


REQUIREMENTS = Requirements(
    standard="test",
    floors=2,
    total_min_m2=330.0,  # the plan has 344 m² (the 24 m² unused on floor 2 do not count)
    ground_share_min=0.45,  # the plan has 168 / 344 = 48.8 %
    functions=PROGRAMME_FUNCTIONS,
    rooms=(
        _spec("display-zone", "display", 20, 3, 2.5, (1,)),
        _spec("service-hall", "service", 30, 3, 2.5, (1,)),
        _spec("police-room", "safety", 20, 3, 2.5),
        _spec("party-room", "party", 36, 3, 3.5),
        _spec("meeting-hall", "deliberation", 30, 3, 2.5),
        _spec("reading-room", "culture", 30, 3, 2.5),
        _spec("toilet-1F", "toilet", 9, 2.5, 2.0, (1,)),
        _spec("toilet-2F", "toilet", 9, 2.5, 2.0, (2,)),
    ),
    preferences=(
        Preference("adjacent", 10, a="display-zone", b="lobby"),
        Preference("adjacent", 5, a="party-room", b="meeting-hall"),
        Preference("separate", 8, quiet=("party-room", "meeting-hall"), noisy=("reading-room",)),
        Preference("floor", 4, rooms=("police-room",), floors=(1,)),
    ),
    door_width_m=1.0,
    corridor_width_m=2.0,
    stairs=1,
    entrance=(10.0, 0.0),
    sources={},
)

FOOTPRINT = box(0, 0, 20, 10)
HOLE = box(15, 7, 17, 9)  # a light well on the ground floor, in its empty corner
STAIR = box(0, 6, 3, 10)
FLOOR_1 = (
    ("display-zone", "display", box(0, 0, 8, 4)),
    ("lobby", "circulation", box(8, 0, 12, 4)),
    ("service-hall", "service", box(12, 0, 20, 4)),
    ("corridor-1F", "circulation", box(0, 4, 20, 6)),
    ("stair", "stair", STAIR),
    ("police-room", "safety", box(3, 6, 9, 10)),
    ("toilet-1F", "toilet", box(9, 6, 12, 10)),
)
FLOOR_2 = (
    ("party-room", "party", box(0, 0, 12, 4)),
    ("meeting-hall", "deliberation", box(12, 0, 20, 4)),
    ("corridor-2F", "circulation", box(0, 4, 20, 6)),
    ("stair", "stair", STAIR),
    ("reading-room", "culture", box(3, 6, 11, 10)),
    ("toilet-2F", "toilet", box(11, 6, 14, 10)),
    ("unused-2F", "unused", box(14, 6, 20, 10)),
)


def valid_plan() -> dict[str, Any]:
    """A fresh valid plan dict, in the format ``onezone generate`` writes."""

    def floor(level: int, spaces: tuple, holes: tuple[Polygon, ...] = ()) -> Floor:
        footprint = Polygon(FOOTPRINT.exterior.coords, [h.exterior.coords for h in holes])
        return Floor(level, footprint, tuple(Space(i, f, i, p) for i, f, p in spaces))

    plan = Plan(
        site="test centre",
        standard="test",
        status="HANDMADE",
        objective=0.0,
        bound=0.0,
        floors=(floor(1, FLOOR_1, (HOLE,)), floor(2, FLOOR_2)),
        requirements=REQUIREMENTS,
    )
    return plan.to_dict()


# ---- helpers ---------------------------------------------------------------------------------
def results(plan: dict[str, Any]) -> dict[str, RuleResult]:
    out = {r.rule: r for r in check_plan(plan)}
    assert set(out) == HARD_RULES | SOFT_RULES
    return out


def failing_hard(plan: dict[str, Any]) -> set[str]:
    return {r.rule for r in check_plan(plan) if r.hard and not r.passed}


def describe(plan: dict[str, Any]) -> str:
    """The failed rules with their details, for assertion messages."""
    return "\n".join(
        f"{r.rule}: {r.measured} {list(r.details)}" for r in check_plan(plan) if not r.passed
    )


def assert_only_fails(plan: dict[str, Any], *rules: str) -> dict[str, RuleResult]:
    assert failing_hard(plan) == set(rules), describe(plan)
    return results(plan)


def space(plan: dict[str, Any], level: int, space_id: str) -> dict[str, Any]:
    for floor in plan["floors"]:
        if floor["level"] == level:
            for room in floor["rooms"]:
                if room["id"] == space_id:
                    return room
    raise KeyError((level, space_id))


def rooms_of(plan: dict[str, Any], level: int) -> list[dict[str, Any]]:
    return next(f["rooms"] for f in plan["floors"] if f["level"] == level)


def reshape(plan: dict[str, Any], level: int, space_id: str, polygon: Polygon) -> None:
    """Give a space a new outline, with its reported area updated as the writer would."""
    room = space(plan, level, space_id)
    room.update(Space(room["id"], room["function"], room["name"], polygon).to_dict())


def remove(plan: dict[str, Any], level: int, space_id: str) -> dict[str, Any]:
    room = space(plan, level, space_id)
    rooms_of(plan, level).remove(room)
    return room


# ---- the valid plan --------------------------------------------------------------------------
def test_valid_plan_passes_every_rule() -> None:
    plan = valid_plan()
    checked = results(plan)
    failed = [r for r in checked.values() if not r.passed]
    assert not failed, "rules that fail on the valid plan:\n" + describe(plan)
    assert {r for r, res in checked.items() if res.hard} == HARD_RULES
    assert {r for r, res in checked.items() if not res.hard} == SOFT_RULES


def test_valid_plan_is_what_the_brief_describes() -> None:
    """Guard the fixture itself: every room's area is its polygon's, rounded to 2 decimals."""
    plan = valid_plan()
    assert [f["level"] for f in plan["floors"]] == [1, 2]
    for floor in plan["floors"]:
        for room in floor["rooms"]:
            assert room["area"] == round(Polygon(room["polygon"]).area, 2)
    assert plan["requirements"]["door_width_m"] == 1.0
    assert plan["requirements"]["stairs"] == 1
    functions = {r["function"] for f in plan["floors"] for r in f["rooms"]}
    assert set(PROGRAMME_FUNCTIONS) <= functions


def test_check_plan_does_not_modify_its_input() -> None:
    plan = valid_plan()
    before = copy.deepcopy(plan)
    check_plan(plan)
    assert plan == before


# ---- geometry --------------------------------------------------------------------------------
def test_overlapping_rooms_fail_no_overlap() -> None:
    plan = valid_plan()
    reshape(plan, 1, "police-room", box(3, 6, 10, 10))  # 1 m into toilet-1F
    checked = assert_only_fails(plan, "no-overlap")
    (detail,) = checked["no-overlap"].details
    assert "police-room" in detail and "toilet-1F" in detail and "4.000" in detail


@pytest.mark.parametrize(
    ("space_id", "polygon", "spill"),
    [
        pytest.param("service-hall", box(12, 0, 21, 4), 4.0, id="past-the-outer-wall"),
        pytest.param("toilet-1F", box(13, 6, 16, 10), 2.0, id="into-the-light-well"),
    ],
)
def test_space_outside_the_footprint_fails_inside_footprint(
    space_id: str, polygon: Polygon, spill: float
) -> None:
    plan = valid_plan()
    reshape(plan, 1, space_id, polygon)
    checked = assert_only_fails(plan, "inside-footprint")
    (detail,) = checked["inside-footprint"].details
    assert detail.startswith(space_id) and f"{spill:.3f} m²" in detail


def test_bow_tie_outline_fails_valid_outlines() -> None:
    plan = valid_plan()
    room = space(plan, 1, "police-room")
    room["polygon"] = [[3.0, 6.0], [9.0, 10.0], [9.0, 6.0], [3.0, 10.0]]
    checked = results(plan)
    assert not checked["valid-outlines"].passed
    assert any(
        "police-room" in d and "self-intersecting" in d for d in checked["valid-outlines"].details
    )


def test_reported_area_differing_from_the_polygon_fails_valid_outlines() -> None:
    plan = valid_plan()
    space(plan, 1, "display-zone")["area"] = 33.0  # the polygon measures 32 m²
    checked = assert_only_fails(plan, "valid-outlines")
    assert checked["valid-outlines"].details == (
        "display-zone: reports 33.00 m², measures 32.00 m²",
    )


def test_area_rounded_to_two_decimals_passes_valid_outlines() -> None:
    plan = valid_plan()
    reshape(plan, 1, "display-zone", box(0.0013, 0, 8, 4))  # 31.9948 m², written as 31.99
    assert space(plan, 1, "display-zone")["area"] == 31.99
    assert failing_hard(plan) == set(), describe(plan)


# ---- programme -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("space_id", "polygon", "problem"),
    [
        pytest.param("service-hall", box(14, 0, 20, 4), "area 24.00 < 30.00", id="below-min-area"),
        pytest.param("toilet-1F", box(9, 6, 11.4, 10), "side 2.40 < 2.50", id="below-min-side"),
        pytest.param("display-zone", box(0, 1, 8, 4), "aspect 2.67 > 2.50", id="above-max-aspect"),
    ],
)
def test_room_of_the_wrong_size_fails_room_sizes(
    space_id: str, polygon: Polygon, problem: str
) -> None:
    plan = valid_plan()
    reshape(plan, 1, space_id, polygon)
    checked = assert_only_fails(plan, "room-sizes")
    (detail,) = checked["room-sizes"].details
    assert detail.startswith(f"{space_id}: {problem}")


def test_programme_room_missing_fails_room_sizes() -> None:
    plan = valid_plan()
    remove(plan, 2, "toilet-2F")
    checked = assert_only_fails(plan, "room-sizes")
    assert checked["room-sizes"].details == ("toilet-2F: found 0 times, expected once",)


def test_room_on_a_floor_not_allowed_fails_room_floors() -> None:
    """Swap the ground-floor service hall with the upstairs meeting hall (same outline)."""
    plan = valid_plan()
    hall = remove(plan, 1, "service-hall")
    meeting = remove(plan, 2, "meeting-hall")
    rooms_of(plan, 1).append(meeting)
    rooms_of(plan, 2).append(hall)
    checked = assert_only_fails(plan, "room-floors")
    (detail,) = checked["room-floors"].details
    assert detail.startswith("service-hall on floor 2")


def test_function_missing_fails_functions_present() -> None:
    plan = valid_plan()
    space(plan, 2, "reading-room")["function"] = "support"  # no culture room left
    checked = assert_only_fails(plan, "functions-present")
    assert checked["functions-present"].measured == "missing: culture"


def test_total_below_minimum_fails_total_area() -> None:
    """Shrink two rooms to their minimum areas: 344 → 320 m² < 330 m² (unused space excluded)."""
    plan = valid_plan()
    reshape(plan, 1, "display-zone", box(3, 0, 8, 4))
    reshape(plan, 2, "party-room", box(0, 0, 9, 4))
    checked = assert_only_fails(plan, "total-area")
    assert checked["total-area"].measured == "320.00 m²"


def test_ground_share_below_minimum_fails_ground_floor_share() -> None:
    """Move the police room upstairs, onto the unused corner: 144 / 344 = 41.9 % < 45 %."""
    plan = valid_plan()
    police = remove(plan, 1, "police-room")
    remove(plan, 2, "unused-2F")
    rooms_of(plan, 2).append(police)
    reshape(plan, 2, "police-room", box(14, 6, 20, 10))
    checked = assert_only_fails(plan, "ground-floor-share")
    assert checked["ground-floor-share"].measured.startswith("41.9%")
    # The floor preference of the police room is missed as well, at its weight.
    floor_pref = checked[FLOOR_POLICE]
    assert (floor_pref.passed, floor_pref.hard, floor_pref.weight) == (False, False, 4)


# ---- circulation -----------------------------------------------------------------------------
def _l_shaped_toilet(contact: float) -> Polygon:
    """toilet-1F (9..12 × 6..10) with only ``contact`` metres of its wall on the corridor."""
    return Polygon([(9, 6), (9 + contact, 6), (9 + contact, 6.5), (12, 6.5), (12, 10), (9, 10)])


@pytest.mark.parametrize(
    ("space_id", "polygon", "measured"),
    [
        pytest.param("police-room", box(3, 6.5, 9, 10), "0.00 m", id="not-touching"),
        pytest.param("toilet-1F", _l_shaped_toilet(0.8), "0.80 m", id="narrower-than-a-door"),
    ],
)
def test_room_without_a_door_wide_wall_fails_doors_onto_circulation(
    space_id: str, polygon: Polygon, measured: str
) -> None:
    plan = valid_plan()
    reshape(plan, 1, space_id, polygon)
    checked = assert_only_fails(plan, "doors-onto-circulation")
    assert checked["doors-onto-circulation"].details == (
        f"{space_id} (floor 1): {measured} onto circulation",
    )


def test_wall_exactly_a_door_wide_passes_doors_onto_circulation() -> None:
    plan = valid_plan()
    reshape(plan, 1, "toilet-1F", _l_shaped_toilet(1.0))
    assert failing_hard(plan) == set(), describe(plan)


def test_circulation_split_in_two_fails_circulation_connected() -> None:
    """A 1 m gap in the upstairs corridor: every room still has its door, the network breaks."""
    plan = valid_plan()
    remove(plan, 2, "corridor-2F")
    rooms_of(plan, 2).extend(
        [
            Space("corridor-2F-a", "circulation", "", box(0, 4, 9.5, 6)).to_dict(),
            Space("corridor-2F-b", "circulation", "", box(10.5, 4, 20, 6)).to_dict(),
        ]
    )
    checked = assert_only_fails(plan, "circulation-connected")
    (detail,) = checked["circulation-connected"].details
    assert detail.startswith("floor 2: 2 parts")


def test_corridor_in_two_touching_pieces_passes_circulation_connected() -> None:
    plan = valid_plan()
    remove(plan, 2, "corridor-2F")
    rooms_of(plan, 2).extend(
        [
            Space("corridor-2F-a", "circulation", "", box(0, 4, 10, 6)).to_dict(),
            Space("corridor-2F-b", "circulation", "", box(10, 4, 20, 6)).to_dict(),
        ]
    )
    assert failing_hard(plan) == set(), describe(plan)


def test_stair_moved_on_the_upper_floor_fails_stairs_stacked() -> None:
    plan = valid_plan()
    reshape(plan, 2, "stair", box(14, 6, 17, 10))
    reshape(plan, 2, "unused-2F", box(17, 6, 20, 10))
    checked = assert_only_fails(plan, "stairs-stacked")
    assert checked["stairs-stacked"].details == ("stair moves between floors",)


def test_stair_missing_on_the_upper_floor_fails_stairs_stacked() -> None:
    plan = valid_plan()
    remove(plan, 2, "stair")
    checked = assert_only_fails(plan, "stairs-stacked")
    assert checked["stairs-stacked"].details == ("stair serves floors [1], building has [1, 2]",)


def test_no_stair_at_all_fails_stairs_stacked() -> None:
    plan = valid_plan()
    space(plan, 1, "stair")["function"] = "support"  # a store room, on both floors
    space(plan, 2, "stair")["function"] = "support"
    checked = assert_only_fails(plan, "stairs-stacked")
    assert checked["stairs-stacked"].details == ("0 stairs, required 1",)


@pytest.mark.parametrize(
    ("entrance", "passes"),
    [
        pytest.param((16.0, 10.0), False, id="far-side"),
        pytest.param((8.0 - ENTRANCE_TOLERANCE_M - 0.1, 0.0), False, id="just-beyond-tolerance"),
        pytest.param((8.0 - ENTRANCE_TOLERANCE_M + 0.1, 0.0), True, id="within-tolerance"),
    ],
)
def test_entrance_away_from_circulation_fails_entrance_lobby(
    entrance: tuple[float, float], passes: bool
) -> None:
    plan = valid_plan()
    plan["requirements"]["entrance"] = list(entrance)
    assert failing_hard(plan) == (set() if passes else {"entrance-lobby"}), describe(plan)


def test_entrance_counts_only_ground_floor_circulation() -> None:
    """Upstairs circulation right above the entrance point does not make a ground-floor lobby."""
    plan = valid_plan()
    plan["requirements"]["entrance"] = [16.0, 10.0]  # 4 m from the ground-floor corridor
    space(plan, 2, "unused-2F")["function"] = "circulation"  # an upstairs gallery at the point
    checked = assert_only_fails(plan, "entrance-lobby")
    assert checked["entrance-lobby"].measured == "4.00 m"


# ---- preferences (soft rules) ----------------------------------------------------------------
def test_missed_adjacency_is_reported_with_its_weight() -> None:
    plan = valid_plan()
    reshape(plan, 1, "display-zone", box(0, 0, 7.5, 4))  # 0.5 m short of the lobby
    checked = assert_only_fails(plan)
    missed = checked[ADJACENT_DISPLAY]
    assert (missed.passed, missed.hard, missed.weight) == (False, False, 10)
    assert missed.measured == "0.00 m"
    assert checked[ADJACENT_PARTY].passed


def test_quiet_room_next_to_noisy_room_is_reported_by_separate() -> None:
    """Swap the reading room (noisy) and the meeting hall: reading now shares a wall with the
    party room (quiet)."""
    plan = valid_plan()
    reading, meeting = space(plan, 2, "reading-room"), space(plan, 2, "meeting-hall")
    reading["polygon"], meeting["polygon"] = meeting["polygon"], reading["polygon"]
    checked = assert_only_fails(plan)
    separate = checked[SEPARATE]
    assert (separate.passed, separate.hard, separate.weight) == (False, False, 8)
    assert separate.details == ("party-room / reading-room: 4.00 m",)


# ---- shared_wall_length ----------------------------------------------------------------------
UNIT = box(0, 0, 1, 1)


@pytest.mark.parametrize("angle", [0.0, 20.0])
@pytest.mark.parametrize(
    ("other", "expected"),
    [
        pytest.param(box(1, 0, 2, 1), 1.0, id="shared-edge"),
        pytest.param(box(1, 0.5, 2, 1.5), 0.5, id="half-an-edge"),
        # T-junctions: one square's corners lie on the other's edge only up to float noise
        # once rotated, so an exact boundary intersection misses them.
        pytest.param(box(1, -0.5, 2, 1.5), 1.0, id="longer-neighbour"),
        pytest.param(box(1, 0.1, 1.7, 0.9), 0.8, id="shorter-neighbour"),
        pytest.param(box(1, 1, 2, 2), 0.0, id="corner-only"),
        pytest.param(box(2, 0, 3, 1), 0.0, id="apart"),
        pytest.param(box(1.01, 0, 2, 1), 0.0, id="a-centimetre-apart"),
    ],
)
def test_shared_wall_length(other: Polygon, expected: float, angle: float) -> None:
    a = affinity.rotate(UNIT, angle, origin=(0, 0))
    b = affinity.rotate(other, angle, origin=(0, 0))
    assert shared_wall_length(a, b) == pytest.approx(expected, abs=1e-6)
    assert shared_wall_length(b, a) == pytest.approx(expected, abs=1e-6)


# ---- the command line ------------------------------------------------------------------------
def _broken_plan() -> dict[str, Any]:
    plan = valid_plan()
    reshape(plan, 1, "police-room", box(3, 6, 10, 10))  # overlaps toilet-1F
    return plan


CLI_CASES: dict[str, tuple[str, str | None]] = {
    # case: (file name, content; None = the file does not exist)
    "valid": ("plan.json", json.dumps(valid_plan(), ensure_ascii=False)),
    "broken": ("broken-plan.json", json.dumps(_broken_plan(), ensure_ascii=False)),
    "not-json": ("garbled-plan.json", '{"floors": [1, 2,'),
    "not-a-plan": ("some-settings.json", json.dumps({"site": "x", "rooms": []})),
    "missing": ("no-such-plan.json", None),
}


class CliRuns:
    """``onezone check`` on every case, started together in the background: each start
    imports the solver (about a second), so they run while the other tests do."""

    def __init__(self, folder: Path) -> None:
        self.started: dict[str, tuple[Path, subprocess.Popen[str]]] = {}
        self.done: dict[str, tuple[Path, subprocess.CompletedProcess[str]]] = {}
        for case, (name, content) in CLI_CASES.items():
            path = folder / name
            if content is not None:
                path.write_text(content, encoding="utf-8")
            proc = subprocess.Popen(
                [sys.executable, "-m", "layout.cli", "check", str(path)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            self.started[case] = (path, proc)

    def __getitem__(self, case: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
        if case not in self.done:
            path, proc = self.started[case]
            out, err = proc.communicate(timeout=120)
            self.done[case] = (
                path,
                subprocess.CompletedProcess(proc.args, proc.returncode, out, err),
            )
        return self.done[case]

    def close(self) -> None:
        for _, proc in self.started.values():
            if proc.poll() is None:
                proc.kill()
            proc.communicate()


@pytest.fixture(scope="module", autouse=True)
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliRuns]:
    runs = CliRuns(tmp_path_factory.mktemp("cli"))
    yield runs
    runs.close()


def _table_rule_titles(stdout: str) -> list[str]:
    """The rule column of the rich table, with wrapped titles joined again."""
    titles: list[str] = []
    for line in stdout.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if cells[1]:  # the kind column starts a row
            titles.append(cells[0])
        elif cells[0]:
            titles[-1] += " " + cells[0]
    return titles


def test_cli_check_of_a_valid_plan_exits_0_and_names_every_rule(cli_runs: CliRuns) -> None:
    _, run = cli_runs["valid"]
    assert run.returncode == 0, run.stdout + run.stderr
    assert "all hard rules pass" in run.stdout
    expected = [r.title for r in check_plan(valid_plan())]
    assert _table_rule_titles(run.stdout) == expected
    assert "Traceback" not in run.stderr


def test_cli_check_of_a_broken_plan_exits_1(cli_runs: CliRuns) -> None:
    _, run = cli_runs["broken"]
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 hard rule(s) fail" in run.stdout
    assert "no-overlap: police-room / toilet-1F" in run.stdout
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("case", ["not-json", "not-a-plan", "missing"])
def test_cli_check_of_bad_input_exits_2_with_file_and_fix(cli_runs: CliRuns, case: str) -> None:
    path, run = cli_runs[case]
    assert run.returncode == 2, run.stdout + run.stderr
    assert path.name in run.stderr
    assert "fix" in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize(
    "content",
    [
        pytest.param({"floors": [], "requirements": {}}, id="empty-floors-and-requirements"),
        pytest.param({"floors": "1F", "requirements": []}, id="wrong-types"),
        pytest.param([valid_plan()], id="plan-inside-a-list"),
        pytest.param({**valid_plan(), "requirements": {"floors": 2}}, id="requirements-cut-short"),
    ],
)
def test_cli_check_of_plan_shaped_garbage_exits_2(
    content: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In-process (fast); an exception escaping ``main`` would fail the test."""
    path = tmp_path / "hollow-plan.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    assert cli_main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert path.name in err and "fix" in err


def _bow_tie_footprint(plan: dict[str, Any]) -> None:
    plan["floors"][0]["footprint"] = [[0.0, 0.0], [20.0, 10.0], [20.0, 0.0], [0.0, 10.0]]


def _nan_coordinate(plan: dict[str, Any]) -> None:
    space(plan, 1, "display-zone")["polygon"][1][0] = float("nan")


def _infinite_level(plan: dict[str, Any]) -> None:
    plan["floors"][1]["level"] = float("inf")


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(_bow_tie_footprint, id="self-intersecting-footprint"),
        pytest.param(
            _nan_coordinate,
            marks=pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning"),
            id="nan-coordinate",
        ),
        pytest.param(_infinite_level, id="infinite-level"),
    ],
)
def test_cli_check_of_malformed_geometry_never_raises(
    mutate, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Malformed numbers or outlines end in exit 1 (a rule fails) or 2 (bad input), never in
    a traceback. In-process, so that the uncaught exception itself shows."""
    plan = valid_plan()
    mutate(plan)
    path = tmp_path / "odd-plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    code = cli_main(["check", str(path)])
    assert code in (1, 2)
    if code == 2:
        assert path.name in capsys.readouterr().err


def test_zero_area_outline_fails_valid_outlines() -> None:
    plan = valid_plan()
    space(plan, 1, "police-room")["polygon"] = [[3.0, 6.0], [9.0, 6.0], [6.0, 6.0]]
    checked = results(plan)
    assert not checked["valid-outlines"].passed
