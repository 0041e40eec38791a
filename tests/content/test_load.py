"""Loading a content folder (generator/content/load.py): every mistake found at once, each at its file and line."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from fixtures.mini_trip import MINI, SAMPLE, TODAY, edit, line_of

from generator.content.load import load
from generator.errors import ContentError, Level


def errors_of(root: Path, display: str = "c") -> list[str]:
    """Every error `load` reports, as the CLI prints them (`path:line: error: message`)."""
    with pytest.raises(ContentError) as info:
        load(root, display)
    assert all(f.level is Level.ERROR for f in info.value.findings)
    return [str(f) for f in info.value.findings]


def only_error(root: Path) -> str:
    found = errors_of(root)
    assert len(found) == 1, found
    return found[0]


# ---- folders that load -------------------------------------------------------------------------


def test_sample_trip_loads_without_errors() -> None:
    trip = load(SAMPLE, "content")
    assert trip.meetings
    assert trip.people and trip.companies
    assert not [f for f in trip.notices if f.level is Level.ERROR]


def test_fixture_trip_loads() -> None:
    trip = load(MINI, "mini")
    assert trip.info.title == "Boston test week"
    assert sorted(trip.people) == ["jose-alvarez", "kim-park", "lena-brooks"]
    assert sorted(trip.companies) == ["civic-data-lab", "harbor-analytics"]
    assert trip.people["jose-alvarez"].profile.name == "José Álvarez-Núñez"
    assert trip.people["kim-park"].introducer == "jose-alvarez"
    # "Boston data meetup" is free text, not a slug
    assert trip.people["lena-brooks"].introducer is None
    assert trip.people["kim-park"].company is trip.companies["harbor-analytics"]
    assert [m.id for m in trip.meetings] == [
        "2027-05-10-jose-alvarez",
        "2027-05-10-kim-park",
        "2027-05-11-lena-brooks",
        "2027-05-11-jose-alvarez",
    ]
    assert trip.bank_file == "built-in" and len(trip.bank) >= 30
    assert trip.notices == ()


def test_source_lines_point_into_the_files() -> None:
    trip = load(MINI, "mini")
    meeting = trip.meetings[2]
    assert (
        str(meeting.source.location)
        == f"mini/schedule.yaml:{line_of(MINI / 'schedule.yaml', '- person: lena-brooks')}"
    )
    assert meeting.source.at("start").line == line_of(MINI / "schedule.yaml", '"2027-05-11 10:00"')


def test_bom_and_crlf_files_load(mini_copy: Path) -> None:
    path = mini_copy / "people" / "kim-park.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert load(mini_copy, "c").people["kim-park"].profile.name == "Kim Park"


def test_missing_folder() -> None:
    assert errors_of(Path("/nonexistent/infoprep-trip"), "nowhere") == [
        "nowhere:1: error: no such content folder (make one with: infoprep new DIR)"
    ]


# ---- one mistake each --------------------------------------------------------------------------


def test_unknown_key_with_did_you_mean_at_its_line(mini_copy: Path) -> None:
    trip = mini_copy / "trip.yaml"
    edit(trip, "  name: Robin Quill", "  nmae: Robin Quill")
    assert errors_of(mini_copy) == [
        f"c/trip.yaml:{line_of(trip, 'traveler:')}: error: missing required key 'name' in traveler",
        f"c/trip.yaml:{line_of(trip, 'nmae')}: error: unknown key 'nmae' (did you mean 'name'?)",
    ]


def test_missing_required_field_points_at_the_mapping(mini_copy: Path) -> None:
    schedule = mini_copy / "schedule.yaml"
    edit(schedule, "- person: kim-park\n  start:", "- start:")
    line = line_of(schedule, '- start: "2027-05-10 13:00"')
    assert only_error(mini_copy) == f"c/schedule.yaml:{line}: error: missing required key 'person'"


def test_missing_company_name_points_at_the_file_top(mini_copy: Path) -> None:
    edit(mini_copy / "companies" / "civic-data-lab.yaml", "name: Civic Data Lab\n", "")
    assert (
        only_error(mini_copy)
        == "c/companies/civic-data-lab.yaml:1: error: missing required key 'name'"
    )


def test_wrong_types(mini_copy: Path) -> None:
    company = mini_copy / "companies" / "harbor-analytics.yaml"
    person = mini_copy / "people" / "kim-park.yaml"
    edit(company, "size: 80", "size: big")
    edit(
        person,
        "talking_points:\n  - Both came to transit from general data work",
        "talking_points: transit",
    )
    edit(mini_copy / "trip.yaml", "  paper: letter", "  paper: letter\nsite:\n  private: yes")
    found = errors_of(mini_copy)
    assert found[0].startswith(
        f"c/companies/harbor-analytics.yaml:{line_of(company, 'size:')}: error: size: "
    )
    assert found[1].startswith(
        f"c/people/kim-park.yaml:{line_of(person, 'talking_points')}: error: talking_points: "
    )
    assert found[2].startswith(
        f"c/trip.yaml:{line_of(mini_copy / 'trip.yaml', 'private:')}: error: site.private: "
    )
    assert len(found) == 3


def test_list_where_a_mapping_belongs(mini_copy: Path) -> None:
    (mini_copy / "people" / "kim-park.yaml").write_text("- name: Kim Park\n", encoding="utf-8")
    assert only_error(mini_copy) == (
        "c/people/kim-park.yaml:1: error: expected a mapping of keys to values here, found a list"
    )


def test_mapping_where_the_schedule_list_belongs(mini_copy: Path) -> None:
    (mini_copy / "schedule.yaml").write_text(
        "person: kim-park\nstart: 2027-05-10 09:00\n", encoding="utf-8"
    )
    assert "c/schedule.yaml:1: error: expected a list of items" in only_error(mini_copy)


def test_empty_file(mini_copy: Path) -> None:
    (mini_copy / "people" / "kim-park.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert only_error(mini_copy) == "c/people/kim-park.yaml:1: error: the file is empty"


def test_duplicate_key_in_a_profile(mini_copy: Path) -> None:
    person = mini_copy / "people" / "lena-brooks.yaml"
    edit(person, "seniority: manager\n", "seniority: manager\ntitle: Director\n")
    assert only_error(mini_copy) == (
        f"c/people/lena-brooks.yaml:{line_of(person, 'title: Director')}: error: duplicate key "
        "'title' (first given on line 2)"
    )


def test_invalid_utf8_in_a_profile(mini_copy: Path) -> None:
    person = mini_copy / "people" / "lena-brooks.yaml"
    line = line_of(person, "title: Lab Manager")
    person.write_bytes(person.read_bytes().replace(b"Lab Manager", b"Lab Manag\xe9r"))
    assert (
        only_error(mini_copy)
        == f"c/people/lena-brooks.yaml:{line}: error: the file is not valid UTF-8 text; save it as UTF-8"
    )


def test_yaml_syntax_error_in_the_schedule(mini_copy: Path) -> None:
    schedule = mini_copy / "schedule.yaml"
    edit(schedule, "  travel: 20\n", "  travel: 20\n\tagenda: x\n")
    assert only_error(mini_copy).startswith(
        f"c/schedule.yaml:{line_of(schedule, 'agenda: x')}: error: invalid YAML: a tab"
    )


@pytest.mark.parametrize(
    "name", ["Jordan Ellis", "Jordan_Ellis", "jordan--ellis", "JORDAN", "jordan.ellis"]
)
def test_bad_slug_file_names(mini_copy: Path, name: str) -> None:
    shutil.copy(mini_copy / "people" / "kim-park.yaml", mini_copy / "people" / f"{name}.yaml")
    message = only_error(mini_copy)
    assert message.startswith(f"c/people/{name}.yaml:")
    assert "is not a slug" in message
    assert "'jordan-ellis'" in message or "'jordan'" in message


def test_yml_extension_refused(mini_copy: Path) -> None:
    (mini_copy / "companies" / "civic-data-lab.yaml").rename(
        mini_copy / "companies" / "civic-data-lab.yml"
    )
    found = errors_of(mini_copy)
    assert "c/companies/civic-data-lab.yml:1: error: name the file with .yaml, not .yml" in found


def test_meeting_naming_unknown_person(mini_copy: Path) -> None:
    schedule = mini_copy / "schedule.yaml"
    edit(schedule, "- person: kim-park", "- person: kim-parks")
    assert only_error(mini_copy) == (
        f"c/schedule.yaml:{line_of(schedule, 'kim-parks')}: error: no person 'kim-parks' in "
        "people/ (did you mean 'kim-park'?)"
    )


def test_person_naming_unknown_company(mini_copy: Path) -> None:
    person = mini_copy / "people" / "lena-brooks.yaml"
    edit(person, "company: civic-data-lab", "company: civic-data-lob")
    assert only_error(mini_copy) == (
        f"c/people/lena-brooks.yaml:{line_of(person, 'company:')}: error: "
        "no company 'civic-data-lob' in companies/ (did you mean 'civic-data-lab'?)"
    )


def test_connection_via_slug_naming_nobody(mini_copy: Path) -> None:
    person = mini_copy / "people" / "kim-park.yaml"
    edit(person, "via: jose-alvarez", "via: jose-alvares")
    message = only_error(mini_copy)
    assert message.startswith(
        f"c/people/kim-park.yaml:{line_of(person, 'via:')}: error: no person 'jose-alvares' in "
        "people/"
    )
    assert "(did you mean 'jose-alvarez'?)" in message


def test_person_introduced_by_themselves(mini_copy: Path) -> None:
    edit(mini_copy / "people" / "kim-park.yaml", "via: jose-alvarez", "via: kim-park")
    assert "cannot be introduced by themselves" in only_error(mini_copy)


def test_no_cascade_error_for_an_introducer_with_a_broken_file(mini_copy: Path) -> None:
    person = mini_copy / "people" / "jose-alvarez.yaml"
    edit(person, "seniority: decision-maker", "seniority: boss")
    assert errors_of(mini_copy) == [
        f"c/people/jose-alvarez.yaml:{line_of(person, 'seniority')}: error: "
        "seniority: should be 'decision-maker', 'manager', 'staff' or 'peer'"
    ]


def test_no_cascade_error_for_a_company_or_person_with_a_broken_file(mini_copy: Path) -> None:
    edit(mini_copy / "companies" / "harbor-analytics.yaml", "size: 80", "size: -1")
    edit(mini_copy / "people" / "lena-brooks.yaml", "seniority: manager", "seniority: boss")
    found = errors_of(mini_copy)
    assert [f.split(":")[0] for f in found] == [
        "c/companies/harbor-analytics.yaml",
        "c/people/lena-brooks.yaml",
    ]


def test_unknown_timezone(mini_copy: Path) -> None:
    trip = mini_copy / "trip.yaml"
    edit(trip, "timezone: America/New_York", "timezone: America/Boston")
    assert only_error(mini_copy).startswith(
        f"c/trip.yaml:{line_of(trip, 'timezone')}: error: timezone: unknown time zone"
    )


def test_impossible_date(mini_copy: Path) -> None:
    company = mini_copy / "companies" / "harbor-analytics.yaml"
    edit(company, "  - date: 2027-02-01", "  - date: 2027-13-45")
    assert only_error(mini_copy) == (
        f"c/companies/harbor-analytics.yaml:{line_of(company, '2027-13-45')}: error: "
        "news[0].date: '2027-13-45' is not a real date (month must be in 1..12)"
    )


def test_impossible_clock_time(mini_copy: Path) -> None:
    schedule = mini_copy / "schedule.yaml"
    edit(schedule, '"2027-05-11 10:00"', '"2027-05-11 25:00"')
    assert only_error(mini_copy).startswith(
        f"c/schedule.yaml:{line_of(schedule, '25:00')}: error: start: '25:00' is not a time"
    )


@pytest.mark.parametrize("duration", ["-5", "0", "100000"])
def test_negative_or_absurd_duration(mini_copy: Path, duration: str) -> None:
    schedule = mini_copy / "schedule.yaml"
    edit(schedule, "  duration: 30\n  format: video", f"  duration: {duration}\n  format: video")
    assert only_error(mini_copy).startswith(
        f"c/schedule.yaml:{line_of(schedule, f'duration: {duration}')}: error: duration: "
    )


def test_end_before_start(mini_copy: Path) -> None:
    trip = mini_copy / "trip.yaml"
    edit(trip, "end: 2027-05-11", "end: 2027-05-01")
    assert (
        only_error(mini_copy)
        == f"c/trip.yaml:{line_of(trip, 'end:')}: error: the trip ends (2027-05-01) before it starts (2027-05-10)"
    )


def test_day_hours_backwards(mini_copy: Path) -> None:
    trip = mini_copy / "trip.yaml"
    edit(trip, 'day_hours: ["08:00", "18:30"]', 'day_hours: ["18:30", "08:00"]')
    assert only_error(mini_copy).startswith(
        f"c/trip.yaml:{line_of(trip, 'day_hours')}: error: day_hours"
    )


def test_symlink_to_a_file_outside_refused(mini_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.yaml").write_text("name: Secret Person\n", encoding="utf-8")
    os.symlink(outside / "secret.yaml", mini_copy / "people" / "secret.yaml")
    message = only_error(mini_copy)
    assert message.startswith("c/people/secret.yaml")
    assert "outside the content folder" in message


def test_symlinked_notes_outside_refused(mini_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "passwords.md").write_text("hunter2\n", encoding="utf-8")
    os.symlink(tmp_path / "passwords.md", mini_copy / "people" / "kim-park.md")
    assert "outside the content folder" in only_error(mini_copy)


def test_symlink_inside_the_folder_is_fine(mini_copy: Path) -> None:
    (mini_copy / "people" / "kim-park.yaml").rename(mini_copy / "kim.yaml")
    os.symlink(mini_copy / "kim.yaml", mini_copy / "people" / "kim-park.yaml")
    assert load(mini_copy, "c").people["kim-park"].profile.name == "Kim Park"


def test_file_level_errors_still_carry_a_line(mini_copy: Path) -> None:
    shutil.copy(mini_copy / "people" / "kim-park.yaml", mini_copy / "people" / "Jordan Ellis.yaml")
    assert re.match(r"^c/people/Jordan Ellis\.yaml:\d+: error: ", only_error(mini_copy))


# ---- THE KEY TEST: ten mistakes, ten errors, each at its place ----------------------------------


def ten_mistakes(root: Path) -> list[tuple[str, int, str]]:
    """Make ten independent mistakes across five files; return (file, line, words of the message) for each."""
    trip, schedule = root / "trip.yaml", root / "schedule.yaml"
    harbor = root / "companies" / "harbor-analytics.yaml"
    kim, lena = root / "people" / "kim-park.yaml", root / "people" / "lena-brooks.yaml"
    edit(trip, "timezone: America/New_York", "timezone: America/Boston")
    edit(trip, "  address: 10 Atlantic Ave", "  adress: 10 Atlantic Ave")
    edit(trip, "  min_questions: 12", "  min_questions: lots")
    edit(harbor, "size: 80\n", "size: 80\nindustry: Consulting\n")
    edit(lena, "company: civic-data-lab", "company: civic-data-lob")
    edit(kim, "via: jose-alvarez", "via: jose-alvares")
    edit(schedule, "- person: kim-park", "- person: kim-parks")
    edit(schedule, '"2027-05-11 10:00"', '"2027-05-11 25:00"')
    edit(schedule, "  duration: 30\n  format: phone", "  duration: -5\n  format: phone")
    edit(
        schedule,
        "  travel: 15\n  agenda: |\n    How the **route",
        "  travel: 15\n  follow_up:\n    sent_on: 2027-13-45\n  agenda: |\n    How the **route",
    )
    return [
        (
            "companies/harbor-analytics.yaml",
            line_of(harbor, "industry: Consulting"),
            "duplicate key 'industry'",
        ),
        (
            "people/kim-park.yaml",
            line_of(kim, "via:"),
            "no person 'jose-alvares' in people/ (did you mean 'jose-alvarez'?)",
        ),
        (
            "people/lena-brooks.yaml",
            line_of(lena, "company:"),
            "no company 'civic-data-lob' in companies/ (did you mean 'civic-data-lab'?)",
        ),
        (
            "schedule.yaml",
            line_of(schedule, "sent_on"),
            "follow_up.sent_on: '2027-13-45' is not a real date",
        ),
        (
            "schedule.yaml",
            line_of(schedule, "kim-parks"),
            "no person 'kim-parks' in people/ (did you mean 'kim-park'?)",
        ),
        ("schedule.yaml", line_of(schedule, "25:00"), "start: '25:00' is not a time of day"),
        (
            "schedule.yaml",
            line_of(schedule, "duration: -5"),
            "duration: should be greater than or equal to 5",
        ),
        ("trip.yaml", line_of(trip, "timezone"), "unknown time zone 'America/Boston'"),
        ("trip.yaml", line_of(trip, "adress"), "unknown key 'adress' (did you mean 'address'?)"),
        (
            "trip.yaml",
            line_of(trip, "min_questions"),
            "defaults.min_questions: should be a valid integer",
        ),
    ]


def test_check_reports_exactly_ten_errors_at_their_lines(mini_copy: Path, infoprep) -> None:  # type: ignore[no-untyped-def]
    expected = ten_mistakes(mini_copy)
    run = infoprep("check", "trip", "--today", TODAY.isoformat(), cwd=mini_copy.parent)
    assert run.code == 1
    assert "Traceback" not in run.output
    lines = [line for line in run.stderr.splitlines() if ": error: " in line]
    assert len(lines) == 10, run.stderr
    for (file, line, words), printed in zip(expected, lines, strict=True):
        assert printed.startswith(f"trip/{file}:{line}: error: "), (printed, file, line)
        assert words in printed, (printed, words)
    assert "10 errors" in run.stderr
    assert run.stdout == ""


def test_load_raises_the_same_ten(mini_copy: Path) -> None:
    expected = ten_mistakes(mini_copy)
    found = errors_of(mini_copy, "trip")
    assert [f.split(": error: ")[0] for f in found] == [
        f"trip/{file}:{line}" for file, line, _ in expected
    ]
