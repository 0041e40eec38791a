"""The week in time: days, meetings in order, local and UTC times, gaps, leave-by times.

Pure: the Trip in, a Schedule out. Every time-zone conversion in infoprep goes through
`place_in_time`, so there is one rule for daylight-saving gaps and folds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from generator.content.models import MeetingFormat
from generator.content.trip import Meeting, Trip

ARRIVE_EARLY = 10
"""Minutes to arrive before an in-person meeting."""


class ClockIssue(str, Enum):
    NONEXISTENT = "nonexistent"
    AMBIGUOUS = "ambiguous"


def place_in_time(local: datetime, zone: ZoneInfo) -> tuple[datetime, ClockIssue | None]:
    """An aware datetime for a wall-clock time, and whether that wall-clock time is odd.

    A time skipped by a daylight-saving jump does not exist: it is read with the offset before
    the jump (fold=0) and shown as the real wall-clock time after it (02:30 becomes 03:30).
    A time repeated when clocks go back is ambiguous and resolves to its first occurrence.
    """
    aware = local.replace(tzinfo=zone, fold=0)
    real = aware.astimezone(timezone.utc).astimezone(zone)
    if real.replace(tzinfo=None) != local:
        return real, ClockIssue.NONEXISTENT
    if aware.utcoffset() != local.replace(tzinfo=zone, fold=1).utcoffset():
        return real, ClockIssue.AMBIGUOUS
    return real, None


def as_of(value: date | datetime, zone: ZoneInfo) -> datetime:
    """The instant a plan is "as of": a date means the start of that day in the trip's zone, a naive
    date and time is read in the trip's zone, an aware one is taken as it is."""
    if isinstance(value, datetime):
        return value.astimezone(zone) if value.tzinfo else place_in_time(value, zone)[0]
    return place_in_time(datetime.combine(value, datetime.min.time()), zone)[0]


def map_url(address: str) -> str:
    """An OpenStreetMap search for the address: no API key, works on any phone."""
    return f"https://www.openstreetmap.org/search?query={quote_plus(address)}"


@dataclass(frozen=True)
class Slot:
    """A meeting placed in time, with everything needed to get there."""

    meeting: Meeting
    start: datetime
    """Aware, in the trip's time zone."""

    end: datetime
    own_start: datetime
    """Aware, in the meeting's own time zone (the same as `start` unless it names one)."""

    own_end: datetime
    duration: int
    clock_issue: ClockIssue | None
    location: str | None
    map_url: str | None
    dress: str
    leave_by: datetime | None
    """When to leave the previous place, for in-person meetings with travel time."""

    gap_before: int | None
    """Free minutes since the previous meeting of the day ended (negative: overlap)."""

    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(timezone.utc)

    @property
    def end_utc(self) -> datetime:
        return self.end.astimezone(timezone.utc)

    @property
    def in_person(self) -> bool:
        return self.meeting.entry.format is MeetingFormat.IN_PERSON

    @property
    def other_zone(self) -> bool:
        return str(self.own_start.tzinfo) != str(self.start.tzinfo)


@dataclass(frozen=True)
class Day:
    date: date
    slots: tuple[Slot, ...]
    in_trip: bool
    """False for a day outside the trip's dates that still has a meeting."""

    @property
    def dress_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(slot.dress for slot in self.slots if slot.in_person))


@dataclass(frozen=True)
class Schedule:
    zone: ZoneInfo
    days: tuple[Day, ...]
    slots: tuple[Slot, ...]
    """Every meeting in time order."""


def _location(meeting: Meeting) -> str | None:
    if meeting.entry.location:
        return meeting.entry.location
    if (
        meeting.entry.format is MeetingFormat.IN_PERSON
        and meeting.company
        and meeting.company.profile.address
    ):
        return meeting.company.profile.address
    return None


def _place(trip: Trip, meeting: Meeting, zone: ZoneInfo) -> Slot:
    """The meeting in time and space; `gap_before` is filled in once the week is in order."""
    own_zone = ZoneInfo(meeting.entry.timezone) if meeting.entry.timezone else zone
    own_start, issue = place_in_time(meeting.entry.start, own_zone)
    duration = meeting.entry.duration or trip.info.defaults.duration
    own_end = (own_start.astimezone(timezone.utc) + timedelta(minutes=duration)).astimezone(
        own_zone
    )
    start = own_start.astimezone(zone)
    location = _location(meeting)
    in_person = meeting.entry.format is MeetingFormat.IN_PERSON
    travel = meeting.entry.travel
    company_dress = meeting.company.profile.dress if meeting.company else None
    return Slot(
        meeting=meeting,
        start=start,
        end=own_end.astimezone(zone),
        own_start=own_start,
        own_end=own_end,
        duration=duration,
        clock_issue=issue,
        location=location,
        map_url=map_url(location) if location and in_person else None,
        dress=company_dress or trip.info.defaults.dress,
        leave_by=start - timedelta(minutes=travel + ARRIVE_EARLY) if in_person and travel else None,
        gap_before=None,
    )


def build_schedule(trip: Trip) -> Schedule:
    zone = ZoneInfo(trip.info.timezone)
    placed = sorted(
        (_place(trip, m, zone) for m in trip.meetings),
        key=lambda s: (s.start_utc, s.meeting.number),
    )
    slots: list[Slot] = []
    previous_end: datetime | None = None
    for slot in placed:
        same_day = previous_end is not None and previous_end.date() == slot.start.date()
        if same_day and previous_end is not None:
            slot = replace(slot, gap_before=int((slot.start - previous_end).total_seconds() // 60))
            previous_end = max(previous_end, slot.end)
        else:
            previous_end = slot.end
        slots.append(slot)
    dates = {
        trip.info.start + timedelta(days=n)
        for n in range((trip.info.end - trip.info.start).days + 1)
    }
    dates |= {slot.start.date() for slot in slots}
    days = tuple(
        Day(
            d, tuple(s for s in slots if s.start.date() == d), trip.info.start <= d <= trip.info.end
        )
        for d in sorted(dates)
    )
    return Schedule(zone, days, tuple(slots))
