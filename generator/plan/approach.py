"""How a request opens, by the kind of connection: what it may name, and the words that show it did.

Career centres' rule: name the connection first. A referral opens with who suggested you write (only
when you may use their name), an alum with the school, a former colleague with the work you shared;
a cold request has no connection to name and opens with their work. The draft template words each
variant; the lint (render/draft_lint.py) checks any draft, the user's own included, against `words`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from generator.content.models import ConnectionKind
from generator.content.names import written_name
from generator.content.trip import Person, Trip
from generator.plan.debrief import Debriefs


class Variant(str, Enum):
    REFERRAL = "referral"
    """Someone suggested them (an introducer, a debrief referral, or kind referral/introduced)."""

    ALUMNI = "alumni"
    FRIEND = "friend"
    FAMILY = "family"
    COLLEAGUE = "colleague"
    COLD = "cold"
    """No connection, or kind cold."""

    OTHER = "other"
    """Any other kind: professor, mentor, classmate, your own word."""


_KIND_WORDS = {
    Variant.ALUMNI: ("alum", "alumni", "alumna", "alumnus", "graduate", "graduated"),
    Variant.COLLEAGUE: ("colleague", "colleagues", "worked together", "worked with"),
}
_PLACE_WORDS = frozenset(
    [
        "network",
        "program",
        "programme",
        "school",
        "university",
        "college",
        "institute",
        "meetup",
        "club",
        "group",
        "conference",
        "association",
        "society",
        "alumni",
        "directory",
        "department",
        "office",
        "team",
        "course",
        "class",
        "community",
        "church",
        "parish",
        "forum",
        "list",
        "slack",
        "linkedin",
        "board",
    ]
)
RELATIONS = {
    "professor": "your class",
    "mentor": "your mentoring",
    "manager": "our time on your team",
    "classmate": "our time in class together",
    "client": "our work together",
    "neighbour": "our time as neighbours",
    "neighbor": "our time as neighbors",
    "community": "our community",
}
"""What you share with someone of each other kind of connection."""

_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "at",
        "for",
        "and",
        "to",
        "my",
        "our",
        "from",
        "with",
        "on",
        "by",
        "via",
    ]
)


@dataclass(frozen=True)
class Approach:
    variant: Variant
    suggested_by: str | None
    """Who suggested them, to name in the first sentence; None when nobody did or their name may not
    be used."""

    via_phrase: str | None
    """Their free-text `connection.via` as a phrase for "through ...": "the Georgetown alumni
    network"; None when it reads as a person's name or is not given."""

    words: tuple[str, ...]
    """Words of which one names the connection; empty when there is none to name (cold, a friend, a
    referral whose name you may not use)."""
    withheld: bool = False
    """True when a referral's `may_use_name` is false: the draft must not say who suggested them."""

    relation: str | None = None
    """For another kind of connection, what you share, as a phrase: "your class" (professor), "our
    time on the choir" (your own word "choir")."""

    @property
    def names_connection(self) -> bool:
        return bool(self.words)


def spoken_name(name: str) -> str:
    """A name as a sentence says it: 'Harold "Hal" Brennan' is "Hal Brennan", "Mei Chen (陈美)" is
    "Mei Chen", "अनन्या शर्मा Ananya Sharma" is "Ananya Sharma"
    (content/names.py `written_name`)."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    nick = re.search(r'["“]([^"”]+)["”]', name)
    if nick:
        words = re.sub(r'\s*["“][^"”]+["”]\s*', " ", name).split()
        return " ".join([nick.group(1), *words[1:]]) if len(words) > 1 else nick.group(1)
    return written_name(name)


def _words(text: str) -> tuple[str, ...]:
    return tuple(
        w for w in re.findall(r"[^\W_][\w'-]*", text) if w.casefold() not in _STOP and len(w) > 2
    )


def is_place(via: str) -> bool:
    """ "Georgetown alumni network" is a place or a group; "Aunt Carmen" or "Prof. Kim" is a
    person."""
    folded = [w.casefold().strip("().,") for w in via.split()]
    return any(w in _PLACE_WORDS for w in folded) or len(folded) > 4


def via_phrase(via: str) -> str:
    """ "Georgetown alumni network" -> "the Georgetown alumni network"; "The Seoul Water Forum" and
    "my ..." kept."""
    first = via.split()[0].casefold()
    if first in ("the", "a", "an", "my", "our"):
        return via[0].lower() + via[1:] if first == "the" else via
    return "the " + via if is_place(via) and len(via.split()) > 1 else via


def approach_of(person: Person, trip: Trip, debriefs: Debriefs) -> Approach:
    connection = person.profile.connection
    kind = (connection.kind or "").casefold() if connection else ""
    via = connection.via if connection else None
    introducer = trip.people.get(person.introducer) if person.introducer else None
    suggestion = debriefs.suggestion_for(person)
    withheld = suggestion is not None and not suggestion.referral.may_use_name
    free = via if via and introducer is None else None
    place = via_phrase(free) if free and is_place(free) else None

    if (
        introducer is not None
        or suggestion is not None
        or kind in (ConnectionKind.REFERRAL.value, "introduced", "introduction")
    ):
        by = introducer or (suggestion.by if suggestion else None)
        if withheld:
            return Approach(Variant.REFERRAL, None, place, (), True)
        if by is not None:
            name = spoken_name(by.profile.name)
            return Approach(Variant.REFERRAL, name, None, (name, *_words(name)))
        if free and not is_place(free):
            return Approach(Variant.REFERRAL, free, None, _words(free))
        return Approach(Variant.REFERRAL, None, place, _words(free) if free else ())
    if kind == ConnectionKind.ALUMNI.value:
        return Approach(
            Variant.ALUMNI,
            None,
            place,
            _KIND_WORDS[Variant.ALUMNI] + (_words(free) if free else ()),
        )
    if kind == ConnectionKind.COLLEAGUE.value:
        return Approach(Variant.COLLEAGUE, None, None, _KIND_WORDS[Variant.COLLEAGUE])
    if kind in (ConnectionKind.FRIEND.value, ConnectionKind.FAMILY.value):
        variant = Variant.FRIEND if kind == ConnectionKind.FRIEND.value else Variant.FAMILY
        if free and not is_place(free):  # "Aunt Carmen": the relative or friend who connects you
            return Approach(variant, free, None, _words(free))
        return Approach(variant, None, None, ())
    if kind in ("", ConnectionKind.COLD.value):
        return Approach(Variant.COLD, None, None, ())
    relation = RELATIONS.get(kind) or f"our time in the {connection.kind if connection else kind}"
    words = (*_words(relation), kind, *(_words(free) if free else ()))
    return Approach(
        Variant.OTHER,
        None,
        place,
        tuple(w for w in dict.fromkeys(words) if w.casefold() not in ("our", "time", "your")),
        relation=relation,
    )
