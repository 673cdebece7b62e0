"""Terminal tables: the plan's summary after a run and the rule table of a check."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from constraints.quality import PlanQuality
from constraints.rules import RuleResult
from constraints.standard import FUNCTION_NAMES_ZH
from layout.export.compare import HEADERS, PlanRow, row_cells
from layout.plan import Plan


def plan_tables(plan: Plan) -> list[Table]:
    """Rooms per floor and area per function (with the ground-floor share)."""
    floors = Table(title="Spaces per floor", title_justify="left")
    floors.add_column("floor", justify="right")
    floors.add_column("rooms", justify="right")
    floors.add_column("centre m²", justify="right")
    floors.add_column("unused m²", justify="right")
    for floor in plan.floors:
        used = [s for s in floor.spaces if s.function != "unused"]
        rooms = [s for s in used if s.function not in ("circulation", "stair", "lift")]
        floors.add_row(
            f"{floor.level}F",
            str(len(rooms)),
            f"{sum(s.area for s in used):.1f}",
            f"{sum(s.area for s in floor.spaces if s.function == 'unused'):.1f}",
        )
    by_function: dict[str, float] = defaultdict(float)
    ground = total = 0.0
    for level, space in plan.spaces():
        by_function[space.function] += space.area
        if space.function != "unused":
            total += space.area
            ground += space.area if level == 1 else 0.0
    areas = Table(title="Area per function", title_justify="left")
    areas.add_column("function")
    areas.add_column("m²", justify="right")
    for function, area in sorted(by_function.items(), key=lambda kv: -kv[1]):
        areas.add_row(f"{function} {FUNCTION_NAMES_ZH.get(function, '')}", f"{area:.1f}")
    areas.add_row("[b]centre total[/b]", f"[b]{total:.1f}[/b]")
    share = ground / total if total else 0.0
    areas.add_row("[b]ground-floor share[/b]", f"[b]{share:.1%}[/b]")
    return [floors, areas]


def rules_table(results: list[RuleResult], title: str = "Rules") -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("rule")
    table.add_column("kind")
    table.add_column("required")
    table.add_column("measured")
    table.add_column("result")
    for r in results:
        if r.passed:
            verdict = "[green]pass[/green]" if r.hard else "[green]met[/green]"
        else:
            verdict = "[red]FAIL[/red]" if r.hard else f"[yellow]missed (-{r.weight})[/yellow]"
        table.add_row(
            escape(r.title),
            "hard" if r.hard else "preference",
            escape(r.required),
            escape(r.measured),
            verdict,
        )
    return table


def print_details(console: Console, results: list[RuleResult]) -> None:
    """The measured problems behind failed rules, one line each."""
    for r in results:
        if not r.passed:
            for line in r.details:
                console.print(
                    f"  {escape(r.rule)}: {escape(line)}", highlight=False, soft_wrap=True
                )


def quality_table(quality: PlanQuality) -> Table:
    """Layout quality per floor: the figures a designer looks at before the drawing."""
    table = Table(title="Layout quality per floor", title_justify="left")
    for name in (
        "floor",
        "centre m²",
        "unassigned",
        "fragments",
        "doors",
        "windows",
        "egress max m",
        "toilet walk max m",
        "daylight min m",
        "aspect max",
    ):
        table.add_column(name, justify="right")
    for f in quality.floors:
        table.add_row(
            f"{f.level}F",
            f"{f.centre_m2:.1f}",
            f"{f.unassigned_m2:.1f} m² ({f.unassigned_share:.1%})",
            str(f.fragments),
            str(f.doors),
            str(f.windows),
            f"{f.longest_egress_m:.1f}",
            f"{f.longest_toilet_walk_m:.1f}",
            "–" if f.least_daylight_m is None else f"{f.least_daylight_m:.1f}",
            f"{f.worst_aspect:.2f}",
        )
    table.caption = (
        f"preferences met: {quality.preferences_met} of {quality.preferences_total} "
        f"(weight {quality.weight_met} of {quality.weight_total})"
    )
    return table


def alternatives_table(rows: list[PlanRow]) -> Table:
    """The plans of one brief side by side (``onezone generate --alternatives``)."""
    table = Table(title="Alternatives (measured on each plan)", title_justify="left")
    for name in HEADERS:
        table.add_column(name, justify="right")
    for row in rows:
        table.add_row(*row_cells(row))
    return table
