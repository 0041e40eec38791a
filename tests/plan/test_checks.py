"""Plan lint rules (plan/checks.py, plan/research.py): each warning with a positive and a negative case.

Every positive case asserts the exact file and line the warning points at, found by
searching the written YAML (tests/plan/factory.py), not by asking the loader.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from fixtures.building import Runner

from generator.cli import main
from generator.errors import Level
from plan.factory import company, make_content, meeting, person, trip_file, warnings, where

SCHEDULE = "content/schedule.yaml"
NEWS = [{"date": "2027-01-01", "title": "In the news"}]


# ---- overlaps and gaps ------------------------------------------------------------------------


def test_overlapping_meetings_warn_at_the_later_start(tmp_path):
    content = make_content(
        tmp_path, schedule=[meeting("ann", "2027-03-08 09:00"), meeting("bob", "2027-03-08 09:30")]
    )
    found = warnings(content.plan(), "overlaps")
    assert where(found) == [(SCHEDULE, content.start_line("2027-03-08 09:30"))]
    assert "Ann" in found[0].message and "09:00–09:45" in found[0].message


def test_back_to_back_meetings_with_the_buffer_do_not_warn(tmp_path):
    content = make_content(
        tmp_path, schedule=[meeting("ann", "2027-03-08 09:00"), meeting("bob", "2027-03-08 10:15")]
    )
    plan = content.plan()
    assert warnings(plan, "overlaps") == []
    assert warnings(plan, "minutes after the meeting") == []


def test_a_gap_shorter_than_buffer_plus_travel_warns(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 09:00"),
            meeting("bob", "2027-03-08 10:30", travel=20),
        ],
    )
    found = warnings(content.plan(), "minutes after the meeting")
    assert where(found) == [(SCHEDULE, content.start_line("2027-03-08 10:30"))]
    assert "only 45 minutes" in found[0].message
    assert "at least 50 (30 buffer + 20 travel)" in found[0].message


def test_a_gap_equal_to_buffer_plus_travel_does_not_warn(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 09:00"),
            meeting("bob", "2027-03-08 10:35", travel=20),
        ],
    )
    assert warnings(content.plan(), "minutes after the meeting") == []


def test_a_gap_shorter_than_the_buffer_alone_warns(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(defaults={"buffer": 45}),
        schedule=[meeting("ann", "2027-03-08 09:00"), meeting("bob", "2027-03-08 10:00")],
    )
    found = warnings(content.plan(), "minutes after the meeting")
    assert where(found) == [(SCHEDULE, content.start_line("2027-03-08 10:00"))]
    assert "only 15 minutes" in found[0].message and "at least 45 (45 buffer)" in found[0].message


def test_meetings_on_different_days_never_count_as_a_gap(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 18:00"),
            meeting("bob", "2027-03-09 08:00", travel=60),
        ],
    )
    plan = content.plan()
    assert warnings(plan, "minutes after the meeting") == [] and warnings(plan, "overlaps") == []


# ---- meetings per day -------------------------------------------------------------------------


def _per_day_content(tmp_path):
    times = ["08:00", "09:30", "11:00", "12:30", "14:00"]
    schedule = (
        [meeting(f"p{n}", f"2027-03-08 {t}") for n, t in enumerate(times)]  # Monday: 5
        # Tuesday: none
        + [meeting(f"q{n}", f"2027-03-10 {t}") for n, t in enumerate(times[:3])]  # Wednesday: 3
        + [meeting(f"r{n}", f"2027-03-11 {t}") for n, t in enumerate(times[:4])]  # Thursday: 4
        + [meeting(f"s{n}", f"2027-03-12 {t}") for n, t in enumerate(times[:2])]  # Friday: 2
    )
    return make_content(tmp_path, trip=trip_file(defaults={"per_day": [3, 4]}), schedule=schedule)


def test_too_many_too_few_and_empty_days_warn(tmp_path):
    content = _per_day_content(tmp_path)
    plan = content.plan()
    found = [f for f in plan.findings if re.search(r"has \d+ meetings?", f.message)]
    by_day = {f.message.split(" has ")[0]: f for f in found}
    assert sorted(by_day) == [
        "Fri, Mar 12",
        "Mon, Mar 8",
        "Tue, Mar 9",
    ]  # letter paper: en_US dates
    assert "has 5 meetings; more than 4" in by_day["Mon, Mar 8"].message
    assert (by_day["Mon, Mar 8"].location.file, by_day["Mon, Mar 8"].location.line) == (
        SCHEDULE,
        content.item_line("2027-03-08 08:00"),
    )
    assert "has 0 meetings; plan 3 to 4" in by_day["Tue, Mar 9"].message
    # A day with no meeting is a day because of the trip's dates: the warning points at them, not at
    # schedule.yaml.
    assert (by_day["Tue, Mar 9"].location.file, by_day["Tue, Mar 9"].location.line) == (
        "content/trip.yaml",
        content.line("trip.yaml", "start:"),
    )
    assert "change start and end in trip.yaml" in by_day["Tue, Mar 9"].message
    assert "has 2 meetings; plan 3 to 4" in by_day["Fri, Mar 12"].message
    assert (by_day["Fri, Mar 12"].location.file, by_day["Fri, Mar 12"].location.line) == (
        SCHEDULE,
        content.item_line("2027-03-12 08:00"),
    )


def test_days_within_per_day_do_not_warn(tmp_path):
    plan = _per_day_content(tmp_path).plan()
    assert not [f for f in plan.findings if f.message.startswith(("Wed, Mar 10", "Thu, Mar 11"))]


# ---- working hours ----------------------------------------------------------------------------


def test_a_1900_meeting_is_outside_working_hours(tmp_path):
    content = make_content(tmp_path, schedule=[meeting("ann", "2027-03-08 19:00")])
    found = warnings(content.plan(), "outside working hours")
    assert where(found) == [(SCHEDULE, content.start_line("2027-03-08 19:00"))]
    assert "19:00–19:45" in found[0].message and "08:00–18:30" in found[0].message


@pytest.mark.parametrize("start", ["2027-03-08 07:30", "2027-03-08 18:00", "2027-03-08 23:45"])
def test_meetings_starting_early_or_ending_late_warn(tmp_path, start):
    content = make_content(tmp_path, schedule=[meeting("ann", start)])
    assert where(warnings(content.plan(), "outside working hours")) == [
        (SCHEDULE, content.start_line(start))
    ]


@pytest.mark.parametrize("start", ["2027-03-08 08:00", "2027-03-08 17:45"])
def test_meetings_inside_working_hours_do_not_warn(tmp_path, start):
    content = make_content(tmp_path, schedule=[meeting("ann", start)])
    assert warnings(content.plan(), "outside working hours") == []


def test_working_hours_are_judged_in_the_trip_zone(tmp_path):
    # 17:30 in Chicago is 18:30 in New York: the meeting runs 18:30-19:15 local time.
    content = make_content(
        tmp_path,
        schedule=[
            meeting(
                "hal",
                "2027-03-08 17:30",
                timezone="America/Chicago",
                format="video",
                link="https://meet.example/h",
            )
        ],
    )
    found = warnings(content.plan(), "outside working hours")
    assert where(found) == [(SCHEDULE, content.start_line("2027-03-08 17:30"))]
    assert "18:30–19:15" in found[0].message


# ---- trip dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["2027-03-07 10:00", "2027-03-13 10:00"])
def test_meetings_outside_the_trip_dates_warn(tmp_path, start):
    content = make_content(tmp_path, schedule=[meeting("ann", start)])
    found = warnings(content.plan(), "outside the trip")
    assert where(found) == [(SCHEDULE, content.start_line(start))]
    assert (
        "outside the trip (Mar 8\u2009–\u200912, 2027)" in found[0].message
    )  # the trip's one date format (en_US: letter)


@pytest.mark.parametrize("start", ["2027-03-08 10:00", "2027-03-12 10:00"])
def test_meetings_on_the_first_and_last_day_do_not_warn(tmp_path, start):
    content = make_content(tmp_path, schedule=[meeting("ann", start)])
    assert warnings(content.plan(), "outside the trip") == []


# ---- clock changes ----------------------------------------------------------------------------


def test_a_time_in_the_spring_forward_gap_warns(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(start="2027-03-12", end="2027-03-16"),
        schedule=[meeting("ann", "2027-03-14 02:30")],
    )
    found = warnings(content.plan(), "does not exist")
    assert where(found) == [(SCHEDULE, content.start_line("2027-03-14 02:30"))]
    assert "2027-03-14 02:30 does not exist in America/New_York" in found[0].message


def test_the_spring_forward_warning_names_the_time_it_would_really_be(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(start="2027-03-12", end="2027-03-16"),
        schedule=[meeting("ann", "2027-03-14 02:30")],
    )
    (found,) = warnings(content.plan(), "does not exist")
    assert "it would be 03:30" in found.message


def test_a_time_repeated_at_fall_back_warns(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(start="2027-11-05", end="2027-11-09"),
        schedule=[meeting("ann", "2027-11-07 01:30")],
    )
    found = warnings(content.plan(), "happens twice")
    assert where(found) == [(SCHEDULE, content.start_line("2027-11-07 01:30"))]
    assert "2027-11-07 01:30 happens twice in America/New_York" in found[0].message


def test_times_near_but_not_in_a_clock_change_do_not_warn(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(start="2027-03-12", end="2027-03-16"),
        schedule=[
            meeting("ann", "2027-03-14 03:30"),
            meeting("bob", "2027-03-13 02:30"),
            meeting("cat", "2027-03-14 01:59"),
        ],
    )
    plan = content.plan()
    assert warnings(plan, "does not exist") == [] and warnings(plan, "happens twice") == []


def test_times_after_the_fall_back_hour_do_not_warn(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(start="2027-11-05", end="2027-11-09"),
        schedule=[
            meeting("ann", "2027-11-07 02:30"),
            meeting("bob", "2027-11-07 00:30"),
            meeting("cat", "2027-11-06 01:30"),
        ],
    )
    plan = content.plan()
    assert warnings(plan, "does not exist") == [] and warnings(plan, "happens twice") == []


def test_a_call_in_another_zone_is_checked_against_its_own_clock_change(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(start="2027-03-12", end="2027-03-16"),
        schedule=[
            meeting(
                "hal",
                "2027-03-14 02:15",
                timezone="America/Chicago",
                format="video",
                link="https://meet.example/h",
            )
        ],
    )
    found = warnings(content.plan(), "does not exist")
    assert where(found) == [(SCHEDULE, content.start_line("2027-03-14 02:15"))]
    assert "America/Chicago" in found[0].message


# ---- repeat visits ----------------------------------------------------------------------------


def test_a_second_meeting_with_no_agenda_warns_at_its_item(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 09:00", agenda="Career path"),
            meeting("ann", "2027-03-10 09:00"),
        ],
    )
    found = warnings(content.plan(), "second meeting with Ann")
    assert where(found) == [(SCHEDULE, content.item_line("2027-03-10 09:00"))]


def test_a_second_meeting_with_the_same_agenda_warns(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 09:00", agenda="Career path"),
            meeting("ann", "2027-03-10 09:00", agenda="Career path"),
        ],
    )
    assert where(warnings(content.plan(), "second meeting")) == [
        (SCHEDULE, content.item_line("2027-03-10 09:00"))
    ]


def test_a_second_meeting_with_a_new_agenda_does_not_warn(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 09:00", agenda="Career path"),
            meeting("ann", "2027-03-10 09:00", agenda="Portfolio review"),
            meeting("bob", "2027-03-10 11:00"),
        ],
    )
    assert warnings(content.plan(), "second meeting") == []


def test_repeat_visits_are_judged_in_time_order_not_file_order(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-10 09:00"),
            meeting("ann", "2027-03-08 09:00", agenda="Career path"),
        ],
    )
    assert where(warnings(content.plan(), "second meeting")) == [
        (SCHEDULE, content.item_line("2027-03-10 09:00"))
    ]


# ---- research gaps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person_extra", "company_extra", "message", "file"),
    [
        (
            {"talking_points": ["x"]},
            {"overview": "x", "news": NEWS},
            "research gap: no background for Ann",
            "content/people/ann.yaml",
        ),
        (
            {"background": "x"},
            {"overview": "x", "news": NEWS},
            "research gap: no talking points for Ann",
            "content/people/ann.yaml",
        ),
        (
            {"background": "x", "talking_points": ["x"]},
            {"news": NEWS},
            "research gap: no overview of Acme",
            "content/companies/acme.yaml",
        ),
        (
            {"background": "x", "talking_points": ["x"]},
            {"overview": "x"},
            "research gap: no recent news about Acme",
            "content/companies/acme.yaml",
        ),
    ],
    ids=["background", "talking-points", "overview", "news"],
)
def test_each_missing_piece_of_research_warns(tmp_path, person_extra, company_extra, message, file):
    content = make_content(
        tmp_path,
        people={"ann": person("Ann", "acme", researched=False, **person_extra)},
        companies={"acme": company("Acme", researched=False, **company_extra)},
        schedule=[meeting("ann", "2027-03-08 09:00")],
    )
    gaps = warnings(content.plan(), "research gap")
    assert [f.message for f in gaps] == [message]
    assert where(gaps) == [(file, 1)]


def test_full_research_gives_no_gap(tmp_path):
    content = make_content(
        tmp_path,
        people={"ann": person("Ann", "acme")},
        companies={"acme": company("Acme")},
        schedule=[meeting("ann", "2027-03-08 09:00")],
    )
    plan = content.plan()
    assert warnings(plan, "research gap") == []
    assert plan.packets[0].gaps == ()


def test_side_car_notes_count_as_background_and_overview(tmp_path):
    content = make_content(
        tmp_path,
        people={"ann": person("Ann", "acme", researched=False, talking_points=["x"])},
        companies={
            "acme": company("Acme", researched=False, news=[{"date": "2027-01-01", "title": "n"}])
        },
        schedule=[meeting("ann", "2027-03-08 09:00")],
        notes={"people/ann.md": "# Ann\n\nLong notes.\n", "companies/acme.md": "Acme notes.\n"},
    )
    assert warnings(content.plan(), "research gap") == []


def test_a_person_without_a_company_has_no_company_gaps(tmp_path):
    content = make_content(
        tmp_path,
        people={"ann": person("Ann", researched=False)},
        schedule=[meeting("ann", "2027-03-08 09:00")],
    )
    assert sorted(f.message for f in warnings(content.plan(), "research gap")) == [
        "research gap: no background for Ann",
        "research gap: no talking points for Ann",
    ]


def test_a_research_gap_is_reported_once_however_often_the_person_is_met(tmp_path):
    content = make_content(
        tmp_path,
        people={"ann": person("Ann", researched=False, talking_points=["x"])},
        schedule=[
            meeting("ann", "2027-03-08 09:00", agenda="a"),
            meeting("ann", "2027-03-10 09:00", agenda="b"),
        ],
    )
    plan = content.plan()
    assert len(warnings(plan, "no background for Ann")) == 1
    assert all(len(p.gaps) == 1 for p in plan.packets)


# ---- debriefs ---------------------------------------------------------------------------------


def test_a_past_meeting_without_an_outcome_asks_for_a_debrief(tmp_path):
    content = make_content(
        tmp_path, schedule=[meeting("ann", "2027-03-08 09:00"), meeting("bob", "2027-03-10 09:00")]
    )
    found = warnings(content.plan(date(2027, 3, 9)), "write its outcome")
    assert where(found) == [(SCHEDULE, content.item_line("2027-03-08 09:00"))]
    assert "Ann" in found[0].message


def test_no_debrief_warning_with_an_outcome_or_before_the_day_is_over(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 09:00", outcome="Talk to Sam."),
            meeting("bob", "2027-03-09 09:00"),
        ],
    )
    assert warnings(content.plan(date(2027, 3, 9)), "write its outcome") == []
    assert warnings(content.plan(date(2027, 3, 1)), "write its outcome") == []


# ---- question count, logistics, outreach ------------------------------------------------------


def test_a_packet_short_of_min_questions_warns_at_its_item(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(defaults={"min_questions": 5}),
        questions=[
            {"text": "Only one?", "category": "advice"},
            {"text": "And a closing one?", "category": "next-steps"},
        ],
        schedule=[meeting("ann", "2027-03-08 09:00")],
    )
    found = warnings(content.plan(), "min_questions is 5")
    assert where(found) == [(SCHEDULE, content.item_line("2027-03-08 09:00"))]
    assert "has 2 questions" in found[0].message


def test_a_packet_with_enough_questions_does_not_warn(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(defaults={"min_questions": 2}),
        questions=[
            {"text": "One?", "category": "advice"},
            {"text": "Two?", "category": "next-steps"},
        ],
        schedule=[meeting("ann", "2027-03-08 09:00")],
    )
    assert warnings(content.plan(), "min_questions") == []


def test_a_video_meeting_without_a_link_warns(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 09:00", format="video"),
            meeting("bob", "2027-03-08 11:00", format="video", link="https://m.example/b"),
        ],
    )
    assert where(warnings(content.plan(), "no link")) == [
        (SCHEDULE, content.item_line("2027-03-08 09:00"))
    ]


def test_a_scheduled_person_whose_outreach_is_not_scheduled_warns(tmp_path):
    content = make_content(
        tmp_path,
        people={
            "ann": person("Ann", outreach={"status": "asked"}),
            "bob": person("Bob", outreach={"status": "scheduled"}),
            "cat": person("Cat", outreach={"status": "scheduled"}),
        },
        schedule=[meeting("ann", "2027-03-08 09:00"), meeting("bob", "2027-03-08 11:00")],
    )
    plan = content.plan()
    assert where(warnings(plan, "outreach status is 'asked'")) == [
        ("content/people/ann.yaml", content.line("people/ann.yaml", "outreach:"))
    ]
    assert where(warnings(plan, "no meeting in schedule.yaml")) == [
        ("content/people/cat.yaml", content.line("people/cat.yaml", "outreach:"))
    ]
    assert not [f for f in plan.findings if "bob.yaml" in f.location.file]


def test_findings_are_warnings_sorted_by_file_and_line(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 19:00"),
            meeting("bob", "2027-03-08 09:00"),
            meeting("cat", "2027-03-08 09:15"),
        ],
    )
    findings = content.plan().findings
    assert findings and all(f.level is Level.WARNING for f in findings)
    assert list(findings) == sorted(findings, key=lambda f: f.sort_key())


# ---- infoprep check ---------------------------------------------------------------------------


@pytest.fixture
def troubled_trip(tmp_path, monkeypatch):
    """A trip with one overlap, one 5-meeting day, one 19:00 meeting, one short gap and one DST-gap time."""
    monkeypatch.chdir(tmp_path)
    schedule = [
        # Wednesday 10: five meetings, well spaced.
        *(
            meeting(f"five-{n}", f"2027-03-10 {t}")
            for n, t in enumerate(["08:00", "09:30", "11:00", "12:30", "14:00"])
        ),
        # Thursday 11: an overlap.
        meeting("ann", "2027-03-11 09:00"),
        meeting("bob", "2027-03-11 09:30"),
        meeting("cat", "2027-03-11 13:00"),
        # Friday 12: a short gap, and a 19:00 meeting.
        meeting("dan", "2027-03-12 09:00"),
        meeting("eve", "2027-03-12 10:00", travel=20),
        meeting("fay", "2027-03-12 19:00"),
        # Sunday 14: 02:30 does not exist.
        meeting("gus", "2027-03-14 02:30"),
    ]
    return make_content(
        tmp_path,
        trip=trip_file(start="2027-03-10", end="2027-03-14", defaults={"per_day": [1, 4]}),
        schedule=schedule,
    )


def _expected_lines(content):
    return {
        "overlaps": content.start_line("2027-03-11 09:30"),
        "has 5 meetings": content.item_line("2027-03-10 08:00"),
        "runs 19:00–19:45": content.start_line("2027-03-12 19:00"),
        "only 15 minutes": content.start_line("2027-03-12 10:00"),
        "does not exist": content.start_line("2027-03-14 02:30"),
    }


def test_check_prints_each_warning_with_file_and_line_and_exits_0(troubled_trip):
    result = Runner().invoke(main, ["check", "content", "--today", "2027-03-01"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    for needle, line in _expected_lines(troubled_trip).items():
        matching = [text for text in lines if needle in text]
        assert len(matching) == 1, (needle, lines)
        assert matching[0].startswith(f"content/schedule.yaml:{line}: warning: "), matching[0]
    assert "0 errors" in result.stdout
    assert "Traceback" not in result.output


def test_check_strict_exits_1_on_those_warnings(troubled_trip):
    result = Runner().invoke(main, ["check", "content", "--strict", "--today", "2027-03-01"])
    assert result.exit_code == 1
    assert all(needle in result.stderr for needle in _expected_lines(troubled_trip))


def test_check_strict_exits_0_on_a_clean_trip(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_content(
        tmp_path, schedule=[meeting("ann", "2027-03-08 09:00"), meeting("bob", "2027-03-09 09:00")]
    )
    result = Runner().invoke(main, ["check", "content", "--strict", "--today", "2027-03-01"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "0 errors, 0 warnings" in result.stdout
