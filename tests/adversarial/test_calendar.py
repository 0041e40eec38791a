"""Family "Calendar": awkward text survives RFC 5545 escaping and folding, no text can forge a component,
every TZID has its VTIMEZONE, and UIDs are stable across builds and unique per meeting.

The ICS is read back with icalendar and compared with the values infoprep itself loaded, so the
test checks the calendar writer, not YAML quoting.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import icalendar
import pytest

from adversarial.helpers import EPOCH, Workspace, cli

BUILD = ("build", "content", "-o", "out", "--no-pdf")

NAME = 'Zoë, Łukasz; 李小龙 \\ "Lu" 🎉'
TITLE = "Head, Planning; 规划 \\n not a newline"
COMPANY = "Harbor; Analytics, Inc. \\ 港湾 🚌"
LOCATION = "1 Main St, Suite 2; Floor 3\\4, 東京都 🏢 " + "very long address " * 8
AGENDA = "Line one, with comma; semicolon \\ backslash\nLine two 日本語 😀 — " + "long " * 40


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _build(ws: Workspace) -> icalendar.Calendar:
    ran = cli(*BUILD)
    assert ran.code == 0 and "Traceback" not in ran.output, ran.output
    return icalendar.Calendar.from_ical((ws.output / "itinerary.ics").read_bytes())


def _awkward(ws: Workspace) -> None:
    ws.edit("people/jose-alvarez.yaml", "name: José Álvarez-Núñez", f"name: {_quote(NAME)}")
    ws.edit(
        "people/jose-alvarez.yaml", "title: Director of Route Planning", f"title: {_quote(TITLE)}"
    )
    ws.edit("companies/harbor-analytics.yaml", "name: Harbor Analytics", f"name: {_quote(COMPANY)}")
    ws.edit("schedule.yaml", "  travel: 15", f"  travel: 15\n  location: {_quote(LOCATION)}")
    ws.edit(
        "schedule.yaml",
        "  agenda: |\n    How the route-planning team picks which corridors to study.\n",
        f"  agenda: {_quote(AGENDA)}\n",
    )


def test_awkward_text_round_trips(ws: Workspace) -> None:
    from generator.content.load import load

    _awkward(ws)
    trip = load(ws.content, "content")
    person = trip.people["jose-alvarez"].profile
    assert (person.name, person.title) == (NAME, TITLE)
    cal = _build(ws)
    [event] = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == f"{NAME} ({COMPANY})"
    assert str(event["LOCATION"]) == LOCATION.strip()
    description = str(event["DESCRIPTION"])
    assert description.startswith(f"{NAME}, {TITLE}\n{COMPANY}\n")
    assert AGENDA.strip() in description
    [todo] = cal.walk("VTODO")
    assert str(todo["SUMMARY"]) == f"Send your thank-you to {NAME}"


def test_lines_are_folded_escaped_and_crlf(ws: Workspace) -> None:
    _awkward(ws)
    _build(ws)
    raw = (ws.output / "itinerary.ics").read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert (
        'SUMMARY:Zoë\\, Łukasz\\; 李小龙 \\\\ "Lu" 🎉 (Harbor\\; Analytics\\, Inc. \\\\ 港湾 🚌)'
        in unfolded
    )
    assert "\\nLine two 日本語 😀" in unfolded


@pytest.mark.parametrize("where", ["name", "company", "location", "agenda"])
def test_text_cannot_forge_components(ws: Workspace, where: str) -> None:
    evil = "Kim\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged\r\nSUMMARY:forged\nDTSTART:20270101T000000Z"
    if where == "name":
        ws.edit("people/jose-alvarez.yaml", "name: José Álvarez-Núñez", f"name: {_quote(evil)}")
    elif where == "company":
        ws.edit(
            "companies/harbor-analytics.yaml", "name: Harbor Analytics", f"name: {_quote(evil)}"
        )
    elif where == "location":
        ws.edit("schedule.yaml", "  travel: 15", f"  travel: 15\n  location: {_quote(evil)}")
    else:
        ws.edit(
            "schedule.yaml",
            "  agenda: |\n    How the route-planning team picks which corridors to study.\n",
            f"  agenda: {_quote(evil)}\n",
        )
    if where != "agenda":  # a one-line field: the line break itself is refused (issue 26 item 9)
        ran = cli("build", "content", "-o", "out", "--no-pdf")
        assert ran.code == 1 and "must be one line (it has a line break)" in ran.stderr, ran.output
        return
    cal = _build(ws)
    assert len(cal.walk("VEVENT")) == 1 and len(cal.walk("VTODO")) == 1
    raw = (ws.output / "itinerary.ics").read_bytes().replace(b"\r\n ", b"")
    assert b"\r\nUID:forged" not in raw and b"\r\nBEGIN:VEVENT\r\nUID:forged" not in raw
    assert [str(c["UID"]) for c in cal.walk() if "UID" in c and str(c["UID"]) == "forged"] == []


def _tzids(cal: icalendar.Calendar) -> tuple[set[str], set[str]]:
    used = set()
    for component in cal.walk():
        if component.name in ("VEVENT", "VTODO"):
            for key in ("DTSTART", "DTEND", "DUE"):
                if key in component and "TZID" in component[key].params:
                    used.add(component[key].params["TZID"])
    defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    return used, defined


@pytest.mark.parametrize(
    ("trip_zone", "meeting_zone"),
    [
        ("America/New_York", "America/Chicago"),
        ("Europe/London", "Asia/Kolkata"),
        ("Australia/Lord_Howe", "Pacific/Chatham"),
        ("UTC", "Asia/Tokyo"),
    ],
)
def test_every_tzid_has_its_vtimezone(ws: Workspace, trip_zone: str, meeting_zone: str) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    ws.edit("trip.yaml", "timezone: America/New_York", f"timezone: {trip_zone}")
    ws.write(
        "schedule.yaml",
        ws.read("schedule.yaml")
        + f"- person: kim-park\n  start: 2027-05-10 15:00\n  timezone: {meeting_zone}\n  format: video\n  link: https://meet.example/k\n",
    )
    cal = _build(ws)
    used, defined = _tzids(cal)
    assert used <= defined, f"TZIDs without VTIMEZONE: {used - defined}"
    assert used - {"UTC"}, "times should carry their zone"
    starts = {str(e["SUMMARY"]).split(" (")[0]: e["DTSTART"].dt for e in cal.walk("VEVENT")}
    assert starts["Kim Park"] == datetime(2027, 5, 10, 15, 0, tzinfo=ZoneInfo(meeting_zone))
    assert starts["José Álvarez-Núñez"] == datetime(2027, 5, 10, 10, 0, tzinfo=ZoneInfo(trip_zone))


def _uids(ws: Workspace) -> dict[tuple[str, str], str]:
    cal = icalendar.Calendar.from_ical((ws.output / "itinerary.ics").read_bytes())
    return {
        (c.name, str(c["SUMMARY"])): str(c["UID"])
        for c in cal.walk()
        if c.name in ("VEVENT", "VTODO")
    }


def test_uids_are_stable_across_builds_moves_and_additions(ws: Workspace, tmp_path: Path) -> None:
    _build(ws)
    first = _uids(ws)
    assert len(set(first.values())) == len(first) == 2

    _build(ws)
    assert _uids(ws) == first

    ws.edit("schedule.yaml", "2027-05-10 10:00", "2027-05-10 11:30")
    _build(ws)
    assert _uids(ws) == first, "moving a meeting within its day must update, not duplicate, it"

    ws.write(
        "schedule.yaml",
        ws.read("schedule.yaml")
        + "- person: kim-park\n  start: 2027-05-10 15:00\n  format: phone\n",
    )
    _build(ws)
    after = _uids(ws)
    assert {k: v for k, v in after.items() if k in first} == first
    assert len(set(after.values())) == len(after) == 4

    moved = tmp_path / "elsewhere" / "trip"
    shutil.copytree(ws.content, moved)
    ran = cli(
        "build",
        str(moved),
        "-o",
        str(tmp_path / "elsewhere" / "site"),
        "--no-pdf",
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert ran.code == 0, ran.output
    cal = icalendar.Calendar.from_ical(
        (tmp_path / "elsewhere" / "site" / "itinerary.ics").read_bytes()
    )
    assert {str(c["UID"]) for c in cal.walk() if c.name in ("VEVENT", "VTODO")} == set(
        after.values()
    )


def test_uids_are_unique_per_meeting_even_same_person_same_day(ws: Workspace) -> None:
    extra = "".join(
        f"- person: jose-alvarez\n  start: 2027-05-10 {h}\n  format: phone\n  agenda: Part {h}.\n"
        for h in ("13:00", "16:00")
    )
    ws.write("schedule.yaml", ws.read("schedule.yaml") + extra)
    cal = _build(ws)
    uids = [str(c["UID"]) for c in cal.walk() if c.name in ("VEVENT", "VTODO")]
    assert len(uids) == 6 and len(set(uids)) == 6
