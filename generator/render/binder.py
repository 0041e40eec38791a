"""binder.pdf: the itinerary then every packet, in time order, with bookmarks per day and meeting.

Assembled from the PDFs already made, never re-rendered, by copying each part's pages
and the objects they use into one file (render/pdfobjects.py): a few milliseconds and
one part in memory at a time, so 500 meetings cost seconds and tens of megabytes.
The parts' own bookmarks come from the renderer (recorded when each part was made),
so no part is read for them.

When only some parts changed since the last binder, the binder is updated instead: the
changed parts' objects, a new page list and new bookmarks are appended to a copy of
the old file as a PDF incremental update (ISO 32000 7.5.6), the way a PDF editor saves.
The cost follows what changed, not the length of the week. Replaced pages stay in the
file unreferenced, so once updates have grown it by a quarter the binder is written
afresh (`--clean` always does). A fresh binder depends only on its parts: same parts,
same bytes.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.plan.plan import Plan
from generator.render.paths import Paths
from generator.render.pdf import Bookmark
from generator.render.pdfobjects import PdfWriter, SourcePdf, UnsupportedPdf, copy_pages, text_string

LAYOUT_VERSION = 3
COMPACT_AFTER = 0.25
"""Write the binder afresh once incremental updates have grown it by this share."""
CATALOG, PAGES, INFO, FIRST_FREE = 1, 2, 3, 4
"""Fixed object numbers in every binder."""


@dataclass(frozen=True)
class Part:
    """One PDF going into the binder."""

    file: Path
    outline: tuple[Bookmark, ...] = ()
    pages: int = 0
    sha256: str = ""
    outline_json: list | None = None  # type: ignore[type-arg]
    """The bookmarks as the cache records them, read only if they are needed (an update needs the changed
    parts' alone: ~10,000 bookmarks at 500 meetings are not read again after one note)."""

    @cached_property
    def bookmarks(self) -> tuple[Bookmark, ...]:
        return self.outline if self.outline_json is None else tuple(Bookmark.from_json(mark) for mark in self.outline_json)


@dataclass(frozen=True)
class Entry:
    """A binder bookmark: a title, the page of the binder it opens, and what nests under it."""

    title: str
    page: int
    children: tuple[Entry, ...] = ()


@dataclass
class Layout:
    """What a binder file holds, so the next build can update it rather than write it again."""

    parts: list[list] = field(default_factory=list)  # type: ignore[type-arg]
    """[output path, SHA-256, [page object numbers]] per part, in binder order."""
    size: int = FIRST_FREE
    """The next free object number."""
    compact_size: int = 0
    """The file's size when it was last written afresh."""
    outline: Outline | None = None
    """Where its bookmarks are."""

    def to_json(self) -> dict:  # type: ignore[type-arg]
        return {
            "version": LAYOUT_VERSION, "parts": self.parts, "size": self.size, "compact_size": self.compact_size,
            "outline": self.outline.to_json() if self.outline else None,
        }

    @classmethod
    def from_json(cls, data: Mapping) -> Layout | None:  # type: ignore[type-arg]
        """The layout recorded with a binder, or None if it was written by another version of this module."""
        try:
            if data.get("version") != LAYOUT_VERSION:
                return None
            parts = [[str(name), str(sha), [int(n) for n in pages]] for name, sha, pages in data["parts"]]
            marks = Outline.from_json(data["outline"]) if data.get("outline") else None
            return cls(parts, int(data["size"]), int(data["compact_size"]), marks)
        except (KeyError, TypeError, ValueError):
            return None


def _day_label(day, plan: Plan) -> str:  # type: ignore[no-untyped-def]
    return plan.dates.day_heading(day.date)


def order(plan: Plan, paths: Paths) -> list[str]:
    """The output paths of the binder's parts, in binder order."""
    out = [paths.itinerary_pdf]
    for day in plan.schedule.days:
        out.extend(paths.packet_pdf(slot.meeting.id) for slot in day.slots)
    return out


def _shift(marks: tuple[Bookmark, ...], offset: int) -> tuple[Entry, ...]:
    return tuple(Entry(m.title, m.page + offset, _shift(m.children, offset)) for m in marks)


def outline(plan: Plan, paths: Paths, parts: Mapping[str, Part], only: Collection[str] | None = None) -> tuple[Entry, ...]:
    """The binder's bookmarks: Itinerary, then each day, each meeting, and the packet's own headings (those of the
    parts in `only`, when given: an update keeps the others' as they are in the file)."""
    entries = [Entry("Itinerary", 0)]
    offset = parts[paths.itinerary_pdf].pages
    for day in plan.schedule.days:
        meetings = []
        first = offset
        for slot in day.slots:
            name = paths.packet_pdf(slot.meeting.id)
            own = _shift(parts[name].bookmarks, offset) if only is None or name in only else ()
            meetings.append(Entry(_meeting_label(slot), offset, own))
            offset += parts[name].pages
        if meetings:
            entries.append(Entry(_day_label(day, plan), first, tuple(meetings)))
    return tuple(entries)


def _meeting_label(slot) -> str:  # type: ignore[no-untyped-def]
    return f"{slot.start.strftime('%H:%M')} {slot.meeting.person.profile.name}"


def labels(plan: Plan) -> list[str]:
    """The binder's own bookmark titles (days and meetings), for its cache key: the parts' own bookmarks follow
    from their bytes."""
    return [label for day in plan.schedule.days if day.slots for label in (_day_label(day, plan), *map(_meeting_label, day.slots))]


@dataclass
class Copy:
    """A copy of the last binder, made while the parts render (the build has nothing else to do then), with the
    SHA-256 of its bytes so far: an update then only appends to it and hashes what it appended."""

    file: Path
    size: int
    digest: Any
    used: bool = False

    @classmethod
    def make(cls, old: Path, target: Path) -> Copy:
        digest = hashlib.sha256()
        with old.open("rb") as source, target.open("wb") as copy:
            while block := source.read(1 << 20):
                digest.update(block)
                copy.write(block)
        return cls(target, target.stat().st_size, digest)

    def sha256(self, updated: Path) -> str:
        """The digest of the updated file: the copy's, then what the update appended."""
        with updated.open("rb") as handle:
            handle.seek(self.size)
            while block := handle.read(1 << 20):
                self.digest.update(block)
        return str(self.digest.hexdigest())


def updatable(plan: Plan, paths: Paths, old_file: Path, old: Layout) -> bool:
    """The last binder has the same parts in the same order and has not grown too much through updates."""
    return [row[0] for row in old.parts] == order(plan, paths) and old_file.stat().st_size <= old.compact_size * (1 + COMPACT_AFTER)


def make_binder(
    plan: Plan,
    parts: Mapping[str, Part],
    paths: Paths,
    target: Path,
    previous: tuple[Path, Layout] | None = None,
    entries: tuple[Entry, ...] | None = None,
    copy: Copy | None = None,
) -> Layout:
    """Write binder.pdf to `target` from the parts (by output path); update `previous` when that is cheaper.
    `entries`: the outline, when the caller has made it already (for 500 meetings it has ~11,000 bookmarks).
    `copy`: a copy of `previous`, made ahead (then `copy.used` tells whether the update took it)."""
    names = order(plan, paths)
    info = plan.trip.info
    if previous is not None:
        old_file, old = previous
        if updatable(plan, paths, old_file, old):
            if copy is not None and copy.size == old_file.stat().st_size:
                copy.file.replace(target)
                copy.used = True
            else:
                shutil.copyfile(old_file, target)
            changed = {name for name, row in zip(names, old.parts, strict=True) if row[1] != parts[name].sha256}
            marks = entries if entries is not None or old.outline is None else outline(plan, paths, parts, only=changed)
            try:
                return _update(target, old, [parts[name] for name in names], marks or outline(plan, paths, parts), info.title, info.traveler.name)
            except (UnsupportedPdf, OSError, ValueError):
                if copy is not None:
                    copy.used = False
                # written afresh below
    entries = entries if entries is not None else outline(plan, paths, parts)
    return _write(target, names, [parts[name] for name in names], entries, info.title, info.traveler.name)


def _write(target: Path, names: list[str], parts: list[Part], entries: tuple[Entry, ...], title: str, author: str) -> Layout:
    writer = PdfWriter(target)
    layout = Layout(size=FIRST_FREE)
    for name, part in zip(names, parts, strict=True):
        pages, layout.size = copy_pages(SourcePdf.open(part.file), layout.size, PAGES, writer.write)
        layout.parts.append([name, part.sha256, pages])
    _finish(writer, layout, entries, _identifier(layout), title, author)
    layout.compact_size = target.stat().st_size
    return layout


def _update(target: Path, old: Layout, parts: list[Part], entries: tuple[Entry, ...], title: str, author: str) -> Layout:
    """Append the changed parts, a new page list, new bookmarks and a new catalog to the copy at `target`."""
    writer = PdfWriter(target, append=True)
    layout = Layout(size=old.size, compact_size=old.compact_size)
    kept = set()
    for index, (row, part) in enumerate(zip(old.parts, parts, strict=True)):
        pages = row[2]
        if row[1] != part.sha256:
            pages, layout.size = copy_pages(SourcePdf.open(part.file), layout.size, PAGES, writer.write)
        else:
            kept.add(index)
        layout.parts.append([row[0], part.sha256, pages])
    _finish(writer, layout, entries, _identifier(old), title, author, old.outline, frozenset(kept))
    return layout


def _identifier(layout: Layout) -> bytes:
    digest = hashlib.sha256("\n".join(f"{name} {sha}" for name, sha, _ in layout.parts).encode()).hexdigest()[:32]
    return f"<{digest}>".encode()


def _finish(
    writer: PdfWriter, layout: Layout, entries: tuple[Entry, ...], identifier: bytes, title: str, author: str,
    old: Outline | None = None, kept: frozenset[int] = frozenset(),
) -> None:
    """The document information, the page list, the bookmarks (those of the `kept` parts as they are in `old`),
    the catalog, then the cross-reference section."""
    writer.write(INFO, b"<< /Title " + text_string(f"Binder: {title}") + b" /Author " + text_string(author) + b" /Producer (infoprep) >>")
    page_refs = [number for row in layout.parts for number in row[2]]
    kids = b" ".join(b"%d 0 R" % n for n in page_refs)
    writer.write(PAGES, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(page_refs), kids))
    objects, layout.outline, layout.size = _outline_objects(entries, page_refs, layout.size, old, kept)
    for number, body in sorted(objects.items()):
        writer.write(number, body)
    root = layout.outline.root
    writer.write(CATALOG, b"<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines /Lang (en) >>" % (PAGES, root))
    writer.close(layout.size, b"/Root %d 0 R /Info %d 0 R /ID [ %s %s ]" % (CATALOG, INFO, identifier, _identifier(layout)))


