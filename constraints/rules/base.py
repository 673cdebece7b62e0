"""What a rule is: a check of a finished plan, and (for model rules) a constraint posted
into the layout model. Adding a rule means writing one class and listing it in the registry."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from constraints.context import LayoutContext
from constraints.plan_view import PlanView


@dataclass(frozen=True)
class RuleResult:
    """The measured outcome of one rule on one plan."""

    rule: str
    title: str
    hard: bool
    passed: bool
    required: str
    measured: str
    details: tuple[str, ...] = ()
    source: str = ""
    weight: int = 0  # preferences: the weight lost when missed

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "title": self.title,
            "hard": self.hard,
            "passed": self.passed,
            "required": self.required,
            "measured": self.measured,
            "details": list(self.details),
            "source": self.source,
            "weight": self.weight,
        }


class PlanCheck(ABC):
    """A rule measured on a plan's geometry. Structural checks (containment, overlap,
    circulation) are only this: the engine's geometry enforces them by construction."""

    id: str = ""
    title: str = ""
    hard: bool = True
    source: str = ""

    @abstractmethod
    def check(self, plan: PlanView) -> RuleResult: ...

    def result(self, passed: bool, required: str, measured: str, **kw: object) -> RuleResult:
        return RuleResult(
            rule=self.id,
            title=self.title,
            hard=self.hard,
            passed=passed,
            required=required,
            measured=measured,
            source=self.source,
            **kw,  # type: ignore[arg-type]
        )


class ModelRule(PlanCheck):
    """A rule that also posts itself into the layout model (hard constraint or penalty).

    ``whole_plan`` rules (total area, ground-floor share, functions present) speak of the plan
    as a whole; the engine leaves them out when it lays out one floor at a time.
    """

    whole_plan: bool = False

    @abstractmethod
    def post(self, ctx: LayoutContext) -> None: ...


@dataclass
class RuleSet:
    """The rules of one requirements record: model rules first, then structural checks."""

    model_rules: list[ModelRule] = field(default_factory=list)
    checks: list[PlanCheck] = field(default_factory=list)

    def all(self) -> list[PlanCheck]:
        return [*self.model_rules, *self.checks]
