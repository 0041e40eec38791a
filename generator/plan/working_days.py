"""The one working calendar: which days are for meetings, and which are days off (and why).

Every part of infoprep that reasons about days asks it: `check`'s meetings-per-day, `propose`, the
slots offered in drafts, the free-slot lists, the outreach clock, when confirmations go out, and how
the itinerary and pocket cards show a day. A day is off when it is a weekend day of the trip's
country, one of its public holidays (the `holidays` library, by country *and* subdivision: `GB-ENG`
has Easter Monday and the August bank holiday that the UK-wide list lacks, `DE-BY` Epiphany, `US-CA`
César Chávez Day), or one of the user's own `days_off:` in trip.yaml.

Two questions, on purpose: `is_working_day` is the user's (their own days off count: nothing is
planned or asked for on them), `is_business_day` the people's they write to (the outreach clock
waits on them, and the user's day off does not stop anyone replying). The country is `trip.country`,
else the trip time zone's (content/phones.py); a country the library does not cover counts Monday to
Friday with no holidays.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, cast

from generator.content.models import TripFile
from generator.content.phones import zone_country

if TYPE_CHECKING:
    from holidays import HolidayBase

NOON = time(12, 0)
"""A request sent after this hour counts from the next business day: the day is half over for the
reader."""

WEEKEND = frozenset({5, 6})
"""Saturday and Sunday, for a country the holidays library does not know."""


class DayOffKind(str, Enum):
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    OWN = "own"
    """One of the user's `days_off:`."""


