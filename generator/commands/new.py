"""`infoprep new`: a small working trip to start from, and profile files for quick additions.

The trip is copied from package data (generator/data/scaffold) with the built-in question bank and
JSON Schemas beside it, and each YAML file names its schema in a `yaml-language-server` comment so
editors autocomplete offline.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from generator.content.folders import LinkInTheWay, create_new
from generator.content.names import name_of_slug
from generator.content.placeholders import COMPANY_OVERVIEW, PERSON_BACKGROUND
from generator.content.profile_files import CompanyDraft, PersonDraft, company_yaml, person_yaml
from generator.content.scalars import SLUG_RE
from generator.content.schema import SCHEMA_DIR, schema_line, write_schemas
from generator.errors import OutputError, UsageError

_KIND_OF = {
    "trip.yaml": "trip",
    "schedule.yaml": "schedule",
    "questions.yaml": "questions",
    "opportunities.yaml": "opportunities",
}

FOLDER_README = """# {title}

This folder is an infoprep trip. Edit the YAML files, then:

    infoprep check {name}          # find mistakes, with file and line
    infoprep build {name} -o site  # packets, itinerary, calendar: open site/index.html
    infoprep followup {name}       # thank-yous due, with drafts

- `trip.yaml`: dates, time zone, you, defaults
- `schedule.yaml`: the meetings
- `people/<slug>.yaml`, `companies/<slug>.yaml`: one file each (add one with
  `infoprep new {name} --person jane-doe`); put long research in `<slug>.md` beside it
- `questions.yaml`: your question bank (without one, the built-in bank is used)
- `schemas/`: JSON Schemas your editor uses to autocomplete (YAML language server)
"""

SKELETON_TRIP = """title: {city} informational interviews   # shown on every page
city: {city}
timezone: {timezone}              # the IANA name of the city's zone: Europe/London, Asia/Seoul, ...
start: {start}                 # first day
end: {end}                   # last day (inclusive)
traveler:
  name: Your Name
  email: you@example.com
  phone: "+1 555 0100"               # quote phone numbers
  pitch: |
    Your 30-second introduction, printed in every packet.
defaults:
  paper: letter                      # letter | a4 (A4 also writes dates day-first: Fri 21 May)
  per_day: [2, 4]                    # meetings a day: fewer or more is a warning
"""

SKELETON_SCHEDULE = """# The meetings, one item each, for example:
#
# - person: jane-doe                 # people/jane-doe.yaml (infoprep new . --person jane-doe)
#   start: "{start} 09:30"        # in trip.timezone, or in the timezone it names
#   duration: 45                     # minutes
#   format: in-person                # in-person | video | phone
#   agenda: |
#     What you want to learn.
[]
"""


def skeleton(folder: Path, today: date | None = None) -> list[Path]:
    """An empty trip to fill in: trip.yaml, an empty schedule, empty people/ and companies/, no
    sample content.

    Its dates are a placeholder week (a Monday to Friday four weeks ahead), so it checks cleanly
    from the start.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OutputError(
            f"{folder}: not empty; infoprep new never overwrites. Choose a new folder"
        )
    today = today or date.today()
    start = today + timedelta(days=28 + (7 - today.weekday()) % 7)
    files = {
        "trip.yaml": SKELETON_TRIP.format(
            city="City", timezone="America/New_York", start=start, end=start + timedelta(days=4)
        ),
        "schedule.yaml": SKELETON_SCHEDULE.format(start=start),
        "README.md": FOLDER_README.format(
            title="A new infoprep trip", name=folder.name or str(folder)
        ),
    }
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for rel, text in files.items():
        kind = _kind(rel)
        if kind:
            text = schema_line(kind, 0) + text
        path = folder / rel
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for sub in ("people", "companies"):
        (folder / sub).mkdir()
    written += write_schemas(folder / SCHEMA_DIR)
    return written


def _kind(rel: str) -> str | None:
    if rel in _KIND_OF:
        return _KIND_OF[rel]
    if rel.startswith("people/"):
        return "person"
    if rel.startswith("companies/"):
        return "company"
    return None


