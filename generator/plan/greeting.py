"""How a draft addresses someone: their `greeting`, else a first name a name parser is sure of.

"Hi Dr.," and "Dear 박재원," come from taking the first word of a name. A kept parser
(nameparser) knows honorifics, suffixes and surname particles ("Ní", "van", "de la"); what
it cannot know (whether "Ana Sofía Reyes" goes by "Ana" or "Ana Sofía", which part of a
name in two scripts to use) is reported as unsure, so `check` can ask for a `greeting:`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from generator.content.models import PersonFile

_FAMILY_FIRST = ("HANGUL", "CJK", "HIRAGANA", "KATAKANA")
"""Scripts of names usually written family name first, often without a space between the parts."""
_PARTICLES = ("ní", "nic", "mac", "mc", "ó", "ua", "uí", "bin", "binti", "bint", "ibn", "al", "el", "ter", "ten", "zu")
"""Surname particles nameparser does not know by default (Irish, Arabic, Malay, Dutch, German)."""


@dataclass(frozen=True)
class Greeting:
    text: str
    """The name a draft uses after "Dear" or "Hi"."""
    sure: bool
    """False when the name leaves the choice open; `reason` says why."""
    reason: str = ""


def script_of(char: str) -> str | None:
    """The script a letter belongs to, by its Unicode name (LATIN, CYRILLIC, HANGUL, CJK, ...); None for others."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


def scripts_in(text: str) -> list[str]:
    """The scripts of a text's letters, in order of first appearance."""
    return list(dict.fromkeys(s for s in map(script_of, text) if s))


def _names(scripts: list[str]) -> str:
    return ", ".join("Chinese or Japanese characters" if s == "CJK" else s.title() for s in scripts)


def _latin_part(name: str) -> str:
    """The words of a name written in Latin letters ("Jae-won Park" of "박재원 Jae-won Park")."""
    return " ".join(word for word in name.split() if scripts_in(word) == ["LATIN"])


@lru_cache(maxsize=4096)
def _parsed(name: str) -> tuple[str, str, str]:
    """(first, middle, last) of a name, honorifics and suffixes left out; a nickname in quotes ("Hal") is the
    name they go by, so it stands for the first."""
    from nameparser import HumanName

    parsed = HumanName(name, constants=_constants())
    return parsed.nickname or parsed.first, parsed.middle, parsed.last


@lru_cache(maxsize=1)
def _constants():  # type: ignore[no-untyped-def]
    """Our own copy of nameparser's word lists with the particles added (the library's module-level one is shared
    by every caller), made once: making it costs ~5 ms, which every distinct name paid (2.4 s at 500 meetings)."""
    from nameparser.config import Constants

    constants = Constants()
    constants.prefixes.add(*_PARTICLES)
    return constants


def greeting_of(profile: PersonFile) -> Greeting:
    if profile.greeting:
        return Greeting(profile.greeting, True)
    name = " ".join(profile.name.split())
    scripts = scripts_in(name)
    if len(scripts) > 1:
        latin = _latin_part(name)
        if latin:
            first = _parsed(latin)[0] or latin.split()[0]
            return Greeting(first, False, f"the name mixes scripts ({_names(scripts)})")
        return Greeting(name, False, f"the name mixes scripts ({_names(scripts)})")
    if scripts and scripts[0].startswith(_FAMILY_FIRST):
        return Greeting(name, False, "the family name may come first in this name")
    first, middle, last = _parsed(name)
    if not first:  # only a title or a suffix ("Dr. Who" parses oddly; keep what was written)
        return Greeting(name, False, "no first name found in it")
    if middle:
        return Greeting(first, False, f"{middle!r} may be part of the first name ({first} {middle})")
    return Greeting(first, True)


def written_name(name: str) -> str:
    """The name as a sentence of a draft writes it: a name in two scripts ("अनन्या शर्मा Ananya Sharma") by its
    Latin part, the script the drafts are written in, rather than both forms side by side; without the
    credentials after a comma ("Dr. Kavya Iyer, PhD" -> "Dr. Kavya Iyer")."""
    from generator.contacts.names import CREDENTIALS

    name = " ".join(name.split())
    head, _, tail = name.partition(",")
    if tail and all(w.replace(".", "").casefold() in CREDENTIALS for w in tail.replace(",", " ").split()):
        name = head  # "Dr. Kavya Iyer, PhD": the letters after a name belong on an envelope, not in a sentence
    if len(scripts_in(name)) > 1:
        return _latin_part(name) or name
    return name


def names_of(profile: PersonFile) -> tuple[str, ...]:
    """Every way a traveler's notes may name this person ("अनन्या शर्मा Ananya Sharma", "Ananya Sharma",
    "Ananya", "Dr Okafor"), longest first: a promise about them says "you" instead (plan/phrasing.py)."""
    full = " ".join(profile.name.split())
    latin = written_name(full)
    first, _, last = _parsed(latin)
    honorific = latin.split()[0] if len(latin.split()) > 2 or (first and not latin.startswith(first)) else ""
    names = [full, latin, greeting_of(profile).text, first, f"{first} {last}".strip()]
    names.append(f"{honorific} {last}" if honorific and last else "")
    if profile.greeting:
        names.append(profile.greeting)
    return tuple(sorted({n for n in names if n and len(n) > 1}, key=len, reverse=True))
