"""Business days in the trip's country: weekends and public holidays skipped (the `holidays` library).

The outreach clock counts in business days, as the people it waits on do: a request sent on
the Friday before Memorial Day has had no working day to be answered until Tuesday. The
country is `trip.country`, else the one the trip's time zone belongs to (content/phones.py);
a trip whose country is unknown counts Monday to Friday with no holidays. Holidays are the
country's national ones (a region's own, such as D.C.'s Emancipation Day, are not counted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

NOON = time(12, 0)
"""A request sent after this hour counts from the next business day: the day is half over for the reader."""
WEEKEND = frozenset({5, 6})
"""Saturday and Sunday, for a country the holidays library does not know."""


@dataclass(frozen=True)
class BusinessDays:
    """Which dates are working days in one country: a plain value, so a plan that holds one stays pure data."""

    country: str | None
    """ISO 3166-1 alpha-2 code, or None (weekends only)."""
    weekend: frozenset[int] = WEEKEND
    """Weekday numbers (Monday 0) of the country's weekend."""
    holidays: tuple[tuple[date, str], ...] = ()
    """Public holidays in the years the plan looks at, with their names, in date order."""
    _by_date: dict[date, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_date.update(self.holidays)

    def holiday(self, day: date) -> str | None:
        """The public holiday's name on this date, if it is one."""
        return self._by_date.get(day)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and day not in self._by_date

    def next_business_day(self, day: date) -> date:
        """The first business day after `day`."""
        day += timedelta(days=1)
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def clock_start(self, sent: date | datetime) -> date:
        """The business day a request starts counting from: the day it was sent, or the next business day when it
        was sent after 12:00 (a date alone is taken as sent in the morning), on a weekend or on a holiday."""
        day = sent.date() if isinstance(sent, datetime) else sent
        late = isinstance(sent, datetime) and sent.time() > NOON
        if self.is_business_day(day) and not late:
            return day
        return self.next_business_day(day)

    def add(self, start: date, count: int) -> date:
        """The business day `count` business days after `start`."""
        day = start
        for _ in range(count):
            day = self.next_business_day(day)
        return day

    def between(self, start: date, end: date) -> int:
        """Business days after `start` up to and including `end` (0 when `end` is not after `start`)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_business_day(day)
        return count

    def skipped(self, start: date, end: date) -> tuple[tuple[date, str], ...]:
        """Holidays between two dates (both included) that fall on what would be a working day: what the clock skipped."""
        return tuple((d, n) for d, n in self.holidays if start <= d <= end and d.weekday() not in self.weekend)


HOLIDAY_LANGUAGES = {"en": "en_US", "en_GB": "en_GB", "de": "de", "fr": "fr", "es": "es", "pt_BR": "pt_BR", "zh_Hans": "zh_CN",
                     "ja": "ja", "ko": "ko"}
"""The holidays library's name for each page language (it names a country's holidays in the languages it has)."""


def business_days(country: str | None, years: range, language: str = "en") -> BusinessDays:
    """The working calendar of `country` over `years` (the holidays library, imported here: 0.1 s), its holidays
    named in the page `language` when the library has that language for the country, else in the country's own."""
    if country is None:
        return BusinessDays(None)
    import holidays

    try:
        found = holidays.country_holidays(country, years=list(years))
        wanted = HOLIDAY_LANGUAGES.get(language)
        if wanted and wanted in (getattr(found, "supported_languages", ()) or ()):
            found = holidays.country_holidays(country, years=list(years), language=wanted)
    except NotImplementedError:  # a country the library does not cover: weekends only
        return BusinessDays(country)
    weekend = frozenset(getattr(found, "weekend", WEEKEND)) or WEEKEND
    return BusinessDays(country, weekend, tuple(sorted((d, str(n)) for d, n in found.items())))
