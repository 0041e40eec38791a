"""Every PDF a build renders is tagged (issue 19): a structure tree with headings and lists as such, the
document's language and title, and infoprep's version as its Creator. Read from the shared build of the
fixture trip (`mini_site`) with pdfinfo and by walking /StructTreeRoot with pypdf."""

from __future__ import annotations

import subprocess
from collections import Counter

import pytest
from fixtures.mini_trip import MINI_MEETINGS, TRIP_TITLE
from pypdf import PdfReader

from generator import __version__

PACKET = "meetings/2027-05-10-jose-alvarez/packet.pdf"
RENDERED = (PACKET, "itinerary.pdf", "pocket-cards.pdf")
"""The PDFs WeasyPrint renders (the binder is assembled from them by render/binder.py)."""


def structure(reader: PdfReader) -> Counter[str]:
    """The structure types in the document's tree (/H1, /L, /LI, ...), counted."""
    kinds: Counter[str] = Counter()

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if kind := str(node.get("/S", "")):
                kinds[kind] += 1
            children = node.get("/K")
            for child in children if isinstance(children, list) else [children] if children is not None else []:
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return kinds


@pytest.mark.parametrize("name", RENDERED)
def test_pdfinfo_says_tagged_with_title_and_creator(mini_site, name: str) -> None:
    info = subprocess.run(["pdfinfo", str(mini_site.output / name)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes"
    assert fields["Creator"].strip() == f"infoprep {__version__}"
    assert fields["Producer"].strip().startswith("WeasyPrint ")
    title = fields["Title"].strip()
    assert {PACKET: "José Álvarez-Núñez: Mon, May 10, 09:30", "itinerary.pdf": TRIP_TITLE, "pocket-cards.pdf": f"Pocket cards: {TRIP_TITLE}"}[name] == title


@pytest.mark.parametrize("name", RENDERED)
def test_language_and_title_shown(mini_site, name: str) -> None:
    root = PdfReader(str(mini_site.output / name)).trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_packet_headings_and_lists_are_tagged(mini_site) -> None:
    reader = PdfReader(str(mini_site.output / PACKET))
    kinds = structure(reader)
    assert kinds["/H1"] == 1  # the person's name on the cover
    assert kinds["/H2"] >= 5  # before you go, person, company, questions, after the meeting
    assert kinds["/H3"] >= 3
    assert kinds["/L"] >= 2 and kinds["/LI"] >= 12  # question lists: at least min_questions items
    assert kinds["/LI"] == kinds["/LBody"]
    assert kinds["/Link"] >= 1
    name = next(iter(MINI_MEETINGS.values()))[0]
    assert name in (reader.pages[0].extract_text() or "")


def test_itinerary_and_pocket_cards_are_tagged(mini_site) -> None:
    itinerary = structure(PdfReader(str(mini_site.output / "itinerary.pdf")))
    assert itinerary["/H1"] == 1 and itinerary["/H2"] >= 2  # the trip, then one heading per day
    assert itinerary["/L"] >= 2 and itinerary["/Table"] >= 1
    pocket = structure(PdfReader(str(mini_site.output / "pocket-cards.pdf")))
    assert pocket["/H1"] == 2 and pocket["/Table"] == 2  # one card per day


def test_each_html_element_gets_its_tag() -> None:
    """What the tree above is made of, on a page small enough to count: one heading, one list of two items."""
    import io

    from generator.render.pdf import PdfJob, PdfSettings, render_pdf

    html = "<html lang=en><title>T</title><h1>Hi</h1><p>Text</p><ul><li>a</li><li>b</li></ul>"
    kinds = structure(PdfReader(io.BytesIO(render_pdf(PdfJob("x.pdf", html, "T"), PdfSettings("a4", {}, None)).data)))
    assert (kinds["/H1"], kinds["/P"], kinds["/L"], kinds["/LI"]) == (1, 1, 1, 2)
