"""The LAMP list with what to do next at each organisation: `infoprep targets` and the network page.

The ranking is plan/lamp.py's; here each organisation gets the one next step that moves it forward,
first that applies: an open opportunity's step; a waiting request's step (nudge, ask a second
person); the next meeting there; the person to ask (the most senior still to ask); else find someone
there (nobody in people/ yet), or keep in touch (everyone there asked or met).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from generator.content.models import OutreachStatus
from generator.content.trip import Person, Trip
from generator.plan.lamp import Target, rank_targets
from generator.plan.network import SENIORITY_ORDER, Network
from generator.plan.opportunities import Opportunity, OpportunityStep
from generator.plan.outreach import OutreachStep, RequestClock
from generator.plan.response import ResponseType
from generator.plan.schedule import Schedule, Slot


class NextKind(str, Enum):
    OPPORTUNITY = "opportunity"
    WAITING = "waiting"
    MEET = "meet"
    ASK = "ask"
    FIND = "find"
    KEEP_IN_TOUCH = "keep-in-touch"


@dataclass(frozen=True)
class NextStep:
    kind: NextKind
    due: date | None = None
    person: Person | None = None
    opportunity: Opportunity | None = None
    step: OpportunityStep | None = None
    outreach: OutreachStep | None = None
    slot: Slot | None = None


@dataclass(frozen=True)
class Known:
    """Someone you know at a target, with where they stand."""

    person: Person
    status: OutreachStatus
    response: ResponseType | None


@dataclass(frozen=True)
class TargetRow:
    target: Target
    known: tuple[Known, ...]
    """Everyone you know there, closest first."""

    opportunities: tuple[Opportunity, ...]
    """Open opportunities there."""

    next: NextStep


def _next(
    target: Target,
    network: Network,
    clocks: dict[str, RequestClock],
    open_here: tuple[Opportunity, ...],
    schedule: Schedule,
    now_day: date,
) -> NextStep:
    for opportunity in open_here:
        if opportunity.next_step is not None:
            return NextStep(
                NextKind.OPPORTUNITY,
                opportunity.next_step.due,
                opportunity.next_step.person,
                opportunity,
                opportunity.next_step,
            )
    slugs = {p.slug for p in target.people}
    waiting = sorted(
        (s for c in clocks.values() if c.person.slug in slugs for s in c.steps), key=lambda s: s.due
    )
    if waiting:
        return NextStep(NextKind.WAITING, waiting[0].due, waiting[0].person, outreach=waiting[0])
    ahead = [
        s for s in schedule.slots if s.meeting.person.slug in slugs and s.start.date() >= now_day
    ]
    if ahead:
        return NextStep(
            NextKind.MEET, ahead[0].start.date(), ahead[0].meeting.person, slot=ahead[0]
        )
    to_ask = sorted(
        (
            c.person
            for c in network.contacts
            if c.person.slug in slugs and c.status is OutreachStatus.TO_ASK
        ),
        key=lambda p: (SENIORITY_ORDER[p.profile.seniority], p.profile.name.casefold()),
    )
    if to_ask:
        return NextStep(NextKind.ASK, person=to_ask[0])
    return NextStep(NextKind.KEEP_IN_TOUCH if target.people else NextKind.FIND)


def plan_targets(
    trip: Trip,
    network: Network,
    clocks: dict[str, RequestClock],
    opportunities: tuple[Opportunity, ...],
    schedule: Schedule,
    responses: dict[str, ResponseType],
    today: date,
) -> tuple[TargetRow, ...]:
    """The LAMP list in rank order, each with who you know there and the next step."""
    trip_people = {c.person.slug: c for c in network.contacts}
    rows = []
    for target in rank_targets(trip):
        here = tuple(o for o in opportunities if o.open and o.company is target.company)
        known = tuple(
            Known(p, trip_people[p.slug].status, responses.get(p.slug)) for p in target.people
        )
        rows.append(
            TargetRow(target, known, here, _next(target, network, clocks, here, schedule, today))
        )
    return tuple(rows)
