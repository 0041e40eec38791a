"""STAGE 2: the Trip turned into a Plan: schedule, packets, network, follow-ups, findings.

Pure: `today` is passed in; nothing here reads the clock, the environment or a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from generator.content.catalog import Words, words_for
from generator.content.entry_models import Debrief
from generator.content.models import Gender, MeetingFormat
from generator.content.trip import Trip
from generator.errors import Finding
from generator.plan.agenda import AgendaItem, agenda_findings, plan_agenda
from generator.plan.approach import Approach, approach_of
from generator.plan.checks import FindingIndex, all_checks
from generator.plan.dates import DateStyle
from generator.plan.debrief import Debriefs, Suggestion, plan_debriefs
from generator.plan.followup import FollowUp, plan_followups
from generator.plan.keep_in_touch import Ping, plan_pings
from generator.plan.network import Network, build_network
from generator.plan.openings import Openings, plan_openings
from generator.plan.opportunities import Opportunity, plan_opportunities
from generator.plan.outreach import RequestClock, plan_clocks
from generator.plan.questions import QuestionList, plan_questions
from generator.plan.research import ResearchGap, research_gaps
from generator.plan.response import ResponseType, response_type
from generator.plan.schedule import Schedule, Slot, as_of, build_schedule
from generator.plan.targets import TargetRow, plan_targets
from generator.plan.timeline import Rules
from generator.plan.working_days import WorkingCalendar, working_calendar


@dataclass(frozen=True)
class Learned:
    """An earlier meeting with the same person or at the same organisation, for "What you learned
    here already"."""

    slot: Slot
    outcome: str
    """Its `outcome` ('' when it has only a debrief)."""

    debrief: Debrief | None = None
    """Its `debrief`: what was learned, the advice, who they suggested."""

    same_person: bool = False
    """True when it was with the same person (an earlier meeting with them)."""

    suggested: tuple[Suggestion, ...] = ()
    """Whom they suggested you talk to, with each one's organisation by name and whether they are in
    people/ yet."""


@dataclass(frozen=True)
class Packet:
    slot: Slot
    questions: QuestionList
    gaps: tuple[ResearchGap, ...]
    learned: tuple[Learned, ...]
    followup: FollowUp
    warnings: tuple[Finding, ...]
    resume_copies: int
    suggested: tuple[Suggestion, ...] = ()
    """Whom this meeting's own debrief suggested you talk to, each resolved as `Learned.suggested`
    is: a company slug in `organisation` reads as the company's short name, never as the slug."""

    @property
    def id(self) -> str:
        return self.slot.meeting.id


@dataclass(frozen=True)
class Plan:
    trip: Trip
    today: date
    schedule: Schedule
    packets: tuple[Packet, ...]
    """In time order."""

    network: Network
    findings: tuple[Finding, ...]
    """Warnings, sorted by file and line."""

    now: datetime | None = None
    """The instant the plan is as of (aware, in the trip's zone): follow-ups are due or overdue
    against it."""

    built_at: datetime | None = None
    """When the build that made this plan ran (SOURCE_DATE_EPOCH when set): the calendar's
    DTSTAMP."""

    openings: Openings = field(default_factory=lambda: Openings(()))
    """Free time left each day, slots to offer the people still to ask, meetings to move."""

    clocks: dict[str, RequestClock] = field(default_factory=dict)
    """The outreach clock of every request still waiting for a reply, by person slug."""

    debriefs: Debriefs = field(default_factory=lambda: Debriefs((), ()))
    """Referrals and promises from the meetings' debriefs."""

    pings: dict[str, Ping] = field(default_factory=dict)
    """The next keep-in-touch ping of everyone with a keep_in_touch, by slug."""

    agenda: tuple[AgendaItem, ...] = ()
    """Everything due or overdue as of `now`, in date order (what `infoprep followup` prints)."""
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    """The trip's working calendar (plan/working_days.py): the outreach clock's business days, and
    which trip days are off (weekends, public holidays, the user's own days off) and why."""

    approaches: dict[str, Approach] = field(default_factory=dict)
    """How a request to each person opens, by slug (their kind of connection, who suggested
    them)."""

    opportunities: tuple[Opportunity, ...] = ()
    """Debrief leads and opportunities.yaml as one list: open ones first, by their next step's
    day."""

    responses: dict[str, ResponseType] = field(default_factory=dict)
    """Each person's response type (booster, obligate, curmudgeon), by slug; absent while it cannot
    be told."""

    targets: tuple[TargetRow, ...] = ()
    """The LAMP list: every organisation in companies/, ranked, with who you know there and the next
    step."""

    _by_id: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Lookups by id happen once per row on every page: a dict keeps a 500-meeting week linear.
        self._by_id.update((p.id, i) for i, p in enumerate(self.packets))

    @property
    def dates(self) -> DateStyle:
        """How this trip writes dates (defaults.locale, else from the paper size)."""
        return DateStyle(self.trip.info.defaults.date_locale)

    @property
    def words(self) -> Words:
        """The trip's phrases: its page language's catalog (defaults.language, else its locale's),
        under its own `translations:`; agreeing with the traveler where they say they write in the
        feminine (the pages speak to them: "ceux qui vous ont aidée")."""
        info = self.trip.info
        feminine = info.traveler.gender is Gender.FEMININE
        return words_for(info.defaults.page_language, info.translations, feminine=feminine)

    def packet(self, meeting_id: str) -> Packet:
        return self.packets[self._by_id[meeting_id]]

    def position(self, packet: Packet) -> int:
        """The packet's index in time order."""
        return self._by_id[packet.id]


