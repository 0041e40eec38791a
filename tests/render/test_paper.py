"""Paper that fits: the pocket cards, the itinerary and every packet of a real week, read back from the PDFs.

The trip (tests/fixtures/paper_trip) is built three times, A4 (as written), letter, and in the
compact theme on letter, and each PDF is read page by page with poppler (fixtures/pdf_pages.py):
which text lands on which page, how far down a page the text reaches, what the header corners
say. A long day (9 meetings) is printed from the render stage alone, its pocket cards and
itinerary only.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from fixtures.building import build_options
from fixtures.paper import (
    DAYS,
    INTRODUCED_MEETING,
    LEARNED_MEETING,
    MEETINGS,
    TODAY,
    VIDEO_LINK,
    VIDEO_MEETING,
    name_of,
    paper_copy,
)
from fixtures.pdf_pages import FOOTER, Line, Page, pdf_pages
from pypdf import PdfReader

from generator.build import build
from generator.printing.pdf import PdfJob, PdfSettings, render_pdf
from generator.reading import load_and_plan
from generator.render.drafts import Drafts
from generator.render.pages import PageBuilder
from generator.render.paths import Paths
from generator.render.theme import make_environment

pytestmark = pytest.mark.slow

TRAVELER = "Niamh Ó Conaill"
BUILDS = {
    "a4": {},
    "letter": {"paper": "letter"},
    "compact": {"paper": "letter", "theme": "compact"},
}


@dataclass
class Built:
    kind: str
    output: Path
    _pages: dict[str, list[Page]] = field(default_factory=dict)

    def pages(self, name: str) -> list[Page]:
        if name not in self._pages:
            self._pages[name] = pdf_pages(self.output / name)
        return self._pages[name]

    def packet(self, meeting_id: str) -> list[Page]:
        return self.pages(f"meetings/{meeting_id}/packet.pdf")


@pytest.fixture(scope="module", params=list(BUILDS))
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp(f"paper-{request.param}")
    content = paper_copy(root / "trip", **BUILDS[request.param])
    output = root / "site"
    build(
        build_options(content=content, output=output, pdf=True, today=TODAY, quiet=True, environ={})
    )
    return Built(request.param, output)


def day_heading(day: str, short: bool) -> re.Pattern[str]:
    """The day's heading line, with the day and month in either order ("Monday June 7", "Mon 7 Jun (continued)")."""
    d = date.fromisoformat(day)
    weekday, month = (
        (d.strftime("%a"), d.strftime("%b")) if short else (d.strftime("%A"), d.strftime("%B"))
    )
    return re.compile(
        rf"^{weekday},?\s+(?:{month}\s+{d.day}|{d.day}\.?\s+{month})(?:\s+\(continued\))?$",
        re.MULTILINE,
    )


def flat(text: str) -> str:
    return "".join(text.split())


# ----- pocket cards ------------------------------------------------------------------------------


def test_one_pocket_card_per_day(site: Built) -> None:
    """The 4-meeting Monday, with its long names and places, fits one card: five days, five cards."""
    cards = site.pages("pocket-cards.pdf")
    assert len(cards) == len(DAYS)
    for card, (day, meetings) in zip(cards, DAYS.items(), strict=True):
        assert (round(card.width), round(card.height)) == (360, 216)
        assert day_heading(day, short=True).match(card.body[0].text), card.body[0].text
        assert "(continued)" not in card.text
        for meeting_id, start in meetings:
            assert flat(name_of(meeting_id)) in card.flat
            assert start in card.text


def _long_day(tmp_path: Path, paper: str) -> Path:
    """The trip with five more meetings on Monday (nine in all, some overlapping, so each carries a warning)."""
    content = paper_copy(tmp_path / "long", paper=paper)
    extra = "".join(
        f"\n- person: {person}\n  start: 2027-06-07 {start}\n  duration: 30\n  format: {kind}\n"
        + ("  link: https://meet.example/x\n" if kind == "video" else "")
        for person, start, kind in [
            ("karl-heinz-oberlaender", "08:00", "in-person"),
            ("sofia-papadopoulou", "11:30", "in-person"),
            ("yui-watanabe", "12:30", "video"),
            ("karl-heinz-oberlaender", "15:15", "phone"),
            ("sofia-papadopoulou", "17:45", "in-person"),
        ]
    )
    with (content / "schedule.yaml").open("a", encoding="utf-8") as handle:
        handle.write(extra)
    return content


