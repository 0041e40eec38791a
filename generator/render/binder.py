"""binder.pdf: the itinerary then every packet, in time order, with bookmarks per day and meeting.

Assembled from the PDFs already made, never re-rendered. pikepdf (qpdf, in C++)
copies the parts' pages in about a tenth of the time pypdf took, with flat memory.
Bookmarks are written by hand as PDF objects (pikepdf's outline API costs ~0.4 ms an
item) from the parts' own bookmarks, which the renderer recorded, so no part is
parsed for them.

When only some parts changed since the last binder, the binder is updated rather than
rebuilt: the changed parts' pages are swapped in and the new objects appended to a
copy of the old file as a PDF incremental update (ISO 32000 7.5.6), the way a PDF
editor saves. The cost follows what changed, not the length of the week. Replaced
pages stay in the file unreferenced, so once updates make up a quarter of it the
binder is assembled again from scratch (`--clean` always does).
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.plan.plan import Plan
from generator.render.paths import Paths
from generator.render.pdf import Bookmark

COMPACT_AFTER = 0.25
"""Assemble from scratch once incremental updates would make up this share of the file."""


@dataclass(frozen=True)
class Part:
    """One PDF going into the binder."""

    file: Path
    outline: tuple[Bookmark, ...] = ()
    pages: int = 0
    sha256: str = ""


@dataclass(frozen=True)
class Entry:
    """A binder bookmark: a title, the page of the binder it opens, and what nests under it."""

    title: str
    page: int
    children: tuple[Entry, ...] = ()


@dataclass
class Layout:
    """What a binder file holds, so the next build can update it: its parts in order and how it grew."""

    parts: list[list] = field(default_factory=list)  # type: ignore[type-arg]
    """[output path, SHA-256, pages] per part, in binder order."""
    compact_size: int = 0
    """The file's size when it was last assembled from scratch."""

    def to_json(self) -> dict:  # type: ignore[type-arg]
        return {"parts": self.parts, "compact_size": self.compact_size}

    @classmethod
    def from_json(cls, data: Mapping) -> Layout:  # type: ignore[type-arg]
        return cls([list(p) for p in data.get("parts", [])], int(data.get("compact_size", 0)))


def _day_label(day) -> str:  # type: ignore[no-untyped-def]
    return f"{day.date.strftime('%A')}, {day.date.strftime('%B')} {day.date.day}"


def order(plan: Plan, paths: Paths) -> list[str]:
    """The output paths of the binder's parts, in binder order."""
    out = [paths.itinerary_pdf]
    for day in plan.schedule.days:
        out.extend(paths.packet_pdf(slot.meeting.id) for slot in day.slots)
    return out


def _shift(marks: tuple[Bookmark, ...], offset: int) -> tuple[Entry, ...]:
    return tuple(Entry(m.title, m.page + offset, _shift(m.children, offset)) for m in marks)


def outline(plan: Plan, paths: Paths, parts: Mapping[str, Part]) -> tuple[Entry, ...]:
    """The binder's bookmarks: Itinerary, then each day, each meeting, and the packet's own headings."""
    entries = [Entry("Itinerary", 0)]
    offset = parts[paths.itinerary_pdf].pages
    for day in plan.schedule.days:
        meetings = []
        first = offset
        for slot in day.slots:
            name = paths.packet_pdf(slot.meeting.id)
            person = slot.meeting.person.profile.name
            meetings.append(Entry(f"{slot.start.strftime('%H:%M')} {person}", offset, _shift(parts[name].outline, offset)))
            offset += parts[name].pages
        if meetings:
            entries.append(Entry(_day_label(day), first, tuple(meetings)))
    return tuple(entries)


