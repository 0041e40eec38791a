"""`available:` windows and `available_ics` files: what they mean, and the errors a person gets for bad ones."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.content.availability import CalendarError, parse_window, read_calendar
from generator.errors import ContentError
from tests.plan.factory import make_content, person

LA = ZoneInfo("America/Los_Angeles")
FIRST = datetime(2027, 5, 16, tzinfo=LA)
LAST = datetime(2027, 5, 23, tzinfo=LA)


@pytest.mark.parametrize(
    ("text", "day", "weekday", "start", "end", "formats", "zone"),
    [
        ("2027-05-18 13:00-17:00", "2027-05-18", None, "13:00", "17:00", (), None),
        ("2027-05-19 09:00-11:00 video", "2027-05-19", None, "09:00", "11:00", ("video",), None),
        ("tuesday 14:00-17:00", None, 1, "14:00", "17:00", (), None),
        (
            "Thursdays 9:30 – 10:30 video or phone Europe/Berlin",
            None,
            3,
            "09:30",
            "10:30",
            ("video", "phone"),
            "Europe/Berlin",
        ),
        ("fri 16:00-24:00 in-person", None, 4, "16:00", "23:59", ("in-person",), None),
        (
            "2027-05-20 12:00-13:00 In person, or video",
            "2027-05-20",
            None,
            "12:00",
            "13:00",
            ("in-person", "video"),
            None,
        ),
    ],
)
def test_window_forms(
    text: str,
    day: str | None,
    weekday: int | None,
    start: str,
    end: str,
    formats: tuple,
    zone: str | None,
) -> None:
    spec = parse_window(text)
    assert (str(spec.day) if spec.day else None, spec.weekday) == (day, weekday)
    assert (spec.start.strftime("%H:%M"), spec.end.strftime("%H:%M")) == (start, end)
    assert (spec.formats, spec.zone) == (formats, zone)


def test_malformed_windows_are_errors_at_their_own_line(tmp_path: Path) -> None:
    people = {
        "meera-raghunathan": person(
            "Dr. Meera Raghunathan",
            available=[
                "2027-05-18 13:00-17:00",
                "tusday 14:00-17:00",
                "2027-05-19 11:00-09:00",
                "2027-02-30 09:00-10:00",
                "friday 25:00-26:00",
                "monday 09:00-10:00 vidoe",
                "monday 09:00-10:00 Mars/Olympus",
            ],
        )
    }
    content = make_content(tmp_path, schedule=[], people=people)
    with pytest.raises(ContentError) as caught:
        content.load()
    file = "content/people/meera-raghunathan.yaml"
    messages = {(f.location.file, f.location.line): f.message for f in caught.value.findings}
    assert messages[(file, content.line("people/meera-raghunathan.yaml", "tusday"))].startswith(
        "available[1]: 'tusday' is not a date (YYYY-MM-DD) or a weekday (did you mean 'tuesday'?)"
    )
    assert (
        "ends (09:00) before it starts (11:00)"
        in messages[(file, content.line("people/meera-raghunathan.yaml", "11:00-09:00"))]
    )
    assert (
        "not a real date"
        in messages[(file, content.line("people/meera-raghunathan.yaml", "02-30"))]
    )
    assert (
        "'25:00' is not a time of day"
        in messages[(file, content.line("people/meera-raghunathan.yaml", "25:00"))]
    )
    assert (
        "(did you mean 'video'?)"
        in messages[(file, content.line("people/meera-raghunathan.yaml", "vidoe"))]
    )
    assert (
        "unknown time zone 'Mars/Olympus'"
        in messages[(file, content.line("people/meera-raghunathan.yaml", "Mars"))]
    )
    assert len(caught.value.findings) == 6


ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
{body}END:VCALENDAR\r
"""


def _calendar(body: str, zone: ZoneInfo = LA):  # type: ignore[no-untyped-def]
    return read_calendar(ICS.format(body=body).encode(), "assets/x.ics", zone, FIRST, LAST)


