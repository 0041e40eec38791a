"""`infoprep new`: a small working trip to start from, and profile files for quick additions.

The trip is copied from package data (generator/data/scaffold) with the built-in
question bank and JSON Schemas beside it, and each YAML file names its schema in a
`yaml-language-server` comment so editors autocomplete offline.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from generator.content.models import SLUG_RE
from generator.content.placeholders import COMPANY_OVERVIEW, PERSON_BACKGROUND
from generator.content.schema import schema_file_name, write_schemas
from generator.errors import OutputError, UsageError

SCHEMA_DIR = "schemas"
_KIND_OF = {"trip.yaml": "trip", "schedule.yaml": "schedule", "questions.yaml": "questions"}

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

PERSON_TEMPLATE = """name: {name}                 # required
greeting:                       # how drafts address them ("Dear Meera,"); else their first name
title:                          # e.g. Director of Research
company:                        # slug of a file in companies/
seniority:                      # decision-maker | manager | staff | peer
email:
phone:                          # quote it: "+1 202 555 0143"
connection:
  via:                          # who introduced you: a person's slug, or free text
  kind:                         # friend | family | alumni | colleague | referral | cold | professor | mentor | ... or your own word
  note:
outreach:
  status: to-ask                # to-ask | asked | scheduled | declined | no-reply | introducer
background: |
  {background}
talking_points: []
questions: []
"""

COMPANY_TEMPLATE = """name: {name}                 # required
industry:                       # e.g. Public policy consulting
website:                        # https://...
address:                        # meetings here default to it
dress:                          # overrides the trip's dress code
overview: |
  {overview}
news: []                        # - date: 2027-01-15 / title: ... / url: https://...
questions: []
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
# - person: jane-doe                 # a file people/jane-doe.yaml (infoprep new . --person jane-doe)
#   start: "{start} 09:30"        # in trip.timezone, or in the meeting's own timezone: if it names one
#   duration: 45                     # minutes
#   format: in-person                # in-person | video | phone
#   agenda: |
#     What you want to learn.
[]
"""


def skeleton(folder: Path, today: date | None = None) -> list[Path]:
    """An empty trip to fill in: trip.yaml, an empty schedule, empty people/ and companies/, no sample content.

    Its dates are a placeholder week (a Monday to Friday four weeks ahead), so it checks cleanly from the start.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OutputError(f"{folder}: not empty; infoprep new never overwrites. Choose a new folder")
    today = today or date.today()
    start = today + timedelta(days=28 + (7 - today.weekday()) % 7)
    files = {
        "trip.yaml": SKELETON_TRIP.format(city="City", timezone="America/New_York", start=start, end=start + timedelta(days=4)),
        "schedule.yaml": SKELETON_SCHEDULE.format(start=start),
        "README.md": FOLDER_README.format(title="A new infoprep trip", name=folder.name or str(folder)),
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


def schema_line(kind: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{schema_file_name(kind)}\n"


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
        raise OutputError(f"{folder}: not empty; infoprep new never overwrites. Choose a new folder")
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
    files["questions.yaml"] = resources.files("generator").joinpath("data/questions.yaml").read_text(encoding="utf-8")
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


def add_profile(folder: Path, kind: str, slug: str) -> Path:
    """Add people/<slug>.yaml or companies/<slug>.yaml from a commented template."""
    if not SLUG_RE.match(slug):
        raise UsageError(f"{slug!r} is not a slug: use lower-case letters, digits and '-'")
    if not (folder / "trip.yaml").is_file():
        raise UsageError(f"{folder}: no trip.yaml here; run this inside a content folder made by infoprep new")
    sub, template = ("people", PERSON_TEMPLATE) if kind == "person" else ("companies", COMPANY_TEMPLATE)
    path = folder / sub / f"{slug}.yaml"
    if path.exists():
        raise OutputError(f"{path}: already exists; infoprep new never overwrites")
    name = " ".join(part.capitalize() for part in slug.split("-"))
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = schema_line("person" if kind == "person" else "company", 1) if (folder / SCHEMA_DIR).is_dir() else ""
    path.write_text(schema + template.format(name=name, background=PERSON_BACKGROUND, overview=COMPANY_OVERVIEW), encoding="utf-8")
    return path
