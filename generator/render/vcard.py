"""The people you meet as vCards (RFC 6350, vCard 4.0), written with `vobject`, for a phone's
contacts.

Each meeting's folder gets `contact.vcf` (the person, with their meetings on the trip in NOTE), and
the site's root gets `contacts.vcf` (everyone on the schedule). Every card of one person has the
same UID, drawn from the trip and the person's slug, so a phone that imports both, or a later
build's file, updates the contact instead of adding a twin. Nothing comes from the clock: the same
trip gives the same bytes.

The paths come from `Paths`, so a private build's card lives in an opaque folder and is sealed like
every other file (publish/seal.py seals all but static/ and robots.txt).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from generator import __version__
from generator.content.catalog import N_
from generator.content.names import NameParts, name_parts
from generator.content.phones import read_phone, trip_country
from generator.content.trip import Person
from generator.plan.plan import Plan
from generator.plan.schedule import Slot
from generator.render.memo import Memo
from generator.render.paths import Paths


def _uid(plan: Plan, person: Person) -> str:
    digest = hashlib.sha256(
        f"{plan.trip.info.title}\0{plan.trip.info.start}\0person\0{person.slug}".encode()
    ).digest()
    return uuid.UUID(bytes=digest[:16], version=5).urn


_LINES = {
    "in-person": N_("Informational interview %(when)s, in person."),
    "video": N_("Informational interview %(when)s, video call."),
    "phone": N_("Informational interview %(when)s, phone call."),
}
"""A meeting in NOTE, by its format, in the trip's page language (a card is the traveler's)."""


def _when(plan: Plan, slot: Slot) -> str:
    start, end = slot.start, slot.end
    return plan.words.phrase(
        "%(date)s, %(start)s–%(end)s (%(zone)s time)",
        date=plan.dates.year_date(start),
        start=start.strftime("%H:%M"),
        end=end.strftime("%H:%M"),
        zone=plan.dates.zone_name(start.tzinfo),
    )


def _meeting_line(plan: Plan, slot: Slot) -> str:
    when = _when(plan, slot)
    if slot.in_person and slot.location:
        return plan.words.phrase(
            "Informational interview %(when)s, in person at %(place)s.",
            when=when,
            place=slot.location,
        )
    return plan.words.phrase(_LINES[slot.meeting.entry.format.value], when=when)


@dataclass(frozen=True)
class CardEntry:
    """Everything one card says, as text: its repr keys the card in the build's memo, so a rebuild
    writes only the cards whose person or meetings changed (vobject takes ~2 ms a card: ~0.9 s for
    the 450 people of 500 meetings)."""

    uid: str
    name: str
    name_parts: NameParts | None
    """None for a name in one piece."""

    organisation: str | None
    title: str | None
    email: str | None
    phone: str | None
    """As written; read in `country` when the card is written."""

    country: str | None
    linkedin: str | None
    category: str
    note: str

    def vcard(self) -> str:
        """The card, written by vobject."""
        import vobject

        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("prodid").value = f"-//infoprep//infoprep {__version__}//EN"
        card.add("uid").value = self.uid
        card.add("kind").value = "individual"
        card.add("fn").value = self.name
        if self.name_parts is not None:
            parts = self.name_parts
            card.add("n").value = vobject.vcard.Name(
                family=parts.family, given=parts.given, prefix=parts.prefix, suffix=parts.suffix
            )
            if parts.nickname:
                card.add("nickname").value = parts.nickname
        if self.organisation:
            card.add("org").value = [self.organisation]
        if self.title:
            card.add("title").value = self.title
        if self.email:
            email = card.add("email")
            email.value = self.email
            email.params["TYPE"] = ["work"]
        if self.phone:
            tel = card.add("tel")
            phone = read_phone(self.phone, self.country)
            tel.value = f"tel:{phone.e164}" if phone else self.phone
            tel.params["VALUE"] = ["uri" if phone else "text"]
            tel.params["TYPE"] = ["cell"] if phone and phone.mobile else ["work", "voice"]
        if self.linkedin:
            card.add("url").value = self.linkedin
        card.add("categories").value = [self.category]
        card.add("note").value = self.note
        return str(card.serialize())


def card_entry(plan: Plan, person: Person, slots: tuple[Slot, ...]) -> CardEntry:
    profile = person.profile
    info = plan.trip.info
    note = [
        *(_meeting_line(plan, slot) for slot in slots),
        plan.words.phrase("Trip: %(title)s, %(city)s.", title=info.title, city=info.city),
    ]
    return CardEntry(
        uid=_uid(plan, person),
        name=profile.name,
        name_parts=name_parts(profile.name),
        organisation=person.company.profile.name if person.company else None,
        title=profile.title,
        email=profile.email,
        phone=profile.phone,
        country=trip_country(info),
        linkedin=profile.linkedin,
        category=info.title,
        note="\n".join(note),
    )


def render_vcards(plan: Plan, paths: Paths, memo: Memo) -> dict[str, bytes]:
    """{output path: vCard bytes}: the person in each meeting's folder, and contacts.vcf of everyone
    on the schedule.

    One card per person, with all of their meetings in NOTE: the card in a meeting's folder is the
    same as that person's in contacts.vcf, so importing both keeps one contact, and each card is
    written once.
    """
    slots_of: dict[str, list[Slot]] = {}
    for slot in plan.schedule.slots:
        slots_of.setdefault(slot.meeting.person.slug, []).append(slot)
    card_of = {}
    for slug, slots in slots_of.items():
        entry = card_entry(plan, slots[0].meeting.person, tuple(slots))
        text = memo.get(repr(entry), lambda _, entry=entry: entry.vcard())  # type: ignore[misc]
        card_of[slug] = text.encode("utf-8")
    files = {
        paths.contact_card(packet.id): card_of[packet.slot.meeting.person.slug]
        for packet in plan.packets
    }
    files[paths.contacts] = b"".join(card_of.values())
    return files


def checked(card: str) -> str | None:
    """A card from the build cache, if it is one whole vCard (it is published as it is)."""
    lines = card.split("\r\n")
    whole = lines[0] == "BEGIN:VCARD" and lines[-2:] == ["END:VCARD", ""]
    return (
        card if whole and sum(line.startswith(("BEGIN:", "END:")) for line in lines) == 2 else None
    )
