"""The one working calendar (plan/working_days.py) and every part of the plan that reasons about days: a trip in
England over a bank-holiday weekend with a day of the traveler's own off, and the same rules in Bavaria and
California. Each test reads what the user sees (findings, the proposal, the slots offered, the outreach clock)."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.building import Runner
from fixtures.london_trip import (
    ANSWERED,
    BANK_HOLIDAY,
    DAYS_OFF,
    LONDON,
    NEVER_REPLIED,
    TO_ASK,
    TODAY,
    WORKING_DAYS,
)

from generator.cli import main
from generator.content.load import load
from generator.errors import ContentError
from generator.plan.plan import make_plan
from generator.plan.propose import propose_week
from generator.plan.schedule import build_schedule
from generator.plan.working_days import DayOffKind, holiday_class
from plan.factory import make_content, meeting, person, trip_file


@pytest.fixture(scope="module")
def london_plan():  # type: ignore[no-untyped-def]
    return make_plan(load(LONDON, "london"), TODAY)


def test_england_has_its_own_bank_holidays_besides_the_weekend_and_the_travelers_day_off(
    london_plan,
) -> None:  # type: ignore[no-untyped-def]
    calendar = london_plan.calendar
    assert calendar.region == "GB-ENG" and calendar.country == "GB"
    assert calendar.holiday(date(2027, 5, 31)) == BANK_HOLIDAY
    # England's own: the UK-wide list lacks both.
    assert calendar.holiday(date(2027, 3, 29)) == "Easter Monday"
    assert calendar.holiday(date(2027, 8, 30)) == "Late Summer Bank Holiday"
    kinds = {day: off.kind.value for day in DAYS_OFF if (off := calendar.day_off(day))}
    assert kinds == DAYS_OFF
    assert [d for d in WORKING_DAYS if not calendar.is_working_day(d)] == []
    # The traveler's own day off is not one the people she writes to take: the outreach clock still
    # counts it.
    assert calendar.is_business_day(date(2027, 6, 2)) and not calendar.is_working_day(
        date(2027, 6, 2)
    )


@pytest.mark.parametrize(
    ("region", "day", "name"),
    [("DE-BY", date(2027, 1, 6), "Epiphany"), ("US-CA", date(2027, 3, 31), "Cesar Chavez Day")],
)
def test_a_subdivision_brings_its_own_public_holidays(tmp_path, region, day, name) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "region").mkdir()
    (tmp_path / "country").mkdir()
    content = make_content(
        tmp_path / "region",
        schedule=[],
        trip=trip_file(country=region, start=str(day), end=str(day)),
    )
    off = make_plan(content.load(), date(2026, 12, 1)).calendar.day_off(day)
    assert off is not None and off.kind is DayOffKind.HOLIDAY and off.name == name
    # The country alone does not have it: the subdivision is what brings it.
    country = make_content(
        tmp_path / "country",
        schedule=[],
        trip=trip_file(country=region[:2], start=str(day), end=str(day)),
    )
    assert make_plan(country.load(), date(2026, 12, 1)).calendar.day_off(day) is None


@pytest.mark.parametrize(
    ("country", "message"),
    [
        ("GB-XX", "GB has no subdivision 'XX'"),
        ("UK", "GB, not UK"),
        ("gb-eng", "not a country code"),
        ("GB-ENGLAND", "not a subdivision"),
    ],
)
def test_a_wrong_country_or_subdivision_is_refused_at_its_line(tmp_path, country, message) -> None:  # type: ignore[no-untyped-def]
    content = make_content(tmp_path, schedule=[], trip=trip_file(country=country))
    with pytest.raises(ContentError) as raised:
        content.load()
    text = str(raised.value)
    assert f"content/trip.yaml:{content.line('trip.yaml', 'country:')}" in text and message in text


def test_check_strict_passes_for_a_week_over_a_bank_holiday_weekend() -> None:
    result = Runner().invoke(main, ["check", str(LONDON), "--today", TODAY.isoformat(), "--strict"])
    assert result.exit_code == 0, result.output
    assert "0 warnings" in result.output


def test_days_off_ask_for_no_meetings_but_a_working_day_still_does(london_plan, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert not [f for f in london_plan.findings if "a day" in f.message]
    # The same trip with a thin Thursday: only that day is short.
    content = make_content(
        tmp_path,
        trip=trip_file(
            country="GB-ENG",
            timezone="Europe/London",
            start="2027-05-28",
            end="2027-06-01",
            days_off=["2027-06-01"],
            defaults={"per_day": [2, 4]},
        ),
        schedule=[meeting("ana", "2027-05-28 10:00")],
    )
    short = [
        f.message
        for f in content.plan(date(2027, 5, 1)).findings
        if "plan 2 to 4 a day" in f.message
    ]
    assert len(short) == 1 and short[0].startswith("Fri, May 28")


def test_a_meeting_on_a_day_off_or_a_bank_holiday_is_pointed_out(tmp_path) -> None:  # type: ignore[no-untyped-def]
    content = make_content(
        tmp_path,
        trip=trip_file(
            country="GB-ENG",
            timezone="Europe/London",
            start="2027-05-28",
            end="2027-06-02",
            days_off=["2027-06-02"],
        ),
        schedule=[meeting("ana", "2027-05-31 10:00"), meeting("ben", "2027-06-02 10:00")],
    )
    messages = [f.message for f in content.plan(date(2027, 5, 1)).findings]
    assert any("is a public holiday (Spring Bank Holiday)" in m and "Ana" in m for m in messages), (
        messages
    )
    assert any("one of your days off (trip.yaml days_off)" in m for m in messages), messages


def test_propose_places_nothing_on_a_day_off_and_answered_people_first() -> None:
    trip = load(LONDON, "london")
    proposal = propose_week(trip, build_schedule(trip))
    days = {p.start.date() for p in proposal.placed}
    assert days and days <= set(WORKING_DAYS), days
    placed = {p.request.name for p in proposal.placed}
    assert set(ANSWERED) <= placed
    # Not everyone fits: a decision-maker who never replied does not push out people who did.
    assert any(u.request.name in NEVER_REPLIED for u in proposal.unplaced)
    assert [r.name for r in proposal.requests][:2] == sorted(
        ANSWERED, key=lambda n: n != "Eleanor Voss"
    )
    assert not [d for d in proposal.per_day_short if d not in WORKING_DAYS]


def test_offered_slots_free_slots_and_moves_skip_days_off(london_plan) -> None:  # type: ignore[no-untyped-def]
    assert {d.date for d in london_plan.openings.days} <= set(WORKING_DAYS)
    offer = london_plan.openings.offers[TO_ASK]
    assert offer.slots and {s.start.date() for s in offer.slots} <= set(WORKING_DAYS)
    for word in ("Saturday", "Sunday", "Monday", "Wednesday"):
        assert word not in offer.choices


def test_an_offer_only_on_a_day_off_is_explained(tmp_path) -> None:  # type: ignore[no-untyped-def]
    content = make_content(
        tmp_path,
        trip=trip_file(
            country="GB-ENG", timezone="Europe/London", start="2027-05-28", end="2027-06-01"
        ),
        schedule=[],
        people={
            "eve": person(
                "Eve Stone", outreach={"status": "asked"}, available=["2027-05-31 09:00-12:00"]
            )
        },
    )
    trip = content.load()
    proposal = propose_week(trip, build_schedule(trip))
    assert not proposal.placed
    assert (
        "is on Spring Bank Holiday (Mon, May 31), a day without meetings"
        in proposal.unplaced[0].reason
    )


def test_the_outreach_clock_skips_englands_easter_monday(tmp_path) -> None:  # type: ignore[no-untyped-def]
    content = make_content(
        tmp_path,
        trip=trip_file(
            country="GB-ENG", timezone="Europe/London", start="2027-04-12", end="2027-04-16"
        ),
        schedule=[],
        people={"eve": person("Eve Stone", outreach={"status": "asked", "asked_on": "2027-03-25"})},
    )
    clock = content.plan(date(2027, 3, 25)).clocks["eve"]
    # Thu 25 March; Good Friday and Easter Monday skipped: 3 business days on is Thursday 1 April
    # (the UK-wide list, without Easter Monday, made it a day early).
    assert clock.second_person_on == date(2027, 4, 1)
    assert (date(2027, 3, 29), "Easter Monday") in clock.skipped


def test_new_via_writes_the_referral_date_the_way_the_trip_writes_dates(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    content = tmp_path / "london"
    shutil.copytree(LONDON, content)
    result = Runner().invoke(
        main, ["new", str(content), "--person", "joanna-kowalska", "--via", "ananya-sharma"]
    )
    assert result.exit_code == 0, result.output
    text = (content / "people" / "joanna-kowalska.yaml").read_text(encoding="utf-8")
    assert "Suggested by Ananya Sharma on 27 May 2027" in text  # an A4 trip: en_GB, not 2027-05-27


def test_a_california_week_leaves_cesar_chavez_day_out_of_every_plan(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Los Angeles, Monday 29 March to Friday 2 April 2027: Wednesday 31 March is César Chávez Day in California
    (not a federal holiday, so `country: US` would not know it)."""
    content = make_content(
        tmp_path,
        trip=trip_file(
            country="US-CA",
            timezone="America/Los_Angeles",
            start="2027-03-29",
            end="2027-04-02",
            defaults={"per_day": [1, 2]},
        ),
        schedule=[
            meeting(slug, f"2027-{day} 10:00")
            for slug, day in (("ana", "03-29"), ("ben", "03-30"), ("cy", "04-01"), ("dee", "04-02"))
        ],
        people={
            **{s: person(s.title()) for s in ("ana", "ben", "cy", "dee")},
            "eve": person(
                "Eve Stone",
                outreach={"status": "asked", "asked_on": "2027-03-15", "replied_on": "2027-03-16"},
            ),
            "fay": person(
                "Fay Lin",
                outreach={"status": "asked", "asked_on": "2027-03-15", "replied_on": "2027-03-16"},
            ),
            "gus": person("Gus Park", outreach={"status": "to-ask"}),
        },
    )
    trip = content.load()
    plan = make_plan(trip, date(2027, 3, 20))
    chavez = date(2027, 3, 31)
    assert plan.calendar.holiday(chavez) == "Cesar Chavez Day"
    # 31 March is not short of meetings
    assert not [f for f in plan.findings if "a day" in f.message], plan.findings
    proposal = propose_week(trip, build_schedule(trip))
    assert len(proposal.placed) == 2 and chavez not in {p.start.date() for p in proposal.placed}
    assert chavez not in {d.date for d in plan.openings.days}
    assert chavez not in {s.start.date() for s in plan.openings.offers["gus"].slots}


