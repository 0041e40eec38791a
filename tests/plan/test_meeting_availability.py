"""`check` warns when a meeting in schedule.yaml falls outside the windows the person offered, or in a busy time of
the calendar file they sent: the same rule as the network page's "meetings to move", now at the meeting's line."""

from __future__ import annotations

from datetime import date

from plan.factory import make_content, meeting, person, trip_file

BUSY_ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Calendar//EN
BEGIN:VFREEBUSY
DTSTART:20270524T000000Z
DTEND:20270605T000000Z
FREEBUSY;FBTYPE=BUSY:20270601T120000Z/20270601T140000Z
END:VFREEBUSY
END:VCALENDAR
"""

LONDON = dict(country="GB-ENG", timezone="Europe/London", start="2027-05-27", end="2027-06-03")


def test_a_meeting_outside_the_windows_offered_is_warned_at_its_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    content = make_content(
        tmp_path,
        trip=trip_file(**LONDON),
        people={
            "eve": person("Eve Stone", available=["2027-06-01 09:00-11:00", "Thursday 14:00-16:00"])
        },
        schedule=[meeting("eve", "2027-06-01 15:00"), meeting("eve", "2027-06-03 14:30")],
    )
    found = [f for f in content.plan(date(2027, 5, 20)).findings if "offered" in f.message]
    assert [(f.location.line, f.message) for f in found] == [
        (
            content.start_line("2027-06-01 15:00"),
            "the meeting with Eve Stone is outside the times they offered",
        )
    ]


def test_a_meeting_in_a_busy_time_of_their_calendar_file_is_warned(tmp_path) -> None:  # type: ignore[no-untyped-def]
    content = make_content(
        tmp_path,
        trip=trip_file(**LONDON),
        people={"kai": person("Kai Berger", available_ics="kai.ics")},
        schedule=[meeting("kai", "2027-06-01 13:30"), meeting("kai", "2027-06-03 10:00")],
        notes={"kai.ics": BUSY_ICS},
    )
    found = [f for f in content.plan(date(2027, 5, 20)).findings if "busy" in f.message]
    assert [(f.location.line, f.message) for f in found] == [
        (
            content.start_line("2027-06-01 13:30"),
            "the meeting with Kai Berger is busy in their calendar (kai.ics)",
        )
    ]
