"""The engine's path for a packing brief: ``layout.generate``, as for any brief.

A packing brief (the ``packing`` standard) keeps its rectangles as solved: extraction does not
fit them to walls or hand them leftover floor (``layout.extract``), so each department's shape
and centre in ``plan.json`` are those the objective measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layout.generate import generate


@dataclass
class PackingResult:
    status: str
    plan: dict[str, Any] | None  # plan.json: floors → rooms → polygon (brief metres)
    objective: float | None
    bound: float | None
    timings: dict[str, float | None] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)


def solve_packing(path: Path, *, time_limit: float, seed: int, workers: int) -> PackingResult:
    result = generate(path, time_limit=time_limit, seed=seed, workers=workers)
    return PackingResult(
        result.status,
        result.plan.to_dict() if result.plan is not None else None,
        result.objective,
        result.bound,
        dict(result.timings),
        list(result.reasons),
    )
