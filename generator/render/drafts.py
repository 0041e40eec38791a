"""Message drafts (confirmations, thank-yous, outreach), worded by theme templates.

Wording is the theme's business, so a user can rewrite a draft by overriding
`drafts/<kind>.txt`. The templates get typed contexts and produce plain text
(Markdown-friendly), escaped later wherever they land in HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import jinja2

from generator.content.models import Traveler, TripFile
from generator.content.trip import Person
from generator.plan.followup import FollowUp
from generator.plan.network import Contact
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
    def __init__(self, env: jinja2.Environment, trip: TripFile):
        self.env = env
        self.trip = trip

    def _render(self, name: str, context: object) -> str:
        return self.env.get_template(f"drafts/{name}.txt").render(draft=context).strip() + "\n"

    def confirm(self, slot: Slot) -> str:
        person = slot.meeting.person
        return self._render("confirm", ConfirmDraft(slot, self.trip.traveler, first_name(person), zone_label(slot)))

    def thanks(self, followup: FollowUp) -> str:
        """The traveler's own draft when written, else the theme's."""
        if followup.thanks:
            return followup.thanks.strip() + "\n"
        person = followup.slot.meeting.person
        return self._render("thanks", ThanksDraft(followup, self.trip.traveler, first_name(person)))

    def introducer_thanks(self, followup: FollowUp) -> str | None:
        if followup.introducer is None:
            return None
        return self._render(
            "introducer-thanks",
            IntroducerThanksDraft(followup, followup.introducer, self.trip.traveler, first_name(followup.introducer)),
        )

    def outreach(self, contact: Contact) -> str:
        introducer = contact.introducer.profile.name if contact.introducer else None
        return self._render(
            "outreach",
            OutreachDraft(contact, self.trip, first_name(contact.person), introducer, trip_dates(self.trip.start, self.trip.end)),
        )
