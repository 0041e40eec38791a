"""The docs stay true: generated reference pages match the code, every command explains itself,
and the guide's instructions (completion scripts, links, examples) actually work.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from fixtures.building import Runner
from pydantic import TypeAdapter

from generator.cli import main
from generator.content.schema import KINDS
from generator.content.yaml import parse
from generator.reference import (
    DOCS,
    FILTER_EXAMPLES,
    TEMPLATES,
    example_yaml,
    generated,
    templates_md,
)
from generator.reference.templates import HELPERS
from generator.render.theme import THEMES_DIR, make_environment, resolve_theme

WRITTEN_ELSEWHERE = {"private-site.md", "performance.md"}
"""Docs another part of the project writes; links to them are checked once they exist."""

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", sorted(generated(main)))
def test_generated_doc_is_up_to_date(name: str) -> None:
    path = DOCS / name
    assert path.is_file(), f"docs/{name} is missing: run `python -m generator.reference`"
    assert path.read_text(encoding="utf-8") == generated(main)[name](), (
        f"docs/{name} is stale: run `python -m generator.reference`"
    )


def test_reference_writes_all_three_files(tmp_path: Path) -> None:
    from generator.reference import write_all

    written = write_all(main, tmp_path)
    assert sorted(p.name for p in written) == [
        "commands.md",
        "content-reference.md",
        "templates.md",
    ]
    for path in written:
        assert path.read_text(encoding="utf-8") == (DOCS / path.name).read_text(encoding="utf-8")


# ----- every command explains itself --------------------------------------------------------------


def test_the_group_has_help() -> None:
    assert main.help and len(main.help.split()) >= 5


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_text(name: str) -> None:
    command = main.commands[name]
    assert command.help and len(command.help.split()) >= 5, f"infoprep {name} has no help text"
    assert command.get_short_help_str(80).strip(), f"infoprep {name} has no short help"


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_an_example_that_parses(name: str) -> None:
    command = main.commands[name]
    match = re.search(r"Example:\s*(infoprep .+)", command.epilog or "")
    assert match, f"infoprep {name} has no 'Example: infoprep {name} ...' in its epilog"
    args = shlex.split(match.group(1))
    assert args[:2] == ["infoprep", name], (
        f"the example of infoprep {name} runs another command: {match.group(1)}"
    )
    command.make_context(
        name, args[2:]
    )  # raises click.UsageError if the example's options are wrong


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_has_help(name: str) -> None:
    missing = [
        p.name for p in main.commands[name].params if isinstance(p, click.Option) and not p.help
    ]
    assert not missing, f"infoprep {name}: options without help: {missing}"


@pytest.mark.parametrize("name", COMMANDS)
def test_help_shows_the_example(name: str) -> None:
    result = Runner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"## `infoprep {name}`" in (DOCS / "commands.md").read_text(encoding="utf-8")


# ----- the content reference ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_content_reference_example_is_a_valid_file(kind: str) -> None:
    """The complete example in docs/content-reference.md loads with infoprep's own reader and models."""
    text = example_yaml(kind)
    assert text in (DOCS / "content-reference.md").read_text(encoding="utf-8")
    TypeAdapter(KINDS[kind][1]).validate_python(parse(text, f"example-{kind}.yaml").data)


def test_content_reference_lists_every_key() -> None:
    text = (DOCS / "content-reference.md").read_text(encoding="utf-8")
    for kind, (_, model) in KINDS.items():
        item = model.__args__[0] if hasattr(model, "__args__") else model
        for key in item.model_fields:
            assert f"| `{key}` |" in text, f"{kind}: {key} missing"
    assert (
        "| `traveler.name` |" in text
        and "| `news[].title` |" in text
        and "| `follow_up.status` |" in text
    )


# ----- the template reference ---------------------------------------------------------------------


def test_template_reference_covers_every_default_template() -> None:
    templates = THEMES_DIR / "default" / "templates"
    names = {p.relative_to(templates).as_posix() for p in templates.rglob("*") if p.is_file()}
    page_templates = {n for n in names if not n.startswith("_") and n not in HELPERS}
    assert page_templates == set(TEMPLATES), (
        "docs/templates.md: TEMPLATES in generator/reference.py is out of date"
    )


def test_template_reference_documents_every_filter_with_a_real_example() -> None:
    env = make_environment(resolve_theme("default", THEMES_DIR))
    import jinja2

    ours = set(env.filters) - set(jinja2.defaults.DEFAULT_FILTERS)
    assert ours == set(FILTER_EXAMPLES), (
        "a filter in theme.py has no example in generator/reference.py"
    )
    text = templates_md()
    for name in ours:
        assert f"| `{name}` |" in text


