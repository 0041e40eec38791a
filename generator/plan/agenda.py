"""Everything due on a day: outreach steps, promises, thank-yous, cards to post and pings, in one
list.

`infoprep followup --today DATE` prints it, and `check` warns from the same facts, so the two never
disagree. An item is listed when it is due or overdue as of the plan's instant; someone with nothing
due is not in it (the network and follow-ups pages show everyone).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from zoneinfo import ZoneInfo

from generator.content.entry_models import LeadKind
from generator.content.trip import Person, Trip
from generator.errors import Finding, Level
from generator.plan.dates import DateStyle
from generator.plan.debrief import Debriefs, PromiseItem
from generator.plan.followup import FollowUp, FollowUpState
from generator.plan.keep_in_touch import Ping
from generator.plan.opportunities import Opportunity, OpportunityStep, OpportunityStepKind
from generator.plan.outreach import OutreachStep, RequestClock, StepKind
from generator.plan.schedule import as_of
from generator.plan.steps_state import StepState


class Task(str, Enum):
    SECOND_PERSON = "second-person"
    NUDGE = "nudge"
    PROMISE = "promise"
    THANKS = "thanks"
    CARD = "card"
    PING = "ping"
    OPPORTUNITY = "opportunity"


@dataclass(frozen=True)
class AgendaItem:
    task: Task
    person: Person | None
    """Whom it is about; None only for an opportunity's step that involves nobody in people/ (an
    application sent through a job board: check in on it)."""

    when: datetime
    """When it is due, aware (a dated step: the start of its day in the trip's zone): the list's
    order."""

    overdue: bool
    summary: str
    """What to do, in words."""

    step: OutreachStep | None = None
    clock: RequestClock | None = None
    promise: PromiseItem | None = None
    followup: FollowUp | None = None
    ping: Ping | None = None
    opportunity: Opportunity | None = None
    opportunity_step: OpportunityStep | None = None

    @property
    def sort_name(self) -> str:
        """Who or what it is about, for the list's order among items due at the same moment."""
        if self.person is not None:
            return self.person.profile.name.casefold()
        return self.opportunity.title.casefold() if self.opportunity else ""


def _open(state: StepState | None) -> bool:
    return state in (StepState.DUE, StepState.OVERDUE)


def _thanks_words(followup: FollowUp) -> str:
    name = followup.slot.meeting.person.profile.name
    if not followup.card:
        return f"send your thank-you to {name}"
    if followup.email:
        return f"send your thank-you to {name}, and write the card"
    return f"write the thank-you card to {name}"


OPPORTUNITY_WORDS = {
    OpportunityStepKind.APPLY: "apply for",
    OpportunityStepKind.CHECK_IN: "check in on",
    OpportunityStepKind.INTERVIEW: "interview for",
    OpportunityStepKind.DECIDE: "answer the offer for",
    OpportunityStepKind.TELL: "tell {name} what happened with",
}
"""Each opportunity step in words, for `check` and the terminal (the pages word them in the
theme)."""


def opportunity_words(opportunity: Opportunity, step: OpportunityStep) -> str:
    """ "check in on Product analyst (Kestrel Health)": the step and what it is about."""
    name = step.person.profile.name if step.person else "them"
    verb = OPPORTUNITY_WORDS[step.kind].format(name=name)
    applying = step.kind is OpportunityStepKind.APPLY
    if applying and opportunity.kind in (LeadKind.TEAM, LeadKind.PROJECT):
        verb = "follow up on"  # a team growing, a project: nothing to apply for yet
    elif applying and opportunity.kind is LeadKind.REFERRAL:
        verb = "take up the referral for"
    if step.kind is OpportunityStepKind.CHECK_IN and step.person is not None:
        verb = f"check in with {step.person.profile.name} on"
    where = f" ({opportunity.organisation})" if opportunity.organisation else ""
    return f"{verb} {opportunity.title}{where}"


def plan_agenda(
    trip: Trip,
    now: datetime,
    clocks: dict[str, RequestClock],
    debriefs: Debriefs,
    followups: dict[str, FollowUp],
    pings: dict[str, Ping],
    opportunities: tuple[Opportunity, ...] = (),
) -> tuple[AgendaItem, ...]:
    zone = ZoneInfo(trip.info.timezone)
    today = now.date()

    def start_of(day: date) -> datetime:
        return as_of(day, zone)

    items = []
    for clock in clocks.values():
        for step in clock.steps:
            if _open(step.state):
                task = Task.NUDGE if step.kind is StepKind.NUDGE else Task.SECOND_PERSON
                items.append(
                    AgendaItem(
                        task,
                        step.person,
                        start_of(step.due),
                        step.state is StepState.OVERDUE,
                        step.summary,
                        step=step,
                        clock=clock,
                    )
                )
    for promise in debriefs.promises:
        if _open(promise.state):
            summary = f"keep your promise to {promise.person.profile.name}: {promise.promise.text}"
            items.append(
                AgendaItem(
                    Task.PROMISE,
                    promise.person,
                    start_of(promise.due),
                    promise.state is StepState.OVERDUE,
                    summary,
                    promise=promise,
                )
            )
    for followup in followups.values():
        person = followup.slot.meeting.person
        if followup.open:
            items.append(
                AgendaItem(
                    Task.THANKS,
                    person,
                    followup.due,
                    followup.state is FollowUpState.OVERDUE,
                    _thanks_words(followup),
                    followup=followup,
                )
            )
        elif followup.card_to_post and followup.slot.start <= now:
            summary = f"post the card to {person.profile.name} before you leave {trip.info.city}"
            items.append(
                AgendaItem(
                    Task.CARD,
                    person,
                    start_of(trip.info.end),
                    today > trip.info.end,
                    summary,
                    followup=followup,
                )
            )
    for ping in pings.values():
        if _open(ping.state):
            last = DateStyle(trip.info.defaults.date_locale).medium_date(ping.last)
            summary = (
                f"get back in touch with {ping.person.profile.name} ({ping.every}; last "
                f"{ping.last_was} {last})"
            )
            items.append(
                AgendaItem(
                    Task.PING,
                    ping.person,
                    start_of(ping.due),
                    ping.state is StepState.OVERDUE,
                    summary,
                    ping=ping,
                )
            )
    for opportunity in opportunities:
        for next_step in opportunity.steps:
            who = next_step.person or opportunity.via
            if _open(next_step.state):
                late = next_step.state is StepState.OVERDUE
                items.append(
                    AgendaItem(
                        Task.OPPORTUNITY,
                        who,
                        start_of(next_step.due),
                        late,
                        opportunity_words(opportunity, next_step),
                        opportunity=opportunity,
                        opportunity_step=next_step,
                    )
                )
    items.sort(key=lambda i: (i.when, i.sort_name, i.task.value))
    return tuple(items)


def agenda_findings(
    clocks: dict[str, RequestClock],
    debriefs: Debriefs,
    dates: DateStyle,
    opportunities: tuple[Opportunity, ...] = (),
) -> Iterator[Finding]:
    """`check`'s warnings: a request due or overdue for its next step, a promise past its day, an
    opportunity's step past its window."""
    for opportunity in opportunities:
        for next_step in opportunity.steps:
            if next_step.state is StepState.OVERDUE:
                first = opportunity.conversations[0] if opportunity.conversations else None
                where = (
                    opportunity.tracked.source.location
                    if opportunity.tracked
                    else (first.meeting.source.at("debrief") if first else None)
                )
                if where is not None:
                    yield Finding(
                        Level.WARNING,
                        where,
                        f"overdue since {dates.short_date(next_step.until)}: "
                        f"{opportunity_words(opportunity, next_step)}",
                    )
    for clock in clocks.values():
        for step in clock.steps:
            if not _open(step.state):
                continue
            person = step.person
            asked = dates.short_date(clock.asked)
            when = (
                "due today"
                if step.state is StepState.DUE
                else f"overdue since {dates.short_date(step.due)}"
            )
            waited = (
                f"no reply in {clock.waited} business day{'s' * (clock.waited != 1)} (asked "
                f"{asked})"
            )
            if step.kind is StepKind.NUDGE:
                todo = (
                    "nudge them once (infoprep followup has the draft), then set outreach.nudged_on"
                )
            else:
                todo = step.summary
            yield Finding(
                Level.WARNING,
                person.source.at("outreach"),
                f"{person.profile.name}: {waited}; {when}: {todo}",
            )
    for promise in debriefs.promises:
        if promise.state is StepState.OVERDUE:
            meeting = promise.slot.meeting
            yield Finding(
                Level.WARNING,
                meeting.source.at("debrief"),
                f"promise to {promise.person.profile.name} was due "
                f"{dates.short_date(promise.due)}: {promise.promise.text}; "
                "do it, then set its done_on",
            )
