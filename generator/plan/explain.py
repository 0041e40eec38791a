"""Why a request could not be placed, in words that name the conflict.

Each time the person offered is looked at against the final week, with the timeline's rule
(plan/timeline.py): outside the trip, outside working hours, busy in their calendar, too short for
the meeting, a day already at its most, or which meeting (and which trip between them) is in the
way. "Marcus Webb: the only window offered, Tue 18 May 14:00-15:00, overlaps Jae-won Park
(14:00-14:45) and the 35-minute trip between them."
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from generator.plan.requests import Offer, Opening, Request, booking_for, starts
from generator.plan.timeline import Booking, Clash, Rules, clash
from generator.plan.working_days import DayOff


def _hm(moment: datetime, rules: Rules) -> str:
    return moment.astimezone(rules.zone).strftime("%H:%M")


def day_label(day: date, rules: Rules) -> str:
    return rules.dates.short_date(day)


def span_label(start: datetime, end: datetime, rules: Rules) -> str:
    """ "Tue 18 May 14:00-15:00" in the trip's time (and the date of the end when it is another
    day)."""
    local_start, local_end = start.astimezone(rules.zone), end.astimezone(rules.zone)
    tail = (
        _hm(end, rules)
        if local_end.date() == local_start.date()
        else f"{day_label(local_end.date(), rules)} {_hm(end, rules)}"
    )
    return f"{day_label(local_start.date(), rules)} {_hm(start, rules)}-{tail}"


def _who(booking: Booking, rules: Rules) -> str:
    tag = "" if booking.fixed else ", proposed"
    return f"{booking.name} ({_hm(booking.start, rules)}-{_hm(booking.end, rules)}{tag})"


def _clashes(
    request: Request, opening: Opening, days: dict[date, list[Booking]], rules: Rules
) -> tuple[list[Clash], int]:
    """The distinct reasons quarter-hour starts in `opening` fail, and how many starts fit."""
    found: list[Clash] = []
    fits = 0
    for start in starts(request, opening, rules.zone):
        problem = clash(days[opening.day], booking_for(request, opening, start), rules)
        if problem is None:
            fits += 1
        elif problem not in found:
            found.append(problem)
    return found, fits


def _names(bookings: list[Booking], rules: Rules) -> str:
    shown = [_who(b, rules) for b in bookings]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _describe_clashes(clashes: list[Clash], rules: Rules, day: date) -> str:
    if any(c.booking is None for c in clashes):
        return (
            f"falls on a day that already has {rules.per_day[1]} meetings, the most per_day allows"
        )
    overlapped: list[Booking] = []
    close: dict[Booking, int] = {}
    for item in clashes:
        assert item.booking is not None
        if item.needed < 0:
            if item.booking not in overlapped:
                overlapped.append(item.booking)
        else:
            close[item.booking] = max(close.get(item.booking, 0), item.travel)
    parts = []
    if overlapped:
        trips = sorted({close[b] for b in overlapped if close.get(b)})
        part = f"overlaps {_names(overlapped, rules)}"
        if trips:
            part += f" and the {trips[-1]}-minute trip between them"
        parts.append(part)
    rest = [b for b in close if b not in overlapped]
    for booking in rest:
        travel = close[booking]
        if travel:
            parts.append(
                f"leaves no room for the {rules.buffer}-minute buffer and the {travel}-minute trip "
                f"to or from {_who(booking, rules)}"
            )
        else:
            parts.append(
                f"leaves no room for the {rules.buffer}-minute buffer around {_who(booking, rules)}"
            )
    return "; it also ".join(parts)


def _offer_reasons(
    request: Request, offer: Offer, days: dict[date, list[Booking]], rules: Rules
) -> list[tuple[str, str]]:
    """(the time, what is wrong with it) for one offered stretch."""
    label = span_label(offer.start, offer.end, rules)
    touched = [
        d
        for d in rules.days
        if offer.start < rules.hours(d)[1] + timedelta(hours=12)
        and offer.end > rules.hours(d)[0] - timedelta(hours=12)
    ]
    if not touched:
        return [
            (
                label,
                f"is outside the trip ({day_label(rules.days[0], rules)} to "
                f"{day_label(rules.days[-1], rules)})",
            )
        ]
    mine = [
        o
        for o in request.openings
        if o.source == offer.source
        and o.format is offer.format
        and o.start < offer.end
        and o.end > offer.start
    ]
    if not mine:
        in_hours = [
            d
            for d in rules.days
            if offer.start < rules.hours(d)[1] and offer.end > rules.hours(d)[0]
        ]
        workdays = rules.workdays
        off = [
            o
            for d in in_hours
            if d not in workdays and (o := rules.calendar.day_off(d)) is not None
        ]
        if off and len(off) == len(in_hours):
            return [(label, f"is on {_day_off_words(off[0], rules)}, a day without meetings")]
        if not in_hours:
            first, last = (t.strftime("%H:%M") for t in rules.day_hours)
            return [(label, f"is outside working hours ({first}-{last})")]
        calendar = request.person.calendar
        return [(label, f"is busy in {calendar.file if calendar else 'their calendar'}")]
    long_enough = [o for o in mine if o.end - o.start >= timedelta(minutes=request.duration)]
    if not long_enough:
        return [
            (
                span_label(mine[0].start, mine[0].end, rules),
                f"is too short for a {request.duration}-minute meeting",
            )
        ]
    fixed_only = {day: [b for b in bookings if b.fixed] for day, bookings in days.items()}
    reasons = []
    for opening in long_enough:
        # What the user's own meetings rule out says most; only when they leave room, name the
        # proposals in the way.
        clashes, fits = _clashes(request, opening, fixed_only, rules)
        if fits:
            clashes, fits = _clashes(request, opening, days, rules)
        if clashes and not fits:
            reasons.append(
                (
                    span_label(opening.start, opening.end, rules),
                    _describe_clashes(clashes, rules, opening.day),
                )
            )
    return reasons or [(label, "fits no quarter-hour start")]


def _day_off_words(off: DayOff, rules: Rules) -> str:
    """ "the Spring bank holiday", "one of your days off", "a weekend day" (Saturday 29 May)."""
    day = day_label(off.date, rules)
    if off.holiday:
        return f"{off.name} ({day})"
    return f"one of your days off ({day})" if off.own else f"the weekend ({day})"


def explain(request: Request, days: dict[date, list[Booking]], rules: Rules) -> str:
    """One sentence (or a few, joined by semicolons) on why `request` is not in the week."""
    reasons = list(
        dict.fromkeys(
            r for offer in request.offers for r in _offer_reasons(request, offer, days, rules)
        )
    )
    if request.windows_given and len(request.offers) == 1 and len(reasons) == 1:
        label, what = reasons[0]
        return f"{request.name}: the only window offered, {label}, {what}"
    body = "; ".join(f"{label} {what}" for label, what in reasons)
    if not request.windows_given:
        return f"{request.name}: no windows given, and no working hour of the trip fits: {body}"
    return f"{request.name}: none of the {len(request.offers)} windows offered fits: {body}"
