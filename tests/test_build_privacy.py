"""`build --private` / `--public`: one build sealed or not, whatever trip.yaml's `site.private` says
(a public preview of a private trip without editing trip.yaml twice), and the build cache never
taking one for the other."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SEOUL
from fixtures.building import Runner, build_options
from fixtures.mini_trip import private_copy

from generator.cli import main
from generator.publish.seal import SALT_FILE
from generator.stamp import build_state

PASSPHRASE = "kimchi jjigae at midnight"
TRAVELER = "Meera Raghunathan"


def _build(content: Path, output: Path, *flags: str, env: dict[str, str] | None = None) -> str:
    result = Runner().invoke(
        main, ["build", str(content), "-o", str(output), "--no-pdf", "-q", *flags], env=env
    )
    assert result.exit_code == 0, result.output
    return result.output


def _readable(output: Path) -> bytes:
    return b"".join(p.read_bytes() for p in output.rglob("*.html"))


def test_private_flag_seals_a_public_trip_and_public_flag_opens_it_again(tmp_path: Path) -> None:
    content = tmp_path / "seoul"
    shutil.copytree(SEOUL, content)
    output = tmp_path / "site"
    _build(content, output, "--private", env={"INFOPREP_PASSWORD": PASSPHRASE})
    assert (output / SALT_FILE).is_file()
    assert TRAVELER.encode() not in _readable(output)
    _build(content, output, "--public")
    assert not (output / SALT_FILE).exists()
    assert TRAVELER.encode() in _readable(output)


def test_public_flag_previews_a_private_trip_without_its_passphrase(tmp_path: Path) -> None:
    content = private_copy(tmp_path / "seoul", SEOUL)
    output = tmp_path / "preview"
    _build(content, output, "--public", env={"INFOPREP_PASSWORD": ""})
    assert TRAVELER.encode() in _readable(output)
    refused = Runner().invoke(
        main,
        ["build", str(content), "-o", str(tmp_path / "x"), "--no-pdf"],
        env={"INFOPREP_PASSWORD": ""},
    )
    assert refused.exit_code == 1 and "INFOPREP_PASSWORD" in refused.output


def test_the_last_build_is_current_only_for_the_same_privacy(tmp_path: Path) -> None:
    content = tmp_path / "seoul"
    shutil.copytree(SEOUL, content)
    output = tmp_path / "site"
    _build(content, output)

    def state(private: bool | None) -> bool:
        options = build_options(content=content, output=output, pdf=False, private=private)
        return build_state(options).up_to_date

    assert state(None) and state(False)
    assert not state(True)  # a public build is never taken for the private one asked for
    (content / "trip.yaml").write_text((content / "trip.yaml").read_text() + "\n# edited\n")
    assert not state(None)
