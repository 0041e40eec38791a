"""The outreach clock on dates chosen to sit on its edges: Friday afternoons, noon, weekends, public holidays
(the trip country's, found from its time zone), the week clocks change; and who to ask second."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from fixtures.building import Runner
from fixtures.seattle_trip import JAE_WON, KOFI, SEATTLE

from generator.cli import main
from generator.content.load import load
from generator.plan.outreach import StepKind
from generator.plan.plan import make_plan
from generator.plan.steps_state import StepState
from plan.factory import make_content, person, trip_file


def seattle(today: date | datetime):  # type: ignore[no-untyped-def]
    return make_plan(load(SEATTLE, "seattle"), today)


def test_a_friday_afternoon_request_before_memorial_day_counts_from_tuesday() -> None:
    clock = seattle(date(2027, 6, 7)).clocks["park-jae-won"]
    assert clock.counts_from == JAE_WON["counts_from"]
    assert clock.second_person_on == JAE_WON["second"]
    assert clock.nudge_on == JAE_WON["nudge"]
    assert (date(2027, 5, 31), "Memorial Day") in clock.skipped
    assert clock.waited == 4  # Jun 2, 3, 4, 7


def test_a_friday_morning_request_counts_from_that_friday() -> None:
    clock = seattle(date(2027, 6, 7)).clocks["kofi-mensah"]
    assert (clock.counts_from, clock.second_person_on, clock.nudge_on) == (
        KOFI["counts_from"],
        KOFI["second"],
        KOFI["nudge"],
    )


@pytest.mark.parametrize(
    ("asked", "counts_from"),
    [
        ("2027-03-10 12:00", date(2027, 3, 10)),  # noon exactly: the day still counts
        ("2027-03-10 12:01", date(2027, 3, 11)),
        ("2027-03-10", date(2027, 3, 10)),  # a date alone: as if sent in the morning
        ("2027-03-13 09:00", date(2027, 3, 15)),  # Saturday
        ("2027-03-12 13:00", date(2027, 3, 15)),  # Friday afternoon, the weekend the clocks change
        ("2027-02-15 09:00", date(2027, 2, 16)),  # Washington's Birthday
    ],
)
def test_when_the_clock_starts(tmp_path: Path, asked: str, counts_from: date) -> None:
    content = make_content(
        tmp_path,
        schedule=[],
        people={"ana": person("Ana Ruiz", outreach={"status": "asked", "asked_on": asked})},
    ).root
    assert (
        make_plan(load(content, "content"), date(2027, 3, 1)).clocks["ana"].counts_from
        == counts_from
    )


def test_the_second_person_is_the_most_senior_one_still_to_ask() -> None:
    (step,) = [
        s
        for s in seattle(date(2027, 6, 7)).clocks["park-jae-won"].steps
        if s.kind is StepKind.SECOND_PERSON
    ]
    assert step.second is not None and step.second.candidate is not None
    assert step.second.candidate.slug == "tomasz-zielinski"  # decision-maker before the manager
    assert [p.slug for p in step.second.others] == ["siobhan-kelleher"]
    assert (
        step.summary
        == "ask a second person at Puget Sound Transit Lab: Tomasz Zieliński, Lab Director"
    )
    (none,) = [
        s
        for s in seattle(date(2027, 6, 7)).clocks["kofi-mensah"].steps
        if s.kind is StepKind.SECOND_PERSON
    ]
    assert none.second is not None and none.second.candidate is None
    assert "nobody else there is in people/ yet" in none.summary


def _clock_content(tmp_path: Path, **outreach: object) -> Path:
    first = person(
        "Ana Ruiz",
        "acme",
        seniority="staff",
        outreach={"status": "asked", "asked_on": "2027-03-01", **outreach},
    )
    boss = person("Bo Diaz", "acme", seniority="decision-maker", outreach={"status": "to-ask"})
    return make_content(
        tmp_path,
        schedule=[],
        people={"ana": first, "bo": boss},
        companies={"acme": {"name": "Acme"}},
    ).root


def test_the_second_person_step_is_done_once_someone_else_there_is_asked(tmp_path: Path) -> None:
    content = _clock_content(tmp_path)
    kinds = [
        s.kind for s in make_plan(load(content, "content"), date(2027, 3, 5)).clocks["ana"].steps
    ]
    assert kinds == [StepKind.SECOND_PERSON, StepKind.NUDGE]
    bo = content / "people" / "bo.yaml"
    bo.write_text(bo.read_text().replace("to-ask", "asked"))
    kinds = [
        s.kind for s in make_plan(load(content, "content"), date(2027, 3, 5)).clocks["ana"].steps
    ]
    assert kinds == [StepKind.NUDGE]


@pytest.mark.parametrize(
    ("outreach", "kinds"),
    [
        ({"replied_on": "2027-03-02"}, None),  # a reply stops the clock
        ({"nudged_on": "2027-03-10"}, [StepKind.SECOND_PERSON]),
        (
            {"status": "no-reply"},
            [StepKind.SECOND_PERSON],
        ),  # given up on: no nudge, but ask someone else
    ],
)
def test_what_stops_each_step(tmp_path: Path, outreach: dict, kinds: list | None) -> None:
    plan = make_plan(load(_clock_content(tmp_path, **outreach), "content"), date(2027, 3, 5))
    clock = plan.clocks.get("ana")
    assert (None if clock is None else [s.kind for s in clock.steps]) == kinds


def test_states_on_the_days_around_the_step(tmp_path: Path) -> None:
    content = _clock_content(tmp_path)  # asked Mon 1 Mar: second person Thu 4 Mar
    states = [
        make_plan(load(content, "content"), date(2027, 3, d)).clocks["ana"].steps[0].state
        for d in (3, 4, 5)
    ]
    assert states == [StepState.UPCOMING, StepState.DUE, StepState.OVERDUE]


def _dublin(tmp_path: Path, **trip: object) -> Path:
    info = trip_file(
        city="Dublin", timezone="Europe/Dublin", start="2027-03-15", end="2027-03-19", **trip
    )
    return make_content(
        tmp_path,
        schedule=[],
        trip=info,
        people={
            "niamh": person(
                "Niamh Byrne", outreach={"status": "asked", "asked_on": "2027-03-15 09:00"}
            )
        },
    ).root


def test_the_trip_countrys_holidays_come_from_its_time_zone(tmp_path: Path) -> None:
    plan = make_plan(load(_dublin(tmp_path), "content"), date(2027, 3, 15))
    clock = plan.clocks["niamh"]
    assert plan.calendar.country == "IE"
    assert clock.second_person_on == date(2027, 3, 19)  # Tue 16, (St Patrick's Day), Thu 18, Fri 19
    assert (date(2027, 3, 17), "Saint Patrick's Day") in clock.skipped


def test_trip_country_overrides_the_time_zone(tmp_path: Path) -> None:
    plan = make_plan(load(_dublin(tmp_path, country="GB"), "content"), date(2027, 3, 15))
    assert plan.clocks["niamh"].second_person_on == date(2027, 3, 18)


def test_followup_lists_a_step_from_the_first_minute_of_its_day_in_the_week_clocks_change(
    tmp_path: Path,
) -> None:
    ana = person("Ana Ruiz", "acme", outreach={"status": "asked", "asked_on": "2027-03-12 13:00"})
    content = make_content(
        tmp_path, schedule=[], people={"ana": ana}, companies={"acme": {"name": "Acme"}}
    ).root

    def run(today: str) -> str:
        result = Runner().invoke(main, ["followup", str(content), "--today", today])
        assert result.exit_code == 0, result.output
        return result.stdout

    assert "Ana Ruiz" not in run(
        "2027-03-17 23:59"
    )  # counts from Mon 15: second person Thu 18 (after the change on Sun 14)
    due = run("2027-03-18 00:00")
    assert (
        "DUE: Ask a second person: Ana Ruiz, Acme" in due
        and "Asked Fri, Mar 12 · 3 business days without a reply · due Thu, Mar 18" in due
    )


def test_check_warns_at_the_persons_outreach_line() -> None:
    result = Runner().invoke(main, ["check", str(SEATTLE), "--today", "2027-06-07"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "business day" in line]
    jae = next(line for line in lines if "Jae-won" in line or "박재원" in line)
    outreach_line = (SEATTLE / "people" / "park-jae-won.yaml").read_text().splitlines().index(
        "outreach:"
    ) + 1
    assert jae.startswith(f"{SEATTLE}/people/park-jae-won.yaml:{outreach_line}: warning:")
    assert (
        "overdue since Fri, Jun 4: ask a second person at Puget Sound Transit Lab: Tomasz Zieliński"
        in jae
    )
    kofi = [line for line in lines if "Kofi" in line]
    assert len(kofi) == 2 and any("nudge them once" in line for line in kofi)
