"""The Seoul test trip built end to end: day-first dates everywhere, drafts that open in a mail app on the web
(and print as text), connections in words, her own pinned questions, the calendar for a phone, and the PDFs."""

from __future__ import annotations

import html
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import icalendar
import pytest
from fixtures.building import build_options
from fixtures.seoul_trip import (
    MEETINGS,
    PINNED,
    PINNED_WATER,
    SEOUL,
    TODAY,
    TRAVELER,
    TUESDAY,
    WATER_PEOPLE,
)

from generator.build import build

EPOCH = 1_778_400_000  # 2026-05-10 08:00 UTC


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("seoul") / "site"
    build(
        build_options(
            content=SEOUL,
            output=output,
            pdf=False,
            today=TODAY,
            quiet=True,
            environ={"SOURCE_DATE_EPOCH": str(EPOCH)},
        )
    )
    return output


def _text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def _packets(site: Path) -> dict[str, str]:
    """Packet page text by person name (the page's h1)."""
    out = {}
    for page in sorted((site / "meetings").glob("*/index.html")):
        source = page.read_text(encoding="utf-8")
        name = html.unescape(re.search(r'<h1 id="who">(.*?)</h1>', source).group(1))  # type: ignore[union-attr]
        out[name] = source
    return out


def _mailtos(source: str) -> list[str]:
    return [
        html.unescape(href) for href in re.findall(r'class="button mail" href="([^"]+)"', source)
    ]


def test_every_page_writes_dates_day_first_on_a4(site):
    itinerary = _text(site / "index.html")
    assert (
        "Tuesday, 18 May" in itinerary and "Monday, 17 May 2027 to Friday, 21 May 2027" in itinerary
    )
    for page in (
        "index.html",
        "followups.html",
        "network.html",
        *[p.relative_to(site).as_posix() for p in site.glob("meetings/*/index.html")],
    ):
        text = _text(site / page)
        # never month-first ("Thu 20 May 17:00" is a day and a time)
        assert not re.search(r"\bMay (?:1[7-9]|2[01])\b(?!:)", text), page
    assert "Tue 18 May" in _text(site / "network.html") or "Tue 18 May" in itinerary


def test_the_four_meeting_tuesday_lists_its_four_meetings_in_order(site):
    source = (site / "index.html").read_text(encoding="utf-8")
    day = source.split('<section class="day" id="day-2027-05-18"', 1)[1].split("</section>", 1)[0]
    assert "Tuesday, 18 May" in day
    names = [html.unescape(n) for n in re.findall(r'<h3><a href="[^"]+">(.*?)</a></h3>', day)]
    assert names == list(TUESDAY)


def test_each_draft_on_the_web_has_a_mailto_with_subject_and_body(site):
    packets = _packets(site)
    meera = _mailtos(packets["Dr. Meera Raghunathan"])
    assert meera[0].startswith(
        "mailto:meera.r@hanbit-water.example?subject=Thank%20you%20for%20meeting%20with%20me%20on%20Monday&body=Dear%20Meera%2C%0D%0A%0D%0A"
    )
    assert meera[1].startswith(
        "mailto:c.okonkwo@ucc.example?subject=Thank%20you%20for%20introducing%20me"
    )  # the introducer
    outreach = _mailtos((site / "network.html").read_text(encoding="utf-8"))
    assert len(outreach) == 1 and outreach[0].startswith(
        "mailto:lucia@clearwater.example?subject=A%20brief%20conversation"
    )
    assert "body=Dear%20Luc%C3%ADa%2C" in outreach[0]
    confirmations = _mailtos((site / "index.html").read_text(encoding="utf-8"))
    assert any(
        m.startswith(
            "mailto:anasofia.reyes@urban-lab.example?subject=Confirming%20our%20meeting%20tomorrow%20at%2009%3A00"
        )
        for m in confirmations
    )
    assert (
        len(_mailtos((site / "followups.html").read_text(encoding="utf-8"))) >= MEETINGS
    )  # every thank-you, and the introducers'


def test_greetings_use_the_name_people_go_by(site):
    packets = _packets(site)
    assert "Dear Ana Sofía," in packets["Ana Sofía Reyes"]
    assert (
        "Dear Jae-won," in packets["박재원 Jae-won Park"]
        and "Dear 박재원" not in packets["박재원 Jae-won Park"]
    )
    assert "Dear Ана-София," in packets["Ана-София Петрова"]
    assert "Dear Meera," in packets["Dr. Meera Raghunathan"]


