"""People's and organisations' names: the one place that parses, compares, greets and slugs them.

Every caller asks here, so a name means the same thing everywhere: the greeting of a draft, the N
field of a vCard, the slug of a file `import` or `new` writes, the key that tells an imported
contact from one already in people/. A kept parser (nameparser) knows honorifics, suffixes and
surname particles; our particles (Irish, Arabic, Malay, Dutch, German) are added to a copy of its
word lists. What it cannot know (whether "Ana Sofía Reyes" goes by "Ana" or "Ana Sofía", which
part of a name in two scripts to use) is reported as unsure, so `check` can ask for a `greeting:`.

People are the same when their names match once honorifics, accents, case and punctuation are set
aside ("Dr. José Álvarez" is "jose alvarez"); organisations when their names match once legal
forms are too ("Google, Inc." is "google"). Slugs are readable in every script: a name with a Latin
part uses it ("박재원 Jae-won Park" is jae-won-park); one with none is transliterated (anyascii)
syllable by syllable ("Ана-София Петрова" is ana-sofiya-petrova,
"王小明" is wang-xiao-ming).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from nameparser.config import Constants

    from generator.content.models import PersonFile

HONORIFICS = frozenset(
    {
        "dr",
        "prof",
        "professor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "sir",
        "dame",
        "rev",
        "fr",
        "hon",
        "herr",
        "frau",
        "monsieur",
        "madame",
        "mme",
        "mlle",
        "sr",
        "sra",
        "srta",
    }
)
"""Words before a name that are not part of it (a vCard's N prefix)."""


def is_familiar(profile: PersonFile) -> bool:
    """Whether drafts to them are informal: `informal`, else a friend or family whom the user's
    own `greeting` does not address by an honorific ("Herr Dr. Brandt", "Madame Roux")."""
    from generator.content.models import ConnectionKind

    if profile.informal is not None:
        return profile.informal
    words = (profile.greeting or "").split()
    if len(words) > 1 and words[0].rstrip(".").casefold() in HONORIFICS:
        return False
    kind = (profile.connection.kind or "") if profile.connection else ""
    return kind.casefold() in (ConnectionKind.FRIEND.value, ConnectionKind.FAMILY.value)


MEN = frozenset({"mr", "herr", "monsieur", "sr", "sir"})
WOMEN = frozenset({"mrs", "ms", "miss", "frau", "madame", "mme", "mlle", "sra", "srta", "dame"})
"""Honorifics that say how a formal greeting addresses them (Herr, Frau; Monsieur, Madame)."""

STYLED = frozenset({"sir", "dame"})
"""Honorifics that go with the first name, even in an informal greeting ("Dear Sir Richard")."""

CREDENTIALS = frozenset(
    {
        "phd",
        "md",
        "mba",
        "mpp",
        "mpa",
        "jd",
        "cpa",
        "pe",
        "esq",
        "pmp",
        "cfa",
        "dds",
        "rn",
    }
)
"""Letters after a name that are not part of it."""

PARTICLES = frozenset(
    {
        "ní",
        "nic",
        "ó",
        "ua",
        "uí",
        "mac",
        "mag",
        "mc",
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "di",
        "del",
        "della",
        "des",
        "du",
        "la",
        "le",
        "bin",
        "binti",
        "bint",
        "ibn",
        "al",
        "el",
        "ap",
        "dos",
        "das",
        "do",
        "st",
        "st.",
        "ter",
        "ten",
        "zu",
    }
)
"""Words that begin a surname rather than end the given name ("Aisling Ní Bhriain")."""

LEGAL_FORMS = frozenset(
    {
        "llc",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "bv",
        "nv",
        "pty",
        "pte",
        "srl",
        "spa",
        "lp",
        "llp",
        "pllc",
        "pc",
        "oy",
        "ab",
        "kk",
        "kg",
    }
)
"""Legal forms that end an organisation's name and do not tell two organisations apart."""

FAMILY_FIRST = ("HANGUL", "CJK", "HIRAGANA", "KATAKANA")
"""Scripts of names usually written family name first, often without a space between the parts."""

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


# ----- scripts ---------------------------------------------------------------------------------


def script_of(char: str) -> str | None:
    """The script of a letter, by its Unicode name (LATIN, CYRILLIC, HANGUL, CJK, ...); None for
    anything else."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


def scripts_in(text: str) -> list[str]:
    """The scripts of a text's letters, in order of first appearance."""
    return list(dict.fromkeys(s for s in map(script_of, text) if s))


def is_latin(word: str) -> bool:
    """True for a word with letters, all of them Latin."""
    return scripts_in(word) == ["LATIN"]


def _script_names(scripts: list[str]) -> str:
    return ", ".join("Chinese or Japanese characters" if s == "CJK" else s.title() for s in scripts)


def latin_words(words: list[str]) -> list[str]:
    """The Latin-script words of a name written in two scripts ("박재원 Jae-won Park"), else
    all."""
    latin = [bare for w in words if is_latin(w) and (bare := w.strip("()[]（）"))]
    named = [w for w in latin if w.rstrip(".").casefold() not in HONORIFICS]
    # "山田 太郎 (Taro Yamada)" -> Taro Yamada;
    # "Prof. 田中 健" has no Latin name, only a title
    return latin if named and len(latin) < len(words) else words


# ----- parsing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedName:
    """A name's parts as nameparser reads them, with our particles."""

    title: str
    first: str
    middle: str
    last: str
    suffix: str
    nickname: str


@lru_cache(maxsize=1)
def _constants() -> Constants:
    """Our own copy of nameparser's word lists with the particles added (the library's module-level
    one is shared by every caller), made once: making it costs ~5 ms, which every distinct name paid
    (2.4 s at 500 meetings)."""
    from nameparser.config import Constants

    constants = Constants()
    constants.prefixes.add(*PARTICLES)
    return constants


@lru_cache(maxsize=4096)
def parse_name(name: str) -> ParsedName:
    """A name's title, first, middle, last, suffix and nickname (nameparser, our particles)."""
    from nameparser import HumanName

    parsed = HumanName(name, constants=_constants())
    return ParsedName(
        parsed.title, parsed.first, parsed.middle, parsed.last, parsed.suffix, parsed.nickname
    )


@dataclass(frozen=True)
class NameParts:
    """A name as a contact card files it (vCard N and NICKNAME)."""

    prefix: str
    """Honorifics before the name: "Dr.", "Prof.

    Dr.".
    """

    given: str
    """Given names, middle names included: "Ana Sofía"."""

    family: str
    """The family name with its particles: "Ní Bhriain", "de la Cruz"."""

    suffix: str = ""
    """Credentials and generations after it: "PhD", "Jr."."""

    nickname: str = ""
    """The name in quotes they go by: "Hal" of 'Harold "Hal" Brennan'."""


def name_parts(name: str) -> NameParts | None:
    """The parts of a name written with spaces; None for a name in one piece (王小明, Madonna).

    The parser's reading: a surname particle stays with the surname (Aisling Ní Bhriain, Ciarán
    Mac Giolla, Ana de la Cruz), "Dr." and ", PhD" are prefix and suffix, a Hangul or Han name with
    a space puts the family name first (박 재원), and a name written in two scripts
    (박재원 Jae-won Park) is split by its Latin part, unless its own part has a space:
    "佐藤 美咲 (Satō Misaki)" is 佐藤 (family) and 美咲 (given), the romanisation
    written in either order.
    """
    own = [bare for w in name.split() if not is_latin(w) and (bare := w.strip("()[]（）"))]
    if len(own) >= 2 and all(s and s[0].startswith(FAMILY_FIRST) for s in map(scripts_in, own)):
        titles = [w for w in name.split() if w.rstrip(".").casefold() in HONORIFICS]
        return NameParts(" ".join(titles), " ".join(own[1:]), own[0], "", "")
    words = latin_words(name.split())
    if len(words) < 2:
        return None
    parsed = parse_name(" ".join(words))
    given = " ".join(part for part in (parsed.first, parsed.middle) if part)
    if not parsed.last:
        return None
    return NameParts(parsed.title, given, parsed.last, parsed.suffix, parsed.nickname)


def plain_name(name: str) -> str:
    """The name without honorifics before it or credentials after it:
    "Dr. Meera Raghunathan, PhD" -> "Meera Raghunathan"."""
    name = name.split(",")[0] if "," in name else name
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".").casefold() in HONORIFICS:
        words.pop(0)
    while len(words) > 1 and words[-1].replace(".", "").casefold() in CREDENTIALS:
        words.pop()
    return " ".join(words)


