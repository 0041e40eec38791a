"""Open slots: free time per day, slots offered to a person, meetings to move; each judged on its own here."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.content.availability import parse_window
from tests.plan.factory import make_content, meeting, person, trip_file

NY = ZoneInfo("America/New_York")
TODAY = date(2027, 3, 1)


def _plan(tmp_path: Path, people: dict, schedule: list, **defaults: object):  # type: ignore[no-untyped-def]
    trip = trip_file(defaults={"per_day": [3, 4], **defaults})
    return make_content(tmp_path, schedule=schedule, people=people, trip=trip).plan(TODAY)


def test_free_ranges_keep_the_buffer_and_count_what_still_fits(tmp_path: Path) -> None:
    people = {
        "kim-lee": person("Kim Lee", outreach={"status": "scheduled"}),
        "sam-ito": person("Sam Ito", outreach={"status": "scheduled"}),
    }
    plan = _plan(
        tmp_path,
        people,
        [
            meeting("kim-lee", "2027-03-09 09:00"),
            meeting("sam-ito", "2027-03-09 13:00", duration=60),
        ],
    )
    tuesday = next(d for d in plan.openings.days if d.date == date(2027, 3, 9))
    # 08:00 [Kim 09:00-09:45] +30 -> 10:15 ... 12:30 (30 before Sam) [Sam 13:00-14:00] +30 -> 14:30
    # ... 18:30
    assert [r.label for r in tuesday.ranges] == ["10:15-12:30", "after 14:30"]
    assert tuesday.free == 2  # per_day's most is 4 and two are booked
    assert tuesday.summary == "2 slots free: 10:15-12:30 and after 14:30"
    monday = next(d for d in plan.openings.days if d.date == date(2027, 3, 8))
    assert monday.summary == "4 slots free: all day"


def test_a_day_at_its_most_is_full(tmp_path: Path) -> None:
    people = {f"p{n}": person(f"Person {n}", outreach={"status": "scheduled"}) for n in range(4)}
    schedule = [meeting(f"p{n}", f"2027-03-10 {9 + 2 * n:02d}:00") for n in range(4)]
    plan = _plan(tmp_path, people, schedule)
    wednesday = next(d for d in plan.openings.days if d.date == date(2027, 3, 10))
    assert (wednesday.free, wednesday.summary) == (0, "full (4 meetings)")


def test_days_already_past_have_no_openings(tmp_path: Path) -> None:
    content = make_content(tmp_path, schedule=[], trip=trip_file())
    plan = content.plan(date(2027, 3, 10))
    assert [d.date for d in plan.openings.days] == [
        date(2027, 3, 10),
        date(2027, 3, 11),
        date(2027, 3, 12),
    ]


def test_slots_offered_to_someone_fit_their_windows_and_the_week_in_their_own_zone(
    tmp_path: Path,
) -> None:
    windows = ["tuesday 09:00-12:00", "2027-03-11 13:00-15:00", "2027-03-12 09:00-10:00 video"]
    people = {
        "oksana-petrenko": person(
            "Oksana Petrenko",
            outreach={"status": "to-ask"},
            timezone="America/Chicago",
            available=windows,
        ),
        "kim-lee": person("Kim Lee", outreach={"status": "scheduled"}),
    }
    plan = _plan(tmp_path, people, [meeting("kim-lee", "2027-03-09 10:00")])
    offer = plan.openings.offers["oksana-petrenko"]
    assert 2 <= len(offer.slots) <= 3 and len({s.start.date() for s in offer.slots}) == len(
        offer.slots
    )
    chicago = ZoneInfo("America/Chicago")
    kim = (datetime(2027, 3, 9, 10, tzinfo=NY), datetime(2027, 3, 9, 10, 45, tzinfo=NY))
    for slot in offer.slots:
        assert (
            slot.start.tzinfo is not None
            and slot.start.utcoffset() == slot.start.astimezone(chicago).utcoffset()
        )
        local = slot.start.astimezone(chicago)
        inside = []
        for text in windows:
            spec = parse_window(text)
            day_ok = local.date() == spec.day if spec.day else local.weekday() == spec.weekday
            inside.append(
                day_ok
                and spec.start <= local.time()
                and slot.end.astimezone(chicago).time() <= spec.end
            )
        assert any(inside), slot
        assert slot.end + timedelta(minutes=30) <= kim[0] or slot.start >= kim[1] + timedelta(
            minutes=30
        ), slot
        assert "your time (" in slot.label and " in Washington, D.C.)" in slot.label
    assert offer.choices.startswith(offer.slots[0].label) and " or " in offer.choices
    assert offer.video_too is False  # the Friday slot is already a video call


def test_a_meeting_that_clashes_is_to_move_with_slots_that_fit(tmp_path: Path) -> None:
    people = {
        "kim-lee": person("Kim Lee", outreach={"status": "scheduled"}),
        "dr-meera-raghunathan": person(
            "Dr. Meera Raghunathan",
            outreach={"status": "scheduled"},
            available=["wednesday 09:00-17:00"],
        ),
    }
    schedule = [
        meeting("kim-lee", "2027-03-10 10:00"),
        meeting("dr-meera-raghunathan", "2027-03-10 10:30"),
    ]
    plan = _plan(tmp_path, people, schedule)
    [move] = plan.openings.moves
    assert move.slot.meeting.person.slug == "dr-meera-raghunathan"
    assert move.reason == "overlaps the meeting with Kim Lee"
    assert move.offer is not None
    [slot] = move.offer.slots  # only Wednesday is offered
    assert slot.start.date() == date(2027, 3, 10) and slot.start >= datetime(
        2027, 3, 10, 11, 15, tzinfo=NY
    )


def test_a_meeting_outside_the_times_offered_is_to_move(tmp_path: Path) -> None:
    people = {
        "aoife-byrne": person(
            "Aoife Byrne", outreach={"status": "scheduled"}, available=["thursday 14:00-17:00"]
        )
    }
    plan = _plan(tmp_path, people, [meeting("aoife-byrne", "2027-03-11 09:00")])
    [move] = plan.openings.moves
    assert move.reason == "is outside the times they offered"
    assert move.offer is not None and move.offer.slots[0].label == "Thursday, March 11 at 14:00"


def test_no_slot_is_offered_to_two_people(tmp_path: Path) -> None:
    """Four requests in the same week were each offered "Monday at 11:30 or Wednesday at 08:30":
    two yeses would have clashed. Each is now offered slots no one before them was."""
    people = {
        slug: person(name, outreach={"status": "to-ask"})
        for slug, name in [
            ("ada-okafor", "Ada Okafor"),
            ("ben-tran", "Ben Tran"),
            ("chloe-martin", "Chloé Martin"),
            ("dev-patel", "Dev Patel"),
        ]
    }
    plan = _plan(tmp_path, people, [])
    offered = [
        (slot.start, slot.end) for offer in plan.openings.offers.values() for slot in offer.slots
    ]
    assert len(plan.openings.offers) == 4
    for i, (start, end) in enumerate(offered):
        for other_start, other_end in offered[i + 1 :]:
            assert end <= other_start or other_end <= start, (start, other_start)
