"""vCard files (2.1, 3.0, 4.0) from phones and from Apple and Google exports, read with `vobject`.

vobject does the hard parts: folded lines, quoted-printable values and their charsets in old Android
2.1 files, escaped commas, grouped `itemN.` properties (Apple puts an e-mail and its label in one
group). Photos, logos, sounds and keys are not needed for a profile, and a damaged one would stop
vobject on the whole file, so their lines are blanked before parsing (their line count kept, so
every message still points at the right line).
"""

from __future__ import annotations

import binascii
import re
from typing import Any

from generator.contacts import cells
from generator.contacts.records import VCARD, ImportProblem, Record, labels_from
from generator.content.names import linkedin_key, scripts_in
from generator.errors import Location

_BINARY = re.compile(r"^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)
_TEXT = re.compile(r"^(?:[\w-]+\.)?(?:FN|NOTE|TITLE|ROLE)[;:]", re.IGNORECASE)
_BARE_COMMA = re.compile(r"(?<!\\),")
_BEGIN = re.compile(r"^\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
MAX_FIELD_CHARS = 1_000_000
"""Longest text of one property (photos and keys are blanked, not counted): a note of a few pages is
kilobytes; vobject's unfolding of a 6 MB field took 20 s."""

MAX_DEPTH = 3
"""Deepest nesting of BEGIN:...END: blocks read (a vCard has none inside it; agents in 2.1 add
one)."""


def is_vcard(text: str) -> bool:
    """A vCard file starts (after blank lines) with BEGIN:VCARD, whatever its name."""
    for line in text.splitlines():
        if line.strip():
            return bool(_BEGIN.match(line))
    return False


def _escaped_commas(value: str) -> str:
    return _BARE_COMMA.sub(r"\\,", value)


def _prepared(text: str) -> str:
    """The text vobject is given, as many lines as before: PHOTO, LOGO, SOUND and KEY emptied, and
    commas escaped in single-valued text (FN, NOTE, TITLE, ROLE).

    vCard 2.1 never escapes them, nor do some 3.0 writers, and vobject keeps only what comes before
    the first bare comma ("friendly, replies fast" would end at "friendly").
    """
    out = []
    # "binary" or "text" while inside such a property, across its folded or soft-broken lines
    state = None
    quoted_printable = False
    previous = ""
    length, started = 0, 0
    for number, line in enumerate(text.splitlines(), 1):
        continued = line[:1] in (" ", "\t") or (quoted_printable and previous.endswith("="))
        length = length + len(line) if continued else len(line)
        started = started if continued else number
        if length > MAX_FIELD_CHARS and state != "binary":
            raise FieldTooLong(started)
        if state and continued:
            line = " " if state == "binary" else _escaped_commas(line)
        elif _BINARY.match(line):
            state, quoted_printable, line = "binary", False, "X-INFOPREP-SKIPPED:"
        elif _TEXT.match(line):
            name, _, value = line.partition(":")
            state, quoted_printable, line = (
                "text",
                "QUOTED-PRINTABLE" in name.upper(),
                f"{name}:{_escaped_commas(value)}",
            )
        else:
            state, quoted_printable = None, "QUOTED-PRINTABLE" in line.partition(":")[0].upper()
        previous = line
        out.append(line)
    return "\n".join(out) + "\n"


class FieldTooLong(ValueError):
    """One property, folded over many lines, longer than MAX_FIELD_CHARS (its first line)."""

    def __init__(self, line: int):
        super().__init__(
            f"a field (starting on line {line}) longer than {MAX_FIELD_CHARS:,} characters"
        )
        self.line = line


def _preferred_first(lines: list[Any]) -> list[Any]:
    """TYPE=pref (3.0) or PREF=1 (4.0) first, then in file order."""

    def rank(line: Any) -> int:
        types = [
            t.casefold() for value in line.params.get("TYPE", []) for t in str(value).split(",")
        ]
        singles = [str(s).casefold() for s in getattr(line, "singletonparams", [])]
        pref = line.params.get("PREF", ["100"])[0]
        return (
            0 if "pref" in types or "pref" in singles else int(pref) if str(pref).isdigit() else 100
        )

    return sorted(lines, key=rank)


def _texts(card: Any, name: str) -> list[Any]:
    return _preferred_first([line for line in card.getChildren() if line.name == name])


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip() if isinstance(value, str) else ""


def _name(card: Any) -> str:
    for line in _texts(card, "FN"):
        if _text(line.value):
            return _text(line.value)
    for line in _texts(card, "N"):
        n = line.value
        parts = [
            getattr(n, key, "") for key in ("prefix", "given", "additional", "family", "suffix")
        ]
        whole = " ".join(_text(part) for part in parts if _text(part))
        if whole:
            return whole
    return ""


def _work_address(card: Any) -> str | None:
    """The first ADR typed WORK, as one line the way a letter writes it: "1 Tooley Street, London
    SE1 2PF" (no region), "1200 K St NW, Washington, DC 20005" (a region before the postcode), then
    the country."""
    for line in _texts(card, "ADR"):
        types = [
            t.casefold() for value in line.params.get("TYPE", []) for t in str(value).split(",")
        ]
        types += [str(s).casefold() for s in getattr(line, "singletonparams", [])]
        if "work" not in types:
            continue
        adr = line.value
        street = [_text(getattr(adr, part, "")) for part in ("box", "extended", "street")]
        city, region, code = (_text(getattr(adr, part, "")) for part in ("city", "region", "code"))
        town = f"{city}, {region} {code}".strip(" ,") if region else f"{city} {code}".strip()
        parts = [p for p in (*street, town, _text(getattr(adr, "country", ""))) if p]
        if parts:
            return ", ".join(" ".join(p.split()) for p in parts)
    return None


def _record(card: Any, where: Location) -> Record:
    orgs = [line.value for line in _texts(card, "ORG")]
    organisation = next(
        (
            str(org[0]).strip()
            for org in orgs
            if isinstance(org, list) and org and str(org[0]).strip()
        ),
        None,
    )
    if organisation is None:
        organisation = next((_text(org) for org in orgs if _text(org)), None)
    urls = [
        _text(line.value)
        for line in _texts(card, "URL") + _texts(card, "X-SOCIALPROFILE")
        if _text(line.value)
    ]
    urls = [url if "://" in url else "https://" + url for url in dict.fromkeys(urls)]
    linkedin = next((url for url in urls if linkedin_key(url)), None)
    phones = [_text(line.value).removeprefix("tel:") for line in _texts(card, "TEL")]
    categories = [
        str(value)
        for line in _texts(card, "CATEGORIES")
        for value in (line.value if isinstance(line.value, list) else [line.value])
    ]
    note = next((_text(line.value) for line in _texts(card, "NOTE") if _text(line.value)), None)
    name = _name(card)
    shown_as = next((_text(line.value).casefold() for line in _texts(card, "X-ABSHOWAS")), "")
    return Record(
        location=where,
        source=VCARD,
        name="" if shown_as == "company" else name,
        title=next(
            (_text(line.value) for line in _texts(card, "TITLE") if _text(line.value)), None
        ),
        organisation=organisation,
        emails=tuple(
            dict.fromkeys(
                cells.email(_text(line.value), where, "EMAIL")
                for line in _texts(card, "EMAIL")
                if _text(line.value)
            )
        ),
        phones=tuple(dict.fromkeys(phone for phone in phones if phone)),
        linkedin=linkedin,
        websites=tuple(url for url in urls if url != linkedin and not linkedin_key(url)),
        note=note.replace("\r\n", "\n") if note else None,
        labels=labels_from(categories),
        organisation_only=(shown_as == "company" or not name) and organisation is not None,
        work_address=_work_address(card),
        reading=_reading(card),
    )


def _reading(card: Any) -> str | None:
    """The name's phonetic reading, family name first, if the card has one in Latin letters or
    kana (スズキ spells out as suzuki; a Han character would be spelled in its Chinese
    reading)."""
    parts = [
        _text(line.value)
        for field in ("X-PHONETIC-LAST-NAME", "X-PHONETIC-FIRST-NAME")
        for line in _texts(card, field)[:1]
    ]
    reading = " ".join(part for part in parts if part)
    return reading if reading and "CJK" not in scripts_in(reading) else None


def read(text: str, file: str) -> list[Record]:
    import vobject

    starts = [number for number, line in enumerate(text.splitlines(), 1) if _BEGIN.match(line)]
    records: list[Record] = []
    _check_depth(text, file)
    try:
        for card in vobject.readComponents(_prepared(text), allowQP=True):
            if card.name != "VCARD":
                raise ImportProblem(
                    Location(file, starts[len(records)] if len(records) < len(starts) else 1),
                    f"a {card.name} where a VCARD belongs",
                )
            where = Location(file, starts[len(records)] if len(records) < len(starts) else 1)
            records.append(_record(card, where))
    except vobject.base.ParseError as exc:
        line = getattr(exc, "lineNumber", None) or (
            starts[len(records)] if len(records) < len(starts) else 1
        )
        message = re.sub(r"^At line \d+: ", "", str(exc))
        raise ImportProblem(
            Location(file, int(line)), f"not a well-formed vCard: {message}"
        ) from None
    except FieldTooLong as exc:
        raise ImportProblem(Location(file, exc.line), f"this vCard cannot be read: {exc}") from None
    except LookupError as exc:  # an unknown CHARSET=
        line = starts[len(records)] if len(records) < len(starts) else 1
        raise ImportProblem(
            Location(file, line), f"this vCard names a character set infoprep does not know ({exc})"
        ) from None
    except (
        UnicodeError,
        binascii.Error,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
    ) as exc:
        line = starts[len(records)] if len(records) < len(starts) else 1
        raise ImportProblem(
            Location(file, line),
            f"this vCard cannot be read: {str(exc)[:200] or type(exc).__name__}",
        ) from None
    return records


def _check_depth(text: str, file: str) -> None:
    """Blocks nested deeper than MAX_DEPTH are refused at the line that goes too deep (vobject would
    recurse)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        head = line.strip().upper().replace(" ", "")
        if head.startswith("BEGIN:"):
            depth += 1
            if depth > MAX_DEPTH:
                raise ImportProblem(
                    Location(file, number),
                    f"blocks nested more than {MAX_DEPTH} deep; this is not a contacts file",
                )
        elif head.startswith("END:"):
            depth = max(0, depth - 1)