def whole_name(given: str | None, family: str | None) -> str:
    """A name from an export's two fields, in the order its script writes it: "Mariko Inoue", but
    "井上 真理子" (a contact list's First Name 真理子, Last Name 井上)."""
    parts = [part.strip() for part in (given, family) if part and part.strip()]
    if len(parts) == 2 and all(
        (found := scripts_in(part)) and found[0].startswith(FAMILY_FIRST) for part in parts
    ):
        parts.reverse()
    return " ".join(parts)


def name_of_slug(slug: str) -> str:
    """A name to start from for a new profile: "jane-doe" -> "Jane Doe"."""
    return " ".join(part.capitalize() for part in slug.split("-"))


# ----- greeting --------------------------------------------------------------------------------


class Address(Enum):
    """How a language's drafts address a person in their greeting (`ADDRESS`)."""

    GIVEN = "given"
    """By first name: "Dear Ananya," (English, Spanish, Portuguese)."""

    FORMAL = "formal"
    """By honorific and family name when the name says which ("Guten Tag Frau Dr. Yıldırım",
    "Bonjour Madame Roux"), else by the whole name with its titles ("Guten Tag Prof. Dr. Klaus
    Müller-Lüdenscheidt"): German and French drafts say Sie and vous, and a first name after
    "Guten Tag" reads as a mistake."""

    FAMILY = "family"
    """By family name, or the whole name in its own script ("山田 太郎様", "Okafor様"):
    Japanese."""

    FULL = "full"
    """By the whole name, in its own script when written in two ("박재원 님께"): Korean,
    Chinese."""


