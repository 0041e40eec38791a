"""User-facing errors and findings.

Every problem a user can fix carries a Location, so the CLI can print it as `path:line: message`.
Internal bugs are ordinary exceptions and may show a traceback; user errors never do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from generator.terminal import one_line


@dataclass(frozen=True, order=True)
class Location:
    """A place in a content file.

    Line and column are 1-based; 0 means unknown.
    """

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        # Always path:line, so editors and scripts can parse every message; a whole-file problem is
        # line 1. Control characters in a file name are escaped so one message stays on one line.
        return f"{one_line(self.file)}:{self.line or 1}"


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem found in the content or the plan: a message tied to a place."""

    level: Level
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.level.value}: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.file, self.location.line, self.location.column, self.message)


class InfoprepError(Exception):
    """Base for every error meant for the user rather than for a developer."""


class ContentError(InfoprepError):
    """The content folder has one or more errors; all of them, sorted, are in `findings`."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(findings, key=Finding.sort_key)
        super().__init__("\n".join(str(f) for f in self.findings))


class OutputError(InfoprepError):
    """The output folder cannot be used or written; nothing was changed."""


class MissingExtra(InfoprepError):
    """A command needs an optional part of infoprep that is not installed (exit code 1); the message
    says the one command that adds it."""


class UsageError(InfoprepError):
    """The command was asked for something it cannot do (exit code 2)."""


@dataclass
class FindingList:
    """Collects findings while a stage runs, so every error is reported at once."""

    items: list[Finding] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.items.append(Finding(Level.ERROR, location, message))

    def warning(self, location: Location, message: str) -> None:
        self.items.append(Finding(Level.WARNING, location, message))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.level is Level.ERROR]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.errors)
