"""The outreach clock: how long each request has waited, in business days, and what to do next.

The rule (Steve Dalton's "3B7"): a request with no reply after 3 business days means asking a second
person at the same organisation; after 7 business days, one polite nudge to the first person.
Business days skip weekends and the trip country's public holidays, and a request sent after 12:00,
on a weekend or on a holiday counts from the next business day (working_days.py).

A request is a person with `outreach.status: asked` (or `no-reply`: you have given up waiting, so no
nudge, but a second person is still worth asking), an `asked_on` date, no `replied_on` and no
meeting in schedule.yaml. Pure: the day is a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from generator.content.models import OutreachStatus
from generator.content.trip import Company, Person, Trip
from generator.plan.network import SENIORITY_ORDER, Network
from generator.plan.steps_state import StepState, state_on
from generator.plan.working_days import WorkingCalendar

SECOND_PERSON_AFTER = 3
"""Business days without a reply before asking a second person at the organisation."""

NUDGE_AFTER = 7
"""Business days without a reply before the one nudge to the first person."""

ASKED = (
    OutreachStatus.ASKED,
    OutreachStatus.SCHEDULED,
    OutreachStatus.NO_REPLY,
    OutreachStatus.DECLINED,
)
"""Statuses that say a request went out: someone with one of them has been asked already."""


class StepKind(str, Enum):
    SECOND_PERSON = "second-person"
    NUDGE = "nudge"


@dataclass(frozen=True)
class SecondPerson:
    """Who else to ask at the organisation of a request that has had no reply."""

    organisation: Company
    candidate: Person | None
    """The best one still to ask there: the most senior (decision-makers first, then down the
    chain); None if nobody."""

    others: tuple[Person, ...]
    """The rest still to ask there, most senior first."""

    elsewhere: Person | None = None
    """When nobody else there is in people/: the first person still to ask at the highest-ranked
    organisation on the LAMP list (plan/lamp.py), so the request that went unanswered still leads to
    a next one."""


@dataclass(frozen=True)
class OutreachStep:
    """The next thing to do about one request."""

    kind: StepKind
    person: Person
    """Whose request it is (the first person)."""

    due: date
    state: StepState
    second: SecondPerson | None = None
    """For a second-person step: the organisation and whom to ask."""

    @property
    def summary(self) -> str:
        """The step in words, for the terminal and the pages."""
        name = self.person.profile.name
        if self.kind is StepKind.NUDGE:
            return f"nudge {name}: one short, polite follow-up to the request"
        assert self.second is not None
        where = self.second.organisation.short
        if self.second.candidate is None:
            also = ""
            if self.second.elsewhere is not None:
                other = self.second.elsewhere
                at = f" at {other.company.profile.name}" if other.company else ""
                also = f"; meanwhile ask {other.profile.name}{at}, next on your target list"
            return (
                f"ask a second person at {where}: nobody else there is in people/ yet, so find one "
                f"(infoprep who {self.second.organisation.slug}){also}"
            )
        candidate = self.second.candidate.profile
        role = f", {candidate.title}" if candidate.title else ""
        return f"ask a second person at {where}: {candidate.name}{role}"


@dataclass(frozen=True)
class RequestClock:
    """One request's clock."""

    person: Person
    asked: date | datetime
    """`outreach.asked_on` as written (local to the person's zone)."""

    counts_from: date
    """The business day the clock starts on."""

    waited: int
    """Business days since `counts_from` as of the plan's day (0 on the day itself)."""

    second_person_on: date
    """The day a second person is due (3 business days on)."""

    nudge_on: date
    """The day the nudge is due (7 business days on)."""

    skipped: tuple[tuple[date, str], ...]
    """Public holidays the clock stepped over up to the nudge day, with their names."""

    steps: tuple[OutreachStep, ...]
    """The steps still to take, due or not, in date order (none once both are done)."""

    @property
    def next_step(self) -> OutreachStep | None:
        return self.steps[0] if self.steps else None

    @property
    def asked_day(self) -> date:
        """The day the request was sent."""
        return self.asked.date() if isinstance(self.asked, datetime) else self.asked


def is_waiting(person: Person, scheduled: set[str]) -> bool:
    """A request that went out and has had no answer: the clock runs. Times they offered
    (`available:`) are an answer, as `propose` reads them, even without a `replied_on`."""
    outreach = person.profile.outreach
    return (
        outreach is not None
        and outreach.status in (OutreachStatus.ASKED, OutreachStatus.NO_REPLY)
        and outreach.asked_on is not None
        and outreach.replied_on is None
        and not person.profile.available
        and person.slug not in scheduled
    )


def second_person(person: Person, network: Network) -> SecondPerson | None:
    """Whom else to ask at the person's organisation; None when someone else there has been asked
    already (the step is done) or the person has no organisation."""
    company = person.company
    if company is None:
        return None
    colleagues = [
        c for c in network.contacts if c.person.company is company and c.person.slug != person.slug
    ]
    if any(c.status in ASKED for c in colleagues):
        return None
    to_ask = sorted(
        (c.person for c in colleagues if c.status is OutreachStatus.TO_ASK),
        key=lambda p: (SENIORITY_ORDER[p.profile.seniority], p.profile.name.casefold()),
    )
    elsewhere = None
    if not to_ask:
        others = (c.person for c in network.to_ask if c.person.company is not company)
        elsewhere = next(others, None)
    return SecondPerson(company, to_ask[0] if to_ask else None, tuple(to_ask[1:]), elsewhere)


def request_clock(
    person: Person, network: Network, calendar: WorkingCalendar, today: date
) -> RequestClock:
    outreach = person.profile.outreach
    assert outreach is not None and outreach.asked_on is not None
    start = calendar.clock_start(outreach.asked_on)
    second_on = calendar.add(start, SECOND_PERSON_AFTER)
    nudge_on = calendar.add(start, NUDGE_AFTER)
    steps = []
    second = second_person(person, network)
    if second is not None:
        steps.append(
            OutreachStep(
                StepKind.SECOND_PERSON, person, second_on, state_on(second_on, today), second
            )
        )
    if outreach.status is OutreachStatus.ASKED and outreach.nudged_on is None:
        steps.append(OutreachStep(StepKind.NUDGE, person, nudge_on, state_on(nudge_on, today)))
    return RequestClock(
        person=person,
        asked=outreach.asked_on,
        counts_from=start,
        waited=calendar.between(start, today),
        second_person_on=second_on,
        nudge_on=nudge_on,
        skipped=calendar.skipped(
            outreach.asked_on
            if not isinstance(outreach.asked_on, datetime)
            else outreach.asked_on.date(),
            nudge_on,
        ),
        steps=tuple(steps),
    )


def plan_clocks(
    trip: Trip, network: Network, calendar: WorkingCalendar, today: date
) -> dict[str, RequestClock]:
    """Every waiting request's clock, by person slug."""
    scheduled = {m.person.slug for m in trip.meetings}
    return {
        slug: request_clock(person, network, calendar, today)
        for slug, person in sorted(trip.people.items())
        if is_waiting(person, scheduled)
    }
