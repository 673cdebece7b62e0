"""Reports of a plan: ``report.md`` and a self-contained ``report.html`` beside it.

A reviewer signs a plan off from the report alone: every rule with what it asks, what the
plan measures and where the rule comes from; the area schedule the standard is about; the
preferences met and missed; and how far the solver got. The rules are checked afresh from the
plan's geometry (``check_plan``), not copied from what the solver wrote. The HTML carries its
drawings as inline SVG with text as outlines, so it opens anywhere without fonts or network.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import matplotlib

from constraints.plan_view import PlanView
from constraints.rules import RuleResult, build_rules, check_plan
from constraints.standard import FUNCTIONS
from layout.export import png
from layout.export.fonts import FAMILY, cjk_font_path
from layout.export.style import style_of


@dataclass(frozen=True)
class ScheduleRow:
    """One space in the area schedule."""

    function: str
    room_id: str
    name: str
    level: int
    area: float


@dataclass(frozen=True)
class Schedule:
    """The plan's areas as the standard counts them: everything but unused floor space."""

    rows: list[ScheduleRow]
    unused: float
    ground_level: int

    @property
    def total(self) -> float:
        return sum(r.area for r in self.rows)

    @property
    def ground(self) -> float:
        return sum(r.area for r in self.rows if r.level == self.ground_level)

    @property
    def ground_share(self) -> float:
        return self.ground / self.total if self.total else 0.0

    def by_function(self) -> list[tuple[str, float, int]]:
        """(function, area, count) in the standard's function order."""
        out = []
        for fn in FUNCTIONS:
            rows = [r for r in self.rows if r.function == fn]
            if rows:
                out.append((fn, sum(r.area for r in rows), len(rows)))
        return out

    def by_level(self) -> list[tuple[int, float]]:
        levels = sorted({r.level for r in self.rows})
        return [(lv, sum(r.area for r in self.rows if r.level == lv)) for lv in levels]


def schedule(plan: dict) -> Schedule:
    """The area schedule of a plan, in function order, then floor, then room order."""
    rows: list[ScheduleRow] = []
    unused = 0.0
    order = {fn: i for i, fn in enumerate(FUNCTIONS)}
    for floor in plan["floors"]:
        for room in floor["rooms"]:
            if room["function"] == "unused":
                unused += float(room["area"])
                continue
            rows.append(
                ScheduleRow(
                    room["function"],
                    room["id"],
                    room.get("name") or room["id"],
                    int(floor["level"]),
                    float(room["area"]),
                )
            )
    rows.sort(key=lambda r: (order.get(r.function, len(order)), r.level))
    ground = min((int(f["level"]) for f in plan["floors"]), default=1)
    return Schedule(rows, unused, ground)