ADDRESS = {"de": Address.FORMAL, "fr": Address.FORMAL, "ja": Address.FAMILY}
ADDRESS.update({"ko": Address.FULL, "zh_Hans": Address.FULL})
"""Each catalog language's way of addressing (the others: Address.GIVEN)."""


def address_for(language: str, informal: bool) -> Address:
    """How drafts in `language` (its code) address someone: by first name when they say the
    informal "you" (du, tu, tú), else in the language's way."""
    return Address.GIVEN if informal else ADDRESS.get(language, Address.GIVEN)


@dataclass(frozen=True)
class Greeting:
    text: str
    """The name a draft uses after "Dear" or "Hi"."""

    sure: bool
    """False when the name leaves the choice open; `reason` says why."""

    reason: str = ""
    gender: str | None = None
    """"m" or "f" when a written honorific (Herr, Frau, Mr, Mrs ...) says how an Address.FORMAL
    greeting goes on: the draft puts its language's word before `text` (Herr Prof. Meyer)."""


def _first(name: str) -> str:
    """The name they go by: a nickname in quotes ("Hal") stands for the first name."""
    parsed = parse_name(name)
    return parsed.nickname or parsed.first


def greeting_of(profile: PersonFile, style: Address = Address.GIVEN) -> Greeting:
    """Their `greeting`, else their name as `style` addresses them (by default the first name a
    parser is sure of, else the name and why not)."""
    if profile.greeting:
        return Greeting(profile.greeting, True)
    name = " ".join(profile.name.split())
    if style is Address.FORMAL:
        return _formal(name)
    if style in (Address.FAMILY, Address.FULL):
        return _native(name, style)
    language = (profile.name_lang or "").split("-")[0].casefold()
    if language in FAMILY_FIRST_LANGUAGES and scripts_in(name) == ["LATIN"]:
        return _given_after_family(name, language)
    return _given(name)


FAMILY_FIRST_LANGUAGES = frozenset({"zh", "ja", "ko", "vi", "hu", "mn", "km"})
"""Languages whose names put the family name first even in Latin letters (`name_lang`)."""


def _given_after_family(name: str, language: str) -> Greeting:
    """A family-first name in Latin letters by its given name: "Tan Wei Ling" -> "Wei Ling";
    Vietnamese by the last word, the name people use ("Nguyễn Thị Mai" -> "Mai")."""
    words = plain_name(name).split()
    if len(words) < 2:
        return _given(name)
    return Greeting(words[-1] if language == "vi" else " ".join(words[1:]), True)


def _given(name: str) -> Greeting:
    scripts = scripts_in(name)
    words = latin_words(name.split())
    honorific = words[0].rstrip(".").casefold() if len(words) > 1 else ""
    if honorific in STYLED:  # Sir Richard, Dame Judith: the honorific goes with the first name
        return Greeting(f"{words[0]} {words[1]}", True)
    if len(scripts) > 1:
        why = f"the name mixes scripts ({_script_names(scripts)})"
        if len(words) < len(name.split()):  # a Latin name beside the other script's
            latin = " ".join(words)
            return Greeting(_first(latin) or words[0], False, why)
        parts = name_parts(name)  # "Prof. 田中 健": only a title in Latin letters
        if parts is not None and parts.prefix:
            return Greeting(f"{parts.prefix} {parts.family}", False, why)
        return Greeting(plain_name(name), False, why)
    if scripts and scripts[0].startswith(FAMILY_FIRST):
        return Greeting(name, False, "the family name may come first in this name")
    first, middle = _first(name), parse_name(name).middle
    if not first:  # only a title or a suffix ("Dr. Who" parses oddly; keep what was written)
        return Greeting(name, False, "no first name found in it")
    if middle:
        why = f"{middle!r} may be part of the first name ({first} {middle})"
        return Greeting(first, False, why)
    return Greeting(first, True)


