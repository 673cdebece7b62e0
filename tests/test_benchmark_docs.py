"""Each benchmark runner rewrites only its own section of docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path

from benchmarks.markdown import replace_section


def test_a_section_is_replaced_and_the_others_kept(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(
        "# Benchmarks\n\n<!-- samples:start -->\nold samples\n<!-- samples:end -->\n\n"
        "<!-- flp:start -->\nold flp\n<!-- flp:end -->\n\n## Targets\nkept\n",
        encoding="utf-8",
    )
    replace_section(doc, "flp", "## FLP\nnew table\n")
    text = doc.read_text(encoding="utf-8")
    assert (
        "old flp" not in text and "<!-- flp:start -->\n## FLP\nnew table\n<!-- flp:end -->" in text
    )
    assert "old samples" in text and text.endswith("## Targets\nkept\n")
    replace_section(doc, "scaling", "## Scaling")
    assert doc.read_text(encoding="utf-8").endswith(
        "kept\n\n<!-- scaling:start -->\n## Scaling\n<!-- scaling:end -->\n"
    )
