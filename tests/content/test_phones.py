"""Phone numbers read in the trip's country: trip.country, else the time zone's; tel: links in E.164.

A number written the way people write it at home ("(202) 555-0143", "087 123 4567") is only
dialable once a country is known; `check` warns, at the line of `phone`, on one it cannot read.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fixtures.building import Runner
from fixtures.mini_trip import edit, line_of

from generator.cli import main
from generator.content.phones import display_phone, read_phone, tel_href, zone_country


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("America/New_York", "US"),
        ("Europe/Dublin", "IE"),
        ("Asia/Seoul", "KR"),
        ("Europe/Berlin", "DE"),
        ("UTC", None),
        ("Etc/GMT+5", None),
    ],
)
def test_the_country_of_a_time_zone(zone: str, country: str | None) -> None:
    assert zone_country(zone) == country


@pytest.mark.parametrize(
    ("written", "country", "e164", "shown"),
    [
        ("(202) 555-0143", "US", "+12025550143", "(202) 555-0143"),
        ("+1 202 555 0143", "IE", "+12025550143", "+1 202-555-0143"),
        ("087 123 4567", "IE", "+353871234567", "087 123 4567"),
        ("+82 10-2345-6789", "US", "+821023456789", "+82 10-2345-6789"),
        ("202.555.0143 x12", "US", "+12025550143;ext=12", "(202) 555-0143 ext. 12"),
    ],
)
def test_numbers_are_read_in_the_trip_country(
    written: str, country: str, e164: str, shown: str
) -> None:
    phone = read_phone(written, country)
    assert phone is not None and phone.e164 == e164 and phone.display == shown
    assert tel_href(written, country) == f"tel:{e164}"
    assert display_phone(written, country) == shown


@pytest.mark.parametrize(
    ("written", "country"),
    [("555-0143", "US"), ("call the front desk", "IE"), ("087 123 4567", None)],
)
def test_what_cannot_be_read_stays_as_written(written: str, country: str | None) -> None:
    assert read_phone(written, country) is None
    assert display_phone(written, country) == written


def check(folder: Path):  # type: ignore[no-untyped-def]
    return Runner().invoke(main, ["check", str(folder), "--today", date(2027, 5, 1).isoformat()])


def test_check_warns_at_the_line_of_a_phone_it_cannot_read(mini_copy: Path) -> None:
    person = mini_copy / "people" / "kim-park.yaml"
    edit(
        person,
        "email: kim.park@harbor.example\n",
        'email: kim.park@harbor.example\nphone: "555-01"\n',
    )
    result = check(mini_copy)
    assert result.exit_code == 0, result.output
    line = line_of(person, "phone:")
    expected = f"{mini_copy}/people/kim-park.yaml:{line}: warning: phone '555-01' is not a complete phone number in US; write it with its area code"
    assert expected in result.stderr


def test_trip_country_overrides_the_time_zone(mini_copy: Path) -> None:
    person = mini_copy / "people" / "kim-park.yaml"
    edit(
        person,
        "email: kim.park@harbor.example\n",
        'email: kim.park@harbor.example\nphone: "087 123 4567"\n',
    )
    assert "kim-park.yaml" in check(mini_copy).stderr, "an Irish mobile is not a US number"
    edit(
        mini_copy / "trip.yaml",
        "timezone: America/New_York\n",
        "timezone: America/New_York\ncountry: IE\n",
    )
    assert "kim-park.yaml" not in check(mini_copy).stderr


@pytest.mark.parametrize(
    ("code", "message"),
    [("UK", "GB, not UK"), ("us", "not a country code"), ("USA", "not a country code")],
)
def test_a_country_that_is_not_an_iso_code_is_an_error(
    mini_copy: Path, code: str, message: str
) -> None:
    trip = mini_copy / "trip.yaml"
    edit(trip, "timezone: America/New_York\n", f"timezone: America/New_York\ncountry: {code}\n")
    result = check(mini_copy)
    assert (
        result.exit_code == 1
        and f"trip.yaml:{line_of(trip, 'country:')}: error: country:" in result.stderr
    )
    assert message in result.stderr


def test_a_full_number_in_a_range_no_phone_has_is_not_called_incomplete() -> None:
    """Ofcom keeps 07700 900000-900999 for drama: every digit is there, so the warning says the
    range, not a missing area code (a London user typing their own test number was told to add
    one)."""
    from generator.content.phones import phone_problem

    said = phone_problem("07700 900123", "GB")
    assert said is not None and "range no phone has" in said and "area code" not in said
    short = phone_problem("0201234", "GB")
    assert short is not None and "area code" in short
