"""Time to the first valid plan, final objective and bound for every bundled sample.

Run: ``.venv/bin/python -m benchmarks.samples [--time-limit S] [--write docs/benchmarks.md]``.
Each sample runs with its own settings (default time limit 60 s, seed 0, all cores) unless
``--time-limit`` is given. Timings depend on the machine and its load: the numbers in
``docs/benchmarks.md`` say where they were measured.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from datetime import date
from pathlib import Path

from benchmarks.markdown import replace_section
from constraints.plan_view import PlanView
from constraints.quality import PlanQuality
from constraints.quality import measure as measure_quality
from layout import generate
from layout.brief import load_brief

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.toml"))


def measure(time_limit: float | None) -> list[dict[str, object]]:
    rows = []
    for path in SAMPLES:
        brief = load_brief(path)
        result = generate(brief, time_limit=time_limit, seed=0)
        hard = [c for c in result.checks if c.hard]
        prefs = [c for c in result.checks if not c.hard]
        quality = (
            measure_quality(PlanView.from_dict(result.plan.to_dict())) if result.plan else None
        )
        rows.append(
            {
                "sample": path.stem,
                "standard": brief.standard,
                "floors": brief.floors,
                "status": result.status,
                "first": result.timings.get("first_solution"),
                "total": result.timings.get("total"),
                "objective": result.objective,
                "bound": result.bound,
                "hard": f"{sum(c.passed for c in hard)}/{len(hard)}" if hard else "-",
                "prefs": f"{sum(c.passed for c in prefs)}/{len(prefs)}" if prefs else "-",
                "limit": time_limit if time_limit is not None else brief.solver.time_limit,
                "final": result.timings.get("last_solution"),
                "quality": quality,
            }
        )
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| sample | standard | floors | status | first valid plan (s) | total (s) "
        "| objective | bound | hard rules | soft rules met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        first = f"{r['first']:.1f}" if r["first"] is not None else "-"
        objective = f"{r['objective']:g}" if r["objective"] is not None else "-"
        bound = f"{r['bound']:g}" if r["bound"] is not None else "-"
        lines.append(
            f"| {r['sample']} | {r['standard']} | {r['floors']} | {r['status']} | {first} "
            f"| {r['total']:.1f} | {objective} | {bound} | {r['hard']} | {r['prefs']} |"
        )
    return "\n".join(lines)


def quality_table(rows: list[dict[str, object]]) -> str:
    """Layout quality of each sample's final plan (measured by the independent checker)."""
    lines = [
        "| sample | hard rules | preference weight met | ground floor unassigned "
        "| fragments < 6 m² | upper-floor unused pieces | longest egress (m) "
        "| first valid plan (s) | final plan (s) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        q = r["quality"]
        if not isinstance(q, PlanQuality):
            lines.append(f"| {r['sample']} | no plan ({r['status']}) | | | | | | | |")
            continue
        ground = q.floors[0]
        upper = "-"
        if len(q.floors) > 1:
            upper = ", ".join(str(f.unused_pieces) for f in q.floors[1:])
        first = f"{r['first']:.1f}" if r["first"] is not None else "-"
        final = f"{r['final']:.1f}" if r["final"] is not None else "-"
        lines.append(
            f"| {r['sample']} | {r['hard']} | {q.weight_met}/{q.weight_total} "
            f"({q.preference_score:.0%}) | {ground.unassigned_share:.1%} "
            f"| {sum(f.fragments for f in q.floors)} | {upper} "
            f"| {max(f.longest_egress_m for f in q.floors):.1f} | {first} | {final} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--write", type=Path, default=None, help="markdown file to write")
    args = parser.parse_args()
    rows = measure(args.time_limit)
    text = table(rows)
    quality = quality_table(rows)
    print(text)
    print(quality)
    if args.write:
        limit = f"{args.time_limit:g} s" if args.time_limit else "each brief's own (60 s)"
        machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
        if not args.write.exists():
            args.write.write_text("# Benchmarks\n", encoding="utf-8")
        body = (
            "## Bundled samples\n\n"
            f"Measured {date.today().isoformat()} on {machine}, Python "
            f"{platform.python_version()}, time limit {limit}, seed 0, all cores, with\n\n"
            "```\n.venv/bin/python -m benchmarks.samples --write docs/benchmarks.md\n```\n\n"
            "*First valid plan* is the time from the start of the run to the first complete "
            "plan that satisfies every hard rule of the model (the independent checker then "
            "re-checks the final plan: *hard rules* counts its passes). The objective counts "
            "grid cells of 0.09 m²: corridor area, twice the unfilled ground-floor area (and "
            "three preference units per m² short of the ground floor's required use), "
            "for each unit of missed preference weight the cells of 10 m², and about one unit "
            "per m² of upper floor left to neither the centre nor its unused block (a "
            "rectangle or an L); the bound is CP-SAT's proven lower bound at the end of the "
            "run.\n\n"
            f"{text}\n\n"
            "### Layout quality\n\n"
            "Measured on each final plan by the independent checker (`constraints/quality.py`, "
            "the table `onezone check` prints): hard rules passed, share of the preferences' "
            "weight met, unassigned share of the ground floor, leftover pieces under 6 m², "
            "separate unused pieces per upper floor (1 is the goal), the longest walk from a "
            "room door to an exit; *final plan* is when the last improving plan was found.\n\n"
            f"{quality}\n\n"
            "One run per sample under a wall-clock limit with all cores: repeated runs find "
            "different plans, and the quality columns move between runs.\n"
        )
        replace_section(args.write, "samples", body)


if __name__ == "__main__":
    main()