def _print(content: Path, output: Path, template: str, page: str) -> list[Page]:
    """One print document of a trip, straight from the render stage (the template with its print context)."""
    trip, plan, theme = load_and_plan(content, TODAY)
    env = make_environment(theme, dates=plan.dates)
    builder = PageBuilder(
        plan, Paths(), Drafts(env, trip.info), with_pdfs=True, private=False, for_print=True
    )
    context = builder.pocket() if template == "pocket.html" else builder.itinerary()
    html = env.get_template(template).render(page=context, **vars(context))
    settings = PdfSettings(trip.info.defaults.paper.value, theme.static_files(), content / "assets")
    output.write_bytes(render_pdf(PdfJob(page, html, page), settings).data)
    return pdf_pages(output)


def test_a_day_too_long_for_one_card_continues_between_meetings(tmp_path: Path) -> None:
    cards = _print(
        _long_day(tmp_path, "letter"), tmp_path / "pocket.pdf", "pocket.html", "pocket-cards.pdf"
    )
    monday = [
        card for card in cards if day_heading("2027-06-07", short=True).match(card.body[0].text)
    ]
    assert len(monday) >= 2
    assert all("(continued)" in card.body[0].text for card in monday[1:])
    assert "(continued)" not in monday[0].body[0].text
    assert all("Continued on the next card" in card.text for card in monday[:-1])
    assert len(cards) == len(monday) + len(DAYS) - 1
    # every meeting on exactly one card, whole: its time, name, place and phone together
    rows = [
        (card.number, line)
        for card in monday
        for line in card.body
        if re.match(r"\d\d:\d\d\b", line.text)
    ]
    starts = [line.text[:5] for _, line in rows]
    assert starts == [
        "08:00",
        "09:00",
        "10:15",
        "11:30",
        "12:30",
        "14:00",
        "15:15",
        "16:30",
        "17:45",
    ]
    sofia = [card for card in monday if "Σοφία" in card.text]
    assert len(sofia) >= 1 and all(
        "Schlesische Straße 26" in card.text and "030 55550135" in card.text for card in sofia
    )  # as every page writes it (trip in DE)


# ----- itinerary ---------------------------------------------------------------------------------


def test_each_day_of_the_itinerary_is_one_page(site: Built) -> None:
    """Monday's four meetings (one with a warning), its plan and its confirmations share one page, on A4 and letter."""
    pages = site.pages("itinerary.pdf")
    for day, meetings in DAYS.items():
        holding = [page for page in pages if day_heading(day, short=False).search(page.text)]
        assert len(holding) == 1, (day, [page.number for page in holding])
        page = holding[0]
        for meeting_id, start in meetings:
            assert flat(name_of(meeting_id)) in page.flat and start in page.text
        assert "Dress" in page.text and "Bring" in page.text
        if day != "2027-06-11":
            assert "Confirm tomorrow" in page.text


def test_a_long_day_takes_a_meeting_along_with_its_plan(tmp_path: Path) -> None:
    """Nine meetings cannot fit one page; the page that holds the day's plan also holds at least one meeting."""
    pages = _print(
        _long_day(tmp_path, "letter"), tmp_path / "itinerary.pdf", "itinerary.html", "itinerary.pdf"
    )
    monday = [
        page
        for page in pages
        if day_heading("2027-06-07", short=False).search(page.header_left + "\n" + page.text)
    ]
    plan = [page for page in monday if "Dress" in page.text]
    assert len(plan) == 1
    assert re.search(r"^\d\d:\d\d$", plan[0].text, re.MULTILINE), plan[0].text[:300]
    assert plan[0].first("Dress").y0 > plan[0].first(":").y0


