"""`infoprep check`: everything `build` would stop on or warn about, found without writing anything.

Besides reading and planning the trip (build.load_and_plan), it renders the trip's own templates
against the real contexts (render/template_check.py) and asks whether a private build would find its
passphrase, so a clean `check` means a clean `build`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from generator.content.trip import Trip
from generator.errors import ContentError, Finding, Level
from generator.plan.dates import DateStyle
from generator.plan.plan import Plan
from generator.reading import load_and_plan
from generator.render.theme import CompiledTemplates


@dataclass(frozen=True)
class CheckReport:
    trip: Trip
    plan: Plan
    findings: tuple[Finding, ...]
    """Warnings of the plan, and errors `build` would stop on (template mistakes), sorted by file
    and line."""

    @property
    def errors(self) -> int:
        return sum(f.level is Level.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level is Level.WARNING for f in self.findings)

    def other_zones(self) -> list[str]:
        """One line per meeting set in another time zone, with both clocks: the time to be at the
        screen, and theirs, each by its city ("08:00 Dublin time"), as the pages and drafts write
        them: an abbreviation is ambiguous (IST is Dublin's and India's) or only an offset
        ("+08").

        The terminal speaks English (docs/languages.md), so the cities are named in English
        ("Tokyo", not a German trip's "Tokio"); the dates follow the trip's locale, as in every
        other line `check` prints.
        """
        dates, english = self.plan.dates, DateStyle()
        lines = []
        for slot in self.plan.schedule.slots:
            if slot.other_zone:
                here, there = self.trip.info.timezone, slot.meeting.entry.timezone
                ours = f"{dates.when(slot.start)} {english.zone_name(here)} time"
                theirs = f"{dates.when(slot.own_start)} {english.zone_name(there)} time"
                name = slot.meeting.person.profile.name
                lines.append(f"  {ours} for you = {theirs} for {name}")
        return lines

    def summary(self, content: Path) -> str:
        trip, plan = self.trip, self.plan
        lines = []
        zones = self.other_zones()
        if zones:
            lines += [
                "Meetings in another time zone (start: is read in the meeting's timezone:, shown "
                f"in {trip.info.timezone}):",
                *zones,
            ]
        lines.append(
            f"{content}: {len(plan.packets)} meetings, {len(trip.people)} people, "
            f"{len(trip.companies)} organisations; "
            f"{self.errors} error{'s' * (self.errors != 1)}, {self.warnings} "
            f"warning{'s' * (self.warnings != 1)}"
        )
        return "\n".join(lines)


def _passphrase(trip: Trip, environ: Mapping[str, str]) -> list[Finding]:
    """A private trip whose build would stop for want of a passphrase: a warning now (the passphrase
    is given when building, maybe in another shell), with the same words the build would use."""
    site = trip.info.site
    if not site.private:
        return []
    from generator.publish.seal import PassphraseProblem, check_passphrase

    passphrase = environ.get(site.password_env, "")
    where = trip.source.at("site")
    if not passphrase:
        return [
            Finding(
                Level.WARNING,
                where,
                f"site.private is true but {site.password_env} is not set in this shell, so a "
                "build here would stop; "
                f"set it before building: read -rs {site.password_env} && export "
                f"{site.password_env}",
            )
        ]
    try:
        check_passphrase(passphrase)
    except PassphraseProblem as exc:
        return [Finding(Level.WARNING, where, f"{site.password_env}: {exc}; a build would stop")]
    return []


def run_check(
    content: Path,
    today: date | datetime,
    environ: Mapping[str, str],
    compiled: CompiledTemplates | None = None,
) -> CheckReport:
    """Raises ContentError for content errors (as `build` would); template mistakes are in the
    report. `compiled`: templates compiled by an earlier command of this process."""
    from generator.render.draft_lint import lint_drafts
    from generator.render.template_check import check_templates

    trip, plan, theme = load_and_plan(content, today)
    try:
        extra = [*check_templates(plan, theme, compiled), *_passphrase(trip, environ)]
    except ContentError as exc:  # a template that cannot even be loaded
        extra = list(exc.findings)
    else:
        extra += lint_drafts(plan, theme, compiled)
    findings = tuple(sorted([*plan.findings, *extra], key=Finding.sort_key))
    return CheckReport(trip, plan, findings)
