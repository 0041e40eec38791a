"""The calendar file (render/calendar.py), parsed back with icalendar and checked against the schedule.

Times are compared in UTC twice: once reading the TZID with the system's zone data,
and once with the VTIMEZONE blocks in the file alone (what a calendar app without
that zone would use), so a wrong or missing VTIMEZONE cannot hide.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest
from plan.factory import company, make_content, meeting, person, trip_file

from generator.content.load import load
from generator.plan.plan import Plan, make_plan
from generator.render.calendar import render_calendar, uid
from generator.render.markdown import Notes
from generator.render.paths import Paths

SAMPLE = Path(__file__).resolve().parents[2] / "content"
UTC = timezone.utc

NAME = "Zhāng Wěi 张伟, Jr.; 🎉"
SITE_URL = "https://alex.example/dc-trip/"
COMPANY = "Acme; Inc, 日本 🏢"
AGENDA = "Ask about data, models; and budgets\nthe 🚀 launch 计划, step one; step two"


@pytest.fixture
def plan(tmp_path) -> Plan:
    content = make_content(
        tmp_path,
        people={
            "zhang": person(NAME, "acme", title="Director, Research; Data", email="zw@example.com"),
            "hal": person("Hal Brennan", connection={"via": "zhang"}),
            "bob": person("Bob Stone", "acme"),
            "cat": person("Cat Ruiz"),
        },
        companies={"acme": company(COMPANY)},
        schedule=[
            meeting("zhang", "2027-03-08 09:00", agenda=AGENDA),
            meeting("bob", "2027-03-09 10:00", travel=20),
            meeting(
                "hal",
                "2027-03-10 14:00",
                timezone="America/Chicago",
                format="video",
                link="https://meet.example/hal",
            ),
            meeting(
                "cat",
                "2027-03-11 11:00",
                duration=60,
                follow_up={"status": "sent", "sent_on": "2027-03-11"},
            ),
        ],
        trip=trip_file(site={"url": SITE_URL}),
    )
    return content.plan(date(2027, 3, 1))


def _calendar(plan: Plan) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(render_calendar(plan, Paths(), Notes()))


def _meeting_id(event: icalendar.Event) -> str:
    match = re.search(
        r"Packet: " + re.escape(SITE_URL) + r"meetings/([^/\s]+)/", str(event["DESCRIPTION"])
    )
    assert match, event["DESCRIPTION"]
    return match.group(1)


def _by_uid(plan: Plan, cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """Events by meeting id, through their UIDs (for plans without site.url, whose descriptions link no packet)."""
    ids = {uid(plan, slot.meeting.id): slot.meeting.id for slot in plan.schedule.slots}
    return {ids[str(e["UID"])]: e for e in cal.walk("VEVENT")}


def _events(plan: Plan) -> dict[str, icalendar.Event]:
    events = {_meeting_id(e): e for e in _calendar(plan).walk("VEVENT")}
    return events


def _utc_from_vtimezone(cal: icalendar.Calendar, prop) -> datetime:  # type: ignore[no-untyped-def]
    """The instant a TZID time means according to the file's own VTIMEZONE block."""
    tzid = prop.params["TZID"]
    (block,) = [tz for tz in cal.walk("VTIMEZONE") if str(tz["TZID"]) == tzid]
    zone = block.to_tz(lookup_tzid=False)
    return prop.dt.replace(tzinfo=None).replace(tzinfo=zone).astimezone(UTC)


# ---- events -----------------------------------------------------------------------------------


def test_one_event_per_meeting(plan):
    cal = _calendar(plan)
    events = cal.walk("VEVENT")
    assert len(events) == len(plan.schedule.slots) == 4
    assert sorted(_meeting_id(e) for e in events) == sorted(
        s.meeting.id for s in plan.schedule.slots
    )


def test_every_event_starts_and_ends_at_the_schedules_instant(plan):
    cal = _calendar(plan)
    events = {_meeting_id(e): e for e in cal.walk("VEVENT")}
    for slot in plan.schedule.slots:
        event = events[slot.meeting.id]
        assert event["DTSTART"].dt.astimezone(UTC) == slot.start_utc
        assert event["DTEND"].dt.astimezone(UTC) == slot.end_utc
        assert _utc_from_vtimezone(cal, event["DTSTART"]) == slot.start_utc
        assert _utc_from_vtimezone(cal, event["DTEND"]) == slot.end_utc


def test_the_chicago_call_is_written_in_chicago_time_at_the_right_instant(plan):
    cal = _calendar(plan)
    event = next(e for e in cal.walk("VEVENT") if _meeting_id(e) == "2027-03-10-hal")
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert event["DTSTART"].dt.replace(tzinfo=None) == datetime(2027, 3, 10, 14, 0)
    assert event["DTSTART"].dt.astimezone(UTC) == datetime(
        2027, 3, 10, 20, 0, tzinfo=UTC
    )  # 15:00 in New York
    assert _utc_from_vtimezone(cal, event["DTSTART"]) == datetime(2027, 3, 10, 20, 0, tzinfo=UTC)
    assert _utc_from_vtimezone(cal, event["DTEND"]) == datetime(2027, 3, 10, 20, 45, tzinfo=UTC)
    assert str(event["URL"]) == "https://meet.example/hal"


