"""Images in Markdown that will not be shown: remote, absolute, outside assets/, or missing.

The renderer drops them (no network, no files outside the content folder); this check tells the
traveler which field held them, so a missing picture is explained.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from generator.content.scalars import asset_path
from generator.content.trip import Company, Person, Trip
from generator.errors import Finding, Level, Location

_IMAGE = re.compile(
    r"!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE
)


def _bad_images(text: str | None, root: Path) -> Iterator[tuple[int, str, str]]:
    """(line offset in the text, the image's address, what is wrong with it) for each image that
    will not show."""
    if not text:
        return
    for match in _IMAGE.finditer(text):
        src = match.group(1) or match.group(2)
        line = text.count("\n", 0, match.start())
        if not asset_path(src):
            yield line, src, "only images inside the content's assets/ folder are used"
        elif not _asset_file(root, src):
            yield line, src, "there is no such file in the content folder"


def _asset_file(root: Path, src: str) -> bool:
    """Whether an image address under assets/ names a file (the address may be %-encoded, and carry
    ?query or #part)."""
    relative = unquote(src.split("#", 1)[0].split("?", 1)[0])
    try:
        return (root / relative).is_file()
    except (OSError, ValueError):
        return False


def _message(field: str, src: str, why: str) -> str:
    return f"{field}: image {src[:60]!r} will not be shown: {why}"


def image_findings(trip: Trip) -> Iterator[Finding]:
    fields: list[tuple[Location, str, str | None]] = []
    for person in trip.people.values():
        for name in ("background", "notes"):
            fields.append((person.source.at(name), name, getattr(person.profile, name)))
    for company in trip.companies.values():
        for name in ("overview", "notes"):
            fields.append((company.source.at(name), name, getattr(company.profile, name)))
    for meeting in trip.meetings:
        for name in ("agenda", "outcome"):
            fields.append((meeting.source.at(name), name, getattr(meeting.entry, name)))
        if meeting.entry.follow_up:
            fields.append(
                (meeting.source.at("follow_up"), "follow_up.thanks", meeting.entry.follow_up.thanks)
            )
    fields.append((trip.source.at("traveler"), "traveler.pitch", trip.info.traveler.pitch))
    for location, name, text in fields:
        for offset, src, why in _bad_images(text, trip.root):
            # Block scalars start on the line after the key.
            line = location.line + offset + (1 if offset or (text or "").count("\n") else 0)
            yield Finding(Level.WARNING, Location(location.file, line), _message(name, src, why))
    profiles: list[Person | Company] = [*trip.people.values(), *trip.companies.values()]
    for profile in profiles:
        md_file = profile.source.location.file.removesuffix(".yaml") + ".md"
        for offset, src, why in _bad_images(profile.research, trip.root):
            yield Finding(
                Level.WARNING, Location(md_file, offset + 1), _message("research notes", src, why)
            )
