"""The content models (generator/content/models.py) fed by the YAML reader, as `load` does.

Each test parses real YAML text first, so the YAML 1.2 typing and the models are tested together:
a text field must get what the user wrote, an int or bool field must refuse what is not one.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from fixtures.mini_trip import MINI
from pydantic import BaseModel, ValidationError

from generator.content.entry_models import BankQuestion, MeetingEntry
from generator.content.fields import describe_validation_error
from generator.content.models import CompanyFile, Paper, PersonFile, TripFile
from generator.content.scalars import MAX_NESTING, MAX_TEXT
from generator.content.yaml import parse

TRIP = """\
title: T
city: Boston
timezone: America/New_York
start: 2027-05-10
end: 2027-05-11
traveler:
  name: Robin
"""


def data(text: str) -> Any:
    return parse(text, "f.yaml").data


def problems(model: type[BaseModel], text: str) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data(text))
    return describe_validation_error(model, info.value)


# ---- text fields get what was written ------------------------------------------------------------


def test_text_fields_keep_yaml_11_words_and_numbers_as_written() -> None:
    person = PersonFile.model_validate(
        data("name: NO\ntitle: 1.10\nphone: 012345\nbackground: yes\n")
    )
    assert person.name == "NO"
    assert person.title == "1.10"
    assert person.phone == "012345"
    assert person.background == "yes"


def test_question_text_that_looks_like_a_time_or_bool() -> None:
    q = BankQuestion.model_validate(data("text: 10:30\ncategory: advice\ntags: [on, off, 007]\n"))
    assert q.text == "10:30"
    assert q.tags == ["on", "off", "007"]


def test_company_questions_keep_numbers_as_text() -> None:
    company = CompanyFile.model_validate(data("name: 3M\nquestions:\n  - 1.10\n  - 0x1F\n"))
    assert company.name == "3M"
    assert company.questions == ["1.10", "0x1F"]


def test_text_is_stripped() -> None:
    assert PersonFile.model_validate(data('name: "  Kim Park  "\n')).name == "Kim Park"


def test_markdown_keeps_its_text() -> None:
    person = PersonFile.model_validate(
        data("name: K\nbackground: |\n  **Bold** line\n\n  - item\n")
    )
    assert person.background == "**Bold** line\n\n- item\n"


# ---- booleans, ints, enums ----------------------------------------------------------------------


def test_strict_booleans() -> None:
    assert TripFile.model_validate(data(TRIP + "site:\n  private: true\n")).site.private is True
    for word in ("yes", "on", "1", '"true"'):
        found = problems(TripFile, TRIP + f"site:\n  private: {word}\n")
        assert [loc for loc, _ in found] == [("site", "private")], word


def test_int_fields_refuse_text_and_fractions() -> None:
    assert [loc for loc, _ in problems(CompanyFile, "name: X\nsize: big\n")] == [("size",)]
    assert [
        loc
        for loc, _ in problems(MeetingEntry, "person: a\nstart: 2027-05-10 09:00\nduration: 30.5\n")
    ] == [("duration",)]


def test_int_field_with_leading_zero_is_decimal() -> None:
    assert (
        MeetingEntry.model_validate(
            data("person: a\nstart: 2027-05-10 09:00\nduration: 045\n")
        ).duration
        == 45
    )


@pytest.mark.parametrize("duration", ["-5", "0", "4", "601", "100000"])
def test_impossible_durations(duration: str) -> None:
    found = problems(MeetingEntry, f"person: a\nstart: 2027-05-10 09:00\nduration: {duration}\n")
    assert [loc for loc, _ in found] == [("duration",)]


def test_enum_values_listed_in_the_message() -> None:
    [(loc, message)] = problems(MeetingEntry, "person: a\nstart: 2027-05-10 09:00\nformat: zoom\n")
    assert loc == ("format",)
    assert "'in-person'" in message and "'video'" in message and "'phone'" in message


def test_paper_sizes() -> None:
    assert (
        TripFile.model_validate(data(TRIP + "defaults:\n  paper: a4\n")).defaults.paper is Paper.A4
    )
    assert TripFile.model_validate(data(TRIP)).defaults.paper is Paper.LETTER
    assert [loc for loc, _ in problems(TripFile, TRIP + "defaults:\n  paper: legal\n")] == [
        ("defaults", "paper")
    ]


# ---- dates, times, zones ------------------------------------------------------------------------


def test_dates_quoted_or_not() -> None:
    trip = TripFile.model_validate(data(TRIP.replace("end: 2027-05-11", 'end: "2027-05-11"')))
    assert trip.start == date(2027, 5, 10)
    assert trip.end == date(2027, 5, 11)


def test_meeting_start_quoted_or_not() -> None:
    a = MeetingEntry.model_validate(data("person: a\nstart: 2027-05-10 09:30\n"))
    b = MeetingEntry.model_validate(data('person: a\nstart: "2027-05-10 9:30"\n'))
    assert a.start == b.start == datetime(2027, 5, 10, 9, 30)


@pytest.mark.parametrize("value", ["2027-13-45", "2027-02-30", "March 8", "2027-5-1", "20270508"])
def test_impossible_dates(value: str) -> None:
    found = problems(TripFile, TRIP.replace("start: 2027-05-10", f"start: {value}"))
    assert [loc for loc, _ in found] == [("start",)]


@pytest.mark.parametrize(
    "value",
    ["2027-05-10 25:00", "2027-05-10 09:60", "2027-13-45 09:00", "2027-05-10", "09:30", "tomorrow"],
)
def test_impossible_meeting_starts(value: str) -> None:
    [(loc, message)] = problems(MeetingEntry, f'person: a\nstart: "{value}"\n')
    assert loc == ("start",)
    assert any(part in message for part in value.split())


def test_day_hours_accept_unquoted_clock_times() -> None:
    trip = TripFile.model_validate(data(TRIP + "defaults:\n  day_hours: [08:00, 18:30]\n"))
    assert trip.defaults.day_hours == (time(8, 0), time(18, 30))


@pytest.mark.parametrize("value", ['["25:00", "18:00"]', '["8", "18:00"]', '["08:00"]'])
def test_bad_day_hours(value: str) -> None:
    found = problems(TripFile, TRIP + f"defaults:\n  day_hours: {value}\n")
    assert all(loc[:2] == ("defaults", "day_hours") for loc, _ in found) and found


def test_unknown_time_zone() -> None:
    [(loc, message)] = problems(TripFile, TRIP.replace("America/New_York", "America/Boston"))
    assert loc == ("timezone",)
    assert "unknown time zone 'America/Boston'" in message


@pytest.mark.parametrize("zone", ["../../etc/passwd", "/etc/localtime", "", "Nowhere"])
def test_time_zone_names_that_are_paths_refused(zone: str) -> None:
    found = problems(MeetingEntry, f'person: a\nstart: 2027-05-10 09:00\ntimezone: "{zone}"\n')
    assert [loc for loc, _ in found] == [("timezone",)]


# ---- keys, slugs, urls, sizes -----------------------------------------------------------------


def test_unknown_key_suggests_the_close_one() -> None:
    [(loc, message)] = problems(
        TripFile, TRIP.replace("  name: Robin", "  name: Robin\n  emial: r@x.example")
    )
    assert loc == ("traveler", "emial")
    assert message == "unknown key 'emial' (did you mean 'email'?)"


def test_unknown_key_far_from_any_lists_allowed_keys() -> None:
    [(loc, message)] = problems(CompanyFile, "name: X\nzzzzzz: 1\n")
    assert loc == ("zzzzzz",)
    assert "allowed keys" in message and "industry" in message


def test_missing_required_key_points_at_its_mapping() -> None:
    found = problems(TripFile, TRIP.replace("  name: Robin", "  email: r@x.example"))
    assert found == [(("traveler",), "missing required key 'name' in traveler")]


def test_company_slug_must_be_a_slug() -> None:
    [(loc, message)] = problems(PersonFile, 'name: K\ncompany: "Harbor Analytics"\n')
    assert loc == ("company",)
    assert "not a slug" in message


def test_urls_must_be_web_addresses() -> None:
    [(loc, message)] = problems(CompanyFile, "name: X\nwebsite: javascript:alert(1)\n")
    assert loc == ("website",)
    assert "https://" in message


def test_a_list_where_a_list_is_wanted() -> None:
    [(loc, _)] = problems(PersonFile, "name: K\ntalking_points: just one\n")
    assert loc == ("talking_points",)


def test_megabyte_notes_refused() -> None:
    found = problems(PersonFile, "name: K\nnotes: " + "x" * (MAX_TEXT + 1) + "\n")
    assert [loc for loc, _ in found] == [("notes",)]


def test_deeply_nested_markdown_refused() -> None:
    nested = "".join("  " * depth + "- a\n" for depth in range(MAX_NESTING + 5))
    text = "name: K\nnotes: |\n" + "".join("  " + line + "\n" for line in nested.splitlines())
    [(loc, message)] = problems(PersonFile, text)
    assert loc == ("notes",)
    assert "nested" in message


@pytest.mark.parametrize(
    ("pattern", "model"),
    [("trip.yaml", TripFile), ("companies/*.yaml", CompanyFile), ("people/*.yaml", PersonFile)],
)
def test_fixture_trip_files_validate(pattern: str, model: type[BaseModel]) -> None:
    """Every mapping file of the fixture trip is valid on its own (guards the fixture the other tests build)."""
    files = sorted(MINI.glob(pattern))
    assert files
    for path in files:
        model.model_validate(parse(path.read_text(encoding="utf-8"), path.name).data)


def test_fixture_schedule_validates() -> None:
    items = parse((MINI / "schedule.yaml").read_text(encoding="utf-8"), "schedule.yaml").data
    meetings = [MeetingEntry.model_validate(item) for item in items]
    assert [m.person for m in meetings] == [
        "jose-alvarez",
        "kim-park",
        "lena-brooks",
        "jose-alvarez",
    ]


def test_a_yes_or_no_in_words_is_told_true_or_false() -> None:
    """`informal: oui` said "should be a valid boolean, unable to interpret input"."""
    found = problems(PersonFile, "name: Lucie Lefèvre\ninformal: oui\n")
    assert found == [(("informal",), "informal: true or false, not 'oui'")]
