"""Zones named by their city, as the drafts and pages write them."""

from __future__ import annotations

import pytest

from generator.plan.dates import DateStyle


@pytest.mark.parametrize(
    ("zone", "locale", "city"),
    [
        ("America/Montreal", "fr_FR", "Montreal"),  # a link to Toronto's rules: not "Toronto"
        ("America/Toronto", "fr_FR", "Toronto"),
        ("Asia/Singapore", "fr_FR", "Singapour"),
        ("Asia/Singapore", "en_GB", "Singapore"),
        ("US/Pacific", "en_US", "Los Angeles"),  # no city in the name: the zone's own
    ],
)
def test_a_zone_is_named_by_the_city_it_was_written_with(zone: str, locale: str, city: str) -> None:
    assert DateStyle(locale).zone_name(zone) == city
