"""JSON Schema of each content file kind, generated from the models, for editors.

The YAML language server reads these (`# yaml-language-server: $schema=...`) to autocomplete keys
and flag mistakes offline, before `infoprep check` runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from generator.content.entry_models import BankQuestion, MeetingEntry, OpportunityEntry
from generator.content.models import CompanyFile, PersonFile, TripFile

KINDS: dict[str, tuple[str, Any]] = {
    "trip": ("trip.yaml", TripFile),
    "schedule": ("schedule.yaml", list[MeetingEntry]),
    "person": ("people/<slug>.yaml", PersonFile),
    "company": ("companies/<slug>.yaml", CompanyFile),
    "questions": ("questions.yaml", list[BankQuestion]),
    "opportunities": ("opportunities.yaml", list[OpportunityEntry]),
}


def schema_for(kind: str) -> dict[str, Any]:
    file, model = KINDS[kind]
    schema = TypeAdapter(model).json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"infoprep-{kind}.schema.json"
    schema.setdefault("title", f"infoprep {file}")
    schema.setdefault("description", f"infoprep content file {file}")
    return schema


def combined_schema() -> str:
    return json.dumps({kind: schema_for(kind) for kind in KINDS}, indent=2, sort_keys=False)


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


SCHEMA_DIR = "schemas"
"""The folder of a content folder where `new` writes the JSON Schemas its files name."""


def schema_line(kind: str, depth: int) -> str:
    """The comment that tells an editor's YAML language server which schema a file follows; `depth`:
    how many folders below the content folder the file is.
    """
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{schema_file_name(kind)}\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / schema_file_name(kind)
        path.write_text(json.dumps(schema_for(kind), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
