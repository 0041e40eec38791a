"""The reference pages in docs/, generated from the code they describe so they cannot drift.

- docs/commands.md: from the Click commands' help texts, options and examples;
- docs/content-reference.md: from the pydantic models (every file kind, every key);
- docs/templates.md: from the typed page contexts in render/pages.py and the filters in
  render/theme.py.

`python -m generator.reference [DOCS]` rewrites them; tests/test_docs.py fails when one is stale.
This is a development tool at the top of the stack, like the tests: it reads cli.py (only inside
`main`) and nothing imports it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from generator.reference.commands import commands_md
from generator.reference.content import content_reference_md, example_yaml
from generator.reference.templates import FILTER_EXAMPLES, TEMPLATES, templates_md
from generator.reference.text import DOCS, NOTICE

__all__ = [
    "DOCS",
    "FILTER_EXAMPLES",
    "NOTICE",
    "TEMPLATES",
    "commands_md",
    "content_reference_md",
    "example_yaml",
    "generated",
    "main",
    "templates_md",
    "write_all",
]


def generated(group: click.Group) -> dict[str, Callable[[], str]]:
    """Each generated file's name in docs/, and the function that makes its text."""
    return {
        "commands.md": lambda: commands_md(group),
        "content-reference.md": content_reference_md,
        "templates.md": templates_md,
    }


def write_all(group: click.Group, docs: Path = DOCS) -> list[Path]:
    docs.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in generated(group).items():
        path = docs / name
        path.write_text(make(), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    from generator.cli import main as cli_group

    args = sys.argv[1:] if argv is None else argv
    for path in write_all(cli_group, Path(args[0]) if args else DOCS):
        print(f"Wrote {path}")
