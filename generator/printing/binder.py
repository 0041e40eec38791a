"""binder.pdf: the itinerary then every packet, in time order, with bookmarks per day and meeting.

Assembled whole from the PDFs already made (never re-rendered) whenever one of them changed, so the
file holds only what it shows: a note deleted before sharing the binder is gone from every byte of
it. Each part's pages and the objects they use are copied (printing/pdfassembly.py), identical fonts
and images once, every font subset under a tag of its own. What of that copy does not depend on the
part's place in the binder is prepared once per part and kept (printing/binder_parts.py: in memory
for serve, in the build cache between builds), so the binder assembled again after one packet
changed prepares that packet only and places every part: at 100 meetings 0.3-0.4 s instead of
~1.1 s, the same bytes either way. Our own copier rather than pikepdf/qpdf:
on the 100-meeting trip it copied the pages in 0.4 s against qpdf's 2.1-2.8 s; the structure trees
it now carries too triple the objects copied (2-3 s in all there; docs/performance.md). The parts'
own bookmarks come from the renderer (recorded when each part was made), so no part is read for
them. Same parts, same bytes.

The binder is tagged like its parts: each part's structure tree hangs, as a /Part named by its
bookmark, under one /Document, so a screen reader finds every packet's headings, lists and tables.
And each page says where it is in the binder ("Binder page 8 of 112") at its bottom left, opposite
the part's own "Page 1 of 9": the parts are rendered once and reused, so the binder's numbers are
drawn over them here, as a pagination artifact that the structure tree leaves out.

The binder's own words (that footer, its "Itinerary" bookmark, its title) are the trip's page
language from the catalog, like the parts'. The footer's font is embedded here and holds the
WinAnsi characters only (every Latin-script catalog's phrase): where a phrase has others (the CJK
catalogs, or a trip's own wording), the footer says the language-neutral "8 / 112" instead.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from generator import __version__
from generator.content.catalog import N_, Words
from generator.plan.plan import Plan
from generator.plan.schedule import Day, Slot
from generator.printing.binder_parts import BinderParts, part_key
from generator.printing.pdf import Bookmark
from generator.printing.pdfassembly import Assembler, Overlay, PreparedPart
from generator.printing.pdfobjects import SourcePdf, value
from generator.printing.pdfstructure import Structure
from generator.printing.pdfwriter import PdfWriter, text_string

CATALOG, PAGES, INFO, PAGE_FONT, SAVE, STRUCTURE, DOCUMENT, FIRST_FREE = 1, 2, 3, 4, 5, 6, 7, 8
"""Fixed object numbers in every binder."""

PAGE_FONT_NAME = b"/InfoprepBinderPage"
"""The binder page number's font on every page; WeasyPrint names its fonts with six capitals."""

PAGE_NUMBER_SIZE = 8
PAGE_NUMBER_GREY = b"0.357 0.4 0.459"
"""The themes' footer grey (#5b6675), a point smaller than the default theme's "Page 1 of 9"."""

PAGE_NUMBER_AT = (45.354, 22.0)
"""From the page's bottom left, in points: 16 mm in (the default theme's margin) and on its footer's
baseline (9 pt text in the middle of an 18 mm margin), which on A4 and letter alike is 22 pt up.

The compact theme's footer is in a 12 mm margin and its body ends 34 pt up: the number's capitals
reach 28 pt.
"""

FOOTER_FONT = "NotoSans-Regular-winansi.ttf"
"""Noto Sans cut to the WinAnsi characters (17 KB, generator/data/fonts, SIL OFL): the footer's
font, embedded, so the binder names no font a printer or a PDF/UA checker has to guess (base-14
Helvetica is not embedded). WinAnsi covers the footer of every Latin-script language infoprep
speaks ("página", "Fichário"); a CJK font would weigh megabytes, or a subset per binder."""

_FIRST_CHAR, _LAST_CHAR = 32, 255

FOOTER_ENCODING = "cp1252"
"""How the footer's text is coded for its font (/WinAnsiEncoding)."""

PAGE_PHRASE = N_("Binder page %(page)s of %(pages)s")
NEUTRAL_PAGE = "%(page)s / %(pages)s"
"""The footer where the page language's phrase has characters its font cannot draw."""

TITLE_PHRASE = N_("Binder: %(title)s")