def test_every_tzid_used_has_a_vtimezone(plan):
    cal = _calendar(plan)
    used = {
        prop.params["TZID"]
        for component in [*cal.walk("VEVENT"), *cal.walk("VTODO")]
        for name in ("DTSTART", "DTEND", "DUE")
        if name in component and "TZID" in (prop := component[name]).params
    }
    assert used == {"America/New_York", "America/Chicago"}
    defined = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    assert sorted(defined) == sorted(used)


def test_uids_are_unique_and_stable_across_renders(plan):
    first = render_calendar(plan, Paths(), Notes())
    second = render_calendar(plan, Paths(), Notes())
    assert first == second
    cal = icalendar.Calendar.from_ical(first)
    uids = [str(c["UID"]) for c in [*cal.walk("VEVENT"), *cal.walk("VTODO")]]
    assert len(uids) == 8 and len(set(uids)) == 8


def test_uids_survive_a_rebuild_from_the_same_content(plan):
    again = make_plan(load(plan.trip.root, "content"), date(2027, 3, 9))
    assert {str(e["UID"]) for e in _calendar(plan).walk("VEVENT")} == {
        str(e["UID"]) for e in _calendar(again).walk("VEVENT")
    }


def test_every_event_has_one_alarm_before_it_starts(plan):
    events = _events(plan)
    for slot in plan.schedule.slots:
        alarms = events[slot.meeting.id].walk("VALARM")
        assert len(alarms) == 1, slot.meeting.id
        trigger = alarms[0]["TRIGGER"].dt
        assert isinstance(trigger, timedelta) and trigger < timedelta(0)
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        if slot.leave_by:  # the reminder comes before it is time to leave
            assert slot.start + trigger <= slot.leave_by


def test_the_description_names_person_company_and_packet(plan):
    events = _events(plan)
    for slot in plan.schedule.slots:
        description = str(events[slot.meeting.id]["DESCRIPTION"])
        assert slot.meeting.person.profile.name in description
        if slot.meeting.company:
            assert slot.meeting.company.profile.name in description
        assert (
            f"Packet: {SITE_URL}meetings/{slot.meeting.id}/" in description
        )  # the hosted packet (site.url)
    assert "Leave by 09:30" in str(events["2027-03-09-bob"]["DESCRIPTION"])
    assert "https://meet.example/hal" in str(events["2027-03-10-hal"]["DESCRIPTION"])


def test_commas_semicolons_newlines_emoji_and_cjk_round_trip_exactly(plan):
    raw = render_calendar(plan, Paths(), Notes())
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded in octets, per RFC 5545
    event = _events(plan)["2027-03-08-zhang"]
    assert str(event["SUMMARY"]) == f"{NAME} ({COMPANY})"
    description = str(event["DESCRIPTION"])
    assert description.splitlines()[:2] == [f"{NAME}, Director, Research; Data", COMPANY]
    assert AGENDA in description
    assert str(event["LOCATION"]) == "1 Main St NW, Washington, DC"
    todo = next(t for t in _calendar(plan).walk("VTODO") if NAME in str(t["SUMMARY"]))
    assert str(todo["SUMMARY"]) == f"Send your thank-you to {NAME}"


# ---- to-dos -----------------------------------------------------------------------------------


def _todos(plan: Plan) -> dict[str, icalendar.Todo]:
    """Thank-you to-dos keyed by meeting id, matched on the instant the meeting ends."""
    by_end = {slot.end_utc: slot.meeting.id for slot in plan.schedule.slots}
    return {by_end[t["DTSTART"].dt.astimezone(UTC)]: t for t in _calendar(plan).walk("VTODO")}


def test_one_thank_you_todo_per_meeting_due_follow_up_within_hours_after_the_end(plan):
    todos = _todos(plan)
    assert sorted(todos) == sorted(s.meeting.id for s in plan.schedule.slots)
    hours = plan.trip.info.defaults.follow_up_within
    for slot in plan.schedule.slots:
        assert todos[slot.meeting.id]["DUE"].dt.astimezone(UTC) == slot.end_utc + timedelta(
            hours=hours
        )


def test_the_chicago_calls_todo_is_due_at_the_right_instant(plan):
    cal = _calendar(plan)
    todo = _todos(plan)["2027-03-10-hal"]
    # Ends 14:45 Chicago = 20:45 UTC; due 24 hours later.
    assert todo["DUE"].dt.astimezone(UTC) == datetime(2027, 3, 11, 20, 45, tzinfo=UTC)
    assert _utc_from_vtimezone(cal, todo["DUE"]) == datetime(2027, 3, 11, 20, 45, tzinfo=UTC)


