"""The placeholder text `infoprep new --person/--company` writes, so research left as it was counts
as not done.

Kept here, in the content stage, because both the writer of the templates (commands/new.py) and the
research check (plan/research.py) must agree on it word for word.
"""

from __future__ import annotations

PERSON_BACKGROUND = "Where they worked, what they are known for."
COMPANY_OVERVIEW = "What they do, in two or three sentences."
PLACEHOLDERS = frozenset({PERSON_BACKGROUND, COMPANY_OVERVIEW})


def written(text: str | None) -> bool:
    """Whether a field holds real research: not empty and not the placeholder `new` wrote."""
    return bool(text and text.strip() and " ".join(text.split()) not in PLACEHOLDERS)