def test_the_header_corners_differ(site: Built) -> None:
    for name in ("itinerary.pdf", f"meetings/{MEETINGS[0]}/packet.pdf"):
        for page in site.pages(name)[1:]:
            assert page.header_left, (name, page.number)
            assert page.header_left != page.header_right, (name, page.number, page.header_left)


def test_a_call_in_another_zone_shows_their_time_on_one_line(site: Built) -> None:
    pages = site.pages("itinerary.pdf")
    tuesday = next(
        page for page in pages if day_heading("2027-06-08", short=False).search(page.text)
    )
    assert any("08:00 Vancouver for them" in line.text for line in tuesday.body), tuesday.text
    assert flat(VIDEO_LINK) in tuesday.flat


# ----- packets -----------------------------------------------------------------------------------


def _questions(page: Page) -> int:
    return sum(1 for line in page.body if re.match(r"\d{1,2} \S", line.text))


@pytest.mark.parametrize("meeting_id", MEETINGS)
def test_no_packet_page_is_near_empty(site: Built, meeting_id: str) -> None:
    """Every page but the last reaches a third of the way down, except the notes page (ruled lines) and the last
    page of questions before it, which holds at least three questions with their answer space."""
    pages = site.packet(meeting_id)
    for index, page in enumerate(pages[:-1]):
        if page.body and page.body[0].text == "Notes":
            continue
        before_notes = (
            index + 1 < len(pages)
            and pages[index + 1].body
            and pages[index + 1].body[0].text == "Notes"
        )
        if before_notes:
            assert _questions(page) >= 3, (meeting_id, page.number, page.text)
            continue
        assert page.reach >= 0.33, (meeting_id, page.number, round(page.reach, 2), page.text)


@pytest.mark.parametrize("meeting_id", MEETINGS)
def test_after_the_meeting_is_one_page(site: Built, meeting_id: str) -> None:
    last = site.packet(meeting_id)[-1]
    assert "After the meeting" in last.text
    assert TRAVELER in [
        line.text for line in last.body[-3:]
    ]  # the last draft's signature (name, e-mail, phone)
    if meeting_id == INTRODUCED_MEETING:
        assert "Thank 박재원 Jae-won Park too" in last.text


@pytest.mark.parametrize("meeting_id", MEETINGS)
def test_your_introduction_leads_into_the_questions(site: Built, meeting_id: str) -> None:
    page = next(page for page in site.packet(meeting_id) if "Your introduction" in page.text)
    assert re.search(r"^Questions\b", page.text, re.MULTILINE)
    assert page.first("Your introduction").y0 < page.first("Questions").y0


def test_what_you_learned_here_flows_with_the_research(site: Built) -> None:
    pages = site.packet(LEARNED_MEETING)
    page = next(page for page in pages if "What you learned here already" in page.text)
    assert (
        "E-mail" in page.text and "a.petrova@hnw.example" in page.text
    )  # the person's section follows on the page


def _stamp(page: Page, total: int) -> Line | None:
    """The binder's own page number on `page`, as one box around its words."""
    words = [w.text for w in page.words]
    wanted = ["Binder", "page", str(page.number), "of", str(total)]
    for at in range(len(words) - 4):
        if words[at : at + 5] == wanted:
            box = page.words[at : at + 5]
            return Line(
                " ".join(wanted),
                box[0].x0,
                min(w.y0 for w in box),
                box[-1].x1,
                max(w.y1 for w in box),
            )
    return None


