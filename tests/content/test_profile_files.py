"""`infoprep new --person` and `infoprep import` write people/*.yaml alike: the same keys in the
same order, the same hints, and every hint listing choices names exactly what the schema accepts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from fixtures.building import Runner

from generator.cli import main
from generator.content.models import ConnectionKind, OutreachStatus, Seniority
from generator.content.yaml import parse

EXPORTS = Path(__file__).resolve().parents[1] / "contacts" / "exports"


def _keys_and_hints(text: str) -> list[tuple[str, str]]:
    """(key, hint) of every line that names a key, a hint continued on the lines under it joined;
    comments at the top left out."""
    found: list[tuple[str, str]] = []
    for line in text.splitlines():
        match = re.match(r"^( *[a-z_]+):[^#]*(?:# (.*))?$", line)
        if match:
            found.append((match.group(1), match.group(2) or ""))
        elif found and re.match(r"^ {32}# ", line):
            key, hint = found[-1]
            found[-1] = (key, f"{hint} {line.strip()[2:]}")
    return found


def test_no_line_of_a_new_profile_is_wider_than_100_columns(tmp_path: Path) -> None:
    for text in _new_and_imported(tmp_path):
        assert max(len(line) for line in text.splitlines()) <= 100, text


def _new_and_imported(tmp_path: Path) -> tuple[str, str]:
    runner = Runner()
    trip = tmp_path / "trip"
    assert runner.invoke(main, ["new", str(trip)]).exit_code == 0
    assert runner.invoke(main, ["new", str(trip), "--person", "siobhan-ni-mhurchu"]).exit_code == 0
    export = tmp_path / "Connections.csv"
    shutil.copy(EXPORTS / "Connections.csv", export)
    result = runner.invoke(main, ["import", str(export), "--into", str(trip)])
    assert result.exit_code == 0, result.output
    new = (trip / "people" / "siobhan-ni-mhurchu.yaml").read_text(encoding="utf-8")
    imported = (trip / "people" / "kwame-mensah.yaml").read_text(encoding="utf-8")
    return new, imported


def test_new_and_import_write_the_same_keys_with_the_same_hints(tmp_path: Path) -> None:
    new, imported = _new_and_imported(tmp_path)
    in_imported = _keys_and_hints(imported)
    blank_in_both = {
        key: hint for key, hint in _keys_and_hints(new) if hint and (key, hint) in in_imported
    }
    assert {"seniority", "phone", "  via", "  kind", "  status"} <= set(blank_in_both)
    order_new = [key for key, _ in _keys_and_hints(new)]
    order_imported = [key for key, _ in _keys_and_hints(imported)]
    shared = set(order_new) & set(order_imported)
    assert [k for k in order_new if k in shared] == [k for k in order_imported if k in shared]


def test_the_hints_name_every_choice_the_schema_accepts(tmp_path: Path) -> None:
    new, imported = _new_and_imported(tmp_path)
    for text in (new, imported):
        hints = dict(_keys_and_hints(text))
        assert hints["seniority"].split(" | ") == [s.value for s in Seniority]
        kinds = [*(k.value for k in ConnectionKind), "or your own word"]
        assert hints["  kind"].split(" | ") == kinds
        assert hints["  status"].split(" | ") == [s.value for s in OutreachStatus]
        assert parse(text, "profile").data["outreach"] == {"status": "to-ask"}
