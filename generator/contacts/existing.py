"""What a content folder already holds, read leniently: enough to recognise people and
organisations.

An import must work on a folder that is half-edited (a meeting still missing its person, a typo
`check` would report), so the profiles are parsed one by one and only the keys an import compares
are taken. A file that cannot be read is still never overwritten: its slug counts as taken, and the
report names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.names import (
    email_key,
    linkedin_key,
    organisation_key,
    organisation_keys,
    person_key,
)
from generator.content.reader import Reader
from generator.content.schema import SCHEMA_DIR
from generator.content.yaml import YamlError, parse
from generator.errors import UsageError


@dataclass(frozen=True)
class KnownCompany:
    slug: str
    name: str
    key: str
    """organisation_key(name)."""

    aliases: tuple[str, ...] = ()
    """Every key it is known by (names.organisation_keys): the name's, and its bracketed
    other name's."""


@dataclass(frozen=True)
class KnownPerson:
    slug: str
    file: str
    """people/<slug>.yaml, as the report shows it."""

    name: str
    title: str | None
    company: str | None
    """A company slug, as written."""

    email: str | None
    phone: str | None
    linkedin: str | None
    organisation: str
    """organisation_key of their company ('' for none)."""

    def identities(self) -> list[tuple[str, ...]]:
        keys: list[tuple[str, ...]] = []
        if self.email:
            keys.append(("email", email_key(self.email)))
        if self.linkedin and (profile := linkedin_key(self.linkedin)):
            keys.append(("linkedin", profile))
        keys.append(("name", person_key(self.name), self.organisation))
        return keys


@dataclass(frozen=True)
class Content:
    root: Path
    display: str
    people: tuple[KnownPerson, ...]
    companies: tuple[KnownCompany, ...]
    taken_people: frozenset[str]
    """Slugs with a file in people/ (.yaml or .md): a new person never gets one."""

    taken_companies: frozenset[str]
    schemas: bool
    """The folder has schemas/ (made by infoprep new): written files name their schema, as `new`
    does."""

    unread: tuple[str, ...]
    """Profiles that could not be read, so were not compared."""


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None
    return str(getattr(value, "source", value)).strip() or None


def _mappings(
    reader: Reader, folder: str, unread: list[str]
) -> list[tuple[str, str, dict[str, Any]]]:
    """The profiles of `folder` that check would read, read by check's reader (content/reader.py): a
    link out of the folder, a FIFO, a device or a file over the size limit is never read, only
    listed as unread."""
    found = []
    for path in reader.profiles(folder):
        text = reader.read_text(path)
        try:
            data = parse(text, reader.name(path)).data if text is not None else None
        except YamlError:
            data = None
        if isinstance(data, dict):
            found.append((path.stem, reader.name(path), data))
        else:
            unread.append(reader.name(path))
    unread += [
        reader.name(path) for path in sorted(reader.reported) if reader.name(path) not in unread
    ]
    return found


def _taken(folder: Path) -> frozenset[str]:
    if not folder.is_dir():
        return frozenset()
    return frozenset(
        path.stem for path in folder.iterdir() if path.suffix in (".yaml", ".yml", ".md")
    )


def read_content(root: Path, display: str | None = None) -> Content:
    display = (display if display is not None else str(root)).rstrip("/") or "."
    if not (root / "trip.yaml").is_file():
        raise UsageError(
            f"{display}: no trip.yaml here; import into a content folder (make one with: infoprep "
            "new DIR)"
        )
    unread: list[str] = []
    reader = Reader(root, display)
    companies = tuple(
        KnownCompany(slug, name, organisation_key(name), organisation_keys(name))
        for slug, _, data in _mappings(reader, "companies", unread)
        if (name := _text(data, "name"))
    )
    by_slug = {company.slug: company for company in companies}
    people = []
    for slug, file, data in _mappings(reader, "people", unread):
        name = _text(data, "name")
        if not name:
            unread.append(file)
            continue
        company = _text(data, "company")
        known = by_slug.get(company or "")
        organisation = (
            known.key if known else organisation_key(company.replace("-", " ")) if company else ""
        )
        people.append(
            KnownPerson(
                slug,
                file,
                name,
                _text(data, "title"),
                company,
                _text(data, "email"),
                _text(data, "phone"),
                _text(data, "linkedin"),
                organisation,
            )
        )
    return Content(
        root=root,
        display=display,
        people=tuple(people),
        companies=companies,
        taken_people=_taken(root / "people"),
        taken_companies=_taken(root / "companies"),
        schemas=(root / SCHEMA_DIR).is_dir(),
        unread=tuple(unread),
    )
