"""A subdivision named in trip.yaml's `country` (GB-ENG, US-CA, DE-BY), checked against what the
holidays library knows: a typo there would otherwise drop the region's own holidays silently."""

from __future__ import annotations

SHOWN = 12
"""Known subdivisions listed in a message, at most."""


def subdivision_problem(region: str) -> str | None:
    """Why `region`'s subdivision is unknown (GB-XYZ), or None: a plain country, a country the
    library does not cover (weekends only, no holidays) and a known subdivision are all fine.

    Imports holidays (0.1 s) only for a subdivision.
    """
    country, _, subdivision = region.partition("-")
    if not subdivision:
        return None
    import holidays

    try:
        known = holidays.country_holidays(country).subdivisions
    except NotImplementedError:
        return None
    if subdivision in known:
        return None
    shown = ", ".join(f"{country}-{s}" for s in known[:SHOWN])
    shown += ", ..." if len(known) > SHOWN else ""
    known_text = f" (known: {shown})" if known else ""
    return f"{country} has no subdivision {subdivision!r} in the holiday calendar{known_text}"
