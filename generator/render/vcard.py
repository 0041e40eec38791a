"""The people you meet as vCards (RFC 6350, vCard 4.0), written with `vobject`, for a phone's contacts.

Each meeting's folder gets `contact.vcf` (the person, with that meeting in NOTE), and the
site's root gets `contacts.vcf` (everyone on the schedule, each with all of their meetings).
Every card of one person has the same UID, drawn from the trip and the person's slug, so a
phone that imports both, or a later build's file, updates the contact instead of adding a
twin. Nothing comes from the clock: the same trip gives the same bytes.

The paths come from `Paths`, so a private build's card lives in an opaque folder and is
sealed like every other file (render/encrypt.py seals all but static/ and robots.txt).
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from typing import TYPE_CHECKING

from generator import __version__
from generator.content.phones import read_phone, trip_country
from generator.content.trip import Person
from generator.plan.plan import Plan
from generator.plan.schedule import Slot
from generator.render.paths import Paths

if TYPE_CHECKING:
    import vobject.base

HONORIFICS = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "rev", "fr"})
"""Words before a name that belong in N's prefix, not in the given name."""
PARTICLES = frozenset({
    "ní", "nic", "ó", "ua", "uí", "mac", "mag", "van", "von", "der", "den", "de", "da", "di", "del", "della", "des",
    "du", "la", "le", "bin", "binti", "ibn", "al", "el", "ap", "dos", "das", "do", "st", "st.",
})
"""Words that begin a surname rather than end the given name."""


def _uid(plan: Plan, person: Person) -> str:
    digest = hashlib.sha256(f"{plan.trip.info.title}\0{plan.trip.info.start}\0person\0{person.slug}".encode()).digest()
    return uuid.UUID(bytes=digest[:16], version=5).urn


def _latin(word: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in word if ch.isalpha())


def _name_parts(name: str) -> tuple[str, str, str] | None:
    """(prefix, given, family) of a name written with spaces; None for a name in one piece (王小明).

    A surname particle stays with the surname (Aisling Ní Bhriain, Ciarán Mac Giolla, Ana de la Cruz), and a
    name written in two scripts (박재원 Jae-won Park) is split by its Latin part; FN keeps the name as written."""
    words = name.split()
    if any(_latin(w) for w in words) and not all(_latin(w) for w in words):
        words = [w for w in words if _latin(w)]
    prefix = []
    while len(words) > 2 and words[0].rstrip(".").casefold() in HONORIFICS:
        prefix.append(words.pop(0))
    if len(words) < 2:
        return None
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].casefold() in PARTICLES:
        cut -= 1
    return " ".join(prefix), " ".join(words[:cut]), " ".join(words[cut:])


def _when(slot: Slot) -> str:
    start, end = slot.start, slot.end
    return f"{start.strftime('%a')} {start.day} {start.strftime('%b %Y')}, {start.strftime('%H:%M')}–{end.strftime('%H:%M')} {start.tzname()}"


def _meeting_line(slot: Slot) -> str:
    entry = slot.meeting.entry
    how = {"in-person": "in person", "video": "video call", "phone": "phone call"}[entry.format.value]
    where = f" at {slot.location}" if slot.in_person and slot.location else ""
    return f"Informational interview {_when(slot)}, {how}{where}."


def _card(plan: Plan, person: Person, slots: tuple[Slot, ...]) -> vobject.base.Component:
    import vobject

    profile = person.profile
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("prodid").value = f"-//infoprep//infoprep {__version__}//EN"
    card.add("uid").value = _uid(plan, person)
    card.add("kind").value = "individual"
    card.add("fn").value = profile.name
    parts = _name_parts(profile.name)
    if parts is not None:
        prefix, given, family = parts
        card.add("n").value = vobject.vcard.Name(family=family, given=given, prefix=prefix)
    if person.company is not None:
        card.add("org").value = [person.company.profile.name]
    if profile.title:
        card.add("title").value = profile.title
    if profile.email:
        email = card.add("email")
        email.value = profile.email
        email.params["TYPE"] = ["work"]
    if profile.phone:
        tel = card.add("tel")
        phone = read_phone(profile.phone, trip_country(plan.trip.info))
        tel.value = f"tel:{phone.e164}" if phone else profile.phone
        tel.params["VALUE"] = ["uri" if phone else "text"]
        tel.params["TYPE"] = ["work", "voice"]
    if profile.linkedin:
        card.add("url").value = profile.linkedin
    card.add("categories").value = [plan.trip.info.title]
    note = [_meeting_line(slot) for slot in slots]
    note.append(f"Trip: {plan.trip.info.title}, {plan.trip.info.city}.")
    card.add("note").value = "\n".join(note)
    return card


def _serialize(card: vobject.base.Component) -> bytes:
    return card.serialize().encode("utf-8")


def render_vcards(plan: Plan, paths: Paths) -> dict[str, bytes]:
    """{output path: vCard bytes}: one card in each meeting's folder, and contacts.vcf of everyone on the schedule."""
    slots_of: dict[str, list[Slot]] = {}
    for slot in plan.schedule.slots:
        slots_of.setdefault(slot.meeting.person.slug, []).append(slot)
    files = {}
    for packet in plan.packets:
        slot = packet.slot
        files[paths.contact_card(packet.id)] = _serialize(_card(plan, slot.meeting.person, (slot,)))
    everyone = b"".join(
        _serialize(_card(plan, slots[0].meeting.person, tuple(slots))) for slots in slots_of.values()
    )
    files[paths.contacts] = everyone
    return files
