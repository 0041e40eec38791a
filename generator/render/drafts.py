"""Message drafts (confirmations, thank-yous, outreach), worded by theme templates.

Wording is the theme's business, so a user can rewrite a draft by overriding
`drafts/<kind>.txt`. The templates get typed contexts and produce plain text
(Markdown-friendly), escaped later wherever they land in HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import jinja2

from generator.content.models import Traveler, TripFile
from generator.content.trip import Person
from generator.plan.followup import FollowUp
from generator.plan.network import Contact
from generator.plan.openings import Move, SlotOffer
from generator.plan.schedule import Slot


@dataclass(frozen=True)
class ConfirmDraft:
    slot: Slot
    traveler: Traveler
    first_name: str
    zone_label: str
    """e.g. "Eastern Time (EST)"; both zones for a call with someone elsewhere."""


@dataclass(frozen=True)
class ThanksDraft:
    followup: FollowUp
    traveler: Traveler
    first_name: str


@dataclass(frozen=True)
class IntroducerThanksDraft:
    followup: FollowUp
    introducer: Person
    traveler: Traveler
    first_name: str


@dataclass(frozen=True)
class OutreachDraft:
    contact: Contact
    trip: TripFile
    first_name: str
    introducer_name: str | None
    trip_dates: str
    offer: SlotOffer | None = None
    """Open slots that fit the week and the person's windows, to propose in the message (None: none known)."""


@dataclass(frozen=True)
class RescheduleDraft:
    move: Move
    """The meeting that clashes, why, and the open slots to offer instead."""
    traveler: Traveler
    first_name: str
    when: str
    """The meeting's current time in words: "Tuesday 9 March at 10:30", in their zone when it has one."""
    offer: SlotOffer | None
    """Open slots to suggest instead (None: none fits)."""


def first_name(person: Person) -> str:
    return person.profile.name.split()[0] if person.profile.name.split() else person.profile.name


def zone_label(slot: Slot) -> str:
    here = f"{slot.start.strftime('%H:%M')} {slot.start.tzname()}"
    if slot.other_zone:
        return f"{here} ({slot.own_start.strftime('%H:%M')} {slot.own_start.tzname()} your time)"
    return here


def trip_dates(start: date, end: date) -> str:
    if start.month == end.month:
        return f"{start.strftime('%B')} {start.day}–{end.day}, {end.year}"
    return f"{start.strftime('%B')} {start.day} – {end.strftime('%B')} {end.day}, {end.year}"


class Drafts:
    """Each draft is worded once per build: a thank-you shows on its packet (web and print) and on the follow-ups
    page, a confirmation on the web and printed itinerary and the pocket card."""

    def __init__(self, env: jinja2.Environment, trip: TripFile):
        self.env = env
        self.trip = trip
        self._made: dict[tuple[str, int], tuple[object, str]] = {}
        """(template, id of the plan object) -> (the object, kept so its id is not reused; the draft)."""

    def _render(self, name: str, subject: object, context: Callable[[], object]) -> str:
        made = self._made.get((name, id(subject)))
        if made is None:
            text = self.env.get_template(f"drafts/{name}.txt").render(draft=context()).strip() + "\n"
            made = self._made[(name, id(subject))] = (subject, text)
        return made[1]

    def confirm(self, slot: Slot) -> str:
        person = slot.meeting.person
        return self._render("confirm", slot, lambda: ConfirmDraft(slot, self.trip.traveler, first_name(person), zone_label(slot)))

    def thanks(self, followup: FollowUp) -> str:
        """The traveler's own draft when written, else the theme's."""
        if followup.thanks:
            return followup.thanks.strip() + "\n"
        person = followup.slot.meeting.person
        return self._render("thanks", followup, lambda: ThanksDraft(followup, self.trip.traveler, first_name(person)))

    def introducer_thanks(self, followup: FollowUp) -> str | None:
        introducer = followup.introducer
        if introducer is None:
            return None
        return self._render(
            "introducer-thanks", followup, lambda: IntroducerThanksDraft(followup, introducer, self.trip.traveler, first_name(introducer))
        )

    def outreach(self, contact: Contact, offer: SlotOffer | None = None) -> str:
        introducer = contact.introducer.profile.name if contact.introducer else None
        return self._render(
            "outreach",
            contact,
            lambda: OutreachDraft(
                contact, self.trip, first_name(contact.person), introducer, trip_dates(self.trip.start, self.trip.end), offer
            ),
        )

    def reschedule(self, move: Move) -> str:
        slot = move.slot
        own = slot.own_start
        when = f"{own.strftime('%A')} {own.day} {own.strftime('%B')} at {own.strftime('%H:%M')}"
        return self._render(
            "reschedule", move, lambda: RescheduleDraft(move, self.trip.traveler, first_name(slot.meeting.person), when, move.offer)
        )
