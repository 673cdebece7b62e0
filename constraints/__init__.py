"""The rules of onezone: standards as data, and rules that post themselves into the layout
model and check finished plans independently of the solver."""

from constraints.requirements import Requirements
from constraints.rules import build_rules, check_plan
from constraints.standard import (
    FUNCTIONS,
    PROGRAMME_FUNCTIONS,
    Standard,
    list_standards,
    load_standard,
)

__all__ = [
    "FUNCTIONS",
    "PROGRAMME_FUNCTIONS",
    "Requirements",
    "Standard",
    "build_rules",
    "check_plan",
    "list_standards",
    "load_standard",
]
