"""The traveler's resume in the output: one file under a fixed name, linked from the itinerary and
the packets.

The file in the content folder is often named after its owner ("Niamh Ó Conaill CV 2027.pdf"); in
the output it is always `resume` plus its own extension, so no file name or link names anyone (a
private build seals it like every other file, as `resume.pdf.bin`). load.py has already checked that
the file exists inside the content folder.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from generator.content.models import Traveler
    from generator.content.trip import Trip

NAME = "resume"
_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")


def resume_path(traveler: Traveler) -> str | None:
    """Where the resume lands in the output ("resume.pdf"), or None without one."""
    if not traveler.resume:
        return None
    suffix = PurePosixPath(traveler.resume.replace("\\", "/")).suffix.lower()
    return NAME + (suffix if _SUFFIX.fullmatch(suffix) else "")


def resume_files(trip: Trip) -> dict[str, Path]:
    """The resume to copy into the output: {output path: the file in the content folder}."""
    path = resume_path(trip.info.traveler)
    if path is None or trip.info.traveler.resume is None:
        return {}
    return {path: trip.root / trip.info.traveler.resume}
