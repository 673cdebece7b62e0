"""Writing a plan's files together: plan.json and the chosen exports, all or nothing.

Everything is written into a fresh folder beside the target first and moved into place only
when every file is complete, so an error or Ctrl-C never leaves a half-written set.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from layout.export.dxf import write_dxf
from layout.export.png import write_previews
from layout.export.report import write_reports

Writer = Callable[[dict, Path, str], list[Path]]

#: Export formats by name, in the order they are written (reports link to the previews).
FORMATS: dict[str, Writer] = {
    "dxf": write_dxf,
    "png": write_previews,
    "report": write_reports,
}


def parse_formats(text: str) -> list[str]:
    """A comma-separated list of format names ("all" for every one); raises ValueError."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    if names == ["all"]:
        return list(FORMATS)
    if names == ["none"]:
        return []
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise ValueError(", ".join(unknown) or "(empty)")
    return [n for n in FORMATS if n in names]


def write_plan_files(
    plan: dict[str, Any], out_dir: Path, stem: str, formats: list[str]
) -> list[Path]:
    """Write plan.json and the exports into ``out_dir``; returns the paths written."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}-"))
    try:
        with (staging / "plan.json").open("w", encoding="utf-8") as fh:
            json.dump(plan, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        for name in formats:
            FORMATS[name](plan, staging, stem)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for path in sorted(staging.iterdir()):
            target = out_dir / path.name
            os.replace(path, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
