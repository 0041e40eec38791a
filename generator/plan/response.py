"""Dalton's response types: who answers a request quickly (booster), late (obligate), or never
(curmudgeon).

Boosters, who reply within 3 business days, are the ones who go on to champion you; Dalton advises
spending your time on them. Read from `outreach.asked_on`, `outreach.replied_on` and the meetings: a
meeting, or times they offered (`available:`), is a reply (a booster, when no `replied_on` says how
fast); a request still inside its 3 business days has no type yet; `status: no-reply` is a
curmudgeon at once, and `status: declined` has no type (a quick no is not a booster). Pure: the
day is a parameter, business days come from the trip's working calendar.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from generator.content.models import OutreachStatus
from generator.content.trip import Person
from generator.plan.working_days import WorkingCalendar

BOOSTER_WITHIN = 3
"""Business days within which a reply makes a booster (the same 3 as the outreach clock's second
person)."""


class ResponseType(str, Enum):
    BOOSTER = "booster"
    OBLIGATE = "obligate"
    CURMUDGEON = "curmudgeon"


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def response_type(
    person: Person, met: bool, calendar: WorkingCalendar, today: date
) -> ResponseType | None:
    """Their type, or None while it cannot be told (never asked, or asked less than 3 business days
    ago)."""
    outreach = person.profile.outreach
    if outreach is not None and outreach.status is OutreachStatus.DECLINED:
        return None  # a quick "no" is no booster, and counts for nobody's advocacy
    asked = outreach.asked_on if outreach else None
    replied = outreach.replied_on if outreach else None
    if asked is not None and replied is not None:
        waited = calendar.between(calendar.clock_start(asked), _day(replied))
        return ResponseType.BOOSTER if waited <= BOOSTER_WITHIN else ResponseType.OBLIGATE
    if met or replied is not None or person.profile.available:  # offered times: an answer
        return ResponseType.BOOSTER
    if outreach is not None and outreach.status is OutreachStatus.NO_REPLY:
        return ResponseType.CURMUDGEON
    late = (
        asked is not None and calendar.between(calendar.clock_start(asked), today) > BOOSTER_WITHIN
    )
    if late and outreach is not None and outreach.status is OutreachStatus.ASKED:
        return ResponseType.CURMUDGEON
    return None
