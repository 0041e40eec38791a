"""Phone numbers as people write them, read with `phonenumbers` in the trip's country.

"(202) 555-0143" means nothing without a country; on a trip to Washington it is a US number, on a
trip to Dublin "087 123 4567" is an Irish one. The country is `trip.country` when given, else the
one the trip's time zone belongs to (zone.tab of the time-zone database: America/New_York is US,
Europe/Dublin is IE); a zone shared by several countries or none (UTC) gives no country, and then
only numbers written with +country code can be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from generator.content.models import TripFile


@cache
def _zone_countries() -> dict[str, str]:
    """zone.tab: each zone's one country (zone1970.tab lists several for some zones, so it cannot
    tell)."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    zones = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 3:
                zones[parts[2]] = parts[0]
    return zones


def zone_country(timezone: str) -> str | None:
    """The ISO 3166-1 alpha-2 country a time zone belongs to, when exactly one does."""
    return _zone_countries().get(timezone)


def trip_country(info: TripFile) -> str | None:
    """The country phone numbers without a +country code are read in: trip.country (GB for GB-ENG),
    else the time zone's."""
    return info.country.partition("-")[0] if info.country else zone_country(info.timezone)


@dataclass(frozen=True)
class Phone:
    """A number read from what someone wrote."""

    written: str
    """As written in the content ("(202) 555-0143")."""

    e164: str
    """+12025550143: what a tel: link and a phone's address book want."""

    display: str
    """Formatted as the phone's own country writes it: national format at home, international from
    abroad."""

    mobile: bool = False
    """True for a mobile number (a vCard types it `cell`, so a phone offers to text it)."""

    international: str = ""
    """As anyone anywhere dials it (+33 6 12 34 56 78): what a draft signs with."""


def read_phone(text: str, country: str | None) -> Phone | None:
    """The number in `text`, read in `country`; None when it is not a complete, valid number
    there."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    home = phonenumbers.region_code_for_number(number)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if country and home == country
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number.extension:
        e164 += f";ext={number.extension}"
    kind = phonenumbers.number_type(number)
    mobile = kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    return Phone(
        text,
        e164,
        phonenumbers.format_number(number, style),
        mobile and kind is phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
    )


def phone_problem(text: str, country: str | None) -> str | None:
    """Why `text` is not a number a phone can dial, in words; None when it is one."""
    if read_phone(text, country) is not None:
        return None
    where = f" in {country}" if country else ""
    if _possible(text, country):  # every digit there, in a range no one is given (07700 900123)
        return (
            f"phone {text!r} has the length of a number{where} but is in a range no phone has "
            "(unassigned, or kept for films and examples); check its digits"
        )
    hint = (
        "with its area code"
        if country
        else "with its country code (+1 ..., +353 ...), or set trip.country"
    )
    return f"phone {text!r} is not a complete phone number{where}; write it {hint}"


def _possible(text: str, country: str | None) -> bool:
    """A number with all the digits of a full number of its country (as many as the country's
    example number), whether or not its range is in use."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        return False
    region = phonenumbers.region_code_for_country_code(number.country_code or 0)
    example = phonenumbers.example_number(region)
    return (
        example is not None
        and phonenumbers.is_possible_number(number)
        and len(str(number.national_number)) >= len(str(example.national_number))
    )


def tel_href(text: str, country: str | None = None) -> str:
    """A tel: link in E.164 (tel:+12025550143); a number that cannot be read keeps its digits."""
    phone = read_phone(text, country)
    if phone is not None:
        return "tel:" + phone.e164
    return "tel:" + "".join(ch for ch in text if ch.isdigit() or ch == "+")


def display_phone(text: str, country: str | None = None) -> str:
    """The number formatted for reading; as written when it cannot be read."""
    phone = read_phone(text, country)
    return phone.display if phone is not None else text


def dialable_phone(text: str, country: str | None = None) -> str:
    """The number as anyone anywhere dials it (+33 6 12 34 56 78), read in `country`: what a
    draft signs with, for a recipient who may be abroad; as written when it cannot be read."""
    phone = read_phone(text, country)
    return phone.international if phone is not None else text
