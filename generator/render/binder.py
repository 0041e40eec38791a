"""binder.pdf: the itinerary then every packet, in time order, with bookmarks per day and meeting.

Assembled from the PDFs already made, never re-rendered: pikepdf (qpdf, in C++)
copies their pages in about a tenth of the time pypdf took and keeps memory flat,
since page contents are streamed from the part files when the binder is saved.
Each part's own bookmarks come from the renderer (recorded when the part was made),
so the parts are not parsed for them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.plan.plan import Plan
from generator.render.paths import Paths
from generator.render.pdf import Bookmark


@dataclass(frozen=True)
class Part:
    """One PDF going into the binder."""

    file: Path
    outline: tuple[Bookmark, ...] = ()


@dataclass(frozen=True)
class Entry:
    """A binder bookmark: a title, the page of the binder it opens, and what nests under it."""

    title: str
    page: int
    children: tuple[Entry, ...] = ()


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


def outline(plan: Plan, paths: Paths, parts: Mapping[str, Part], pages: Mapping[str, int]) -> tuple[Entry, ...]:
    """The binder's bookmarks: Itinerary, then each day, each meeting, and the packet's own headings."""
    entries = [Entry("Itinerary", 0)]
    offset = pages[paths.itinerary_pdf]
    for day in plan.schedule.days:
        meetings = []
        first = offset
        for slot in day.slots:
            name = paths.packet_pdf(slot.meeting.id)
            person = slot.meeting.person.profile.name
            meetings.append(Entry(f"{slot.start.strftime('%H:%M')} {person}", offset, _shift(parts[name].outline, offset)))
            offset += pages[name]
        if meetings:
            entries.append(Entry(_day_label(day), first, tuple(meetings)))
    return tuple(entries)


def make_binder(plan: Plan, parts: Mapping[str, Part], paths: Paths, target: Path) -> None:
    """Write binder.pdf to `target` from the itinerary and packet PDFs named in `parts` (by output path)."""
    import pikepdf

    names = order(plan, paths)
    binder = pikepdf.new()
    pages: dict[str, int] = {}
    with contextlib.ExitStack() as stack:
        for name in names:
            source = stack.enter_context(pikepdf.open(parts[name].file))
            pages[name] = len(source.pages)
            binder.pages.extend(source.pages)
        with binder.open_outline() as tree:
            tree.root.extend(_items(outline(plan, paths, parts, pages)))
        info = plan.trip.info
        binder.docinfo["/Title"] = f"Binder: {info.title}"
        binder.docinfo["/Author"] = info.traveler.name
        binder.docinfo["/Producer"] = "infoprep"
        binder.Root.PageMode = pikepdf.Name.UseOutlines
        binder.save(target, deterministic_id=True)


def _items(entries: tuple[Entry, ...]) -> list:  # type: ignore[type-arg]
    from pikepdf import OutlineItem

    items = []
    for entry in entries:
        item = OutlineItem(entry.title, entry.page)
        item.children.extend(_items(entry.children))
        items.append(item)
    return items
