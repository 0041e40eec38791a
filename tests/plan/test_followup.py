"""Thank-yous (plan/followup.py): when each is due, its state as of a date, and who else to thank."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from generator.plan.followup import FollowUpState
from plan.factory import make_content, meeting, person, trip_file

NY = ZoneInfo("America/New_York")


def _followups(content, today=date(2027, 3, 1)):  # type: ignore[no-untyped-def]
    return {p.slot.meeting.id: p.followup for p in content.plan(today).packets}


def test_due_is_the_end_plus_follow_up_within_hours(tmp_path):
    content = make_content(tmp_path, schedule=[meeting("ann", "2027-03-09 10:00")])
    followup = _followups(content)["2027-03-09-ann"]
    assert followup.due == datetime(2027, 3, 10, 10, 45, tzinfo=NY)
    assert str(followup.due.tzinfo) == "America/New_York"


def test_follow_up_within_and_duration_move_the_due_time(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(defaults={"follow_up_within": 48}),
        schedule=[meeting("ann", "2027-03-09 10:00", duration=90)],
    )
    assert _followups(content)["2027-03-09-ann"].due == datetime(2027, 3, 11, 11, 30, tzinfo=NY)


def test_a_chicago_call_is_due_24_hours_after_it_ends_in_real_time(tmp_path):
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
    followup = _followups(content)["2027-03-10-hal"]
    # Ends 14:45 Chicago = 15:45 New York = 20:45 UTC.
    assert followup.due == datetime(2027, 3, 11, 15, 45, tzinfo=NY)
    assert followup.due.astimezone(timezone.utc) == datetime(
        2027, 3, 11, 20, 45, tzinfo=timezone.utc
    )
    assert followup.due.strftime("%H:%M") == "15:45"
    assert followup.due - followup.slot.end_utc == timedelta(hours=24)


def test_due_counts_real_hours_across_a_clock_change(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(start="2027-03-12", end="2027-03-16"),
        schedule=[meeting("ann", "2027-03-13 16:00")],
    )
    followup = _followups(content)["2027-03-13-ann"]
    # Ends Sat 16:45 EST (21:45 UTC); 24 hours later is Sun 21:45 UTC = 17:45 EDT.
    assert followup.due.astimezone(timezone.utc) - followup.slot.end_utc == timedelta(hours=24)
    assert followup.due.astimezone(timezone.utc) == datetime(
        2027, 3, 14, 21, 45, tzinfo=timezone.utc
    )


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2027, 3, 1), FollowUpState.UPCOMING),
        (date(2027, 3, 8), FollowUpState.UPCOMING),
        (
            date(2027, 3, 9),
            FollowUpState.UPCOMING,
        ),  # a date alone is the start of that day: before the 10:00 meeting
        (datetime(2027, 3, 9, 10, 30), FollowUpState.DUE),  # during the meeting
        (date(2027, 3, 10), FollowUpState.DUE),  # the day it is due
        (
            datetime(2027, 3, 10, 10, 45),
            FollowUpState.DUE,
        ),  # the minute it is due (the meeting ends 10:45)
        (datetime(2027, 3, 10, 10, 46), FollowUpState.OVERDUE),  # one minute later
        (date(2027, 3, 11), FollowUpState.OVERDUE),
        (date(2027, 4, 1), FollowUpState.OVERDUE),
    ],
)
def test_state_of_a_pending_thank_you_depends_on_today(tmp_path, today, state):
    content = make_content(tmp_path, schedule=[meeting("ann", "2027-03-09 10:00")])
    followup = _followups(content, today)["2027-03-09-ann"]
    assert followup.state is state
    assert followup.open is (state in (FollowUpState.DUE, FollowUpState.OVERDUE))


@pytest.mark.parametrize("today", [date(2027, 3, 1), date(2027, 3, 9), date(2027, 3, 20)])
def test_sent_and_not_needed_do_not_depend_on_today(tmp_path, today):
    content = make_content(
        tmp_path,
        schedule=[
            meeting(
                "ann", "2027-03-09 10:00", follow_up={"status": "sent", "sent_on": "2027-03-09"}
            ),
            meeting("bob", "2027-03-09 12:00", follow_up={"status": "not-needed"}),
            meeting(
                "cat", "2027-03-09 14:00", follow_up={"status": "pending", "gift": "Coffee card"}
            ),
        ],
    )
    followups = _followups(content, today)
    assert followups["2027-03-09-ann"].state is FollowUpState.SENT
    assert followups["2027-03-09-ann"].sent_on == date(2027, 3, 9)
    assert followups["2027-03-09-bob"].state is FollowUpState.NOT_NEEDED
    assert not followups["2027-03-09-ann"].open and not followups["2027-03-09-bob"].open
    assert followups["2027-03-09-cat"].state is not FollowUpState.SENT
    assert followups["2027-03-09-cat"].gift == "Coffee card"


def test_the_introducer_is_attached(tmp_path):
    content = make_content(
        tmp_path,
        people={
            "ann": person("Ann", connection={"via": "bob"}),
            "bob": person("Bob", email="bob@example.com"),
            "cat": person("Cat", connection={"via": "Georgetown alumni"}),
        },
        schedule=[meeting("ann", "2027-03-09 10:00"), meeting("cat", "2027-03-09 12:00")],
    )
    followups = _followups(content)
    introducer = followups["2027-03-09-ann"].introducer
    assert (
        introducer is not None
        and introducer.slug == "bob"
        and introducer.profile.email == "bob@example.com"
    )
    assert followups["2027-03-09-cat"].introducer is None


def test_the_travelers_own_draft_is_kept(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-09 10:00", follow_up={"thanks": "Dear Ann,\n\nThank you!\n"})
        ],
    )
    assert _followups(content)["2027-03-09-ann"].thanks == "Dear Ann,\n\nThank you!\n"


def test_every_meeting_has_a_follow_up(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-09 10:00"),
            meeting("ann", "2027-03-09 12:00", agenda="More"),
            meeting("bob", "2027-03-10 10:00"),
        ],
    )
    followups = _followups(content)
    assert len(followups) == 3
    assert {"2027-03-09-ann", "2027-03-10-bob"} < set(followups)
    assert all(f.slot.meeting.id == key for key, f in followups.items())
