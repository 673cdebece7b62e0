"""The command line as a user meets it: exit codes, messages, and nothing written on failure."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def onezone(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "layout.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=600,
    )


def write(tmp_path: Path, text: str, name: str = "brief.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
[site]
name = "测试"
standard = "community"
[footprint]
polygon = [[0, 0], [36, 0], [36, 16], [0, 16]]
[building]
floors = 2
[entrance]
point = [18, 0]
"""

BAD_INPUTS = {
    "malformed": ("[site\nname = 1", ""),
    "unknown-key": (GOOD + "\n[layout]\nmodul = 0.3\n", "layout.modul"),
    "bow-tie": (
        GOOD.replace(
            "[[0, 0], [36, 0], [36, 16], [0, 16]]", "[[0, 0], [36, 16], [36, 0], [0, 16]]"
        ),
        "footprint.polygon",
    ),
    "entrance-off-boundary": (GOOD.replace("point = [18, 0]", "point = [18, 5]"), "entrance.point"),
    "negative-floors": (GOOD.replace("floors = 2", "floors = -1"), "building.floors"),
    "absurd-module": (GOOD + "\n[layout]\nmodule = 40\n", "layout.module"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_brief_exits_2_with_file_field_and_fix(tmp_path: Path, case: str) -> None:
    text, field = BAD_INPUTS[case]
    brief = write(tmp_path, text)
    out = tmp_path / "out"
    result = onezone("generate", str(brief), "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert str(brief) in result.stderr
    assert field in result.stderr
    assert "fix:" in result.stderr
    assert not out.exists(), "nothing may be written for bad input"


def test_missing_brief_exits_2(tmp_path: Path) -> None:
    result = onezone("generate", str(tmp_path / "nope.toml"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "nope.toml" in result.stderr and "fix:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("flag, value", [("--time-limit", "-5"), ("--workers", "999")])
def test_bad_flags_exit_2(tmp_path: Path, flag: str, value: str) -> None:
    brief = write(tmp_path, GOOD)
    result = onezone("generate", str(brief), "-o", str(tmp_path / "out"), flag, value)
    assert result.returncode == 2
    assert flag in result.stderr and "fix:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_small_existing_space_explains_why_it_cannot_meet_the_standard(tmp_path: Path) -> None:
    result = onezone("generate", str(SAMPLES / "small-200.toml"), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # The total the standard asks for, what the footprint offers, and the shortfall.
    assert "at least 1000 m²" in result.stderr
    assert "196 m² usable" in result.stderr
    assert "short by 804 m²" in result.stderr
    assert "ground floor must hold at least 50%" in result.stderr
    # No plan is written, only the diagnosis: what conflicts and the change that was verified.
    written = sorted(p.name for p in (tmp_path / "out" / "small-200").iterdir())
    assert written == ["diagnosis.json", "diagnosis.md"]
    assert "diagnosis: the brief cannot be met" in result.stdout
    assert "✓ enlarge the footprint" in result.stdout


def test_standards_lists_both_standards_with_sources() -> None:
    result = onezone("standards")
    assert result.returncode == 0
    assert "community" in result.stdout and "street" in result.stdout
    assert "≥ 1000 m²" in result.stdout and "≥ 1500 m²" in result.stdout
    assert "LYG2018" in result.stdout


def test_default_sample_end_to_end(tmp_path: Path) -> None:
    """The README's main job: generate the default sample, then re-check what was written."""
    out = tmp_path / "out"
    result = onezone("generate", str(SAMPLES / "community-rect.toml"), "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    plan_path = out / "community-rect" / "plan.json"
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    assert plan["standard"] == "community"
    assert plan["status"] in ("OPTIMAL", "FEASIBLE")
    levels = [f["level"] for f in plan["floors"]]
    assert levels == [1, 2]
    functions = {r["function"] for f in plan["floors"] for r in f["rooms"]}
    assert {"display", "party", "deliberation", "safety", "culture", "service"} <= functions
    for line in ("Spaces per floor", "Area per function", "ground-floor share", "first plan"):
        assert line in result.stdout
    written = sorted(p.name for p in (out / "community-rect").iterdir())
    assert written == [
        "community-rect-1F.dxf",
        "community-rect-1F.png",
        "community-rect-2F.dxf",
        "community-rect-2F.png",
        "community-rect-all.dxf",
        "community-rect-overview.png",
        "plan.json",
        "report.html",
        "report.md",
    ]
    assert all(f["doors"] and f["windows"] for f in plan["floors"])
    checked = onezone("check", str(plan_path))
    assert checked.returncode == 0, checked.stdout
    assert "all hard rules pass" in checked.stdout
    assert "Layout quality per floor" in checked.stdout


def test_unknown_export_format_is_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = onezone(
        "generate", str(SAMPLES / "community-rect.toml"), "-o", str(out), "--formats", "dxf,pdf"
    )
    assert result.returncode == 2
    assert "--formats" in result.stderr and "pdf" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_ctrl_c_keeps_the_best_plan_found(tmp_path: Path) -> None:
    """Interrupting after the first plan exists writes that plan and exits normally."""
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "layout.cli",
            "generate",
            str(SAMPLES / "community-rect.toml"),
            "-o",
            str(out),
            "--time-limit",
            "300",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell running this suite in the background may hand SIGINT down as ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # Progress lines name the phase; wait for the first whole plan ("best" has a value).
    deadline = time.monotonic() + 240
    seen_plan = False
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if line.startswith("[plan]") and "best -" not in line:
            seen_plan = True
            break
    assert seen_plan, "no plan was found before the deadline"
    proc.send_signal(signal.SIGINT)
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    assert "interrupted" in stderr
    assert "Traceback" not in stderr
    assert (out / "community-rect" / "plan.json").is_file()
