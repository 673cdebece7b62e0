"""Run the facility-layout benchmark: every instance at every time limit, fixed seed.

Run: ``.venv/bin/python -m benchmarks.flp [--limits 10 60] [--instances O7 O8] [--workers 2]
[--write docs/benchmarks.md]``. Each instance becomes an ordinary brief (standard
``packing``) solved by the engine's model and search (``benchmarks.flp.engine``); the
layout is then checked by ``verify`` from its geometry alone, and the objective is
recomputed from that geometry in instance units.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.flp import instance as instances
from benchmarks.flp.brief import FLOW_UNITS, brief_toml, grid_for
from benchmarks.flp.engine import solve_packing
from benchmarks.flp.report import Row, machine, table, write_section
from benchmarks.flp.verify import verify

DEFAULT_LIMITS = (10.0, 60.0)
SEED = 0


@dataclass(frozen=True)
class Run:
    name: str
    limit: float
    seed: int
    workers: int


def run_one(run: Run, workdir: Path) -> Row:
    inst = instances.load(run.name)
    grid = grid_for(inst)
    path = workdir / f"{run.name}.toml"
    path.write_text(brief_toml(inst, grid, run.limit, run.seed, run.workers), encoding="utf-8")
    started = time.perf_counter()
    result = solve_packing(path, time_limit=run.limit, seed=run.seed, workers=run.workers)
    wall = time.perf_counter() - started
    verdict = verify(inst, result.plan, grid.scale) if result.plan else None
    bound = None
    if result.bound is not None and result.plan is not None:
        # The solver's objective counts flow × FLOW_SCALE × half cells: back to instance units.
        bound = result.bound * grid.cell / FLOW_UNITS
    best = inst.best_published()
    return Row(
        name=run.name,
        n=len(inst.departments),
        limit=run.limit,
        cell=grid.cell,
        status=result.status,
        value=verdict.objective if verdict and verdict.valid else None,
        valid=bool(verdict and verdict.valid),
        problems=tuple(verdict.problems) if verdict else tuple(result.reasons),
        published=best.value if best else None,
        published_variant=best.variant if best else "",
        shape_limit=inst.shape_limit,
        bound=bound,
        time_to_best=result.timings.get("last_solution"),
        first=result.timings.get("first_solution"),
        wall=wall,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limits", type=float, nargs="+", default=list(DEFAULT_LIMITS))
    parser.add_argument("--instances", nargs="+", default=instances.names())
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--write", type=Path, default=None, help="markdown file to update")
    args = parser.parse_args(argv)
    started = datetime.now(UTC)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for limit in args.limits:
            for name in args.instances:
                row = run_one(Run(name, limit, args.seed, args.workers), Path(tmp))
                print(row, file=sys.stderr, flush=True)
                rows.append(row)
    text = table(rows)
    print(text)
    if args.write:
        given = argv if argv is not None else sys.argv[1:]
        command = " ".join(["python -m benchmarks.flp", *given])
        write_section(args.write, text, command, started, machine(), platform.python_version())


if __name__ == "__main__":
    main()
