"""Lint rules over the planned week: each returns warnings tied to a line of content.

Content errors (bad YAML, unknown slugs) stop a build in content/load.py; what is here are plan
problems a traveler should see but may choose to keep, so they are warnings: `check` exits 0 unless
--strict, and `build` still builds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import pairwise

from generator.content.catalog import writes_informally
from generator.content.models import MeetingFormat, OutreachStatus
from generator.content.names import address_for, greeting_of, is_familiar
from generator.content.phones import phone_problem, trip_country
from generator.content.trip import Person, Trip
from generator.errors import Finding, Level, Location
from generator.plan.dates import DateStyle
from generator.plan.followup import FollowUp, FollowUpState
from generator.plan.images import image_findings
from generator.plan.openings import availability_problem
from generator.plan.questions import QuestionList
from generator.plan.research import research_gaps
from generator.plan.schedule import ClockIssue, Schedule, Slot
from generator.plan.timeline import Rules
from generator.plan.working_days import WorkingCalendar


def _warn(location: Location, message: str) -> Finding:
    return Finding(Level.WARNING, location, message)


def _hm(slot_time) -> str:  # type: ignore[no-untyped-def]
    return slot_time.strftime("%H:%M")


def overlaps_and_gaps(trip: Trip, schedule: Schedule) -> Iterator[Finding]:
    buffer = trip.info.defaults.buffer
    for previous, slot in pairwise(schedule.slots):
        if slot.gap_before is None:
            continue
        where = slot.meeting.source.at("start")
        other = previous.meeting.person.profile.name
        if slot.gap_before < 0:
            yield _warn(
                where,
                f"overlaps the meeting with {other} ({_hm(previous.start)}–{_hm(previous.end)})",
            )
            continue
        travel = slot.meeting.entry.travel if slot.in_person else 0
        needed = buffer + travel
        if slot.gap_before < needed:
            why = f"{buffer} buffer + {travel} travel" if travel else f"{buffer} buffer"
            yield _warn(
                where,
                f"only {slot.gap_before} minutes after the meeting with {other} ends at "
                f"{_hm(previous.end)}; "
                f"plan at least {needed} ({why})",
            )


def _dates(trip: Trip) -> DateStyle:
    return DateStyle(trip.info.defaults.date_locale)


def meetings_per_day(
    trip: Trip, schedule: Schedule, calendar: WorkingCalendar
) -> Iterator[Finding]:
    """per_day's fewest is asked of working days only: a weekend, a public holiday or one of the
    user's days off is not short of meetings, and a meeting planned on the user's own day off or on
    a holiday is pointed out."""
    low, high = trip.info.defaults.per_day
    for day in schedule.days:
        if not day.in_trip:
            continue
        count = len(day.slots)
        # A day with no meeting has no line in schedule.yaml: it is a day because of the trip's
        # dates.
        where = day.slots[0].meeting.source.location if day.slots else trip.source.at("start")
        label = _dates(trip).short_date(day.date)
        off = calendar.day_off(day.date)
        if off is not None and off.own and count:
            meetings = f"{count} meeting{'s' * (count != 1)}"
            yield _warn(
                where, f"{label} is one of your days off (trip.yaml days_off) but has {meetings}"
            )
        elif off is not None and off.holiday and count:
            who = _plural_people(day.slots)
            # the verb agrees with its subject: one person "expects", two or more "expect"
            one = len({s.meeting.person.profile.name for s in day.slots}) == 1
            expect = "expects" if one else "expect"
            message = (
                f"{label} is a public holiday ({off.name}): check that {who} still {expect} to meet"
            )
            yield _warn(where, message)
        if off is not None and count <= high:
            continue
        if count > high:
            yield _warn(
                where,
                f"{label} has {count} meetings; more than {high} a day leaves no time to prepare "
                "or follow up",
            )
        elif count < low:
            span = _dates(trip).date_range(trip.info.start, trip.info.end)
            tail = (
                f" (the trip runs {span}: change start and end in trip.yaml if this day is not "
                "part of it)"
                if not count
                else ""
            )
            yield _warn(
                where,
                f"{label} has {count} meeting{'s' * (count != 1)}; plan {low} to {high} a "
                f"day{tail}",
            )


def _plural_people(slots: tuple[Slot, ...]) -> str:
    names = list(dict.fromkeys(s.meeting.person.profile.name for s in slots))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def days_off_in_trip(trip: Trip) -> Iterator[Finding]:
    """A day in `days_off:` outside the trip's dates does nothing: most likely a typo in the month
    or the year."""
    for day in trip.info.days_off:
        if not trip.info.start <= day <= trip.info.end:
            span = _dates(trip).date_range(trip.info.start, trip.info.end)
            written = _dates(trip).medium_date(day)
            message = f"days_off: {written} is not a day of the trip ({span})"
            yield _warn(trip.source.at("days_off"), message)


def availability(schedule: Schedule, rules: Rules) -> Iterator[Finding]:
    """A meeting outside the windows the person offered, or in a busy time of their .ics (the same
    rule as the network page's "meetings to move")."""
    for slot in schedule.slots:
        if (problem := availability_problem(slot, rules)) is not None:
            name = slot.meeting.person.profile.name
            yield _warn(slot.meeting.source.at("start"), f"the meeting with {name} {problem}")


def working_hours(trip: Trip, schedule: Schedule) -> Iterator[Finding]:
    first, last = trip.info.defaults.day_hours
    for slot in schedule.slots:
        starts, ends = slot.start.time(), slot.end.time()
        if starts < first or ends > last or slot.end.date() != slot.start.date():
            yield _warn(
                slot.meeting.source.at("start"),
                f"runs {_hm(slot.start)}–{_hm(slot.end)} local time, outside working hours "
                f"{first.strftime('%H:%M')}–{last.strftime('%H:%M')}",
            )


def trip_dates(trip: Trip, schedule: Schedule) -> Iterator[Finding]:
    for slot in schedule.slots:
        if not trip.info.start <= slot.start.date() <= trip.info.end:
            dates = _dates(trip)
            yield _warn(
                slot.meeting.source.at("start"),
                f"falls on {dates.short_date(slot.start)}, outside the trip "
                f"({dates.date_range(trip.info.start, trip.info.end)})",
            )


def clock_changes(schedule: Schedule) -> Iterator[Finding]:
    for slot in schedule.slots:
        zone = slot.own_start.tzinfo
        written = slot.meeting.entry.start.strftime("%Y-%m-%d %H:%M")
        if slot.clock_issue is ClockIssue.NONEXISTENT:
            yield _warn(
                slot.meeting.source.at("start"),
                f"{written} does not exist in {zone}: clocks jump forward that night; "
                f"it would be {_hm(slot.own_start)}. Pick another time",
            )
        elif slot.clock_issue is ClockIssue.AMBIGUOUS:
            yield _warn(
                slot.meeting.source.at("start"),
                f"{written} happens twice in {zone}: clocks go back that night; confirm which "
                "with the other person",
            )


def repeat_visits(schedule: Schedule) -> Iterator[Finding]:
    agendas: dict[str, list[str]] = {}
    for slot in schedule.slots:
        slug = slot.meeting.person.slug
        agenda = (slot.meeting.entry.agenda or "").strip()
        earlier = agendas.setdefault(slug, [])
        if earlier and (not agenda or agenda in earlier):
            yield _warn(
                slot.meeting.source.location,
                f"second meeting with {slot.meeting.person.profile.name} with nothing new on the "
                "agenda; "
                "write what this one is for",
            )
        earlier.append(agenda)


def logistics(schedule: Schedule) -> Iterator[Finding]:
    for slot in schedule.slots:
        entry = slot.meeting.entry
        if entry.format is MeetingFormat.VIDEO and not entry.link:
            yield _warn(
                slot.meeting.source.location, "a video meeting with no link; add link: https://..."
            )
        if entry.format is MeetingFormat.IN_PERSON and not slot.location:
            yield _warn(
                slot.meeting.source.location,
                "an in-person meeting with no address: add location, or the company's address",
            )
        if entry.format is MeetingFormat.PHONE and not slot.meeting.person.profile.phone:
            yield _warn(
                slot.meeting.person.source.location,
                f"a phone meeting on {slot.start.date()} but no phone number for this person",
            )


def outreach_status(trip: Trip, schedule: Schedule) -> Iterator[Finding]:
    scheduled = {slot.meeting.person.slug for slot in schedule.slots}
    for slug, person in trip.people.items():
        outreach = person.profile.outreach
        if outreach is None:
            continue
        if slug in scheduled and outreach.status is not OutreachStatus.SCHEDULED:
            yield _warn(
                person.source.at("outreach"),
                f"on the schedule, but outreach status is {outreach.status.value!r}; set it to "
                "'scheduled'",
            )
        if outreach.status is OutreachStatus.SCHEDULED and slug not in scheduled:
            yield _warn(
                person.source.at("outreach"),
                "outreach status is 'scheduled' but no meeting in schedule.yaml names this person",
            )


def phone_numbers(trip: Trip) -> Iterator[Finding]:
    """A number no phone can dial would become a dead tel: link and a wrong contact card."""
    country = trip_country(trip.info)
    traveler = trip.info.traveler.phone
    if traveler and (problem := phone_problem(traveler, country)):
        yield _warn(trip.source.at("traveler"), f"traveler: {problem}")
    for person in trip.people.values():
        if person.profile.phone and (problem := phone_problem(person.profile.phone, country)):
            yield _warn(person.source.at("phone"), problem)


def question_counts(
    trip: Trip, schedule: Schedule, questions: dict[str, QuestionList]
) -> Iterator[Finding]:
    minimum = trip.info.defaults.min_questions
    for slot in schedule.slots:
        count = questions[slot.meeting.id].count
        if count < minimum:
            yield _warn(
                slot.meeting.source.location,
                f"the packet has {count} questions; min_questions is {minimum}: add some to the "
                "person, company or question bank",
            )


def research(trip: Trip, schedule: Schedule) -> Iterator[Finding]:
    seen: set[str] = set()
    for slot in schedule.slots:
        for gap in research_gaps(slot.meeting):
            if (gap.location, gap.message) not in seen:
                seen.add((gap.location, gap.message))  # type: ignore[arg-type]
                yield gap.finding()


def thank_yous(trip: Trip, followups: dict[str, FollowUp], now: datetime) -> Iterator[Finding]:
    """Thank-yous due or overdue as of `now`: the same instant and rule as `infoprep followup`."""
    dates = _dates(trip)
    for followup in followups.values():
        if not followup.open:
            continue
        meeting = followup.slot.meeting
        due = f"{dates.when(followup.due)} {followup.due.tzname()}"
        state = "overdue: it was due" if followup.state is FollowUpState.OVERDUE else "due by"
        yield _warn(
            meeting.source.at("follow_up") if meeting.entry.follow_up else meeting.source.location,
            f"thank-you to {meeting.person.profile.name} {state} {due}; send it, then set "
            "follow_up.status: sent "
            "(infoprep followup has the draft)",
        )


def _drafted_to(trip: Trip) -> Iterator[Person]:
    """Everyone a draft addresses: people met (confirmation, thank-you), whoever introduced them,
    people still to ask."""
    met = {meeting.person.slug for meeting in trip.meetings}
    introducers = {trip.people[slug].introducer for slug in met if trip.people[slug].introducer}
    for slug, person in trip.people.items():
        outreach = person.profile.outreach
        to_ask = outreach.status is OutreachStatus.TO_ASK if outreach else slug not in met
        if slug in met or slug in introducers or to_ask:
            yield person


def greetings(trip: Trip) -> Iterator[Finding]:
    """People whose name leaves the drafts' greeting open, and who have no `greeting:` to settle
    it."""
    for person in _drafted_to(trip):
        language = person.profile.language or trip.info.defaults.page_language
        informal = writes_informally(is_familiar(person.profile), language)
        greeting = greeting_of(person.profile, address_for(language.value, informal))
        if not greeting.sure:
            yield _warn(
                person.source.at("name"),
                f"drafts greet {person.profile.name} as {greeting.text!r}, but {greeting.reason}: "
                "set greeting: to the name they go by (or name_lang: zh, vi, ko ... when a name "
                "in Latin letters puts the family name first)",
            )


def debriefs(followups: dict[str, FollowUp], now: datetime) -> Iterator[Finding]:
    for followup in followups.values():
        slot = followup.slot
        if slot.end < now and not slot.meeting.entry.debriefed:
            yield _warn(
                slot.meeting.source.location,
                f"the meeting with {slot.meeting.person.profile.name} is over: write its outcome "
                "while you remember",
            )


def all_checks(
    trip: Trip,
    schedule: Schedule,
    questions: dict[str, QuestionList],
    followups: dict[str, FollowUp],
    now: datetime,
    rules: Rules,
) -> list[Finding]:
    findings = [
        *overlaps_and_gaps(trip, schedule),
        *meetings_per_day(trip, schedule, rules.calendar),
        *availability(schedule, rules),
        *days_off_in_trip(trip),
        *working_hours(trip, schedule),
        *trip_dates(trip, schedule),
        *clock_changes(schedule),
        *repeat_visits(schedule),
        *logistics(schedule),
        *outreach_status(trip, schedule),
        *phone_numbers(trip),
        *question_counts(trip, schedule, questions),
        *research(trip, schedule),
        *debriefs(followups, now),
        *thank_yous(trip, followups, now),
        *greetings(trip),
        *image_findings(trip),
    ]
    return findings


class FindingIndex:
    """Findings by (file, line), so each slot finds its own without scanning all of them."""

    def __init__(self, findings: Iterable[Finding]):
        self._at: dict[tuple[str, int], list[tuple[int, Finding]]] = {}
        for position, finding in enumerate(findings):
            self._at.setdefault((finding.location.file, finding.location.line), []).append(
                (position, finding)
            )

    def for_slot(self, slot: Slot) -> list[Finding]:
        """The warnings that point into this meeting's schedule entry, to show beside it, in
        findings order."""
        file = slot.meeting.source.location.file
        lines = {slot.meeting.source.location.line, *slot.meeting.source.key_lines.values()}
        found = sorted(
            (item for line in lines for item in self._at.get((file, line), ())),
            key=lambda item: item[0],
        )
        return [finding for _, finding in found]