def scaffold(folder: Path) -> list[Path]:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OutputError(
            f"{folder}: not empty; infoprep new never overwrites. Choose a new folder"
        )
    source = resources.files("generator").joinpath("data/scaffold")
    files: dict[str, str] = {}

    def collect(node, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for child in node.iterdir():
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                collect(child, rel + "/")
            elif child.name.endswith((".yaml", ".md")):
                files[rel] = child.read_text(encoding="utf-8")

    collect(source, "")
    files["questions.yaml"] = (
        resources.files("generator").joinpath("data/questions.yaml").read_text(encoding="utf-8")
    )
    title = "A new infoprep trip"
    files["README.md"] = FOLDER_README.format(title=title, name=folder.name or str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for rel, text in sorted(files.items()):
        kind = _kind(rel)
        if kind and rel.endswith(".yaml"):
            text = schema_line(kind, rel.count("/")) + text
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    written += write_schemas(folder / SCHEMA_DIR)
    return written


def add_profile(folder: Path, kind: str, slug: str, via: str | None = None) -> Path:
    """Add people/<slug>.yaml or companies/<slug>.yaml, every key with its hint.

    With `via` (a person's slug), the person is someone `via` suggested: connection.via is filled
    in, and what a debrief of a meeting with `via` says about them (name, title, e-mail,
    organisation, why) too.
    """
    if not SLUG_RE.match(slug):
        raise UsageError(f"{slug!r} is not a slug: use lower-case letters, digits and '-'")
    if not (folder / "trip.yaml").is_file():
        raise UsageError(
            f"{folder}: no trip.yaml here; run this inside a content folder made by infoprep new"
        )
    if via is not None and not (folder / "people" / f"{via}.yaml").is_file():
        raise UsageError(
            f"--via {via}: no people/{via}.yaml in {folder}; give the slug of the person who "
            "suggested them"
        )
    sub = "people" if kind == "person" else "companies"
    path = folder / sub / f"{slug}.yaml"
    if path.exists() or path.is_symlink():
        raise OutputError(f"{path}: already exists; infoprep new never overwrites")
    schemas = (folder / SCHEMA_DIR).is_dir()
    if kind == "person":
        draft = PersonDraft(name_of_slug(slug), background=PERSON_BACKGROUND)
        if via is not None:
            draft = referred_profile(draft, folder, slug, via)
        text = person_yaml(draft, schemas)
    else:
        text = company_yaml(CompanyDraft(name_of_slug(slug), overview=COMPANY_OVERVIEW), schemas)
    try:
        create_new(folder, f"{sub}/{slug}.yaml", text)  # never through a link, never over anything
    except FileExistsError:
        raise OutputError(
            f"{path}: already exists (a file or a link); infoprep new never overwrites"
        ) from None
    except LinkInTheWay as exc:
        raise OutputError(f"{path}: {exc.strerror}") from None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return path


def referred_profile(draft: PersonDraft, folder: Path, slug: str, via: str) -> PersonDraft:
    """The draft filled in from the referral that names `slug` in a debrief of a meeting with `via`;
    with connection.via and kind alone when no debrief names them (or the content does not load)."""
    from generator.content.load import load
    from generator.errors import ContentError
    from generator.plan.debrief import plan_debriefs_of

    draft = replace(draft, via=via, kind="referral")
    try:
        trip = load(folder, str(folder))
    except ContentError:
        return draft
    found = [s for s in plan_debriefs_of(trip) if s.slug == slug and s.by.slug == via]
    if not found:
        return draft
    referral, met = found[0].referral, found[0].by
    from generator.plan.dates import DateStyle

    # Read by people, so written the trip's way (27 May 2027 in an en_GB trip), not ISO.
    day = DateStyle(trip.info.defaults.date_locale).medium_date(found[0].slot.start)
    note = f"Suggested by {met.profile.name} on {day}"
    note += f": {referral.note}" if referral.note else ""
    if not referral.may_use_name:
        note += f" (do not use {met.profile.name}'s name)"
    company = found[0].company.slug if found[0].company is not None else None
    works_at = None
    if company is None and referral.organisation:
        add = f"infoprep new {folder} --company SLUG"
        works_at = f"works at {referral.organisation}: add it with {add}"
    return replace(
        draft,
        name=referral.name,
        title=referral.title or None,
        company=company,
        company_comment=works_at,
        email=referral.email or None,
        note=note,
    )