@dataclass(frozen=True)
class _FooterFont:
    """The footer font's PDF objects: the font dictionary, its descriptor and the font program (with
    the numbers of the last two filled in where they are written)."""

    data: bytes
    widths: tuple[int, ...]
    """Advance widths of codes 32-255 (WinAnsi) in 1/1000 em."""

    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def font(self, descriptor: int) -> bytes:
        widths = b" ".join(b"%d" % w for w in self.widths)
        return (
            b"<< /Type /Font /Subtype /TrueType /BaseFont /INFOPR+NotoSans-Regular "
            b"/FirstChar %d /LastChar %d "
            b"/Widths [ %s ] /Encoding /WinAnsiEncoding /FontDescriptor %d 0 R >>"
            % (_FIRST_CHAR, _LAST_CHAR, widths, descriptor)
        )

    def descriptor(self, program: int) -> bytes:
        return (
            b"<< /Type /FontDescriptor /FontName /INFOPR+NotoSans-Regular /Flags 32 "
            b"/FontBBox [ %d %d %d %d ] "
            b"/ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R >>"
            % (*self.bbox, self.ascent, self.descent, self.cap_height, program)
        )

    def program(self) -> tuple[bytes, bytes]:
        """The font program's dictionary and its stream, compressed."""
        return b"<< /Length1 %d /Filter /FlateDecode /Length 0 >>" % len(self.data), zlib.compress(
            self.data, 9
        )


@lru_cache(maxsize=1)
def footer_font() -> _FooterFont:
    """Read once per process: the font program and the metrics a PDF font dictionary states."""
    from fontTools.ttLib import TTFont

    data = resources.files("generator.data").joinpath("fonts", FOOTER_FONT).read_bytes()
    font = TTFont(io.BytesIO(data))
    scale = 1000 / font["head"].unitsPerEm
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    widths = []
    for code in range(_FIRST_CHAR, _LAST_CHAR + 1):
        char = bytes([code]).decode(FOOTER_ENCODING, errors="ignore")
        glyph = cmap.get(ord(char)) if char else None
        widths.append(round(metrics[glyph][0] * scale) if glyph else 0)
    head = font["head"]
    bbox = tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
    return _FooterFont(
        data,
        tuple(widths),
        bbox,
        round(font["hhea"].ascent * scale),
        round(font["hhea"].descent * scale),  # type: ignore[arg-type]
        round(font["OS/2"].sCapHeight * scale),
    )


@dataclass(frozen=True)
class Part:
    """One PDF going into the binder."""

    file: Path
    sha256: str
    pages: int
    bookmarks: tuple[Bookmark, ...]


@dataclass(frozen=True)
class Entry:
    """A binder bookmark: a title, the page of the binder it opens, and what nests under it."""

    title: str
    page: int
    children: tuple[Entry, ...] = ()


def _day_label(day: Day, plan: Plan) -> str:
    return plan.dates.day_heading(day.date)


def _meeting_label(slot: Slot) -> str:
    return f"{slot.start.strftime('%H:%M')} {slot.meeting.person.profile.name}"


def order(plan: Plan, itinerary: str, packet_pdf: Mapping[str, str]) -> list[str]:
    """The output paths of the binder's parts, in binder order (`packet_pdf`: meeting id -> its
    PDF's path)."""
    return [itinerary] + [
        packet_pdf[slot.meeting.id] for day in plan.schedule.days for slot in day.slots
    ]


def labels(plan: Plan) -> list[str]:
    """The binder's own words that its key follows: its phrases in the trip's language, each day's
    label and its meetings' labels."""
    words = plan.words
    own = "\0".join(words.gettext(p) for p in ("Itinerary", PAGE_PHRASE, TITLE_PHRASE))
    return [own] + [
        f"{_day_label(day, plan)}\0{[_meeting_label(s) for s in day.slots]!r}"
        for day in plan.schedule.days
    ]


def _shift(marks: tuple[Bookmark, ...], offset: int) -> tuple[Entry, ...]:
    return tuple(Entry(m.title, m.page + offset, _shift(m.children, offset)) for m in marks)


def outline(plan: Plan, names: list[str], parts: Mapping[str, Part]) -> tuple[Entry, ...]:
    """Itinerary, then each day, each meeting, and under it the packet's own headings."""
    entries = [Entry(plan.words.gettext("Itinerary"), 0)]
    offset = parts[names[0]].pages
    position = 1
    for day in plan.schedule.days:
        meetings, first = [], offset
        for slot in day.slots:
            part = parts[names[position]]
            meetings.append(Entry(_meeting_label(slot), offset, _shift(part.bookmarks, offset)))
            offset += part.pages
            position += 1
        if meetings:
            entries.append(Entry(_day_label(day, plan), first, tuple(meetings)))
    return tuple(entries)


def drawable(text: str) -> bool:
    """Whether the footer's font has every character of `text`."""
    try:
        coded = text.encode(FOOTER_ENCODING)
    except UnicodeEncodeError:
        return False
    widths = footer_font().widths
    return all(_FIRST_CHAR <= code <= _LAST_CHAR and widths[code - _FIRST_CHAR] for code in coded)