def make_binder(plan: Plan, parts: Mapping[str, Part], paths: Paths, target: Path, previous: tuple[Path, Layout] | None = None) -> Layout:
    """Write binder.pdf to `target` from the parts (by output path); update `previous` when that is cheaper."""
    names = order(plan, paths)
    layout = [[name, parts[name].sha256, parts[name].pages] for name in names]
    entries = outline(plan, paths, parts)
    if previous is not None:
        old_file, old = previous
        same_parts = [row[0] for row in old.parts] == names
        changed = [i for i, row in enumerate(old.parts) if same_parts and row[1] != layout[i][1]]
        if same_parts and old_file.stat().st_size <= old.compact_size * (1 + COMPACT_AFTER):
            _update(old_file, target, [(i, parts[names[i]], old.parts[i][2]) for i in changed], old.parts, entries)
            return Layout(layout, old.compact_size)
    _assemble(plan, [parts[name] for name in names], target)
    size = target.stat().st_size
    _append(target, target, [], entries)
    return Layout(layout, size)


def _assemble(plan: Plan, parts: Sequence[Part], target: Path) -> None:
    """All parts' pages into one file with qpdf; no bookmarks yet (appended next, by hand)."""
    import pikepdf

    binder = pikepdf.new()
    with contextlib.ExitStack() as stack:
        for part in parts:
            source = stack.enter_context(pikepdf.open(part.file))
            binder.pages.extend(source.pages)
        info = plan.trip.info
        binder.docinfo["/Title"] = f"Binder: {info.title}"
        binder.docinfo["/Author"] = info.traveler.name
        binder.docinfo["/Producer"] = "infoprep"
        binder.Root.PageMode = pikepdf.Name.UseOutlines
        # A classic cross-reference table, so later updates can append their own (7.5.4).
        binder.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)


def _update(old_file: Path, target: Path, changed: list[tuple[int, Part, int]], old_parts: list[list], entries: tuple[Entry, ...]) -> None:  # type: ignore[type-arg]
    """Swap the changed parts' pages into a copy of the old binder, as an incremental update."""
    _append(old_file, target, changed, entries, old_parts)


def _append(
    source: Path, target: Path, changed: list[tuple[int, Part, int]], entries: tuple[Entry, ...], old_parts: list[list] | None = None,  # type: ignore[type-arg]
) -> None:
    import pikepdf

    with contextlib.ExitStack() as stack:
        binder = stack.enter_context(pikepdf.open(source))
        first_new = int(binder.trailer.Size)
        starts, offset = [], 0
        for row in old_parts or []:
            starts.append(offset)
            offset += int(row[2])
        shift = 0
        for index, part, old_pages in changed:
            start = starts[index] + shift
            del binder.pages[start : start + old_pages]
            new = stack.enter_context(pikepdf.open(part.file))
            for number, page in enumerate(new.pages):
                binder.pages.insert(start + number, page)
            shift += len(new.pages) - old_pages
        catalog = binder.Root
        if "/Outlines" in catalog:
            del catalog.Outlines
        next_free = binder.make_indirect(pikepdf.Dictionary()).objgen[0]
        objects: dict[int, bytes] = {}
        for number in range(first_new, next_free):
            objects[number] = _serialize(binder.get_object(number, 0))
        pages_root = catalog.Pages
        objects[pages_root.objgen[0]] = pages_root.unparse(resolved=True)
        page_refs = [page.objgen[0] for page in binder.pages]
        outline_objects, outline_root = _outline_objects(entries, page_refs, next_free)
        objects.update(outline_objects)
        catalog_bytes = catalog.unparse(resolved=True)
        objects[catalog.objgen[0]] = catalog_bytes[:-2].rstrip() + f" /Outlines {outline_root} 0 R >>".encode()
        info = binder.trailer.get("/Info")
        trailer = [f"/Root {catalog.objgen[0]} 0 R".encode()]
        if info is not None and info.is_indirect:
            trailer.append(f"/Info {info.objgen[0]} 0 R".encode())
        if "/ID" in binder.trailer:
            trailer.append(b"/ID " + binder.trailer.ID.unparse())
    if source != target:
        shutil.copyfile(source, target)
    _write_update(target, objects, trailer)


def _serialize(obj) -> bytes:  # type: ignore[no-untyped-def]
    import pikepdf

    if isinstance(obj, pikepdf.Stream):
        data = obj.read_raw_bytes()
        head = obj.stream_dict.unparse(resolved=True)
        head = re.sub(rb"/Length \d+ \d+ R|/Length \d+", b"", head)[:-2].rstrip() + f" /Length {len(data)} >>".encode()
        return head + b"\nstream\n" + data + b"\nendstream"
    return obj.unparse(resolved=True)


