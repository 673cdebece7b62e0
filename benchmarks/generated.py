"""How often the measured design rules fail on generated briefs: the briefs of the property
tests (``tests/test_properties.py``: random footprints, rectilinear, slanted, turned and with
courtyards, on 1–3 floors), drawn from a fixed Hypothesis seed and solved at the property
tests' time limit; for every rule the checker measures but the engine does not guarantee,
the number of plans that fail it.

Run: ``.venv/bin/python -m benchmarks.generated [--briefs 30] [--seed 1] [--time-limit 10]
[--write docs/benchmarks.md] [--details failures.jsonl]``. ``--details`` writes one JSON line
per brief: the brief as the property tests describe it (enough to rebuild it), the status, and
each failed measured rule with its measurement and details, to replay and look at a failure.

The property tests assert that every plan passes the hard rules; this counts the rest, the
rules a designer still checks by eye. Timing decides how far each search gets, so the counts
move between runs by a few plans.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from shapely.geometry import box

from benchmarks.markdown import replace_section

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_properties import describe, feasible_briefs, make_brief, run

from constraints.rules import build_rules
from layout.programme import build_programme

SECTION = "generated"  # its section of docs/benchmarks.md (benchmarks.markdown)
#: Rule ids of the preferences (scored by weight, not counted here).
PREFERENCES = ("adjacent:", "floor:", "separate:")


def measured_rules() -> list[tuple[str, str]]:
    """(id, title) of the checker's rules that are measured, not hard (preferences left out)."""
    brief = make_brief(box(0, 0, 36, 21), 2, 0.8)  # any brief: the rules are the standard's
    req, _engine, _standard = build_programme(brief)
    rules = build_rules(req)
    return [(r.id, r.title) for r in rules.all() if not r.hard and not r.id.startswith(PREFERENCES)]


def tally(
    briefs: int, draw_seed: int, time_limit: float, details: Path | None = None
) -> tuple[Counter[str], Counter[str]]:
    """Outcomes (status counts) and, over the plans, how many fail each rule; with
    ``details``, one JSON line per brief written there."""
    outcomes: Counter[str] = Counter()
    failing: Counter[str] = Counter()

    @seed(draw_seed)
    @settings(
        max_examples=briefs,
        phases=[Phase.generate],
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(feasible_briefs())
    def one(brief) -> None:
        result = run(brief, time_limit=time_limit)
        outcomes[result.status if result.plan is None else "plan"] += 1
        if details is not None:
            failed = {
                c.rule: {"measured": c.measured, "details": list(c.details)}
                for c in result.checks
                if not c.passed and not c.rule.startswith(PREFERENCES)
            }
            line = {"brief": describe(brief), "status": result.status, "failed": failed}
            with details.open("a", encoding="utf-8") as out:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        if result.plan is None:
            return
        for check in result.checks:
            if not check.passed:
                failing[check.rule] += 1
        hard = [c.rule for c in result.checks if c.hard and not c.passed]
        if hard:
            failing["(any hard rule)"] += 1
        print(f"  {result.status} {brief.floors} floor(s): " + ", ".join(hard), flush=True)

    one()
    return outcomes, failing


def table(outcomes: Counter[str], failing: Counter[str], rules: list[tuple[str, str]]) -> str:
    plans = outcomes["plan"]
    lines = ["| rule | plans failing it |", "|---|---|"]
    lines.append(f"| any hard rule | {failing['(any hard rule)']} of {plans} |")
    for rid, title in rules:
        lines.append(f"| {rid}: {title} | {failing[rid]} of {plans} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--write", type=Path, default=None)
    parser.add_argument("--details", type=Path, default=None)
    args = parser.parse_args(argv)
    rules = measured_rules()
    if args.details is not None:
        args.details.write_text("", encoding="utf-8")
    outcomes, failing = tally(args.briefs, args.seed, args.time_limit, args.details)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    others = ", ".join(
        f"{n} {status}" for status, n in sorted(outcomes.items()) if status != "plan"
    )
    body = "\n".join(
        [
            "## Measured rules on generated briefs",
            "",
            f"Measured {when} on {platform.system()} {platform.machine()}, Python "
            f"{platform.python_version()}, with",
            "",
            "```",
            f".venv/bin/python -m benchmarks.generated --briefs {args.briefs} --seed {args.seed} "
            f"--time-limit {args.time_limit:g} --write docs/benchmarks.md",
            "```",
            "",
            f"{args.briefs} briefs drawn by the property tests' strategy (`benchmarks/generated.py`"
            f"), each solved at {args.time_limit:g} s on 2 workers: {outcomes['plan']} gave a "
            f"plan ({others or 'all of them'}). For each rule the checker measures but the engine "
            "does not guarantee, the plans that fail it (the property tests assert the hard "
            "rules; counts move between runs by a few plans).",
            "",
            table(outcomes, failing, rules),
        ]
    )
    print(body)
    if args.write is not None:
        replace_section(args.write, SECTION, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