def write_reports(plan: dict, out_dir: Path, stem: str) -> list[Path]:
    """Write ``report.md`` and ``report.html`` into ``out_dir``; return both paths.

    The markdown shows the PNG previews by relative path (``<stem>-<level>F.png``,
    ``<stem>-overview.png``, as ``png.write_previews`` names them); the HTML embeds its own.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = check_plan(plan)
    md_path = out_dir / "report.md"
    md_path.write_text(markdown_report(plan, results, stem), encoding="utf-8")
    html_path = out_dir / "report.html"
    html_path.write_text(html_report(plan, results), encoding="utf-8")
    return [md_path, html_path]


# --- shared facts --------------------------------------------------------------------------


def _verdict(results: list[RuleResult]) -> str:
    hard = [r for r in results if r.hard]
    failed = [r for r in hard if not r.passed]
    if failed:
        return f"{len(failed)} of {len(hard)} hard rules fail: " + ", ".join(r.rule for r in failed)
    return f"all {len(hard)} hard rules pass"


def declared_weights(plan: dict) -> dict[str, int]:
    """Each preference rule's weight as the brief declares it, by rule id.

    A result's own ``weight`` is what the plan lost (0 for a met separation or floor
    preference), so the report shows both.
    """
    try:
        view = PlanView.from_dict(plan)
        rules = build_rules(view.requirements).all()
    except Exception:  # a plan the checker cannot read still gets a report from its results
        return {}
    return {
        rule.id: int(rule.weight)
        for rule in rules
        if isinstance(getattr(rule, "weight", None), int | float)
    }


def _kind(result: RuleResult, weights: dict[str, int]) -> str:
    if result.hard:
        return "hard"
    return f"preference (weight {weights.get(result.rule, result.weight)})"


def _preference_summary(results: list[RuleResult]) -> str:
    soft = [r for r in results if not r.hard]
    met = [r for r in soft if r.passed]
    lost = sum(r.weight for r in soft if not r.passed)
    return f"{len(met)} of {len(soft)} preferences met; weight lost: {lost}"


def _fmt(value: object, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _solver_rows(plan: dict) -> list[tuple[str, str]]:
    """Status, objective, bound, gap, times and settings, as label/value pairs."""
    solver = plan.get("solver") or {}
    rows = [
        ("status", _fmt(plan.get("status"))),
        ("objective", _fmt(plan.get("objective"))),
        ("bound", _fmt(plan.get("bound"))),
    ]
    obj, bound = plan.get("objective"), plan.get("bound")
    if isinstance(obj, int | float) and isinstance(bound, int | float) and obj:
        rows.append(("gap", f"{abs(obj - bound) / abs(obj):.1%}"))
    for key in ("time_limit", "wall_time", "first_solution_time"):
        if key in solver:
            rows.append((f"{key.replace('_', ' ')} (s)", _fmt(solver[key])))
    for key, value in (solver.get("timings") or {}).items():
        rows.append((f"timing: {key.replace('_', ' ')} (s)", _fmt(value)))
    for phase in (plan.get("frame") or {}).get("phases") or []:
        rows.append(
            (
                f"phase: {phase.get('phase')}",
                f"{_fmt(phase.get('status'))}, {_fmt(phase.get('seconds'))} s",
            )
        )
    for key in ("seed", "workers", "deterministic"):
        if key in solver:
            rows.append((key, _fmt(solver[key])))
    versions = solver.get("versions") or {}
    if versions:
        rows.append(("versions", ", ".join(f"{k} {v}" for k, v in versions.items())))
    return rows


def _title(plan: dict) -> str:
    return f"{plan.get('site', '')} — plan report"


# --- markdown ------------------------------------------------------------------------------


def _md_cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: Iterable[Iterable[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def markdown_report(plan: dict, results: list[RuleResult], stem: str) -> str:
    """The report as markdown (GitHub tables), previews referenced by relative path."""
    sched = schedule(plan)
    weights = declared_weights(plan)
    levels = [int(f["level"]) for f in plan["floors"]]
    out = [
        f"# {_title(plan)}",
        "",
        f"Standard: {_standard_line(plan)}. Floors: {len(levels)}. "
        f"Verdict: {_verdict(results)}; {_preference_summary(results)}.",
        "",
        "## Plans",
        "",
        f"![all floors]({stem}-overview.png)",
        "",
    ]
    out += [f"![floor {lv}]({stem}-{lv}F.png)\n" for lv in levels]
    out += ["## Rules", ""]
    out += _md_table(
        ["rule", "title", "kind", "required", "measured", "result", "source"],
        (
            [
                f"`{r.rule}`",
                r.title + ("".join(f"<br>– {d}" for d in r.details)),
                _kind(r, weights),
                r.required,
                r.measured,
                "pass" if r.passed else "**FAIL**" if r.hard else "missed",
                r.source,
            ]
            for r in results
        ),
    )
    out += ["## Area schedule", ""]
    out += _md_table(
        ["function", "room", "id", "floor", "area (m²)"],
        (
            [
                f"{style_of(r.function).label_zh} ({r.function})",
                r.name,
                r.room_id,
                r.level,
                f"{r.area:.2f}",
            ]
            for r in sched.rows
        ),
    )
    out += _md_table(
        ["function", "spaces", "area (m²)", "share"],
        [
            [f"{style_of(fn).label_zh} ({fn})", n, f"{a:.2f}", f"{a / sched.total:.1%}"]
            for fn, a, n in sched.by_function()
        ]
        + [["**centre total**", len(sched.rows), f"**{sched.total:.2f}**", "100.0%"]],
    )
    out += _md_table(
        ["floor", "area (m²)", "share"],
        [[lv, f"{a:.2f}", f"{a / sched.total:.1%}"] for lv, a in sched.by_level()],
    )
    out += [
        f"Centre total: **{sched.total:.2f} m²**; ground floor ({sched.ground_level}F): "
        f"{sched.ground:.2f} m², ground-floor share **{sched.ground_share:.1%}**; "
        f"unused floor space (not counted): {sched.unused:.2f} m².",
        "",
        "## Preferences",
        "",
    ]
    soft = [r for r in results if not r.hard]
    for heading, group in (
        ("Met", [r for r in soft if r.passed]),
        ("Missed", [r for r in soft if not r.passed]),
    ):
        out += [f"### {heading} ({len(group)})", ""]
        if group:
            out += _md_table(
                ["rule", "title", "weight", "lost", "required", "measured"],
                (
                    [
                        f"`{r.rule}`",
                        r.title,
                        weights.get(r.rule, r.weight),
                        0 if r.passed else r.weight,
                        r.required,
                        r.measured,
                    ]
                    for r in group
                ),
            )
        else:
            out += ["none", ""]
    out += ["## Solver", ""]
    out += _md_table(["", "value"], _solver_rows(plan))
    return "\n".join(out)


def _standard_line(plan: dict) -> str:
    return png.standard_title(plan)


# --- html ----------------------------------------------------------------------------------

_CSS = """
body{font-family:"Onezone CJK Sans","Noto Sans CJK SC","Source Han Sans SC","PingFang SC",
"Microsoft YaHei",
sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.5em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em;width:100%}
th,td{border:1px solid #d0d0d0;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.fail td{background:#fde2e2}tr.missed td{background:#fff4d6}
span.pass{color:#1a7f37;font-weight:600}span.fail{color:#c0392b;font-weight:700}
span.missed{color:#9a6700;font-weight:600}
.swatch{display:inline-block;width:.9em;height:.9em;border:1px solid #888;
vertical-align:-.1em;margin-right:.35em}
figure{margin:1em 0}figure svg{width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.9em;color:#555}.verdict{font-size:1.05em}
tr.total td{font-weight:700;background:#f7f7f7}
"""


def _font_face(text: str) -> str:
    """An ``@font-face`` carrying just the non-ASCII characters the page's text uses.

    The bundled font, cut to those characters (a few kB) and inlined as a data URL, so the
    Chinese in tables reads right on machines without a Chinese font and nothing is fetched.
    """
    chars = sorted({ord(c) for c in text if ord(c) > 0x7F})
    if not chars:
        return ""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = []
    options.ignore_missing_unicodes = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep copyright and licence
    font = subset.load_font(str(cjk_font_path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'@font-face{{font-family:"{FAMILY}";'
        f'src:url(data:font/ttf;base64,{data}) format("truetype");}}'
    )


def _svg(fig: object, salt: str) -> str:
    """A figure as an inline ``<svg>`` element: text as outlines, ids unique per figure."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": salt}):
        fig.savefig(buffer, format="svg", facecolor="white")  # type: ignore[attr-defined]
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    # Several drawings share one document: prefix every id and every reference to one.
    ids = set(re.findall(r'\bid="([^"]+)"', text))
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{salt}-{m.group(1)}"', text)
    return re.sub(
        r'(url\(#|href="#)([^)"]+)',
        lambda m: f"{m.group(1)}{salt}-{m.group(2)}" if m.group(2) in ids else m.group(0),
        text,
    )


def _h(value: object) -> str:
    return html.escape(str(value))


def _html_table(header: list[str], rows: Iterable[tuple[str, list[str]]], cls: str = "") -> str:
    """Rows come as (row class, already escaped cells)."""
    head = "".join(f"<th>{_h(c)}</th>" for c in header)
    body = "".join(f'<tr class="{row_cls}">' + "".join(cells) + "</tr>" for row_cls, cells in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _td(value: object, num: bool = False, raw: bool = False) -> str:
    content = str(value) if raw else _h(value)
    return f'<td class="num">{content}</td>' if num else f"<td>{content}</td>"


def _fn_cell(fn: str) -> str:
    style = style_of(fn)
    return _td(
        f'<span class="swatch" style="background:{style.hex}"></span>'
        f"{_h(style.label_zh)} <small>({_h(fn)})</small>",
        raw=True,
    )


def html_report(plan: dict, results: list[RuleResult]) -> str:
    """The report as one HTML file: CSS and SVG drawings inline, no external references."""
    sched = schedule(plan)
    weights = declared_weights(plan)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{_h(_title(plan))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_h(_title(plan))}</h1>",
        f"<p>Standard: {_h(_standard_line(plan))}. Floors: {len(plan['floors'])}.</p>",
        f'<p class="verdict">Verdict: <span class="'
        f'{"fail" if any(r.hard and not r.passed for r in results) else "pass"}">'
        f"{_h(_verdict(results))}</span>; {_h(_preference_summary(results))}.</p>",
        "<h2>Plans</h2>",
    ]
    parts.append(
        f'<figure id="plan-overview">{_svg(png.overview_figure(plan), "overview")}'
        "<figcaption>All floors</figcaption></figure>"
    )
    for floor in plan["floors"]:
        lv = floor["level"]
        parts.append(
            f'<figure id="plan-{lv}F">{_svg(png.floor_figure(plan, floor), f"floor-{lv}")}'
            f"<figcaption>Floor {_h(lv)}</figcaption></figure>"
        )

    parts.append("<h2>Rules</h2>")
    rule_rows = []
    for r in results:
        if r.passed:
            row_cls, verdict = "", '<span class="pass">pass</span>'
        elif r.hard:
            row_cls, verdict = "fail", '<span class="fail">FAIL</span>'
        else:
            row_cls, verdict = "missed", '<span class="missed">missed</span>'
        details = "".join(f"<br><small>– {_h(d)}</small>" for d in r.details)
        rule_rows.append(
            (
                row_cls,
                [
                    _td(f"<code>{_h(r.rule)}</code>", raw=True),
                    _td(_h(r.title) + details, raw=True),
                    _td(_kind(r, weights)),
                    _td(r.required),
                    _td(r.measured),
                    _td(verdict, raw=True),
                    _td(r.source),
                ],
            )
        )
    parts.append(
        _html_table(
            ["rule", "title", "kind", "required", "measured", "result", "source"],
            rule_rows,
            "rules",
        )
    )

    parts.append("<h2>Area schedule</h2>")
    parts.append(
        _html_table(
            ["function", "room", "id", "floor", "area (m²)"],
            (
                (
                    "",
                    [
                        _fn_cell(r.function),
                        _td(r.name),
                        _td(r.room_id),
                        _td(r.level, num=True),
                        _td(f"{r.area:.2f}", num=True),
                    ],
                )
                for r in sched.rows
            ),
            "schedule",
        )
    )
    fn_rows = [
        (
            "",
            [
                _fn_cell(fn),
                _td(n, num=True),
                _td(f"{a:.2f}", num=True),
                _td(f"{a / sched.total:.1%}", num=True),
            ],
        )
        for fn, a, n in sched.by_function()
    ]
    fn_rows.append(
        (
            "total",
            [
                _td("centre total"),
                _td(len(sched.rows), num=True),
                _td(f"{sched.total:.2f}", num=True),
                _td("100.0%", num=True),
            ],
        )
    )
    parts.append(_html_table(["function", "spaces", "area (m²)", "share"], fn_rows, "totals"))
    parts.append(
        _html_table(
            ["floor", "area (m²)", "share"],
            (
                (
                    "",
                    [
                        _td(lv, num=True),
                        _td(f"{a:.2f}", num=True),
                        _td(f"{a / sched.total:.1%}", num=True),
                    ],
                )
                for lv, a in sched.by_level()
            ),
            "floors",
        )
    )
    parts.append(
        f"<p>Centre total: <b>{sched.total:.2f} m²</b>; ground floor ({sched.ground_level}F): "
        f"{sched.ground:.2f} m², ground-floor share <b>{sched.ground_share:.1%}</b>; "
        f"unused floor space (not counted): {sched.unused:.2f} m².</p>"
    )

    parts.append("<h2>Preferences</h2>")
    soft = [r for r in results if not r.hard]
    for heading, group in (
        ("Met", [r for r in soft if r.passed]),
        ("Missed", [r for r in soft if not r.passed]),
    ):
        parts.append(f"<h3>{heading} ({len(group)})</h3>")
        if not group:
            parts.append("<p>none</p>")
            continue
        parts.append(
            _html_table(
                ["rule", "title", "weight", "lost", "required", "measured"],
                (
                    (
                        "" if r.passed else "missed",
                        [
                            _td(f"<code>{_h(r.rule)}</code>", raw=True),
                            _td(r.title),
                            _td(weights.get(r.rule, r.weight), num=True),
                            _td(0 if r.passed else r.weight, num=True),
                            _td(r.required),
                            _td(r.measured),
                        ],
                    )
                    for r in group
                ),
                "preferences",
            )
        )

    parts.append("<h2>Solver</h2>")
    parts.append(
        _html_table(
            ["", "value"],
            (("", [_td(k), _td(v)]) for k, v in _solver_rows(plan)),
            "solver",
        )
    )
    parts.append("</body></html>")
    page = "\n".join(parts) + "\n"
    text = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    return page.replace("<style>", f"<style>{_font_face(html.unescape(text))}", 1)
