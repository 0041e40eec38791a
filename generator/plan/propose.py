"""Propose the week: place the waiting requests around the fixed meetings, with the week as a
constraint model (plan/week_model.py: CP-SAT).

Pure: the Trip and its Schedule in, a Proposal out; the solver's limits are parameters. Whatever the
solver leaves out is tried once more, most important first, against the timeline's rule, and what
still does not fit is explained in words (plan/explain.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone

from generator.content.models import MeetingFormat
from generator.content.trip import Trip
from generator.errors import ContentError, Finding, Level
from generator.plan.explain import explain
from generator.plan.requests import Opening, Request, booking_for, requests_of, starts
from generator.plan.schedule import Schedule
from generator.plan.timeline import (
    Booking,
    Rules,
    bookings_by_day,
    clash,
    insert,
    positions,
    travel_into,
)
from generator.plan.travel import Place, estimate_minutes
from generator.plan.week_model import MAX_NODES_PER_DAY, ModelTooLarge, SolverLimits, solve_week


@dataclass(frozen=True)
class Proposed:
    """A request placed in the week."""

    request: Request
    start: datetime
    """Aware, in the trip's time zone."""

    end: datetime
    format: MeetingFormat
    place: Place | None
    opening: Opening


@dataclass(frozen=True)
class Unplaced:
    request: Request
    reason: str
    """Why, in words that name the conflict."""


@dataclass(frozen=True)
class WeekRow:
    """One line of the proposed week's table: a fixed or a proposed meeting."""

    day: date
    start: datetime
    end: datetime
    name: str
    format: MeetingFormat
    place: str
    """The place's name, or the format for a call."""

    travel_in: int
    """Minutes of travel into this meeting (0 for calls)."""

    travel_from: str | None
    """Where that travel starts (the lodging or the previous place), when there is travel."""
    estimated: bool
    """True when the travel is infoprep's estimate, not the schedule's own `travel:`."""

    unknown: bool
    """True for an in-person meeting whose travel cannot be estimated (a place without geo): the
    buffer must do."""
    proposed: Proposed | None
    """The proposal, for a proposed meeting; None for a fixed one."""


@dataclass(frozen=True)
class Proposal:
    requests: tuple[Request, ...]
    placed: tuple[Proposed, ...]
    unplaced: tuple[Unplaced, ...]
    rows: tuple[WeekRow, ...]
    """Every meeting of the trip's days, fixed and proposed, in time order."""

    solver_status: str
    """"optimal", "feasible" (the limit was reached first), "no requests", ...; for the report."""

    stopped_by_clock: bool = False
    """The wall-clock limit ended the search: another run may propose differently."""

    per_day_short: tuple[date, ...] = field(default=())
    """Weekdays of the trip left with fewer meetings than `per_day`'s minimum."""


# ----- the proposal ------------------------------------------------------------------------------


def _first_fit(
    request: Request, days: dict[date, list[Booking]], rules: Rules
) -> tuple[Opening, datetime] | None:
    """The earliest quarter-hour start, in the request's openings, that the timeline's rule
    accepts."""
    for opening in request.openings:
        for start in starts(request, opening, rules.zone):
            if clash(days[opening.day], booking_for(request, opening, start), rules) is None:
                return opening, start
    return None


def _too_large(
    exc: ModelTooLarge, requests: tuple[Request, ...], limits: SolverLimits
) -> ContentError:
    """The refusal, at the `available:` (or `available_ics:`) of the request with the most
    openings."""
    most = max(requests, key=lambda r: (len(r.openings), -r.rank))
    field_name = (
        "available"
        if most.person.profile.available or most.person.calendar is None
        else "available_ics"
    )
    if exc.day is None:
        why = f"building the week's model took longer than the time limit ({limits.seconds:g} s)"
    else:
        why = (
            f"{exc.day:%a %d %b} would weigh {exc.nodes} meetings and options, more than "
            f"{MAX_NODES_PER_DAY}"
        )
    message = (
        f"propose cannot weigh this week: {why}; {most.name} offers the most ({len(most.openings)} "
        "openings). "
        "Give fewer, longer windows"
    )
    return ContentError([Finding(Level.ERROR, most.person.source.at(field_name), message)])


