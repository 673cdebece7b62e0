"""Why a brief cannot be met, and what would fix it.

1. The exact prechecks (``layout.precheck``) answer at once, with numbers; each finding gets
   the brief changes that would close its gap, computed from those numbers.
2. Beyond them, the model is asked for any plan (a feasibility question) with the rules a
   designer recognises (``rule_groups``: one sentence of the standard or the brief each)
   switched off and on. A deletion filter shrinks the set in conflict until switching off any
   one of its rules gives a plan: a minimal conflicting set. Every question has a time budget;
   a question the solver could not answer in it keeps its rule in the set, and the set is then
   reported as not proven minimal.
3. Every proposed change is tried on the changed brief by the same search. The diagnosis says
   which ones were verified (a plan found), which did not help, and which were not tried.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from constraints.requirements import Requirements
from layout import relax
from layout.brief import Brief, SolverSettings
from layout.errors import InputError
from layout.precheck import Finding, findings
from layout.programme import EngineSettings, build_programme
from layout.relax import Change
from layout.site import Site, prepare_site
from layout.strategy import lay_out

#: Seconds for the whole diagnosis by default, and at most for one feasibility question.
BUDGET_S = 300.0
QUESTION_S = 90.0
#: Head room added to an area a change must reach (grid cells lost at walls, circulation).
AREA_MARGIN = 1.15
MAX_FLOORS = 6

PLAN, NONE, UNKNOWN = "plan", "none", "unknown"


@dataclass(frozen=True)
class Relaxation:
    """A proposed brief change and what trying it showed."""

    text: str
    toml: str
    verdict: str  # "verified" | "not enough" | "undecided" | "not tried"
    detail: str
    brief: Brief | None = field(default=None, compare=False, repr=False)  # the changed brief

    def to_dict(self) -> dict[str, str]:
        return {
            "change": self.text,
            "brief": self.toml,
            "verdict": self.verdict,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Conflict:
    """Rules that cannot all hold, why (with numbers), and what would fix it."""

    rules: tuple[str, ...]
    why: str
    relaxations: tuple[Relaxation, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rules": list(self.rules),
            "why": self.why,
            "relaxations": [r.to_dict() for r in self.relaxations],
        }


@dataclass
class Diagnosis:
    """The answer to "why can't my building hold the programme?"."""

    site: str
    brief: str
    verdict: str  # "cannot be met" | "can be met" | "undecided"
    summary: str
    conflicts: list[Conflict] = field(default_factory=list)
    minimal: bool | None = None  # the conflicting set proven minimal (model conflicts only)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    budget: float = BUDGET_S

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "brief": self.brief,
            "verdict": self.verdict,
            "summary": self.summary,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "minimal": self.minimal,
            "notes": self.notes,
            "seconds": round(self.seconds, 1),
            "budget_s": self.budget,
        }


@dataclass(frozen=True)
class RuleGroup:
    """A rule as a designer knows it, and how to switch it off in the model."""

    id: str
    sentence: str
    off: Callable[[Requirements], Requirements]
    fixes: Callable[[Brief, Requirements], list[Change]]


class _Clock:
    """The diagnosis's time budget, and the changes already tried (by their brief lines)."""

    def __init__(self, budget: float) -> None:
        self.started = time.perf_counter()
        self.budget = budget
        self.tried: dict[str, tuple[str, str]] = {}

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def question_s(self) -> float:
        return min(QUESTION_S, self.budget - self.elapsed)


def diagnose(
    brief: Brief,
    budget: float = BUDGET_S,
    settings: SolverSettings | None = None,
    proven_infeasible: bool = False,
) -> Diagnosis:
    """Diagnose ``brief`` within about ``budget`` seconds (``settings``: seed and workers).
    ``proven_infeasible``: a search has already proved that the brief has no plan (as
    ``generate`` does before it diagnoses), so that question is not asked again."""
    clock = _Clock(budget)
    settings = settings or brief.solver
    req, engine, _standard = build_programme(brief)
    site = prepare_site(brief, engine.module)
    result = Diagnosis(brief.site_name, str(brief.path), "undecided", "", budget=budget)
    found = findings(req, engine, site)
    if found:
        result.verdict = "cannot be met"
        result.summary = (
            f"the brief cannot be met: {len(found)} exact check(s) fail before any layout is tried"
        )
        for finding in found:
            fixes = _finding_fixes(brief, req, site, finding)
            result.conflicts.append(
                Conflict((finding.rule,), finding.text, _tried(fixes, clock, settings, finding))
            )
    else:
        _model_diagnosis(brief, req, engine, site, settings, clock, result, proven_infeasible)
    result.seconds = clock.elapsed
    return result


