"""The HTML site of a build without PDFs: every meeting listed and linked, packets complete, all text escaped."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fixtures.building import build_options
from fixtures.mini_trip import (
    COMPANY_QUESTIONS,
    MIN_QUESTIONS,
    MINI,
    MINI_MEETINGS,
    PERSON_QUESTIONS,
    TODAY,
    TRIP_TITLE,
    edit,
)

from generator.build import build


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("pages") / "site"
    build(
        build_options(content=MINI, output=output, pdf=False, today=TODAY, quiet=True, environ={})
    )
    return output


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def links(page: str) -> list[str]:
    return [html.unescape(v) for v in re.findall(r'\b(?:href|src)="([^"]*)"', page)]


def meeting_items(index: str) -> list[str]:
    """The <li class="meeting ..."> blocks of the itinerary, in page order."""
    return re.findall(
        r'<li class="meeting[^"]*">(.*?)</li>\s*(?=<li class="meeting|</ol>)', index, re.S
    )


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)))


# ---- the itinerary ------------------------------------------------------------------------------


def test_files(site: Path) -> None:
    expected = {"index.html", "network.html", "followups.html", "itinerary.ics", "static/style.css"}
    expected |= {f"meetings/{mid}/index.html" for mid in MINI_MEETINGS}
    present = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert expected <= present
    assert not [p for p in present if p.endswith(".pdf")]


def test_index_lists_every_meeting_in_time_order(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    items = meeting_items(index)
    assert len(items) == len(MINI_MEETINGS)
    for item, (meeting_id, (name, title, company, start)) in zip(
        items, MINI_MEETINGS.items(), strict=True
    ):
        text = text_of(item)
        assert name in text and title in text and company in text and start in text, text
        assert f"meetings/{meeting_id}/index.html" in links(item)


def test_index_links_resolve(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    for meeting_id in MINI_MEETINGS:
        assert f'href="meetings/{meeting_id}/index.html"' in index
        assert (site / "meetings" / meeting_id / "index.html").is_file()


def test_index_has_days_and_title(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f"<title>{TRIP_TITLE}</title>" in index
    assert 'id="day-2027-05-10"' in index and 'id="day-2027-05-11"' in index
    assert "Harborview Inn" in index


def test_no_pdf_links_without_pdfs(site: Path) -> None:
    for page in pages(site):
        assert not [
            h for h in links(page.read_text(encoding="utf-8")) if h.split("#")[0].endswith(".pdf")
        ], page


def test_every_link_is_relative_and_resolves(site: Path) -> None:
    for page in pages(site):
        for href in links(page.read_text(encoding="utf-8")):
            assert not href.startswith(("/", "file:", "\\")), (page, href)
            scheme = urlsplit(href).scheme
            if scheme in ("http", "https", "mailto", "tel", "data") or href.startswith("#"):
                continue
            assert scheme == "", (page, href)
            target = (page.parent / urlsplit(href).path).resolve()
            assert target.is_relative_to(site.resolve()), (page, href)
            assert target.exists(), (page, href)


# ---- the packets --------------------------------------------------------------------------------


@pytest.mark.parametrize("meeting_id", list(MINI_MEETINGS))
def test_packet_page_shows_grouped_questions(site: Path, meeting_id: str) -> None:
    name, title, company, start = MINI_MEETINGS[meeting_id]
    page = (site / "meetings" / meeting_id / "index.html").read_text(encoding="utf-8")
    assert f'<h1 id="who">{name}</h1>' in page
    assert title in page and company in page and start in page

    groups = re.findall(
        r'<section class="qgroup"[^>]*>\s*<h3[^>]*>(.*?)</h3>(.*?)</section>', page, re.S
    )
    titles = [html.unescape(t) for t, _ in groups]
    assert titles[0] == f"For {name}"
    assert titles[1] == f"About {company}"
    assert len(titles) >= 4  # person, company and bank categories
    questions = {
        t: [html.unescape(q) for q in re.findall(r'<span class="qt">(.*?)</span>', body)]
        for t, body in groups
    }
    assert questions[f"For {name}"] == PERSON_QUESTIONS[name]
    assert questions[f"About {company}"] == [COMPANY_QUESTIONS[company]]

    total = sum(len(q) for q in questions.values())
    assert total >= MIN_QUESTIONS
    assert f'<span class="count">{total}</span>' in page
    every = [q for qs in questions.values() for q in qs]
    assert len(every) == len({q.casefold() for q in every}), "a question is asked twice"


def test_packet_links_back_and_between_packets(site: Path) -> None:
    page = (site / "meetings" / "2027-05-10-kim-park" / "index.html").read_text(encoding="utf-8")
    hrefs = links(page)
    assert "../../index.html#day-2027-05-10" in hrefs
    assert (
        "../../meetings/2027-05-10-jose-alvarez/index.html" in hrefs
    )  # previous, and the introducer's packet
    assert "../../meetings/2027-05-11-lena-brooks/index.html" in hrefs  # next


def test_packet_shows_markdown_as_html(site: Path) -> None:
    page = (site / "meetings" / "2027-05-10-jose-alvarez" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "<strong>route-planning</strong>" in page  # agenda
    assert "<strong>data analyst</strong>" in page  # traveler pitch


def test_html_is_utf8_with_accents_unmangled(site: Path) -> None:
    raw = (site / "meetings" / "2027-05-10-jose-alvarez" / "index.html").read_bytes()
    assert b'<meta charset="utf-8">' in raw
    assert "José Álvarez-Núñez".encode() in raw


# ---- escaping -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    content = base / "trip"
    shutil.copytree(MINI, content)
    person = content / "people" / "kim-park.yaml"
    edit(person, "name: Kim Park", 'name: "Kim <b>Park</b>"')
    edit(person, "title: Transit Analyst", "title: <script>alert('title')</script>")
    edit(
        person, "  - Both came to transit", "  - <img src=x onerror=alert(1)> Both came to transit"
    )
    edit(
        person,
        "background: |\n",
        "background: |\n  <script>alert('notes')</script> [x](javascript:alert(2)) <iframe "
        "src=https://evil.example></iframe>\n",
    )
    edit(
        content / "companies" / "harbor-analytics.yaml",
        "name: Harbor Analytics",
        'name: "Harbor & <i>Sons</i>"',
    )
    output = base / "site"
    build(
        build_options(
            content=content, output=output, pdf=False, today=TODAY, quiet=True, environ={}
        )
    )
    return output


def test_names_with_tags_are_escaped_not_rendered(hostile_site: Path) -> None:
    for page in pages(hostile_site):
        text = page.read_text(encoding="utf-8")
        assert "<b>Park</b>" not in text, page
        assert "<i>Sons</i>" not in text, page
    index = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "Kim &lt;b&gt;Park&lt;/b&gt;" in index
    assert "Harbor &amp; &lt;i&gt;Sons&lt;/i&gt;" in index


def test_no_script_from_content_reaches_any_page(hostile_site: Path) -> None:
    for page in pages(hostile_site):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        # no tag carries an event handler
        assert not re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", text), page
        assert "javascript:" not in text, page
        assert "<iframe" not in text, page
        scripts = re.findall(r"<script[^>]*>", text)
        allowed = r'<script src="(\.\./)*static/(site|offline)\.js" defer>|<script id="infoprep-words" type="application/json">'
        assert all(re.fullmatch(allowed, s) for s in scripts), (
            page,
            scripts,
        )  # the words block is data, never run


def test_tag_in_a_talking_point_is_shown_as_text(hostile_site: Path) -> None:
    page = (hostile_site / "meetings" / "2027-05-10-kim-park" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "<li>&lt;img src=x onerror=alert(1)&gt; Both came to transit" in page


def test_thank_you_draft_reads_as_a_sentence(site: Path) -> None:
    """Regression: the draft once pasted the agenda mid-sentence ('hoping to learn How the ... study., and')."""
    page = html.unescape(
        (site / "meetings" / "2027-05-10-jose-alvarez" / "index.html").read_text(encoding="utf-8")
    )
    draft = re.search(r'<pre class="draft">(.*?)</pre>', page, re.S)
    assert draft is not None
    assert ".," not in draft.group(1)
    assert "learn How" not in draft.group(1)


def test_qr_codes_are_on_print_pages_only() -> None:
    """On paper a QR code opens the map on a phone; on a phone the web page's link does, so it carries none."""
    from generator.reading import load_and_plan
    from generator.render.memo import RenderMemo
    from generator.render.paths import Paths
    from generator.render.site import render_pages

    _, plan, theme = load_and_plan(MINI, TODAY)
    pages = list(render_pages(plan, theme, Paths(), RenderMemo(), with_pdfs=True))
    printed = [p.data.decode() for p in pages if p.print and p.path.startswith("meetings/")]
    web = [
        p.data.decode()
        for p in pages
        if not p.print and p.path.startswith("meetings/") and p.path.endswith(".html")
    ]
    with_address = [p for p in plan.packets if p.slot.map_url]
    assert with_address and len(printed) == len(web) == len(plan.packets)
    assert sum('alt="QR code: map of' in page for page in printed) == len(with_address)
    assert not any("data:image/svg+xml" in page or 'class="qr"' in page for page in web)
