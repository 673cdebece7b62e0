"""Reading a facility-layout instance (``data/<name>.json``) and its published best values.

Each file records its sources, the conflicts between them and which values were used; the
published values come with the variant they were obtained for (shape limit, bay structure).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Department:
    id: int
    area: float
    max_aspect: float | None  # max(w/h, h/w)
    min_side: float | None


@dataclass(frozen=True)
class Published:
    value: float
    variant: str
    method: str
    reference: str
    proven_optimal: bool


@dataclass(frozen=True)
class Instance:
    name: str
    width: float
    height: float
    departments: tuple[Department, ...]
    flows: tuple[tuple[int, int, float], ...]  # unordered pairs i < j, f_ij
    published: tuple[Published, ...]
    source: str
    notes: tuple[str, ...]

    @property
    def shape_limit(self) -> str:
        """The shape limit of this file's variant, as published results name it."""
        aspects = {d.max_aspect for d in self.departments if d.max_aspect is not None}
        sides = {d.min_side for d in self.departments if d.min_side is not None}
        if aspects:
            return f"aspect ≤ {max(aspects):g}"
        return f"min side ≥ {max(sides):g}" if sides else "none"

    def matching(self) -> list[Published]:
        """Published values for the same shape limit as this file (other variants — another
        aspect ratio or unknown limits — are not comparable)."""
        return [p for p in self.published if _limit_of(p.variant) == self.shape_limit]

    def best_published(self) -> Published | None:
        same = self.matching()
        return min(same, key=lambda p: p.value) if same else None


def _limit_of(variant: str) -> str | None:
    """The shape limit a published variant states (``alpha=4``, ``aspect ratio 5``,
    ``min side 1``), or None when it states none."""
    text = variant.replace("NOT", "")
    alpha = re.search(r"alpha\s*=\s*(\d+(?:\.\d+)?)|aspect ratio (?:limit )?(\d+(?:\.\d+)?)", text)
    side = re.search(r"min side (\d+(?:\.\d+)?)", text)
    if alpha and not side:
        return f"aspect ≤ {float(alpha.group(1) or alpha.group(2)):g}"
    if side and not alpha:
        return f"min side ≥ {float(side.group(1)):g}"
    return None


def names() -> list[str]:
    return sorted(p.stem for p in DATA_DIR.glob("*.json"))


def load(name: str) -> Instance:
    data = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    departments = tuple(
        Department(int(d["id"]), float(d["area"]), d.get("max_aspect"), d.get("min_side"))
        for d in data["departments"]
    )
    flows = tuple((min(int(a), int(b)), max(int(a), int(b)), float(f)) for a, b, f in data["flows"])
    published = tuple(
        Published(
            float(p["value"]),
            str(p.get("variant", "")),
            str(p.get("method", "")),
            str(p.get("reference", "")),
            bool(p.get("proven_optimal", False)),
        )
        for p in data.get("best_known", ())
    )
    return Instance(
        name=str(data["name"]),
        width=float(data["facility"]["W"]),
        height=float(data["facility"]["H"]),
        departments=departments,
        flows=flows,
        published=published,
        source=str(data.get("source", "")),
        notes=tuple(data.get("notes", ())),
    )
