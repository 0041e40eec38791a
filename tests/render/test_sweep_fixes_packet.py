"""A packet's "After the meeting": referrals by their organisation's name, and "sent" said once.

A debrief referral whose `organisation:` is a company slug showed the slug ("Hannah Cohen
(halden-bank)", German "Carl-Philipp von der Schulenburg (spreewerk-analytics)"), where the packets
of later meetings already showed the company's short name. And a sent thank-you read "sent (sent
Thu 27 May)".
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from fixtures.building import Runner

from generator.cli import main
from tests.plan.factory import (
    Content,
    berlin_week,
    london_week,
    make_content,
    meeting,
    person,
)


def _page_text(content: Content, tmp_path: Path, meeting_id: str) -> str:
    """The meeting's built page as text: tags dropped, entities and spaces undone."""
    out = tmp_path / "output"
    result = Runner().invoke(main, ["build", str(content.root), "-o", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.output
    page = (out / "meetings" / meeting_id / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


def test_a_referral_at_a_known_company_is_shown_by_its_short_name(tmp_path: Path) -> None:
    siobhan = meeting(
        "siobhan-ni-bhriain",
        "2027-05-27 09:30",
        location="1 Bishopsgate, London EC2N 3AQ",
        debrief={
            "learned": ["The team hires three or four laterals a year, mostly in September"],
            "referrals": [
                {"name": "Hannah Cohen", "organisation": "halden-bank", "may_use_name": True},
                {"name": "Tom Okafor", "organisation": "Bank of England", "may_use_name": False},
            ],
        },
        follow_up={"status": "sent", "sent_on": "2027-05-27"},
    )
    london = london_week(defaults={"locale": "en_GB"})
    content = make_content(
        tmp_path,
        trip=london,
        schedule=[siobhan],
        people={"siobhan-ni-bhriain": person("Dr. Siobhán Ní Bhriain", "halden-bank")},
        companies={"halden-bank": {"name": "Halden Bank plc", "short_name": "Halden"}},
    )
    text = _page_text(content, tmp_path, "2027-05-27-siobhan-ni-bhriain")
    assert "Hannah Cohen (Halden)" in text, text
    assert "(halden-bank)" not in text
    assert "Tom Okafor (Bank of England) · do not name them" in text  # free text as written
    assert "sent Thu 27 May" in text
    assert "sent (sent" not in text


def test_a_german_packet_names_the_referral_s_company_too(tmp_path: Path) -> None:
    oezlem = meeting(
        "oezlem-yildirim",
        "2027-05-18 10:00",
        location="Schlesische Straße 26, 10997 Berlin",
        debrief={
            "advice": ["Zeig ein Projekt mit echten Fahrgastdaten"],
            "referrals": [
                {
                    "name": "Carl-Philipp von der Schulenburg",
                    "organisation": "spreewerk-analytics",
                    "may_use_name": True,
                }
            ],
        },
    )
    berlin = berlin_week()
    content = make_content(
        tmp_path,
        trip=berlin,
        schedule=[oezlem],
        people={"oezlem-yildirim": person("Dr. Özlem Yıldırım", "spreewerk-analytics")},
        companies={
            "spreewerk-analytics": {"name": "Spreewerk Analytics GmbH", "short_name": "Spreewerk"}
        },
    )
    text = _page_text(content, tmp_path, "2027-05-18-oezlem-yildirim")
    assert "Empfohlene Kontakte Carl-Philipp von der Schulenburg (Spreewerk)" in text, text
    assert "spreewerk-analytics)" not in text
