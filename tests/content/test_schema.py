"""The JSON Schemas editors use: complete, true to the models, and wired into `infoprep new`.

An editor (VS Code with the YAML language server) sees what our own reader sees:
YAML 1.2 values, numbers as ints, dates and times as strings. So every check here
loads files with `generator.content.yaml.parse` and validates with `jsonschema`
(Draft 2020-12), the same standard the language server follows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fixtures.building import Runner
from pydantic import TypeAdapter, ValidationError

from generator.cli import main
from generator.content.schema import KINDS, combined_schema, schema_file_name, schema_for
from generator.content.yaml import parse

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "content"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")

# The string formats the YAML language server checks, as its JSON language service writes them
# (vscode-json-languageservice, parser/jsonParser.ts). jsonschema checks `date-time` and `time` only
# when optional packages are installed, so the editor's rules are spelled out here.
EDITOR_FORMATS = {
    "date": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", re.I),
    "date-time": re.compile(
        r"^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)"
        r"(\.[0-9]+)?(Z|(\+|-)([01][0-9]|2[0-3]):([0-5][0-9]))$",
        re.I,
    ),
    "time": re.compile(
        r"^([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)([01][0-9]|2[0-3]):([0-5][0-9]))$",
        re.I,
    ),
}


def editor_format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())
    for name, pattern in EDITOR_FORMATS.items():
        checker.checks(name)(
            lambda value, pattern=pattern: not isinstance(value, str) or bool(pattern.match(value))
        )
    return checker


def kind_of(rel: str) -> str:
    """The schema kind of a content file, by its place in the folder (as content-format.md lays it out)."""
    if rel.startswith("people/"):
        return "person"
    if rel.startswith("companies/"):
        return "company"
    return {
        "trip.yaml": "trip",
        "schedule.yaml": "schedule",
        "questions.yaml": "questions",
        "opportunities.yaml": "opportunities",
    }[rel]


def content_files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*.yaml") if "templates" not in p.parts
    )


def load(path: Path) -> Any:
    """What the editor sees: the project's own YAML 1.2 reading of the file."""
    return parse(path.read_text(encoding="utf-8"), str(path)).data


def errors(schema: dict, data: Any, formats: jsonschema.FormatChecker | None = None) -> list[str]:
    """Each problem as "path: message"; an anyOf failure also lists why each branch failed."""
    validator = jsonschema.Draft202012Validator(schema, format_checker=formats)
    out = []
    for error in validator.iter_errors(data):
        for leaf in [error, *error.context]:
            out.append(f"{'/'.join(map(str, leaf.absolute_path)) or '(top)'}: {leaf.message}")
    return out


