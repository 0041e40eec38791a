"""A meeting moved between two builds seconds apart gets a higher calendar SEQUENCE (issue 24), so a phone that
imported the first file takes the new time; the same build time gives the same file."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import icalendar
from fixtures.building import build_options
from fixtures.london_calls_trip import LONDON

from generator.build import build

EPOCH = 1_811_000_000


def _events(content: Path, output: Path, epoch: int) -> dict[str, icalendar.Event]:
    build(
        build_options(
            content=content,
            output=output,
            pdf=False,
            today=date(2027, 5, 20),
            quiet=True,
            environ={"SOURCE_DATE_EPOCH": str(epoch)},
            cache=False,
        )
    )
    calendar = icalendar.Calendar.from_ical((output / "itinerary.ics").read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_a_meeting_moved_seconds_later_has_a_higher_sequence(tmp_path: Path) -> None:
    content = tmp_path / "london"
    shutil.copytree(LONDON, content)
    before = _events(content, tmp_path / "first", EPOCH)
    schedule = content / "schedule.yaml"
    schedule.write_text(
        schedule.read_text(encoding="utf-8").replace("2027-05-28 14:00", "2027-05-28 15:00"),
        encoding="utf-8",
    )
    after = _events(content, tmp_path / "second", EPOCH + 5)
    (moved,) = [uid for uid in after if after[uid]["DTSTART"].dt != before[uid]["DTSTART"].dt]
    assert int(after[moved]["SEQUENCE"]) > int(before[moved]["SEQUENCE"])
    again = _events(content, tmp_path / "third", EPOCH + 5)
    assert {u: int(e["SEQUENCE"]) for u, e in again.items()} == {
        u: int(e["SEQUENCE"]) for u, e in after.items()
    }
    assert all(int(e["SEQUENCE"]) < 2**31 for e in after.values())
