"""`infoprep who`: people by organisation as plain text, for a terminal.

Each person's row: name, title, seniority, outreach status, response type (booster, obligate or
curmudgeon, plan/response.py; blank while it cannot be told) and connection.

Columns are padded by display width (a Hangul or Han character takes two cells), so a table of names
in several scripts still lines up.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.commands.import_report import printable
from generator.plan.network import connection_in_words
from generator.plan.organisations import organisations
from generator.reading import load_and_plan
from generator.terminal import cut, pad, plural, width

CONTENT = Path("content")


def who_arguments(first: Path, second: str | None) -> tuple[Path, str]:
    """`who harbor` means the query "harbor" in ./content, unless ./harbor is a folder."""
    if second is None and first != CONTENT and not first.is_dir():
        return CONTENT, str(first)
    return first, second or ""


def who_report(content: Path, query: str, today: date) -> str:
    trip, plan, _ = load_and_plan(content, today)
    groups = organisations(plan.network, query)
    if not groups:
        return (
            f"No one in {content}/ matches '{printable(query)}' (by name, organisation or "
            "industry).\n"
        )
    people = sum(len(g.contacts) for g in groups)
    named = sum(g.company is not None for g in groups)
    scope = f" matching '{printable(query)}'" if query else ""
    lines = [
        f"Who you know{scope}: {plural(people, 'person', 'people')} at "
        f"{plural(named, 'organisation')}",
        "",
    ]
    rows = [
        (
            group,
            contact,
            [
                printable(contact.person.profile.name),
                cut(printable(contact.person.profile.title or ""), 40),
                contact.person.profile.seniority.value if contact.person.profile.seniority else "-",
                contact.status.value,
                response.value if (response := plan.responses.get(contact.person.slug)) else "",
                cut(
                    printable(
                        connection_in_words(
                            contact.person.profile.connection, contact.introducer, False
                        )
                        or ""
                    ),
                    50,
                ),
            ],
        )
        for group in groups
        for contact in group.contacts
    ]
    widths = [max(width(cells[i]) for _, _, cells in rows) for i in range(5)]
    current = None
    for group, _, cells in rows:
        if group is not current:
            if current is not None:
                lines.append("")
            current = group
            facts = [plural(len(group.contacts), "person", "people")]
            if group.decision_makers:
                facts.append(plural(len(group.decision_makers), "decision-maker"))
            if group.not_asked:
                facts.append(f"{len(group.not_asked)} not asked yet")
            industry = f" · {printable(group.industry)}" if group.industry else ""
            lines.append(f"{printable(group.name)}{industry}: {', '.join(facts)}")
        padded = "  ".join(pad(cell, widths[i]) for i, cell in enumerate(cells[:5]))
        lines.append("  " + padded + ("  " + cells[5] if cells[5] else ""))
    return "\n".join(line.rstrip() for line in lines) + "\n"
