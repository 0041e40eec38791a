"""A deterministic trip of any size, for benchmarks: `python -m tests.bench.generate 100 /tmp/trip`.

The same size always gives the same files (a seeded random generator), so two
benchmark runs compare the same work. Meetings are four a day, in person, by
video and by phone; about one person in ten is met twice; each person and company
has Markdown notes long enough to fill a packet the way a real week does.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

FIRST = [
    "Ada",
    "Bilal",
    "Chen",
    "Dana",
    "Elif",
    "Femi",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Keiko",
    "Luis",
    "Mara",
    "Nils",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Abara",
    "Brandt",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quist",
    "Rossi",
    "Suzuki",
    "Tanaka",
    "Ulloa",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhou",
]
KINDS = [
    "Policy",
    "Data",
    "Housing",
    "Health",
    "Labor",
    "Urban",
    "Fiscal",
    "Climate",
    "Transit",
    "Education",
]
ORGS = ["Institute", "Partners", "Collaborative", "Foundation", "Group", "Lab", "Council", "Bureau"]
INDUSTRIES = [
    "Think tank",
    "Public policy consulting",
    "Nonprofit",
    "Federal contractor",
    "Local news",
    "Government",
]
TITLES = [
    "Research Director",
    "Senior Analyst",
    "Data Scientist",
    "Program Manager",
    "Policy Fellow",
    "Editor",
]
SENIORITY = ["decision-maker", "manager", "staff", "peer"]
WORDS = [
    "data",
    "policy",
    "housing",
    "eviction",
    "analysis",
    "county",
    "research",
    "grant",
    "team",
    "survey",
    "model",
    "court",
    "rental",
    "program",
    "evaluation",
    "budget",
    "hiring",
    "pipeline",
    "dashboard",
    "field",
    "partner",
    "report",
    "interview",
    "method",
    "sample",
]
SLOTS = [("09:00", 45), ("11:00", 45), ("13:30", 45), ("15:30", 30)]
FORMATS = ["in-person", "in-person", "in-person", "video", "phone"]


def _slots(meetings: int) -> list[tuple[str, int]]:
    """Four a day; a trip too big for 56 days of four packs more, shorter ones into each day."""
    per_day = -(-meetings // 56)
    if per_day <= len(SLOTS):
        return SLOTS
    return [(f"{8 + (i * 65) // 60:02d}:{(i * 65) % 60:02d}", 30) for i in range(per_day)]


def _sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _notes(rng: random.Random, title: str) -> str:
    parts = [f"# {title}: research notes", "", "## Career", "", "| Years | Role |", "| --- | --- |"]
    parts += [
        f"| {2010 + i * 3}–{2013 + i * 3} | {rng.choice(TITLES)}, {rng.choice(KINDS)} "
        f"{rng.choice(ORGS)} |"
        for i in range(3)
    ]
    parts += ["", "## Worth knowing", ""]
    parts += [f"- **{rng.choice(WORDS)}**: {_sentence(rng)}" for _ in range(5)]
    parts += ["", "## Reading", "", _paragraph(rng, 5), ""]
    return "\n".join(parts)


def person_slug(index: int) -> str:
    return f"{FIRST[index % 26].lower()}-{LAST[(index // 26) % 26].lower()}-{index}"


def write_trip(folder: Path, meetings: int, seed: int = 7) -> dict[str, str]:
    """Write a trip with `meetings` meetings into `folder`; returns {meeting number: person slug}."""
    rng = random.Random(seed * 100_003 + meetings)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "people").mkdir(exist_ok=True)
    (folder / "companies").mkdir(exist_ok=True)
    slots = _slots(meetings)
    days = (meetings + len(slots) - 1) // len(slots)
    start = date(2027, 3, 8)
    end = start + timedelta(days=max(days - 1, 0))
    (folder / "trip.yaml").write_text(
        f"title: Benchmark trip of {meetings} meetings\ncity: Washington, D.C.\ntimezone: "
        "America/New_York\n"
        f"start: {start}\nend: {end}\ntraveler:\n  name: Alex Rivera\n  email: alex@example.com\n"
        '  phone: "+1 202 555 0100"\n  pitch: |\n    ' + _paragraph(rng, 5) + "\n"
        "lodging:\n  name: Hotel Harrington\n  address: 436 11th St NW, Washington, DC 20004\n"
        f"defaults:\n  duration: 45\n  buffer: 15\n  per_day: [3, {max(4, len(slots))}]\n  "
        'day_hours: ["08:00", "18:30"]\n'
        "  min_questions: 12\n  paper: letter\n",
        encoding="utf-8",
    )
    companies = max(1, meetings // 4)
    for c in range(companies):
        slug = f"org-{c}"
        name = f"{rng.choice(KINDS)} {rng.choice(ORGS)} {c}"
        (folder / "companies" / f"{slug}.yaml").write_text(
            f"name: {name}\nindustry: {rng.choice(INDUSTRIES)}\nwebsite: https://org{c}.example\n"
            f"address: {100 + c} K St NW, Washington, DC 20005\nsize: {rng.randint(10, 900)}\n"
            f"overview: |\n  {_paragraph(rng, 3)}\n"
            f"news:\n  - date: 2027-01-{rng.randint(10, 28)}\n    title: "
            f"{_sentence(rng, 8)[:-1]}\n    url: https://news.example/{c}\n"
            f"questions:\n  - How is the {rng.choice(WORDS)} team at {name} growing?\n"
            f"  - What changed after the {rng.choice(WORDS)} report?\n",
            encoding="utf-8",
        )
        (folder / "companies" / f"{slug}.md").write_text(_notes(rng, name), encoding="utf-8")
    people = max(1, meetings - meetings // 10)
    for p in range(people):
        slug = person_slug(p)
        name = f"{FIRST[p % 26]} {LAST[(p // 26) % 26]}"
        via = (
            f"\nconnection:\n  via: {person_slug(p - 1)}\n  kind: referral\n  note: "
            f"{_sentence(rng, 6)}"
            if p % 3 == 1
            else ""
        )
        (folder / "people" / f"{slug}.yaml").write_text(
            f"name: {name}\ntitle: {rng.choice(TITLES)}\ncompany: org-{p % companies}\n"
            f'seniority: {rng.choice(SENIORITY)}\nemail: {slug}@example.com\nphone: "+1 202 555 '
            f'{1000 + p % 9000:04d}"{via}\n'
            f"outreach:\n  status: scheduled\n  asked_on: 2027-02-01\n"
            f"background: |\n  {_paragraph(rng, 4)}\n"
            f"talking_points:\n  - {_sentence(rng)}\n  - {_sentence(rng)}\n"
            f"questions:\n  - What surprised you about {rng.choice(WORDS)} work?\n  - How did you "
            f"move into {rng.choice(WORDS)}?\n"
            f"notes: |\n  - {_sentence(rng)}\n  - {_sentence(rng)}\n",
            encoding="utf-8",
        )
        (folder / "people" / f"{slug}.md").write_text(_notes(rng, name), encoding="utf-8")
    lines = []
    who: dict[str, str] = {}
    for m in range(meetings):
        day = start + timedelta(days=m // len(slots))
        clock, minutes = slots[m % len(slots)]
        person = m if m < people else (m * 7) % people
        slug = person_slug(person)
        who[str(m)] = slug
        fmt = FORMATS[m % len(FORMATS)]
        lines.append(
            f'- person: {slug}\n  start: "{day} {clock}"\n  duration: {minutes}\n  format: {fmt}'
        )
        if fmt == "video":
            lines.append(f"  link: https://meet.example/{m}")
        if fmt == "in-person":
            lines.append("  travel: 20")
        agenda = f"Second meeting, about {rng.choice(WORDS)}: " if person != m else ""
        lines.append(f"  agenda: |\n    {agenda}{_paragraph(rng, 2)}\n")
    (folder / "schedule.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return who


def main(argv: list[str]) -> None:
    size, folder = int(argv[0]), Path(argv[1])
    write_trip(folder, size)
    print(f"Wrote a trip of {size} meetings to {folder}/")


if __name__ == "__main__":
    main(sys.argv[1:])
