"""How the engine scales: time to the first valid plan and to the final plan for generated
service-centre briefs of 8, 15, 30 and 60 rooms on 1, 2 and 3 floors (fixed seed).

Run: ``.venv/bin/python -m benchmarks.scaling [--rooms 8 15 30 60] [--floors 1 2 3]
[--time-limit 60] [--write docs/benchmarks.md] [--plot docs/images/scaling.png]``.

A generated brief uses the community standard. *Rooms* counts the programme's rooms (the
engine adds the lobby, corridors, stairs and toilets itself): fewer than the standard's 17
keeps the largest room of each function and then the next largest; more adds rooms of
20–40 m² in turn to the culture, service, party and deliberation functions. The footprint is
an 18 m deep rectangle large enough for the centre on its floors with the ground-floor share.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.markdown import replace_section
from constraints.standard import PROGRAMME_FUNCTIONS, load_standard
from layout import generate

DEPTH_M = 18.0
EXTRA_FUNCTIONS = ("culture", "service", "party", "deliberation")
EXTRA_AREAS = (20.0, 30.0, 40.0, 25.0, 35.0)
#: Floor area per floor over what the centre needs there (corridors, leftovers, walls).
SLACK = 1.3
SECTION = "scaling"  # its section of docs/benchmarks.md (benchmarks.markdown)


@dataclass(frozen=True)
class Case:
    rooms: int
    floors: int


def brief_text(case: Case, time_limit: float, seed: int) -> str:
    standard = load_standard("community")
    rooms = sorted(standard.rooms, key=lambda r: -r.min_area)
    keep: list[str] = []
    for function in PROGRAMME_FUNCTIONS:  # the largest room of every function first
        keep.append(next(r.id for r in rooms if r.function == function))
    keep += [r.id for r in rooms if r.id not in keep]
    keep = keep[: case.rooms]
    removed = [r.id for r in standard.rooms if r.id not in keep]
    extra = max(0, case.rooms - len(standard.rooms))
    room_m2 = sum(r.min_area for r in standard.rooms if r.id in keep)
    room_m2 += sum(EXTRA_AREAS[k % len(EXTRA_AREAS)] for k in range(extra))
    total = max(standard.total_min_m2, room_m2 * 1.35)
    # The rooms may grow to 1.6 × their minimum: scale a small programme up to the total.
    scale = min(1.0 if room_m2 * 1.5 >= total else total / (room_m2 * 1.5), 5.0)
    per_floor = max(total / case.floors, standard.ground_share_min * total) * SLACK
    length = round(per_floor / DEPTH_M, 1)
    lines = [
        f"# Generated: {case.rooms} programme rooms on {case.floors} floor(s).",
        "[site]",
        f'name = "scaling {case.rooms} rooms, {case.floors} floors"',
        'standard = "community"',
        "[footprint]",
        f"polygon = [[0, 0], [{length}, 0], [{length}, {DEPTH_M}], [0, {DEPTH_M}]]",
        "[building]",
        f"floors = {case.floors}",
        "[entrance]",
        f"point = [{round(length / 2, 1)}, 0]",
        "[solver]",
        f"time_limit = {time_limit:g}",
        f"seed = {seed}",
        "[programme]",
        f"scale = {scale:.3f}",
    ]
    for room_id in removed:
        lines += [f"[programme.rooms.{room_id}]", "remove = true"]
    for k in range(extra):
        lines += [
            "[[programme.add]]",
            f'id = "extra-{k + 1}"',
            f'function = "{EXTRA_FUNCTIONS[k % len(EXTRA_FUNCTIONS)]}"',
            f'name = "附加用房{k + 1}"',
            f"min_area = {EXTRA_AREAS[k % len(EXTRA_AREAS)]}",
        ]
    return "\n".join(lines) + "\n"


def measure(case: Case, time_limit: float, seed: int, workdir: Path) -> dict[str, object]:
    path = workdir / f"scaling-{case.rooms}-{case.floors}.toml"
    path.write_text(brief_text(case, time_limit, seed), encoding="utf-8")
    result = generate(path, seed=seed)
    hard = [c for c in result.checks if c.hard]
    return {
        "rooms": case.rooms,
        "floors": case.floors,
        "status": result.status,
        "first": result.timings.get("first_solution"),
        "final": result.timings.get("last_solution"),
        "total": result.timings.get("total"),
        "hard": f"{sum(c.passed for c in hard)}/{len(hard)}" if hard else "-",
        "reason": "; ".join(result.reasons)[:120],
    }


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| rooms | floors | status | first valid plan (s) | final plan (s) | total (s) "
        "| hard rules passed |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        first = f"{r['first']:.1f}" if r["first"] is not None else "-"
        final = f"{r['final']:.1f}" if r["final"] is not None else "-"
        status = r["status"] if r["first"] is not None else f"{r['status']} ({r['reason']})"
        lines.append(
            f"| {r['rooms']} | {r['floors']} | {status} | {first} | {final} "
            f"| {r['total']:.1f} | {r['hard']} |"
        )
    return "\n".join(lines)


def plot(rows: list[dict[str, object]], path: Path, time_limit: float) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for floors, colour in zip((1, 2, 3), ("tab:blue", "tab:orange", "tab:green"), strict=False):
        mine = [r for r in rows if r["floors"] == floors]
        for key, style, label in (("first", "o-", "first valid"), ("final", "s--", "final")):
            pts = [(r["rooms"], r[key]) for r in mine if r[key] is not None]
            if pts:
                xs, ys = zip(*pts, strict=True)
                ax.plot(xs, ys, style, color=colour, label=f"{floors} floor(s): {label}")
        for r in mine:
            if r["first"] is None:
                ax.plot(r["rooms"], time_limit, "x", color=colour, markersize=10)
    ax.axhline(10, color="grey", linewidth=0.8, linestyle=":")
    ax.set_xlabel("programme rooms")
    ax.set_ylabel("seconds from start")
    ax.set_title(f"onezone: first valid and final plan (limit {time_limit:g} s; × = no plan)")
    ax.legend(fontsize=7, ncol=2)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def write_section(path: Path, text: str, command: str, started: datetime, host: str) -> None:
    body = (
        "## Scaling: generated briefs\n\n"
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {host}, Python "
        f"{platform.python_version()}, with\n\n```\n.venv/bin/{command}\n```\n\n"
        "Generated community-standard briefs (see `benchmarks/scaling.py`): *rooms* counts the "
        "programme's rooms; the engine adds lobby, corridors, stairs and toilets. *First valid "
        "plan* is when the model's first complete plan was found, *final plan* when the last "
        "improving one was; *hard rules passed* is the independent checker's count on the "
        "final plan. Plot: `docs/images/scaling.png`.\n\n"
        f"{text}\n\n![scaling](images/scaling.png)\n"
    )
    replace_section(path, SECTION, body)


def main(argv: list[str] | None = None) -> None:
    from benchmarks.flp.report import machine

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, nargs="+", default=[8, 15, 30, 60])
    parser.add_argument("--floors", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", type=Path, default=None)
    parser.add_argument("--plot", type=Path, default=None)
    args = parser.parse_args(argv)
    started = datetime.now(UTC)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for floors in args.floors:
            for rooms in args.rooms:
                row = measure(Case(rooms, floors), args.time_limit, args.seed, Path(tmp))
                print(row, file=sys.stderr, flush=True)
                rows.append(row)
    text = table(rows)
    print(text)
    if args.plot:
        plot(rows, args.plot, args.time_limit)
    if args.write:
        given = argv if argv is not None else sys.argv[1:]
        command = " ".join(["python -m benchmarks.scaling", *given])
        write_section(args.write, text, command, started, machine())


if __name__ == "__main__":
    main()