def test_template_reference_names_every_context_field() -> None:
    import dataclasses

    from generator.render import contexts as pages

    text = (DOCS / "templates.md").read_text(encoding="utf-8")
    for cls in (
        pages.Page,
        pages.ItineraryPage,
        pages.PacketPage,
        pages.NetworkPage,
        pages.FollowUpsPage,
        pages.PocketPage,
        pages.OpportunitiesPage,
    ):
        assert f"### {cls.__name__}" in text
        for f in dataclasses.fields(cls):
            assert f"| `{f.name}` |" in text, f"{cls.__name__}.{f.name} missing"


# ----- the guide ----------------------------------------------------------------------------------


def guide() -> str:
    return (DOCS / "guide.md").read_text(encoding="utf-8")


def test_guide_covers_the_promised_topics() -> None:
    text = guide()
    for needle in (
        "infoprep new",
        "infoprep check",
        "infoprep build",
        "infoprep serve",
        "infoprep followup",
        "infoprep schema",
        "infoprep propose",
        "--write",
        "available_ics:",
        "travel_mode",
        "paper: letter",
        "a4",
        "binder.pdf",
        "pocket-cards.pdf",
        "private-site.md",
        "redhat.vscode-yaml",
        "yaml-language-server: $schema=",
        "theme: compact",
        "infoprep targets",
        "opportunities.yaml",
        "channel: linkedin",
    ):
        assert needle in text, needle


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_guide_completion_instructions_work(shell: str) -> None:
    match = re.search(rf"_INFOPREP_COMPLETE=({shell}_source) infoprep > (\S+)", guide())
    assert match, f"no {shell} completion instructions in the guide"
    result = Runner().invoke(
        main, [], env={"_INFOPREP_COMPLETE": match.group(1)}, prog_name="infoprep"
    )
    assert result.exit_code == 0
    assert "_INFOPREP_COMPLETE" in result.output and "infoprep" in result.output


def test_doc_links_point_at_files_and_headings_that_exist() -> None:
    broken = []
    for page in sorted(DOCS.glob("*.md")):
        text = re.sub(
            r"```.*?```|`[^`\n]*`", "", page.read_text(encoding="utf-8"), flags=re.S
        )  # code is not a link
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            file, _, anchor = target.partition("#")
            path = (page.parent / file) if file else page
            if file in WRITTEN_ELSEWHERE and not path.exists():
                continue
            if not path.exists():
                broken.append(f"{page.name}: {target}")
                continue
            if anchor and path.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), re.M)
                anchors = {
                    re.sub(r"[^\w\- ]", "", h.lower()).strip().replace(" ", "-") for h in headings
                }
                if anchor not in anchors:
                    broken.append(f"{page.name}: {target} (no such heading)")
    assert not broken, broken


def test_the_architecture_page_maps_every_module() -> None:
    """docs/architecture.md has a one-line map of the package: a module added without a line there
    is a module a newcomer cannot place."""
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    package = Path(__file__).resolve().parents[1] / "generator"
    missing = [
        p.relative_to(package).as_posix()
        for p in sorted(package.rglob("*.py"))
        if p.name not in ("__init__.py", "__main__.py")
        and f"`{p.relative_to(package).as_posix()}`" not in text
    ]
    assert not missing, f"docs/architecture.md does not list: {missing}"


def test_the_template_example_keeps_the_packet_in_the_page_language(tmp_path: Path) -> None:
    """The example in docs/templates.md, used as it stands by a Japanese trip, prints the bank's
    questions in Japanese (it once printed them in English) and leaves the web page's questions
    as plain paragraphs (its class="q" laid them out a character a line)."""
    import shutil
    from datetime import date

    from fixtures.building import build_options

    from generator.build import build

    text = (DOCS / "templates.md").read_text(encoding="utf-8")
    example = re.search(r"```jinja\n(.*?)```", text, re.S)
    assert example is not None
    content = tmp_path / "trip"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tokyo_golden_week", content)
    (content / "templates" / "packet.html").write_text(example.group(1), encoding="utf-8")
    output = tmp_path / "site"
    build(
        build_options(
            content=content, output=output, quiet=True, pdf=False, today=date(2027, 4, 20)
        )
    )
    page = next(output.glob("meetings/*sato-misaki*/index.html")).read_text(encoding="utf-8")
    questions = page.split('<section class="questions">', 1)[1].split("</section>", 1)[0]
    assert "How " not in questions and "What " not in questions, questions[:500]
    assert re.search(r"<p>[^<]*[\u3040-\u30ff\u4e00-\u9fff]", questions)
    assert 'class="q"' not in questions
