"""Pocket cards: each day's meetings packed onto 5 x 3 inch cards, never splitting a meeting.

A card is printed as one page of its own, so a meeting that does not fit used to spill onto a second
page without its day's heading (and split across two cards). Here each card's height is estimated
from its text before it is printed: a day's meetings go on one card at the normal size if they fit,
else at a denser size (`dense`, then `tight`), and only a day that does not fit even then continues
on the next card ("(continued)"), between meetings.

The estimate is deliberately pessimistic (wide letters, a word-wrap allowance, CJK at a full em): a
card judged too full is only printed a little smaller. The geometry mirrors the `body.pocket` rules
in the themes' print.css; change them together.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from generator.content.catalog import Words
from generator.content.models import MeetingFormat
from generator.content.phones import display_phone
from generator.render.contexts import DayView, MeetingRow, PocketCard, PocketRow

PT = 25.4 / 72
"""Millimetres in a point."""

CARD_HEIGHT = 3 * 25.4 - 2 * 6
"""The card's content height (3 in less the 6 mm margins), in mm."""

TEXT_WIDTH = 5 * 25.4 - 2 * 6
"""The card's content width, in mm."""
WRAP = 1.06
"""Lines break between words, so a line holds less than its width in letters."""
FITS = 0.97
"""Text estimated this close to a full line may still wrap: the widths are measured only to a few
per cent."""

SLACK = 1.5
"""Millimetres a card keeps free for the estimate's error."""


@dataclass(frozen=True)
class _Size:
    """One density of card, as print.css sets it (sizes in pt)."""

    label: str
    """The card's class in print.css."""

    name: float
    small: float
    line: float
    """line-height, as a multiple of the name's size: every line of a cell is at least this tall,
    small text too."""

    padding: float
    """Padding above and below each meeting."""

    time_column: float
    """Width of the time column, in ems of the name's size."""

    heading: float
    """The day's heading and its margin, in mm."""

    foot: float
    """The foot line and its margin, in mm."""


NORMAL = _Size(
    label="normal", name=9, small=7.5, line=1.3, padding=3, time_column=5.2, heading=7.6, foot=5.0
)
DENSE = _Size(
    label="dense", name=8, small=6.8, line=1.18, padding=1.5, time_column=5.2, heading=6.1, foot=4.4
)
TIGHT = _Size(
    label="tight", name=7, small=6.3, line=1.12, padding=1, time_column=5.2, heading=5.6, foot=3.9
)
SIZES = (NORMAL, DENSE, TIGHT)
"""Tried in order: the first a day fits at is used."""


def pocket_cards(
    days: Sequence[DayView], country: str | None = None, words: Words | None = None
) -> tuple[PocketCard, ...]:
    """The cards for days with meetings, in order: one per day unless a day cannot fit one even
    printed small.

    Phone numbers are written as on every other page (content/phones.py), read in the trip's
    `country`. `words`: the trip's language (a card's place is measured in the words it is printed
    in).
    """
    words = words or Words()
    cards: list[PocketCard] = []
    for day in days:
        rows = [pocket_row(row, country, words) for row in day.rows]
        if not rows:
            continue
        size = next(
            (size for size in SIZES if card_height(rows, size) <= CARD_HEIGHT - SLACK), None
        )
        if size is not None:
            cards.append(PocketCard(day, tuple(rows), False, False, size.label))
            continue
        parts = _pack(rows, SIZES[-1])
        for index, part in enumerate(parts):
            cards.append(
                PocketCard(day, tuple(part), index > 0, index + 1 < len(parts), SIZES[-1].label)
            )
    return tuple(cards)


def pocket_row(
    row: MeetingRow, country: str | None = None, words: Words | None = None
) -> PocketRow:
    words = words or Words()
    slot = row.slot
    entry = slot.meeting.entry
    if entry.format is MeetingFormat.VIDEO:
        place = (
            words.phrase("Video call (%(time)s for them)", time=row.own_time)
            if row.own_time
            else words.gettext("Video call")
        )
    elif entry.format is MeetingFormat.PHONE:
        place = (
            words.phrase("Phone call (%(time)s for them)", time=row.own_time)
            if row.own_time
            else words.gettext("Phone call")
        )
    else:
        place = slot.location or words.gettext("address to confirm")
    phone = row.person.profile.phone
    return PocketRow(row, place, display_phone(phone, country) if phone else None)


def _pack(rows: list[PocketRow], size: _Size) -> list[list[PocketRow]]:
    """Cards each holding as many whole meetings as fit (at least one)."""
    parts: list[list[PocketRow]] = [[]]
    for row in rows:
        if parts[-1] and card_height([*parts[-1], row], size) > CARD_HEIGHT - SLACK:
            parts.append([])
        parts[-1].append(row)
    return parts


def card_height(rows: Sequence[PocketRow], size: _Size) -> float:
    """The estimated height of a card holding `rows`, in mm."""
    return size.heading + size.foot + sum(_row_height(row, size) for row in rows)


def _row_height(row: PocketRow, size: _Size) -> float:
    # less the time column and both cells' padding
    width = TEXT_WIDTH - size.time_column * size.name * PT - 8 * PT
    name = _width(row.row.person.profile.name, size.name, bold=True)
    company = _width(" · " + row.row.company.short, size.small) if row.row.company else 0.0
    place = _width(row.place + (f" · {row.phone}" if row.phone else ""), size.small)
    name_lines = _lines(name + company, width)
    place_lines = _lines(place, width)
    details = (name_lines + place_lines) * size.name * size.line
    time = size.name * size.line * (2 if row.row.slot.leave_by else 1)
    return (max(details, time) + 2 * size.padding + 0.5) * PT


def _lines(width: float, available: float) -> int:
    """Lines for text of `width`: one if it fits, else as many as the text needs with what word
    wrapping wastes."""
    return 1 if width <= FITS * available else math.ceil(width * WRAP / available)


def _width(text: str, points: float, bold: bool = False) -> float:
    """The printed width of `text` in mm: a full em for wide (CJK) letters, Noto Sans's widths
    (rounded up) for the rest.

    Measured against WeasyPrint on the names, titles and addresses of the test trips: within -7 % to
    +20 % (median +6 %).
    """
    ems = sum(_em(ch) for ch in text) * (1.07 if bold else 1.0)
    return ems * points * PT


def _em(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in "WF":
        return 1.0
    if ch == " ":
        return 0.26
    if ch in ".,:;·'()-/":
        return 0.32
    if ch.isdigit():
        return 0.57
    if ch.isupper():
        return 0.68
    return 0.53 if ch.isascii() else 0.6  # Cyrillic and Greek letters run wider than Latin ones
