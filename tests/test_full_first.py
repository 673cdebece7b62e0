"""The ground-floor stage first asks for a floor already full, then for any layout. The first
ask gets a share of the stage's time but at most FULL_FIRST_MAX_S of wall clock: on one long
storey it had taken most of a 60 s run where any layout came at once. A deterministic run
keeps the share alone (its budgets never depend on the clock)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from layout import strategy
from layout.brief import SolverSettings
from layout.solve import SolveOutcome


def _budgets(monkeypatch: pytest.MonkeyPatch, seconds: float, deterministic: bool) -> list:
    asked: list[float] = []

    def run(model, settings, rooms, report, **options):
        asked.append(settings.time_limit)
        return None, SolveOutcome("UNKNOWN", None, None, 0.0, None, None, 0, False)

    monkeypatch.setattr(strategy, "run", run)
    model = SimpleNamespace(clear_assumptions=lambda: None)
    stage = SimpleNamespace(
        index=0, layout=SimpleNamespace(model=model), rooms=8, name="floor 1", needed=0
    )
    settings = replace(SolverSettings(), deterministic=deterministic)
    strategy._first_layout(stage, seconds, settings, 0.0)  # type: ignore[arg-type]
    return asked


def test_the_full_floor_search_is_capped_then_any_layout_gets_the_rest(monkeypatch) -> None:
    full, any_layout = _budgets(monkeypatch, 30.0, deterministic=False)
    assert full == strategy.FULL_FIRST_MAX_S < 30.0 * strategy.FULL_FIRST_SHARE
    assert any_layout == pytest.approx(30.0 - full)


def test_a_short_stage_and_a_deterministic_run_keep_the_share(monkeypatch) -> None:
    assert _budgets(monkeypatch, 5.0, deterministic=False)[0] == 5.0 * strategy.FULL_FIRST_SHARE
    assert _budgets(monkeypatch, 30.0, deterministic=True)[0] == 30.0 * strategy.FULL_FIRST_SHARE
