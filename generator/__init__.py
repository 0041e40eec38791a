"""infoprep: prep packets, itinerary, calendar and a private site for a week of informational
interviews."""

__version__ = "0.1.0"
"""The one place the version is written (pyproject.toml reads it): no metadata lookup at
start-up."""
