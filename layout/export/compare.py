"""The comparison of a brief's alternative plans, measured on each plan's geometry: what a
designer weighs when choosing (preferences, daylight, egress, unassigned floor, objective) and
how many rooms each alternative moved."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from constraints.diversity import SEEN_MOVE_M, least_moved
from constraints.plan_view import PlanView
from constraints.quality import measure
from constraints.rules import check_plan


@dataclass(frozen=True)
class PlanRow:
    """One plan in the comparison."""

    label: str
    objective: float
    hard_failed: int
    weight_met: int
    weight_total: int
    least_daylight_m: float | None
    longest_egress_m: float
    ground_unassigned_share: float
    moved: int | None  # fewest rooms moved compared with any earlier plan


def compare_plans(plans: list[dict[str, Any]]) -> list[PlanRow]:
    """Rows for ``plans`` (plan.json dictionaries, the first being the main plan)."""
    views = [PlanView.from_dict(p) for p in plans]
    rows = []
    for k, (data, view) in enumerate(zip(plans, views, strict=True)):
        quality = measure(view)
        daylight = [f.least_daylight_m for f in quality.floors if f.least_daylight_m is not None]
        rows.append(
            PlanRow(
                label="plan" if k == 0 else f"alternative-{k + 1}",
                objective=float(data["objective"]),
                hard_failed=sum(1 for c in check_plan(data) if c.hard and not c.passed),
                weight_met=quality.weight_met,
                weight_total=quality.weight_total,
                least_daylight_m=min(daylight) if daylight else None,
                longest_egress_m=max(f.longest_egress_m for f in quality.floors),
                ground_unassigned_share=quality.floors[0].unassigned_share,
                moved=least_moved(views, k),
            )
        )
    return rows


HEADERS = (
    "plan",
    "objective",
    "hard rules",
    "preference weight met",
    "daylight min m",
    "egress max m",
    "ground floor unassigned",
    "rooms moved",
)


def row_cells(row: PlanRow) -> tuple[str, ...]:
    return (
        row.label,
        f"{row.objective:g}",
        "all pass" if row.hard_failed == 0 else f"{row.hard_failed} failed",
        f"{row.weight_met} of {row.weight_total}",
        "–" if row.least_daylight_m is None else f"{row.least_daylight_m:.1f}",
        f"{row.longest_egress_m:.1f}",
        f"{row.ground_unassigned_share:.1%}",
        "–" if row.moved is None else str(row.moved),
    )


def comparison_markdown(rows: list[PlanRow], site: str) -> str:
    lines = [
        f"# {site}: alternatives compared",
        "",
        "Measured on each plan's geometry. *Rooms moved*: the fewest rooms an alternative puts "
        f"on another floor or at least {SEEN_MOVE_M:g} m away (centre to centre) compared with "
        "any earlier plan; each alternative is asked to move a quarter of the rooms (at least "
        "three). Each alternative's files are in its `alternative-K` folder.",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "---|" * len(HEADERS),
    ]
    lines += ["| " + " | ".join(row_cells(r)) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def write_comparison(rows: list[PlanRow], out_dir: Path, site: str) -> Path:
    """``alternatives.md`` in ``out_dir``, written whole or not at all."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "alternatives.md"
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".alternatives-", suffix=".md")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(comparison_markdown(rows, site))
    os.replace(tmp, target)
    return target
