"""From records read to an import plan: who is new, who is already there, which organisations to
add.

Two records are one person when they share an e-mail, a LinkedIn profile, or a name at the same
organisation; the first record gives each field and later ones fill what it lacks (LinkedIn knows
the title, the phone knows the number). A person the content folder already has, by the same rules,
is left alone: what the export adds is listed as a suggestion. Organisations match existing
companies by name without legal form ("Google, Inc." is companies/google.yaml); a near miss is kept
apart and reported as a did-you-mean.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.contacts.existing import Content, KnownCompany, KnownPerson
from generator.contacts.read import ExportFile
from generator.contacts.records import Record
from generator.content.models import ConnectionKind
from generator.content.names import (
    company_slug_of,
    email_key,
    linkedin_key,
    organisation_key,
    person_key,
    slug_of,
)
from generator.errors import Location

NEAR = 0.85
"""How alike two organisation names must be (difflib ratio, 0..1) for a did-you-mean."""

Key = tuple[str, ...]
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str | None, lines: bool = False) -> str | None:
    """Text from an export without control characters (a YAML file may not hold them); None when
    nothing is left."""
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    text = (
        "\n".join(line.rstrip() for line in text.split("\n")).strip()
        if lines
        else " ".join(text.split())
    )
    return text or None


@dataclass(frozen=True)
class NewCompany:
    slug: str
    name: str
    near: KnownCompany | None
    """An existing company with a name this close, not merged: the report's did-you-mean."""

    address: str | None = None
    """A work address from a vCard of someone there (ADR;TYPE=WORK), for the new profile's
    `address`."""


@dataclass(frozen=True)
class NewPerson:
    slug: str
    name: str
    title: str | None
    company: str | None
    """A company slug: existing, or one of the plan's new companies."""

    organisation: str | None
    """The organisation's name as the export writes it."""

    email: str | None
    phone: str | None
    linkedin: str | None
    kind: ConnectionKind | None
    provenance: str
    """connection.note: "LinkedIn connection since Dec 2025; From Google Contacts"."""

    notes: str | None
    """The export's own notes, and the e-mails, phones and sites beyond the first."""

    sources: tuple[Location, ...]

    near: KnownPerson | None = None
    """Someone in people/ with the same names in another order ("Takeshi Sasaki" beside
    "佐々木 剛 (Sasaki Takeshi)"), not merged: the report's did-you-mean."""


@dataclass(frozen=True)
class AlreadyThere:
    name: str
    person: KnownPerson
    why: str
    """"same e-mail", "same LinkedIn profile" or "same name at <organisation>"."""

    suggestions: tuple[tuple[str, str], ...]
    """(key, value) the export has and the profile lacks: listed, never written."""

    sources: tuple[Location, ...]


@dataclass(frozen=True)
class Skipped:
    location: Location
    name: str
    why: str


@dataclass(frozen=True)
class ImportPlan:
    files: tuple[ExportFile, ...]
    people: tuple[NewPerson, ...]
    companies: tuple[NewCompany, ...]
    already: tuple[AlreadyThere, ...]
    skipped: tuple[Skipped, ...]
    content: Content


@dataclass(frozen=True)
class _Merged:
    """One person from one or more records."""

    records: tuple[Record, ...]

    def first(self, field: str) -> str | None:
        for record in self.records:
            value = clean(getattr(record, field))
            if value:
                return value
        return None

    def every(self, field: str) -> list[str]:
        values: dict[str, None] = {}
        seen: set[str] = set()  # casefolded: one set, not one per value (a card with 5,000 e-mails)
        for record in self.records:
            for value in getattr(record, field):
                if (text := clean(value)) and text.casefold() not in seen:
                    seen.add(text.casefold())
                    values[text] = None
        return list(values)

    @property
    def linkedin(self) -> str | None:
        return next((clean(r.linkedin) for r in self.records if r.linkedin), None)

    @property
    def kind(self) -> ConnectionKind | None:
        return next((r.kind for r in self.records if r.kind), None)


def _keys(record: Record) -> list[Key]:
    keys: list[Key] = [("email", email_key(email)) for email in record.emails]
    if record.linkedin and (profile := linkedin_key(record.linkedin)):
        keys.append(("linkedin", profile))
    keys.append(("name", person_key(record.name), organisation_key(record.organisation or "")))
    return keys


