"""Names compared and turned into slugs: the one place that knows "Google LLC" is "Google".

People are the same when their names match once honorifics, accents, case and
punctuation are set aside ("Dr. José Álvarez" is "jose alvarez"); organisations
when their names match once legal forms are too ("Google, Inc." is "google").
Slugs are readable in every script: a name with a Latin part uses it ("박재원
Jae-won Park" is jae-won-park); one with none is transliterated (anyascii) syllable
by syllable ("Ана-София Петрова" is ana-sofiya-petrova, "王小明" is wang-xiao-ming).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

HONORIFICS = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "rev", "fr", "hon"})
CREDENTIALS = frozenset({"phd", "md", "mba", "mpp", "mpa", "jd", "cpa", "pe", "esq", "pmp", "cfa", "dds", "rn"})
LEGAL_FORMS = frozenset({
    "llc", "inc", "incorporated", "ltd", "limited", "corp", "corporation", "co", "company", "plc", "gmbh", "ag", "sa",
    "sas", "sarl", "bv", "nv", "pty", "pte", "srl", "spa", "lp", "llp", "pllc", "pc", "oy", "ab", "kk", "kg",
})
"""Legal forms that end an organisation's name and do not tell two organisations apart."""

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _ascii_letters(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _folded(text: str) -> str:
    """Lower-case words without accents or punctuation: "Álvarez-Núñez, PhD" -> "alvarez nunez phd"."""
    letters = "".join(_ascii_letters(ch) or ch for ch in text)
    return " ".join(_WORD.findall(letters.casefold()))


def _is_latin(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(ch, "") for ch in letters)


def _latin_part(words: list[str]) -> list[str]:
    """The Latin-script words of a name written in two scripts ("박재원 Jae-won Park"), else all of them."""
    latin = [w for w in words if _is_latin(w)]
    return latin if latin and len(latin) < len(words) else words


def plain_name(name: str) -> str:
    """The name without honorifics before it or credentials after it: "Dr. Meera Raghunathan, PhD" -> "Meera Raghunathan"."""
    name = name.split(",")[0] if "," in name else name
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".").casefold() in HONORIFICS:
        words.pop(0)
    while len(words) > 1 and words[-1].replace(".", "").casefold() in CREDENTIALS:
        words.pop()
    return " ".join(words)


def person_key(name: str) -> str:
    """What two spellings of one person's name have in common."""
    return _folded(" ".join(_latin_part(plain_name(name).split())))


def _without_legal_form(name: str) -> str:
    """"The Google, Inc." -> "Google"; the words as written, for slugs and keys."""
    words = name.replace("&", " and ").replace(",", " ").split()
    if len(words) > 1 and words[0].casefold() == "the":
        words.pop(0)
    while len(words) > 1 and (_folded(words[-1]).replace(" ", "") in LEGAL_FORMS or words[-1] == "and"):
        words.pop()
    return " ".join(words)


def everyday_name(name: str) -> str:
    """The name as people say it: a legal form at its end dropped, the rest as written ("Pillar Health, Inc."
    -> "Pillar Health", "Lumen Care Pte. Ltd." -> "Lumen Care"), so a draft never writes "Inc.." or a legal
    form in a sentence. A name that is only a legal form stays whole."""
    words = name.split()
    while len(words) > 1 and _folded(words[-1]).replace(" ", "") in LEGAL_FORMS:
        words.pop()
    short = " ".join(words).rstrip(",")
    return short if short.strip() else name


def organisation_key(name: str) -> str:
    """What "Google", "Google LLC" and "Google, Inc." have in common: "google"."""
    return _folded(_without_legal_form(name))


def email_key(email: str) -> str:
    return email.strip().casefold()


def linkedin_key(url: str) -> str | None:
    """A LinkedIn profile's identity: "https://www.linkedin.com/in/Jordan-Ellis/?trk=x" -> "in/jordan-ellis"."""
    parts = urlsplit(url.strip() if "://" in url else "https://" + url.strip())
    host = (parts.hostname or "").casefold()
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return None
    path = parts.path.strip("/").casefold()
    return path or None


def _transliterated(word: str) -> str:
    """ASCII for a word in any script; Han and Hangul syllables each become a part (王小明 -> Wang-Xiao-Ming)."""
    from anyascii import anyascii

    out = []
    for ch in word:
        ascii_form = _ascii_letters(ch)
        if ascii_form:
            out.append(ascii_form)
            continue
        if not ch.isalpha():
            out.append(" ")  # an emoji or a symbol in a name is decoration, not part of it
            continue
        spelled = anyascii(ch)
        syllable = unicodedata.name(ch, "").startswith(("CJK UNIFIED", "HANGUL SYLLABLE", "CJK COMPATIBILITY IDEOGRAPH"))
        out.append(f"-{spelled}-" if syllable else spelled)
    return "".join(out)


def slug_of(name: str, fallback: str) -> str:
    """A readable slug for a name in any script; `fallback` when nothing readable is left."""
    text = " ".join(_transliterated(w) for w in _latin_part(plain_name(name).split()))
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:60].rstrip("-") or fallback


def company_slug_of(name: str) -> str:
    """A company's slug, from its name without legal form: "Google LLC" -> "google"."""
    return slug_of(_without_legal_form(name), "organisation")
