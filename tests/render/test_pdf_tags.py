"""Every PDF a build makes is tagged (issue 19): a structure tree with headings and lists as such, the
document's language and title, and infoprep's version as its Creator. Read from the shared build of the
fixture trip (`mini_site`) with pdfinfo and by walking /StructTreeRoot with pypdf. The binder, assembled
from the others, carries their trees: one /Part per part under one /Document, every page's and link's key
into the parent tree leading back to the elements that hold its marked content."""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest
from fixtures.mini_trip import MINI_MEETINGS, TRIP_TITLE
from fixtures.pdf_pages import page_texts
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from generator import __version__

PACKET = "meetings/2027-05-10-jose-alvarez/packet.pdf"
RENDERED = (PACKET, "itinerary.pdf", "pocket-cards.pdf")
"""The PDFs WeasyPrint renders (the binder is assembled from them by printing/binder.py)."""


def structure(reader: PdfReader, top: object = None) -> Counter[str]:
    """The structure types in the document's tree (/H1, /L, /LI, ...), or under `top`, counted."""
    kinds: Counter[str] = Counter()

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if kind := str(node.get("/S", "")):
                kinds[kind] += 1
            children = node.get("/K")
            for child in (
                children
                if isinstance(children, list)
                else [children]
                if children is not None
                else []
            ):
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"] if top is None else top)
    return kinds