def test_a_day_off_outside_the_trip_is_pointed_out_at_its_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    content = make_content(
        tmp_path,
        schedule=[],
        trip=trip_file(
            country="GB-ENG",
            timezone="Europe/London",
            start="2027-05-27",
            end="2027-06-03",
            days_off=["2027-06-02", "2027-07-02"],
        ),
    )
    found = [f for f in content.plan(date(2027, 5, 1)).findings if "days_off" in f.message]
    assert [f.location.line for f in found] == [content.line("trip.yaml", "days_off:")]
    assert found[0].message.startswith("days_off: July 2, 2027 is not a day of the trip (May 27")


def test_propose_says_who_never_replied_and_marks_their_proposed_time(tmp_path) -> None:  # type: ignore[no-untyped-def]
    written = tmp_path / "schedule.proposed.yaml"
    result = Runner().invoke(main, ["propose", str(LONDON), "--write", str(written)])
    assert result.exit_code == 0, result.output
    assert (
        "No reply yet from Hannah Price and Ben Walsh: placed only after everyone who replied or "
        "offered times." in result.output
    )
    comments = [
        line
        for line in written.read_text(encoding="utf-8").splitlines()
        if line.startswith("# proposed by")
    ]
    assert [c for c in comments if "no reply yet" in c] == [
        c for c in comments if "Hannah Price" in c
    ]


