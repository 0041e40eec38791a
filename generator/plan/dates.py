"""How this trip writes dates: one locale, one set of formats, for every page, PDF, draft and
message.

A trip printed on A4 is read by someone who writes "Fri 21 May"; a letter-size one by someone
who writes "Fri, May 21". The formats come from the locale's own CLDR patterns (Babel), never
from hand-made strftime strings, so every place that shows a date shows it the same way.
Times stay 24-hour HH:MM everywhere: an itinerary is read at a glance, and the calendar app
shows times the phone's own way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=16)
def _locale(name: str) -> Any:
    from babel import Locale

    return Locale.parse(name)


@lru_cache(maxsize=16)
def _without_year(name: str) -> str:
    """The locale's full date pattern with the year taken out: "EEEE d MMMM" (en_GB), "EEEE, MMMM d"
    (en_US)."""
    pattern = _locale(name).date_formats["full"].pattern
    stripped = re.sub(
        r"[,\s]*(?<![A-Za-z])y+(?![A-Za-z])[^\sA-Za-z']*", "", pattern
    )  # the year, the separator before it, its unit (년)
    return stripped.strip(" ,") or "EEEE d MMMM"


_CONTINENTS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)
"""The regions of zone names that end in a city (not US/Pacific, Etc/GMT+5)."""


@dataclass(frozen=True)
class DateStyle:
    """The trip's date formats.

    Every filter and message that writes a date goes through one of these.
    """

    locale: str = "en_US"
    """A Babel locale name (en_GB, en_US, de_DE, ...)."""

    def short_date(self, value: date) -> str:
        """A date in a few letters, with the weekday."""
        from babel.dates import format_skeleton

        return str(format_skeleton("MMMEd", _day(value), locale=_locale(self.locale)))

    def long_date(self, value: date) -> str:
        """A date written out in full, with the weekday and the year."""
        from babel.dates import format_date

        return str(format_date(_day(value), "full", locale=_locale(self.locale)))

    def day_heading(self, value: date) -> str:
        """A date written out with its weekday but no year, for a day's heading."""
        from babel.dates import format_date

        return str(
            format_date(_day(value), _without_year(self.locale), locale=_locale(self.locale))
        )

    def zone_name(self, zone: object) -> str:
        """A time zone by the city people know it by, in the trip's language ("Singapore", "New
        York"), never by an abbreviation that is only an offset ("+08"). A zone written by a city
        that is now a link to another's (America/Montreal to Toronto's rules) keeps the city it
        names: a Montrealer told "heure de Toronto" reads a faux pas."""
        from babel.core import get_global
        from babel.dates import get_timezone_location

        key = str(zone)
        region, _, city = key.partition("/")
        canonical = get_global("zone_aliases").get(key)
        if canonical and city and region in _CONTINENTS and "/" not in city:
            return city.replace("_", " ")
        return str(get_timezone_location(key, locale=_locale(self.locale), return_city=True))

    def weekday(self, value: date) -> str:
        """The weekday's name."""
        from babel.dates import format_date

        return str(format_date(_day(value), "EEEE", locale=_locale(self.locale)))

    def date_range(self, start: date, end: date) -> str:
        """Two dates as one span, the way the locale writes it."""
        from babel.dates import format_interval

        if start == end:
            return self.medium_date(start)
        return str(format_interval(_day(start), _day(end), "yMMMMd", locale=_locale(self.locale)))

    def medium_date(self, value: date) -> str:
        """A date with its year and no weekday."""
        from babel.dates import format_skeleton

        return str(format_skeleton("yMMMMd", _day(value), locale=_locale(self.locale)))

    def year_date(self, value: date) -> str:
        """A short date with its weekday and its year ("Tue, 18 May 2027", "Di., 18. Mai 2027")."""
        from babel.dates import format_skeleton

        return str(format_skeleton("yMMMEd", _day(value), locale=_locale(self.locale)))

    def number(self, value: int) -> str:
        """A count with the locale's digit grouping: 12,000 (en), 12.000 (de), 12 000 (fr)."""
        from babel.numbers import format_decimal

        return str(format_decimal(value, locale=_locale(self.locale)))

    def when(self, value: datetime) -> str:
        """A short date and a 24-hour time: for terminal output and titles."""
        return f"{self.short_date(value)} {value.strftime('%H:%M')}"


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value
