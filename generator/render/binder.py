"""binder.pdf: the itinerary then every packet, in time order, with bookmarks per day and meeting.

Assembled whole from the PDFs already made (never re-rendered) whenever one of them
changed, so the file holds only what it shows: a note deleted before sharing the binder
is gone from every byte of it. Each part's pages and the objects they use are copied
(render/pdfobjects.py), identical fonts and images once, every font subset under a tag
of its own. Our own copier rather than pikepdf/qpdf: on the 100-meeting trip it
assembles the binder in 0.4 s against qpdf's 2.1-2.8 s (docs/performance.md).
The parts' own bookmarks come from the renderer (recorded when each part was made), so
no part is read for them. Same parts, same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from generator.plan.plan import Plan
from generator.plan.schedule import Day, Slot
from generator.render.pdf import Bookmark
from generator.render.pdfobjects import Assembler, PdfWriter, SourcePdf, text_string

CATALOG, PAGES, INFO, FIRST_FREE = 1, 2, 3, 4
"""Fixed object numbers in every binder."""


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
    """The output paths of the binder's parts, in binder order (`packet_pdf`: meeting id -> its PDF's path)."""
    return [itinerary] + [packet_pdf[slot.meeting.id] for day in plan.schedule.days for slot in day.slots]


def binder_key(plan: Plan, names: list[str], parts: Mapping[str, Part]) -> str:
    """Everything the binder's bytes follow from: this code, its parts' bytes, and its own titles."""
    digest = hashlib.sha256(b"infoprep-binder\0" + Path(__file__).read_bytes() + (Path(__file__).parent / "pdfobjects.py").read_bytes())
    info = plan.trip.info
    digest.update(f"{info.title}\0{info.traveler.name}\0".encode())
    for name in names:  # by their bytes alone: a private build's opaque names change with every salt
        digest.update(f"{parts[name].sha256}\n".encode())
    for day in plan.schedule.days:
        digest.update(f"{_day_label(day, plan)}\0{[_meeting_label(s) for s in day.slots]!r}\n".encode())
    return digest.hexdigest()


def _shift(marks: tuple[Bookmark, ...], offset: int) -> tuple[Entry, ...]:
    return tuple(Entry(m.title, m.page + offset, _shift(m.children, offset)) for m in marks)


def outline(plan: Plan, names: list[str], parts: Mapping[str, Part]) -> tuple[Entry, ...]:
    """Itinerary, then each day, each meeting, and under it the packet's own headings."""
    entries = [Entry("Itinerary", 0)]
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


def write_binder(plan: Plan, names: list[str], parts: Mapping[str, Part], out: BinaryIO) -> None:
    writer = PdfWriter(out)
    assembler = Assembler(writer, FIRST_FREE, PAGES)
    page_refs: list[int] = []
    for name in names:
        page_refs += assembler.add(SourcePdf.open(parts[name].file))
    info = plan.trip.info
    writer.write(
        INFO,
        b"<< /Title " + text_string(f"Binder: {info.title}") + b" /Author " + text_string(info.traveler.name) + b" /Producer (infoprep) >>",
    )
    writer.write(PAGES, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(page_refs), b" ".join(b"%d 0 R" % n for n in page_refs)))
    objects, root, size = _outline_objects(outline(plan, names, parts), page_refs, assembler.next)
    for number, body in objects:
        writer.write(number, body)
    writer.write(CATALOG, b"<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines /Lang (en) >>" % (PAGES, root))
    identifier = hashlib.sha256("\n".join(parts[n].sha256 for n in names).encode()).hexdigest()[:32].encode()
    writer.close(size, b"/Root %d 0 R /Info %d 0 R /ID [ <%s> <%s> ]" % (CATALOG, INFO, identifier, identifier))


def _outline_objects(entries: tuple[Entry, ...], page_refs: list[int], first: int) -> tuple[list[tuple[int, bytes]], int, int]:
    """The bookmarks as numbered objects from `first` on: (objects, the outline root's number, the next free number)."""
    out: list[tuple[int, bytes]] = []
    size = first

    def level(items: tuple[Entry, ...], parent: int) -> tuple[int, int, int]:
        """Number and write `items` and everything under them; (first, last, count of all) for the parent."""
        nonlocal size
        if not items:
            return 0, 0, 0
        numbers = list(range(size, size + len(items)))
        size += len(items)
        total = 0
        for at, (entry, number) in enumerate(zip(items, numbers, strict=True)):
            kids = level(entry.children, number)
            page = page_refs[min(entry.page, len(page_refs) - 1)]
            body = [b"<< /Title ", text_string(entry.title), b" /Parent %d 0 R /Dest [ %d 0 R /XYZ null null null ]" % (parent, page)]
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
    out.append((root, b"<< /Type /Outlines /Count %d" % count + (b" /First %d 0 R /Last %d 0 R" % (head, tail) if count else b"") + b" >>"))
    return sorted(out), root, size
