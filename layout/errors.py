"""Errors a user can act on: bad input (exit 2) and briefs that cannot be met (exit 1)."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input: names the file, the field and the fix. The CLI prints it and exits with 2."""

    def __init__(self, file: str | Path, field: str, problem: str, fix: str) -> None:
        self.file = str(file)
        self.field = field
        self.problem = problem
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.problem}\n  fix: {self.fix}"


class InfeasibleBrief(Exception):
    """The brief cannot be met. ``reasons`` are plain sentences with the numbers."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))
