"""The scalar types of the content files: text, Markdown, slugs, URLs, times and dates.

Each is an Annotated type that validates the way a person writing YAML expects:
numbers keep their source text where text is wanted, times are "HH:MM", date-times
"YYYY-MM-DD HH:MM", and Markdown is bounded so a pasted page cannot blow up rendering.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, Strict, WithJsonSchema

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""A slug; \\Z, not $, so "kim\\n" is not one."""

MAX_TEXT = (
    200_000  # characters in one Markdown field: a megabyte of notes is a mistake, not research
)


def _as_written(value: Any) -> Any:
    """Numbers keep their source text where text is wanted (see content/yaml.py)."""
    source = getattr(value, "source", None)
    if isinstance(source, str):
        return source
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _strip(value: str) -> str:
    return value.strip()


MAX_NESTING = 24
"""Deeper Markdown list or quote nesting is refused: bounded work beats a recursion error."""


def asset_path(src: str) -> bool:
    """The one rule for images in notes: only files under the content's assets/ folder, with no
    scheme, no leading slash, no backslash and no climbing out with `..`."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith(("/", "\\")) or "\\" in src:
        return False
    return ".." not in src.split("/") and src.startswith("assets/")


MAX_MARKUP = 1000
"""Most of any one Markdown control character in a field: Python-Markdown's inline parser is
quadratic in unclosed brackets and recursive in emphasis, so megabytes of `[` or `*` would hang or
crash it."""

_MARKUP = "*_[]<>`~"


def bounded_markup(value: str) -> str:
    for char in _MARKUP:
        count = value.count(char)
        if count > MAX_MARKUP:
            raise ValueError(
                f"{count:,} {char!r} characters: more Markdown markup than notes need (at most "
                f"{MAX_MARKUP:,})"
            )
    return value


MAX_INLINE_WORK = 2_000_000
"""How much text Python-Markdown's inline parser may scan for the brackets of one field (~0.4 s): it
looks for the close of every `[`, `](` and `<` from where it opens to where it closes, or to the end
of the paragraph when it never closes, so a few thousand unclosed ones in a long paragraph cost
minutes (measured: 186 kB, 17 s)."""

_UNIT_START = re.compile(r"^(?:[ \t>]*(?:[-+*]|\d{1,9}[.)])[ \t]|[ \t]*[|#])")
"""Lines that begin an inline text of their own (a list item, a table row, a heading): scanning
stops at them."""

_BRACKET = re.compile(r"[\[\]()<>]")
ANGLE_DISCOUNT = 16
"""A '<' is scanned by a regular expression, about 16 times faster per character than a '['
(measured)."""


def inline_work(text: str) -> tuple[int, int]:
    """(the scanning the inline parser will do for `text`, the 1-based line where the costliest
    paragraph starts)."""
    total, worst, worst_line = 0, 0, 1
    unit: list[str] = []
    start = 1

    def close(line_number: int) -> None:
        nonlocal total, worst, worst_line
        cost = _unit_work("\n".join(unit))
        total += cost
        if cost > worst:
            worst, worst_line = cost, start
        unit.clear()

    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or _UNIT_START.match(line):
            if unit:
                close(number)
            start = number
        if line.strip():
            if not unit:
                start = number
            unit.append(line)
    if unit:
        close(start)
    return total, worst_line


def _unit_work(unit: str) -> int:
    if "[" not in unit and "<" not in unit:
        return 0
    end = len(unit)
    work = 0
    squares: list[int] = []
    rounds: list[int] = []
    angles: list[int] = []
    angle_work = 0
    previous = ""
    for match in _BRACKET.finditer(unit):
        char, at = match.group(), match.start()
        if char == "[":
            squares.append(at)
        elif char == "]" and squares:
            work += at - squares.pop()
        elif char == "(" and previous == "]" and unit[at - 1 : at] == "]":
            rounds.append(at)
        elif char == ")" and rounds:
            work += at - rounds.pop()
        elif char == "<":
            angles.append(at)
        elif char == ">" and angles:
            angle_work += sum(at - opened for opened in angles)
            angles.clear()
        previous = char
    work += sum(end - at for at in squares) + sum(end - at for at in rounds)
    angle_work += sum(end - at for at in angles)
    return work + angle_work // ANGLE_DISCOUNT


class TooCostly(ValueError):
    """Markdown whose inline parsing would not end in reasonable time; `line` is where, in the
    text."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def bounded_inline(value: str) -> str:
    work, line = inline_work(value)
    if work > MAX_INLINE_WORK:
        raise TooCostly(
            f"the paragraph starting on line {line} of this text has too many unclosed brackets "
            "('[', '](' or '<') to "
            "render in reasonable time; close them, or split the paragraph with empty lines",
            line,
        )
    return value


