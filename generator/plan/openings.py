"""What is still open in the week: free time each day, real slots to offer a person, meetings to
move.

Pure: the Trip, its Schedule and `today` in. Every fit is judged by the timeline's one rule
(plan/timeline.py), so a slot offered in a draft is one `infoprep propose` would accept too. Free
time on a day counts the buffer but not travel (the place of a meeting not yet asked for is
unknown); a slot offered to a person also counts the travel to and from their organisation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from generator.content.catalog import N_, Words
from generator.content.models import MeetingFormat
from generator.content.trip import Person, Trip
from generator.plan.requests import GRID, booking_for, offers_of, request_for, starts
from generator.plan.schedule import Schedule, Slot
from generator.plan.timeline import Booking, Rules, booking_of, bookings_by_day, clash, insert
from generator.plan.working_days import WorkingCalendar

OFFER_COUNT = 3
"""Slots offered in one draft: enough for a yes, few enough to read in one line."""


@dataclass(frozen=True)
class FreeRange:
    """A stretch of a day where another meeting could go (buffers kept)."""

    start: datetime
    end: datetime
    label: str
    """"10:30-12:00", "after 16:00", "before 10:00" or "all day"."""


@dataclass(frozen=True)
class DayOpenings:
    """A trip day's room for one more meeting."""

    date: date
    free: int
    """How many more meetings of the default length fit (within per_day's most)."""

    ranges: tuple[FreeRange, ...]
    """Where they fit, in time order."""

    summary: str
    """"2 slots free: 10:30-12:00 and after 16:00", or "full (4 meetings)"."""


@dataclass(frozen=True)
class OfferedSlot:
    """One time to offer someone."""

    start: datetime
    """Aware, in the recipient's time zone when they have one, else the trip's."""

    end: datetime
    format: MeetingFormat
    label: str
    """"Tuesday 18 May at 10:30", or with "your time" and the trip's clock for someone elsewhere."""


@dataclass(frozen=True)
class SlotOffer:
    """Two or three open slots for a draft."""

    slots: tuple[OfferedSlot, ...]
    choices: str
    """The slots joined for a sentence: "Tuesday 18 May at 10:30 or Wednesday at 14:00"."""
    video_too: bool
    """True when the slots are in person and a video call is worth offering as well."""


@dataclass(frozen=True)
class Move:
    """A meeting that clashes and should move, with the times that would work instead."""

    slot: Slot
    reason: str
    """What is wrong with it now."""

    offer: SlotOffer | None


@dataclass(frozen=True)
class Openings:
    days: tuple[DayOpenings, ...]
    """Working days of the trip from today on (a day off has no free slots to list)."""

    offers: Mapping[str, SlotOffer] = field(default_factory=dict)
    """By person slug: slots for the people still to ask."""

    moves: tuple[Move, ...] = ()
    """Meetings to reschedule."""


def _hm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _quarter(moment: datetime, rules: Rules, up: bool) -> datetime:
    local = moment.astimezone(rules.zone)
    past = timedelta(
        minutes=local.minute % GRID, seconds=local.second, microseconds=local.microsecond
    )
    if not past:
        return moment
    return moment - past + (timedelta(minutes=GRID) if up else timedelta(0))


