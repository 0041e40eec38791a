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
from datetime import date, timedelta

from generator.content.catalog import Words
from generator.content.models import MeetingFormat
from generator.content.phones import display_phone
from generator.plan.working_days import DayOff
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
    printed small. `days`: every day of the trip, so the last card before a break (a long weekend,
    a day off) can say when the meetings start again and why.

    Phone numbers are written as on every other page (content/phones.py), read in the trip's
    `country`. `words`: the trip's language (a card's place is measured in the words it is printed
    in).
    """
    words = words or Words()
    cards: list[PocketCard] = []
    meeting_days = [day for day in days if day.rows]
    for index, day in enumerate(meeting_days):
        rows = [pocket_row(row, country, words) for row in day.rows]
        following = meeting_days[index + 1] if index + 1 < len(meeting_days) else None
        next_day, days_off = _break_after(day, following, days)
        extra = 1 if next_day else 0
        size = next((s for s in SIZES if card_height(rows, s, extra) <= CARD_HEIGHT - SLACK), None)
        parts = [rows] if size is not None else _pack(rows, SIZES[-1], extra)
        label = (size or SIZES[-1]).label
        for number, part in enumerate(parts):
            last = number + 1 == len(parts)
            cards.append(
                PocketCard(
                    day,
                    tuple(part),
                    number > 0,
                    not last,
                    label,
                    next_day if last else None,
                    days_off if last else (),
                )
            )
    return tuple(cards)


def _break_after(
    day: DayView, following: DayView | None, days: Sequence[DayView]
) -> tuple[date | None, tuple[DayOff, ...]]:
    """The next day with meetings when at least one day without any lies between, and one day off
    of each reason among those in between (a weekend's two days are one "weekend")."""
    if following is None or following.day.date - day.day.date <= timedelta(days=1):
        return None, ()
    between = [d for d in days if day.day.date < d.day.date < following.day.date]
    reasons: dict[tuple[str, str | None], DayOff] = {}
    for off in (d.day_off for d in between if d.day_off is not None):
        reasons.setdefault((off.kind.value, off.name), off)
    return following.day.date, tuple(reasons.values())


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


def _pack(rows: list[PocketRow], size: _Size, extra: int = 0) -> list[list[PocketRow]]:
    """Cards each holding as many whole meetings as fit (at least one), each leaving room for
    `extra` foot lines (the last card's "Then no meetings until ...")."""
    parts: list[list[PocketRow]] = [[]]
    for row in rows:
        if parts[-1] and card_height([*parts[-1], row], size, extra) > CARD_HEIGHT - SLACK:
            parts.append([])
        parts[-1].append(row)
    return parts


def card_height(rows: Sequence[PocketRow], size: _Size, extra: int = 0) -> float:
    """The estimated height of a card holding `rows` and `extra` more foot lines, in mm."""
    return size.heading + size.foot * (1 + extra) + sum(_row_height(row, size) for row in rows)


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
