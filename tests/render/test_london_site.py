"""The London test trip built end to end (issue 24): days off are one line each on the itinerary (web, PDF and
binder) and get no pocket card (the card before them says when meetings start again and why), confirmations for the Tuesday after the bank-holiday weekend go out on the Friday
before it, and no free slot or offered time falls on a day off."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from fixtures.building import build_options
from fixtures.london_trip import LONDON, TODAY, TUESDAY

from generator.build import build

DAY_OFF_LINES = (
    "Saturday, 29 May: weekend · no meetings",
    "Sunday, 30 May: weekend · no meetings",
    "Monday, 31 May: Spring Bank Holiday · no meetings",
    "Wednesday, 2 June: your day off · no meetings",
)
OFF_WORDS = ("Saturday", "Sunday", "Monday", "Wednesday", "Sat 29", "Sun 30", "Mon 31", "Wed 2")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("london") / "site"
    build(
        build_options(
            content=LONDON,
            output=output,
            pdf=True,
            today=TODAY,
            quiet=True,
            environ={"SOURCE_DATE_EPOCH": "1779000000"},
        )
    )
    return output


def _text(source: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", source)))


def _sections(site: Path) -> dict[str, str]:
    """The itinerary's day sections by date, as text."""
    source = (site / "index.html").read_text(encoding="utf-8")
    return {
        m.group(1): _text(m.group(2))
        for m in re.finditer(
            r'<section class="day[^"]*" id="day-([\d-]+)".*?>(.*?)</section>', source, re.S
        )
    }


def _pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [re.sub(r"\s+", " ", page) for page in text.split("\f") if page.strip()]


def test_each_day_off_is_one_line_saying_what_it_is(site: Path) -> None:
    sections = _sections(site)
    for line, day in zip(
        DAY_OFF_LINES, ("2027-05-29", "2027-05-30", "2027-05-31", "2027-06-02"), strict=True
    ):
        assert sections[day].strip() == line
    assert "No meetings planned" not in " ".join(sections.values())


def test_the_printed_itinerary_gives_days_off_no_page_of_their_own(site: Path) -> None:
    pages = _pdf_pages(site / "itinerary.pdf")
    # The overview, then one page per day with meetings (Thu, Fri, Tue, Thu): the day-off lines
    # follow the day before.
    assert len(pages) == 5
    friday = next(
        p
        for p in pages
        if "Friday, 28 May Hamish Reid" in p or ("Friday, 28 May" in p and "Hamish Reid" in p)
    )
    for line in DAY_OFF_LINES[:3]:
        assert line in friday
    assert DAY_OFF_LINES[3] in next(
        p for p in pages if "Tuesday, 1 June" in p and "Olu Adeyemi" in p
    )
    # The week at a glance shows the shape of the week, days off included.
    assert "Mon 31 May Spring Bank Holiday · no meetings" in pages[0]
    assert "Wed 2 Jun your day off · no meetings" in pages[0]
    binder = _pdf_pages(site / "binder.pdf")
    assert sum(line in page for page in binder for line in DAY_OFF_LINES) == 4
    assert len(binder) == len(pages) + sum(
        len(_pdf_pages(p)) for p in (site / "meetings").glob("*/packet.pdf")
    )


def test_pocket_cards_are_for_days_with_meetings_only(site: Path) -> None:
    cards = _pdf_pages(site / "pocket-cards.pdf")
    assert [c.split()[0:3] for c in cards] == [
        ["Thu", "27", "May"],
        ["Fri", "28", "May"],
        ["Tue", "1", "Jun"],
        ["Thu", "3", "Jun"],
    ]


def test_the_last_card_before_a_break_says_when_meetings_start_again_and_why(site: Path) -> None:
    """Friday's card tells the traveler there is nothing until Tuesday, and that Monday is the
    bank holiday; the 4-meeting Tuesday still fits its one card with the line about Wednesday."""
    cards = [" ".join(c.split()) for c in _pdf_pages(site / "pocket-cards.pdf")]
    friday, tuesday, thursday = cards[1], cards[2], cards[3]
    assert "Then no meetings until Tue 1 Jun: weekend, Spring Bank Holiday" in friday
    assert "Then no meetings until Thu 3 Jun: your day off" in tuesday
    assert tuesday.count(" · ") >= 4 and "Continued" not in tuesday
    assert "Then no meetings" not in cards[0] and "Then no meetings" not in thursday


def test_the_tuesday_after_the_long_weekend_is_confirmed_on_the_friday_before(site: Path) -> None:
    sections = _sections(site)
    friday = sections["2027-05-28"]
    assert "Confirm Tuesday's meetings" in friday
    for name in TUESDAY:
        assert name in friday.split("Confirm Tuesday's meetings")[1]
    assert friday.count("Confirming our") == 4
    assert (
        "on Tuesday, 1 June at 09:00" in friday
        and "tomorrow" not in friday.split("Confirm Tuesday's meetings")[1]
    )
    # Wednesday is her own day off: Thursday's meetings are confirmed on Tuesday.
    assert "Confirm Thursday's meetings" in sections["2027-06-01"]
    # Thursday 27 May, the first day, is confirmed before the trip; the day before each meeting says
    # "tomorrow".
    source = _text((site / "index.html").read_text(encoding="utf-8"))
    assert "Before you travel: confirm the meetings on Thu 27 May" in source
    assert "Confirm tomorrow's meetings" in sections["2027-05-27"]


def test_no_free_slot_or_offered_time_falls_on_a_day_off(site: Path) -> None:
    network = _text((site / "network.html").read_text(encoding="utf-8"))
    free = re.findall(r"(\w{3} \d+ \w{3}) : (?:\d+ slots? free|full)", network)
    assert free and not [d for d in free if d.split()[0] in ("Sat", "Sun", "Mon", "Wed")], free
    offer = re.search(r"Would (Thursday.*?) work\?", network)
    assert offer is not None
    assert not [w for w in OFF_WORDS if w in offer.group(1)], offer.group(1)
