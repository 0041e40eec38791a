"""A content folder read, checked and planned, with its theme: what every command starts from.

`build`, `check`, `followup`, `who`, `targets` and `publish` all begin here, so a folder that one
of them refuses, every one refuses with the same `path:line: message`. Nothing is written.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import ContentError, FindingList, Location
from generator.render.theme import Theme, ThemeNotFound, resolve_theme

if TYPE_CHECKING:
    from generator.content.trip import Trip
    from generator.plan.plan import Plan


def load_and_plan(
    content: Path, today: date | datetime, built_at: datetime | None = None
) -> tuple[Trip, Plan, Theme]:
    """Stages 1 and 2, and the theme: everything `check` needs, nothing written."""
    from generator.content.load import load
    from generator.plan.plan import make_plan

    trip = load(content, str(content))
    findings = FindingList()
    try:
        theme = resolve_theme(trip.info.theme, trip.root)
    except ThemeNotFound as exc:
        findings.error(trip.source.at("theme"), str(exc))
        raise ContentError(findings.items) from None
    for problem in theme.problems():  # the content folder's own were refused by load()
        if not problem.path.absolute().is_relative_to(content.absolute()):
            findings.error(Location(_shown(problem.path, content)), f"this {problem.message}")
    findings.raise_if_errors()
    return trip, make_plan(trip, today, built_at), theme


def _shown(path: Path, content: Path) -> str:
    """A path as the user knows it: inside the content folder by the name they typed, else as
    it is."""
    try:
        return f"{content}/{path.relative_to(content).as_posix()}"
    except ValueError:
        return str(path)
