"""The PDFs of a full build, read back with pypdf: names, questions, page numbers, bookmarks, metadata, paper.

All tests here share one build of the fixture trip (`mini_site`, session-scoped in conftest.py);
only the A4 test renders again, from a one-meeting copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.building import build_options
from fixtures.mini_trip import (
    MINI,
    MINI_MEETINGS,
    PERSON_QUESTIONS,
    TODAY,
    TRAVELER,
    TRIP_TITLE,
    edit,
)
from fixtures.pdf_pages import page_texts, pdf_text
from pypdf import PdfReader

from generator.build import build


def read(path: Path) -> PdfReader:
    return PdfReader(str(path))


def outline(reader: PdfReader, items: list | None = None) -> list[tuple[str, int, list]]:  # type: ignore[type-arg]
    """The bookmarks as (title, page index, children)."""
    items = reader.outline if items is None else items
    tree: list[tuple[str, int, list]] = []  # type: ignore[type-arg]
    for item in items:
        if isinstance(item, list):
            title, page, _ = tree[-1]
            tree[-1] = (title, page, outline(reader, item))
        else:
            tree.append((item.title, reader.get_destination_page_number(item), []))
    return tree


def packet(site, meeting_id: str) -> PdfReader:  # type: ignore[no-untyped-def]
    return read(site.output / "meetings" / meeting_id / "packet.pdf")


def test_every_output_file(mini_site) -> None:  # type: ignore[no-untyped-def]
    out = mini_site.output
    for name in ("index.html", "itinerary.pdf", "binder.pdf", "pocket-cards.pdf", "itinerary.ics"):
        assert (out / name).is_file(), name
        assert (out / name).stat().st_size > 0, name
    meetings = {p.name for p in (out / "meetings").iterdir()}
    assert meetings == set(MINI_MEETINGS)
    for meeting_id in MINI_MEETINGS:
        assert (out / "meetings" / meeting_id / "index.html").is_file()
        assert (out / "meetings" / meeting_id / "packet.pdf").read_bytes().startswith(b"%PDF-")


def test_pages_link_the_pdfs(mini_site) -> None:  # type: ignore[no-untyped-def]
    index = (mini_site.output / "index.html").read_text(encoding="utf-8")
    for name in ("itinerary.pdf", "binder.pdf", "pocket-cards.pdf"):
        assert f'href="{name}"' in index
    for meeting_id in MINI_MEETINGS:
        assert f'href="meetings/{meeting_id}/packet.pdf"' in index
        page = (mini_site.output / "meetings" / meeting_id / "index.html").read_text(
            encoding="utf-8"
        )
        assert 'href="../../meetings/' + meeting_id + '/packet.pdf"' in page


@pytest.mark.parametrize("meeting_id", list(MINI_MEETINGS))
def test_packet_text(mini_site, meeting_id: str) -> None:  # type: ignore[no-untyped-def]
    name, title, company, start = MINI_MEETINGS[meeting_id]
    body = pdf_text(mini_site.output / "meetings" / meeting_id / "packet.pdf")
    assert name in body  # the accented name survives font subsetting and text extraction
    assert title in body and company in body and start in body
    for question in PERSON_QUESTIONS[name]:
        assert question in body.replace("\n", " ")
    numbered = [n for n in range(1, 40) if f"\n{n} " in body]
    assert len(numbered) >= 12, "fewer numbered questions than min_questions"


@pytest.mark.parametrize("meeting_id", list(MINI_MEETINGS))
def test_packet_page_numbers(mini_site, meeting_id: str) -> None:  # type: ignore[no-untyped-def]
    pages = page_texts(mini_site.output / "meetings" / meeting_id / "packet.pdf")
    total = len(pages)
    assert total >= 2
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {total}" in page


@pytest.mark.parametrize("meeting_id", list(MINI_MEETINGS))
def test_packet_bookmarks_and_metadata(mini_site, meeting_id: str) -> None:  # type: ignore[no-untyped-def]
    name, _, company, start = MINI_MEETINGS[meeting_id]
    reader = packet(mini_site, meeting_id)
    titles = [title for title, _, _ in outline(reader)]
    assert titles[0] == name
    assert company in titles
    assert any(t.startswith("Questions") for t in titles)
    meta = reader.metadata
    assert meta is not None
    assert name in (meta.title or "") and start in (meta.title or "")
    assert meta.author == TRAVELER


def test_itinerary_pdf(mini_site) -> None:  # type: ignore[no-untyped-def]
    reader = read(mini_site.output / "itinerary.pdf")
    assert reader.metadata is not None
    assert reader.metadata.title == TRIP_TITLE
    assert reader.metadata.author == TRAVELER
    body = pdf_text(mini_site.output / "itinerary.pdf")
    for name, _, _, start in MINI_MEETINGS.values():
        assert name in body and start in body
    titles = [title for title, _, _ in outline(reader)]
    assert any("May 10" in t for t in titles) and any("May 11" in t for t in titles)


def test_binder_is_itinerary_then_every_packet(mini_site) -> None:  # type: ignore[no-untyped-def]
    binder = read(mini_site.output / "binder.pdf")
    itinerary = len(read(mini_site.output / "itinerary.pdf").pages)
    packets = {mid: len(packet(mini_site, mid).pages) for mid in MINI_MEETINGS}
    assert len(binder.pages) == itinerary + sum(packets.values())

    tree = outline(binder)
    assert [title for title, _, _ in tree] == ["Itinerary", "Monday, May 10", "Tuesday, May 11"]
    assert tree[0][1] == 0
    meetings = [(title, page) for _, _, children in tree[1:] for title, page, _ in children]
    expected, offset = [], itinerary
    for meeting_id, (name, _, _, start) in MINI_MEETINGS.items():
        expected.append((f"{start} {name}", offset))
        offset += packets[meeting_id]
    assert meetings == expected
    assert [len(children) for _, _, children in tree[1:]] == [2, 2]
    first_meeting = tree[1][2][0]
    assert first_meeting[2], "packet bookmarks are nested under their meeting"
    assert binder.metadata is not None
    assert binder.metadata.author == TRAVELER
    assert TRIP_TITLE in (binder.metadata.title or "")


def test_binder_pages_hold_the_packets(mini_site) -> None:  # type: ignore[no-untyped-def]
    itinerary = len(read(mini_site.output / "itinerary.pdf").pages)
    first = page_texts(mini_site.output / "binder.pdf")[itinerary]
    assert "José Álvarez-Núñez" in first and "Page 1 of" in first


def test_pocket_cards(mini_site) -> None:  # type: ignore[no-untyped-def]
    reader = read(mini_site.output / "pocket-cards.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (360, 216)  # 5 x 3 inches
    body = pdf_text(mini_site.output / "pocket-cards.pdf")
    for name, _, _, start in MINI_MEETINGS.values():
        assert name in body and start in body


def test_letter_paper_by_default(mini_site) -> None:  # type: ignore[no-untyped-def]
    for path in [mini_site.output / "itinerary.pdf", mini_site.output / "binder.pdf"]:
        for page in read(path).pages:
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
                612,
                792,
            ), path


def test_a4_paper(tmp_path: Path) -> None:
    content = tmp_path / "trip"
    shutil.copytree(MINI, content)
    edit(content / "trip.yaml", "  paper: letter", "  paper: a4")
    schedule = (content / "schedule.yaml").read_text(encoding="utf-8")
    (content / "schedule.yaml").write_text(
        schedule.split("\n\n")[0] + "\n", encoding="utf-8"
    )  # one meeting: fewer PDFs
    output = tmp_path / "out"
    build(
        build_options(content=content, output=output, pdf=True, today=TODAY, quiet=True, environ={})
    )
    pdfs = [
        output / "itinerary.pdf",
        output / "binder.pdf",
        output / "meetings" / "2027-05-10-jose-alvarez" / "packet.pdf",
    ]
    for path in pdfs:
        for page in read(path).pages:
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
                595,
                842,
            ), path


def test_calendar_has_every_meeting(mini_site) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    calendar = Calendar.from_ical((mini_site.output / "itinerary.ics").read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == len(MINI_MEETINGS)
    assert len({str(e["UID"]) for e in events}) == len(events)
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert [s.strftime("%Y-%m-%d %H:%M") for s in starts] == [
        f"{mid[:10]} {start}" for mid, (_, _, _, start) in MINI_MEETINGS.items()
    ]
    assert all(str(s.tzinfo) == "America/New_York" for s in starts)
    summaries = " ".join(str(e["SUMMARY"]) for e in events)
    assert "José Álvarez-Núñez" in summaries and "Lena Brooks" in summaries
    assert [c["TZID"] for c in calendar.walk("VTIMEZONE")] == ["America/New_York"]
