"""A day as a line of bookings, and the one rule for whether another meeting fits in it.

The rule (used by the proposal, its explanations, the open slots and the drafts): consecutive
meetings on a day are at least `defaults.buffer` minutes apart, plus the travel into the later one
when it is in person. Travel into a meeting is the user's `travel:` when the schedule gives one,
else the estimate from where you are (plan/travel.py): the previous in-person meeting's place (a
call is taken wherever you are), or the lodging for the day's first. The day holds at most
`per_day`'s maximum, inside `day_hours`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from generator.content.catalog import Words, words_for
from generator.content.models import MeetingFormat, TravelMode
from generator.content.trip import Trip
from generator.plan.dates import DateStyle
from generator.plan.schedule import Schedule, Slot, place_in_time
from generator.plan.travel import Place, estimate_minutes, meeting_place
from generator.plan.working_days import WorkingCalendar, working_calendar


@dataclass(frozen=True)
class Booking:
    """A meeting on the timeline: fixed in schedule.yaml, or proposed."""

    name: str
    """Who, for messages."""

    start: datetime
    """Aware."""

    end: datetime
    format: MeetingFormat
    place: Place | None
    """Where, for an in-person meeting whose place is known."""

    written_travel: int | None
    """The schedule's own `travel:` for this meeting, when written; it wins over any estimate."""
    fixed: bool
    """True for a meeting already in schedule.yaml."""

    @property
    def in_person(self) -> bool:
        return self.format is MeetingFormat.IN_PERSON


@dataclass(frozen=True)
class Rules:
    """The trip's rules for a day, from trip.yaml."""

    zone: ZoneInfo
    buffer: int
    per_day: tuple[int, int]
    day_hours: tuple[time, time]
    mode: TravelMode
    lodging: Place | None
    days: tuple[date, ...]
    """The trip's days."""

    dates: DateStyle = DateStyle()
    """How the trip writes dates (defaults.locale): every day named in a proposal or an offer goes
    through it."""

    calendar: WorkingCalendar = WorkingCalendar()
    """Which of the days are working days (weekends, public holidays and the user's days off are
    not)."""
    words: Words = Words()
    """How the trip words the open slots and offers it names (its page language's catalog)."""
    after: date | None = None
    """No meeting is proposed on this day or before (`propose` during the trip: today)."""

    @classmethod
    def of(cls, trip: Trip, calendar: WorkingCalendar | None = None) -> Rules:
        """The trip's rules; `calendar` when the caller has one already (else the trip's, over its
        own years)."""
        info = trip.info
        lodging = info.lodging
        place = Place(lodging.name, lodging.address, lodging.geo) if lodging else None
        days = tuple(
            info.start + timedelta(days=n) for n in range((info.end - info.start).days + 1)
        )
        defaults = info.defaults
        zone = ZoneInfo(info.timezone)
        words = words_for(defaults.page_language, info.translations)
        return cls(
            zone,
            defaults.buffer,
            defaults.per_day,
            defaults.day_hours,
            defaults.travel_mode,
            place,
            days,
            DateStyle(defaults.date_locale),
            calendar or working_calendar(info),
            words,
        )

    @property
    def workdays(self) -> tuple[date, ...]:
        """The trip's working days (plan/working_days.py): the only days a meeting is proposed or
        offered on, and where per_day's fewest is wanted.

        A trip with none (a weekend trip) works every day but the user's own days off.
        """
        working = tuple(day for day in self.days if self.calendar.is_working_day(day))
        days = working or tuple(day for day in self.days if day not in self.calendar.own)
        return tuple(day for day in days if self.after is None or day > self.after)

    def hours(self, day: date) -> tuple[datetime, datetime]:
        """The day's working hours, aware (a DST day's are still its local hours)."""
        first, last = self.day_hours
        return place_in_time(datetime.combine(day, first), self.zone)[0], place_in_time(
            datetime.combine(day, last), self.zone
        )[0]

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()


def booking_of(slot: Slot) -> Booking:
    meeting = slot.meeting
    written = meeting.entry.travel if "travel" in meeting.source.key_lines else None
    return Booking(
        meeting.person.profile.name,
        slot.start,
        slot.end,
        meeting.entry.format,
        meeting_place(meeting),
        written,
        True,
    )


def bookings_by_day(
    schedule: Schedule, rules: Rules, leave_out: str | None = None
) -> dict[date, list[Booking]]:
    """The schedule's meetings on each trip day, in time order (`leave_out`: a meeting id to pretend
    away)."""
    out: dict[date, list[Booking]] = {day: [] for day in rules.days}
    for slot in schedule.slots:
        if slot.meeting.id == leave_out:
            continue
        day = rules.local_day(slot.start)
        if day in out:
            out[day].append(booking_of(slot))
    return out


def travel_into(
    previous: Booking | None, where: Place | None, booking: Booking, rules: Rules
) -> int:
    """Minutes of travel into `booking` from `where` (the place you are after `previous`)."""
    if not booking.in_person:
        return 0
    if booking.written_travel is not None:
        return booking.written_travel
    return estimate_minutes(where, booking.place, rules.mode) or 0


def positions(day: Sequence[Booking], rules: Rules) -> list[Place | None]:
    """Where you are after each booking: its place if in person, else where you were before it."""
    where = rules.lodging
    out = []
    for booking in day:
        if booking.in_person:
            where = booking.place
        out.append(where)
    return out


@dataclass(frozen=True)
class Clash:
    """Why a meeting does not fit at a time: a booking in the way, and how much room was needed."""

    booking: Booking | None
    """The meeting in the way (None: the day is full)."""

    needed: int
    """Minutes that had to be free between them (buffer plus travel); -1 for an outright overlap."""

    travel: int
    """The travel part of `needed`."""


def clash(day: Sequence[Booking], candidate: Booking, rules: Rules) -> Clash | None:
    """The first reason `candidate` cannot join `day` (in time order), or None when it fits."""
    if len(day) >= rules.per_day[1]:
        return Clash(None, 0, 0)
    for booking in day:
        if booking.start < candidate.end and candidate.start < booking.end:
            return Clash(booking, -1, 0)
    before = [b for b in day if b.start <= candidate.start]
    after = [b for b in day if b.start > candidate.start]
    where = positions(before, rules)[-1] if before else rules.lodging
    if before:
        previous = before[-1]
        travel = travel_into(previous, where, candidate, rules)
        needed = rules.buffer + travel
        if (candidate.start - max(b.end for b in before)) < timedelta(minutes=needed):
            return Clash(previous, needed, travel)
    if after:
        following = after[0]
        here = candidate.place if candidate.in_person else where
        travel = travel_into(candidate, here, following, rules)
        needed = rules.buffer + travel
        if (following.start - candidate.end) < timedelta(minutes=needed):
            return Clash(following, needed, travel)
    return None


def insert(day: Iterable[Booking], booking: Booking) -> list[Booking]:
    return sorted([*day, booking], key=lambda b: (b.start, b.end, b.name))