def _formal(name: str) -> Greeting:
    """Address.FORMAL: "Frau Dr. Özlem Yıldırım" -> "Dr. Yıldırım", a woman; "Prof. Dr. Klaus
    Müller-Lüdenscheidt" as written; a name in two scripts by its Latin part."""
    words = written_name(name).split()
    titles: list[str] = []
    gender = None
    while len(words) > 1 and (word := words[0].rstrip(".").casefold()) in HONORIFICS:
        if word in MEN or word in WOMEN:
            gender = "m" if word in MEN else "f"
        elif word != "mx":
            titles.append(words[0])
        words.pop(0)
    parts = name_parts(" ".join(words))
    if gender is not None and parts is not None:
        return Greeting(" ".join([*titles, parts.family]), True, gender=gender)
    return Greeting(" ".join([*titles, *words]), True)


def _native(name: str, style: Address) -> Greeting:
    """Address.FAMILY and Address.FULL: the name in its own script when it has one beside Latin
    letters (山田 太郎, not Taro Yamada), else the family name (FAMILY) or the name without its
    honorifics (FULL)."""
    own = [w for w in name.split() if scripts_in(w) and not is_latin(w)]
    if own:
        return Greeting(" ".join(w.strip("()[]（）") for w in own), True)
    parts = name_parts(name)
    if style is Address.FAMILY and parts is not None:
        return Greeting(parts.family, True)
    return Greeting(plain_name(written_name(name)), True)


def mentioned_name(name: str, style: Address = Address.GIVEN) -> str:
    """A third person's name as a sentence of a draft mentions them: without honorifics or
    credentials ("Dr. Siobhán Ní Bhriain" -> "Siobhán Ní Bhriain"), the Latin part of a name in
    two scripts ("李伟 Wei Li" -> "Wei Li"); in a draft that addresses people in their own script
    (Japanese, Korean, Chinese: `style`), that script's part ("佐々木 剛 (Sasaki Takeshi)" ->
    "佐々木 剛", whom a Japanese draft calls 佐々木 剛様)."""
    if style in (Address.FAMILY, Address.FULL):
        return _native(name, Address.FULL).text
    return plain_name(written_name(name))


# ----- keys: when two names are one ------------------------------------------------------------


