"""The proposed week: every constraint checked on the result (not a fixed answer), explanations, zones, DST."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.content.availability import parse_window
from generator.content.load import load
from generator.content.trip import Trip
from generator.plan.propose import Proposal, WeekRow, propose_week
from generator.plan.schedule import build_schedule
from tests.plan.factory import company, make_content, meeting, person, trip_file

SEATTLE = Path(__file__).parent / "trips" / "seattle"
LONDON = Path(__file__).parent / "trips" / "london"


def propose(trip: Trip) -> Proposal:
    return propose_week(trip, build_schedule(trip))


@pytest.fixture(scope="module")
def seattle() -> tuple[Trip, Proposal]:
    trip = load(SEATTLE)
    return trip, propose(trip)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine, written out again here so the test does not lean on the code it checks."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dl, dp = math.radians(b[1] - a[1]), p2 - p1
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _offered(trip: Trip, slug: str, row: WeekRow) -> bool:
    """Whether the row lies inside one of the person's `available:` windows, read in the right zone."""
    person = trip.people[slug]
    for text in person.profile.available:
        spec = parse_window(text)
        zone = ZoneInfo(spec.zone or person.profile.timezone or trip.info.timezone)
        start, end = row.start.astimezone(zone), row.end.astimezone(zone)
        right_day = start.date() == spec.day if spec.day else start.weekday() == spec.weekday
        formats_ok = not spec.formats or row.format.value in spec.formats
        if (
            right_day
            and formats_ok
            and spec.start <= start.time()
            and end.time() <= spec.end
            and end.date() == start.date()
        ):
            return True
    return False


def _geo(trip: Trip, row: WeekRow) -> tuple[float, float] | None:
    for organisation in trip.companies.values():
        if organisation.profile.name == row.place:
            return organisation.profile.geo
    return None


def assert_week_keeps_the_rules(trip: Trip, proposal: Proposal) -> None:
    info = trip.info
    zone = ZoneInfo(info.timezone)
    buffer = info.defaults.buffer
    low_hours, high_hours = info.defaults.day_hours
    by_name = {p.profile.name: slug for slug, p in trip.people.items()}
    # Fixed meetings are all there, exactly where schedule.yaml has them.
    fixed = sorted((r.name, r.start) for r in proposal.rows if r.proposed is None)
    expected = sorted(
        (
            m.person.profile.name,
            m.entry.start.replace(tzinfo=ZoneInfo(m.entry.timezone or info.timezone)),
        )
        for m in trip.meetings
    )
    assert fixed == expected
    # Each request at most once, and only requests are proposed.
    proposed = [r for r in proposal.rows if r.proposed is not None]
    assert len({r.name for r in proposed}) == len(proposed)
    requested = {r.name for r in proposal.requests}
    assert {r.name for r in proposed} <= requested
    assert {r.name for r in proposed} | {u.request.name for u in proposal.unplaced} == requested
    for row in proposed:
        slug = by_name[row.name]
        local = row.start.astimezone(zone)
        assert local.minute % 15 == 0, f"{row.name} starts at {local:%H:%M}"
        assert info.start <= local.date() <= info.end
        assert low_hours <= local.time() and row.end.astimezone(zone).time() <= high_hours, row
        duration = trip.people[slug].profile.duration or info.defaults.duration
        assert row.end - row.start == timedelta(minutes=duration)
        if trip.people[slug].profile.available:
            assert _offered(trip, slug, row), (
                f"{row.name} at {row.start} is outside the windows they offered"
            )
        calendar = trip.people[slug].calendar
        if calendar is not None:
            for busy in calendar.busy:
                assert not (busy.start < row.end and row.start < busy.end), (
                    f"{row.name} is busy then in {calendar.file}"
                )
    # Day by day: the most per_day allows, no overlaps, buffer plus travel between consecutive
    # meetings.
    for day in sorted({r.day for r in proposal.rows}):
        rows = sorted((r for r in proposal.rows if r.day == day), key=lambda r: r.start)
        if any(r.proposed for r in rows):
            assert len(rows) <= info.defaults.per_day[1]
        where = info.lodging.geo if info.lodging else None
        for previous, row in zip(rows, rows[1:], strict=False):
            if previous.proposed is None and row.proposed is None:
                continue  # two of the user's own meetings: as they are
            gap = (row.start - previous.end).total_seconds() / 60
            assert gap >= buffer, f"{previous.name} -> {row.name}: {gap} minutes"
            if previous.format.value == "in-person":
                where = _geo(trip, previous)
            if (
                row.format.value == "in-person"
                and row.proposed is not None
                and where
                and _geo(trip, row)
            ):
                km = _km(where, _geo(trip, row))  # type: ignore[arg-type]
                # transit's speed, before the fixed minutes and rounding
                floor_minutes = km * 1.3 / 18 * 60
                assert gap >= buffer + floor_minutes, (
                    f"{previous.name} -> {row.name}: {gap} min for {km:.1f} km"
                )
                assert row.travel_in >= floor_minutes


