"""onezone's engine: brief → CP-SAT layout → checked plan."""

from layout.generate import Result, generate

__all__ = ["Result", "generate"]
