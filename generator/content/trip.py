"""The trip as read: every file validated and every reference resolved.

These are what the rest of the program works with. They wrap the file models (content/models.py)
with what only the folder knows: slugs, side-car notes and where each thing was written, so a later
finding can point at its line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.availability import Calendar
from generator.content.entry_models import BankQuestion, MeetingEntry, OpportunityEntry
from generator.content.models import CompanyFile, PersonFile, TripFile
from generator.errors import Finding, Location


@dataclass(frozen=True)
class Source:
    """Where a thing was written: its item's location and the line of each of its keys."""

    location: Location
    key_lines: Mapping[str, int] = field(default_factory=dict)

    def at(self, key: str) -> Location:
        line = self.key_lines.get(key)
        return Location(self.location.file, line) if line else self.location


@dataclass(frozen=True)
class Company:
    slug: str
    profile: CompanyFile
    research: str = field(repr=False)
    """The side-car companies/<slug>.md, or ''. Not in the object's text (`{{ company }}`): a page
    shows the notes only by naming the field (render/page_keys.py keys pages by that)."""

    source: Source

    @property
    def short(self) -> str:
        """The name drafts, cards and headings use: `short_name`, else `name` without its legal
        form."""
        from generator.content.names import everyday_name

        return self.profile.short_name or everyday_name(self.profile.name)


@dataclass(frozen=True)
class Person:
    slug: str
    profile: PersonFile
    research: str = field(repr=False)
    """The side-car people/<slug>.md, or ''. Not in the object's text, as Company.research."""

    source: Source
    company: Company | None
    introducer: str | None
    """Slug of the person who introduced them, when `connection.via` names one."""

    calendar: Calendar | None = None
    """What their `available_ics` file says about the trip's dates, if they sent one."""


@dataclass(frozen=True)
class Meeting:
    id: str
    """Stable, readable id used in output paths: date and person slug."""
    number: int
    """1-based position in schedule.yaml."""

    entry: MeetingEntry
    person: Person
    source: Source

    @property
    def company(self) -> Company | None:
        return self.person.company


@dataclass(frozen=True)
class Tracked:
    """One entry of opportunities.yaml, with where it was written."""

    entry: OpportunityEntry
    source: Source
    via: Person | None
    """The person `via` names, when it is a slug in people/."""


@dataclass(frozen=True)
class Trip:
    root: Path
    """The content folder."""

    info: TripFile
    people: Mapping[str, Person]
    companies: Mapping[str, Company]
    meetings: tuple[Meeting, ...]
    bank: tuple[BankQuestion, ...]
    bank_file: str
    """Where the question bank came from: a content path, or 'built-in'."""

    source: Source
    """trip.yaml and the line of each of its keys."""

    schedule_file: str
    """The display name of schedule.yaml, for findings about the week as a whole."""

    notices: tuple[Finding, ...] = ()
    """Warnings found while reading (stray files and the like)."""

    opportunities: tuple[Tracked, ...] = ()
    """The entries of opportunities.yaml (optional file), in file order."""
