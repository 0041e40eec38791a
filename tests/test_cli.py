"""The command line (generator.cli:main) through Click's test runner: exit codes, messages, help texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import Result
from fixtures.building import Runner
from fixtures.mini_trip import MINI, SAMPLE, TODAY, edit, line_of

from generator import __version__
from generator.cli import main


def invoke(*args: str) -> Result:
    result = Runner().invoke(main, list(args), catch_exceptions=True)
    # a user error must end in an exit code, never in an exception escaping the command
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"infoprep, version {__version__}"
    assert invoke("-V").output == result.output


COMMANDS = sorted(main.commands)


def test_the_commands_of_the_contract_exist() -> None:
    assert {"new", "check", "build", "serve", "followup", "schema"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    cmd = main.commands[command]
    assert cmd.help and len(cmd.help.strip()) > 20, f"{command} has no help text"
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output, f"`infoprep {command} --help` shows no example"
    assert f"infoprep {command}" in result.output
    for param in cmd.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{command} {param.opts[0]} has no help"


def test_main_help_lists_commands() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("new", "check", "build", "followup", "schema"):
        assert re.search(rf"^\s+{command}\s", result.output, re.M), command


def test_new_then_check(tmp_path: Path) -> None:
    folder = tmp_path / "my-trip"
    result = invoke("new", str(folder))
    assert result.exit_code == 0, result.output
    assert (folder / "trip.yaml").is_file() and (folder / "schedule.yaml").is_file()
    assert list((folder / "people").glob("*.yaml")) and list((folder / "companies").glob("*.yaml"))
    result = invoke("check", str(folder))
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stdout
    assert result.stderr == ""


def test_new_into_an_existing_empty_folder(tmp_path: Path) -> None:
    assert invoke("new", str(tmp_path)).exit_code == 0
    assert (tmp_path / "trip.yaml").is_file()


def test_new_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_bytes(b"mine")
    result = invoke("new", str(tmp_path))
    assert result.exit_code == 1
    assert "not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.docx"]


def test_new_person_adds_a_profile_that_checks(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    invoke("new", str(folder))
    result = invoke("new", str(folder), "--person", "sam-lee")
    assert result.exit_code == 0
    assert (folder / "people" / "sam-lee.yaml").is_file()
    assert invoke("check", str(folder)).exit_code == 0
    assert invoke("new", str(folder), "--person", "sam-lee").exit_code == 1  # never overwrites
    assert invoke("new", str(folder), "--person", "Sam Lee").exit_code == 2  # not a slug


def test_check_fixture_is_clean() -> None:
    result = invoke("check", str(MINI), "--strict", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert "4 meetings, 3 people, 2 organisations; 0 errors, 0 warnings" in result.stdout


def test_check_sample_trip() -> None:
    result = invoke("check", str(SAMPLE), "--today", "2027-03-01")
    assert result.exit_code == 0, result.output
    assert "; 0 errors," in result.stdout
    assert ": error: " not in result.stderr


def test_check_strict_fails_on_a_warning(mini_copy: Path) -> None:
    person = mini_copy / "people" / "kim-park.yaml"
    edit(person, "talking_points:\n  - Both came to transit from general data work\n", "")
    relaxed = invoke("check", str(mini_copy), "--today", TODAY.isoformat())
    assert relaxed.exit_code == 0
    assert re.search(
        rf"^{re.escape(str(mini_copy))}/people/kim-park\.yaml:\d+: warning: research gap: no "
        r"talking points for Kim Park$",
        relaxed.stderr,
        re.M,
    ), relaxed.stderr
    assert "1 warning" in relaxed.stdout
    strict = invoke("check", str(mini_copy), "--strict", "--today", TODAY.isoformat())
    assert strict.exit_code == 1
    assert "warning: research gap" in strict.stderr


def test_check_errors_exit_1_with_path_line(mini_copy: Path) -> None:
    edit(mini_copy / "schedule.yaml", "- person: kim-park", "- person: kim-parks")
    result = invoke("check", str(mini_copy))
    assert result.exit_code == 1
    line = line_of(mini_copy / "schedule.yaml", "kim-parks")
    assert f"{mini_copy}/schedule.yaml:{line}: error: no person 'kim-parks'" in result.stderr


def test_check_missing_folder() -> None:
    result = invoke("check", "/nonexistent/trip")
    assert result.exit_code == 1
    assert "no such content folder" in result.stderr


def test_build_content_errors_exit_1_and_print_path_line(mini_copy: Path, tmp_path: Path) -> None:
    trip = mini_copy / "trip.yaml"
    edit(trip, "  duration: 45", "  duration: forever")
    result = invoke("build", str(mini_copy), "-o", str(tmp_path / "site"), "--no-pdf")
    assert result.exit_code == 1
    assert (
        f"{mini_copy}/trip.yaml:{line_of(trip, 'duration: forever')}: error: defaults.duration:"
        in result.stderr
    )
    assert "1 error;" in result.stderr
    assert not (tmp_path / "site").exists()


def test_build_without_pdfs(tmp_path: Path) -> None:
    result = invoke("build", str(MINI), "-o", str(tmp_path / "site"), "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "Built 4 packets" in result.stdout
    assert (tmp_path / "site" / "index.html").is_file()


def test_build_usage_error_exits_2(tmp_path: Path) -> None:
    result = invoke("build", str(MINI), "-o", str(tmp_path / "site"), "--jobs", "0")
    assert result.exit_code == 2
    assert not (tmp_path / "site").exists()


def test_schema_prints_valid_json() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    schemas = json.loads(result.stdout)
    assert {"trip", "schedule", "person", "company", "questions"} <= set(schemas)
    assert "traveler" in schemas["trip"]["properties"]
    assert schemas["trip"]["additionalProperties"] is False


def test_schema_validates_the_fixture_trip() -> None:
    import jsonschema
    import yaml

    schemas = json.loads(invoke("schema").stdout)
    trip = yaml.load(
        (MINI / "trip.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader
    )  # all scalars as text
    trip["defaults"] = {k: v for k, v in trip["defaults"].items() if k in ("dress", "paper")}
    jsonschema.validate(trip, schemas["trip"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**trip, "nmae": "x"}, schemas["trip"])


def test_followup_lists_due_thank_yous() -> None:
    result = invoke("followup", str(MINI), "--today", "2027-05-12")
    assert result.exit_code == 0
    assert "OVERDUE: Thank-you: José Álvarez-Núñez, Harbor Analytics" in result.stdout
    assert "DUE: Thank-you: Lena Brooks, Civic Data Lab" in result.stdout
    assert "Dear Kim," in result.stdout
    assert "Also thank José Álvarez-Núñez" in result.stdout  # Kim was introduced by José


def test_followup_before_the_trip() -> None:
    result = invoke("followup", str(MINI), "--today", TODAY.isoformat())
    assert result.exit_code == 0
    assert result.stdout.startswith("Nothing due as of Saturday, May 1, 2027")


def test_followup_with_content_errors(mini_copy: Path) -> None:
    edit(mini_copy / "schedule.yaml", "- person: kim-park", "- person: kim-parks")
    result = invoke("followup", str(mini_copy), "--today", "2027-05-12")
    assert result.exit_code == 1
    assert "schedule.yaml:" in result.stderr and "kim-parks" in result.stderr


def test_bad_date_option_is_a_usage_error() -> None:
    assert invoke("followup", str(MINI), "--today", "12/05/2027").exit_code == 2
