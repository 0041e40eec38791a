"""`infoprep import`: read every export, plan, make every file's text, and only then write (never
over a file)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from generator.contacts.existing import read_content
from generator.contacts.match import ImportPlan, plan_import
from generator.contacts.profiles import company_yaml, person_yaml
from generator.contacts.read import read_exports
from generator.content.folders import LinkInTheWay, create_new
from generator.errors import FindingList, OutputError


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    files: dict[str, str]
    """people/<slug>.yaml and companies/<slug>.yaml (relative to the content folder) -> text."""

    written: bool
    """False for --dry-run."""


def _texts(plan: ImportPlan) -> dict[str, str]:
    """Every file's text, made before any is written; a profile that would not validate is an error
    at its row."""
    findings = FindingList()
    texts = {}
    schemas = plan.content.schemas
    for company in plan.companies:
        people = [p for p in plan.people if p.company == company.slug]
        try:
            texts[f"companies/{company.slug}.yaml"] = company_yaml(company, schemas, people)
        except ValidationError as exc:
            findings.error(
                people[0].sources[0],
                f"organisation {company.name!r} cannot be written as a profile: "
                f"{exc.errors()[0]['msg']}",
            )
    for person in plan.people:
        try:
            texts[f"people/{person.slug}.yaml"] = person_yaml(person, schemas)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"])
            findings.error(
                person.sources[0],
                f"{field}: {error['msg']}; fix the row (or drop it) and import again",
            )
    findings.raise_if_errors()
    return texts


def _write(root: Path, display: str, texts: dict[str, str]) -> None:
    """Each new file created, never through a link (content/folders.create_new): a file (or a link,
    even a dangling one) that has the name is kept, and so is whatever a linked people/ folder leads
    to."""
    for rel, text in texts.items():
        try:
            create_new(root, rel, text)
        except FileExistsError:
            raise OutputError(
                f"{display}/{rel}: something already has this name (a file or a link); left as it "
                "is"
            ) from None
        except LinkInTheWay as exc:
            raise OutputError(f"{display}/{rel}: {exc.strerror}") from None
        except OSError as exc:
            raise OutputError(f"{display}/{rel}: cannot write: {exc.strerror or exc}") from None


def import_contacts(
    exports: list[Path], into: Path, dry_run: bool = False, display: str | None = None
) -> ImportResult:
    """Add the people and organisations of `exports` to the content folder `into`; ContentError on
    any bad row."""
    content = read_content(into, display)
    files = read_exports(exports)
    plan = plan_import(files, content)
    texts = _texts(plan)
    if not dry_run:
        _write(into, content.display, texts)
    return ImportResult(plan, texts, not dry_run)
