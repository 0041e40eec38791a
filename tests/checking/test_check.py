"""`infoprep check` finds what `build` would fail on or show broken, and says it as `path:line: message`.

Run on copies of the Seoul test trip (tests/fixtures/seoul), broken the way a new user breaks things.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fixtures.building import Runner, build_options
from fixtures.mini_trip import edit, line_of
from fixtures.seoul_trip import EXPECTED_WARNINGS, MEETINGS, SEOUL

from generator.build import build
from generator.cli import main


@pytest.fixture
def seoul(tmp_path: Path) -> Path:
    target = tmp_path / "seoul"
    shutil.copytree(SEOUL, target)
    return target


def check(content: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return Runner().invoke(
        main,
        ["check", str(content), "--today", "2027-05-10", *args],
        env=env or {"INFOPREP_PASSWORD": ""},
    )


def test_the_seoul_trip_checks_with_only_its_intended_warning(seoul):
    result = check(seoul)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == len(EXPECTED_WARNINGS)
    for expected, line in zip(EXPECTED_WARNINGS, warnings, strict=True):
        assert line.startswith(f"{seoul}/{expected}")
    assert f"{MEETINGS} meetings" in result.stdout and "0 errors, 1 warning" in result.stdout


def test_the_seoul_trip_builds_with_no_errors(seoul, tmp_path):
    report = build(
        build_options(content=seoul, output=tmp_path / "out", pdf=False, quiet=True, environ={})
    )
    assert len(report.plan.packets) == MEETINGS
    assert not [f for f in report.findings if f.level.value == "error"]


def test_a_typo_in_a_template_override_is_found_by_check_with_its_line_and_a_suggestion(seoul):
    packet = seoul / "templates" / "packet.html"
    edit(packet, "{{ person.profile.name }}", "{{ traveller.name }}")
    result = check(seoul)
    assert result.exit_code == 1, result.output
    line = line_of(packet, "traveller")
    (error,) = [x for x in result.stderr.splitlines() if ": error: " in x]
    assert error.startswith(
        f"{seoul}/templates/packet.html:{line}: error: template error: no variable 'traveller'"
    )
    assert "(did you mean 'traveler'?)" in error and "person" in error  # and what the template has
    assert "generator." not in error and "object" not in error
    assert "1 error" in result.stdout


def test_a_wrong_attribute_in_a_draft_override_names_the_draft_and_what_it_has(seoul):
    drafts = seoul / "templates" / "drafts"
    drafts.mkdir()
    (drafts / "thanks.txt").write_text(
        "Subject: Thanks\n\nDear {{ draft.greeting }},\n\nThank you.\n{{ draft.traveller.name }}\n",
        encoding="utf-8",
    )
    result = check(seoul)
    assert result.exit_code == 1
    (error,) = [x for x in result.stderr.splitlines() if ": error: " in x]
    assert error.startswith(
        f"{seoul}/templates/drafts/thanks.txt:6: error: template error: ThanksDraft has no "
        "attribute 'traveller'"
    )
    assert "(did you mean 'traveler'?)" in error and "followup, traveler, greeting" in error
    assert "generator.render" not in error


def test_check_renders_no_templates_for_a_trip_without_its_own(tmp_path):
    target = tmp_path / "seoul"
    shutil.copytree(SEOUL, target)
    shutil.rmtree(target / "templates")
    assert check(target).exit_code == 0


def test_a_missing_image_is_reported_at_its_notes_line(seoul):
    company = seoul / "companies" / "hanbit-water.yaml"
    edit(company, "assets/sinwol-model.png", "assets/missing.jpg")
    result = check(seoul)
    line = line_of(company, "assets/missing.jpg")
    assert (
        f"{seoul}/companies/hanbit-water.yaml:{line}: warning: overview: image "
        "'assets/missing.jpg' will not be shown: "
        "there is no such file in the content folder" in result.stderr
    )


def test_an_image_in_the_research_notes_that_is_missing_is_reported_there(seoul):
    (seoul / "people" / "park-jae-won.md").write_text(
        "# Notes\n\nThe sensor map:\n\n![site photo](assets/missing%20map.png)\n", encoding="utf-8"
    )
    result = check(seoul)
    assert (
        f"{seoul}/people/park-jae-won.md:5: warning: research notes: image "
        "'assets/missing%20map.png' will not be shown" in result.stderr
    )
    (seoul / "assets" / "missing map.png").write_bytes(
        (SEOUL / "assets" / "sinwol-model.png").read_bytes()
    )
    assert "missing%20map" not in check(seoul).stderr  # a %-encoded name finds its file


def test_a_private_trip_without_a_passphrase_is_a_warning(seoul):
    edit(seoul / "trip.yaml", "site:\n", "site:\n  private: true\n")
    result = check(seoul)
    assert result.exit_code == 0
    line = line_of(seoul / "trip.yaml", "site:")
    assert (
        f"{seoul}/trip.yaml:{line}: warning: site.private is true but INFOPREP_PASSWORD is not set"
        in result.stderr
    )
    short = check(seoul, env={"INFOPREP_PASSWORD": "short"})
    assert "INFOPREP_PASSWORD: the passphrase has 5 characters" in short.stderr
    fine = check(seoul, env={"INFOPREP_PASSWORD": "correct horse battery staple"})
    assert "INFOPREP_PASSWORD" not in fine.stderr


def test_the_summary_shows_both_clocks_of_a_call_in_another_zone(seoul):
    out = check(seoul).stdout
    # each clock by its city: "IST" would be Dublin's or India's
    assert "Wed 19 May 16:00 Seoul time for you = Wed 19 May 08:00 Dublin time for Siobhán" in out
    assert (
        "Fri 21 May 09:00 Seoul time for you = Thu 20 May 17:00 Los Angeles time for Hannah" in out
    )


def _thank_you_lines(output: str) -> list[str]:
    return re.findall(r"(?m)^.*thank-you to Dr\. Meera Raghunathan.*$", output)


@pytest.mark.parametrize(
    ("today", "state"),
    [("2027-05-18 10:45", "due by"), ("2027-05-18 10:46", "overdue: it was due")],
)
def test_check_and_followup_agree_to_the_minute(seoul, today, state):
    """Monday 10:00-10:45, due 24 hours after it ends: due at 10:45 on Tuesday, overdue at 10:46, in both commands."""
    result = Runner().invoke(main, ["check", str(seoul), "--today", today])
    (line,) = _thank_you_lines(result.stderr)
    assert f"{state} Tue 18 May 10:45 KST" in line
    listed = Runner().invoke(main, ["followup", str(seoul), "--today", today]).stdout
    assert re.search(
        rf"(?m)^{'DUE' if state == 'due by' else 'OVERDUE'}: Thank-you: Dr\. Meera Raghunathan,",
        listed,
    )
    assert f"as of Tuesday, 18 May 2027, {today[-5:]} KST" in listed.splitlines()[0]


def test_a_date_alone_is_the_start_of_that_day(seoul):
    listed = Runner().invoke(main, ["followup", str(seoul), "--today", "2027-05-18"]).stdout
    assert re.search(
        r"(?m)^DUE: Thank-you: Dr\. Meera Raghunathan,", listed
    )  # due at 10:45 that day: not yet overdue
    assert "Ana Sofía Reyes" not in listed  # her meeting is at 09:00 that day: it has not happened