def fields(schema: dict) -> list[tuple[str, dict]]:
    """Every property of every object in the schema, its $defs included, as (where, subschema)."""
    out: list[tuple[str, dict]] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                out.append((f"{where}.{name}", sub))
                walk(sub, f"{where}.{name}")
            for name, sub in (node.get("$defs") or {}).items():
                walk(sub, f"#{name}")
            for key, sub in node.items():
                if key not in ("properties", "$defs"):
                    walk(sub, where)
        elif isinstance(node, list):
            for sub in node:
                walk(sub, where)

    walk(schema, "")
    return out


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("new") / "trip"
    result = Runner().invoke(main, ["new", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


# ----- the schemas themselves ------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    schema = schema_for(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_kind_is_covered() -> None:
    assert set(KINDS) == {"trip", "schedule", "person", "company", "questions", "opportunities"}
    combined = json.loads(combined_schema())
    assert set(combined) == set(KINDS)


def test_every_field_has_a_description() -> None:
    missing = [
        f"{kind}{where}"
        for kind in KINDS
        for where, sub in fields(schema_for(kind))
        if not sub.get("description")
    ]
    assert not missing, "fields without a description (hover text in the editor): " + ", ".join(
        missing
    )


def test_every_field_has_examples() -> None:
    missing = [
        f"{kind}{where}"
        for kind in KINDS
        for where, sub in fields(schema_for(kind))
        if not sub.get("examples")
    ]
    assert not missing, "fields without examples (completion in the editor): " + ", ".join(missing)


def test_examples_are_valid_values() -> None:
    """An example the editor offers must be one infoprep accepts: each validates against its own field."""
    wrong = []
    for kind in KINDS:
        schema = schema_for(kind)
        for where, sub in fields(schema):
            for example in sub.get("examples", []):
                problems = errors({"$defs": schema.get("$defs", {}), **sub}, example)
                wrong += [f"{kind}{where} example {example!r}: {p}" for p in problems]
    assert not wrong, "\n".join(wrong)


def test_enums_list_their_values() -> None:
    """Completion offers the choices: seniority, connection kind, status, format and paper are enums."""
    person = schema_for("person")["$defs"]
    assert person["Seniority"]["enum"] == ["decision-maker", "manager", "staff", "peer"]
    kinds = person["Connection"]["properties"]["kind"][
        "anyOf"
    ]  # the usual kinds offered, or any text
    assert (
        "cold" in kinds[0]["enum"]
        and "professor" in kinds[0]["enum"]
        and kinds[1] == {"type": "string"}
    )
    assert schema_for("schedule")["$defs"]["MeetingFormat"]["enum"] == [
        "in-person",
        "video",
        "phone",
    ]
    assert schema_for("trip")["$defs"]["Paper"]["enum"] == ["letter", "a4"]


# ----- the sample trip ---------------------------------------------------------------------------


@pytest.mark.parametrize("rel", content_files(SAMPLE))
def test_sample_file_validates(rel: str) -> None:
    problems = errors(schema_for(kind_of(rel)), load(SAMPLE / rel))
    assert not problems, f"content/{rel}:\n" + "\n".join(problems)


def test_sample_covers_every_file_kind_it_has() -> None:
    kinds = {kind_of(rel) for rel in content_files(SAMPLE)}
    assert {"trip", "schedule", "person", "company"} <= kinds


def test_editor_formats_accept_what_infoprep_accepts(scaffolded: Path) -> None:
    """The language server checks `format`: a time written "09:30" must not be underlined as wrong."""
    complaints = []
    for kind in KINDS:
        schema = schema_for(kind)
        for where, sub in fields(schema):
            for example in sub.get("examples", []):
                problems = errors(
                    {"$defs": schema.get("$defs", {}), **sub}, example, editor_format_checker()
                )
                complaints += [f"{kind}{where} example {example!r}: {p}" for p in problems]
    for root in (SAMPLE, scaffolded):
        for rel in content_files(root):
            complaints += [
                f"{root.name}/{rel}: {p}"
                for p in errors(schema_for(kind_of(rel)), load(root / rel), editor_format_checker())
            ]
    assert not complaints, "\n".join(complaints)


# ----- broken files fail, in the editor and in infoprep alike -------------------------------------

BROKEN = [
    ("person", "name: Jordan Ellis\nnmae: typo\n", "'nmae' was unexpected"),
    ("person", "name: Jordan Ellis\nseniority: boss\n", "'boss'"),
    ("schedule", "- person: jordan-ellis\n  start: 2027-03-08 09:30\n  format: zoom\n", "'zoom'"),
    (
        "schedule",
        "- person: jordan-ellis\n  start: 2027-03-08 09:30\n  duration: forty\n",
        "'forty'",
    ),
    (
        "trip",
        "title: T\ncity: C\ntimezone: UTC\nstart: 2027-03-08\nend: 2027-03-09\ntraveler: {name: "
        "A}\ndefaults: {paper: legal}\n",
        "'legal'",
    ),
    ("company", "name: Acme\nsize: 0\n", "less than the minimum of 1"),
    ("questions", "- text: Why?\n  category: gossip\n", "'gossip'"),
    (
        "trip",
        "title: T\ncity: C\ntimezone: UTC\nstart: 2027-03-08\nend: 2027-03-09\n",
        "'traveler' is a required property",
    ),
]


@pytest.mark.parametrize(("kind", "text", "expected"), BROKEN)
def test_broken_file_fails_validation(kind: str, text: str, expected: str) -> None:
    data = parse(text, f"broken-{kind}.yaml").data
    problems = errors(schema_for(kind), data)
    assert any(expected in p for p in problems), problems
    with pytest.raises(ValidationError):
        TypeAdapter(KINDS[kind][1]).validate_python(data)


# ----- `infoprep new` wires each file to its schema ----------------------------------------------


def test_scaffold_writes_every_schema(scaffolded: Path) -> None:
    for kind in KINDS:
        written = json.loads(
            (scaffolded / "schemas" / schema_file_name(kind)).read_text(encoding="utf-8")
        )
        assert written == schema_for(kind), (
            f"schemas/{schema_file_name(kind)} differs from the models"
        )


def test_scaffold_files_name_a_schema_that_exists_and_validate(scaffolded: Path) -> None:
    checked = set()
    for rel in content_files(scaffolded):
        path = scaffolded / rel
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = MODELINE.match(first)
        assert match, f"{rel}: first line {first!r} names no schema"
        target = (path.parent / match.group(1)).resolve()
        assert target.is_file(), f"{rel}: {match.group(1)} does not exist"
        assert target.parent == (scaffolded / "schemas").resolve(), (
            f"{rel}: schema outside the folder's schemas/"
        )
        assert target.name == schema_file_name(kind_of(rel)), (
            f"{rel} names the {target.name} schema"
        )
        schema = json.loads(target.read_text(encoding="utf-8"))
        problems = errors(schema, load(path))
        assert not problems, f"{rel}:\n" + "\n".join(problems)
        checked.add(kind_of(rel))
    assert checked == set(KINDS), f"the scaffold has no file of kind {set(KINDS) - checked}"


@pytest.mark.parametrize(
    ("option", "sub", "kind"),
    [("--person", "people", "person"), ("--company", "companies", "company")],
)
def test_added_profile_names_its_schema_and_validates(
    tmp_path: Path, option: str, sub: str, kind: str
) -> None:
    folder = tmp_path / "trip"
    assert Runner().invoke(main, ["new", str(folder)]).exit_code == 0
    result = Runner().invoke(main, ["new", str(folder), option, "jane-doe"])
    assert result.exit_code == 0, result.output
    path = folder / sub / "jane-doe.yaml"
    match = MODELINE.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert (
        match
        and (path.parent / match.group(1)).resolve()
        == (folder / "schemas" / schema_file_name(kind)).resolve()
    )
    assert not errors(schema_for(kind), load(path))


def test_schema_command_writes_the_same_schemas(tmp_path: Path) -> None:
    result = Runner().invoke(main, ["schema", "--output", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    for kind in KINDS:
        assert json.loads(
            (tmp_path / "s" / schema_file_name(kind)).read_text(encoding="utf-8")
        ) == schema_for(kind)
    printed = Runner().invoke(main, ["schema"])
    assert printed.exit_code == 0 and json.loads(printed.output)["trip"] == schema_for("trip")
