"""The second-wave outreach fields read as the contract says, and bad values get `path:line: message`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.building import Runner
from fixtures.mini_trip import edit
from fixtures.seattle_trip import SEATTLE

from generator.cli import main


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "people/meera-raghunathan.yaml",
            "keep_in_touch: quarterly",
            "keep_in_touch: weekly",
            "'weekly' is not a keep_in_touch",
        ),
        (
            "people/meera-raghunathan.yaml",
            "keep_in_touch: quarterly",
            "keep_in_touch: 0",
            "keep_in_touch of 0 weeks",
        ),
        (
            "people/meera-raghunathan.yaml",
            "keep_in_touch: quarterly",
            "keep_in_touch: true",
            "keep_in_touch is monthly",
        ),
        (
            "people/park-jae-won.yaml",
            "asked_on: 2027-05-28 14:30",
            "asked_on: 2027-05-28 25:30",
            "asked_on",
        ),
        (
            "people/park-jae-won.yaml",
            "asked_on: 2027-05-28 14:30",
            "asked_on: 28/05/2027",
            "write 2027-05-28",
        ),
        ("schedule.yaml", "    channel: card\n", "    channel: letter\n", "channel"),
        ("schedule.yaml", "      - name: Lucía Montoya\n", "      - nom: Lucía Montoya\n", "nom"),
        (
            "schedule.yaml",
            "        may_use_name: false\n",
            "        may_use_name: no\n",
            "may_use_name",
        ),
    ],
)
def test_bad_values_name_their_file_and_line(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    content = tmp_path / "seattle"
    shutil.copytree(SEATTLE, content)
    edit(content / file, old, new)
    line = next(
        n
        for n, text in enumerate((content / file).read_text(encoding="utf-8").splitlines(), 1)
        if text.strip().startswith(new.strip())
    )
    result = Runner().invoke(main, ["check", str(content)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [e for e in result.stderr.splitlines() if e.startswith(f"{content}/{file}:")]
    assert any(message in e for e in errors), result.stderr
    assert any(e.startswith(f"{content}/{file}:{line}:") for e in errors), (line, errors)


@pytest.mark.parametrize(
    "written", ["6", '"6 weeks"', '"every 6 weeks"', "monthly", "twice-a-year"]
)
def test_keep_in_touch_takes_words_or_weeks(tmp_path: Path, written: str) -> None:
    content = tmp_path / "seattle"
    shutil.copytree(SEATTLE, content)
    edit(
        content / "people" / "meera-raghunathan.yaml",
        "keep_in_touch: quarterly",
        f"keep_in_touch: {written}",
    )
    assert Runner().invoke(main, ["check", str(content), "--today", "2027-05-03"]).exit_code == 0
