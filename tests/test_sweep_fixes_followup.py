"""`followup`'s "(N meetings still ahead)" counts every meeting that has not begun.

It counted only meetings whose thank-you was still to write, so a meeting marked `follow_up:
status: not-needed` (a call with a friend) or already `sent` dropped out, and a week of 13 meetings
ahead read "11 meetings still ahead".
"""

from __future__ import annotations

from pathlib import Path

from fixtures.building import Runner

from generator.cli import main
from tests.plan.factory import (
    Content,
    london_week,
    make_content,
    meeting,
    person,
)


def _london_week(tmp_path: Path) -> Content:
    scheduled = {"status": "scheduled"}
    return make_content(
        tmp_path,
        trip=london_week(),
        schedule=[
            meeting("priya-raman", "2027-05-25 11:00", location="1 Bishopsgate, London EC2N 3AQ"),
            meeting(
                "rebecca-goldstein",
                "2027-05-25 14:00",
                format="video",
                link="https://meet.example/rg",
                follow_up={"status": "not-needed"},
            ),
            meeting(
                "jean-luc-ferre",
                "2027-05-26 16:00",
                location="1 Bishopsgate, London EC2N 3AQ",
                follow_up={"status": "sent", "sent_on": "2027-05-26"},
            ),
            meeting("wei-li", "2027-05-27 11:00", location="10 Finsbury Square, London EC2A 1AF"),
        ],
        people={
            "priya-raman": person("Priya Raman", outreach=scheduled),
            "rebecca-goldstein": person("Rebecca Goldstein", outreach=scheduled),
            "jean-luc-ferre": person("Jean-Luc Ferré", outreach=scheduled),
            "wei-li": person("李伟 Wei Li", outreach=scheduled),
        },
    )


def _first_line(content: Content, today: str) -> str:
    result = Runner().invoke(main, ["followup", str(content.root), "--today", today])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[0]


def test_before_the_trip_every_meeting_is_ahead(tmp_path: Path) -> None:
    first = _first_line(_london_week(tmp_path), "2027-05-01")
    assert first.startswith("Nothing due as of"), first
    assert "(4 meetings still ahead)" in first


def test_meetings_already_begun_are_not_ahead(tmp_path: Path) -> None:
    """As of Wednesday noon (the BST clock): Jean-Luc (sent, Wed 16:00) and Wei Li are ahead."""
    content = _london_week(tmp_path)
    # Tuesday's meetings are over and their thank-yous settled, so nothing is due.
    schedule = (content.root / "schedule.yaml").read_text(encoding="utf-8")
    (content.root / "schedule.yaml").write_text(
        schedule.replace(
            "  start: 2027-05-25 11:00\n",
            "  start: 2027-05-25 11:00\n  follow_up:\n    status: sent\n    sent_on: 2027-05-25\n",
        ),
        encoding="utf-8",
    )
    first = _first_line(content, "2027-05-26T12:00")
    assert first.startswith("Nothing due as of"), first
    assert "(2 meetings still ahead)" in first