def test_a_free_text_connection_reads_naturally(site):
    petrova = _text(site / "meetings" / "2027-05-18-anna-sofia-petrova" / "index.html")
    assert "Connection meetup (community)" in re.sub(r"\s+", " ", petrova)
    assert "Introduced by meetup" not in petrova
    meera = re.sub(
        r"\s+", " ", _text(site / "meetings" / "2027-05-17-meera-raghunathan" / "index.html")
    )
    assert (
        "Introduced by Prof. Chidi Okonkwo (professor): Prof. Okonkwo's former PhD student" in meera
    )


def test_the_network_tree_labels_each_person_with_their_own_via(site):
    source = (site / "network.html").read_text(encoding="utf-8")
    tree = source.split('id="tree-h"')[1].split("</section>")[0]
    items = {
        html.unescape(m.group(1)): m.group(2)
        for m in re.finditer(r"<li>.*?<strong>(.*?)</strong>(.*?)(?=<li>|</ul>)", tree, re.S)
    }
    assert "(via meetup)" in items["Ана-София Петрова"] and "(via meetup)" in items["Lucía Montoya"]
    assert "(via linkedin)" in items["Choi Seo-yeon"]
    assert (
        "(via" not in items["Дмитрий Соколов"]
    )  # introduced by Ана-София, a person: not her chain's "meetup"
    assert (
        '<span class="status s-introducer">introducer</span> <strong>Prof. Chidi Okonkwo</strong>'
        in tree
    )


def test_her_pinned_questions_are_in_the_packets_they_fit(site):
    for name, source in _packets(site).items():
        text = html.unescape(source)
        assert PINNED in text, name
        assert (PINNED_WATER in text) is (name in WATER_PEOPLE), name


def test_the_template_override_is_used(site):
    for name, source in _packets(site).items():
        assert (
            f"Under a minute, then your first question for {html.escape(name, quote=False)}."
            in source
        )


def test_the_calendar_is_stamped_with_the_build_time_and_links_the_hosted_packets(site, tmp_path):
    cal = icalendar.Calendar.from_ical((site / "itinerary.ics").read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == MEETINGS
    stamp = datetime.fromtimestamp(EPOCH, tz=timezone.utc)
    for event in events:
        # the build's time (SOURCE_DATE_EPOCH), not the trip's start
        assert event["DTSTAMP"].dt == stamp
        assert re.search(
            r"Packet: https://aisling\.example/seoul/meetings/2027-05-\d\d-[a-z-]+/",
            str(event["DESCRIPTION"]),
        )
    later = tmp_path / "later"
    moved = tmp_path / "seoul"
    import shutil

    shutil.copytree(SEOUL, moved)
    schedule = moved / "schedule.yaml"
    schedule.write_text(
        schedule.read_text(encoding="utf-8").replace("2027-05-20 11:00", "2027-05-20 15:00"),
        encoding="utf-8",
    )
    build(
        build_options(
            content=moved,
            output=later,
            pdf=False,
            today=TODAY,
            quiet=True,
            environ={"SOURCE_DATE_EPOCH": str(EPOCH + 3600)},
        )
    )
    before = {str(e["UID"]): e for e in events}
    after = {
        str(e["UID"]): e
        for e in icalendar.Calendar.from_ical((later / "itinerary.ics").read_bytes()).walk("VEVENT")
    }
    (uid,) = [u for u in after if after[u]["DTSTART"].dt != before[u]["DTSTART"].dt]
    # the phone takes the moved meeting
    assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("seoul-pdf") / "site"
    build(
        build_options(
            content=SEOUL,
            output=output,
            pdf=True,
            today=TODAY,
            quiet=True,
            environ={"SOURCE_DATE_EPOCH": str(EPOCH)},
        )
    )
    return output


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_printed_packets_show_names_in_every_script_and_drafts_as_text(printed):
    meera = _pdf_text(printed / "meetings" / "2027-05-17-meera-raghunathan" / "packet.pdf")
    assert "Dear Meera," in meera and "Open in your mail app" not in meera and "mailto" not in meera
    assert "Monday, 17 May 2027" in meera
    kim = _pdf_text(printed / "meetings" / "2027-05-18-kim-min-ji" / "packet.pdf")
    assert "김민지" in kim
    dmitri = _pdf_text(printed / "meetings" / "2027-05-20-dmitri-sokolov" / "packet.pdf")
    assert "Дмитрий Соколов" in dmitri
    binder = _pdf_text(printed / "binder.pdf")
    assert TRAVELER in binder and "Tuesday, 18 May" in binder