@pytest.mark.parametrize("name", RENDERED)
def test_pdfinfo_says_tagged_with_title_and_creator(mini_site, name: str) -> None:
    info = subprocess.run(
        ["pdfinfo", str(mini_site.output / name)], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes"
    assert fields["Creator"].strip() == f"infoprep {__version__}"
    assert fields["Producer"].strip().startswith("WeasyPrint ")
    title = fields["Title"].strip()
    assert {
        PACKET: "José Álvarez-Núñez: Mon, May 10, 09:30",
        "itinerary.pdf": TRIP_TITLE,
        "pocket-cards.pdf": f"Pocket cards: {TRIP_TITLE}",
    }[name] == title


@pytest.mark.parametrize("name", (*RENDERED, "binder.pdf"))
def test_every_pdf_names_infoprep_and_its_version(mini_site, name: str) -> None:
    info = PdfReader(str(mini_site.output / name)).metadata
    assert info is not None
    assert info.creator == f"infoprep {__version__}"
    if name == "binder.pdf":  # assembled by infoprep itself
        assert info.producer == f"infoprep {__version__}"


@pytest.mark.parametrize("name", (*RENDERED, "binder.pdf"))
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
    assert name in page_texts(mini_site.output / PACKET)[0]


def test_itinerary_and_pocket_cards_are_tagged(mini_site) -> None:
    itinerary = structure(PdfReader(str(mini_site.output / "itinerary.pdf")))
    assert itinerary["/H1"] == 1 and itinerary["/H2"] >= 2  # the trip, then one heading per day
    assert itinerary["/L"] >= 2 and itinerary["/Table"] >= 1
    pocket = structure(PdfReader(str(mini_site.output / "pocket-cards.pdf")))
    assert pocket["/H1"] == 2 and pocket["/Table"] == 2  # one card per day


def test_each_html_element_gets_its_tag() -> None:
    """What the tree above is made of, on a page small enough to count: one heading, one list of two items."""
    import io

    from generator.printing.pdf import PdfJob, PdfSettings, render_pdf

    html = "<html lang=en><title>T</title><h1>Hi</h1><p>Text</p><ul><li>a</li><li>b</li></ul>"
    kinds = structure(
        PdfReader(
            io.BytesIO(render_pdf(PdfJob("x.pdf", html, "T"), PdfSettings("a4", {}, None)).data)
        )
    )
    assert (kinds["/H1"], kinds["/P"], kinds["/L"], kinds["/LI"]) == (1, 1, 1, 2)


# ----- the binder ---------------------------------------------------------------------------------


def _kids(node: DictionaryObject) -> list[object]:
    kids = node.get("/K")
    return list(kids) if isinstance(kids, list) else [] if kids is None else [kids]


def test_the_binder_is_tagged(mini_site) -> None:
    info = subprocess.run(
        ["pdfinfo", str(mini_site.output / "binder.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(rf"^Producer:\s+infoprep {re.escape(__version__)}$", info, re.MULTILINE)


def test_the_binder_holds_each_parts_tree_under_one_document(mini_site) -> None:
    """One /Part per part, in binder order, named as its bookmark, each with the headings and lists of its own PDF."""
    binder = PdfReader(str(mini_site.output / "binder.pdf"))
    root = binder.trailer["/Root"]["/StructTreeRoot"]
    [document] = [kid.get_object() for kid in _kids(root)]
    assert document["/S"] == "/Document" and TRIP_TITLE in document["/T"]
    parts = [kid.get_object() for kid in _kids(document)]
    assert [part["/S"] for part in parts] == ["/Part"] * (1 + len(MINI_MEETINGS))
    assert [part["/T"] for part in parts] == ["Itinerary"] + [
        f"{start} {name}" for name, _, _, start in MINI_MEETINGS.values()
    ]
    own = [
        structure(PdfReader(str(mini_site.output / name)))
        for name in ("itinerary.pdf", *(f"meetings/{m}/packet.pdf" for m in MINI_MEETINGS))
    ]
    for part, alone in zip(parts, own, strict=True):
        kinds = structure(binder, part)
        alone["/Part"] += alone.pop("/Document")
        assert kinds == alone  # every element of the part, no more, no fewer
        assert kinds["/H1"] == 1 and kinds["/H2"] >= 2 and kinds["/L"] >= 2 and kinds["/LI"] >= 2


def test_every_binder_page_leads_back_to_its_elements(mini_site) -> None:
    """Each page's /StructParents finds, in one sorted /ParentTree, an array whose entry for each MCID in the page's
    content is an element on that page holding that MCID; each link's /StructParent finds the element that holds
    it; and every element's /Pg is a page of the binder."""
    binder = PdfReader(str(mini_site.output / "binder.pdf"))
    root = binder.trailer["/Root"]["/StructTreeRoot"]
    nums = root["/ParentTree"]["/Nums"]
    keys = [int(k) for k in nums[::2]]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    tree = dict(zip(keys, nums[1::2], strict=True))
    assert int(root["/ParentTreeNextKey"]) > max(keys)
    pages = {page.indirect_reference.idnum for page in binder.pages}
    links = 0
    for page in binder.pages:
        marked = {int(m) for m in re.findall(rb"/MCID\s+(\d+)", page.get_contents().get_data())}
        owners = tree[int(page["/StructParents"])]
        assert {
            mcid
            for mcid, owner in enumerate(owners)
            if owner is not None and owner.get_object() is not None
        } == marked
        for mcid in marked:
            owner = owners[mcid].get_object()
            assert owner.raw_get("/Pg").idnum == page.indirect_reference.idnum
            assert mcid in [k for k in _kids(owner) if isinstance(k, int)]
        for annotation in page.get("/Annots", []):
            if "/StructParent" in annotation.get_object():
                links += 1
                owner = tree[int(annotation.get_object()["/StructParent"])].get_object()
                held = [k.get_object() for k in _kids(owner) if isinstance(k, IndirectObject)]
                assert annotation.idnum in [
                    k.raw_get("/Obj").idnum for k in held if k.get("/Type") == "/OBJR"
                ]
    assert links >= len(MINI_MEETINGS)  # the packets' e-mail links at least

    def walk(node: DictionaryObject) -> None:
        if "/Pg" in node:
            assert node.raw_get("/Pg").idnum in pages
        for kid in _kids(node):
            if (
                isinstance(kid, IndirectObject)
                and isinstance(kid.get_object(), DictionaryObject)
                and "/S" in kid.get_object()
            ):
                assert (
                    kid.get_object().raw_get("/P").idnum == node.indirect_reference.idnum
                )  # parents point back
                walk(kid.get_object())

    walk(root["/K"][0].get_object())


def test_table_headers_in_the_binder_name_their_own_parts_cells(mini_site) -> None:
    """Each part numbers its table headers alike; in the binder every identifier is unique, in an /IDTree, and each
    cell's /Headers find header cells of its own part."""
    binder = PdfReader(str(mini_site.output / "binder.pdf"))
    root = binder.trailer["/Root"]["/StructTreeRoot"]
    names = root["/IDTree"]["/Names"]
    ids = [str(name) for name in names[::2]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    by_id = dict(zip(ids, names[1::2], strict=True))
    cells = 0
    for element in (e.get_object() for e in by_id.values()):
        assert element["/S"] == "/TH"

    def walk(node: DictionaryObject, part: int) -> None:
        nonlocal cells
        attributes = node.get("/A")
        if isinstance(attributes, DictionaryObject) and isinstance(
            attributes.get("/Headers"), ArrayObject
        ):
            cells += 1
            for header in attributes["/Headers"]:
                assert str(header).startswith(f"p{part}-") and str(header) in by_id
        for kid in _kids(node):
            if (
                isinstance(kid, IndirectObject)
                and isinstance(kid.get_object(), DictionaryObject)
                and "/S" in kid.get_object()
            ):
                walk(kid.get_object(), part)

    for at, part in enumerate(_kids(root["/K"][0].get_object())):
        walk(part.get_object(), at)
    assert cells > 0  # the itinerary's week at a glance