def test_a_feasible_week_of_twelve_requests_keeps_every_rule(
    seattle: tuple[Trip, Proposal],
) -> None:
    trip, proposal = seattle
    assert len(proposal.requests) == 12
    assert len(proposal.placed) >= 10
    assert_week_keeps_the_rules(trip, proposal)


def test_a_london_week_across_the_clock_change_keeps_every_rule() -> None:
    trip = load(LONDON)
    proposal = propose(trip)
    assert_week_keeps_the_rules(trip, proposal)
    rows = {r.name: r for r in proposal.rows}
    # Sarah offered 09:00-10:00 New York time: 13:00 in London before the 28th (4 hours apart),
    # 14:00 after it (5).
    sarah = rows["Sarah Goldberg"].start.astimezone(ZoneInfo("Europe/London"))
    assert (sarah.date(), sarah.hour) in {(date(2027, 3, 26), 13), (date(2027, 3, 29), 14)}
    # Nobody without windows is put on the weekend; Fionnuala's own Saturday window is honoured.
    assert all(
        r.day.weekday() < 5
        for r in proposal.rows
        if r.proposed and not trip.people[r.proposed.request.slug].profile.available
    )
    assert "James Whitfield" in {u.request.name for u in proposal.unplaced}


def test_decision_makers_come_first(seattle: tuple[Trip, Proposal]) -> None:
    _, proposal = seattle
    ranks = [r.name for r in proposal.requests]
    assert (
        ranks.index("Dr. Meera Raghunathan")
        < ranks.index("Kwame Asante")
        < ranks.index("Olivia Brennan")
    )


def test_the_request_that_cannot_fit_is_explained_by_its_conflict(
    seattle: tuple[Trip, Proposal],
) -> None:
    _, proposal = seattle
    reasons = {u.request.name: u.reason for u in proposal.unplaced}
    assert "Marcus Webb" in reasons
    reason = reasons["Marcus Webb"]
    assert "the only window offered, Tue 18 May 14:30-16:00" in reason
    assert "Tomás Ortega (14:00-14:45)" in reason
    assert "-minute trip between them" in reason


def test_windows_in_another_time_zone_are_read_in_it(seattle: tuple[Trip, Proposal]) -> None:
    _, proposal = seattle
    row = next(r for r in proposal.rows if r.name == "박재원 Jae-won Park")
    seoul = row.start.astimezone(ZoneInfo("Asia/Seoul"))
    # Either of his windows, in Seoul time: the 19th 08:00-10:00 or the 20th 07:30-09:00.
    assert (seoul.date(), seoul.strftime("%H:%M")) in {
        (date(2027, 5, 19), t) for t in ("08:00", "08:15", "08:30", "08:45", "09:00", "09:15")
    } | {(date(2027, 5, 20), t) for t in ("07:30", "07:45", "08:00", "08:15")}
    assert row.format.value == "video" and row.travel_in == 0


def test_an_ics_file_keeps_busy_times_and_offers_its_available_blocks(
    seattle: tuple[Trip, Proposal],
) -> None:
    trip, proposal = seattle
    lucia = next(r for r in proposal.rows if r.name == "Lucía Montoya")
    local = lucia.start.astimezone(ZoneInfo(trip.info.timezone))
    assert (local.date(), 10 <= local.hour < 12) in {(date(2027, 5, 19), True)} or (
        local.date() == date(2027, 5, 21) and 9 <= local.hour < 11
    )
    assert trip.people["ana-sofia-petrova"].calendar is not None
    # 3 free/busy periods and 5 daily stand-ups
    assert len(trip.people["ana-sofia-petrova"].calendar.busy) >= 7


def test_the_same_input_twice_gives_the_same_proposal(seattle: tuple[Trip, Proposal]) -> None:
    trip, first = seattle
    again = propose(load(SEATTLE))
    assert [(r.name, r.start, r.format) for r in again.rows] == [
        (r.name, r.start, r.format) for r in first.rows
    ]
    assert [u.reason for u in again.unplaced] == [u.reason for u in first.unplaced]


# ----- small trips written for one point each -----------------------------------------------------


def _trip(
    tmp_path: Path, people: dict, schedule: list, companies: dict | None = None, **trip: object
) -> Trip:
    data = trip_file(**trip)
    return make_content(
        tmp_path, schedule=schedule, people=people, companies=companies, trip=data
    ).load()