def page_number(index: int, total: int, words: Words | None = None) -> str:
    """What the binder prints on its page `index` (0-based), in the language of `words` (English
    by default) when its font can draw that."""
    values = {"page": index + 1, "pages": total}
    said = (words or Words()).phrase(PAGE_PHRASE, **values)
    return said if drawable(said) else NEUTRAL_PAGE % values


def document_title(plan: Plan) -> str:
    """The binder's document title: "Binder: <the trip's title>", in the trip's language."""
    return plan.words.phrase(TITLE_PHRASE, title=plan.trip.info.title)


def _page_numbers(total: int, words: Words) -> Overlay:
    def draw(index: int, box: tuple[float, float, float, float]) -> bytes:
        x, y = box[0] + PAGE_NUMBER_AT[0], box[1] + PAGE_NUMBER_AT[1]
        return (
            b"Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"
            b"q\nBT\n%s rg\n%s %d Tf\n%.3f %.3f Td\n%s Tj\nET\nQ\nEMC\n"
        ) % (
            PAGE_NUMBER_GREY,
            PAGE_FONT_NAME,
            PAGE_NUMBER_SIZE,
            x,
            y,
            _footer_string(page_number(index, total, words)),
        )

    return Overlay(SAVE, PAGE_FONT, PAGE_FONT_NAME, draw)


def _footer_string(text: str) -> bytes:
    """A content stream's string in the footer font's encoding (a text string's UTF-16 would be
    drawn byte by byte)."""
    coded = text.encode(FOOTER_ENCODING)
    return b"(" + coded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def language(plan: Plan, declared: bytes | None) -> bytes:
    """The binder's /Lang: the language its parts say they are in (the templates' `<html lang>`),
    spelled as the trip's `defaults.locale` spells it (en-GB) when that is the same language; dates
    follow the locale, the words the templates."""
    said = (
        declared[1:-1].decode("ascii", "replace") if declared and declared.startswith(b"(") else ""
    )
    locale = plan.trip.info.defaults.locale
    if locale and (
        not declared or locale.replace("_", "-").split("-")[0].lower() == said.split("-")[0].lower()
    ):
        return text_string(locale.replace("_", "-"))
    return declared or b"(en)"


# Why our own writer and not pikepdf (issue 23, item 8; tests/bench/binder_pikepdf.py): the same
# tagged binder on pikepdf (pages appended, each part's tree as a /Part, parent tree renumbered,
# bookmarks, footer) took 2.0x our CPU time (2.62 s / 1.30 s) and 1.45x our size (7.64 / 5.26 MB)
# at 100 meetings, 2.2x and 1.35x on the sample trip: qpdf copies every part's fonts and images
# again where we keep identical ones once. The bar to adopt it was 1.5x time and 1.3x size.
def write_binder(
    plan: Plan,
    names: list[str],
    parts: Mapping[str, Part],
    out: BinaryIO,
    read: Callable[[Path], bytes] = Path.read_bytes,
    between: Callable[[], None] | None = None,
    prepared: BinderParts | None = None,
) -> None:
    """`read(part.file)`: a part's bytes (the build's cache reads them checked against their
    digests).

    `between()` is called before each part is copied: it may raise to stop (serve: a newer edit came
    in). `prepared`: the parts as prepared for an earlier binder, and where this one's are kept;
    none by default.
    """
    writer = PdfWriter(out)
    structure = Structure(DOCUMENT)
    total = sum(parts[n].pages for n in names)
    assembler = Assembler(writer, FIRST_FREE, PAGES, structure, _page_numbers(total, plan.words))
    entries = outline(plan, names, parts)
    titles = [entries[0].title] + [meeting.title for day in entries[1:] for meeting in day.children]
    first = SourcePdf(read(parts[names[0]].file))
    lang = language(plan, value(first.catalog(), b"/Lang"))
    store = prepared if prepared is not None else BinderParts()
    page_refs: list[int] = []
    for at, name in enumerate(names):
        if between is not None:
            between()
        part, title = parts[name], titles[at] if at < len(titles) else None

        def prepare(part: Part = part, title: str | None = title, at: int = at) -> PreparedPart:
            return assembler.prepare(first if at == 0 else SourcePdf(read(part.file)), title, lang)

        key = part_key(part.sha256, title, lang, assembler.setup)
        page_refs += assembler.place(store.part(key, prepare, assembler.setup))
    store.done()
    info = plan.trip.info
    made_by = text_string(f"infoprep {__version__}")
    writer.write(
        INFO,
        b"<< /Title "
        + text_string(document_title(plan))
        + b" /Author "
        + text_string(info.traveler.name)
        + b" /Creator "
        + made_by
        + b" /Producer "
        + made_by
        + b" >>",
    )
    writer.write(
        PAGES,
        b"<< /Type /Pages /Count %d /Kids [ %s ] >>"
        % (len(page_refs), b" ".join(b"%d 0 R" % n for n in page_refs)),
    )
    writer.write(SAVE, b"<< >>", b"q\n")
    objects, root, size = _outline_objects(entries, page_refs, assembler.next)
    for number, body in objects:
        writer.write(number, body)
    font, descriptor, program, size = footer_font(), size, size + 1, size + 2
    writer.write(PAGE_FONT, font.font(descriptor))
    writer.write(descriptor, font.descriptor(program))
    writer.write(program, *font.program())
    tagged, size = _structure_objects(writer, structure, document_title(plan), size)
    writer.write(
        CATALOG,
        (
            b"<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines /Lang %s%s "
            b"/ViewerPreferences << /DisplayDocTitle true >> >>"
        )
        % (PAGES, root, lang, tagged),
    )
    identifier = (
        hashlib.sha256("\n".join(parts[n].sha256 for n in names).encode()).hexdigest()[:32].encode()
    )
    writer.close(
        size,
        b"/Root %d 0 R /Info %d 0 R /ID [ <%s> <%s> ]" % (CATALOG, INFO, identifier, identifier),
    )


