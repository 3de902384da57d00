"""One family of errors; the CLI turns each into a one-line message and a non-zero exit."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ExplorerError", "Problem", "InvalidDataset", "NameNotFound", "AmbiguousName", "UsageError"]


class ExplorerError(Exception):
    """Base of every error a user can cause and fix."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a dataset: where, which entity, what, and how to fix it."""

    file: str
    line: int | None
    entity: str | None
    message: str
    fix: str = ""
    severity: str = "error"
    rule: str = ""  # the consistency rule broken (explorer.rules), if any

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        who = f" [{self.entity}]" if self.entity else ""
        fix = f" (fix: {self.fix})" if self.fix else ""
        level = "" if self.severity == "error" else f"{self.severity}: "
        rule = f"{self.rule}: " if self.rule else ""
        return f"{where}:{who} {level}{rule}{self.message}{fix}"


class InvalidDataset(ExplorerError):
    """The dataset has problems; nothing was written anywhere."""

    def __init__(self, problems: list[Problem], path: str = ""):
        self.problems = problems
        self.path = path
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in dataset {path}".strip())


class NameNotFound(ExplorerError):
    """No entity has that id, name or alias."""


class AmbiguousName(ExplorerError):
    """Several entities answer to that name."""


class UsageError(ExplorerError):
    """Options that cannot work together, or a value out of range."""
