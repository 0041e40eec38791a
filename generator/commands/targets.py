"""`infoprep targets`: the LAMP list, ranked as Dalton ranks it, with who you know at each and the
next step.

Returns a report; the CLI prints its text. The ranking and the next steps are the plan's
(plan/lamp.py, plan/targets.py), the same the network page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from generator.plan.agenda import opportunity_words
from generator.plan.dates import DateStyle
from generator.plan.targets import NextKind, NextStep, TargetRow
from generator.reading import load_and_plan
from generator.terminal import one_line as printable


@dataclass(frozen=True)
class TargetsReport:
    rows: tuple[TargetRow, ...]
    dates: DateStyle
    content: str
    """The content folder as given, for the commands the report suggests."""

    @property
    def text(self) -> str:
        if not self.rows:
            return (
                f"No organisations in {self.content}/companies/ yet: "
                "add them with `lamp:` scores to rank them.\n"
            )
        scored = sum(r.target.scored for r in self.rows)
        lines = [
            f"Targets: {len(self.rows)} organisations ({scored} with LAMP scores), "
            "ranked by motivation, then postings, then advocacy",
            "",
        ]
        width = len(str(len(self.rows)))
        for row in self.rows:
            t = row.target
            advocacy = f"A{t.advocacy}{'*' if t.advocacy_derived else ''}"
            lines.append(
                f"{t.rank:>{width}}. {printable(t.company.short)}  "
                f"M{t.motivation} P{t.postings} {advocacy}"
            )
            pad = " " * (width + 2)
            if row.known:
                people = ", ".join(
                    printable(k.person.profile.name)
                    + f" ({k.status.value}{', ' + k.response.value if k.response else ''})"
                    for k in row.known
                )
                lines.append(f"{pad}know: {people}")
            for opportunity in row.opportunities:
                lines.append(
                    f"{pad}opportunity: {printable(opportunity.title)} ({opportunity.status.value})"
                )
            lines.append(f"{pad}next: {self._next(row.next)}")
        lines += [
            "",
            "A* = advocacy worked out from the people you know there "
            "(write lamp.advocacy to set it).",
        ]
        return "\n".join(lines) + "\n"

    def _next(self, step: NextStep) -> str:
        when = f" (due {self.dates.short_date(step.due)})" if step.due else ""
        name = printable(step.person.profile.name) if step.person else ""
        if step.kind is NextKind.OPPORTUNITY and step.opportunity and step.step:
            return printable(opportunity_words(step.opportunity, step.step)) + when
        if step.kind is NextKind.WAITING and step.outreach:
            return printable(step.outreach.summary) + when
        if step.kind is NextKind.MEET:
            return (
                f"meet {name} on {self.dates.short_date(step.due)}" if step.due else f"meet {name}"
            )
        if step.kind is NextKind.ASK:
            return f"ask {name} for a conversation"
        if step.kind is NextKind.FIND:
            return (
                "find someone there (alumni, friends of friends): "
                f"infoprep import, then infoprep who {self.content}"
            )
        return "keep in touch with the people you know there"


def targets_report(content: Path, today: date | datetime) -> TargetsReport:
    _, plan, _ = load_and_plan(content, today)
    return TargetsReport(plan.targets, plan.dates, str(content))