def _structure_objects(
    writer: PdfWriter, structure: Structure, title: str, size: int
) -> tuple[bytes, int]:
    """Write the structure tree's root, its /Document and the trees it indexes (from `size` on);
    returns what the catalog says of it and the next free number.

    A binder of untagged parts says nothing.
    """
    if not structure.kids:
        return b"", size
    tree, size = size, size + 1
    nums = b" ".join(b"%d %s" % (key, raw) for key, raw in structure.parent_tree)
    writer.write(tree, b"<< /Nums [ %s ] >>" % nums)
    root = [
        b"/Type /StructTreeRoot /K [ %d 0 R ] /ParentTree %d 0 R /ParentTreeNextKey %d"
        % (DOCUMENT, tree, structure.next_key)
    ]
    if structure.ids:
        ids, size = size, size + 1
        names = sorted(structure.ids, key=lambda pair: pair[0])
        writer.write(ids, b"<< /Names [ %s ] >>" % b" ".join(b"%s %d 0 R" % pair for pair in names))
        root.append(b"/IDTree %d 0 R" % ids)
    for key, entries in ((b"/RoleMap", structure.role_map), (b"/ClassMap", structure.class_map)):
        if entries:
            root.append(
                key + b" << " + b" ".join(k + b" " + v for k, v in entries.items()) + b" >>"
            )
    if structure.namespaces:
        root.append(b"/Namespaces [ %s ]" % b" ".join(b"%d 0 R" % n for n in structure.namespaces))
    writer.write(STRUCTURE, b"<< " + b" ".join(root) + b" >>")
    kids = b" ".join(b"%d 0 R" % kid for kid in structure.kids)
    writer.write(
        DOCUMENT,
        b"<< /Type /StructElem /S /Document /P %d 0 R /T %s /K [ %s ] >>"
        % (STRUCTURE, text_string(title), kids),
    )
    marked = b" /MarkInfo << /Marked true >>" if not structure.untagged else b""
    return marked + b" /StructTreeRoot %d 0 R" % STRUCTURE, size


def _outline_objects(
    entries: tuple[Entry, ...], page_refs: list[int], first: int
) -> tuple[list[tuple[int, bytes]], int, int]:
    """The bookmarks as numbered objects from `first` on: (objects, the outline root's number, the
    next free number)."""
    out: list[tuple[int, bytes]] = []
    size = first

    def level(items: tuple[Entry, ...], parent: int) -> tuple[int, int, int]:
        """Number and write `items` and everything under them; (first, last, count of all) for the
        parent."""
        nonlocal size
        if not items:
            return 0, 0, 0
        numbers = list(range(size, size + len(items)))
        size += len(items)
        total = 0
        for at, (entry, number) in enumerate(zip(items, numbers, strict=True)):
            kids = level(entry.children, number)
            page = page_refs[min(entry.page, len(page_refs) - 1)]
            body = [
                b"<< /Title ",
                text_string(entry.title),
                b" /Parent %d 0 R /Dest [ %d 0 R /XYZ null null null ]" % (parent, page),
            ]
            if at > 0:
                body.append(b" /Prev %d 0 R" % numbers[at - 1])
            if at + 1 < len(numbers):
                body.append(b" /Next %d 0 R" % numbers[at + 1])
            if kids[2]:
                body.append(b" /First %d 0 R /Last %d 0 R /Count %d" % kids)
            out.append((number, b"".join(body) + b" >>"))
            total += 1 + kids[2]
        return numbers[0], numbers[-1], total

    root = size
    size += 1
    head, tail, count = level(entries, root)
    out.append(
        (
            root,
            b"<< /Type /Outlines /Count %d" % count
            + (b" /First %d 0 R /Last %d 0 R" % (head, tail) if count else b"")
            + b" >>",
        )
    )
    return sorted(out), root, size