def test_a_full_week_places_no_one_and_says_why(tmp_path: Path) -> None:
    fixed = [
        meeting(f"p{n}", f"2027-03-{8 + n // 2:02d} {9 + (n % 2) * 3:02d}:00") for n in range(10)
    ]
    people = {f"p{n}": person(f"Person {n}", outreach={"status": "scheduled"}) for n in range(10)}
    people["aoife-byrne"] = person(
        "Aoife Byrne", outreach={"status": "asked"}, available=["wednesday 14:00-17:00"]
    )
    trip = _trip(tmp_path, people, fixed, defaults={"per_day": [2, 2]})
    proposal = propose(trip)
    assert not proposal.placed
    [unplaced] = proposal.unplaced
    assert (
        "Aoife Byrne" in unplaced.reason
        and "already has 2 meetings, the most per_day allows" in unplaced.reason
    )


def test_an_infeasible_request_names_the_meeting_in_the_way(tmp_path: Path) -> None:
    people = {
        "jordan-ellis": person("Jordan Ellis", outreach={"status": "scheduled"}),
        "dr-meera-raghunathan": person(
            "Dr. Meera Raghunathan",
            outreach={"status": "asked"},
            seniority="decision-maker",
            available=["2027-03-09 10:00-11:00"],
        ),
    }
    trip = _trip(tmp_path, people, [meeting("jordan-ellis", "2027-03-09 10:15", duration=60)])
    [unplaced] = propose(trip).unplaced
    assert unplaced.reason == (
        "Dr. Meera Raghunathan: the only window offered, Tue, Mar 9 10:00-11:00, overlaps Jordan "
        "Ellis (10:15-11:15)"
    )


def test_windows_outside_the_trip_or_working_hours_say_so(tmp_path: Path) -> None:
    people = {
        "ana-sofia-petrova": person(
            "Ана-София Петрова",
            outreach={"status": "asked"},
            available=["2027-04-01 10:00-11:00", "2027-03-10 06:00-07:30"],
        ),
    }
    [unplaced] = propose(_trip(tmp_path, people, [])).unplaced
    assert "none of the 2 windows offered fits" in unplaced.reason
    assert (
        "Thu, Apr 1 10:00-11:00 is outside the trip (Mon, Mar 8 to Fri, Mar 12)" in unplaced.reason
    )
    assert "Wed, Mar 10 06:00-07:30 is outside working hours (08:00-18:30)" in unplaced.reason


FAR = {
    "bellevue-utilities": company(
        "Bellevue Utilities", address="450 110th Ave NE, Bellevue", geo=[47.6142, -122.1920]
    ),
    "fremont-stormworks": company(
        "Fremont Stormworks", address="3400 Stone Way N, Seattle", geo=[47.6495, -122.3420]
    ),
}


def _seattle_trip(**defaults: object) -> dict:
    return trip_file(
        timezone="America/Los_Angeles",
        city="Seattle",
        start="2027-05-17",
        end="2027-05-21",
        lodging={"name": "Hotel Ändra", "geo": [47.6138, -122.3395]},
        defaults={"buffer": 15, **defaults},
    )


def test_a_video_request_needs_no_travel_where_an_in_person_one_does(tmp_path: Path) -> None:
    people = {
        "marcus-webb": person(
            "Marcus Webb", "bellevue-utilities", outreach={"status": "scheduled"}
        ),
        "hiroshi-tanaka": person(
            "Hiroshi Tanaka",
            "fremont-stormworks",
            outreach={"status": "asked"},
            available=["2027-05-18 11:00-12:15"],
        ),
        "grace-liu": person(
            "Grace Liu",
            "fremont-stormworks",
            outreach={"status": "asked"},
            available=["2027-05-18 11:00-12:15 video"],
        ),
    }
    schedule = [{"person": "marcus-webb", "start": "2027-05-18 10:00"}]
    content = make_content(
        tmp_path, schedule=schedule, people=people, companies=FAR, trip=_seattle_trip()
    )
    proposal = propose(content.load())
    grace = next(r for r in proposal.rows if r.name == "Grace Liu")
    assert grace.travel_in == 0 and grace.format.value == "video"
    assert grace.start.strftime("%H:%M") in ("11:00", "11:15", "11:30")
    # Bellevue to Fremont is ~12 km: Hiroshi in person cannot follow Marcus in the same late
    # morning.
    assert [u.request.name for u in proposal.unplaced] == ["Hiroshi Tanaka"]
    assert "trip" in proposal.unplaced[0].reason


