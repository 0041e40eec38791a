"""The import and `who` examples in README.md and docs/guide.md are what the commands really print."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fixtures.building import Runner
from fixtures.mini_trip import ROOT

from generator.cli import main


def console_blocks(path: Path) -> dict[str, str]:
    """`$ command` -> its output, for every console block of a doc."""
    blocks = re.findall(r"```console\n\$ (.+?)\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    return {command: output for command, output in blocks}


@pytest.mark.parametrize("doc", ["README.md", "docs/guide.md"])
def test_the_import_example_prints_what_the_doc_shows(
    doc: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = "infoprep import docs/examples/Connections.csv --into content --dry-run"
    shown = console_blocks(ROOT / doc)[command]
    monkeypatch.chdir(ROOT)  # a dry run writes nothing: the sample trip itself is safe
    result = Runner().invoke(main, command.split()[1:])
    assert result.exit_code == 0 and result.output == shown


def test_the_who_example_after_the_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    assert (
        Runner()
        .invoke(main, ["import", "docs/examples/Connections.csv", "--into", "content"])
        .exit_code
        == 0
    )
    command = "infoprep who content bluestone"
    result = Runner().invoke(main, command.split()[1:])
    assert (
        result.exit_code == 0
        and result.output == console_blocks(ROOT / "docs" / "guide.md")[command]
    )
    written = (tmp_path / "content" / "people" / "priya-natarajan.yaml").read_text(encoding="utf-8")
    assert f"```yaml\n{written}```" in (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
