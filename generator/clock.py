"""The clock, read in one place: the day and moment a command runs "as of".

SOURCE_DATE_EPOCH, when set, stands for the clock (reproducible builds: the same content gives
byte-identical files). Only the commands and the build read it, and hand the result down as a
value: nothing in plan/ or render/ reads the clock or the environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone


def build_today(environ: Mapping[str, str]) -> date:
    """The date builds are "as of": SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def build_time(environ: Mapping[str, str]) -> datetime:
    """When this build runs (the calendar's DTSTAMP): SOURCE_DATE_EPOCH when set, else the clock, in
    UTC."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)
