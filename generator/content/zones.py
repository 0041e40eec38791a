"""What a person most likely meant by a time zone that is not an IANA name.

People write the city they are going to ("America/Seattle"), the abbreviation on their invitation
("PST", "KST"), or an IANA name with a typo or the wrong case. Each gets the IANA name to write
instead, so the error names the fix rather than only the rule.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from functools import lru_cache

_CITIES: dict[str, str] = {
    # Cities people travel to whose zone is named after another city.
    "seattle": "America/Los_Angeles",
    "portland": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "san diego": "America/Los_Angeles",
    "las vegas": "America/Los_Angeles",
    "sacramento": "America/Los_Angeles",
    "boston": "America/New_York",
    "washington": "America/New_York",
    "washington dc": "America/New_York",
    "atlanta": "America/New_York",
    "miami": "America/New_York",
    "philadelphia": "America/New_York",
    "pittsburgh": "America/New_York",
    "baltimore": "America/New_York",
    "charlotte": "America/New_York",
    "dallas": "America/Chicago",
    "houston": "America/Chicago",
    "austin": "America/Chicago",
    "minneapolis": "America/Chicago",
    "new orleans": "America/Chicago",
    "nashville": "America/Chicago",
    "st louis": "America/Chicago",
    "salt lake city": "America/Denver",
    "albuquerque": "America/Denver",
    "montreal": "America/Toronto",
    "ottawa": "America/Toronto",
    "quebec": "America/Toronto",
    "calgary": "America/Edmonton",
    "rio de janeiro": "America/Sao_Paulo",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "chennai": "Asia/Kolkata",
    "hyderabad": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "shenzhen": "Asia/Shanghai",
    "guangzhou": "Asia/Shanghai",
    "osaka": "Asia/Tokyo",
    "kyoto": "Asia/Tokyo",
    "busan": "Asia/Seoul",
    "incheon": "Asia/Seoul",
    "abu dhabi": "Asia/Dubai",
    "tel aviv": "Asia/Jerusalem",
    "geneva": "Europe/Zurich",
    "basel": "Europe/Zurich",
    "munich": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "milan": "Europe/Rome",
    "florence": "Europe/Rome",
    "barcelona": "Europe/Madrid",
    "manchester": "Europe/London",
    "edinburgh": "Europe/London",
    "cork": "Europe/Dublin",
    "galway": "Europe/Dublin",
    "st petersburg": "Europe/Moscow",
    "saint petersburg": "Europe/Moscow",
    "canberra": "Australia/Sydney",
    "wellington": "Pacific/Auckland",
    "cape town": "Africa/Johannesburg",
}
_ABBREVIATIONS: dict[str, str] = {
    # Abbreviations that are not zones themselves (EST, MST and CET are, with fixed rules: see
    # below).
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
    "edt": "America/New_York",
    "et": "America/New_York",
    "eastern": "America/New_York",
    "eastern time": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "central": "America/Chicago",
    "central time": "America/Chicago",
    "mdt": "America/Denver",
    "mountain": "America/Denver",
    "kst": "Asia/Seoul",
    "jst": "Asia/Tokyo",
    "ist": "Asia/Kolkata",
    "sgt": "Asia/Singapore",
    "hkt": "Asia/Hong_Kong",
    "bst": "Europe/London",
    "cest": "Europe/Berlin",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "nzst": "Pacific/Auckland",
    "msk": "Europe/Moscow",
}


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def _words(text: str) -> str:
    return re.sub(r"[\s_.,-]+", " ", text).strip().casefold()


def suggest_zone(value: str) -> str | None:
    """The IANA name meant by `value`, when one stands out; None when nothing does."""
    zones = _zones()
    folded = {_words(zone): zone for zone in zones}
    wanted = _words(value)
    if wanted in folded:  # the right name in the wrong case or with spaces: america/new york
        return folded[wanted]
    if wanted in _ABBREVIATIONS:
        return _ABBREVIATIONS[wanted]
    city = _words(value.rsplit("/", 1)[-1])
    if city in _CITIES:
        return _CITIES[city]
    by_city = {_words(zone.rsplit("/", 1)[-1]): zone for zone in zones if "/" in zone}
    if city in by_city:  # the right city under the wrong region: Europe/Seoul
        return by_city[city]
    close = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=0.75)
    if close:
        return folded[close[0]]
    close = difflib.get_close_matches(city, list(by_city), n=1, cutoff=0.75)
    return by_city[close[0]] if close else None


def zone_message(value: str) -> str:
    """The error for a time zone that is not an IANA name, with the name to write when one stands
    out."""
    suggestion = suggest_zone(value)
    if suggestion:
        return (
            f"unknown time zone {value!r} (did you mean {suggestion!r}?); time zones are IANA names"
        )
    return (
        f"unknown time zone {value!r}; use an IANA name such as America/New_York or Europe/Dublin"
    )