_QUOTES = re.compile(r"[>\s]*")
_LONG_RUN = re.compile(r"[>\s]{" + str(MAX_NESTING + 1) + "}")
"""Without tabs, a line's depth counts at most one level per character of the run of '>' and blanks
it starts with: text with no such run this long anywhere cannot be too deep (most notes: checked by
one search)."""


def bounded_nesting(value: str) -> str:
    if "\t" not in value and not _LONG_RUN.search(value):
        return value
    deepest = 0
    for line in value.splitlines():
        stripped = line.lstrip(" \t")
        indent = (len(line.expandtabs(4)) - len(stripped)) // 2
        marks = _QUOTES.match(stripped).group(0)  # type: ignore[union-attr]
        quotes = len(marks.replace(" ", "").replace("\t", ""))
        deepest = max(deepest, indent + quotes)
        if deepest > MAX_NESTING:
            raise ValueError(
                f"Markdown nested more than {MAX_NESTING} levels deep; flatten the lists or quotes"
            )
    return value


_LINE_BREAKS = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _one_line(value: str) -> str:
    """A line break inside a one-line field would become a new line in a calendar, a vCard or a mail
    header (a forged event, a forged field): refused where it is written, by `check` and `build`
    alike."""
    if _LINE_BREAKS.search(value):
        raise ValueError(
            "must be one line (it has a line break); for more than a line use a notes field"
        )
    return value


Text = Annotated[
    str,
    BeforeValidator(_as_written),
    AfterValidator(_strip),
    AfterValidator(_one_line),
    Field(max_length=2000),
]
"""A short line of text (one line: no line break of any kind)."""

_EMAIL = re.compile(
    r"(?!\.)(?:[\w+'-]|\.(?!\.))+(?<!\.)@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_][\w-]*[^\W_]"
)
"""An address as people write theirs: letters of any script, digits, `. _ + ' -` before the @, a
domain of labels with a dot. No `? & = % # , ; < > /` and no blank: in a `mailto:` link those add a
recipient, a hidden copy (`?bcc=`) or a header, so an address that has one is refused, not
escaped."""


def email_problem(value: str) -> str | None:
    """Why `value` is not an e-mail address (None when it is one).

    The one rule for every address infoprep puts in a link, a vCard or a draft: profiles, trip.yaml
    and every contact export.
    """
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"{shown!r} is not an e-mail address"
    return None


def _address(value: str) -> str:
    problem = email_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Email = Annotated[
    str,
    BeforeValidator(_as_written),
    AfterValidator(_strip),
    AfterValidator(_address),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": 254}),
]
"""An e-mail address (email_problem)."""

Markdown = Annotated[
    str,
    BeforeValidator(_as_written),
    Field(max_length=MAX_TEXT),
    AfterValidator(bounded_nesting),
    AfterValidator(bounded_markup),
    AfterValidator(bounded_inline),
]
"""A Markdown field: rendered and sanitized, never trusted as HTML."""

Whole = Annotated[int, Strict()]
"""An integer as written: YAML's true and false are not 1 and 0, and "45" in quotes is text."""

Url = Annotated[
    str, BeforeValidator(_as_written), Field(pattern=r"^https?://\S+$", max_length=2000)
]


def _check_slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(f"{value!r} is not a slug (lower-case letters, digits and '-')")
    return value


Slug = Annotated[
    str,
    BeforeValidator(_as_written),
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_RE.pattern}),
]


def _check_zone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        from generator.content.zones import zone_message

        raise ValueError(zone_message(value)) from None
    return value


TimeZone = Annotated[str, AfterValidator(_check_zone)]


def _parse_clock(value: Any) -> time:
    if isinstance(value, time):
        return value
    text = _as_written(value)
    if isinstance(text, str) and re.fullmatch(r"\d{1,2}:\d{2}", text.strip()):
        hours, minutes = (int(part) for part in text.strip().split(":"))
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise ValueError(f'{text!r} is not a time of day; write it as "HH:MM", e.g. "09:30"')


