"""`infoprep propose` from the command line: the table, the explanations, --write, and what it never does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from fixtures.building import Runner

from generator.cli import main
from tests.plan.factory import make_content, meeting, person

SEATTLE = Path(__file__).parent / "plan" / "trips" / "seattle"


@pytest.fixture()
def seattle(tmp_path: Path) -> Path:
    folder = tmp_path / "seattle"
    shutil.copytree(SEATTLE, folder)
    return folder


def test_the_week_is_printed_as_a_table_with_the_reasons(seattle: Path) -> None:
    result = Runner().invoke(main, ["propose", str(seattle)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "12 requests around 3 fixed meetings" in out
    assert (
        "Day         Time         Person" in out and "Travel in" in out
    )  # the day column as wide as "Tue 18 May"
    assert "Tue 18 May  " in out
    assert "+ Dr. Meera Raghunathan" in out and "+ 박재원 Jae-won Park" in out
    assert "    Aisling Ní Bhriain" in out  # fixed: no +
    assert "10 min from Hotel Ändra" in out  # the schedule's own travel, no ~
    assert "~" in out  # and estimates
    assert (
        "Marcus Webb: the only window offered, Tue 18 May 14:30-16:00, overlaps Tomás Ortega "
        "(14:00-14:45)" in out
    )


def test_no_day_is_cut_in_a_locale_with_longer_days(tmp_path: Path) -> None:
    """en_US writes "Wed, Mar 10": one character more than the column once had."""
    content = make_content(
        tmp_path,
        schedule=[meeting("ana-ruiz", "2027-03-10 09:00")],
        people={
            "ana-ruiz": person("Ana Ruiz", outreach={"status": "scheduled"}),
            "ben-ode": person("Ben Ode", outreach={"status": "asked"}),
        },
    )
    result = Runner().invoke(main, ["propose", str(content.root)])
    assert result.exit_code == 0, result.output
    days = [
        line.split("  ")[0]
        for line in result.output.splitlines()
        if line[:3] in {"Mon", "Tue", "Wed", "Thu", "Fri"}
    ]
    assert days and all("…" not in day for day in days), result.output
    assert "Wed, Mar 10" in result.output


def test_write_adds_the_proposals_after_the_schedule_as_written_and_check_accepts_it(
    seattle: Path, tmp_path: Path
) -> None:
    before = (seattle / "schedule.yaml").read_text(encoding="utf-8")
    target = tmp_path / "schedule.proposed.yaml"
    result = Runner().invoke(main, ["propose", str(seattle), "--write", str(target)])
    assert result.exit_code == 0, result.output
    assert (seattle / "schedule.yaml").read_text(encoding="utf-8") == before  # never edited
    written = target.read_text(encoding="utf-8")
    # the fixed meetings exactly as they are, comments included
    assert written.startswith(before.rstrip())
    items = yaml.safe_load(written)
    proposed = items[3:]
    assert len(proposed) == written.count("# proposed by infoprep:") == 11
    assert {"person", "start", "duration", "format"} <= set(proposed[0])
    shutil.copy(target, seattle / "schedule.yaml")
    check = Runner().invoke(main, ["check", str(seattle)])
    assert check.exit_code == 0, check.output
    assert (
        "overlaps" not in check.output
        and "buffer" not in check.output
        and "outside working hours" not in check.output
    )
    assert "14 meetings" in check.output


def test_write_never_overwrites(seattle: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    result = Runner().invoke(main, ["propose", str(seattle), "--write", str(target)])
    assert result.exit_code == 1
    assert "already exists; propose never overwrites a file" in result.output
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_a_schedule_with_no_one_waiting_says_so(tmp_path: Path) -> None:
    content = make_content(
        tmp_path,
        schedule=[meeting("jordan-ellis", "2027-03-09 10:00")],
        people={"jordan-ellis": person("Jordan Ellis", outreach={"status": "scheduled"})},
    )
    result = Runner().invoke(
        main, ["propose", str(content.root), "--write", str(tmp_path / "out.yaml")]
    )
    assert result.exit_code == 0
    assert "nothing to propose" in result.output and "full" in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_an_empty_schedule_gets_only_the_proposals(tmp_path: Path) -> None:
    content = make_content(
        tmp_path, schedule=[], people={"aoife": person("Aoife Byrne", outreach={"status": "asked"})}
    )
    target = tmp_path / "out.yaml"
    assert (
        Runner().invoke(main, ["propose", str(content.root), "--write", str(target)]).exit_code == 0
    )
    [item] = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert item["person"] == "aoife"


def test_bad_windows_are_content_errors_and_nothing_is_written(tmp_path: Path) -> None:
    content = make_content(
        tmp_path,
        schedule=[],
        people={
            "aoife": person(
                "Aoife Byrne", outreach={"status": "asked"}, available=["someday 09:00-10:00"]
            )
        },
    )
    target = tmp_path / "out.yaml"
    result = Runner().invoke(main, ["propose", str(content.root), "--write", str(target)])
    assert result.exit_code == 1
    assert (
        "people/aoife.yaml:" in result.output
        and "error: available[0]: 'someday' is not a date" in result.output
    )
    assert "Traceback" not in result.output and not target.exists()


def test_control_characters_in_names_are_shown_not_obeyed(tmp_path: Path) -> None:
    content = make_content(
        tmp_path,
        schedule=[],
        people={"aoife": person("Aoife \x1b[31mByrne", outreach={"status": "asked"})},
    )
    result = Runner().invoke(main, ["propose", str(content.root)])
    assert "\x1b" not in result.output and "Aoife \\x1b[31mByrne" in result.output


def test_same_content_same_proposal_across_processes(seattle: Path) -> None:
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-m", "generator", "propose", str(seattle)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_without_the_solver_propose_says_how_to_add_it(seattle: Path) -> None:
    """OR-Tools is the extra infoprep[propose]: an install without it gets one clean message and exit 1,
    and every other command still works."""
    hide = "import sys; sys.modules['ortools'] = None; from generator.cli import run; sys.argv[0] = 'infoprep'; run()"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [sys.executable, "-c", hide, "propose", str(seattle)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "pip install 'infoprep[propose]'" in proc.stderr and proc.stdout == ""
    check = subprocess.run(
        [sys.executable, "-c", hide, "check", str(seattle)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr


def test_during_the_trip_nothing_is_proposed_before_tomorrow(seattle: Path) -> None:
    """Run mid-trip, propose offered slots that had already gone by (a Paris user on 5 May at
    11:00 was offered 09:00 that day)."""

    def proposed_days(output: str) -> set[str]:
        days, day = set(), ""
        for line in output.splitlines():
            if line[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
                day = line[:10]
            if "  + " in line:
                days.add(day)
        return days

    before = Runner().invoke(main, ["propose", str(seattle)])
    assert {"Mon 17 May", "Tue 18 May"} & proposed_days(before.output), before.output
    result = Runner().invoke(main, ["propose", str(seattle), "--today", "2027-05-18 11:00"])
    assert result.exit_code == 0, result.output
    assert proposed_days(result.output) and not {"Mon 17 May", "Tue 18 May"} & proposed_days(
        result.output
    ), result.output