def day_openings(day: date, bookings: list[Booking], rules: Rules, duration: int) -> DayOpenings:
    first, last = rules.hours(day)
    buffer = timedelta(minutes=rules.buffer)
    length = timedelta(minutes=duration)
    room = rules.per_day[1] - len(bookings)
    if room <= 0:
        return DayOpenings(
            day,
            0,
            (),
            rules.words.phrases("full (%(num)s meeting)", "full (%(num)s meetings)", len(bookings)),
        )
    ranges: list[FreeRange] = []
    fits = 0
    cursor = first
    ordered = sorted(bookings, key=lambda b: b.start)
    for edge in [*ordered, None]:
        end = min(last, edge.start - buffer) if edge is not None else last
        # Shown on the quarter hour: a range starts on the next one and ends on the one before.
        cursor = _quarter(cursor, rules, up=True) if cursor != first else cursor
        end = _quarter(end, rules, up=False) if end != last else end
        if end - cursor >= length:
            local_start, local_end = cursor.astimezone(rules.zone), end.astimezone(rules.zone)
            words = rules.words
            if cursor == first and end == last:
                label = words.gettext("all day")
            elif end == last:
                label = words.phrase("after %(time)s", time=_hm(local_start))
            elif cursor == first:
                label = words.phrase("before %(time)s", time=_hm(local_end))
            else:
                label = f"{_hm(local_start)}-{_hm(local_end)}"
            ranges.append(FreeRange(local_start, local_end, label))
            fits += int((end - cursor + buffer) // (length + buffer))
        if edge is not None:
            cursor = max(cursor, edge.end + buffer)
    free = min(room, fits)
    if not free:
        return DayOpenings(day, 0, (), rules.words.gettext("no room left"))
    # room for fewer meetings than there are ranges: any one of them ("12:15-13:30 or after 15:15")
    where = listed([r.label for r in ranges], rules.words, "or" if free < len(ranges) else "and")
    summary = rules.words.phrases(
        "%(num)s slot free: %(where)s", "%(num)s slots free: %(where)s", free, where=where
    )
    return DayOpenings(day, free, tuple(ranges), summary)


def listed(items: list[str], words: Words, last: str) -> str:
    """Items for a sentence in the language's words: "a, b and c" (`last` "and") or "a, b or c"
    ("or")."""
    if len(items) == 1:
        return items[0]
    phrase = N_("%(items)s and %(last)s") if last == "and" else N_("%(items)s or %(last)s")
    return words.phrase(phrase, items=words.gettext(", ").join(items[:-1]), last=items[-1])


def _label(
    start: datetime, first: bool, rules: Rules, zone: ZoneInfo, long_trip: bool, city: str
) -> str:
    local = start.astimezone(zone)
    day = (
        rules.dates.day_heading(local.date())
        if first or long_trip
        else rules.dates.weekday(local.date())
    )
    if str(zone) != str(rules.zone):
        return rules.words.phrase(
            "%(day)s at %(time)s your time (%(trip_time)s in %(city)s)",
            day=day,
            time=_hm(local),
            trip_time=_hm(start.astimezone(rules.zone)),
            city=city,
        )
    return rules.words.phrase("%(day)s at %(time)s", day=day, time=_hm(local))


def offer_for(
    person: Person, trip: Trip, days: dict[date, list[Booking]], rules: Rules, today: date
) -> SlotOffer | None:
    """Up to three slots on different days that fit the person's windows and the week; thin days
    first."""
    return _offer(person, trip, days, rules, today)[0]


def _offer(
    person: Person, trip: Trip, days: dict[date, list[Booking]], rules: Rules, today: date
) -> tuple[SlotOffer | None, list[Booking]]:
    """The offer, and the bookings its slots would be (held, so no one else is offered them)."""
    request = request_for(person, trip, rules)
    best: dict[date, tuple[datetime, MeetingFormat, Booking]] = {}
    for opening in request.openings:
        if opening.day <= today or opening.day in best:
            continue
        for start in starts(request, opening, rules.zone):
            booking = booking_for(request, opening, start)
            if clash(days[opening.day], booking, rules) is None:
                best[opening.day] = (start, opening.format, booking)
                break
    if not best:
        return None, []
    chosen = sorted(best, key=lambda d: (len(days[d]) >= rules.per_day[0], d))[:OFFER_COUNT]
    zone = ZoneInfo(person.profile.timezone) if person.profile.timezone else rules.zone
    long_trip = len(rules.days) > 6
    slots = []
    for index, day in enumerate(sorted(chosen)):
        start, fmt, _ = best[day]
        end = start + timedelta(minutes=request.duration)
        slots.append(
            OfferedSlot(
                start.astimezone(zone),
                end.astimezone(zone),
                fmt,
                _label(start, index == 0, rules, zone, long_trip, trip.info.city),
            )
        )
    labels = [s.label for s in slots]
    choices = listed(labels, rules.words, "or")
    video_too = all(s.format is MeetingFormat.IN_PERSON for s in slots)
    return SlotOffer(tuple(slots), choices, video_too), [best[day][2] for day in chosen]


def _move_reason(slot: Slot, others: list[Booking], rules: Rules, trip: Trip) -> str | None:
    """Why a scheduled meeting should move: it clashes with an earlier one, or leaves the times
    offered."""
    mine = booking_of(slot)
    earlier = [b for b in others if b.start <= mine.start]
    unlimited = replace(rules, per_day=(rules.per_day[0], 10_000))
    problem = clash(earlier, mine, unlimited)
    if problem is not None and problem.booking is not None:
        other = problem.booking.name
        if problem.needed < 0:
            return rules.words.phrase("overlaps the meeting with %(name)s", name=other)
        return rules.words.phrase(
            "leaves less than the %(minutes)s minutes needed after the meeting with %(name)s",
            minutes=problem.needed,
            name=other,
        )
    first, last = rules.hours(rules.local_day(slot.start))
    if slot.start < first or slot.end > last:
        return rules.words.gettext("is outside working hours")
    return availability_problem(slot, rules)


def availability_problem(slot: Slot, rules: Rules) -> str | None:
    """Why the person cannot make a scheduled meeting by what they sent: it falls outside every
    window they offered (`available:` or the offered times of their .ics), or in a busy time of
    their .ics.

    `check` warns with it and the network page's "meetings to move" lists it. A window
    they offered on a day off still counts here: they chose it.
    """
    person = slot.meeting.person
    offers, given = offers_of(person, rules)
    if given and not any(o.start <= slot.start and slot.end <= o.end for o in offers):
        return rules.words.gettext("is outside the times they offered")
    calendar = person.calendar
    if calendar is not None and any(
        b.start < slot.end and slot.start < b.end for b in calendar.busy
    ):
        return rules.words.phrase("is busy in their calendar (%(file)s)", file=calendar.file)
    return None


def plan_openings(
    trip: Trip,
    schedule: Schedule,
    today: date,
    to_ask: tuple[Person, ...] = (),
    calendar: WorkingCalendar | None = None,
) -> Openings:
    rules = Rules.of(trip, calendar)
    days = bookings_by_day(schedule, rules)
    duration = trip.info.defaults.duration
    open_days = tuple(
        day_openings(day, days[day], rules, duration) for day in rules.workdays if day >= today
    )
    offers = {}
    held = {day: list(bookings) for day, bookings in days.items()}
    for person in to_ask:  # most important first: each is offered slots no one before was
        offer, holds = _offer(person, trip, held, rules, today)
        if offer is not None:
            offers[person.slug] = offer
        for booking in holds:
            day = rules.local_day(booking.start)
            held[day] = insert(held[day], booking)
    moves = []
    for slot in schedule.slots:
        day = rules.local_day(slot.start)
        if day not in days or day < today:
            continue
        mine = booking_of(slot)
        others = [b for b in days[day] if b != mine]
        reason = _move_reason(slot, others, rules, trip)
        if reason is None:
            continue
        without = {**days, day: others}
        moves.append(
            Move(slot, reason, offer_for(slot.meeting.person, trip, without, rules, today))
        )
    return Openings(open_days, offers, tuple(moves))