def test_todo_status_follows_the_follow_up(plan):
    todos = _todos(plan)
    assert str(todos["2027-03-11-cat"]["STATUS"]) == "COMPLETED"
    assert todos["2027-03-11-cat"].walk("VALARM") == []
    for meeting_id in ("2027-03-08-zhang", "2027-03-09-bob", "2027-03-10-hal"):
        assert str(todos[meeting_id]["STATUS"]) == "NEEDS-ACTION"
        assert len(todos[meeting_id].walk("VALARM")) == 1


def test_follow_up_within_sets_the_todo_due_time(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(defaults={"follow_up_within": 48}),
        schedule=[meeting("ann", "2027-03-08 09:00")],
    )
    (todo,) = _calendar(content.plan()).walk("VTODO")
    assert todo["DUE"].dt.astimezone(UTC) == datetime(2027, 3, 10, 14, 45, tzinfo=UTC)


# ---- clock changes and the sample trip --------------------------------------------------------


def test_times_at_clock_changes_keep_their_instant(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(start="2027-03-12", end="2027-03-16"),
        schedule=[
            meeting("ann", "2027-03-14 02:30"),
            meeting("bob", "2027-03-14 09:00"),
            meeting("cat", "2027-03-13 09:00"),
        ],
    )
    plan = content.plan()
    cal = _calendar(plan)
    events = _by_uid(plan, cal)
    for slot in plan.schedule.slots:
        assert events[slot.meeting.id]["DTSTART"].dt.astimezone(UTC) == slot.start_utc
        assert _utc_from_vtimezone(cal, events[slot.meeting.id]["DTSTART"]) == slot.start_utc
        assert _utc_from_vtimezone(cal, events[slot.meeting.id]["DTEND"]) == slot.end_utc
    assert events["2027-03-14-bob"]["DTSTART"].dt.astimezone(UTC) == datetime(
        2027, 3, 14, 13, 0, tzinfo=UTC
    )  # EDT
    assert events["2027-03-13-cat"]["DTSTART"].dt.astimezone(UTC) == datetime(
        2027, 3, 13, 14, 0, tzinfo=UTC
    )  # EST


def test_an_ambiguous_time_is_written_as_its_first_occurrence(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(start="2027-11-05", end="2027-11-09"),
        schedule=[meeting("ann", "2027-11-07 01:30")],
    )
    cal = _calendar(content.plan())
    (event,) = cal.walk("VEVENT")
    assert _utc_from_vtimezone(cal, event["DTSTART"]) == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
    assert event["DTSTART"].dt.astimezone(UTC) == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)


def test_the_sample_trip_calendar_matches_its_schedule():
    plan = make_plan(load(SAMPLE, "content"), date(2027, 3, 1))
    cal = _calendar(plan)
    events = _by_uid(plan, cal)
    assert sorted(events) == sorted(s.meeting.id for s in plan.schedule.slots)
    for slot in plan.schedule.slots:
        assert events[slot.meeting.id]["DTSTART"].dt.astimezone(UTC) == slot.start_utc
        assert _utc_from_vtimezone(cal, events[slot.meeting.id]["DTEND"]) == slot.end_utc
    hal = next(e for key, e in events.items() if "hal-brennan" in key)
    assert hal["DTSTART"].params["TZID"] == "America/Chicago"
    assert hal["DTSTART"].dt.astimezone(plan.schedule.zone).strftime("%H:%M") == "15:00"
    thanked = {uid(plan, slot.meeting.id, "thanks") for slot in plan.schedule.slots}
    thanks = [t for t in cal.walk("VTODO") if str(t["UID"]) in thanked]
    assert len(thanks) == len(plan.schedule.slots)
    others = [
        t for t in cal.walk("VTODO") if t not in thanks
    ]  # outreach steps, promises and pings (issue 16)
    assert len(others) == len(plan.debriefs.promises) + len(plan.pings) + sum(
        len(c.steps) for c in plan.clocks.values()
    )


# ---- the same trip, the same file --------------------------------------------------------------


def test_the_same_trip_gives_the_same_file_whatever_the_hash_seed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two time zones (New York and Chicago): their VTIMEZONE blocks once came in set order, which Python's
    string-hash randomization changes from one run to the next."""
    import subprocess
    import sys

    probe = (
        "import sys; from datetime import date; from pathlib import Path; from generator.build "
        "import load_and_plan;"
        "from generator.render.calendar import render_calendar, uid; from "
        "generator.render.markdown import Notes;"
        "from generator.render.paths import Paths;"
        "_, plan, _ = load_and_plan(Path(sys.argv[1]), date(2027, 3, 1));"
        "sys.stdout.buffer.write(render_calendar(plan, Paths(), Notes()))"
    )
    files = {
        seed: subprocess.run(
            [sys.executable, "-c", probe, str(SAMPLE)],
            capture_output=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(set(files.values())) == 1
    assert files["1"].count(b"BEGIN:VTIMEZONE") == 2
