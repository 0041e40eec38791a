"""When a person can meet: `available:` windows as written in YAML, and the .ics file they sent.

Pure: text or bytes in, typed values out; the content folder's reader (content/load.py) finds and
reads the file. A window is one line a person would write in an e-mail:

2027-05-18 13:00-17:00                   a date and local times 2027-05-19 09:00-11:00 video
the formats the window allows (in-person, video, phone) tuesday 14:00-17:00
every Tuesday of the trip thursday 09:00-10:30 phone Europe/Berlin in a zone of its own (an IANA
name, last)

Times are local to the window's zone, else the person's `timezone`, else the trip's.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

FORMATS = ("in-person", "video", "phone")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CLOCK = r"(\d{1,2}:\d{2})"
_SPAN = re.compile(_CLOCK + r"\s*[-–—]\s*" + _CLOCK + r"\Z")
MAX_OCCURRENCES = 2000
"""Most repeats of one file's entries inside the trip's dates: a daily rule over a trip is a few
dozen, an hourly one a few hundred.

More is refused, never silently cut (a busy calendar read half would offer times the person is not
free).
"""

MAX_STEPS = 20_000
"""Most repeats of one entry walked before the trip ends (a rule is started near the trip, see
_started)."""

_STEPS = {
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
}


@dataclass(frozen=True)
class WindowSpec:
    """One `available:` window, parsed: a date or a weekday, local start and end, formats, zone."""

    text: str
    """As written, for messages."""

    day: date | None
    """The date, for a dated window."""

    weekday: int | None
    """0 = Monday, for a weekly window."""
    start: time
    end: time
    formats: tuple[str, ...]
    """The formats the window allows; empty: the person's own `format`."""
    zone: str | None
    """An IANA zone the window names, else None."""


