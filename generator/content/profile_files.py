"""The one writer of profile files (people/<slug>.yaml, companies/<slug>.yaml), for `new` and
`import`.

Both commands write the same keys in the same order, each blank key with a hint that says what goes
there; the hints listing choices are made from the models' enums, so they name every seniority,
connection kind and outreach status the schema accepts and no other.

Values come from files anyone could have written (a contact export, a debrief), so each scalar is
written plain only when infoprep's own YAML reader gives it back unchanged, and double-quoted (JSON
escapes, which YAML shares) otherwise. Every file is read back and validated against its model
before it is returned, so a profile infoprep writes always passes `infoprep check`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from generator.content.models import (
    CompanyFile,
    ConnectionKind,
    OutreachStatus,
    PersonFile,
    Seniority,
)
from generator.content.schema import schema_line
from generator.content.yaml import YamlError, parse

HINT_COLUMN = 32
"""Where a key's hint starts."""

WIDTH = 100
"""A longer hint goes on under itself, at HINT_COLUMN, so the file reads without scrolling."""

_PLAIN = re.compile(r"^[^\W_][^\n#]*$")


def choices(values: list[str], more: str = "") -> str:
    """A hint listing the values a key takes: "decision-maker | manager | staff | peer"."""
    return " | ".join([*values, more] if more else values)


SENIORITY_HINT = choices([s.value for s in Seniority])
KIND_HINT = choices([k.value for k in ConnectionKind], "or your own word")
STATUS_HINT = choices([s.value for s in OutreachStatus])
GREETING_HINT = 'how drafts address them ("Dear Meera,"); else from their name'


def scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as exactly this text."""
    if _PLAIN.match(value) and ": " not in value and not value.endswith((":", " ")):
        try:
            if parse(f"k: {value}\n", "check").data == {"k": value}:
                return value
        except YamlError:
            pass
    return json.dumps(value, ensure_ascii=False)


def _line(
    key: str, value: str | None, hint: str = "", indent: int = 0, always: bool = False
) -> str:
    """`key: value`; a blank key (or, `always`, any) with its hint at HINT_COLUMN."""
    text = " " * indent + f"{key}:" + (f" {scalar(value)}" if value else "")
    if not hint or (value and not always):
        return text
    lead = f"{text:<{HINT_COLUMN}}" if len(text) < HINT_COLUMN else f"{text}  "
    return "\n".join(
        lead + "# " + part if at == 0 else " " * len(lead) + "# " + part
        for at, part in enumerate(_wrapped(hint, WIDTH - len(lead) - 2))
    )


def _wrapped(hint: str, width: int) -> list[str]:
    """A hint in lines of at most `width`, broken between choices ("a | b | c")."""
    lines = [""]
    for word in hint.split(" | "):
        joined = f"{lines[-1]} | {word}" if lines[-1] else word
        if lines[-1] and len(joined) + 2 > width:
            lines[-1] += " |"
            lines.append(word)
        else:
            lines[-1] = joined
    return lines


def _block(key: str, text: str | None, hint: str = "") -> list[str]:
    """A literal block (`notes: |`), or a quoted string when a block would not read back the
    same."""
    if not text:
        return [_line(key, None, hint)]
    lines = [f"{key}: |", *("  " + line if line else "" for line in text.rstrip("\n").split("\n"))]
    try:
        if parse("\n".join(lines) + "\n", "check").data == {key: text.rstrip("\n") + "\n"}:
            return lines
    except YamlError:
        pass
    return [f"{key}: {json.dumps(text, ensure_ascii=False)}"]


def _header(comments: tuple[str, ...], schemas: bool, kind: str) -> list[str]:
    modeline = [schema_line(kind, 1).rstrip("\n")] if schemas else []
    return [*modeline, *(f"# {comment}" for comment in comments)]


@dataclass(frozen=True)
class PersonDraft:
    """What is known of a person when their file is written; None leaves a key blank, with its
    hint."""

    name: str
    comments: tuple[str, ...] = ()
    """Comment lines at the top of the file (where it came from)."""

    greeting: str | None = None
    title: str | None = None
    company: str | None = None
    """The slug of a file in companies/."""

    company_comment: str | None = None
    """A comment above `company:`, for an organisation that has no file yet."""

    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    via: str | None = None
    kind: str | None = None
    note: str | None = None
    background: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class CompanyDraft:
    """What is known of an organisation when its file is written."""

    name: str
    comments: tuple[str, ...] = ()
    overview: str | None = None
    address: str | None = None
    """A work address an export gave (a vCard's ADR;TYPE=work): meetings there default to it."""


def person_yaml(person: PersonDraft, schemas: bool) -> str:
    """people/<slug>.yaml for `person`, every key in the order the guide shows them."""
    company = [f"# {person.company_comment}"] if person.company_comment else []
    lines = [
        *_header(person.comments, schemas, "person"),
        _line("name", person.name, "required", always=True),
        _line("greeting", person.greeting, GREETING_HINT),
        _line("title", person.title, "e.g. Director of Research"),
        *company,
        _line("company", person.company, "slug of a file in companies/"),
        _line("seniority", None, SENIORITY_HINT),
        _line("email", person.email),
        _phone(person.phone),
        _line("linkedin", person.linkedin, "https://www.linkedin.com/in/..."),
        "connection:",
        _line("via", person.via, "who introduced you: a person's slug, or free text", 2),
        _line("kind", person.kind, KIND_HINT, 2),
        _line("note", person.note, "", 2),
        "outreach:",
        _line("status", OutreachStatus.TO_ASK.value, STATUS_HINT, 2, always=True),
        *_block("background", person.background, "where they worked, what they are known for"),
        "talking_points: []",
        "questions: []",
    ]
    if person.notes:
        lines += _block("notes", person.notes)
    return _checked("\n".join(lines) + "\n", PersonFile)


def _phone(phone: str | None) -> str:
    """A phone number is always quoted, so YAML never reads "+44 20 7946 0958" as anything else."""
    hint = 'quote it: "+1 202 555 0143"'
    if not phone:
        return _line("phone", None, hint)
    return f"phone: {json.dumps(phone, ensure_ascii=False)}"


def company_yaml(company: CompanyDraft, schemas: bool) -> str:
    """companies/<slug>.yaml for `company`."""
    lines = [
        *_header(company.comments, schemas, "company"),
        _line("name", company.name, "required", always=True),
        _line("industry", None, "e.g. Public policy consulting"),
        _line("website", None, "https://..."),
        _line("address", company.address, "meetings here default to it"),
        _line("dress", None, "overrides the trip's dress code"),
        *_block("overview", company.overview, "what they do, in two or three sentences"),
        f"{'news: []':<{HINT_COLUMN}}# - date: 2027-01-15 / title: ... / url: https://...",
        "questions: []",
    ]
    return _checked("\n".join(lines) + "\n", CompanyFile)


def _checked(text: str, model: type[PersonFile] | type[CompanyFile]) -> str:
    """The text, after reading it back as infoprep will: a bug here must never leave a broken
    file."""
    model.model_validate(parse(text, "profile").data)
    return text