# ---- model conflicts ------------------------------------------------------------------------


def _model_diagnosis(
    brief: Brief,
    req: Requirements,
    engine: EngineSettings,
    site: Site,
    settings: SolverSettings,
    clock: _Clock,
    result: Diagnosis,
    proven_infeasible: bool,
) -> None:
    groups = rule_groups(req)
    answer = NONE if proven_infeasible else _ask(req, engine, site, settings, clock)
    if answer == PLAN:
        result.verdict = "can be met"
        result.summary = "the brief can be met: the search found a plan; nothing to diagnose"
        return
    if answer == UNKNOWN:
        result.summary = (
            f"undecided: the search found no plan and no proof that none exists within "
            f"{QUESTION_S:g} s; run onezone generate with a longer --time-limit"
        )
        return
    result.verdict = "cannot be met"
    core = list(groups)
    minimal = True
    # Design rules first, the standard's area rules last: while a question is asked, the
    # rules not yet tested stay on, and a brief that keeps its area rules is the kind of
    # brief the search is tuned for (switched off, they let a plan empty the ground floor).
    for group in reversed(list(core)):
        if clock.question_s() < 1.0:
            minimal = False
            result.notes.append("time budget spent before every rule was tested")
            break
        trial = _switched_off(req, [g for g in groups if g not in core or g is group])
        answer = _ask(trial, engine, site, settings, clock)
        if answer == NONE:
            core.remove(group)  # the conflict holds without it
        elif answer == UNKNOWN:
            minimal = False
            result.notes.append(f"{group.id}: no answer in time, kept in the set")
    if not core:  # every rule switched off, and still no plan: the plan itself does not fit
        why = (
            "the rooms at their minimum sizes, with the lobby, corridors, stairs and doors, do "
            "not fit the footprint, even with every other rule switched off"
        )
        result.minimal = True
        result.summary = "the brief cannot be met: " + why
        fixes = _tried(_space_fixes(brief, req, site), clock, settings)
        result.conflicts.append(Conflict(("room-sizes", "circulation"), why, fixes))
        return
    result.minimal = minimal
    sentences = "; ".join(f"{g.sentence} ({g.id})" for g in core)
    why = f"these rules cannot all hold in this footprint: {sentences}. " + (
        "Switching off any one of them gives a plan."
        if minimal
        else "The set may not be minimal (see notes)."
    )
    fixes = [change for g in core for change in g.fixes(brief, req)]
    result.summary = "the brief cannot be met: " + why
    result.conflicts.append(
        Conflict(tuple(g.id for g in core), why, _tried(fixes, clock, settings))
    )