def _clock(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours == 24 and minutes == 0:
        return time.max.replace(second=0, microsecond=0)  # "until midnight": 23:59
    if hours > 23 or minutes > 59:
        raise ValueError(f"{text!r} is not a time of day; write it as HH:MM, e.g. 09:30")
    return time(hours, minutes)


def _day(word: str) -> tuple[date | None, int | None]:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        try:
            return date.fromisoformat(word), None
        except ValueError as exc:
            raise ValueError(f"{word!r} is not a real date ({exc})") from None
    name = word.casefold().rstrip("s") if word.casefold() not in WEEKDAYS else word.casefold()
    for index, weekday in enumerate(WEEKDAYS):
        if name in (weekday, weekday[:3]):
            return None, index
    close = difflib.get_close_matches(word.casefold(), WEEKDAYS, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ValueError(f"{word!r} is not a date (YYYY-MM-DD) or a weekday{hint}")


def parse_window(text: str) -> WindowSpec:
    """A window line -> WindowSpec; ValueError with a message a person can act on."""
    words = re.sub(
        r"\bin[ -]person\b", "in-person", text.replace(",", " "), flags=re.IGNORECASE
    ).split()
    if len(words) < 2:
        raise ValueError(
            f'{text!r} is not a window; write a date or weekday and times, e.g. "2027-05-18 '
            '13:00-17:00"'
        )
    day, weekday = _day(words[0])
    rest = words[1:]
    # "13:00 - 17:00" is three words; glue the span back together.
    span_words = 1
    while span_words <= min(3, len(rest)) and not _SPAN.match("".join(rest[:span_words])):
        span_words += 1
    match = _SPAN.match("".join(rest[:span_words])) if span_words <= len(rest) else None
    if match is None:
        raise ValueError(
            f"{text!r}: after the day comes the time span, HH:MM-HH:MM, e.g. 13:00-17:00"
        )
    start, end = _clock(match.group(1)), _clock(match.group(2))
    if end <= start:
        raise ValueError(f"{text!r} ends ({match.group(2)}) before it starts ({match.group(1)})")
    formats: list[str] = []
    zone = None
    for word in rest[span_words:]:
        lowered = word.casefold()
        if lowered in FORMATS:
            if lowered not in formats:
                formats.append(lowered)
        elif lowered in ("or", "and", "/"):
            continue
        elif "/" in word or word.upper() == "UTC":
            if zone is not None:
                raise ValueError(f"{text!r} names two time zones")
            try:
                ZoneInfo(word)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                raise ValueError(
                    f"unknown time zone {word!r}; use an IANA name such as America/Chicago"
                ) from None
            zone = word
        else:
            close = difflib.get_close_matches(lowered, FORMATS, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(
                f"{text!r}: unknown word {word!r}{hint}; after the times come formats (in-person, "
                "video, phone) "
                "and a time zone (e.g. Europe/Berlin)"
            )
    return WindowSpec(" ".join(text.split()), day, weekday, start, end, tuple(formats), zone)


def _check_window(value: str) -> str:
    parse_window(value)
    return " ".join(value.split())


def _as_text(value: Any) -> Any:
    source = getattr(value, "source", None)
    return source if isinstance(source, str) else value


Window = Annotated[
    str,
    BeforeValidator(_as_text),
    AfterValidator(_check_window),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\S+\s+\d{1,2}:\d{2}\s*[-–—]\s*\d{1,2}:\d{2}(\s+\S+)*$"}
    ),
]
"""An availability window: `DAY HH:MM-HH:MM [FORMAT...] [ZONE]`, DAY a date or a weekday."""


# ----- .ics files ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A stretch of time, both ends aware (UTC)."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Calendar:
    """What a person's .ics file says about the trip's dates."""

    file: str
    """Its path inside the content folder, for messages ("busy in assets/marcus.ics")."""

    offered: tuple[Period, ...]
    """RFC 7953 AVAILABLE blocks: times they offered."""

    busy: tuple[Period, ...]
    """VFREEBUSY busy periods and busy VEVENTs."""


class CalendarError(ValueError):
    """The .ics file cannot be read as a calendar."""


def _aware(value: Any, zone: ZoneInfo) -> datetime:
    """A DTSTART-like value as an aware UTC datetime; floating times are in `zone`, dates start at
    midnight there."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=zone)
    elif isinstance(value, date):
        moment = datetime.combine(value, time(0), tzinfo=zone)
    else:
        raise CalendarError(f"a time in the calendar is not a date or date-time: {value!r}")
    return moment.astimezone(timezone.utc)


def _span(component: Any, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    """(start, end) of a VEVENT or AVAILABLE, from DTSTART with DTEND or DURATION (or a day for an
    all-day date)."""
    start_prop = component.get("DTSTART")
    if start_prop is None:
        return None
    raw = start_prop.dt
    start = _aware(raw, zone)
    if component.get("DTEND") is not None:
        end = _aware(component.get("DTEND").dt, zone)
    elif component.get("DURATION") is not None:
        end = start + component.get("DURATION").dt
    elif isinstance(raw, date) and not isinstance(raw, datetime):
        end = _aware(raw + timedelta(days=1), zone)
    else:
        end = start
    return (start, end) if end > start else None


def _occurrences(component: Any, zone: ZoneInfo, first: datetime, last: datetime) -> list[Period]:
    """The component's periods that touch [first, last], with a simple RRULE expanded (bounded)."""
    span = _span(component, zone)
    if span is None:
        return []
    start, end = span
    length = end - start
    rule = component.get("RRULE")
    if rule is None:
        return [Period(start, end)] if end > first and start < last else []
    raw_start = component.get("DTSTART").dt
    local_start = (
        raw_start if isinstance(raw_start, datetime) else datetime.combine(raw_start, time(0))
    )
    if local_start.tzinfo is None:
        local_start = local_start.replace(tzinfo=zone)
    found = []
    for count, occurrence in enumerate(_repeats(rule, local_start, first - length, last)):
        begin = occurrence.astimezone(timezone.utc)
        if begin + length > first:
            found.append(Period(begin, begin + length))
        if count >= MAX_STEPS:
            raise CalendarError(
                f"a repeating entry repeats more than {MAX_STEPS:,} times before the trip ends "
                f"({_rule_text(rule)}); "
                "export the calendar for the trip's dates only"
            )
    return found


def _rule_text(rule: Any) -> str:
    return rule.to_ical().decode("utf-8", "replace")[:80]


def _repeats(rule: Any, start: datetime, first: datetime, last: datetime) -> Iterator[datetime]:
    """The rule's occurrences up to `last`, made one at a time from a start close before `first`: a
    rule from 1970 is not walked from 1970.

    Rules repeating more often than once a minute are refused.
    """
    from dateutil.rrule import rrulestr

    freq = str((rule.get("FREQ") or [""])[0]).upper()
    if freq == "SECONDLY" or len(rule.get("BYSECOND") or []) > 1:
        raise CalendarError(
            f"a repeating entry repeats more often than once a minute ({_rule_text(rule)}); "
            "infoprep reads no such rule"
        )
    try:
        recurrence = rrulestr(rule.to_ical().decode(), dtstart=start)
    except (ValueError, TypeError) as exc:
        raise CalendarError(f"a repeating entry has a rule infoprep cannot read ({exc})") from None
    step = _STEPS.get(freq)
    if step is not None and not rule.get(
        "COUNT"
    ):  # a COUNT is counted from the first: that rule cannot move
        period = step * max(1, int((rule.get("INTERVAL") or [1])[0] or 1))
        # a week: daylight saving, BYDAY
        margin = first.astimezone(start.tzinfo) - timedelta(weeks=1) - start
        if margin > period:
            # wall-clock steps
            recurrence = recurrence.replace(dtstart=start + (margin // period) * period)
    for occurrence in recurrence:
        if occurrence > last:
            return
        yield occurrence


def _busy_event(event: Any) -> bool:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return False
    return str(event.get("TRANSP", "OPAQUE")).upper() != "TRANSPARENT"


def read_calendar(
    raw: bytes, file: str, zone: ZoneInfo, first: datetime, last: datetime
) -> Calendar:
    """The offered and busy periods of an .ics file between `first` and `last` (aware)."""
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(raw)
    except (ValueError, IndexError, KeyError, TypeError) as exc:
        raise CalendarError(
            "not a calendar file infoprep can read "
            f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
        ) from None
    if not isinstance(cal, icalendar.Calendar):
        raise CalendarError("not a calendar file (no BEGIN:VCALENDAR)")
    offered: list[Period] = []
    busy: list[Period] = []
    try:
        for component in cal.walk():
            name = component.name
            if name == "VEVENT" and _busy_event(component):
                busy += _occurrences(component, zone, first, last)
            elif name == "VFREEBUSY":
                for prop in _as_list(component.get("FREEBUSY")):
                    kind = str(prop.params.get("FBTYPE", "BUSY")).upper()
                    if kind == "FREE":
                        continue
                    start, stop = prop.dt
                    start = _aware(start, zone)
                    stop = start + stop if isinstance(stop, timedelta) else _aware(stop, zone)
                    if stop > first and start < last:
                        busy.append(Period(start, stop))
            elif name == "VAVAILABILITY":
                bound = _span(component, zone) if component.get("DTSTART") is not None else None
                for available in component.subcomponents:
                    if available.name != "AVAILABLE":
                        continue
                    for period in _occurrences(available, zone, first, last):
                        if bound is not None:
                            period = Period(max(period.start, bound[0]), min(period.end, bound[1]))
                            if period.end <= period.start:
                                continue
                        offered.append(period)
    except CalendarError:
        raise
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as exc:
        raise CalendarError(f"the calendar has an entry infoprep cannot read ({exc})") from None
    if len(offered) + len(busy) > MAX_OCCURRENCES:
        raise CalendarError(
            f"the calendar has {len(offered) + len(busy):,} entries in the trip's dates, more than "
            f"{MAX_OCCURRENCES:,}: "
            "export only the trip's dates, or list the times in `available:` instead"
        )
    order = lambda p: (p.start, p.end)  # noqa: E731
    return Calendar(
        file, tuple(sorted(set(offered), key=order)), tuple(sorted(set(busy), key=order))
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
