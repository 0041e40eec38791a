"""What an import knows of a new person or organisation, as drafts for content/profile_files.py.

The file's text (keys, hints, quoting, the check that it reads back) belongs to the one writer of
profiles, shared with `infoprep new`; this module only says where each value comes from.
"""

from __future__ import annotations

from generator.contacts.match import NewCompany, NewPerson
from generator.content import profile_files
from generator.content.profile_files import CompanyDraft, PersonDraft


def _origin(sources: str) -> tuple[str, ...]:
    return (
        f"Added by infoprep import from {sources}.",
        "Edit freely: a second import never overwrites it.",
    )


def person_yaml(person: NewPerson, schemas: bool) -> str:
    sources = ", ".join(f"{loc.file.rsplit('/', 1)[-1]}:{loc.line}" for loc in person.sources)
    draft = PersonDraft(
        name=person.name,
        comments=_origin(sources),
        title=person.title,
        company=person.company,
        email=person.email,
        phone=person.phone,
        linkedin=person.linkedin,
        kind=person.kind.value if person.kind else None,
        note=person.provenance,
        notes=person.notes,
    )
    return profile_files.person_yaml(draft, schemas)


def company_yaml(company: NewCompany, schemas: bool, people: list[NewPerson]) -> str:
    files = (p.sources[0].file.rsplit("/", 1)[-1] for p in people)
    sources = ", ".join(dict.fromkeys(files)) or "an export"
    return profile_files.company_yaml(
        CompanyDraft(company.name, _origin(sources), address=company.address or None), schemas
    )
