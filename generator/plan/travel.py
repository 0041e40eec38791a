"""Places and the time between them, without a map service: the user's figure, else geometry, else
the buffer.

A place is an address and, when the content gives one, `geo: [lat, lon]`. Travel between two places
with `geo` is the straight-line distance, counted 1.3 times for streets, at the speed of the trip's
`defaults.travel_mode`, plus the minutes that mode always costs (walking to the stop and waiting,
parking), rounded up to 5 minutes. Without `geo` at both ends nothing is known, and the buffer alone
must cover the trip. No geocoding: nothing leaves the machine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.content.models import MeetingFormat, TravelMode
from generator.content.trip import Meeting, Person

DETOUR = 1.3
"""Streets are longer than the straight line: a grid city's average is close to 1.3 (Manhattan:
1.27)."""

SPEED_KMH = {
    TravelMode.WALK: 4.5,
    TravelMode.BIKE: 13.0,
    TravelMode.TRANSIT: 18.0,
    TravelMode.DRIVE: 22.0,
}
"""Door-to-door speeds in a city, on the street distance."""

OVERHEAD = {TravelMode.WALK: 0, TravelMode.BIKE: 3, TravelMode.TRANSIT: 8, TravelMode.DRIVE: 7}
"""Minutes each mode costs however short the trip: walking to the stop and waiting; finding
parking."""
SAME_BLOCK_KM = 0.15
"""Closer than this is the same place: no travel at all."""
LONG_HOP = 30
"""Minutes: a hop longer than this counts double in the proposal's cost (fewer long cross-town
hops)."""


@dataclass(frozen=True)
class Place:
    """Where a meeting happens, or where you stay."""

    name: str
    """What to call it in a table: the organisation, the venue, or the lodging."""

    address: str | None
    geo: tuple[float, float] | None

    @property
    def key(self) -> str:
        """Two places with the same key are the same spot."""
        if self.geo is not None:
            return f"{self.geo[0]:.4f},{self.geo[1]:.4f}"
        return (self.address or self.name).casefold()


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = (math.radians(v) for v in (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def estimate_minutes(a: Place | None, b: Place | None, mode: TravelMode) -> int | None:
    """Minutes from a to b, or None when it cannot be known (a place without geo); 0 for the same
    place."""
    if a is None or b is None:
        return None
    if a.key == b.key:
        return 0
    if a.geo is None or b.geo is None:
        return None
    km = distance_km(a.geo, b.geo)
    if km < SAME_BLOCK_KM:
        return 0
    minutes = OVERHEAD[mode] + km * DETOUR / SPEED_KMH[mode] * 60
    return int(math.ceil(minutes / 5) * 5)


def hop_cost(minutes: int) -> int:
    """What a hop costs the proposal: its minutes, and again for each minute past LONG_HOP."""
    return minutes + max(0, minutes - LONG_HOP)


def person_place(person: Person) -> Place | None:
    """Where you would meet someone in person: their organisation's address."""
    company = person.company
    if company is None:
        return None
    profile = company.profile
    if not profile.address and profile.geo is None:
        return None
    return Place(profile.name, profile.address, profile.geo)


def meeting_place(meeting: Meeting) -> Place | None:
    """Where a scheduled meeting happens; None for calls.

    The one place a meeting's geo is resolved: its own `geo`, else its company's (as the content
    reference promises), so a meeting with only a `location:` still has a known distance. It is
    named by its `location` as written (a comma may be part of a name: "Smith, Jones & Partners"),
    or by the company's name when it meets at the company's own address.
    """
    entry = meeting.entry
    if entry.format is not MeetingFormat.IN_PERSON:
        return None
    company = meeting.person.company
    geo = entry.geo if entry.geo is not None else company.profile.geo if company else None
    if entry.location:
        at_company = company is not None and _same_address(company.profile.address, entry.location)
        name = company.profile.name if company is not None and at_company else entry.location
        return Place(name, entry.location, geo)
    place = person_place(meeting.person)
    if place is not None and geo is not None:
        return Place(place.name, place.address, geo)
    return place


def _same_address(a: str | None, b: str) -> bool:
    """The same address written with other spacing or case."""
    return a is not None and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
