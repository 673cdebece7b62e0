"""The command line: ``onezone generate``, ``onezone explain``, ``onezone check`` and
``onezone standards``.

Exit codes: 0 success; 1 the brief cannot be met (or a checked plan fails a hard rule);
2 bad input (file, field and fix are printed, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.markup import escape
from rich.text import Text

from constraints.plan_view import PlanView
from constraints.quality import measure
from constraints.rules import check_plan
from constraints.standard import StandardError, list_standards, load_standard
from layout.brief import SEED_LIMIT, TIME_LIMIT_LIMIT, WORKERS_LIMIT, Brief, Limit, load_brief
from layout.diagnose import BUDGET_S, Diagnosis, diagnose
from layout.errors import InputError
from layout.export.compare import compare_plans, write_comparison
from layout.export.diagnosis import VERDICT_WORDS, write_diagnosis
from layout.export.files import FORMATS, parse_formats, write_plan_files
from layout.generate import Result, generate
from layout.solve import Progress
from layout.summary import (
    alternatives_table,
    plan_tables,
    print_details,
    quality_table,
    rules_table,
)

EXIT_OK, EXIT_INFEASIBLE, EXIT_INPUT = 0, 1, 2
ALTERNATIVES_LIMIT = Limit(1, 10, 3)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        return int(args.run(args, console, errors))
    except InputError as exc:
        errors.print(f"[red]error:[/red] {escape(exc.message)}")
        return EXIT_INPUT
    except StandardError as exc:
        errors.print(f"[red]error:[/red] {escape(str(exc))}")
        return EXIT_INPUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onezone",
        description="Floor plans for 一区五中心 party-and-public service centres.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="lay out a brief and write plan.json")
    gen.add_argument("brief", help="brief file (TOML)")
    gen.add_argument("-o", "--output", default="output", help="output folder (default: output)")
    gen.add_argument("--time-limit", type=float, help="seconds of search (default: the brief's)")
    gen.add_argument("--seed", type=int, help="random seed (default: the brief's, else 0)")
    gen.add_argument("--workers", type=int, help="solver threads (0 = all cores)")
    gen.add_argument(
        "--formats",
        default="all",
        help="exports beside plan.json: all, none, or a list of dxf,png,report (default: all)",
    )
    gen.add_argument(
        "--alternatives",
        type=int,
        default=1,
        help="plans to write, each differing visibly from the earlier ones (default: 1)",
    )
    gen.add_argument(
        "--deterministic",
        action="store_true",
        help="repeatable search: deterministic time instead of wall-clock time",
    )
    gen.add_argument(
        "--diagnosis-time",
        type=float,
        default=BUDGET_S,
        help=f"seconds to diagnose a brief that cannot be met (default: {BUDGET_S:g})",
    )
    gen.set_defaults(run=_generate)

    exp = sub.add_parser(
        "explain", help="only diagnose: why a brief cannot be met and what would fix it"
    )
    exp.add_argument("brief", help="brief file (TOML)")
    exp.add_argument("-o", "--output", default="output", help="output folder (default: output)")
    exp.add_argument(
        "--time-limit",
        type=float,
        default=BUDGET_S,
        help=f"seconds for the whole diagnosis (default: {BUDGET_S:g})",
    )
    exp.add_argument("--seed", type=int, help="random seed (default: the brief's, else 0)")
    exp.add_argument("--workers", type=int, help="solver threads (0 = all cores)")
    exp.set_defaults(run=_explain)

    chk = sub.add_parser("check", help="re-check a plan.json from its geometry")
    chk.add_argument("plan", help="plan.json written by onezone generate")
    chk.set_defaults(run=_check)

    std = sub.add_parser("standards", help="list the shipped standards and their rules")
    std.set_defaults(run=_standards)
    return parser


# ---- generate ---------------------------------------------------------------------------------
def _generate(args: argparse.Namespace, console: Console, errors: Console) -> int:
    _check_flag("--time-limit", args.time_limit, TIME_LIMIT_LIMIT)
    _check_flag("--seed", args.seed, SEED_LIMIT)
    _check_flag("--workers", args.workers, WORKERS_LIMIT)
    _check_flag("--alternatives", args.alternatives, ALTERNATIVES_LIMIT)
    _check_flag("--diagnosis-time", args.diagnosis_time, TIME_LIMIT_LIMIT)
    try:
        formats = parse_formats(args.formats)
    except ValueError as exc:
        raise InputError(
            "command line",
            "--formats",
            f"unknown format {exc}",
            f"use all, none, or a comma-separated list of {', '.join(FORMATS)}",
        ) from None
    brief = load_brief(args.brief)
    out_dir = Path(args.output) / brief.stem
    console.print(f"[b]{brief.site_name}[/b]  standard {brief.standard}, {brief.floors} floor(s)")

    result = _solve(args, brief, errors, [])
    if result.interrupted:
        errors.print("interrupted: keeping the best plan found so far")
    if result.plan is None:
        errors.print(f"[red]no plan[/red] ({result.status}): the brief cannot be met as given")
        for reason in result.reasons:
            errors.print(f"  - {escape(reason)}", soft_wrap=True)
        if result.status == "INFEASIBLE" and args.diagnosis_time > 0:
            console.print(f"diagnosing (up to {args.diagnosis_time:g} s) …")
            _diagnosis(args, brief, args.diagnosis_time, out_dir, console, proven=True)
        return EXIT_INFEASIBLE

    written = write_plan_files(_plan_document(result), out_dir, brief.stem, formats)
    for table in plan_tables(result.plan):
        console.print(table)
    console.print(rules_table(result.checks, "Rules (independent check of the written plan)"))
    print_details(console, result.checks)
    console.print(quality_table(measure(PlanView.from_dict(result.plan.to_dict()))))
    console.print(_timing_line(result))
    for why in result.passed_over:
        console.print(f"passed over a better solution, {escape(why)}")
    console.print(f"wrote {len(written)} files to {out_dir}: " + ", ".join(p.name for p in written))
    if args.alternatives > 1 and not result.interrupted:
        _alternatives(args, brief, result, formats, out_dir, console, errors)
    return EXIT_OK if result.hard_rules_pass else EXIT_INFEASIBLE


def _solve(
    args: argparse.Namespace, brief: Brief, errors: Console, earlier: list[Result]
) -> Result:
    with _ProgressView(errors) as view:
        return generate(
            brief,
            time_limit=args.time_limit,
            seed=args.seed,
            workers=args.workers,
            deterministic=True if args.deterministic else None,
            progress=view.update,
            differ_from=earlier,
        )


def _alternatives(
    args: argparse.Namespace,
    brief: Brief,
    first: Result,
    formats: list[str],
    out_dir: Path,
    console: Console,
    errors: Console,
) -> None:
    """Plans 2..N, each differing visibly from every earlier one, in ``alternative-K``
    folders, and a comparison table (printed and ``alternatives.md``)."""
    results = [first]
    for k in range(2, args.alternatives + 1):
        console.print(f"[b]alternative {k}[/b]: moving rooms away from the earlier plans")
        result = _solve(args, brief, errors, results)
        if result.plan is None:
            console.print(
                f"alternative {k}: no plan ({result.status}); {'; '.join(result.reasons)}"
            )
            break
        folder = out_dir / f"alternative-{k}"
        written = write_plan_files(_plan_document(result), folder, f"{brief.stem}-alt{k}", formats)
        console.print(f"wrote {len(written)} files to {folder}")
        results.append(result)
        if result.interrupted:
            break
    rows = compare_plans([r.plan.to_dict() for r in results if r.plan is not None])
    console.print(alternatives_table(rows))
    path = write_comparison(rows, out_dir, brief.site_name)
    console.print(f"wrote {path}")


# ---- explain ----------------------------------------------------------------------------------
def _explain(args: argparse.Namespace, console: Console, errors: Console) -> int:
    _check_flag("--time-limit", args.time_limit, TIME_LIMIT_LIMIT)
    _check_flag("--seed", args.seed, SEED_LIMIT)
    _check_flag("--workers", args.workers, WORKERS_LIMIT)
    brief = load_brief(args.brief)
    console.print(f"[b]{brief.site_name}[/b]  standard {brief.standard}, {brief.floors} floor(s)")
    found = _diagnosis(args, brief, args.time_limit, Path(args.output) / brief.stem, console)
    return EXIT_OK if found.verdict == "can be met" else EXIT_INFEASIBLE


def _diagnosis(
    args: argparse.Namespace,
    brief: Brief,
    budget: float,
    out_dir: Path,
    console: Console,
    proven: bool = False,
) -> Diagnosis:
    """Run the diagnosis, print it and write diagnosis.json/.md (``proven``: the search has
    proved the brief infeasible)."""
    settings = brief.solver
    if args.seed is not None:
        settings = replace(settings, seed=args.seed)
    if args.workers is not None:
        settings = replace(settings, workers=args.workers)
    found = diagnose(brief, budget, settings, proven_infeasible=proven)
    console.print(f"[b]diagnosis[/b]: {escape(found.summary)}", soft_wrap=True)
    for k, conflict in enumerate(found.conflicts, start=1):
        console.print(f"{k}. [b]{', '.join(conflict.rules)}[/b]: {escape(conflict.why)}")
        for r in conflict.relaxations:
            mark = "[green]✓[/green]" if r.verdict == "verified" else "·"
            console.print(
                f"   {mark} {escape(r.text)} — {VERDICT_WORDS[r.verdict]} ({escape(r.detail)})",
                soft_wrap=True,
            )
    for note in found.notes:
        console.print(f"   note: {escape(note)}")
    written = write_diagnosis(found.to_dict(), out_dir)
    console.print(f"wrote {', '.join(str(p) for p in written)} ({found.seconds:.0f} s)")
    return found


def _plan_document(result: Result) -> dict[str, Any]:
    assert result.plan is not None
    data = result.plan.to_dict()
    if not data["solver"].get("deterministic"):
        data["solver"]["timings"] = {
            k: (round(v, 3) if v is not None else None) for k, v in result.timings.items()
        }
    data["checks"] = [c.to_dict() for c in result.checks]
    return data


def _timing_line(result: Result) -> str:
    first = result.timings.get("first_solution")
    gap = ""
    if result.objective is not None and result.bound is not None and result.objective:
        gap = f", gap {abs(result.objective - result.bound) / abs(result.objective):.1%}"
    bound = "-" if result.bound is None else f"{result.bound:g}"  # none for a plan checked alone
    return (
        f"status {result.status}, objective {result.objective:g}, bound {bound}{gap}; "
        f"first plan after {first:.1f} s, total {result.timings['total']:.1f} s"
        if first is not None
        else f"status {result.status}; total {result.timings['total']:.1f} s"
    )


class _ProgressView:
    """One live status line while solving (a line per event when not on a terminal)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.live = Live(console=console, transient=True, refresh_per_second=8)
        self.interactive = console.is_terminal
        self.last_phase = ""

    def __enter__(self) -> _ProgressView:
        if self.interactive:
            self.live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.interactive:
            self.live.__exit__(None, None, None)

    def update(self, p: Progress) -> None:
        text = _progress_text(p)
        if self.interactive:
            self.live.update(Text(text))
        elif p.solutions or p.phase != self.last_phase:
            self.console.print(text, highlight=False, markup=False)
        self.last_phase = p.phase


