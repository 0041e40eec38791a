"""Errors a new user meets in the first hour say what to write instead, at the line to change;
and content that is valid by the contract (a one-word `via`, a kind of one's own) loads."""

from __future__ import annotations

import pytest
from plan.factory import make_content, meeting, person, trip_file

from generator.content.load import load
from generator.content.zones import suggest_zone
from generator.errors import ContentError


def _errors(content) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentError) as caught:
        load(content.root, "content")
    return [str(f) for f in caught.value.findings]


def test_an_unquoted_colon_in_a_value_says_how_to_quote_it(tmp_path):
    content = make_content(
        tmp_path, schedule=[meeting("ann", "2027-03-08 09:00")], people={"ann": person("Ann Lee")}
    )
    path = content.root / "people" / "ann.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "title: Engineer II: CSO\n", encoding="utf-8"
    )
    (error,) = _errors(content)
    line = content.line("people/ann.yaml", "Engineer II")
    assert (
        error
        == f"content/people/ann.yaml:{line}: error: invalid YAML: a colon followed by a space inside a value starts "
        'a new key; quote the value: `title: "Engineer II: CSO"`'
    )


def test_a_colon_in_a_list_item_names_the_quoted_item(tmp_path):
    """A list item with ": " reads as a mapping; it gets the same "quote it" fix as a scalar (issue 24)."""
    content = make_content(
        tmp_path, schedule=[meeting("ann", "2027-03-08 09:00")], people={"ann": person("Ann Lee")}
    )
    path = content.root / "people" / "ann.yaml"
    item = "How do staff move in here: secondment, or a new post?"
    path.write_text(
        path.read_text(encoding="utf-8") + f"questions:\n  - {item}\n", encoding="utf-8"
    )
    (error,) = _errors(content)
    line = content.line("people/ann.yaml", "secondment")
    assert (
        error
        == f"content/people/ann.yaml:{line}: error: questions[0]: a colon followed by a space inside a list item "
        f'starts a new key; quote the list item: `- "{item}"`'
    )


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("17/05/2027", "write 2027-05-17"),
        ("05/06/2027", "write 2027-06-05 or 2027-05-06 (year-month-day)"),
        ("17.05.2027", "write 2027-05-17"),
    ],
)
def test_a_date_written_by_hand_names_its_iso_form(tmp_path, written, fix):
    content = make_content(tmp_path, schedule=[], trip=trip_file(start=written))
    (error,) = _errors(content)
    assert error.startswith("content/trip.yaml:") and fix in error


def test_a_meeting_start_written_day_first_names_its_iso_form(tmp_path):
    content = make_content(tmp_path, schedule=[meeting("ann", "17/05/2027 09:30")])
    (error,) = _errors(content)
    assert 'write it as "YYYY-MM-DD HH:MM": write 2027-05-17 09:30' in error


@pytest.mark.parametrize("duration", ["1h", "45 min", "1.5"])
def test_duration_says_it_is_minutes(tmp_path, duration):
    entry = meeting("ann", "2027-03-08 09:00")
    content = make_content(tmp_path, schedule=[entry])
    path = content.root / "schedule.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + f"  duration: {duration}\n", encoding="utf-8"
    )
    (error,) = _errors(content)
    assert f"duration: a whole number of minutes, such as 45, not '{duration}'" in error
    assert error.startswith(f"content/schedule.yaml:{content.line('schedule.yaml', 'duration:')}:")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("America/Seattle", "America/Los_Angeles"),
        ("america/new york", "America/New_York"),
        ("Asia/Seol", "Asia/Seoul"),
        ("KST", "Asia/Seoul"),
        ("PST", "America/Los_Angeles"),
        ("Europe/Seoul", "Asia/Seoul"),
        ("Europe/Cork", "Europe/Dublin"),
    ],
)
def test_a_time_zone_near_miss_gets_did_you_mean(tmp_path, written, meant):
    assert suggest_zone(written) == meant
    content = make_content(tmp_path, schedule=[], trip=trip_file(timezone=written))
    (error,) = _errors(content)
    assert f"unknown time zone {written!r} (did you mean {meant!r}?)" in error


def test_a_missing_company_file_says_how_to_add_it(tmp_path):
    content = make_content(tmp_path, schedule=[], people={"ann": person("Ann Lee", "hanbit-water")})
    (error,) = _errors(content)
    assert error == (
        f"content/people/ann.yaml:{content.line('people/ann.yaml', 'company:')}: error: no company "
        "'hanbit-water' in companies/; "
        "add it with: infoprep new content --company hanbit-water"
    )


@pytest.mark.parametrize("via", ["meetup", "linkedin", "alumni-network", "conference"])
def test_a_one_word_via_is_free_text(tmp_path, via):
    content = make_content(
        tmp_path,
        schedule=[meeting("ann", "2027-03-08 09:00")],
        people={
            "ann": person("Ann Lee", connection={"via": via, "kind": "referral"}),
            "mei-chen": person("Mei Chen"),
        },
    )
    trip = load(content.root, "content")
    assert trip.people["ann"].introducer is None
    assert trip.people["ann"].profile.connection.via == via


@pytest.mark.parametrize(
    ("via", "meant"), [("mei-chem", "mei-chen"), ("meichen", "mei-chen"), ("mei", "mei-chen")]
)
def test_only_a_near_miss_of_a_persons_slug_is_an_error(tmp_path, via, meant):
    content = make_content(
        tmp_path,
        schedule=[meeting("ann", "2027-03-08 09:00")],
        people={"ann": person("Ann Lee", connection={"via": via}), "mei-chen": person("Mei Chen")},
    )
    (error,) = _errors(content)
    assert f"no person {via!r} in people/ (did you mean {meant!r}?)" in error


@pytest.mark.parametrize("kind", ["professor", "mentor", "manager", "former landlord", "choir"])
def test_connection_kind_takes_real_values_and_free_text(tmp_path, kind):
    content = make_content(
        tmp_path, schedule=[], people={"ann": person("Ann Lee", connection={"kind": kind})}
    )
    assert load(content.root, "content").people["ann"].profile.connection.kind == kind


def test_the_locale_must_be_one_babel_knows(tmp_path):
    content = make_content(tmp_path, schedule=[], trip=trip_file(defaults={"locale": "xx_QQ"}))
    (error,) = _errors(content)
    assert "unknown locale 'xx_QQ'" in error and "en_GB" in error