def test_travel_after_a_call_counts_from_the_last_place_you_were(tmp_path: Path) -> None:
    people = {
        "marcus-webb": person(
            "Marcus Webb", "bellevue-utilities", outreach={"status": "scheduled"}
        ),
        "grace-liu": person(
            "Grace Liu",
            "fremont-stormworks",
            outreach={"status": "asked"},
            available=["2027-05-18 11:00-11:45 video"],
        ),
        "hiroshi-tanaka": person(
            "Hiroshi Tanaka",
            "fremont-stormworks",
            outreach={"status": "asked"},
            available=["2027-05-18 12:00-14:00"],
        ),
    }
    schedule = [{"person": "marcus-webb", "start": "2027-05-18 10:00"}]
    content = make_content(
        tmp_path, schedule=schedule, people=people, companies=FAR, trip=_seattle_trip()
    )
    proposal = propose(content.load())
    rows = {r.name: r for r in proposal.rows}
    grace, hiroshi = rows["Grace Liu"], rows["Hiroshi Tanaka"]
    assert hiroshi.travel_from == "Bellevue Utilities" and hiroshi.travel_in >= 35
    assert (hiroshi.start - grace.end) >= timedelta(minutes=15 + hiroshi.travel_in)


def test_a_dst_week_keeps_local_hours_and_reads_other_zones_on_the_right_side_of_the_change(
    tmp_path: Path,
) -> None:
    # Chicago springs forward on Sunday 14 March 2027; London only on the 28th: the gap between them
    # shrinks from 6 to 5 hours.
    people = {
        "aisling-ni-bhriain": person(
            "Aisling Ní Bhriain",
            outreach={"status": "asked"},
            timezone="Europe/London",
            format="video",
            available=["2027-03-12 15:00-16:00", "2027-03-15 15:00-16:00"],
        ),
        "owen-farrelly": person(
            "Owen Farrelly",
            outreach={"status": "asked"},
            available=["sunday 01:00-04:00", "monday 08:00-09:00"],
        ),
    }
    trip = _trip(
        tmp_path,
        people,
        [],
        timezone="America/Chicago",
        city="Chicago",
        start="2027-03-12",
        end="2027-03-15",
        defaults={"day_hours": ["08:00", "18:00"]},
    )
    proposal = propose(trip)
    assert_week_keeps_the_rules(trip, proposal)
    chicago = ZoneInfo("America/Chicago")
    rows = {r.name: r for r in proposal.rows}
    aisling = rows["Aisling Ní Bhriain"].start
    # 15:00 London (GMT) is 09:00 in Chicago on Friday the 12th (CST, 6 hours behind) but 10:00 on
    # Monday the 15th (CDT, 5 behind).
    london = aisling.astimezone(ZoneInfo("Europe/London"))
    assert london.strftime("%H:%M") in ("15:00", "15:15")
    assert aisling.astimezone(chicago).hour == (9 if london.date() == date(2027, 3, 12) else 10)
    owen = rows["Owen Farrelly"].start.astimezone(chicago)
    assert owen.date() == date(2027, 3, 15) and owen.strftime("%H:%M") == "08:00"
    assert owen.utcoffset() == timedelta(hours=-5)


def test_requests_without_windows_go_in_working_hours_and_fill_thin_days(tmp_path: Path) -> None:
    people = {f"p{n}": person(f"Person {n}", outreach={"status": "asked"}) for n in range(6)}
    trip = _trip(
        tmp_path, people, [], start="2027-03-08", end="2027-03-09", defaults={"per_day": [3, 4]}
    )
    proposal = propose(trip)
    assert len(proposal.placed) == 6
    assert sorted(
        sum(r.day == d for r in proposal.rows) for d in (date(2027, 3, 8), date(2027, 3, 9))
    ) == [3, 3]
    assert_week_keeps_the_rules(trip, proposal)


def test_nothing_to_propose_when_everyone_asked_has_a_meeting(tmp_path: Path) -> None:
    people = {"jordan-ellis": person("Jordan Ellis", outreach={"status": "scheduled"})}
    proposal = propose(_trip(tmp_path, people, [meeting("jordan-ellis", "2027-03-09 10:00")]))
    assert proposal.requests == () and proposal.solver_status == "no requests"


def test_proposals_avoid_a_meeting_set_in_another_zone(tmp_path: Path) -> None:
    people = {
        "kim": person("Kim Lee", outreach={"status": "scheduled"}),
        "sam": person(
            "Sam Ito", outreach={"status": "asked"}, available=["2027-03-09 10:00-13:00"]
        ),
    }
    schedule = [
        meeting(
            "kim",
            "2027-03-09 09:30",
            timezone="America/Chicago",
            format="video",
            link="https://meet.example/k",
        )
    ]
    proposal = propose(_trip(tmp_path, people, schedule))
    sam = next(r for r in proposal.rows if r.name == "Sam Ito")
    # Kim's call is 10:30-11:15 in New York: Sam goes after it and its buffer.
    assert sam.start.astimezone(ZoneInfo("America/New_York")) >= datetime(
        2027, 3, 9, 11, 45, tzinfo=ZoneInfo("America/New_York")
    )