def _progress_text(p: Progress) -> str:
    objective = "-" if p.objective is None else f"{p.objective:g}"
    bound = "-" if p.bound is None else f"{p.bound:g}"
    gap = "-" if p.gap is None else f"{p.gap:.1%}"
    return (
        f"[{p.phase}] {p.elapsed:6.1f} s  best {objective}  bound {bound}  gap {gap}  "
        f"rooms placed {p.rooms_placed}/{p.rooms_total}"
    )


def _check_flag(flag: str, value: float | None, limit: Limit) -> None:
    if value is not None and not limit.admits(value):
        raise InputError(
            "command line", flag, f"{value:g} is out of range", f"use a value {limit.describe()}"
        )


# ---- check ------------------------------------------------------------------------------------
def _check(args: argparse.Namespace, console: Console, errors: Console) -> int:
    path = Path(args.plan)
    data = _read_plan(path)
    try:
        results = check_plan(data)
    except (KeyError, TypeError, ValueError, IndexError, OverflowError) as exc:
        raise InputError(
            path,
            "",
            f"not a plan written by onezone ({type(exc).__name__}: {exc})",
            "pass the plan.json that 'onezone generate' wrote",
        ) from None
    console.print(rules_table(results, f"Rules of {path}"))
    print_details(console, results)
    console.print(quality_table(measure(PlanView.from_dict(data))))
    failed = [r for r in results if r.hard and not r.passed]
    console.print(
        "all hard rules pass" if not failed else f"[red]{len(failed)} hard rule(s) fail[/red]"
    )
    return EXIT_OK if not failed else EXIT_INFEASIBLE


