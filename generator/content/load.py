"""Read a content folder into a Trip, collecting every error before raising once.

Nothing here renders or writes. Each file is parsed (content/yaml.py), validated against its model,
then references between files are resolved. Errors from all files are gathered so the user fixes a
whole batch per run, not one per run.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from datetime import datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generator.content.availability import CalendarError, read_calendar
from generator.content.catalog import override_problems
from generator.content.entry_models import BankQuestion, MeetingEntry, OpportunityEntry
from generator.content.folders import walk
from generator.content.models import CompanyFile, PersonFile, TripFile
from generator.content.reader import MAX_FILE_BYTES, Reader
from generator.content.scalars import SLUG_RE
from generator.content.trip import Company, Meeting, Person, Source, Tracked, Trip
from generator.content.yaml import Document, parse
from generator.errors import Location
from generator.limits import CALENDAR_SECONDS, time_limit

BUILTIN_BANK = "built-in question bank"


def _did_you_mean(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _near_slug(word: str, slugs: set[str]) -> str | None:
    """The person's slug that `word` is a misspelling or a shortening of (`priya-natrajan`, `jamal`
    for one jamal-bishop): a near-miss is an error, any other word is free text.

    Closer than did-you-mean elsewhere (0.8, not 0.6), so `meetup` is not taken for `mei-chen`.
    """
    close = difflib.get_close_matches(word, sorted(slugs), n=1, cutoff=0.8)
    if close:
        return close[0]
    starting = [
        slug for slug in sorted(slugs) if slug.startswith(word + "-")
    ]  # `jamal` for jamal-bishop
    return starting[0] if len(starting) == 1 else None


def _has_file(reader: Reader, folder: str, slug: str) -> bool:
    """Whether people/ or companies/ holds a file for `slug`, loaded or not.

    A file that failed to load (a typo'd key, a tab) has its own error; a reference to it is not
    also "no person ..." or a near-miss of another slug, which would send the user to the wrong
    file. Every cross-reference check asks this before calling a slug missing.
    """
    return bool(SLUG_RE.match(slug)) and (reader.root / folder / f"{slug}.yaml").exists()


def builtin_bank_text() -> str:
    return resources.files("generator").joinpath("data/questions.yaml").read_text(encoding="utf-8")


def load(root: Path, display: str | None = None) -> Trip:
    """Read and validate the content folder at `root`; raise ContentError listing every problem."""
    reader = Reader(root, display if display is not None else str(root))
    if not root.is_dir():
        reader.findings.error(
            Location(reader.display), "no such content folder (make one with: infoprep new DIR)"
        )
        reader.findings.raise_if_errors()

    trip_info = _load_trip(reader)
    _check_folder(reader, trip_info[0] if trip_info else None)
    companies = _load_companies(reader)
    people = _load_people(reader, companies)
    if trip_info is not None:
        people = _load_calendars(reader, people, trip_info[0])
    meetings = _load_schedule(reader, people, companies)
    bank, bank_file = _load_bank(reader)
    opportunities = _load_opportunities(reader, people, companies)
    if trip_info is not None:
        _check_trip(reader, trip_info)
    reader.findings.raise_if_errors()
    assert trip_info is not None
    return Trip(
        root=root,
        info=trip_info[0],
        people=people,
        companies=companies,
        meetings=tuple(meetings),
        bank=tuple(bank),
        bank_file=bank_file,
        source=Source(trip_info[1].location(), trip_info[1].key_lines(())),
        schedule_file=f"{reader.display}/schedule.yaml",
        notices=tuple(reader.findings.items),
        opportunities=tuple(opportunities),
    )


READ = frozenset(
    {
        "trip.yaml",
        "schedule.yaml",
        "questions.yaml",
        "opportunities.yaml",
        "people",
        "companies",
        "templates",
        "assets",
    }
)
"""What infoprep reads in a content folder (besides a theme folder, the resume and .ics files it
names)."""


def _check_folder(reader: Reader, info: TripFile | None) -> None:
    """The folder rule (folders.py) over the whole content folder: errors where infoprep reads, else
    warnings."""
    read = set(READ)
    if info is not None:
        for named in (info.theme, info.traveler.resume):
            if named and not Path(named).is_absolute():
                read.add(Path(named).parts[0] if Path(named).parts else named)
    outputs = frozenset(p.parent for p in _outputs(reader.root))
    for problem in walk(reader.root, frozenset(read), outputs):
        if problem.path in reader.reported:
            continue
        reader.reported.add(problem.path)
        if problem.read:
            reader.findings.error(reader.location(problem.path), f"this {problem.message}")
        else:
            reader.findings.warning(
                reader.location(problem.path), f"skipped: this {problem.message}"
            )


def _outputs(root: Path) -> list[Path]:
    """Markers of infoprep output folders inside the content folder: those are not content (their
    files are ours)."""
    return [Path(os.path.realpath(marker)) for marker in root.glob("*/.infoprep.json")]


def _load_trip(reader: Reader) -> tuple[TripFile, Document] | None:
    path = reader.root / "trip.yaml"
    if not path.is_file():
        reader.findings.error(
            Location(f"{reader.display}/trip.yaml"),
            "trip.yaml is missing; every content folder needs one",
        )
        return None
    return reader.mapping_file(TripFile, path)


def _check_trip(reader: Reader, loaded: tuple[TripFile, Document]) -> None:
    info, doc = loaded
    if info.end < info.start:
        reader.findings.error(
            doc.location(("end",)), f"the trip ends ({info.end}) before it starts ({info.start})"
        )
    elif (info.end - info.start).days > 60:
        reader.findings.error(
            doc.location(("end",)), "the trip is longer than 60 days; plan one trip per folder"
        )
    low, high = info.defaults.per_day
    if low > high or low < 0:
        reader.findings.error(
            doc.location(("defaults", "per_day")), "per_day is [fewest, most] with fewest <= most"
        )
    first, last = info.defaults.day_hours
    if first >= last:
        reader.findings.error(
            doc.location(("defaults", "day_hours")), "day_hours is [from, to] with from before to"
        )
    if info.traveler.resume:
        resume = reader.root / info.traveler.resume
        if ".." in Path(info.traveler.resume).parts or Path(info.traveler.resume).is_absolute():
            reader.findings.error(
                doc.location(("traveler", "resume")),
                "the resume must be a file inside the content folder",
            )
        elif not resume.is_file():
            reader.findings.error(
                doc.location(("traveler", "resume")),
                f"no file {info.traveler.resume!r} in the content folder",
            )
        else:
            reader.inside(resume)
    for phrase, problem in override_problems(info.translations):
        reader.findings.error(doc.location(("translations", phrase)), problem)


def _load_companies(reader: Reader) -> dict[str, Company]:
    companies = {}
    for path in reader.profiles("companies"):
        loaded = reader.mapping_file(CompanyFile, path)
        if loaded is None:
            continue
        profile, doc = loaded
        source = Source(doc.location(), doc.key_lines(()))
        companies[path.stem] = Company(path.stem, profile, reader.side_car(path), source)
    return companies


def _load_people(reader: Reader, companies: dict[str, Company]) -> dict[str, Person]:
    people = {}
    loaded_people = []
    for path in reader.profiles("people"):
        loaded = reader.mapping_file(PersonFile, path)
        if loaded is not None:
            loaded_people.append((path, *loaded))
    slugs = {path.stem for path, _, _ in loaded_people}
    for path, profile, doc in loaded_people:
        company = None
        if profile.company is not None:
            company = companies.get(profile.company)
            if company is None and not _has_file(reader, "companies", profile.company):
                hint = _did_you_mean(profile.company, companies)
                fix = (
                    ""
                    if hint
                    else f"; add it with: infoprep new {reader.display} --company {profile.company}"
                )
                reader.findings.error(
                    doc.location(("company",)),
                    f"no company {profile.company!r} in companies/{hint}{fix}",
                )
        introducer = None
        via = profile.connection.via if profile.connection else None
        if via and SLUG_RE.match(via):
            if via == path.stem:
                reader.findings.error(
                    doc.location(("connection", "via")),
                    "a person cannot be introduced by themselves",
                )
            elif via in slugs:
                introducer = via
            elif (near := _near_slug(via, slugs - {path.stem})) and not _has_file(
                reader, "people", via
            ):
                reader.findings.error(
                    doc.location(("connection", "via")),
                    f"no person {via!r} in people/ (did you mean {near!r}?); "
                    'if it is not a person, write it so it cannot be taken for one ("Georgetown '
                    'alumni")',
                )
            # Otherwise a word such as `meetup` or `linkedin` is free text, as the contract allows.
        source = Source(doc.location(), doc.key_lines(()))
        people[path.stem] = Person(
            path.stem, profile, reader.side_car(path), source, company, introducer
        )
    return people


def _load_calendars(reader: Reader, people: dict[str, Person], info: TripFile) -> dict[str, Person]:
    """Each person's `available_ics`: a regular file inside the content folder, read for the trip's
    dates."""
    zone = ZoneInfo(info.timezone)
    first = datetime.combine(info.start - timedelta(days=1), time(0), tzinfo=zone)
    last = datetime.combine(info.end + timedelta(days=2), time(0), tzinfo=zone)
    out = {}
    for slug, person in people.items():
        name = person.profile.available_ics
        if not name:
            out[slug] = person
            continue
        where = person.source.at("available_ics")
        raw = _calendar_bytes(reader, name, where)
        if raw is not None:
            person_zone = ZoneInfo(person.profile.timezone) if person.profile.timezone else zone
            try:
                with time_limit(
                    CALENDAR_SECONDS,
                    lambda: CalendarError(
                        f"reading it took longer than {CALENDAR_SECONDS:g} s; "
                        "export only the trip's dates"
                    ),
                ):
                    calendar = read_calendar(raw, name, person_zone, first, last)
                person = dataclasses.replace(person, calendar=calendar)
            except CalendarError as exc:
                reader.findings.error(where, f"{name}: {exc}")
        out[slug] = person
    return out


def _calendar_bytes(reader: Reader, name: str, where: Location) -> bytes | None:
    """The file's bytes if it is a regular file inside the content folder and not too big; else an
    error and None."""
    path = reader.root / name
    if Path(name).is_absolute() or ".." in Path(name).parts or "\\" in name:
        reader.findings.error(
            where,
            f"available_ics must be a path inside the content folder, e.g. assets/{path.stem}.ics",
        )
        return None
    if not path.exists() and not path.is_symlink():
        reader.findings.error(where, f"no file {name!r} in the content folder")
        return None
    try:
        path.resolve().relative_to(reader.real_root)
    except (ValueError, OSError):
        reader.findings.error(
            where,
            f"{name!r} is a link to a file outside the content folder; copy the file in instead",
        )
        return None
    if not path.is_file():
        reader.findings.error(where, f"{name!r} is not a regular file; give the .ics file itself")
        return None
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            reader.findings.error(where, f"{name!r} is larger than {MAX_FILE_BYTES:,} bytes")
            return None
        return path.read_bytes()
    except OSError as exc:
        reader.findings.error(where, f"cannot read {name!r}: {exc.strerror or exc}")
        return None


def _load_schedule(
    reader: Reader, people: dict[str, Person], companies: dict[str, Company]
) -> list[Meeting]:
    path = reader.root / "schedule.yaml"
    if not path.is_file():
        reader.findings.error(
            Location(f"{reader.display}/schedule.yaml"),
            "schedule.yaml is missing; list your meetings in it",
        )
        return []
    doc = reader.document(path)
    if doc is None:
        return []
    meetings = []
    ids: dict[str, int] = {}
    for entry, index in reader.list_file(MeetingEntry, doc):
        person = people.get(entry.person)
        if person is None:
            if not _has_file(reader, "people", entry.person):
                reader.findings.error(
                    doc.location((index, "person")),
                    f"no person {entry.person!r} in people/{_did_you_mean(entry.person, people)}",
                )
            continue
        for lead_index, lead in enumerate(entry.debrief.leads if entry.debrief else ()):
            if near := _organisation_typo(reader, lead.organisation, companies):
                reader.findings.error(
                    doc.location((index, "debrief", "leads", lead_index, "organisation")),
                    f"no company {lead.organisation!r} in companies/ (did you mean {near!r}?)",
                )
        base = f"{entry.start.date().isoformat()}-{entry.person}"
        ids[base] = ids.get(base, 0) + 1
        # "--" never occurs in a slug
        meeting_id = base if ids[base] == 1 else f"{base}--{ids[base]}"
        source = Source(doc.location((index,)), doc.key_lines((index,)))
        meetings.append(Meeting(meeting_id, index + 1, entry, person, source))
    return meetings


def _load_bank(reader: Reader) -> tuple[list[BankQuestion], str]:
    path = reader.root / "questions.yaml"
    if path.exists():
        doc = reader.document(path)
        display = reader.name(path)
    else:
        doc = parse(builtin_bank_text(), BUILTIN_BANK)
        display = "built-in"
    if doc is None:
        return [], display
    return [item for item, _ in reader.list_file(BankQuestion, doc)], display


def _organisation_typo(
    reader: Reader, value: str | None, companies: dict[str, Company]
) -> str | None:
    """The company slug `value` misspells: a lead's or an opportunity's organisation is a company's
    slug or free text, and a slug-shaped word close to a real one (`kestrel-helth`) is a typo, not
    an organisation. A company whose file failed to load is no typo: its file has the error."""
    if not value or value in companies or not (SLUG_RE.match(value) and "-" in value):
        return None
    if _has_file(reader, "companies", value):
        return None
    close = difflib.get_close_matches(value, sorted(companies), n=1, cutoff=0.8)
    return close[0] if close else None


def _missing_via(reader: Reader, via: str, people: dict[str, Person]) -> str | None:
    """What is wrong with an opportunity's `via` that names nobody loaded from people/: a
    slug-shaped word or a near-miss of a slug is a missing person; any other word is free text, and
    a person whose file failed to load has its own error (both None)."""
    if _has_file(reader, "people", via):
        return None
    if SLUG_RE.match(via) and "-" in via:
        return (
            f"no person {via!r} in people/{_did_you_mean(via, people)}; "
            "write who it came through as a person's slug, "
            'or as free text with a space ("job board")'
        )
    if near := _near_slug(via, set(people)):
        return f"no person {via!r} in people/ (did you mean {near!r}?)"
    return None


def _load_opportunities(
    reader: Reader, people: dict[str, Person], companies: dict[str, Company]
) -> list[Tracked]:
    """opportunities.yaml, when there is one: `via` that looks like a slug must name a person in
    people/ (a file there that failed to load has its own error, and is not called missing)."""
    path = reader.root / "opportunities.yaml"
    if not path.exists():
        return []
    doc = reader.document(path)
    if doc is None:
        return []
    out = []
    for entry, index in reader.list_file(OpportunityEntry, doc):
        via = people.get(entry.via) if entry.via else None
        if entry.via and via is None and (problem := _missing_via(reader, entry.via, people)):
            reader.findings.error(doc.location((index, "via")), problem)
            continue
        near_company = _organisation_typo(reader, entry.organisation, companies)
        if near_company:
            reader.findings.error(
                doc.location((index, "organisation")),
                f"no company {entry.organisation!r} in companies/ (did you mean {near_company!r}?)",
            )
            continue
        out.append(Tracked(entry, Source(doc.location((index,)), doc.key_lines((index,))), via))
    return out