def propose_week(
    trip: Trip, schedule: Schedule, limits: SolverLimits | None = None, today: date | None = None
) -> Proposal:
    """`today`: nothing is proposed on it or before (a request sent now cannot be met today)."""
    limits = limits or SolverLimits()
    rules = Rules.of(trip)
    if today is not None:
        rules = replace(rules, after=today)
    requests = requests_of(trip, schedule, rules)
    fixed = bookings_by_day(schedule, rules)
    # In UTC: minutes from a zone-aware origin are wall-clock minutes, an hour off over a clock
    # change.
    origin = datetime.combine(rules.days[0], time(0), tzinfo=rules.zone).astimezone(timezone.utc)
    if requests:
        try:
            chosen, status, by_clock = solve_week(requests, fixed, rules, limits, origin)
        except ModelTooLarge as exc:
            raise _too_large(exc, requests, limits) from None
    else:
        chosen, status, by_clock = {}, "no requests", False
    days = {day: list(bookings) for day, bookings in fixed.items()}
    placed: list[Proposed] = []
    for request in requests:
        if request.slug not in chosen:
            continue
        opening, minute = chosen[request.slug]
        start = (origin + timedelta(minutes=minute)).astimezone(rules.zone)
        booking = booking_for(request, opening, start)
        days[opening.day] = insert(days[opening.day], booking)
        placed.append(Proposed(request, start, booking.end, opening.format, booking.place, opening))
    for request in requests:  # what the solver left out, tried once more against the same rule
        if request.slug in chosen:
            continue
        fit = _first_fit(request, days, rules)
        if fit is not None:
            opening, start = fit
            booking = booking_for(request, opening, start)
            days[opening.day] = insert(days[opening.day], booking)
            placed.append(
                Proposed(request, start, booking.end, opening.format, booking.place, opening)
            )
    placed_slugs = {p.request.slug for p in placed}
    unplaced = tuple(
        Unplaced(r, explain(r, days, rules)) for r in requests if r.slug not in placed_slugs
    )
    placed.sort(key=lambda p: (p.start, p.request.rank))
    return Proposal(
        requests=requests,
        placed=tuple(placed),
        unplaced=unplaced,
        rows=_rows(days, placed, rules),
        solver_status=status,
        stopped_by_clock=by_clock,
        per_day_short=tuple(day for day in rules.workdays if len(days[day]) < rules.per_day[0]),
    )


def _rows(
    days: dict[date, list[Booking]], placed: list[Proposed], rules: Rules
) -> tuple[WeekRow, ...]:
    by_booking = {(p.request.name, p.start): p for p in placed}
    rows = []
    for day in rules.days:
        bookings = days[day]
        where = positions(bookings, rules)
        for index, booking in enumerate(bookings):
            before = where[index - 1] if index else rules.lodging
            travel = travel_into(bookings[index - 1] if index else None, before, booking, rules)
            proposal = None if booking.fixed else by_booking.get((booking.name, booking.start))
            place = (
                (booking.place.name if booking.place else "(no address)")
                if booking.in_person
                else booking.format.value
            )
            rows.append(
                WeekRow(
                    day=day,
                    start=booking.start.astimezone(rules.zone),
                    end=booking.end.astimezone(rules.zone),
                    name=booking.name,
                    format=booking.format,
                    place=place,
                    travel_in=travel,
                    travel_from=(before.name if before else None) if travel else None,
                    estimated=booking.written_travel is None,
                    unknown=booking.in_person
                    and booking.written_travel is None
                    and estimate_minutes(before, booking.place, rules.mode) is None,
                    proposed=proposal,
                )
            )
    return tuple(rows)
