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
            }
        )
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| sample | standard | floors | status | first valid plan (s) | total (s) "
        "| objective | bound | hard rules | preferences met |",
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--write", type=Path, default=None, help="markdown file to write")
    args = parser.parse_args()
    rows = measure(args.time_limit)
    text = table(rows)
    print(text)
    if args.write:
        limit = f"{args.time_limit:g} s" if args.time_limit else "each brief's own (60 s)"
        machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
        args.write.write_text(
            "# Benchmarks\n\n"
            "## Bundled samples\n\n"
            f"Measured {date.today().isoformat()} on {machine}, Python "
            f"{platform.python_version()}, time limit {limit}, seed 0, all cores, with\n\n"
            "```\n.venv/bin/python -m benchmarks.samples --write docs/benchmarks.md\n```\n\n"
            "*First valid plan* is the time from the start of the run to the first complete "
            "plan that satisfies every hard rule of the model (the independent checker then "
            "re-checks the final plan: *hard rules* counts its passes). The objective counts "
            "grid cells of 0.09 m²: corridor area, twice the unfilled ground-floor area, and "
            "for each unit of missed preference weight the cells of 10 m²; the bound is "
            "CP-SAT's proven lower bound at the end of the run.\n\n"
            f"{text}\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