@dataclass(frozen=True)
class DayOff:
    """Why a day has no meetings planned; templates word it ("Spring Bank Holiday: no meetings")."""

    date: date
    """The day."""

    kind: DayOffKind
    """Why it is off: the user's own day first, then a public holiday, then the weekend."""

    name: str | None = None
    """The public holiday's name, as the holidays library gives it in the page language (when it has
    it); None for the others."""

    @property
    def holiday(self) -> bool:
        """A public holiday of the trip's country or subdivision (`name` says which)."""
        return self.kind is DayOffKind.HOLIDAY

    @property
    def weekend(self) -> bool:
        """A weekend day of the trip's country."""
        return self.kind is DayOffKind.WEEKEND

    @property
    def own(self) -> bool:
        """One of the user's `days_off:` in trip.yaml."""
        return self.kind is DayOffKind.OWN


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days in one place: a plain value, so a plan or a rule set holding one stays pure
    data."""

    region: str | None = None
    """What trip.yaml's `country` names (GB-ENG, US-CA, DE, ...), or the time zone's country;
    None: unknown."""

    weekend: frozenset[int] = WEEKEND
    """Weekday numbers (Monday 0) of the country's weekend."""

    holidays: tuple[tuple[date, str], ...] = ()
    """Public holidays in the years looked at, with their names, in date order."""

    own: frozenset[date] = frozenset()
    """The user's own days off (trip.yaml `days_off:`)."""

    _by_date: dict[date, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_date.update(self.holidays)

    @property
    def country(self) -> str | None:
        """The ISO 3166-1 alpha-2 part of `region`."""
        return self.region.split("-")[0] if self.region else None

    def holiday(self, day: date) -> str | None:
        """The public holiday's name on this date, if it is one."""
        return self._by_date.get(day)

    def day_off(self, day: date) -> DayOff | None:
        """Why `day` is not a working day (a holiday before a weekend, the user's own before both),
        or None."""
        if day in self.own:
            return DayOff(day, DayOffKind.OWN, self.holiday(day))
        if (name := self.holiday(day)) is not None:
            return DayOff(day, DayOffKind.HOLIDAY, name)
        if day.weekday() in self.weekend:
            return DayOff(day, DayOffKind.WEEKEND)
        return None

    def is_working_day(self, day: date) -> bool:
        """A day meetings may be planned on: not a weekend, a public holiday or one of the user's
        days off."""
        return self.is_business_day(day) and day not in self.own

    def is_business_day(self, day: date) -> bool:
        """A day the people written to work: not a weekend or a public holiday (the user's days off
        do not count)."""
        return day.weekday() not in self.weekend and day not in self._by_date

    def next_business_day(self, day: date) -> date:
        """The first business day after `day`."""
        day += timedelta(days=1)
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def confirm_on(self, day: date, meeting_days: frozenset[date]) -> date:
        """The day to confirm `day`'s meetings: the last day before it that is a working day or has
        meetings of its own (the Friday before a long weekend confirms the Tuesday after it), at
        most a week back."""
        for back in range(1, 8):
            candidate = day - timedelta(days=back)
            if candidate in meeting_days or self.is_working_day(candidate):
                return candidate
        return day - timedelta(days=1)

    def clock_start(self, sent: date | datetime) -> date:
        """The business day a request starts counting from: the day it was sent, or the next
        business day when it was sent after 12:00 (a date alone is taken as sent in the morning), on
        a weekend or on a holiday."""
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
        """Business days after `start` up to and including `end` (0 when `end` is not after
        `start`)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_business_day(day)
        return count

    def skipped(self, start: date, end: date) -> tuple[tuple[date, str], ...]:
        """Holidays between two dates (both included) that fall on what would be a working day:
        what the clock skipped.
        """
        return tuple(
            (d, n)
            for d, n in self.holidays
            if start <= d <= end and d.weekday() not in self.weekend
        )


def trip_region(info: TripFile) -> str | None:
    """trip.country as written (a subdivision kept), else the time zone's country."""
    return info.country or zone_country(info.timezone)


HOLIDAY_LANGUAGES = {
    "en": "en_US",
    "en_GB": "en_GB",
    "de": "de",
    "fr": "fr",
    "es": "es",
    "pt_BR": "pt_BR",
    "zh_Hans": "zh_CN",
    "ja": "ja",
    "ko": "ko",
}
"""The holidays library's name for each page language (it names a country's holidays in the
languages it has)."""


def working_calendar(info: TripFile, years: range | None = None) -> WorkingCalendar:
    """The trip's working calendar over `years` (default: the trip's own years); the holidays
    library is imported here (0.1 s) so a command that never asks about days does not pay for it.

    Holidays are named in the trip's page language when the library has that language for the
    country, else in the library's default for it.
    """
    region = trip_region(info)
    own = frozenset(info.days_off)
    years = years or range(info.start.year, info.end.year + 1)
    if region is None:
        return WorkingCalendar(None, own=own)
    country, _, subdivision = region.partition("-")
    try:
        holidays_of = holiday_class(country)
    except NotImplementedError:  # a country the library does not cover: weekends only
        return WorkingCalendar(region, own=own)
    wanted = HOLIDAY_LANGUAGES.get(info.defaults.page_language.value)
    language = wanted if wanted in (getattr(holidays_of, "supported_languages", ()) or ()) else None
    found = holidays_of(subdiv=subdivision or None, years=list(years), language=language)
    weekend = frozenset(getattr(found, "weekend", WEEKEND)) or WEEKEND
    named = tuple(sorted((d, str(n)) for d, n in found.items()))
    return WorkingCalendar(region, weekend, named, own)


def holiday_class(country: str) -> type[HolidayBase]:
    """The holidays library's class for a country code, loaded alone.

    The library's own lookup (`holidays.country_holidays`) imports the module of every country it
    knows, ~40 ms that every command paid for one country; its registry names each country's
    module, so only that file is loaded. Anything unexpected falls back to the library's lookup.
    NotImplementedError: the library has no such country.
    """
    import holidays
    from holidays import registry

    found = [(m, names[0]) for m, names in registry.COUNTRIES.items() if country in names[1:]]
    if not found:
        raise NotImplementedError(country)
    module_name, class_name = found[0]
    name = f"holidays.countries.{module_name}"
    try:
        module = sys.modules.get(name)
        if module is None:
            path = Path(holidays.__file__ or "").parent / "countries" / f"{module_name}.py"
            spec = importlib.util.spec_from_file_location(name, path)
            if spec is None or spec.loader is None:
                raise ImportError(name)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        return cast("type[HolidayBase]", getattr(module, class_name))
    except (ImportError, OSError, AttributeError):
        sys.modules.pop(name, None)
        return cast("type[HolidayBase]", type(holidays.country_holidays(country)))
