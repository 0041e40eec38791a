"""What debriefs give the rest of the week: people to add, promises to keep, words for the
thank-you.

A meeting's `debrief` names people they suggested (referrals), what you promised, what you
learned and the advice they gave. A referral is "to add" until a profile in people/ is theirs
(same e-mail, the slug their name makes, or the same name); then their outreach draft may say
who suggested them, when `may_use_name` allows it. Pure: the day is a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.content.entry_models import Debrief, Promise, Referral
from generator.content.names import email_key, organisation_key, person_key, slug_of
from generator.content.trip import Company, Person, Trip
from generator.plan.followup import FollowUp
from generator.plan.phrasing import sentence
from generator.plan.schedule import Schedule, Slot
from generator.plan.steps_state import StepState, state_on


@dataclass(frozen=True)
class Suggestion:
    """A referral from one meeting's debrief, resolved against people/ and companies/."""

    referral: Referral
    slot: Slot
    """The meeting where they were suggested."""

    by: Person
    """Who suggested them: the person met."""

    slug: str
    """The slug their profile has (or would have)."""

    person: Person | None
    """Their profile in people/, once added."""

    company: Company | None
    """Their organisation, when `organisation` names a company in companies/ (by slug or name)."""

    command: str
    """The one command that adds them, run in the trip's folder: `infoprep new .

    --person SLUG --via MET-PERSON`. Never the folder's path: a published page must not show where
    the content lives on the traveler's disk, and two copies of one trip build the same pages.
    """

    @property
    def organisation(self) -> str | None:
        """The organisation's name, as a company's or as written."""
        return self.company.short if self.company else self.referral.organisation

    @property
    def to_add(self) -> bool:
        return self.person is None


@dataclass(frozen=True)
class PromiseItem:
    """A promise made in a meeting: a to-do."""

    promise: Promise
    slot: Slot
    person: Person
    """Whom you promised."""

    due: date
    """`due`, else the day the thank-you is due."""

    state: StepState | None
    """Where it stands as of the plan's day; None once done."""

    @property
    def done(self) -> bool:
        return self.promise.done_on is not None


@dataclass(frozen=True)
class Takeaway:
    """One line of a debrief, for the thank-you to quote as written (never rewritten into "you")."""

    text: str
    """As written in the debrief."""

    advice: bool
    """True for advice, False for something learned."""

    @property
    def quoted(self) -> str:
        """The note on one line, ending like a sentence, for a draft to put inside quotation marks:
        "Don't do the MSc first.".
        """
        return sentence(self.text)


@dataclass(frozen=True)
class Debriefs:
    suggestions: tuple[Suggestion, ...]
    """Every referral, in meeting order."""
    promises: tuple[PromiseItem, ...]
    """Every promise, by due date."""

    @property
    def to_add(self) -> tuple[Suggestion, ...]:
        """Referrals not yet in people/, one per slug (the first meeting that suggested them)."""
        seen: set[str] = set()
        out = []
        for s in self.suggestions:
            if s.to_add and s.slug not in seen:
                seen.add(s.slug)
                out.append(s)
        return tuple(out)

    def suggestion_for(self, person: Person) -> Suggestion | None:
        """The referral that brought this person in: the one from whoever introduced them, else the
        first."""
        mine = [s for s in self.suggestions if s.person is person]
        by_introducer = [s for s in mine if s.by.slug == person.introducer]
        found = by_introducer or mine
        return found[0] if found else None

    @property
    def open_promises(self) -> tuple[PromiseItem, ...]:
        return tuple(p for p in self.promises if not p.done)


def takeaways(debrief: Debrief | None) -> tuple[Takeaway, ...]:
    """Advice first (what they told you to do is what a thank-you answers), then what you
    learned."""
    if debrief is None:
        return ()
    advice = [Takeaway(a, True) for a in debrief.advice]
    learned = [Takeaway(item, False) for item in debrief.learned]
    return tuple(advice + learned)


def _profile_of(referral: Referral, trip: Trip, slug: str) -> Person | None:
    if slug in trip.people:
        return trip.people[slug]
    email = email_key(referral.email) if referral.email else None
    key = person_key(referral.name)
    for person in trip.people.values():
        if email and person.profile.email and email_key(person.profile.email) == email:
            return person
        if key and person_key(person.profile.name) == key:
            return person
    return None


def company_of(organisation: str | None, trip: Trip) -> Company | None:
    """The company `organisation` names: its slug, or its name (case, accents and "Inc." aside);
    None for others."""
    if not organisation:
        return None
    if organisation in trip.companies:
        return trip.companies[organisation]
    key = organisation_key(organisation)
    return next(
        (c for c in trip.companies.values() if organisation_key(c.profile.name) == key), None
    )


def plan_debriefs(
    trip: Trip, schedule: Schedule, followups: dict[str, FollowUp], today: date
) -> Debriefs:
    suggestions = []
    promises = []
    for slot in schedule.slots:
        debrief = slot.meeting.entry.debrief
        if debrief is None:
            continue
        met = slot.meeting.person
        for referral in debrief.referrals:
            slug = slug_of(referral.name, "person")
            person = _profile_of(referral, trip, slug)
            if person is not None:
                slug = person.slug
            command = f"infoprep new . --person {slug} --via {met.slug}"
            company = company_of(referral.organisation, trip)
            suggestions.append(Suggestion(referral, slot, met, slug, person, company, command))
        for promise in debrief.promises:
            due = promise.due or followups[slot.meeting.id].due.date()
            state = None if promise.done_on is not None else state_on(due, today)
            promises.append(PromiseItem(promise, slot, met, due, state))
    promises.sort(key=lambda p: (p.due, p.slot.start))
    return Debriefs(tuple(suggestions), tuple(promises))


def plan_debriefs_of(trip: Trip) -> tuple[Suggestion, ...]:
    """Every referral of the trip's debriefs, resolved (for `infoprep new --person SLUG --via
    MET`)."""
    from generator.plan.schedule import build_schedule

    schedule = build_schedule(trip)
    suggestions = []
    for slot in schedule.slots:
        debrief = slot.meeting.entry.debrief
        for referral in debrief.referrals if debrief else ():
            slug = slug_of(referral.name, "person")
            person = _profile_of(referral, trip, slug)
            company = company_of(referral.organisation, trip)
            suggestions.append(
                Suggestion(
                    referral,
                    slot,
                    slot.meeting.person,
                    person.slug if person else slug,
                    person,
                    company,
                    "",
                )
            )
    return tuple(suggestions)
