"""STAGE 2: the Trip turned into a Plan: schedule, packets, network, follow-ups, findings.

Pure: `today` is passed in; nothing here reads the clock, the environment or a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from generator.content.models import MeetingFormat
from generator.content.trip import Trip
from generator.errors import Finding
from generator.plan.checks import FindingIndex, all_checks
from generator.plan.dates import DateStyle
from generator.plan.followup import FollowUp, plan_followups
from generator.plan.network import Network, build_network
from generator.plan.openings import Openings, plan_openings
from generator.plan.questions import QuestionList, plan_questions
from generator.plan.research import ResearchGap, research_gaps
from generator.plan.schedule import Schedule, Slot, as_of, build_schedule


@dataclass(frozen=True)
class Learned:
    """An earlier meeting's outcome at the same organisation, for "What you learned here already"."""

    slot: Slot
    outcome: str


@dataclass(frozen=True)
class Packet:
    slot: Slot
    questions: QuestionList
    gaps: tuple[ResearchGap, ...]
    learned: tuple[Learned, ...]
    followup: FollowUp
    warnings: tuple[Finding, ...]
    resume_copies: int

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
    """The instant the plan is as of (aware, in the trip's zone): follow-ups are due or overdue against it."""
    built_at: datetime | None = None
    """When the build that made this plan ran (SOURCE_DATE_EPOCH when set): the calendar's DTSTAMP."""
    openings: Openings = field(default_factory=lambda: Openings(()))
    """Free time left each day, slots to offer the people still to ask, meetings to move."""
    _by_id: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Lookups by id happen once per row on every page: a dict keeps a 500-meeting week linear.
        self._by_id.update((p.id, i) for i, p in enumerate(self.packets))

    @property
    def dates(self) -> DateStyle:
        """How this trip writes dates (defaults.locale, else from the paper size)."""
        return DateStyle(self.trip.info.defaults.date_locale)

    def packet(self, meeting_id: str) -> Packet:
        return self.packets[self._by_id[meeting_id]]

    def position(self, packet: Packet) -> int:
        """The packet's index in time order."""
        return self._by_id[packet.id]


def _learned(at_company: dict[str, list[Slot]], slot: Slot) -> tuple[Learned, ...]:
    company = slot.meeting.company
    if company is None:
        return ()
    return tuple(
        Learned(s, s.meeting.entry.outcome)
        for s in at_company.get(company.slug, ())
        if s.start < slot.start and s.meeting.company is company and s.meeting.entry.outcome
    )


def _gaps(slot: Slot, questions: QuestionList, minimum: int) -> tuple[ResearchGap, ...]:
    gaps = research_gaps(slot.meeting)
    if questions.count < minimum:
        gaps.append(ResearchGap(slot.meeting.source.location, f"only {questions.count} questions; write at least {minimum}"))
    return tuple(gaps)


def make_plan(trip: Trip, today: date | datetime, built_at: datetime | None = None) -> Plan:
    """`today`: a date (as of the start of that day in the trip's zone) or an instant (see schedule.as_of)."""
    schedule = build_schedule(trip)
    now = as_of(today, ZoneInfo(trip.info.timezone))
    today = now.date()
    questions = plan_questions(trip, schedule)
    followups = plan_followups(trip, schedule, now)
    network = build_network(trip, schedule, today)
    findings = sorted(
        [*trip.notices, *all_checks(trip, schedule, questions, followups, now), *network.findings],
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
            learned=_learned(at_company, slot),
            followup=followups[slot.meeting.id],
            warnings=tuple(index.for_slot(slot)),
            resume_copies=copies if slot.meeting.entry.format is MeetingFormat.IN_PERSON else 0,
        )
        for slot in schedule.slots
    )
    openings = plan_openings(trip, schedule, today, tuple(c.person for c in network.to_ask))
    return Plan(trip, today, schedule, packets, network, tuple(findings), now=now, built_at=built_at, openings=openings)
