"""From conversations to offers: debrief leads and opportunities.yaml as one list, each with its
next step.

An opening mentioned over coffee, a referral offered, an application sent through a contact: each
debrief `leads:` item is an opportunity, and an opportunities.yaml entry with the same title and
organisation (case, spacing and accents aside) says where it stands. Career centres' rule of thumb
gives the next step: apply by the date that matters; check in 7-10 business days after an
application or a referral; tell whoever helped what happened, whatever it was. Pure: the day is a
parameter; business days come from the trip's working calendar.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import Enum

from generator.content.entry_models import Lead, LeadKind, OpportunityStatus
from generator.content.trip import Company, Person, Tracked, Trip
from generator.plan.debrief import company_of
from generator.plan.schedule import Schedule, Slot
from generator.plan.steps_state import StepState
from generator.plan.working_days import WorkingCalendar

CHECK_IN_AFTER = 7
"""Business days after an application or a referral before checking in (the window opens)."""

CHECK_IN_BY = 10
"""Business days after which the check-in is overdue (the window closes)."""

DECIDE_WITHIN = 5
"""Business days to decide on a lead with no date, or on an offer with no deadline."""

OPEN = (
    OpportunityStatus.LEAD,
    OpportunityStatus.APPLIED,
    OpportunityStatus.REFERRED,
    OpportunityStatus.INTERVIEWING,
    OpportunityStatus.OFFER,
)


class OpportunityStepKind(str, Enum):
    APPLY = "apply"
    """A lead: apply (or take up the referral) by its date."""
    CHECK_IN = "check-in"
    """Applied or referred: ask how it stands, 7-10 business days on."""

    INTERVIEW = "interview"
    """Interviewing: the next interview (its `next`)."""

    DECIDE = "decide"
    """An offer: answer it by its `next`."""

    TELL = "tell"
    """Tell the person it came through what happened."""


@dataclass(frozen=True)
class OpportunityStep:
    kind: OpportunityStepKind
    due: date
    until: date
    """The last day of its window (the same as `due` for a one-day step): overdue after it."""

    state: StepState
    person: Person | None = None
    """Whom the step is with: the person to tell, or to check in with."""


@dataclass(frozen=True)
class Opportunity:
    title: str
    organisation: str | None
    """The organisation by name (the company's name when it is one in companies/)."""

    company: Company | None
    kind: LeadKind | None
    """What the debrief called it; None for an opportunities.yaml entry no debrief mentions."""

    status: OpportunityStatus
    since: date | None
    """When it reached its status (as written, else the first conversation's day for a lead)."""

    url: str | None
    via: Person | None
    """The person it came through: `via`, else the person met in the first conversation."""

    note: str | None
    conversations: tuple[Slot, ...]
    """The meetings it came from (their debriefs' leads), then the meetings with `via`, in time
    order."""

    tracked: Tracked | None
    """Its opportunities.yaml entry, if it has one."""

    lead_date: date | None
    """The date the debrief gave (apply by it)."""

    steps: tuple[OpportunityStep, ...]
    """What is still to do, in date order."""

    @property
    def open(self) -> bool:
        return self.status in OPEN

    @property
    def next_step(self) -> OpportunityStep | None:
        return self.steps[0] if self.steps else None

    @property
    def id(self) -> str:
        """An anchor for the page: the title and organisation as a slug."""
        text = (
            unicodedata.normalize("NFKD", f"{self.organisation or ''} {self.title}")
            .encode("ascii", "ignore")
            .decode()
        )
        return "opp-" + "-".join(
            "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()
        )


@dataclass(frozen=True)
class _Found:
    lead: Lead
    slot: Slot


def _fold(text: str) -> str:
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    return " ".join(plain.casefold().split())


def _key(title: str, organisation: str | None, trip: Trip) -> tuple[str, str]:
    company = company_of(organisation, trip)
    return _fold(title), company.slug if company else _fold(organisation or "")


def _state(due: date, until: date, today: date) -> StepState:
    if today < due:
        return StepState.UPCOMING
    return StepState.DUE if today <= until else StepState.OVERDUE


def _steps(
    status: OpportunityStatus,
    since: date | None,
    next_day: date | None,
    lead_date: date | None,
    via: Person | None,
    told_on: date | None,
    calendar: WorkingCalendar,
    today: date,
    meeting_via: date | None = None,
) -> tuple[OpportunityStep, ...]:
    """`since`: when the clocks start (the status's day, else the meeting it came from);
    `meeting_via`: the next meeting with `via`, from today on: they are told there, and written
    to after it, not before."""
    steps = []
    start = since or today
    if status is OpportunityStatus.LEAD:
        due = next_day or lead_date or calendar.add(start, DECIDE_WITHIN)
        steps.append(OpportunityStep(OpportunityStepKind.APPLY, due, due, _state(due, due, today)))
    elif status in (OpportunityStatus.APPLIED, OpportunityStatus.REFERRED):
        due = next_day or calendar.add(start, CHECK_IN_AFTER)
        until = next_day or calendar.add(start, CHECK_IN_BY)
        who = via if status is OpportunityStatus.REFERRED else None
        steps.append(
            OpportunityStep(
                OpportunityStepKind.CHECK_IN, due, until, _state(due, until, today), who
            )
        )
    elif status is OpportunityStatus.INTERVIEWING:
        if next_day is not None:
            steps.append(
                OpportunityStep(
                    OpportunityStepKind.INTERVIEW,
                    next_day,
                    next_day,
                    _state(next_day, next_day, today),
                )
            )
        else:
            due, until = calendar.add(start, CHECK_IN_AFTER), calendar.add(start, CHECK_IN_BY)
            steps.append(
                OpportunityStep(OpportunityStepKind.CHECK_IN, due, until, _state(due, until, today))
            )
    elif status is OpportunityStatus.OFFER:
        due = next_day or calendar.add(start, DECIDE_WITHIN)
        steps.append(OpportunityStep(OpportunityStepKind.DECIDE, due, due, _state(due, due, today)))
    if (
        via is not None
        and status is not OpportunityStatus.LEAD
        and (told_on is None or (since and told_on < since))
    ):
        due = calendar.next_business_day(since) if since else today
        if meeting_via is not None:
            due = max(due, calendar.next_business_day(meeting_via))
        steps.append(
            OpportunityStep(OpportunityStepKind.TELL, due, due, _state(due, due, today), via)
        )
    return tuple(sorted(steps, key=lambda s: (s.due, s.kind.value)))


def plan_opportunities(
    trip: Trip, schedule: Schedule, calendar: WorkingCalendar, today: date
) -> tuple[Opportunity, ...]:
    """Every opportunity: debrief leads merged with opportunities.yaml; open ones first by next
    step, then closed."""
    found: dict[tuple[str, str], list[_Found]] = {}
    for slot in schedule.slots:
        debrief = slot.meeting.entry.debrief
        for lead in debrief.leads if debrief else ():
            organisation = lead.organisation or (
                slot.meeting.company.slug if slot.meeting.company else None
            )
            found.setdefault(_key(lead.title, organisation, trip), []).append(_Found(lead, slot))
    tracked = {_key(t.entry.title, t.entry.organisation, trip): t for t in trip.opportunities}
    slots_with: dict[str, list[Slot]] = {}
    for slot in schedule.slots:
        slots_with.setdefault(slot.meeting.person.slug, []).append(slot)
    out = []
    for key in [*found, *(k for k in tracked if k not in found)]:
        leads = found.get(key, [])
        entry = tracked.get(key)
        first = leads[0] if leads else None
        organisation = (entry.entry.organisation if entry else None) or (
            first.lead.organisation if first else None
        )
        if organisation is None and first is not None and first.slot.meeting.company is not None:
            organisation = first.slot.meeting.company.slug
        company = company_of(organisation, trip)
        via = (entry.via if entry else None) or (first.slot.meeting.person if first else None)
        slots = {s.slot.meeting.id: s.slot for s in leads}
        if via is not None:
            slots.update(
                (s.meeting.id, s)
                for s in slots_with.get(via.slug, ())
                if s.meeting.id not in slots and not leads
            )
        status = entry.entry.status if entry else OpportunityStatus.LEAD
        met = first.slot.start.date() if first else None
        # The day it reached its status: as written, or for a lead the meeting it came from. An
        # application without a date has none ("I applied on 26 April" was the meeting's day).
        since = (entry.entry.since if entry else None) or (
            met if status is OpportunityStatus.LEAD else None
        )
        ahead = [
            s.start.date()
            for s in slots_with.get(via.slug if via else "", ())
            if s.start.date() >= today
        ]
        lead_date = next((f.lead.date for f in leads if f.lead.date), None)
        out.append(
            Opportunity(
                title=entry.entry.title if entry else first.lead.title,  # type: ignore[union-attr]
                organisation=company.profile.name if company else organisation,
                company=company,
                kind=first.lead.kind if first else None,
                status=status,
                since=since,
                url=(entry.entry.url if entry else None)
                or next((f.lead.url for f in leads if f.lead.url), None),
                via=via,
                note=entry.entry.note if entry else None,
                conversations=tuple(sorted(slots.values(), key=lambda s: s.start)),
                tracked=entry,
                lead_date=lead_date,
                steps=_steps(
                    status,
                    since or met,
                    entry.entry.next if entry else None,
                    lead_date,
                    via,
                    entry.entry.told_on if entry else None,
                    calendar,
                    today,
                    min(ahead, default=None),
                ),
            )
        )
    far = date.max
    out.sort(
        key=lambda o: (not o.open, o.next_step.due if o.next_step else far, o.title.casefold())
    )
    return tuple(out)