def _text(value: str) -> bytes:
    """A PDF text string: PDFDocEncoding-safe ASCII as a literal, anything else as UTF-16BE with a BOM."""
    if value.isascii() and value.isprintable():
        return b"(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode() + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


def _outline_objects(entries: tuple[Entry, ...], page_refs: list[int], first: int) -> tuple[dict[int, bytes], int]:
    """The outline tree as numbered PDF objects from `first` on; returns them and the root's number."""
    numbers: list[tuple[Entry, int, int]] = []  # entry, its number, its parent's number
    counter = [first + 1]

    def number(items: tuple[Entry, ...], parent: int) -> list[int]:
        mine = []
        for entry in items:
            own = counter[0]
            counter[0] += 1
            numbers.append((entry, own, parent))
            mine.append(own)
        for entry, own in zip(items, mine, strict=True):
            kids[own] = number(entry.children, own)
        return mine

    kids: dict[int, list[int]] = {}
    kids[first] = number(entries, first)
    counts: dict[int, int] = {}

    def count(node: int) -> int:
        counts[node] = sum(1 + count(kid) for kid in kids.get(node, []))
        return counts[node]

    count(first)
    siblings: dict[int, tuple[int | None, int | None]] = {}
    for children in kids.values():
        for i, kid in enumerate(children):
            siblings[kid] = (children[i - 1] if i else None, children[i + 1] if i + 1 < len(children) else None)
    out: dict[int, bytes] = {}
    root = f"<< /Type /Outlines /Count {counts[first]}"
    if kids[first]:
        root += f" /First {kids[first][0]} 0 R /Last {kids[first][-1]} 0 R"
    out[first] = (root + " >>").encode()
    for entry, own, parent in numbers:
        page = page_refs[min(entry.page, len(page_refs) - 1)]
        parts = [b"<< /Title ", _text(entry.title), f" /Parent {parent} 0 R /Dest [ {page} 0 R /XYZ null null null ]".encode()]
        previous, following = siblings[own]
        if previous:
            parts.append(f" /Prev {previous} 0 R".encode())
        if following:
            parts.append(f" /Next {following} 0 R".encode())
        if kids.get(own):
            parts.append(f" /First {kids[own][0]} 0 R /Last {kids[own][-1]} 0 R /Count {counts[own]}".encode())
        parts.append(b" >>")
        out[own] = b"".join(parts)
    return out, first


def _last_xref(path: Path) -> int:
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    found = re.findall(rb"startxref\s+(\d+)", tail)
    if not found:
        raise ValueError(f"{path}: no startxref")
    return int(found[-1])


def _write_update(path: Path, objects: Mapping[int, bytes], trailer: list[bytes]) -> None:
    """Append objects, a cross-reference section and a trailer pointing back at the previous one."""
    previous = _last_xref(path)
    with path.open("r+b") as handle:
        handle.seek(0, 2)
        handle.write(b"\n")
        offsets: dict[int, int] = {}
        for number in sorted(objects):
            offsets[number] = handle.tell()
            handle.write(f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n")
        xref = handle.tell()
        lines = [b"xref\n0 1\n0000000000 65535 f\r\n"]  # the free-list head, as editors write it: readers expect 0 first
        numbers = sorted(offsets)
        start = 0
        while start < len(numbers):
            end = start
            while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
                end += 1
            lines.append(f"{numbers[start]} {end - start + 1}\n".encode())
            lines.extend(f"{offsets[n]:010d} 00000 n\r\n".encode() for n in numbers[start : end + 1])
            start = end + 1
        fields = [f"/Size {max(numbers) + 1}".encode(), f"/Prev {previous}".encode(), *trailer]
        lines.append(b"trailer\n<< " + b" ".join(fields) + b" >>\n")
        lines.append(f"startxref\n{xref}\n%%EOF\n".encode())
        handle.write(b"".join(lines))
