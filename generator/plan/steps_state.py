"""Where a dated step stands on a given day: the one rule for outreach steps, promises, cards and
pings."""

from __future__ import annotations

from datetime import date
from enum import Enum


class StepState(str, Enum):
    UPCOMING = "upcoming"
    DUE = "due"
    """Due today."""

    OVERDUE = "overdue"
    """Its day has passed."""


def state_on(due: date, today: date) -> StepState:
    """A step due on a day is due all that day and overdue from the next (dates, not minutes: it is
    a day's task)."""
    if today < due:
        return StepState.UPCOMING
    return StepState.DUE if today == due else StepState.OVERDUE