def test_vfreebusy_busy_periods_count_and_free_ones_do_not() -> None:
    cal = _calendar(
        "BEGIN:VFREEBUSY\r\nFREEBUSY:20270518T160000Z/20270518T170000Z,20270519T160000Z/PT2H\r\n"
        "FREEBUSY;FBTYPE=FREE:20270520T160000Z/20270520T170000Z\r\n"
        "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20270521T160000Z/PT30M\r\nEND:VFREEBUSY\r\n"
    )
    assert [(p.start.isoformat(), p.end.isoformat()) for p in cal.busy] == [
        ("2027-05-18T16:00:00+00:00", "2027-05-18T17:00:00+00:00"),
        ("2027-05-19T16:00:00+00:00", "2027-05-19T18:00:00+00:00"),
        ("2027-05-21T16:00:00+00:00", "2027-05-21T16:30:00+00:00"),
    ]
    assert cal.offered == ()


def test_events_are_busy_unless_transparent_or_cancelled_and_repeats_are_expanded() -> None:
    cal = _calendar(
        "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20270501T000000Z\r\nDTSTART;TZID=America/Los_Angeles:20270517T090000\r\n"
        "DURATION:PT30M\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20270501T000000Z\r\nDTSTART:20270520T180000Z\r\nDTEND:20270520T190000Z\r\n"
        "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:c\r\nDTSTAMP:20270501T000000Z\r\nDTSTART:20270520T200000Z\r\nDTEND:20270520T210000Z\r\n"
        "STATUS:CANCELLED\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:d\r\nDTSTAMP:20270501T000000Z\r\nDTSTART;VALUE=DATE:20270521\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:e\r\nDTSTAMP:20270501T000000Z\r\nDTSTART:20270601T180000Z\r\nDTEND:20270601T190000Z\r\nEND:VEVENT\r\n"
    )
    local = [
        (p.start.astimezone(LA).strftime("%d %H:%M"), p.end.astimezone(LA).strftime("%d %H:%M"))
        for p in cal.busy
    ]
    assert local == [
        ("17 09:00", "17 09:30"),
        ("18 09:00", "18 09:30"),
        ("19 09:00", "19 09:30"),
        ("21 00:00", "22 00:00"),
    ]


def test_vavailability_available_blocks_are_offered_within_its_bounds() -> None:
    cal = _calendar(
        "BEGIN:VAVAILABILITY\r\nUID:v\r\nDTSTAMP:20270501T000000Z\r\n"
        "DTSTART;TZID=America/Los_Angeles:20270517T000000\r\nDTEND;TZID=America/Los_Angeles:20270520T000000\r\n"
        "BEGIN:AVAILABLE\r\nUID:w\r\nDTSTAMP:20270501T000000Z\r\nDTSTART;TZID=America/Los_Angeles:20270517T100000\r\n"
        "DTEND;TZID=America/Los_Angeles:20270517T120000\r\nRRULE:FREQ=DAILY;COUNT=5\r\nEND:AVAILABLE\r\n"
        "END:VAVAILABILITY\r\n"
    )
    assert [p.start.astimezone(LA).strftime("%d %H:%M") for p in cal.offered] == [
        "17 10:00",
        "18 10:00",
        "19 10:00",
    ]


def test_floating_times_are_read_in_the_persons_zone() -> None:
    seoul = ZoneInfo("Asia/Seoul")
    cal = _calendar(
        "BEGIN:VEVENT\r\nUID:f\r\nDTSTAMP:20270501T000000Z\r\nDTSTART:20270519T080000\r\nDTEND:20270519T090000\r\nEND:VEVENT\r\n",
        seoul,
    )
    assert cal.busy[0].start == datetime(2027, 5, 19, 8, tzinfo=seoul).astimezone(timezone.utc)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not a calendar",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n",
        "BEGIN:VCALENDAR\r\nX:é\r\n".encode("latin-1"),
    ],
)
def test_garbage_is_a_calendar_error(raw: bytes) -> None:
    with pytest.raises(CalendarError):
        read_calendar(raw, "assets/x.ics", LA, FIRST, LAST)