def _read_plan(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InputError(path, "", "file not found", "give the path of a plan.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, "", f"cannot read JSON ({exc})", "pass a plan.json") from None
    if not isinstance(data, dict) or "floors" not in data or "requirements" not in data:
        raise InputError(path, "floors", "not a plan written by onezone", "pass a plan.json")
    return data


# ---- standards --------------------------------------------------------------------------------
def _standards(args: argparse.Namespace, console: Console, errors: Console) -> int:
    out = Console(soft_wrap=True, highlight=False, markup=False)
    for sid in list_standards():
        std = load_standard(sid)
        out.print(f"{std.id}  {std.name}  ({std.path.name})")
        out.print(f"  total area ≥ {std.total_min_m2:g} m²   [{std.total_source}]")
        out.print(
            f"  ground-floor share ≥ {std.ground_share_min:.0%}   [{std.ground_share_source}]"
        )
        out.print(f"  functions: {', '.join(std.functions)}   [{std.functions_source}]")
        out.print(f"  rooms ({len(std.rooms)}):")
        for room in std.rooms:
            floors = f" floors {list(room.floors)}" if room.floors else ""
            out.print(
                f"    {room.id:<20} {room.function:<13} {room.name} ≥ {room.min_area:g} m²"
                f"{floors}   [{room.source}]"
            )
        out.print(f"  preferences ({len(std.preferences)}):")
        for pref in std.preferences:
            out.print(f"    {_describe_pref(pref)} (weight {pref.weight})   [{pref.source}]")
    return EXIT_OK


def _describe_pref(pref: Any) -> str:
    if pref.kind == "adjacent":
        return f"{pref.a} next to {pref.b}"
    if pref.kind == "separate":
        return f"quiet {', '.join(pref.quiet)} apart from noisy {', '.join(pref.noisy)}"
    return f"{', '.join(pref.rooms)} on floor(s) {', '.join(map(str, pref.floors))}"


if __name__ == "__main__":
    sys.exit(main())