@dataclass
class Outline:
    """Where a binder's bookmarks are: the root, the top-level entries (Itinerary, then the days), and per part
    its own entry's number with its subtree's first and last child and count (0, 0, 0 when it has none)."""

    root: int
    top: list[int]
    parts: list[list[int]]

    def to_json(self) -> dict:  # type: ignore[type-arg]
        return {"root": self.root, "top": self.top, "parts": self.parts}

    @classmethod
    def from_json(cls, data: Mapping) -> Outline:  # type: ignore[type-arg]
        return cls(int(data["root"]), [int(n) for n in data["top"]], [[int(n) for n in row] for row in data["parts"]])


def _skeleton(entries: tuple[Entry, ...]) -> list[tuple[Entry, int | None]]:
    """Each part's own entry with the index in `entries` of its day, in binder order (the order of the parts):
    the first entry is the itinerary's (top-level: day None), then each day's meetings (see `outline`)."""
    out: list[tuple[Entry, int | None]] = [(entries[0], None)] if entries else []
    for at, entry in enumerate(entries[1:], start=1):
        out.extend((meeting, at) for meeting in entry.children)
    return out


def _outline_objects(
    entries: tuple[Entry, ...], page_refs: list[int], first: int, old: Outline | None = None, kept: frozenset[int] = frozenset()
) -> tuple[dict[int, bytes], Outline, int]:
    """The outline as numbered objects, new ones from `first` on: (objects, where they are, the next free number).

    With `old` (the outline of the binder being updated, same parts and days), the root, the days and the parts'
    own entries keep their numbers and are written again, and the parts in `kept` (unchanged since) keep their
    subtrees as they are: an update writes ~600 objects for 500 meetings instead of ~11,000."""
    parts = _skeleton(entries)
    if old is not None and (len(old.top) != len(entries) or len(old.parts) != len(parts)):
        old, kept = None, frozenset()
    size = first
    if old is None:
        root, size = size, size + 1
        top = list(range(size, size + len(entries)))
        size += len(entries)
        own = top[:1]
        for entry in entries[1:]:
            own.extend(range(size, size + len(entry.children)))
            size += len(entry.children)
    else:
        root, top, own = old.root, list(old.top), [row[0] for row in old.parts]
    out: dict[int, bytes] = {}

    def entry_object(entry: Entry, number: int, parent: int, siblings: list[int], at: int, kids: tuple[int, int, int]) -> None:
        page = page_refs[min(entry.page, len(page_refs) - 1)]
        body = [b"<< /Title ", text_string(entry.title), b" /Parent %d 0 R /Dest [ %d 0 R /XYZ null null null ]" % (parent, page)]
        if at > 0:
            body.append(b" /Prev %d 0 R" % siblings[at - 1])
        if at + 1 < len(siblings):
            body.append(b" /Next %d 0 R" % siblings[at + 1])
        if kids[2]:
            body.append(b" /First %d 0 R /Last %d 0 R /Count %d" % kids)
        body.append(b" >>")
        out[number] = b"".join(body)

    def subtree(level: tuple[Entry, ...], parent: int) -> tuple[int, int, int]:
        """Number and write `level` and everything under it; (first, last, count) for the parent."""
        nonlocal size
        if not level:
            return 0, 0, 0
        mine = list(range(size, size + len(level)))
        size += len(level)
        total = 0
        for at, (entry, number) in enumerate(zip(level, mine, strict=True)):
            kids = subtree(entry.children, number)
            entry_object(entry, number, parent, mine, at, kids)
            total += 1 + kids[2]
        return mine[0], mine[-1], total

    rows: list[list[int]] = []
    by_day: dict[int | None, list[int]] = {}
    for index, (_, day) in enumerate(parts):
        by_day.setdefault(day, []).append(index)
    counts: dict[int, int] = {}
    for index, (entry, day) in enumerate(parts):
        parent = root if day is None else top[day]
        if old is not None and index in kept:
            kids = (old.parts[index][1], old.parts[index][2], old.parts[index][3])
        else:
            kids = subtree(entry.children, own[index])
        siblings = top if day is None else [own[i] for i in by_day[day]]
        at = siblings.index(own[index])
        entry_object(entry, own[index], parent, siblings, at, kids)
        rows.append([own[index], *kids])
        counts[index] = kids[2]
    total = 0
    if entries:
        total += 1 + counts[0]
    for at, entry in enumerate(entries[1:], start=1):
        members = by_day.get(at, [])
        inner = sum(1 + counts[i] for i in members)
        kids = (own[members[0]], own[members[-1]], inner) if members else (0, 0, 0)
        entry_object(entry, top[at], root, top, at, kids)
        total += 1 + inner
    out[root] = b"<< /Type /Outlines /Count %d" % total + (b" /First %d 0 R /Last %d 0 R" % (top[0], top[-1]) if top else b"") + b" >>"
    return out, Outline(root, top, rows), size
