"""binder.pdf: the itinerary then every packet, in time order, with bookmarks per day and meeting.

Assembled from the PDFs already made (pypdf), not re-rendered: merging costs
seconds where rendering one huge document costs minutes, and memory stays flat.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from pypdf import PdfReader, PdfWriter
from pypdf.generic import Destination

from generator.plan.plan import Plan
from generator.render.paths import Paths


def _copy_outline(writer: PdfWriter, reader: PdfReader, items: list, offset: int, parent) -> None:  # type: ignore[no-untyped-def]
    last = None
    for item in items:
        if isinstance(item, list):
            if last is not None:
                _copy_outline(writer, reader, item, offset, last)
            continue
        if isinstance(item, Destination):
            page = reader.get_destination_page_number(item)
            last = writer.add_outline_item(title=item.title or "", page_number=(page or 0) + offset, parent=parent)


def make_binder(plan: Plan, pdfs: Mapping[str, bytes], paths: Paths) -> bytes:
    writer = PdfWriter()
    itinerary = PdfReader(io.BytesIO(pdfs[paths.itinerary_pdf]))
    writer.append(itinerary, import_outline=False)
    writer.add_outline_item(title="Itinerary", page_number=0)
    for day in plan.schedule.days:
        if not day.slots:
            continue
        day_item = None
        for slot in day.slots:
            reader = PdfReader(io.BytesIO(pdfs[paths.packet_pdf(slot.meeting.id)]))
            offset = len(writer.pages)
            writer.append(reader, import_outline=False)
            if day_item is None:
                label = f"{day.date.strftime('%A')}, {day.date.strftime('%B')} {day.date.day}"
                day_item = writer.add_outline_item(title=label, page_number=offset)
            person = slot.meeting.person.profile.name
            meeting_item = writer.add_outline_item(title=f"{slot.start.strftime('%H:%M')} {person}", page_number=offset, parent=day_item)
            _copy_outline(writer, reader, reader.outline, offset, meeting_item)
    info = plan.trip.info
    writer.add_metadata({"/Title": f"Binder: {info.title}", "/Author": info.traveler.name, "/Producer": "infoprep"})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
