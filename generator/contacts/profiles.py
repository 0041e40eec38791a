"""The YAML text of imported profiles, in the style of `infoprep new`: schema modeline, blank keys with hints.

Values come from files anyone could have written, so each scalar is written plain only when
infoprep's own YAML reader gives it back unchanged, and double-quoted (JSON escapes, which
YAML shares) otherwise. Every file is read back and validated against its model before the
import writes anything, so a file the import writes always passes `infoprep check`.
"""

from __future__ import annotations

import json
import re

from generator.contacts.match import NewCompany, NewPerson
from generator.content.models import CompanyFile, PersonFile
from generator.content.yaml import YamlError, parse
from generator.scaffold import schema_line

HINT_COLUMN = 32
"""Where a blank key's hint starts, as in `infoprep new`'s templates."""
_PLAIN = re.compile(r"^[^\W_][^\n#]*$")


def scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as exactly this text."""
    if _PLAIN.match(value) and ": " not in value and not value.endswith((":", " ")):
        try:
            if parse(f"k: {value}\n", "check").data == {"k": value}:
                return value
        except YamlError:
            pass
    return json.dumps(value, ensure_ascii=False)


def _line(key: str, value: str | None, hint: str, indent: int = 0) -> str:
    lead = " " * indent + f"{key}:"
    if value:
        return f"{lead} {value}"
    return lead.ljust(HINT_COLUMN) + f"# {hint}" if hint else lead


def _block(key: str, text: str) -> list[str]:
    """A literal block (`notes: |`), or a quoted string when a block would not read back the same."""
    lines = [f"{key}: |", *("  " + line if line else "" for line in text.split("\n"))]
    try:
        if parse("\n".join(lines) + "\n", "check").data == {key: text + "\n"}:
            return lines
    except YamlError:
        pass
    return [f"{key}: {json.dumps(text, ensure_ascii=False)}"]


def _header(schemas: bool, kind: str, sources: str) -> list[str]:
    lines = [schema_line(kind, 1).rstrip("\n")] if schemas else []
    return [*lines, f"# Added by infoprep import from {sources}. Edit freely: a second import never overwrites it."]


def person_yaml(person: NewPerson, schemas: bool) -> str:
    kind = person.kind.value if person.kind else None
    sources = ", ".join(f"{loc.file.rsplit('/', 1)[-1]}:{loc.line}" for loc in person.sources)
    lines = [
        *_header(schemas, "person", sources),
        _line("name", scalar(person.name), ""),
        _line("title", person.title and scalar(person.title), "e.g. Director of Research"),
        _line("company", person.company, "slug of a file in companies/"),
        _line("seniority", None, "decision-maker | manager | staff | peer"),
        _line("email", person.email and scalar(person.email), ""),
        _line("phone", person.phone and json.dumps(person.phone, ensure_ascii=False), 'quote it: "+1 202 555 0143"'),
        _line("linkedin", person.linkedin and scalar(person.linkedin), "https://www.linkedin.com/in/..."),
        "connection:",
        _line("via", None, "who introduced you: a person's slug, or free text", 2),
        _line("kind", scalar(kind), "", 2) if kind else "  # kind: friend | family | alumni | colleague | referral | cold",
        _line("note", scalar(person.provenance), "", 2),
        "outreach:",
        _line("status", "to-ask".ljust(HINT_COLUMN - len("  status: ")) + "# to-ask | asked | scheduled | declined | no-reply", "", 2),
        "talking_points: []",
        "questions: []",
    ]
    if person.notes:
        lines += _block("notes", person.notes)
    return _checked("\n".join(lines) + "\n", PersonFile)


def company_yaml(company: NewCompany, schemas: bool, people: list[NewPerson]) -> str:
    sources = ", ".join(dict.fromkeys(f"{p.sources[0].file.rsplit('/', 1)[-1]}" for p in people)) or "an export"
    lines = [
        *_header(schemas, "company", sources),
        _line("name", scalar(company.name), ""),
        _line("industry", None, "e.g. Public policy consulting"),
        _line("website", None, "https://..."),
        _line("address", company.address and scalar(company.address), "meetings here default to it"),
        "news: []                        # - date: 2027-01-15 / title: ... / url: https://...",
        "questions: []",
    ]
    return _checked("\n".join(lines) + "\n", CompanyFile)


def _checked(text: str, model: type[PersonFile] | type[CompanyFile]) -> str:
    """The text, after reading it back as infoprep will: a bug here must never leave a broken file behind."""
    model.model_validate(parse(text, "imported profile").data)
    return text
