"""Meeting requests: the people to meet who have no meeting yet, and the times they offered, on the
trip's days.

A request is a person with `outreach.status` asked or scheduled and no meeting in schedule.yaml.
Their offered times come from `available:` and their .ics file; with neither, any time in working
hours will do. Busy times from the .ics file are taken out, and what is left is clipped to each
working day's hours (no weekend, public holiday or day of the user's own off, even when offered:
plan/working_days.py): the request's openings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from generator.content.availability import Period, WindowSpec, parse_window
from generator.content.models import MeetingFormat, OutreachStatus, Priority, Seniority
from generator.content.trip import Person, Trip
from generator.plan.lamp import rank_of, target_ranks
from generator.plan.network import SENIORITY_ORDER
from generator.plan.schedule import Schedule, place_in_time
from generator.plan.timeline import Booking, Rules
from generator.plan.travel import Place, person_place

PRIORITY_ORDER = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}
GRID = 15
"""Proposed and offered meetings start on the quarter hour (local time)."""


@dataclass(frozen=True)
class Offer:
    """A stretch of time a person offered (or, without windows, a working day), before clipping."""

    start: datetime
    """Aware."""

    end: datetime
    format: MeetingFormat
    source: str
    """Where it came from, for messages: the window as written, "assets/x.ics", or "working
    hours"."""


@dataclass(frozen=True)
class Opening:
    """Part of an offer inside one trip day's working hours and clear of the person's busy times."""

    day: date
    start: datetime
    end: datetime
    format: MeetingFormat
    source: str


@dataclass(frozen=True)
class Request:
    """Someone to place in the week."""

    person: Person
    duration: int
    """Minutes."""

    priority: Priority
    rank: int
    """0 for the most important request: who answered first, then priority; ties broken by the
    organisation's LAMP rank, then seniority, then name."""

    place: Place | None
    """Where an in-person meeting with them would be."""

    offers: tuple[Offer, ...]
    """What they offered (all of it, for the explanations)."""

    openings: tuple[Opening, ...]
    """What is left on the trip's days: where the request may go."""

    busy: tuple[Period, ...]
    """Busy times from their .ics file."""

    windows_given: bool
    """False when they offered nothing and any working time was assumed."""

    answered: bool = True
    """True when they replied (`replied_on`), offered times, or are marked scheduled; False for
    someone asked who never replied: they are placed only after everyone who did."""

    @property
    def standing(self) -> tuple[int, int]:
        """How strongly the week is shaped around them, smallest first: (not answered, priority)."""
        return (0 if self.answered else 1, PRIORITY_ORDER[self.priority])

    @property
    def name(self) -> str:
        return self.person.profile.name

    @property
    def slug(self) -> str:
        return self.person.slug


def priority_of(person: Person) -> Priority:
    if person.profile.priority is not None:
        return person.profile.priority
    return (
        Priority.HIGH if person.profile.seniority is Seniority.DECISION_MAKER else Priority.NORMAL
    )


def person_zone(person: Person, rules: Rules) -> ZoneInfo:
    return ZoneInfo(person.profile.timezone) if person.profile.timezone else rules.zone


def _window_offers(
    spec: WindowSpec, zone: ZoneInfo, rules: Rules, own: MeetingFormat
) -> list[Offer]:
    zone = ZoneInfo(spec.zone) if spec.zone else zone
    formats = [MeetingFormat(f) for f in spec.formats] or [own]
    if spec.day is not None:
        dates = [spec.day]
    else:
        first, last = rules.days[0] - timedelta(days=1), rules.days[-1] + timedelta(days=1)
        dates = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        dates = [d for d in dates if d.weekday() == spec.weekday]
    offers = []
    for day in dates:
        start = place_in_time(datetime.combine(day, spec.start), zone)[0]
        end = place_in_time(datetime.combine(day, spec.end), zone)[0]
        offers += [Offer(start, end, fmt, spec.text) for fmt in formats]
    return offers


def offers_of(person: Person, rules: Rules) -> tuple[list[Offer], bool]:
    """Everything the person offered, and whether they offered anything at all (else: working
    hours)."""
    own = person.profile.format or MeetingFormat.IN_PERSON
    zone = person_zone(person, rules)
    offers = []
    for text in person.profile.available:
        offers += _window_offers(parse_window(text), zone, rules, own)
    calendar = person.calendar
    if calendar is not None:
        offers += [Offer(p.start, p.end, own, calendar.file) for p in calendar.offered]
    if offers:
        return offers, True
    source = f"free time in {calendar.file}" if calendar is not None else "working hours"
    return [Offer(*rules.hours(day), own, source) for day in rules.workdays], False


