"""Reports: every rule of the independent check, the area schedule and the solver figures."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from constraints.rules import check_plan
from layout.export.report import schedule, write_reports
from tests.previews_helpers import load_plan, with_openings


@pytest.fixture(scope="module")
def plan() -> dict:
    return with_openings(load_plan())


@pytest.fixture(scope="module")
def reports(plan: dict, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, Path]:
    out = tmp_path_factory.mktemp("report")
    md_path, html_path = write_reports(plan, out, "plan")
    assert (md_path.name, html_path.name) == ("report.md", "report.html")
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.md"]
    return md_path.read_text(encoding="utf-8"), html_path.read_text(encoding="utf-8"), html_path


def test_every_rule_with_required_measured_and_source(plan: dict, reports) -> None:
    md, page, _ = reports
    results = check_plan(plan)
    assert results
    for r in results:
        assert f"`{r.rule}`" in md
        assert f"<code>{html.escape(r.rule)}</code>" in page
        for text in (r.required, r.measured, r.source):
            assert text.replace("|", "\\|") in md
            assert html.escape(text) in page
    rule_rows = re.findall(r"<tr class=\"[a-z]*\"><td><code>", page.split("<h2>Area")[0])
    assert len(rule_rows) == len(results)


def test_area_schedule_totals_match_the_plan(plan: dict, reports) -> None:
    md, page, _ = reports
    used = [r for f in plan["floors"] for r in f["rooms"] if r["function"] != "unused"]
    total = sum(r["area"] for r in used)
    ground = sum(r["area"] for r in plan["floors"][0]["rooms"] if r["function"] != "unused")
    sched = schedule(plan)
    assert sched.total == pytest.approx(total)
    assert sched.ground_share == pytest.approx(ground / total)
    assert sum(a for _, a, _ in sched.by_function()) == pytest.approx(total)
    for text in (md, page):
        assert f"{total:.2f}" in text
        assert f"{ground / total:.1%}" in text
        for room in used:
            assert room["name"] in text
    # The checker measures the same total from the geometry.
    measured = next(r.measured for r in check_plan(plan) if r.rule == "total-area")
    assert measured.startswith(f"{total:.2f}")


def test_preferences_and_solver(plan: dict, reports) -> None:
    md, page, _ = reports
    soft = [r for r in check_plan(plan) if not r.hard]
    met = sum(r.passed for r in soft)
    for text in (md, page):
        assert f"Met ({met})" in text and f"Missed ({len(soft) - met})" in text
        assert plan["status"] in text
        assert f"{plan['objective']:.2f}" in text and f"{plan['bound']:.2f}" in text
        assert f"{plan['solver']['wall_time']:.2f}" in text
    # Declared weights from the brief, not the weight lost (0 for a met separation).
    separate = next(p for p in plan["requirements"]["preferences"] if p["kind"] == "separate")
    row = next(line for line in md.splitlines() if line.startswith("| `separate:"))
    assert f"preference (weight {separate['weight']})" in row


def test_markdown_references_the_previews(reports) -> None:
    md, _, _ = reports
    assert "(plan-overview.png)" in md and "(plan-1F.png)" in md and "(plan-2F.png)" in md


def test_html_is_self_contained(plan: dict, reports) -> None:
    _, page, _ = reports
    assert page.count("<svg") == len(plan["floors"]) + 1
    assert "<text" not in page  # labels are outlines: no font needed to view them
    assert "@font-face" in page and "url(data:font/ttf;base64," in page  # table text too
    for pattern in (r'src="http', r'href="http', r"<link ", r"<script", r"url\(http"):
        assert not re.search(pattern, page), pattern
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # drawings share one document: no id twice
    for ref in re.findall(r'(?:url\(#|href="#)([^)"]+)', page):
        assert ref in ids, ref