def _ics_person(tmp_path: Path, name: str) -> tuple:  # type: ignore[type-arg]
    people = {
        "lucia-montoya": person("Lucía Montoya", available_ics=name, outreach={"status": "asked"})
    }
    content = make_content(tmp_path, schedule=[], people=people)
    (content.root / "assets").mkdir()
    return content, content.line("people/lucia-montoya.yaml", "available_ics")


def _errors(content) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentError) as caught:
        content.load()
    return [str(f) for f in caught.value.findings]


def test_an_ics_path_outside_the_content_folder_is_refused(tmp_path: Path) -> None:
    content, line = _ics_person(tmp_path, "../secret.ics")
    (tmp_path / "secret.ics").write_text(ICS.format(body=""), encoding="utf-8")
    assert _errors(content) == [
        f"content/people/lucia-montoya.yaml:{line}: error: available_ics must be a path inside the "
        "content folder, e.g. assets/secret.ics"
    ]


def test_an_ics_link_that_leads_outside_is_refused(tmp_path: Path) -> None:
    content, line = _ics_person(tmp_path, "assets/lucia.ics")
    (tmp_path / "elsewhere.ics").write_text(ICS.format(body=""), encoding="utf-8")
    (content.root / "assets" / "lucia.ics").symlink_to(tmp_path / "elsewhere.ics")
    assert (
        f"content/people/lucia-montoya.yaml:{line}: error: 'assets/lucia.ics' is a link to a file "
        "outside the content folder; "
        "copy the file in instead"
    ) in _errors(content)


def test_an_ics_that_is_not_a_regular_file_is_never_opened(tmp_path: Path) -> None:
    content, line = _ics_person(tmp_path, "assets/lucia.ics")
    os.mkfifo(content.root / "assets" / "lucia.ics")  # opening a FIFO would hang the reader
    assert _errors(content) == [  # where it is (content/folders.py), and where it is named
        "content/assets/lucia.ics:1: error: this is a FIFO (named pipe): infoprep reads only "
        "regular files; remove it",
        f"content/people/lucia-montoya.yaml:{line}: error: 'assets/lucia.ics' is not a regular "
        "file; give the .ics file itself",
    ]


def test_a_missing_or_broken_ics_is_an_error_at_its_key(tmp_path: Path) -> None:
    content, line = _ics_person(tmp_path, "assets/lucia.ics")
    assert _errors(content) == [
        f"content/people/lucia-montoya.yaml:{line}: error: no file 'assets/lucia.ics' in the "
        "content folder"
    ]
    (content.root / "assets" / "lucia.ics").write_text("hello", encoding="utf-8")
    [message] = _errors(content)
    assert message.startswith(
        f"content/people/lucia-montoya.yaml:{line}: error: assets/lucia.ics: not a calendar file"
    )


def test_geo_must_be_a_latitude_and_a_longitude(tmp_path: Path) -> None:
    from tests.plan.factory import company

    content = make_content(
        tmp_path,
        schedule=[],
        companies={
            "cag": company("CAG", geo=[-122.3, 47.6]),
            "ok": company("OK", geo=[47.6, -122.3]),
        },
    )
    [message] = _errors(content)
    assert "latitude -122.3 is not between -90 and 90" in message
    (tmp_path / "again").mkdir()
    content = make_content(
        tmp_path / "again",
        schedule=[],
        companies={"cag": company("CAG", geo=[47.6]), "ok": company("OK", geo="47.6, -122.3")},
    )
    messages = _errors(content)
    assert len(messages) == 2 and all(
        "is not [latitude, longitude]; write two numbers" in m for m in messages
    )