def test_the_binder_numbers_its_pages_beside_each_parts_own(site: Built) -> None:
    """Every binder page says "Binder page N of M" in its bottom margin, clear of everything else on the page (the
    part's own "Page 1 of 9", or "1/9" in the compact theme), and each part still starts at its own page 1."""
    pages = site.pages("binder.pdf")
    info = subprocess.run(
        ["pdfinfo", str(site.output / "binder.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1)) == len(pages)  # type: ignore[union-attr]
    own = re.compile(r"^1/\d+$" if site.kind == "compact" else r"^Page 1 of \d+$")
    starts = 0
    for page in pages:
        stamp = _stamp(page, len(pages))
        assert stamp is not None, (page.number, [line.text for line in page.lines[-3:]])
        assert (
            stamp.y0 > FOOTER * page.height and stamp.x0 < page.width / 3
        )  # bottom left, in the margin
        for word in page.words:
            inside = (
                word.x0 >= stamp.x0 - 0.5
                and word.x1 <= stamp.x1 + 0.5
                and word.y0 >= stamp.y0 - 0.5
                and word.y1 <= stamp.y1 + 0.5
            )
            apart = (
                word.x1 <= stamp.x0
                or word.x0 >= stamp.x1
                or word.y1 <= stamp.y0
                or word.y0 >= stamp.y1
            )
            assert inside or apart, (page.number, word)
        starts += any(
            own.match(line.text)
            for line in page.lines
            if line.y0 > FOOTER * page.height and line.x0 > page.width / 2
        )
    assert starts == 1 + len(MEETINGS)  # the itinerary and every packet


def test_every_font_of_the_binder_is_embedded(site: Built) -> None:
    """pdffonts lists no font without an embedded program: the binder's own page numbers included (issue 24: they
    were base-14 Helvetica, which a printer substitutes and PDF/UA checkers reject)."""
    listing = subprocess.run(
        ["pdffonts", str(site.output / "binder.pdf")], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    # the "emb" column
    assert rows and all(len(row) >= 5 and row[-5] == "yes" for row in rows), listing
    assert "Helvetica" not in listing and "INFOPR+NotoSans-Regular" in listing


def test_bookmarks_read_as_titles(site: Built) -> None:
    for name in (f"meetings/{VIDEO_MEETING}/packet.pdf", "binder.pdf"):
        reader = PdfReader(str(site.output / name))

        def titles(items: list) -> list[str]:  # type: ignore[type-arg]
            found: list[str] = []
            for item in items:
                found.extend(titles(item) if isinstance(item, list) else [item.title])
            return found

        every = titles(reader.outline)
        assert "Questions" in every, name
        assert not [t for t in every if re.fullmatch(r"Questions\s*\d+", t)], name


def test_a_video_call_prints_its_link_beside_the_qr_code(site: Built) -> None:
    cover = site.packet(VIDEO_MEETING)[0]
    caption = next(
        word
        for word, after in zip(cover.words, cover.words[1:], strict=False)
        if (word.text, after.text) == ("Video", "link")
    )
    beside = cover.within(caption.x0 - 1, caption.y0 - 1, cover.width, caption.y1 + 40)
    assert beside.startswith("Videolink" + flat(VIDEO_LINK)), beside


def test_notes_print_their_links_and_keep_their_columns_and_nesting(site: Built) -> None:
    pages = site.packet("2027-06-07-meera-raghunathan")
    page = next(page for page in pages if "Student assistants" in page.text)
    assert "(https://ieni.example/jobs/grid-integration)" in page.flat
    news = next(page for page in pages if "Recent news" in page.text)
    headline = news.first("Opens a test bed")
    assert "(https://news.example/ieni-grid-forming-testbed-adlershof-2027-04)" in news.within(
        0, headline.y0 - 1, news.width, headline.y1 + 24
    )
    # `---:` columns: the numbers end at one right edge
    people = [line for line in page.body if line.text in ("14", "9", "6")]
    budget = [line for line in page.body if line.text in ("2,300", "610", "95")]
    for column in (people, budget):
        assert len(column) == 3
        assert max(line.x1 for line in column) - min(line.x1 for line in column) < 1.5
        assert max(line.x0 for line in column) - min(line.x0 for line in column) > 3
    # the GitHub note's 2-space list nests three levels deep
    levels = [
        page.first(text).x0
        for text in ("Grid integration studies", "heat pumps as flexible load", "the 2026 paper")
    ]
    assert levels[0] + 5 < levels[1] and levels[1] + 5 < levels[2]
    assert page.first("an open load model").x0 > page.first("Tools they publish").x0 + 5


def test_names_in_every_script_are_printed(site: Built) -> None:
    for meeting_id in MEETINGS:
        cover = site.packet(meeting_id)[0]
        assert flat(name_of(meeting_id)) in cover.flat, meeting_id
