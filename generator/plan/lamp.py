"""Dalton's LAMP list: organisations scored for Advocacy, Motivation and Postings, then ranked.

Steve Dalton (The 2-Hour Job Search) sorts the list by motivation first, then postings, then
advocacy: you go where you most want to be, sooner where there is a posting that fits, and sooner
still where someone can vouch for you. A company's `lamp:` gives the scores; an absent advocacy is
derived from the people you know there and how close they are, so a list of 40 organisations needs
only the two scores that live in your head. Pure: reads the Trip only, so the network, the outreach
clock and `propose` can order whom to ask by it without a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.content.models import ConnectionKind, OutreachStatus
from generator.content.trip import Company, Person, Trip

CLOSE = frozenset(
    {
        ConnectionKind.FRIEND,
        ConnectionKind.FAMILY,
        ConnectionKind.COLLEAGUE,
        ConnectionKind.MENTOR,
        ConnectionKind.MANAGER,
        ConnectionKind.PROFESSOR,
    }
)
"""Kinds of connection close enough to vouch for you: 3 on their own."""

COLD = ConnectionKind.COLD.value
TOP = 3
"""The highest LAMP score."""


def closeness(person: Person, met: frozenset[str]) -> int:
    """How well placed one person is to advocate for you, 1-3: 3 for a close tie, for someone on the
    schedule or who replied (they know you, or soon will); 1 for a cold contact or one with no
    connection written; 2 for every other tie (alumni, a referral, someone introduced by a person, a
    word of your own)."""
    profile = person.profile
    if person.slug in met or (
        profile.outreach is not None and profile.outreach.replied_on is not None
    ):
        return TOP
    connection = profile.connection
    kind = (connection.kind or "").casefold() if connection else ""
    if kind in {k.value for k in CLOSE}:
        return TOP
    if kind == COLD or (connection is None) or (not kind and not connection.via):
        return 1
    return 2


def _out(person: Person) -> bool:
    outreach = person.profile.outreach
    return outreach is not None and outreach.status in (
        OutreachStatus.DECLINED,
        OutreachStatus.NO_REPLY,
    )


def derived_advocacy(people: tuple[Person, ...], met: frozenset[str]) -> int:
    """The closest tie there, one more (at most 3) when two or more people there are warm (2 or
    more); 0 for nobody. Whoever declined or never replied vouches for no one (a quick "no" had
    counted as a close tie, so every organisation came out A3)."""
    scores = [closeness(p, met) for p in people if not _out(p)]
    if not scores:
        return 0
    warm = sum(s >= 2 for s in scores)
    return min(TOP, max(scores) + (1 if warm >= 2 else 0))


@dataclass(frozen=True)
class Target:
    """One organisation on the LAMP list."""

    company: Company
    motivation: int
    postings: int
    advocacy: int
    advocacy_derived: bool
    """True when advocacy was worked out from the people you know there (the company gives none)."""

    people: tuple[Person, ...]
    """Everyone you know there, closest first, then by name."""
    rank: int
    """1 for the organisation to approach first."""

    @property
    def scored(self) -> bool:
        """True when the company has a `lamp:` of its own."""
        return self.company.profile.lamp is not None


def _people_at(trip: Trip) -> dict[str, list[Person]]:
    at: dict[str, list[Person]] = {}
    for person in trip.people.values():
        if person.company is not None:
            at.setdefault(person.company.slug, []).append(person)
    return at


def rank_targets(trip: Trip) -> tuple[Target, ...]:
    """Every company in companies/, ranked: motivation, then postings, then advocacy (highest
    first), then name."""
    met = frozenset(m.person.slug for m in trip.meetings)
    at = _people_at(trip)
    scored = []
    for slug, company in trip.companies.items():
        lamp = company.profile.lamp
        people = tuple(
            sorted(at.get(slug, ()), key=lambda p: (-closeness(p, met), p.profile.name.casefold()))
        )
        given = lamp.advocacy if lamp is not None else None
        advocacy = given if given is not None else derived_advocacy(people, met)
        scored.append(
            (
                company,
                (lamp.motivation or 0) if lamp else 0,
                (lamp.postings or 0) if lamp else 0,
                advocacy,
                given is None,
                people,
            )
        )
    scored.sort(key=lambda s: (-s[1], -s[2], -s[3], s[0].profile.name.casefold(), s[0].slug))
    return tuple(
        Target(c, m, p, a, d, people, rank)
        for rank, (c, m, p, a, d, people) in enumerate(scored, 1)
    )


def target_ranks(trip: Trip) -> Mapping[str, int]:
    """Each company's rank by slug; whom to ask next sorts by it (people with no company come after
    every company)."""
    return {t.company.slug: t.rank for t in rank_targets(trip)}


def rank_of(person: Person, ranks: Mapping[str, int]) -> int:
    """The rank of the person's organisation; after every ranked one when they have none."""
    return ranks.get(person.company.slug, len(ranks) + 1) if person.company else len(ranks) + 1
