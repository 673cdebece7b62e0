"""Deterministic runs: the same brief, seed and settings give a byte-identical plan.json, even
in separate processes with different string hashing (set and dict order of names)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Deterministic seconds: enough for the default sample to give a plan.
DETERMINISTIC_LIMIT = "4"


def _generate(out: Path, hash_seed: str) -> subprocess.Popen[str]:
    env = os.environ | {"PYTHONHASHSEED": hash_seed}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "layout.cli",
            "generate",
            "samples/community-rect.toml",
            "--deterministic",
            "--time-limit",
            DETERMINISTIC_LIMIT,
            "--formats",
            "none",
            "-o",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_deterministic_runs_write_byte_identical_plans(tmp_path: Path) -> None:
    # One search worker each: the two runs can share the machine's cores.
    runs = [_generate(tmp_path / f"run{k}", seed) for k, seed in enumerate(("1", "2"))]
    outputs = [run.communicate(timeout=900) for run in runs]
    for run, (stdout, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode in (0, 1), stderr[-2000:] + stdout[-2000:]
    plans = [(tmp_path / f"run{k}" / "community-rect" / "plan.json") for k in range(2)]
    assert all(p.exists() for p in plans), outputs
    first, second = (p.read_bytes() for p in plans)
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
    record = json.loads(first)["solver"]
    assert record["deterministic"] is True and record["workers"] == 1
    assert "wall_time" not in record and "timings" not in record
    assert set(record["versions"]) >= {"ortools", "shapely", "python"}
