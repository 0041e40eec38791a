"""Who introduced whom, where each request stands, and who decides.

The network is every person in people/, scheduled or not. Introduction chains follow
`connection.via` slugs upward; a loop (A via B via A) is reported and cut.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from generator.content.catalog import N_, Words
from generator.content.models import Connection, OutreachStatus, Seniority
from generator.content.trip import Person, Trip
from generator.errors import Finding, Level
from generator.plan.lamp import rank_of, target_ranks
from generator.plan.schedule import Schedule, Slot

SENIORITY_ORDER = {
    Seniority.DECISION_MAKER: 0,
    Seniority.MANAGER: 1,
    Seniority.STAFF: 2,
    Seniority.PEER: 3,
    None: 4,
}
STATUS_ORDER = (
    OutreachStatus.TO_ASK,
    OutreachStatus.ASKED,
    OutreachStatus.SCHEDULED,
    OutreachStatus.NO_REPLY,
    OutreachStatus.DECLINED,
    OutreachStatus.INTRODUCER,
)


KIND_WORDS = {
    "friend": N_("friend"),
    "family": N_("family"),
    "alumni": N_("alumni"),
    "colleague": N_("colleague"),
    "referral": N_("referral"),
    "cold": N_("cold outreach"),
    "professor": N_("professor"),
    "mentor": N_("mentor"),
    "manager": N_("manager"),
    "classmate": N_("classmate"),
    "client": N_("client"),
    "neighbour": N_("neighbour"),
    "community": N_("community"),
}
"""The usual kinds of connection (ConnectionKind) as the catalog words them; any other kind is
the user's own word and stays as written."""


def kind_in_words(kind: str, words: Words) -> str:
    """A connection's kind in the language of `words`: "Empfehlung" for referral."""
    known = KIND_WORDS.get(kind)
    return words.gettext(known) if known else kind


def connection_in_words(
    connection: Connection | None,
    introducer: Person | None,
    with_note: bool = True,
    words: Words | None = None,
) -> str | None:
    """How you are connected, in words: "Introduced by Priya Natarajan (alumni)" for a person who
    introduced you, "meetup (referral)" for free text, then the note.

    The one wording of it, for the packet page (in the page's `words`) and `who` (whose column
    leaves the note out unless it is all there is).
    """
    if connection is None:
        return None
    words = words or Words()
    kind = connection.kind
    said = kind_in_words(kind, words) if kind else None
    text = None
    if introducer is not None:
        name = introducer.profile.name
        text = (
            words.phrase("Introduced by %(name)s (%(kind)s)", name=name, kind=said)
            if said
            else words.phrase("Introduced by %(name)s", name=name)
        )
    elif connection.via:
        same = kind and kind.casefold() == connection.via.casefold()
        text = (
            words.phrase("%(via)s (%(kind)s)", via=connection.via, kind=said)
            if said and not same
            else connection.via
        )
    elif said:
        text = words.gettext("Cold outreach") if kind == "cold" else said[0].upper() + said[1:]
    if connection.note and not (text and not with_note):
        text = (
            words.phrase("%(connection)s: %(note)s", connection=text, note=connection.note)
            if text
            else connection.note
        )
    return text


@dataclass(frozen=True)
class Contact:
    person: Person
    status: OutreachStatus
    chain: tuple[Person, ...]
    """Introducers, from the first link to the person who introduced this one."""

    origin: str | None
    """Free-text start of the chain ("Georgetown alumni"), if any."""

    via: str | None
    """Their own `connection.via` when it is free text ("meetup"), not a person's slug; None
    otherwise."""

    slots: tuple[Slot, ...]
    days_since_asked: int | None
    in_loop: bool = False

    @property
    def decision_maker(self) -> bool:
        return self.person.profile.seniority is Seniority.DECISION_MAKER

    @property
    def introducer(self) -> Person | None:
        return self.chain[-1] if self.chain else None


@dataclass(frozen=True)
class TreeNode:
    contact: Contact
    children: tuple[TreeNode, ...]


