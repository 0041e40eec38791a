"""Open slots on the built pages: each day's room on the itinerary and network pages, and the drafts that offer real slots."""

from __future__ import annotations

import html
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from fixtures.building import build_options

from generator.build import build

SEATTLE = Path(__file__).parents[1] / "plan" / "trips" / "seattle"
TODAY = date(2027, 5, 1)
CLASH = "\n- person: meera-raghunathan\n  start: 2027-05-18 14:30\n"


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("open-slots")
    content = root / "seattle"
    shutil.copytree(SEATTLE, content)
    with (content / "schedule.yaml").open("a", encoding="utf-8") as handle:
        handle.write(CLASH)  # Meera on top of Tomás: a meeting to move
    build(
        build_options(
            content=content, output=root / "site", pdf=False, today=TODAY, quiet=True, environ={}
        )
    )
    return root / "site"


def test_the_itinerary_shows_each_days_open_slots(site: Path) -> None:
    page = text_of((site / "index.html").read_text(encoding="utf-8"))
    assert (
        "Open 3 slots free: before 09:30 and after 11:15" in page
    )  # Monday: Aisling 10:00-10:45, buffer 20
    assert "Open: 4 slots free: all day" in page  # Thursday, no meetings yet


def test_the_network_page_lists_open_slots_and_the_meeting_to_move(site: Path) -> None:
    page = text_of((site / "network.html").read_text(encoding="utf-8"))
    assert (
        "Open slots" in page and "Mon 17 May : 3 slots free: before 09:30 and after 11:15" in page
    )
    assert "Meetings to move" in page
    assert (
        "This meeting overlaps the meeting with Tomás Ortega. Open instead: Tuesday, 18 May at "
        "15:15" in page
    )
    assert "Subject: Could we move our meeting on Tuesday, 18 May at 14:30?" in page
    assert (
        "Would Tuesday, 18 May at 15:15 or Thursday at 09:00 work instead? I can also do a video "
        "call." in page
    )


def test_the_outreach_draft_offers_slots_in_the_recipients_zone(site: Path) -> None:
    page = (site / "network.html").read_text(encoding="utf-8")
    draft = html.unescape(
        re.search(
            r'<pre class="draft">(Subject: Dr. Ingrid Halvorsen suggested.*?)</pre>', page, re.S
        ).group(1)
    )  # type: ignore[union-attr]
    assert (
        "\n\nWould Tuesday, 18 May at 10:30 your time (08:30 in Seattle) or Thursday at 13:00 your "
        "time (11:00 in Seattle) work?\n\n" in draft
    )
    assert "I can also do a video call" not in draft  # the slots are video calls already