def rule_groups(req: Requirements) -> list[RuleGroup]:
    """The model's hard rules a designer recognises, each with its switch and its fixes; the
    rooms' sizes, circulation, stairs and doors are the plan itself and stay on."""
    groups = [
        RuleGroup(
            "total-area",
            f"the centre has at least {req.total_min_m2:.0f} m² ({req.standard} standard)",
            lambda r: replace(r, total_min_m2=0.0),
            lambda b, r: [relax.larger_footprint(b, 1.1), relax.more_floors(b, b.floors + 1)],
        ),
        RuleGroup(
            "ground-floor-share",
            f"the ground floor holds at least {req.ground_share_min:.0%} of the centre",
            lambda r: replace(r, ground_share_min=0.0),
            lambda b, r: [relax.larger_footprint(b, 1.15, ground_only=b.floors > 1)],
        ),
    ]
    for spec in req.rooms:
        if spec.floors is None:
            continue

        def off(r: Requirements, room: str = spec.id) -> Requirements:
            return replace(
                r, rooms=tuple(replace(s, floors=None) if s.id == room else s for s in r.rooms)
            )

        def fixes(b: Brief, r: Requirements, room: str = spec.id) -> list[Change]:
            spec_now = next(s for s in r.rooms if s.id == room)
            return [relax.room_on_floors(b, spec_now, tuple(range(1, b.floors + 1)))]

        where = ", ".join(str(lv) for lv in spec.floors)
        groups.append(
            RuleGroup(f"room-floors:{spec.id}", f"{spec.name} stands on floor {where}", off, fixes)
        )
    for pref in req.preferences:
        if pref.kind != "adjacent" or not pref.required:
            continue

        def wish(r: Requirements, a: str = pref.a, b: str = pref.b) -> Requirements:
            prefs = tuple(
                replace(p, required=False) if p.kind == "adjacent" and (p.a, p.b) == (a, b) else p
                for p in r.preferences
            )
            return replace(r, preferences=prefs)

        def as_wish(b: Brief, r: Requirements, x: str = pref.a, y: str = pref.b) -> list[Change]:
            return [relax.adjacency_wish(b, x, y)]

        groups.append(
            RuleGroup(
                f"adjacent:{pref.a}:{pref.b}",
                f"{pref.a} shares a wall with {pref.b} (required by the brief)",
                wish,
                as_wish,
            )
        )
    if any(p.kind == "separate" and p.required for p in req.preferences):

        def apart_as_wish(r: Requirements) -> Requirements:
            prefs = tuple(
                replace(p, required=False) if p.kind == "separate" else p for p in r.preferences
            )
            return replace(r, preferences=prefs)

        groups.append(
            RuleGroup(
                "separate:quiet-noisy",
                "quiet rooms share no wall with noisy ones",
                apart_as_wish,
                lambda b, r: [relax.separation_off(b)],
            )
        )
    d = req.design
    if any(r.daylight for r in req.rooms) and d.daylight_facade_m > 0:
        groups.append(
            RuleGroup(
                "daylight",
                f"rooms that need daylight touch the facade for {d.daylight_facade_m:g} m",
                lambda r: replace(r, rooms=tuple(replace(s, daylight=False) for s in r.rooms)),
                lambda b, r: [
                    relax.design_figure(
                        b,
                        "daylight_facade_m",
                        round(d.daylight_facade_m / 2, 1),
                        f"ask {d.daylight_facade_m / 2:.1f} m of facade per daylit room "
                        f"instead of {d.daylight_facade_m:g} m",
                    )
                ],
            )
        )
    if d.street_front:
        groups.append(
            RuleGroup(
                "street-frontage",
                "the display zone and the service hall face the street at the entrance",
                lambda r: replace(r, design=replace(r.design, street_front=())),
                lambda b, r: [relax.entrance_on_longest_wall(b), relax.street_frontage_off(b)],
            )
        )
    if req.lift:
        groups.append(
            RuleGroup(
                "lift",
                f"an accessible lift ({d.lift_shaft_m:g} m shaft) at one place on every floor",
                lambda r: replace(r, lift=False),
                lambda b, r: [relax.larger_footprint(b, 1.1)],
            )
        )
    if req.floors > 1:
        groups.append(
            RuleGroup(
                "egress",
                f"every room is within {d.egress_two_exits_m:g} m of a stair or exit",
                lambda r: replace(r, design=replace(r.design, egress_two_exits_m=1e6)),
                lambda b, r: [],
            )
        )
        groups.append(
            RuleGroup(
                "toilet-distance",
                f"toilets on every floor within {d.toilet_radius_m:g} m",
                lambda r: replace(r, design=replace(r.design, toilet_radius_m=1e6)),
                lambda b, r: [],
            )
        )
    return groups


def _switched_off(req: Requirements, groups: list[RuleGroup]) -> Requirements:
    for group in groups:
        req = group.off(req)
    return req


# ---- precheck fixes -------------------------------------------------------------------------


def _finding_fixes(brief: Brief, req: Requirements, site: Site, finding: Finding) -> list[Change]:
    """Brief changes that close the finding's gap, from its numbers."""
    what = finding.what
    fixes: list[Change] = []
    # On one floor, the ground floor and each floor's share are the whole centre's area.
    if what in ("centre", "programme") or (what in ("ground", "floor") and brief.floors == 1):
        # One change must clear every area check: aim at the larger of the two needs.
        fixes += _space_fixes(brief, req, site, max(finding.need_m2, req.total_min_m2))
        if what == "programme" and req.total_min_m2 <= finding.have_m2 / AREA_MARGIN:
            scale = _round_down(
                brief.programme_scale * finding.have_m2 / (finding.need_m2 * AREA_MARGIN)
            )
            fixes.append(relax.programme_scale(brief, scale))
    elif what == "reach":
        scale = _round_up(brief.programme_scale * finding.need_m2 / finding.have_m2 * 1.05)
        fixes.append(relax.programme_scale(brief, scale))
    elif what == "ground":
        factor = _factor(finding.need_m2 * AREA_MARGIN, site.usable_m2(1))
        fixes.append(relax.larger_footprint(brief, factor, ground_only=True))
    elif what == "floor" and finding.room is not None:
        spec = next(s for s in req.rooms if s.id == finding.room)
        fixes.append(relax.room_on_floors(brief, spec, tuple(range(1, brief.floors + 1))))
    elif what == "stairs" and brief.floor_footprints:
        fixes.append(relax.same_outline(brief))
    elif what == "shape" and finding.room is not None:
        spec = next(s for s in req.rooms if s.id == finding.room)
        fixes.append(relax.room_max_area(brief, spec, math.ceil(finding.need_m2)))
    elif what == "narrow" and finding.room is not None:
        spec = next(s for s in req.rooms if s.id == finding.room)
        across = finding.have_m2  # the footprint's narrow width, in metres
        if spec.min_side <= across:
            fixes.append(
                relax.room_min_area(brief, spec, math.floor(0.95 * across**2 * spec.max_aspect))
            )
    return fixes