def _ascii_letters(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _folded(text: str) -> str:
    """Lower-case words without accents or punctuation:
    "Álvarez-Núñez, PhD" -> "alvarez nunez phd"."""
    letters = "".join(_ascii_letters(ch) or ch for ch in text)
    return " ".join(_WORD.findall(letters.casefold()))


def person_key(name: str) -> str:
    """What two spellings of one person's name have in common."""
    return _folded(" ".join(latin_words(plain_name(name).split())))


CJK_LEGAL_FORMS = (
    "株式会社",
    "有限会社",
    "合同会社",
    "（株）",
    "(株)",
    "股份有限公司",
    "有限公司",
    "주식회사",
    "（주）",
    "(주)",
)
"""Legal forms written before or after a Japanese, Chinese or Korean company's name, often
without a space: 株式会社ライトスタック, ライトスタック株式会社."""


def _without_cjk_legal_form(name: str) -> str:
    stripped = name.strip()
    for form in CJK_LEGAL_FORMS:
        if stripped.startswith(form) and stripped[len(form) :].strip():
            return stripped[len(form) :].strip()
        if stripped.endswith(form) and stripped[: -len(form)].strip():
            return stripped[: -len(form)].strip()
    return stripped


def without_legal_form(name: str) -> str:
    """ "The Google, Inc." -> "Google", "株式会社ゼンシフト" -> "ゼンシフト"; the
    words as written, for slugs and keys."""
    name = _without_cjk_legal_form(name)
    words = name.replace("&", " and ").replace(",", " ").split()
    if len(words) > 1 and words[0].casefold() == "the":
        words.pop(0)
    while len(words) > 1 and (
        _folded(words[-1]).replace(" ", "") in LEGAL_FORMS or words[-1] == "and"
    ):
        words.pop()
    return " ".join(words)


def organisation_key(name: str) -> str:
    """What "Google", "Google LLC" and "Google, Inc." have in common: "google"."""
    return _folded(without_legal_form(name))


def organisation_keys(name: str) -> tuple[str, ...]:
    """The keys a company is known by: its name's, and those of its two names when it is written
    with the other in brackets (a company named "株式会社さくらモビリティ
    (Sakura Mobility K.K.)" is also known as either), so a contact filed under one finds it."""
    keys = [organisation_key(name)]
    outside, bracket, inside = name.partition("(")
    if bracket and inside.rstrip().endswith(")"):
        keys += [organisation_key(outside), organisation_key(inside.rstrip()[:-1])]
    return tuple(dict.fromkeys(key for key in keys if key))


def email_key(email: str) -> str:
    return email.strip().casefold()


def linkedin_key(url: str) -> str | None:
    """A LinkedIn profile's identity:
    "https://www.linkedin.com/in/Jordan-Ellis/?trk=x" -> "in/jordan-ellis".
    """
    parts = urlsplit(url.strip() if "://" in url else "https://" + url.strip())
    host = (parts.hostname or "").casefold()
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return None
    path = parts.path.strip("/").casefold()
    return path or None


# ----- slugs -----------------------------------------------------------------------------------


def transliterate(word: str) -> str:
    """ASCII for a word in any script; Han and Hangul syllables each become a part
    (王小明 -> Wang-Xiao-Ming)."""
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
        syllable = unicodedata.name(ch, "").startswith(
            ("CJK UNIFIED", "HANGUL SYLLABLE", "CJK COMPATIBILITY IDEOGRAPH")
        )
        out.append(f"-{spelled}-" if syllable else spelled)
    return "".join(out)


def slug_of(name: str, fallback: str) -> str:
    """A readable slug for a name in any script; `fallback` when nothing readable is left."""
    text = " ".join(transliterate(w) for w in latin_words(plain_name(name).split()))
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:60].rstrip("-") or fallback


def company_slug_of(name: str) -> str:
    """A company's slug, from its name without legal form: "Google LLC" -> "google"."""
    return slug_of(without_legal_form(name), "organisation")


def everyday_name(name: str) -> str:
    """The name as people say it: a legal form at its end dropped, the rest as written ("Pillar
    Health, Inc." -> "Pillar Health", "Lumen Care Pte.

    Ltd." -> "Lumen Care"), so a draft never writes "Inc.." or a legal form in a sentence. A name
    that is only a legal form stays whole.
    """
    words = _without_cjk_legal_form(name).split()
    while len(words) > 1 and _folded(words[-1]).replace(" ", "") in LEGAL_FORMS:
        words.pop()
    short = " ".join(words).rstrip(",")
    return short if short.strip() else name


def written_name(name: str, style: Address = Address.GIVEN) -> str:
    """The name as a sentence of a draft writes it: a name in two scripts
    ("अनन्या शर्मा Ananya Sharma") by its Latin part, the script the drafts
    are written in, rather than both forms side by side (by its own script's part in a Japanese,
    Korean or Chinese draft: `mentioned_name`); without the credentials after a comma
    ("Dr. Kavya Iyer, PhD" -> "Dr. Kavya Iyer")."""
    if style in (Address.FAMILY, Address.FULL):
        return mentioned_name(name, style)
    name = " ".join(name.split())
    head, _, tail = name.partition(",")
    if tail and all(
        w.replace(".", "").casefold() in CREDENTIALS for w in tail.replace(",", " ").split()
    ):
        name = head  # the letters after a name belong on an envelope, not in a sentence
    if len(scripts_in(name)) > 1:
        return " ".join(latin_words(name.split())) or name
    return name


def names_of(profile: PersonFile) -> tuple[str, ...]:
    """Every way a traveler's notes may name this person
    ("अनन्या शर्मा Ananya Sharma", "Ananya Sharma", "Ananya", "Dr Okafor"),
    longest first: a promise about them says "you" instead."""
    full = " ".join(profile.name.split())
    latin = written_name(full)
    parsed = parse_name(latin)
    first, last = parsed.first, parsed.last
    words = latin.split()
    honorific = words[0] if len(words) > 2 or (first and not latin.startswith(first)) else ""
    names = [full, latin, greeting_of(profile).text, first, f"{first} {last}".strip()]
    names.append(f"{honorific} {last}" if honorific and last else "")
    if profile.greeting:
        names.append(profile.greeting)
    return tuple(sorted({n for n in names if n and len(n) > 1}, key=len, reverse=True))
