"""The week in time (plan/schedule.py): days, order, time zones, gaps and leave-by times."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from generator.plan.schedule import ARRIVE_EARLY, ClockIssue
from plan.factory import company, make_content, meeting, person, trip_file

NY = ZoneInfo("America/New_York")
CHICAGO = ZoneInfo("America/Chicago")


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_every_trip_day_is_present_including_empty_ones(tmp_path):
    content = make_content(
        tmp_path, schedule=[meeting("ann", "2027-03-08 09:00"), meeting("bob", "2027-03-11 10:00")]
    )
    days = content.plan().schedule.days
    assert [d.date for d in days] == [date(2027, 3, 8) + timedelta(days=n) for n in range(5)]
    assert [len(d.slots) for d in days] == [1, 0, 0, 1, 0]
    assert all(d.in_trip for d in days)


def test_a_meeting_outside_the_trip_gets_its_own_day_marked_not_in_trip(tmp_path):
    content = make_content(tmp_path, schedule=[meeting("ann", "2027-03-13 09:00")])
    days = content.plan().schedule.days
    assert [d.date for d in days][-1] == date(2027, 3, 13)
    assert days[-1].in_trip is False
    assert [s.meeting.person.slug for s in days[-1].slots] == ["ann"]
    assert len(days) == 6


def test_meetings_are_in_time_order_whatever_the_file_order(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("cat", "2027-03-09 09:00"),
            meeting("bob", "2027-03-08 15:30"),
            # 14:00 in Chicago is 15:00 in New York: before Bob, though written "later" in the file.
            meeting(
                "dan",
                "2027-03-08 14:00",
                timezone="America/Chicago",
                format="video",
                link="https://meet.example/d",
            ),
            meeting("ann", "2027-03-08 09:00"),
        ],
    )
    schedule = content.plan().schedule
    assert [s.meeting.person.slug for s in schedule.slots] == ["ann", "dan", "bob", "cat"]
    starts = [s.start_utc for s in schedule.slots]
    assert starts == sorted(starts)
    assert [s.meeting.person.slug for s in schedule.days[0].slots] == ["ann", "dan", "bob"]


def test_a_call_in_chicago_at_14_00_is_15_00_in_new_york(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting(
                "hal",
                "2027-03-10 14:00",
                timezone="America/Chicago",
                format="video",
                link="https://meet.example/h",
            )
        ],
    )
    slot = content.plan().schedule.slots[0]
    assert slot.own_start == datetime(2027, 3, 10, 14, 0, tzinfo=CHICAGO)
    assert str(slot.own_start.tzinfo) == "America/Chicago"
    assert slot.own_start.strftime("%H:%M") == "14:00"
    assert str(slot.start.tzinfo) == "America/New_York"
    assert slot.start.strftime("%Y-%m-%d %H:%M") == "2027-03-10 15:00"
    assert slot.end.strftime("%H:%M") == "15:45"
    assert slot.own_end.strftime("%H:%M") == "14:45"
    assert slot.start_utc == _utc("2027-03-10 20:00")
    assert slot.end_utc == _utc("2027-03-10 20:45")
    assert slot.other_zone is True


def test_a_meeting_without_its_own_zone_is_in_the_trip_zone(tmp_path):
    content = make_content(tmp_path, schedule=[meeting("ann", "2027-03-08 09:30", duration=60)])
    slot = content.plan().schedule.slots[0]
    assert slot.own_start == slot.start == datetime(2027, 3, 8, 9, 30, tzinfo=NY)
    assert slot.start_utc == _utc("2027-03-08 14:30")
    assert slot.end - slot.start == timedelta(minutes=60)
    assert slot.duration == 60
    assert slot.other_zone is False


def test_duration_defaults_to_the_trip_default(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(defaults={"duration": 50}),
        schedule=[meeting("ann", "2027-03-08 09:00")],
    )
    slot = content.plan().schedule.slots[0]
    assert slot.duration == 50
    assert slot.end.strftime("%H:%M") == "09:50"


def test_gap_before_counts_free_minutes_since_the_last_meeting_of_the_day(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 09:00"),  # ends 09:45
            meeting("bob", "2027-03-08 11:00"),  # 75 free minutes
            meeting("cat", "2027-03-08 11:30"),  # overlaps bob by 15
            meeting("dan", "2027-03-09 09:00"),  # first of its day
        ],
    )
    gaps = {s.meeting.person.slug: s.gap_before for s in content.plan().schedule.slots}
    assert gaps == {"ann": None, "bob": 75, "cat": -15, "dan": None}


def test_gap_before_a_call_in_another_zone_uses_real_time(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 13:00"),  # ends 13:45 New York
            meeting(
                "hal",
                "2027-03-08 13:30",
                timezone="America/Chicago",
                format="video",
                link="https://meet.example/h",
            ),
        ],
    )
    slot = content.plan().schedule.slots[1]
    assert slot.start.strftime("%H:%M") == "14:30"
    assert slot.gap_before == 45


def test_leave_by_is_start_minus_travel_minus_ten_minutes_for_in_person_meetings(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 11:00", travel=20),
            meeting(
                "bob", "2027-03-08 14:00", travel=20, format="video", link="https://meet.example/b"
            ),
            meeting("cat", "2027-03-08 16:00"),
            meeting("dan", "2027-03-09 09:00", travel=45, format="in-person"),
        ],
    )
    slots = {s.meeting.person.slug: s for s in content.plan().schedule.slots}
    assert ARRIVE_EARLY == 10
    assert slots["ann"].leave_by == datetime(2027, 3, 8, 10, 30, tzinfo=NY)
    assert slots["ann"].leave_by == slots["ann"].start - timedelta(minutes=20 + 10)
    assert slots["bob"].leave_by is None  # a video call needs no travel
    assert slots["cat"].leave_by is None  # no travel time given
    assert slots["dan"].leave_by == datetime(2027, 3, 9, 8, 5, tzinfo=NY)


def test_location_defaults_to_the_company_address_for_in_person_meetings(tmp_path):
    content = make_content(
        tmp_path,
        people={"ann": person("Ann", "acme"), "bob": person("Bob", "acme")},
        companies={"acme": company("Acme", address="12 K St NW, Washington, DC")},
        schedule=[
            {"person": "ann", "start": "2027-03-08 09:00"},
            {"person": "bob", "start": "2027-03-08 11:00", "format": "phone"},
        ],
    )
    slots = content.plan().schedule.slots
    assert slots[0].location == "12 K St NW, Washington, DC"
    assert slots[0].map_url is not None and "12+K+St+NW" in slots[0].map_url
    assert slots[1].location is None and slots[1].map_url is None


def test_a_time_skipped_by_the_spring_forward_is_flagged_nonexistent(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(start="2027-03-12", end="2027-03-16"),
        schedule=[
            meeting("ann", "2027-03-14 02:30"),
            meeting("bob", "2027-03-14 03:30"),
            meeting("cat", "2027-03-13 02:30"),
        ],
    )
    slots = {s.meeting.person.slug: s for s in content.plan().schedule.slots}
    assert slots["ann"].clock_issue is ClockIssue.NONEXISTENT
    assert slots["bob"].clock_issue is None
    assert slots["cat"].clock_issue is None
    # Resolved the way calendar apps do (RFC 5545: the offset before the gap): 02:30 EST = 07:30
    # UTC.
    assert slots["ann"].start_utc == _utc("2027-03-14 07:30")
    assert slots["ann"].end_utc - slots["ann"].start_utc == timedelta(minutes=45)


def test_a_nonexistent_time_is_shown_as_the_real_wall_clock_time(tmp_path):
    """02:30 on the spring-forward night is really 03:30 EDT; the schedule must show a time that exists."""
    content = make_content(
        tmp_path,
        trip=trip_file(start="2027-03-12", end="2027-03-16"),
        schedule=[meeting("ann", "2027-03-14 02:30")],
    )
    slot = content.plan().schedule.slots[0]
    assert slot.start.strftime("%H:%M %Z") == "03:30 EDT"
    assert slot.end.strftime("%H:%M") == "04:15"


def test_a_time_repeated_by_the_fall_back_is_flagged_ambiguous_and_read_as_the_first(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(start="2027-11-05", end="2027-11-09"),
        schedule=[
            meeting("ann", "2027-11-07 01:30"),
            meeting("bob", "2027-11-07 02:30"),
            meeting("cat", "2027-11-06 01:30"),
        ],
    )
    slots = {s.meeting.person.slug: s for s in content.plan().schedule.slots}
    assert slots["ann"].clock_issue is ClockIssue.AMBIGUOUS
    assert slots["bob"].clock_issue is None
    assert slots["cat"].clock_issue is None
    assert slots["ann"].start_utc == _utc("2027-11-07 05:30")  # 01:30 EDT, the first of the two
    assert slots["bob"].start_utc == _utc("2027-11-07 07:30")  # 02:30 EST


def test_day_dress_codes_list_in_person_meetings_only(tmp_path):
    content = make_content(
        tmp_path,
        people={"ann": person("Ann", "acme"), "bob": person("Bob")},
        companies={"acme": company("Acme", dress="business casual")},
        schedule=[
            meeting("ann", "2027-03-08 09:00"),
            meeting("bob", "2027-03-08 11:00"),
            meeting(
                "bob",
                "2027-03-08 14:00",
                format="video",
                link="https://meet.example/b",
                agenda="Again",
            ),
        ],
    )
    day = content.plan().schedule.days[0]
    assert day.dress_codes == ("business casual", "business professional")