def _learned(
    at_company: dict[str, list[Slot]],
    slot: Slot,
    earlier: tuple[Slot, ...] = (),
    debriefs: Debriefs | None = None,
) -> tuple[Learned, ...]:
    """Earlier meetings at the same organisation or with the same person that left an outcome or a
    debrief."""
    company = slot.meeting.company
    person = slot.meeting.person
    candidates = {s.meeting.id: s for s in (at_company.get(company.slug, ()) if company else ())}
    candidates.update((s.meeting.id, s) for s in earlier if s.meeting.person is person)
    return tuple(
        Learned(
            s,
            s.meeting.entry.outcome or "",
            s.meeting.entry.debrief,
            s.meeting.person is person,
            tuple(x for x in (debriefs.suggestions if debriefs else ()) if x.slot is s),
        )
        for s in sorted(candidates.values(), key=lambda s: s.start)
        if s.start < slot.start
        and (s.meeting.entry.outcome or _has_debrief(s.meeting.entry.debrief))
    )


def _has_debrief(debrief: Debrief | None) -> bool:
    return debrief is not None and bool(debrief.learned or debrief.advice or debrief.referrals)


def _gaps(slot: Slot, questions: QuestionList, minimum: int) -> tuple[ResearchGap, ...]:
    gaps = research_gaps(slot.meeting)
    if questions.count < minimum:
        gaps.append(
            ResearchGap(
                slot.meeting.source.location,
                f"only {questions.count} questions; write at least {minimum}",
                "questions",
                str(questions.count),
                minimum,
            )
        )
    return tuple(gaps)


def make_plan(trip: Trip, today: date | datetime, built_at: datetime | None = None) -> Plan:
    """`today`: a date (as of the start of that day in the trip's zone) or an instant (see
    schedule.as_of)."""
    schedule = build_schedule(trip)
    now = as_of(today, ZoneInfo(trip.info.timezone))
    today = now.date()
    questions = plan_questions(trip, schedule)
    followups = plan_followups(trip, schedule, now)
    network = build_network(trip, schedule, today)
    calendar = working_calendar(trip.info, _years(trip, today))
    rules = Rules.of(trip, calendar)
    clocks = plan_clocks(trip, network, calendar, today)
    debriefs = plan_debriefs(trip, schedule, followups, today)
    pings = plan_pings(trip, schedule, today)
    opportunities = plan_opportunities(trip, schedule, calendar, today)
    met = {s.meeting.person.slug for s in schedule.slots if s.start <= now}
    responses = {
        slug: kind
        for slug, person in trip.people.items()
        if (kind := response_type(person, slug in met, calendar, today)) is not None
    }
    dates = DateStyle(trip.info.defaults.date_locale)
    findings = sorted(
        [
            *trip.notices,
            *all_checks(trip, schedule, questions, followups, now, rules),
            *network.findings,
            *agenda_findings(clocks, debriefs, dates, opportunities),
        ],
        key=Finding.sort_key,
    )
    copies = trip.info.defaults.resume_copies
    index = FindingIndex(findings)
    at_company: dict[str, list[Slot]] = {}
    for slot in schedule.slots:
        if slot.meeting.company is not None:
            at_company.setdefault(slot.meeting.company.slug, []).append(slot)
    packets = tuple(
        Packet(
            slot=slot,
            questions=questions[slot.meeting.id],
            gaps=_gaps(slot, questions[slot.meeting.id], trip.info.defaults.min_questions),
            learned=_learned(at_company, slot, schedule.slots, debriefs),
            followup=followups[slot.meeting.id],
            warnings=tuple(index.for_slot(slot)),
            resume_copies=copies if slot.meeting.entry.format is MeetingFormat.IN_PERSON else 0,
            suggested=tuple(s for s in debriefs.suggestions if s.slot is slot),
        )
        for slot in schedule.slots
    )
    openings = plan_openings(
        trip, schedule, today, tuple(c.person for c in network.to_ask), calendar
    )
    return Plan(
        trip,
        today,
        schedule,
        packets,
        network,
        tuple(findings),
        now=now,
        built_at=built_at,
        openings=openings,
        clocks=clocks,
        debriefs=debriefs,
        pings=pings,
        agenda=plan_agenda(trip, now, clocks, debriefs, followups, pings, opportunities),
        calendar=calendar,
        opportunities=opportunities,
        responses=responses,
        targets=plan_targets(trip, network, clocks, opportunities, schedule, responses, today),
        approaches={
            slug: approach_of(person, trip, debriefs) for slug, person in trip.people.items()
        },
    )


def _years(trip: Trip, today: date) -> range:
    """The years the outreach clock can reach: from the earliest request to a year after the
    trip."""
    asked = [
        p.profile.outreach.asked_on.year
        for p in trip.people.values()
        if p.profile.outreach and p.profile.outreach.asked_on
    ]
    first = min([*asked, trip.info.start.year, today.year])
    return range(first, max(trip.info.end.year, today.year) + 2)
