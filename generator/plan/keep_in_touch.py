"""Keeping in touch after the trip: when each person with a `keep_in_touch` is due a ping.

The people who get hired are the ones who stay in touch: a close contact monthly, others a few times
a year. The interval counts from the latest contact infoprep knows of: a meeting (planned ones too,
so the calendar has the next ping from the start), a reply, or `last_contact`. Pure: the day is a
parameter.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from generator.content.entry_models import Debrief
from generator.content.trip import Person, Trip
from generator.plan.schedule import Schedule
from generator.plan.steps_state import StepState, state_on

MONTHS = {"monthly": 1, "quarterly": 3, "twice-a-year": 6}


@dataclass(frozen=True)
class Ping:
    person: Person
    every: str
    """The interval in words: "quarterly", "every 6 weeks"."""

    last: date
    """The latest contact."""

    last_was: str
    """What it was: "meeting", "reply" or "last contact"."""

    due: date
    state: StepState
    debrief: Debrief | None = None
    """The debrief of your latest meeting with them, if it has one: the note says what you did with
    their advice."""


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 month =
    28 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_ping(last: date, cadence: int | str) -> date:
    if isinstance(cadence, int):
        return last + timedelta(weeks=cadence)
    return add_months(last, MONTHS[cadence])


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def plan_pings(trip: Trip, schedule: Schedule, today: date) -> dict[str, Ping]:
    """The next ping of everyone with a keep_in_touch and a contact to count from, by slug."""
    met: dict[str, date] = {}
    debriefs: dict[str, Debrief] = {}
    for slot in schedule.slots:  # in time order: the latest debrief wins
        slug = slot.meeting.person.slug
        met[slug] = max(met.get(slug, slot.start.date()), slot.start.date())
        if slot.meeting.entry.debrief is not None:
            debriefs[slug] = slot.meeting.entry.debrief
    out = {}
    for slug, person in sorted(trip.people.items()):
        cadence = person.profile.keep_in_touch
        if cadence is None:
            continue
        outreach = person.profile.outreach
        contacts = [(met[slug], "meeting")] if slug in met else []
        if outreach is not None and outreach.replied_on is not None:
            contacts.append((_day(outreach.replied_on), "reply"))
        if person.profile.last_contact is not None:
            contacts.append((person.profile.last_contact, "last contact"))
        if not contacts:
            continue
        last, what = max(contacts, key=lambda c: c[0])
        due = next_ping(last, cadence)
        every = (
            f"every {cadence} week{'s' * (cadence != 1)}" if isinstance(cadence, int) else cadence
        )
        out[slug] = Ping(person, every, last, what, due, state_on(due, today), debriefs.get(slug))
    return out
