"""What the traveler has not researched yet, per meeting: shown in the packet, warned by `check`.

A background or overview still holding the placeholder `infoprep new --person/--company` wrote is a
gap too.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.placeholders import written
from generator.content.trip import Meeting
from generator.errors import Finding, Level, Location


@dataclass(frozen=True)
class ResearchGap:
    location: Location
    message: str
    """In English, for `check`."""

    kind: str = ""
    """What is missing, for the page to word it in its language: background, talking-points,
    overview, news, questions."""

    subject: str = ""
    """Whose or which: the person's or organisation's name; for questions, the count written."""

    needed: int = 0
    """For questions: the fewest wanted (min_questions)."""

    def finding(self) -> Finding:
        """The warning `check` prints for it (in English), which the itinerary words again."""
        return Finding(Level.WARNING, self.location, f"research gap: {self.message}")


def research_gaps(meeting: Meeting) -> list[ResearchGap]:
    person = meeting.person
    gaps = []
    if not (written(person.profile.background) or person.research):
        gaps.append(
            ResearchGap(
                person.source.location,
                f"no background for {person.profile.name}",
                "background",
                person.profile.name,
            )
        )
    if not person.profile.talking_points:
        gaps.append(
            ResearchGap(
                person.source.location,
                f"no talking points for {person.profile.name}",
                "talking-points",
                person.profile.name,
            )
        )
    company = meeting.company
    if company is not None:
        if not (written(company.profile.overview) or company.research):
            gaps.append(
                ResearchGap(
                    company.source.location,
                    f"no overview of {company.profile.name}",
                    "overview",
                    company.profile.name,
                )
            )
        if not company.profile.news:
            gaps.append(
                ResearchGap(
                    company.source.location,
                    f"no recent news about {company.profile.name}",
                    "news",
                    company.profile.name,
                )
            )
    return gaps