def test_confirmations_go_out_on_the_last_working_day_or_day_with_meetings_before(
    london_plan,
) -> None:  # type: ignore[no-untyped-def]
    calendar = london_plan.calendar
    tuesday, saturday = date(2027, 6, 1), date(2027, 5, 29)
    assert calendar.confirm_on(tuesday, frozenset()) == date(
        2027, 5, 28
    )  # over the bank-holiday weekend
    assert (
        calendar.confirm_on(tuesday, frozenset({saturday})) == saturday
    )  # a Saturday with meetings is a day at work
    assert (
        calendar.confirm_on(date(2027, 6, 3), frozenset()) == tuesday
    )  # Wednesday is her own day off
    assert calendar.confirm_on(date(2027, 5, 28), frozenset()) == date(2027, 5, 27)


def test_a_meeting_to_move_is_offered_working_days_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    content = make_content(
        tmp_path,
        trip=trip_file(
            country="GB-ENG", timezone="Europe/London", start="2027-05-27", end="2027-06-03"
        ),
        people={
            "eve": person(
                "Eve Stone",
                available=["Saturday 10:00-12:00", "Monday 09:00-12:00", "Tuesday 09:00-11:00"],
            )
        },
        schedule=[meeting("eve", "2027-05-28 15:00")],
    )
    moves = content.plan(date(2027, 5, 20)).openings.moves
    assert [m.reason for m in moves] == ["is outside the times they offered"]
    assert moves[0].offer is not None
    assert [s.start.date() for s in moves[0].offer.slots] == [
        date(2027, 6, 1)
    ]  # not Sat 29 May or the bank holiday


@pytest.mark.parametrize(
    ("region", "language"),
    [("GB-ENG", None), ("GB-SCT", None), ("DE-BY", "de"), ("US-CA", None), ("JP", "ja"),
     ("KR", "ko"), ("FR", "fr"), ("IE", None)],
)  # fmt: skip
def test_one_country_loaded_alone_has_the_holidays_the_library_lists(
    region: str, language: str | None
) -> None:
    """The working calendar loads only the trip's country module; its holidays, names included,
    are the ones the library's own lookup gives."""
    import holidays

    country, _, subdivision = region.partition("-")
    expected = holidays.country_holidays(
        country, subdiv=subdivision or None, years=[2027, 2028], language=language
    )
    loaded = holiday_class(country)(
        subdiv=subdivision or None, years=[2027, 2028], language=language
    )
    assert sorted(loaded.items()) == sorted(expected.items())
    assert loaded.weekend == expected.weekend


def test_a_country_the_library_does_not_know_has_weekends_only() -> None:
    with pytest.raises(NotImplementedError):
        holiday_class("XQ")