def _group(records: Iterable[Record]) -> list[_Merged]:
    """Records that share a key, merged, in the order their first record came: a union-find over the
    records, so a chain of merges costs linear time (folding each group's keys over again was
    quadratic)."""
    listed = list(records)
    parent = list(range(len(listed)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Key, int] = {}
    for index, record in enumerate(listed):
        for key in _keys(record):
            if key in owner:
                a, b = root(owner[key]), root(index)
                if a != b:
                    parent[max(a, b)] = min(a, b)  # the earlier record's group stays the group
            else:
                owner[key] = index
    groups: dict[int, list[Record]] = {}
    for index, record in enumerate(listed):
        groups.setdefault(root(index), []).append(record)
    return [_Merged(tuple(groups[first])) for first in sorted(groups)]


def _why(key: Key, person: KnownPerson, companies: dict[str, KnownCompany]) -> str:
    if key[0] == "email":
        return "same e-mail"
    if key[0] == "linkedin":
        return "same LinkedIn profile"
    company = companies.get(person.company or "")
    return (
        f"same name at {company.name if company else person.company}"
        if person.company
        else "same name, no organisation"
    )


def _index(content: Content) -> dict[Key, KnownPerson]:
    """The profiles already there, by every key that identifies them (made once per import)."""
    index: dict[Key, KnownPerson] = {}
    for person in content.people:
        for key in person.identities():
            index.setdefault(key, person)
    return index


def _known(
    merged: _Merged, index: dict[Key, KnownPerson], companies: dict[str, KnownCompany]
) -> tuple[KnownPerson, str] | None:
    keys = [key for record in merged.records for key in _keys(record)]
    for kind in ("email", "linkedin", "name"):  # an e-mail says more than a name
        for key in keys:
            if key[0] == kind and key in index:
                return index[key], _why(key, index[key], companies)
    return None


def _suggestions(
    merged: _Merged, person: KnownPerson, organisation: str | None
) -> tuple[tuple[str, str], ...]:
    out = []
    for key, have, value in (
        ("title", person.title, merged.first("title")),
        ("company", person.company, organisation),
        ("email", person.email, next(iter(merged.every("emails")), None)),
        ("phone", person.phone, next(iter(merged.every("phones")), None)),
        ("linkedin", person.linkedin, merged.linkedin),
    ):
        if value and not have:
            out.append((key, value))
    return tuple(out)


class _Slugs:
    """New slugs, none taken: base, base-2, base-3, ...

    with the next number remembered per base (the 500th Jane Doe costs one step, not 500).
    """

    def __init__(self, taken: Iterable[str]):
        self.taken = set(taken)
        self.next: dict[str, int] = {}

    def new(self, base: str) -> str:
        slug, number = base, self.next.get(base, 1)
        if number > 1:
            slug = f"{base}-{number}"
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.next[base] = number + 1
        self.taken.add(slug)
        return slug


def _extras(merged: _Merged) -> str | None:
    """The export's notes, and what a profile has one key for but the export gave several of."""
    parts = [note for record in merged.records if (note := clean(record.note, lines=True))]
    more = []
    emails, phones = merged.every("emails"), merged.every("phones")
    if len(emails) > 1:
        more.append("other e-mail " + ", ".join(emails[1:]))
    if len(phones) > 1:
        more.append("other phone " + ", ".join(phones[1:]))
    if sites := merged.every("websites"):
        more.append("web " + ", ".join(sites))
    if more:
        parts.append("Also in the export: " + "; ".join(more) + ".")
    return "\n\n".join(dict.fromkeys(parts)) or None


class _Companies:
    """Organisation names to company slugs: existing ones by normalised name, new ones made once
    each."""

    def __init__(self, content: Content):
        self.by_key = {key: c.slug for c in content.companies for key in (c.key, *c.aliases)}
        self.existing = content.companies
        self.slugs = _Slugs(content.taken_companies)
        self.new: dict[str, NewCompany] = {}

    def slug(self, name: str, address: str | None = None) -> str:
        key = organisation_key(name)
        if key in self.by_key:
            slug = self.by_key[key]
            known = self.new.get(slug)
            if known is not None and known.address is None and address:
                self.new[slug] = NewCompany(known.slug, known.name, known.near, address)
            return slug
        ratios = [
            (difflib.SequenceMatcher(None, key, c.key).ratio(), c.slug, c) for c in self.existing
        ]
        near = max((r for r in ratios if r[0] >= NEAR), default=None, key=lambda r: r[:2])
        company = NewCompany(
            self.slugs.new(company_slug_of(name)), name, near[2] if near else None, address
        )
        self.new[company.slug] = company
        self.by_key[key] = company.slug
        return company.slug


def plan_import(files: list[ExportFile], content: Content) -> ImportPlan:
    """Pure: who the files add, who is already there, what is skipped and why.

    Nothing is written.
    """
    skipped, people_records = [], []
    for file in files:
        for record in file.records:
            name = clean(record.name) or ""
            if record.organisation_only:
                skipped.append(
                    Skipped(
                        record.location,
                        clean(record.organisation) or "",
                        "a card for an organisation, not a person",
                    )
                )
            elif not name:
                skipped.append(Skipped(record.location, "", "no name in this row"))
            else:
                people_records.append(record)
    companies = _Companies(content)
    known_companies = {key: c.slug for c in content.companies for key in (c.key, *c.aliases)}
    slugs = _Slugs(content.taken_people)
    index, by_slug = _index(content), {c.slug: c for c in content.companies}
    reordered = {_words(person_key(p.name)): p for p in content.people}
    people, already = [], []
    for merged in _group(people_records):
        name = merged.first("name") or ""
        sources = tuple(r.location for r in merged.records)
        organisation = merged.first("organisation")
        found = _known(merged, index, by_slug)
        if found is not None:
            person, why = found
            existing = known_companies.get(organisation_key(organisation)) if organisation else None
            suggestion = existing or organisation
            already.append(
                AlreadyThere(name, person, why, _suggestions(merged, person, suggestion), sources)
            )
            continue
        emails, phones = merged.every("emails"), merged.every("phones")
        people.append(
            NewPerson(
                slug=slugs.new(slug_of(merged.first("reading") or name, "person")),
                name=name,
                title=merged.first("title"),
                company=companies.slug(organisation, merged.first("work_address"))
                if organisation
                else None,
                organisation=organisation,
                email=emails[0] if emails else None,
                phone=phones[0] if phones else None,
                linkedin=merged.linkedin,
                kind=merged.kind,
                provenance="; ".join(dict.fromkeys(r.provenance for r in merged.records)),
                notes=_extras(merged),
                sources=sources,
                near=reordered.get(_words(person_key(name))),
            )
        )
    return ImportPlan(
        tuple(files),
        tuple(people),
        tuple(companies.new.values()),
        tuple(already),
        tuple(skipped),
        content,
    )


def _words(key: str) -> tuple[str, ...]:
    """A name key's words in order of their own: the same for "takeshi sasaki" and "sasaki
    takeshi" (two words at least: a one-word name tells nothing)."""
    words = tuple(sorted(key.split()))
    return words if len(words) > 1 else ()
