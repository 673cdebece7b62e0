"""The diagnosis as files: ``diagnosis.json`` for tools, ``diagnosis.md`` for people."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

VERDICT_WORDS = {
    "verified": "works: tried, and a plan was found",
    "not enough": "not enough on its own",
    "undecided": "tried, no answer in time",
    "not tried": "not tried",
}


def diagnosis_markdown(d: dict[str, Any]) -> str:
    """Plain language first (what is wrong, what to change), details after."""
    lines = [f"# 无法满足的原因 / Why this brief cannot be met: {d['site']}", ""]
    lines += [f"Brief: `{d['brief']}`", "", f"**{_sentence(d['summary'])}**", ""]
    for k, conflict in enumerate(d["conflicts"], start=1):
        lines += [f"## {k}. {', '.join(conflict['rules'])}", "", _sentence(conflict["why"]), ""]
        if not conflict["relaxations"]:
            lines += ["No change to the brief is proposed for this rule.", ""]
            continue
        lines += ["What would fix it:", ""]
        for r in conflict["relaxations"]:
            change = r["change"][:1].upper() + r["change"][1:]
            lines.append(f"- {change} — {VERDICT_WORDS[r['verdict']]}")
            lines.append(f"  ({r['detail']}). In the brief:")
            lines += ["", "  ```toml", *[f"  {t}" for t in r["brief"].splitlines()], "  ```", ""]
    if d.get("minimal") is not None:
        proven = "proven minimal" if d["minimal"] else "not proven minimal"
        lines += [f"The set of conflicting rules is {proven}.", ""]
    for note in d.get("notes", []):
        lines.append(f"- note: {note}")
    lines += ["", f"Diagnosis took {d['seconds']} s of a {d['budget_s']:g} s budget.", ""]
    return "\n".join(lines)


def write_diagnosis(d: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write both files whole or not at all (each through a temporary file)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    texts = {
        "diagnosis.json": json.dumps(d, ensure_ascii=False, indent=1) + "\n",
        "diagnosis.md": diagnosis_markdown(d),
    }
    written = []
    for name, text in texts.items():
        fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, out_dir / name)
        written.append(out_dir / name)
    return written


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "。")) else text + "."
