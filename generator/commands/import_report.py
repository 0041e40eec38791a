"""The import's report: added, already there (with suggestions), skipped and why, companies created,
what next."""

from __future__ import annotations

from generator.commands.importing import ImportResult
from generator.contacts.records import GOOGLE, LINKEDIN, VCARD
from generator.content.names import person_key
from generator.terminal import one_line

_KIND_NAMES = {LINKEDIN: "LinkedIn connections", GOOGLE: "Google Contacts CSV", VCARD: "vCard"}


printable = one_line
"""One line of the report: line breaks escaped too (the name `who` and the report use)."""


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def import_report(result: ImportResult) -> str:
    plan = result.plan
    root = plan.content.display
    lines = []
    for file in plan.files:
        lines.append(
            f"Read {printable(file.display)}: {_KIND_NAMES[file.kind]}, "
            f"{_count(len(file.records), 'entry', 'entries')}"
        )
    lines.append("")
    verb = "Added" if result.written else "Would add"
    lines.append(
        f"{verb} {_count(len(plan.people), 'person', 'people')}:"
        if plan.people
        else f"{verb} nobody new."
    )
    for person in plan.people:
        what = ", ".join(part for part in (person.title, person.organisation) if part)
        lines.append(
            f"  {root}/people/{person.slug}.yaml  {printable(person.name)}"
            + (f" ({printable(what)})" if what else "")
        )
        if person.near is not None:
            same = person_key(person.near.name) == person_key(person.name)
            how = "the same name elsewhere" if same else "the same names in another order"
            lines.append(
                f"    did you mean {person.near.file} ({printable(person.near.name)})? {how}"
            )
    if plan.already:
        lines += ["", f"Already there, left as they are ({len(plan.already)}):"]
        for known in plan.already:
            lines.append(f"  {printable(known.name)} = {known.person.file} ({known.why})")
            if known.suggestions:
                offered = "; ".join(
                    f"{key}: {printable(value)}" for key, value in known.suggestions
                )
                lines.append(
                    f"    the export also has {offered} (not written: add what you want by hand)"
                )
    if plan.skipped:
        lines += ["", f"Skipped ({len(plan.skipped)}):"]
        for skip in plan.skipped:
            name = f" {printable(skip.name)}:" if skip.name else ""
            lines.append(f"  {skip.location}:{name} {skip.why}")
    if plan.companies:
        created = "Companies created" if result.written else "Companies to create"
        lines += ["", f"{created} ({len(plan.companies)}):"]
        for company in plan.companies:
            near = (
                f"  did you mean {company.near.slug} ({printable(company.near.name)})?"
                if company.near
                else ""
            )
            lines.append(f"  {root}/companies/{company.slug}.yaml  {printable(company.name)}{near}")
    if plan.content.unread:
        lines += [
            "",
            "Not compared (could not be read; fix them with infoprep check): "
            + ", ".join(plan.content.unread),
        ]
    lines.append("")
    if not result.written:
        lines.append(
            "Dry run: nothing written. Run it again without --dry-run to write "
            f"{_count(len(result.files), 'file')}."
        )
    elif result.files:
        lines.append(f"Wrote {_count(len(result.files), 'file')}. Next: infoprep check {root}")
        lines.append(
            "Then fill in seniority and outreach in the new profiles, and see who you know where: "
            f"infoprep who {root}"
        )
    else:
        lines.append(
            f"Nothing to write: everyone is already in {root}/. Next: infoprep check {root}"
        )
    return "\n".join(lines) + "\n"