Clock = Annotated[
    time,
    BeforeValidator(_parse_clock),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$"}),
]


_SLASHED = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
"""17/05/2027, 05/17/2027 or 17.05.2027: the ways dates are written by hand that YAML files do not
take."""


def _iso_hint(text: str) -> str:
    """ ", e.g. 2027-05-17" for a date written day-first or month-first, naming both readings when
    both are real."""
    match = _SLASHED.search(text)
    if not match:
        return ""
    first, second, year = (int(part) for part in match.groups())
    readings = []
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(date(year, month, day).isoformat())
        except ValueError:
            continue
    readings = list(dict.fromkeys(readings))
    if not readings:
        return ""
    return ": write " + " or ".join(readings) + (" (year-month-day)" if len(readings) > 1 else "")


def _parse_local(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    text = _as_written(value)
    if isinstance(text, str):
        match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})", text.strip())
        if match:
            try:
                day = date.fromisoformat(match.group(1))
            except ValueError as exc:
                raise ValueError(f"{match.group(1)!r} is not a real date ({exc})") from None
            return datetime.combine(day, _parse_clock(match.group(2)))
    hint = _iso_hint(text) if isinstance(text, str) else ""
    if hint:
        clock = re.search(r"\d{1,2}:\d{2}", text)
        hint += f" {clock.group(0)}" if clock else " HH:MM"
    raise ValueError(f'{text!r} is not a date and time; write it as "YYYY-MM-DD HH:MM"{hint}')


LocalDateTime = Annotated[
    datetime,
    BeforeValidator(_parse_local),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}$"}),
]


def _parse_date(value: Any) -> Any:
    text = _as_written(value)
    if isinstance(text, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        try:
            return date.fromisoformat(text.strip())
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from None
    if isinstance(text, str) and _iso_hint(text):
        raise ValueError(f"{text!r} is not a date in YAML's form{_iso_hint(text)}")
    return value


Day = Annotated[date, BeforeValidator(_parse_date)]


def _parse_day_or_moment(value: Any) -> Any:
    """A date, or a date and a time: "2027-05-03" or "2027-05-03 14:10"."""
    text = _as_written(value)
    if isinstance(value, datetime) or (isinstance(text, str) and re.search(r"\d:\d{2}\s*$", text)):
        return _parse_local(value)
    return _parse_date(value)


DayOrMoment = Annotated[
    date | datetime,
    BeforeValidator(_parse_day_or_moment),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2})?$"}),
]
"""A date (2027-05-03), or a date and a local time (2027-05-03 14:10)."""


def _check_locale(value: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(value.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(
            f"unknown locale {value!r}; write a language and country such as en_GB, en_US, de_DE "
            "or ko_KR"
        ) from None
    return value.replace("-", "_")


LocaleName = Annotated[
    str, BeforeValidator(_as_written), AfterValidator(_check_locale), Field(max_length=40)
]
"""A Babel locale name (en_GB, en-US): how the trip's dates are written."""


def _geo_shape(value: Any) -> Any:
    """[latitude, longitude] and nothing else, said in those words (pydantic would say "missing
    required key 1")."""
    if (
        not isinstance(value, (list, tuple))
        or len(value) != 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    ):
        raise ValueError(
            f"{_as_written(value)!r} is not [latitude, longitude]; write two numbers, e.g. "
            "[47.6097, -122.3331]"
        )
    return value


def _check_geo(value: tuple[float, float]) -> tuple[float, float]:
    latitude, longitude = value
    if not -90 <= latitude <= 90:
        raise ValueError(
            f"latitude {latitude} is not between -90 and 90; write [latitude, longitude]"
        )
    if not -180 <= longitude <= 180:
        raise ValueError(
            f"longitude {longitude} is not between -180 and 180; write [latitude, longitude]"
        )
    return (float(latitude), float(longitude))


Geo = Annotated[
    tuple[float, float],
    BeforeValidator(_geo_shape),
    AfterValidator(_check_geo),
    WithJsonSchema({"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}),
]
"""[latitude, longitude] in degrees, e.g. [47.6097, -122.3331]."""
