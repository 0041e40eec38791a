"""Checks on single values an export gives, shared by every reader: an e-mail, a web address, a
date."""

from __future__ import annotations

import re
from datetime import date, datetime

from generator.contacts.records import ImportProblem
from generator.content.scalars import email_problem
from generator.errors import Location

_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%b %d, %Y", "%m/%d/%Y", "%m/%d/%y")


def email(value: str, location: Location, column: str) -> str:
    value = value.strip().removeprefix("mailto:")
    problem = email_problem(value)
    if problem:
        raise ImportProblem(location, f"{column}: {problem}")
    return value


def web_address(value: str, location: Location, column: str) -> str:
    """https://... as given; a bare "www.linkedin.com/in/x" gets its https://."""
    value = value.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE):
        if not value.lower().startswith(("http://", "https://")):
            raise ImportProblem(location, f"{column}: {value!r} is not a web address")
        return value
    if re.match(r"^[\w.-]+\.[a-z]{2,}(/\S*)?$", value, re.IGNORECASE):
        return "https://" + value
    raise ImportProblem(location, f"{column}: {value!r} is not a web address")


def day(value: str, location: Location, column: str) -> date:
    """LinkedIn writes "07 Dec 2025"; older exports and spreadsheets other forms."""
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), form).date()
        except ValueError:
            continue
    raise ImportProblem(location, f"{column}: {value!r} is not a date like 07 Dec 2025")


def several(value: str) -> list[str]:
    """Google puts several values in one cell, separated by " ::: "."""
    return [part.strip() for part in value.split(":::") if part.strip()]
