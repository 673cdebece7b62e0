"""The generated-briefs benchmark counts the rules the checker measures but the engine does not
guarantee: no hard rule and no preference slips into its table, and every such rule is in it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from shapely.geometry import box
from test_properties import make_brief

from benchmarks.generated import measured_rules, table, tally
from constraints.rules import build_rules
from layout.programme import build_programme


def test_the_table_lists_each_measured_rule_once_and_no_other() -> None:
    rules = measured_rules()
    ids = [rid for rid, _title in rules]
    assert len(ids) == len(set(ids))
    assert {"fragments", "unused-block", "egress", "ground-floor-use"} <= set(ids)

    req, _engine, _standard = build_programme(make_brief(box(0, 0, 36, 21), 2, 0.8))
    every = build_rules(req).all()
    hard = {r.id for r in every if r.hard}
    assert not hard & set(ids), "a hard rule is the property tests' business"
    assert not any(rid.startswith(("adjacent:", "floor:", "separate:")) for rid in ids)

    text = table(Counter(plan=4), Counter({"fragments": 3, "(any hard rule)": 0}), rules)
    assert "| any hard rule | 0 of 4 |" in text
    assert any(
        line.startswith("| fragments:") and line.endswith("| 3 of 4 |")
        for line in text.splitlines()
    )
    assert len(text.splitlines()) == 3 + len(rules)


def test_details_give_one_line_per_brief_to_rebuild_it_and_its_failed_rules(tmp_path: Path) -> None:
    details = tmp_path / "failures.jsonl"
    outcomes, failing = tally(1, 1, 2.0, details)
    [line] = [json.loads(text) for text in details.read_text(encoding="utf-8").splitlines()]
    assert line["brief"].startswith("footprint=[[") and "floors=" in line["brief"]
    assert line["status"] in ("OPTIMAL", "FEASIBLE", "UNKNOWN", "INFEASIBLE")
    assert sum(outcomes.values()) == 1
    for rule, found in line["failed"].items():
        assert failing[rule] == 1 and "measured" in found and "details" in found