def _minus(
    start: datetime, end: datetime, busy: Iterable[Period]
) -> list[tuple[datetime, datetime]]:
    """[start, end) without the busy periods."""
    pieces = [(start, end)]
    for period in busy:
        left = []
        for a, b in pieces:
            if period.end <= a or period.start >= b:
                left.append((a, b))
                continue
            if a < period.start:
                left.append((a, period.start))
            if period.end < b:
                left.append((period.end, b))
        pieces = left
    return pieces


def openings_of(
    offers: Iterable[Offer], busy: tuple[Period, ...], rules: Rules
) -> tuple[Opening, ...]:
    found = []
    for offer in offers:
        for day in rules.workdays:
            first, last = rules.hours(day)
            start, end = max(offer.start, first), min(offer.end, last)
            if end <= start:
                continue
            for a, b in _minus(start, end, busy):
                found.append(Opening(day, a, b, offer.format, offer.source))
    return tuple(_merged(found))


def _merged(found: list[Opening]) -> list[Opening]:
    """Openings of one day and format that overlap or touch become one (named by the first's
    source): hundreds of windows written over each other are one opening, not hundreds of options in
    propose's model."""
    out: list[Opening] = []
    for opening in sorted(found, key=lambda o: (o.day, o.format.value, o.start, o.end, o.source)):
        last = out[-1] if out else None
        if (
            last is not None
            and (last.day, last.format) == (opening.day, opening.format)
            and opening.start <= last.end
        ):
            if opening.end > last.end:
                out[-1] = dataclasses.replace(last, end=opening.end)
            continue
        out.append(opening)
    return sorted(out, key=lambda o: (o.start, o.end, o.format.value, o.source))


def request_for(person: Person, trip: Trip, rules: Rules, rank: int = 0) -> Request:
    """A request for `person` (also used for the drafts' offers to people not yet asked)."""
    offers, given = offers_of(person, rules)
    busy = person.calendar.busy if person.calendar else ()
    return Request(
        person=person,
        duration=person.profile.duration or trip.info.defaults.duration,
        priority=priority_of(person),
        rank=rank,
        place=person_place(person),
        offers=tuple(sorted(offers, key=lambda o: (o.start, o.end, o.format.value, o.source))),
        openings=openings_of(offers, busy, rules),
        busy=busy,
        windows_given=given,
        answered=answered(person, given),
    )


def answered(person: Person, windows_given: bool) -> bool:
    """Whether they answered the request: a reply date, times offered, or marked scheduled."""
    outreach = person.profile.outreach
    if windows_given or outreach is None:
        return True
    return outreach.replied_on is not None or outreach.status is OutreachStatus.SCHEDULED


def requests_of(trip: Trip, schedule: Schedule, rules: Rules) -> tuple[Request, ...]:
    """Everyone asked (or marked scheduled) with no meeting yet, most important first: who answered
    (replied or offered times) before who never replied, then by priority, the organisation's LAMP
    rank, seniority and name."""
    met = {slot.meeting.person.slug for slot in schedule.slots}
    waiting = [
        person
        for slug, person in sorted(trip.people.items())
        if slug not in met
        and person.profile.outreach is not None
        and person.profile.outreach.status in (OutreachStatus.ASKED, OutreachStatus.SCHEDULED)
    ]
    made = {person.slug: request_for(person, trip, rules) for person in waiting}
    ranks = target_ranks(trip)  # within a standing, the higher-ranked organisation first (LAMP)
    waiting.sort(
        key=lambda p: (
            made[p.slug].standing,
            rank_of(p, ranks),
            SENIORITY_ORDER[p.profile.seniority],
            p.profile.name.casefold(),
            p.slug,
        )
    )
    return tuple(replace(made[person.slug], rank=rank) for rank, person in enumerate(waiting))


def booking_for(request: Request, opening: Opening, start: datetime) -> Booking:
    """The request held at `start` in `opening`, as the timeline sees it."""
    in_person = opening.format is MeetingFormat.IN_PERSON
    return Booking(
        request.name,
        start,
        start + timedelta(minutes=request.duration),
        opening.format,
        request.place if in_person else None,
        None,
        False,
    )


def starts(request: Request, opening: Opening, zone: ZoneInfo) -> Iterator[datetime]:
    """Every quarter-hour start in `opening` that leaves room for the whole meeting, earliest
    first."""
    start = opening.start + timedelta(minutes=(-opening.start.astimezone(zone).minute) % GRID)
    while start + timedelta(minutes=request.duration) <= opening.end:
        yield start
        start += timedelta(minutes=GRID)