@dataclass(frozen=True)
class Network:
    contacts: tuple[Contact, ...]
    pipeline: tuple[tuple[OutreachStatus, tuple[Contact, ...]], ...]
    to_ask: tuple[Contact, ...]
    """Still to ask: those at the highest-ranked organisation on the LAMP list first (plan/lamp.py),
    most senior first within one: they are who the trip is for."""

    tree: tuple[TreeNode, ...]
    """Introduction trees: roots are people nobody in people/ introduced."""

    findings: tuple[Finding, ...]

    def contact(self, slug: str) -> Contact:
        return next(c for c in self.contacts if c.person.slug == slug)


def status_of(person: Person, slots: tuple[Slot, ...]) -> OutreachStatus:
    """As written; else scheduled when on the schedule, else to-ask.

    (Someone who introduced you and whom you will not meet says so with `status: introducer`: an
    introducer may well be someone to ask too.)
    """
    if person.profile.outreach:
        return person.profile.outreach.status
    return OutreachStatus.SCHEDULED if slots else OutreachStatus.TO_ASK


def chain_of(person: Person, people: Mapping[str, Person]) -> tuple[tuple[Person, ...], bool]:
    """Introducers of `person`, nearest last, and whether `person` is in a loop (A via B via A).

    A chain that runs into a loop further up stops there; only the loop's members are in it.
    """
    chain: list[Person] = []
    seen = {person.slug}
    current = person
    while current.introducer:
        if current.introducer in seen:
            return tuple(reversed(chain)), current.introducer == person.slug
        seen.add(current.introducer)
        current = people[current.introducer]
        chain.append(current)
    return tuple(reversed(chain)), False


def build_network(trip: Trip, schedule: Schedule, today: date) -> Network:
    contacts = []
    findings = []
    slots_of: dict[str, list[Slot]] = {}
    for slot in schedule.slots:
        slots_of.setdefault(slot.meeting.person.slug, []).append(slot)
    for slug in sorted(trip.people, key=lambda s: trip.people[s].profile.name.casefold()):
        person = trip.people[slug]
        slots = tuple(slots_of.get(slug, ()))
        chain, loops = chain_of(person, trip.people)
        if loops:
            findings.append(
                Finding(
                    Level.WARNING,
                    person.source.at("connection"),
                    f"introduction loop: {person.slug} is reached through "
                    f"{' via '.join(p.slug for p in reversed(chain))} and back; fix one 'via'",
                )
            )
        origin_person = chain[0] if chain else person
        via = origin_person.profile.connection.via if origin_person.profile.connection else None
        origin = via if via and not origin_person.introducer else None
        asked_on = person.profile.outreach.asked_on if person.profile.outreach else None
        if isinstance(asked_on, datetime):
            asked_on = asked_on.date()
        own = person.profile.connection.via if person.profile.connection else None
        contacts.append(
            Contact(
                person,
                status_of(person, slots),
                chain,
                origin,
                own if own and not person.introducer else None,
                slots,
                (today - asked_on).days if asked_on else None,
                loops,
            )
        )
    pipeline = tuple(
        (status, tuple(c for c in contacts if c.status is status)) for status in STATUS_ORDER
    )
    ranks = target_ranks(trip)
    to_ask = tuple(
        sorted(
            (c for c in contacts if c.status is OutreachStatus.TO_ASK),
            key=lambda c: (rank_of(c.person, ranks), SENIORITY_ORDER[c.person.profile.seniority]),
        )
    )
    return Network(tuple(contacts), pipeline, to_ask, _tree(contacts), tuple(findings))


def _tree(contacts: list[Contact]) -> tuple[TreeNode, ...]:
    by_introducer: dict[str | None, list[Contact]] = {}
    for contact in contacts:
        key = contact.introducer.slug if contact.introducer and not contact.in_loop else None
        by_introducer.setdefault(key, []).append(contact)

    def node(contact: Contact, seen: frozenset[str]) -> TreeNode:
        kids = [k for k in by_introducer.get(contact.person.slug, []) if k.person.slug not in seen]
        return TreeNode(contact, tuple(node(k, seen | {k.person.slug}) for k in kids))

    return tuple(node(c, frozenset({c.person.slug})) for c in by_introducer.get(None, []))
