"""`infoprep who`: who you know where, by organisation, with seniority, outreach status and connection."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from fixtures.building import Runner
from fixtures.mini_trip import SAMPLE

from generator.cli import main

from .conftest import ALL, TRIP


def cells(text: str) -> int:
    """Terminal cells: a Han character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def who(*args: str | Path, cwd: Path | None = None):  # type: ignore[no-untyped-def]
    return Runner().invoke(main, ["who", *map(str, args)])


def test_people_by_organisation_most_known_first() -> None:
    result = who(SAMPLE)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Who you know: 21 people at 8 organisations"
    assert (
        lines[2]
        == "Meridian Policy Partners · Public policy consulting: 3 people, 2 decision-makers"
    )
    assert "The Capitol Ledger · Media: 2 people, 1 not asked yet" in lines
    owen = next(line for line in lines if "Owen Farrelly" in line)
    assert owen.split() == [
        "Owen",
        "Farrelly",
        "Housing",
        "Reporter",
        "staff",
        "to-ask",
        "Introduced",
        "by",
        "Nadia",
        "Qureshi",
        "(referral)",
    ]


def test_a_query_matches_name_organisation_or_industry_accents_aside() -> None:
    by_industry = who(SAMPLE, "think tank").output
    assert (
        "The Halvorsen Institute · Think tank: 3 people" in by_industry
        and "Meridian" not in by_industry
    )
    by_name = who(SAMPLE, "ines").output
    assert "Inés Castellanos-Webb" in by_name and "Tanisha Greer" not in by_name
    assert (
        who(SAMPLE, "zzz").output
        == f"No one in {SAMPLE}/ matches 'zzz' (by name, organisation or industry).\n"
    )


def test_after_an_import_the_new_people_are_there_to_aim_at(tmp_path: Path) -> None:
    import shutil

    trip = tmp_path / "dublin"
    shutil.copytree(TRIP, trip)
    assert Runner().invoke(main, ["import", *map(str, ALL), "--into", str(trip)]).exit_code == 0
    result = who(trip, "google")
    assert result.exit_code == 0, result.output
    assert "Google · Technology: 2 people, 2 not asked yet" in result.output
    assert "Ана-София Петрова" in result.output and "Eleni Papadopoulou" in result.output
    korean = who(trip, "hanbit").output.splitlines()
    rows = [line for line in korean if line.startswith("  ")]
    assert len(rows) == 2 and len({cells(row[: row.index("to-ask")]) for row in rows}) == 1, (
        "columns line up across scripts"
    )


def test_one_argument_that_is_not_a_folder_is_the_query(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    shutil.copytree(TRIP, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    result = who("clearwater")
    assert result.exit_code == 0, result.output
    assert (
        result.output.splitlines()[0]
        == "Who you know matching 'clearwater': 1 person at 1 organisation"
    )
