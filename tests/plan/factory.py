"""Small content folders written into tmp_path, so plan tests run the real pipeline.

Each test states only what matters to it (a few people, a few meetings); everything
else gets quiet defaults: every person and company is fully researched, `per_day`
allows any count and `min_questions` is 0, so the only warnings in a plan are the
ones the test provoked. Line numbers are found by searching the written text, not
by asking the loader, so a test can tell when the loader points at the wrong line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.content.load import load
from generator.content.trip import Trip
from generator.errors import Finding, Level
from generator.plan.plan import Plan, make_plan

DISPLAY = "content"
"""The display name findings use for the folder: `content/schedule.yaml:12`."""

ZONE = "America/New_York"


def trip_file(**overrides: Any) -> dict[str, Any]:
    defaults = {
        "duration": 45,
        "buffer": 30,
        "per_day": [0, 10],
        "day_hours": ["08:00", "18:30"],
        "min_questions": 0,
    }
    defaults.update(overrides.pop("defaults", {}))
    data: dict[str, Any] = {
        "title": "Test trip",
        "city": "Washington, D.C.",
        "timezone": ZONE,
        "start": "2027-03-08",
        "end": "2027-03-12",
        "traveler": {"name": "Alex Rivera", "email": "alex@example.com"},
        "defaults": defaults,
    }
    data.update(overrides)
    return data


def london_week(**overrides: Any) -> dict[str, Any]:
    """trip.yaml of a week of meetings in London, 24-28 May 2027 (England's holidays)."""
    return trip_file(
        **{
            "title": "London informational interviews",
            "city": "London",
            "timezone": "Europe/London",
            "country": "GB-ENG",
            "start": "2027-05-24",
            "end": "2027-05-28",
            **overrides,
        }
    )


def berlin_week(**overrides: Any) -> dict[str, Any]:
    """trip.yaml of a week in Berlin in German, 17-21 May 2027 (Whit Monday, Berlin's holidays)."""
    settings = {
        "title": "Berlin – Informationsgespräche",
        "city": "Berlin",
        "timezone": "Europe/Berlin",
        "country": "DE-BE",
        "start": "2027-05-17",
        "end": "2027-05-21",
        "defaults": {"language": "de", "locale": "de_DE"},
    }
    return trip_file(**{**settings, **overrides})


def person(
    name: str, company: str | None = None, *, researched: bool = True, **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {"name": name}
    if company:
        data["company"] = company
    if researched:
        data["background"] = f"{name} has a background."
        data["talking_points"] = ["Something in common"]
    data.update(extra)
    return data


def company(name: str, *, researched: bool = True, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"name": name, "address": f"1 {name} Way, Washington, DC"}
    if researched:
        data["overview"] = f"{name} does things."
        data["news"] = [{"date": "2027-01-15", "title": f"{name} in the news"}]
    data.update(extra)
    return data


def meeting(slug: str, start: str, **extra: Any) -> dict[str, Any]:
    """A schedule item; an in-person one gets an address so no logistics warning gets in the way."""
    if extra.get("format", "in-person") == "in-person" and "location" not in extra:
        extra["location"] = "1 Main St NW, Washington, DC"
    return {"person": slug, "start": start, **extra}


def dump(data: Any) -> str:
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False
    )


@dataclass(frozen=True)
class Content:
    root: Path
    """The content folder (tmp_path/content)."""

    def file(self, relative: str) -> str:
        """The file name as findings print it."""
        return f"{DISPLAY}/{relative}"

    def line(self, relative: str, needle: str, occurrence: int = 1) -> int:
        """1-based line of the `occurrence`-th line of `relative` that contains `needle`."""
        hits = [
            n
            for n, text in enumerate(
                (self.root / relative).read_text(encoding="utf-8").splitlines(), 1
            )
            if needle in text
        ]
        assert len(hits) >= occurrence, f"{needle!r} appears {len(hits)} times in {relative}"
        return hits[occurrence - 1]

    def start_line(self, start: str, occurrence: int = 1) -> int:
        """The line of a meeting's `start:` key in schedule.yaml."""
        lines = (self.root / "schedule.yaml").read_text(encoding="utf-8").splitlines()
        hits = [
            n
            for n, text in enumerate(lines, 1)
            if text.strip(" -").replace("'", "").replace('"', "") == f"start: {start}"
        ]
        assert len(hits) >= occurrence, f"no start: {start} in schedule.yaml"
        return hits[occurrence - 1]

    def item_line(self, start: str, occurrence: int = 1) -> int:
        """The line of the `- person:` that opens the meeting whose start is `start`."""
        start_at = self.start_line(start, occurrence)
        lines = (self.root / "schedule.yaml").read_text(encoding="utf-8").splitlines()
        return max(n for n, text in enumerate(lines[:start_at], 1) if text.startswith("- "))

    def load(self) -> Trip:
        return load(self.root, DISPLAY)

    def plan(self, today: date = date(2027, 3, 1)) -> Plan:
        return make_plan(self.load(), today)


def make_content(
    tmp_path: Path,
    *,
    schedule: list[dict[str, Any]],
    people: dict[str, dict[str, Any]] | None = None,
    companies: dict[str, dict[str, Any]] | None = None,
    trip: dict[str, Any] | None = None,
    questions: list[dict[str, Any]] | None = None,
    notes: dict[str, str] | None = None,
) -> Content:
    """Write a content folder. People named in the schedule but not in `people` get a default profile."""
    root = tmp_path / DISPLAY
    root.mkdir()
    (root / "people").mkdir()
    (root / "companies").mkdir()
    (root / "trip.yaml").write_text(dump(trip or trip_file()), encoding="utf-8")
    people = dict(people or {})
    for item in schedule:
        people.setdefault(item["person"], person(item["person"].replace("-", " ").title()))
    for slug, data in people.items():
        (root / "people" / f"{slug}.yaml").write_text(dump(data), encoding="utf-8")
    for slug, data in (companies or {}).items():
        (root / "companies" / f"{slug}.yaml").write_text(dump(data), encoding="utf-8")
    (root / "schedule.yaml").write_text(dump(schedule) if schedule else "[]\n", encoding="utf-8")
    if questions is not None:
        (root / "questions.yaml").write_text(dump(questions), encoding="utf-8")
    for relative, text in (notes or {}).items():
        (root / relative).write_text(text, encoding="utf-8")
    return Content(root)


def warnings(plan: Plan, containing: str) -> list[Finding]:
    """The plan's warnings whose message contains `containing`."""
    return [f for f in plan.findings if f.level is Level.WARNING and containing in f.message]


def where(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.location.file, f.location.line) for f in findings]
