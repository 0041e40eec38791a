"""One person as an export file describes them, before it is compared with the content folder."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from generator.content.models import ConnectionKind
from generator.errors import Location

T = TypeVar("T")

LINKEDIN = "LinkedIn"
GOOGLE = "Google Contacts"
VCARD = "vCard"

KIND_OF_LABEL: dict[str, ConnectionKind] = {
    "friend": ConnectionKind.FRIEND,
    "friends": ConnectionKind.FRIEND,
    "family": ConnectionKind.FAMILY,
    "alumni": ConnectionKind.ALUMNI,
    "alumnus": ConnectionKind.ALUMNI,
    "alumna": ConnectionKind.ALUMNI,
    "alumnae": ConnectionKind.ALUMNI,
    "colleague": ConnectionKind.COLLEAGUE,
    "colleagues": ConnectionKind.COLLEAGUE,
    "coworker": ConnectionKind.COLLEAGUE,
    "coworkers": ConnectionKind.COLLEAGUE,
    "co-worker": ConnectionKind.COLLEAGUE,
    "co-workers": ConnectionKind.COLLEAGUE,
    "referral": ConnectionKind.REFERRAL,
    "referrals": ConnectionKind.REFERRAL,
}
"""Labels (Google) and categories (vCard) that say how you know someone; others are only mentioned
in the note."""

SYSTEM_LABELS = frozenset({"mycontacts", "starred", "other", "imported"})
"""Google's own groups, which say nothing about the person."""


class ImportProblem(Exception):
    """A row or file that cannot be read: where, and what is wrong, in the user's terms."""

    def __init__(self, location: Location, message: str):
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")


class ImportProblems(Exception):
    """Every bad row of one file, so the user fixes them in one go."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def each_row(rows: Iterable[T], make: Callable[[T], Record]) -> list[Record]:
    """`make` applied to every row; the problems of all bad rows raised together."""
    records, problems = [], []
    for row in rows:
        try:
            records.append(make(row))
        except ImportProblem as exc:
            problems.append(exc)
    if problems:
        raise ImportProblems(problems)
    return records


@dataclass(frozen=True)
class Record:
    """A person as one row of a CSV or one vCard gives them; every field as written (trimmed)."""

    location: Location
    """FILE:LINE where the row or card starts."""

    source: str
    """LINKEDIN, GOOGLE or VCARD."""

    name: str
    """The full name, honorifics included ("Dr. Meera Raghunathan"); '' when the file gives none."""

    title: str | None = None
    organisation: str | None = None
    emails: tuple[str, ...] = ()
    """Preferred first."""

    phones: tuple[str, ...] = ()
    """Preferred first, as written."""

    linkedin: str | None = None
    websites: tuple[str, ...] = ()
    """Other web addresses."""

    note: str | None = None
    """The file's own notes about the person."""

    labels: tuple[str, ...] = ()
    """Google labels or vCard categories, system groups left out."""
    connected_on: date | None = None
    """LinkedIn: when you connected."""

    organisation_only: bool = False
    """A card for an organisation rather than a person (a vCard with ORG and no name)."""

    reading: str | None = None
    """How the name is read, in Latin letters, family name first, when the card says it (an
    iPhone's phonetic names, X-PHONETIC-LAST-NAME and -FIRST-NAME: "Suzuki Hanako" for
    鈴木 花子):
    a new person's slug, where spelling Han characters out would give their Chinese reading."""

    work_address: str | None = None
    """A vCard's work address (ADR;TYPE=WORK) on one line: a new company's `address`.

    A home address is never
    read: it does not belong in a company's file.
    """

    @property
    def kind(self) -> ConnectionKind | None:
        """How you know them, when a label says so ("Alumni", "Family")."""
        for label in self.labels:
            kind = KIND_OF_LABEL.get(label.casefold())
            if kind is not None:
                return kind
        return None

    @property
    def provenance(self) -> str:
        """Where the person came from, for connection.note: "LinkedIn connection since Dec 2025"."""
        if self.source == LINKEDIN:
            return "LinkedIn connection" + (
                f" since {self.connected_on.strftime('%b %Y')}" if self.connected_on else ""
            )
        others = [label for label in self.labels if label.casefold() not in KIND_OF_LABEL]
        tail = f" (labels: {', '.join(others)})" if others else ""
        where = (
            "Google Contacts"
            if self.source == GOOGLE
            else f"the contacts file {self.location.file.rsplit('/', 1)[-1]}"
        )
        return f"From {where}{tail}"


def labels_from(values: list[str]) -> tuple[str, ...]:
    """Labels without Google's system groups; "* Friends" (a system group with a meaning) becomes
    "Friends"."""
    out = []
    for value in values:
        label = value.strip().removeprefix("*").strip()
        if label and label.casefold().replace(" ", "") not in SYSTEM_LABELS and label not in out:
            out.append(label)
    return tuple(out)