def _space_fixes(
    brief: Brief, req: Requirements, site: Site, need_m2: float | None = None
) -> list[Change]:
    """More floor area: a larger footprint on the same floors, or more floors while the ground
    floor can still hold its share."""
    have = sum(site.usable_m2(lv) for lv in site.levels)
    need = need_m2 if need_m2 is not None else have * 1.1
    fixes = [relax.larger_footprint(brief, _factor(need * AREA_MARGIN, have))]
    per_floor = site.usable_m2(1)
    floors = math.ceil(need * AREA_MARGIN / per_floor)
    roomy = per_floor >= req.ground_share_min * need * AREA_MARGIN
    if brief.floors < floors <= MAX_FLOORS and not brief.floor_footprints and roomy:
        fixes.append(relax.more_floors(brief, floors))
    if brief.floors < MAX_FLOORS and not brief.floor_footprints:
        both = brief.floors + 1
        factor = _factor(need * AREA_MARGIN / both, per_floor)
        if factor > 1.0:
            change = relax.larger_footprint(relax.more_floors(brief, both).brief, factor)
            fixes.append(
                Change(
                    f"add a floor ({both} in all) and {change.text}",
                    f"[building]\nfloors = {both}\n{change.toml}",
                    change.brief,
                )
            )
    return fixes


def _factor(target_m2: float, have_m2: float) -> float:
    return _round_up(math.sqrt(target_m2 / have_m2)) if have_m2 > 0 else 2.0


def _round_up(x: float) -> float:
    return math.ceil(x * 20 - 1e-9) / 20


def _round_down(x: float) -> float:
    return max(0.05, math.floor(x * 20 + 1e-9) / 20)


# ---- trying changes --------------------------------------------------------------------------


def _tried(
    fixes: list[Change], clock: _Clock, settings: SolverSettings, finding: Finding | None = None
) -> tuple[Relaxation, ...]:
    """Try the changes in order until one gives a plan; the rest are listed as not tried."""
    out: list[Relaxation] = []
    verified = False
    for change in fixes:
        if change.toml in clock.tried:
            verdict, detail = clock.tried[change.toml]
        elif verified or clock.question_s() < 1.0:
            why = "another change was verified first" if verified else "time budget spent"
            out.append(Relaxation(change.text, change.toml, "not tried", why, change.brief))
            continue
        else:
            verdict, detail = _try_brief(change.brief, clock, settings, finding)
            clock.tried[change.toml] = (verdict, detail)
        verified = verdict == "verified"
        out.append(Relaxation(change.text, change.toml, verdict, detail, change.brief))
    return tuple(out)


def _try_brief(
    brief: Brief, clock: _Clock, settings: SolverSettings, finding: Finding | None
) -> tuple[str, str]:
    try:
        req, engine, _standard = build_programme(brief)
        site = prepare_site(brief, engine.module)
    except InputError as exc:
        return "not enough", f"the changed brief is not valid: {exc.message}"
    left = findings(req, engine, site)
    if left:
        cleared = finding is not None and all(
            (f.rule, f.what) != (finding.rule, finding.what) for f in left
        )
        head = "clears this check, but " if cleared else ""
        return "not enough", head + "still fails: " + left[0].text
    started = time.perf_counter()
    answer = _ask(req, engine, site, settings, clock)
    seconds = time.perf_counter() - started
    if answer == PLAN:
        return "verified", f"a plan found in {seconds:.1f} s"
    if answer == NONE:
        return "not enough", "the search proved that no plan exists with this change alone"
    return "undecided", f"no plan found within {seconds:.0f} s"


def _ask(
    req: Requirements, engine: EngineSettings, site: Site, settings: SolverSettings, clock: _Clock
) -> str:
    """Is there a plan? PLAN, NONE (proven) or UNKNOWN, within the question's budget."""
    if findings(req, engine, site):
        return NONE
    seconds = clock.question_s()
    if seconds < 1.0:
        return UNKNOWN
    outcome = lay_out(req, engine, site, replace(settings, time_limit=seconds), first_plan=True)
    if outcome.conflicts or outcome.status == "INFEASIBLE":
        return NONE
    return PLAN if outcome.placement is not None else UNKNOWN
