"""Running CP-SAT: parameters, live progress, Ctrl-C and time limits that keep the best plan."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from layout.brief import SolverSettings

#: Search workers of a deterministic run.
DETERMINISTIC_WORKERS = 1


@dataclass(frozen=True)
class Progress:
    """One progress event: a new solution or a better bound."""

    elapsed: float
    objective: float | None
    bound: float | None
    solutions: int
    rooms_placed: int
    rooms_total: int
    phase: str = "plan"

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        if abs(self.objective) < 1e-9:
            return 0.0
        return abs(self.objective - self.bound) / abs(self.objective)


@dataclass(frozen=True)
class SolveOutcome:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID
    objective: float | None
    bound: float | None
    wall_time: float
    first_solution_time: float | None
    last_solution_time: float | None
    solutions: int
    interrupted: bool
    #: What ``keep`` read from the last solutions found, (objective, value), best last.
    kept: tuple[tuple[float, Any], ...] = ()

    @property
    def has_solution(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(
        self,
        rooms_total: int,
        report: Callable[[Progress], None] | None,
        phase: str,
        started: float,
        keep: Callable[[cp_model.CpSolverSolutionCallback], Any] | None = None,
        keep_last: int = 0,
    ) -> None:
        super().__init__()
        self.keep = keep
        self.kept: deque[tuple[float, Any]] = deque(maxlen=max(1, keep_last))
        self.start = started
        self.phase = phase
        self.rooms_total = rooms_total
        self.report = report
        self.solutions = 0
        self.first: float | None = None
        self.objective: float | None = None
        self.bound: float | None = None
        self.last_solution: float | None = None

    def on_solution_callback(self) -> None:
        self.solutions += 1
        self.last_solution = time.perf_counter()
        elapsed = self.last_solution - self.start
        if self.first is None:
            self.first = elapsed
        self.objective = self.objective_value
        self.bound = self.best_objective_bound
        if self.keep is not None:
            self.kept.append((self.objective, self.keep(self)))
        self._emit(elapsed)

    def on_bound(self, bound: float) -> None:
        self.bound = bound
        self._emit(time.perf_counter() - self.start)

    def _emit(self, elapsed: float) -> None:
        if self.report is not None:
            placed = self.rooms_total if self.solutions else 0
            self.report(
                Progress(
                    elapsed,
                    self.objective,
                    self.bound,
                    self.solutions,
                    placed,
                    self.rooms_total,
                    self.phase,
                )
            )


def solver_parameters(
    settings: SolverSettings, solver: cp_model.CpSolver, packing: bool = False
) -> None:
    """Seeded search; deterministic mode replaces the wall clock by CP-SAT's deterministic time
    on one worker, so repeated runs give the same answer. (Interleaved parallel workers were
    measured to vary from run to run on hinted models with an objective.)"""
    p = solver.parameters
    p.random_seed = settings.seed
    p.catch_sigint_signal = False
    # Dense floors with circulation are packing problems: CP-SAT's stronger no-overlap
    # reasoning turns minute-long searches for a first plan into seconds on the bundled
    # samples. Plain packings (facility layout) were measured better without it (10 s runs:
    # SC30 10 042 against 14 597, Ba14 5 575 against 6 528).
    if not packing:
        p.use_timetabling_in_no_overlap_2d = True
        p.use_energetic_reasoning_in_no_overlap_2d = True
        p.use_area_energetic_reasoning_in_no_overlap_2d = True
        p.use_try_edge_reasoning_in_no_overlap_2d = True
    if settings.workers:
        p.num_workers = settings.workers
    if settings.deterministic:
        p.num_workers = DETERMINISTIC_WORKERS
        p.max_deterministic_time = settings.time_limit
    else:
        p.max_time_in_seconds = settings.time_limit


def run(
    model: cp_model.CpModel,
    settings: SolverSettings,
    rooms_total: int,
    report: Callable[[Progress], None] | None = None,
    phase: str = "plan",
    started: float | None = None,
    fix_hint: bool = False,
    patience: float | None = None,
    stop_at_first: bool = False,
    keep: Callable[[cp_model.CpSolverSolutionCallback], Any] | None = None,
    keep_last: int = 0,
    packing: bool = False,
) -> tuple[cp_model.CpSolver, SolveOutcome]:
    """Solve in a worker thread so that Ctrl-C stops the search and keeps the best plan.

    ``started`` is the clock reading progress times count from (the whole run's start).
    ``fix_hint`` turns the model's hint into fixed values: a quick check that it is a solution.
    ``patience`` stops the search once a plan exists and none better came for that many seconds
    (intermediate stages use it to hand their time on; it makes runs time-dependent).
    ``keep`` reads a value (a placement) from each solution as it is found; the last
    ``keep_last`` of them come back in the outcome, so a caller can fall back on a runner-up.
    ``packing`` marks a plain packing (no circulation), solved with CP-SAT's default
    no-overlap reasoning.
    """
    solver = cp_model.CpSolver()
    solver_parameters(settings, solver, packing)
    if fix_hint:
        solver.parameters.fix_variables_to_their_hinted_value = True
    if stop_at_first:
        solver.parameters.stop_after_first_solution = True
    watcher = _Watcher(rooms_total, report, phase, started or time.perf_counter(), keep, keep_last)
    solver.best_bound_callback = watcher.on_bound
    result: dict[str, int] = {}
    interrupted = False

    done = threading.Event()

    def work() -> None:
        try:
            result["status"] = solver.solve(model, watcher)
        finally:
            done.set()

    # Waiting on an Event, not Thread.join: an interrupted join() can leave Python believing
    # the thread has ended while the solver still runs.
    thread = threading.Thread(target=work, name="cp-sat", daemon=True)
    started = time.perf_counter()
    thread.start()
    while not done.is_set():
        try:
            done.wait(0.1)
        except KeyboardInterrupt:
            interrupted = True
            solver.stop_search()
            continue
        last = watcher.last_solution
        if patience is not None and last is not None and time.perf_counter() - last > patience:
            solver.stop_search()
    thread.join()
    wall = time.perf_counter() - started
    status = solver.status_name(result.get("status", cp_model.UNKNOWN))
    has = status in ("OPTIMAL", "FEASIBLE")
    return solver, SolveOutcome(
        status=status,
        objective=solver.objective_value if has else None,
        bound=solver.best_objective_bound if has else None,
        wall_time=wall,
        first_solution_time=watcher.first,
        last_solution_time=(
            watcher.last_solution - watcher.start if watcher.last_solution is not None else None
        ),
        solutions=watcher.solutions,
        interrupted=interrupted,
        kept=tuple(watcher.kept) if keep is not None else (),
    )
