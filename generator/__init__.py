"""infoprep: prep packets, itinerary, calendar and a private site for a week of informational interviews."""

from importlib import metadata

try:
    __version__ = metadata.version("infoprep")
except metadata.PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"
