"""`infoprep followup CONTENT --today DATE` on the sample trip.

The expected thank-yous are worked out here straight from the YAML (PyYAML plus zoneinfo),
not from generator.plan, so a wrong due time or state in the planner shows up as a
difference, not as the same mistake twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from fixtures.building import Runner
from plan.factory import make_content, meeting, person

from generator.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "content"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Expected:
    state: str  # "DUE" or "OVERDUE"
    name: str
    introducer: str | None
    custom_thanks: str | None


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _as_of(today: str, zone: ZoneInfo) -> datetime:
    """--today as the command reads it: a date is the start of that day, "YYYY-MM-DD HH:MM" that minute, in the trip's zone."""
    text = today if " " in today else f"{today} 00:00"
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=zone)


def expected_thank_yous(content: Path, today: str) -> list[Expected]:
    trip = _read(content / "trip.yaml")
    zone = ZoneInfo(trip["timezone"])
    now = _as_of(today, zone)
    defaults = trip.get("defaults", {})
    hours = defaults.get("follow_up_within", 24)
    out = []
    for item in yaml.safe_load((content / "schedule.yaml").read_text(encoding="utf-8")):
        status = (item.get("follow_up") or {}).get("status", "pending")
        if status != "pending":
            continue
        own_zone = ZoneInfo(item.get("timezone", trip["timezone"]))
        start = datetime.strptime(str(item["start"]), "%Y-%m-%d %H:%M").replace(tzinfo=own_zone)
        end_utc = start.astimezone(timezone.utc) + timedelta(
            minutes=item.get("duration", defaults.get("duration", 45))
        )
        due = (end_utc + timedelta(hours=hours)).astimezone(zone)
        if start > now:
            continue
        state = "OVERDUE" if due < now else "DUE"
        profile = _read(content / "people" / f"{item['person']}.yaml")
        via = (profile.get("connection") or {}).get("via")
        introducer = None
        if via and SLUG.match(via) and (content / "people" / f"{via}.yaml").exists():
            introducer = _read(content / "people" / f"{via}.yaml")["name"]
        out.append(
            Expected(
                state, profile["name"], introducer, (item.get("follow_up") or {}).get("thanks")
            )
        )
    return out


def run_followup(content: Path | str, today: str):  # type: ignore[no-untyped-def]
    return Runner().invoke(main, ["followup", str(content), "--today", today])


def _headers(output: str) -> list[tuple[str, str]]:
    """(state, person name) for each thank-you the report lists."""
    return [
        (m.group(1), m.group(2))
        for m in re.finditer(
            r"^(DUE|OVERDUE): Thank-you: (.+?)(?:, [^,\n]+)?$", output, re.MULTILINE
        )
    ]


def _blocks(output: str) -> list[str]:
    return [b for b in output.split("-" * 72) if re.match(r"\s*(DUE|OVERDUE): Thank-you: ", b)]


@pytest.mark.parametrize(
    "today", ["2027-03-08 12:00", "2027-03-10", "2027-03-10 09:46", "2027-03-12", "2027-03-20"]
)
def test_followup_lists_exactly_the_due_and_overdue_thank_yous(today):
    expected = expected_thank_yous(SAMPLE, today)
    assert expected, "the sample trip should have thank-yous due by then"
    result = run_followup(SAMPLE, today)
    assert result.exit_code == 0, result.output
    listed = _headers(result.stdout)
    assert sorted(listed) == sorted((e.state, e.name) for e in expected)
    overdue = sum(e.state == "OVERDUE" for e in expected)
    assert f"{len(expected)} thank-you{'s' * (len(expected) != 1)}" in result.stdout.splitlines()[0]
    assert overdue <= int(re.search(r"\((\d+) overdue\)", result.stdout.splitlines()[0]).group(1))
    # In date order: each thank-you's due time is no earlier than the one before.
    dues = re.findall(r"^Met .* · due (\w{3}, \w{3} \d+ \d\d:\d\d)", result.stdout, re.MULTILINE)
    assert dues == sorted(dues, key=lambda d: datetime.strptime("2027 " + d, "%Y %a, %b %d %H:%M"))


@pytest.mark.parametrize("today", ["2027-03-10", "2027-03-20"])
def test_followup_prints_a_draft_and_names_the_introducer(today):
    expected = expected_thank_yous(SAMPLE, today)
    result = run_followup(SAMPLE, today)
    blocks = _blocks(result.stdout)
    assert len(blocks) == len(expected)
    for item in expected:
        block = next(
            b
            for b in blocks
            if re.match(
                rf"{item.state}: Thank-you: {re.escape(item.name)}(?:,|$)", b.strip(), re.MULTILINE
            )
        )
        # the traveler's words, in their paragraphs; the YAML's line breaks do not matter
        if item.custom_thanks:
            assert " ".join(item.custom_thanks.split()) in " ".join(block.split())
        else:
            nickname = re.search(r'"([^"]+)"', item.name)
            first_name = (
                nickname.group(1) if nickname else item.name.removeprefix("Dr. ").split()[0]
            )
            assert f"Dear {first_name}," in block
            assert "Alex Rivera" in block  # signed by the traveler
        if item.introducer:
            assert f"Also thank {item.introducer}" in block
            assert "who introduced you" in block
        else:
            assert "Also thank" not in block
    assert any(e.introducer for e in expected), "the sample should exercise an introducer"


def test_followup_before_the_trip_says_none_are_due():
    result = run_followup(SAMPLE, "2027-03-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Nothing due as of Monday, March 1, 2027")
    assert _headers(result.stdout) == []


def test_followup_when_all_are_sent_says_none_are_due(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("ann", "2027-03-08 09:00", follow_up={"status": "sent"}),
            meeting("bob", "2027-03-08 11:00", follow_up={"status": "not-needed"}),
        ],
    )
    result = run_followup(content.root, "2027-03-15")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Nothing due")


def test_followup_shows_due_times_of_a_call_in_another_zone_in_trip_time(tmp_path):
    content = make_content(
        tmp_path,
        people={
            "hal": person("Hal Brennan", email="hal@example.com", connection={"via": "ann"}),
            "ann": person("Ann Lee", email="ann@example.com"),
        },
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
    result = run_followup(content.root, "2027-03-11")
    assert result.exit_code == 0, result.output
    assert _headers(result.stdout) == [("DUE", "Hal Brennan")]
    assert (
        "Met Wed, Mar 10 15:00 · due Thu, Mar 11 15:45 EST" in result.stdout
    )  # en_US (letter) dates
    assert "To: hal@example.com" in result.stdout
    assert "Also thank Ann Lee <ann@example.com>, who introduced you:" in result.stdout


def test_the_generated_draft_signs_off_in_its_own_paragraph():
    result = run_followup(SAMPLE, "2027-03-09")
    assert "\n\nWith thanks," in result.stdout
    assert not re.search(r"\S\nWith thanks,", result.stdout), re.search(
        r".*\nWith thanks,", result.stdout
    )


def test_followup_on_a_missing_folder_is_a_clean_error(tmp_path):
    result = run_followup(tmp_path / "nope", "2027-03-10")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "no such content folder" in result.stderr
