"""Every refusal of `publish`: a clear reason, exit 1, nothing published (the branch as it was)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fixtures.building import Runner, build_options

from generator.build import build
from generator.cli import main
from generator.errors import ContentError, OutputError

from .conftest import TODAY, Publisher, commits, edit, git


def _branches(repo: Path) -> list[str]:
    return git("for-each-ref", "--format=%(refname)", cwd=repo).split()


def _cli(*args: str, passphrase: str = "") -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "INFOPREP_PASSWORD"}
    env["INFOPREP_PASSWORD"] = passphrase
    result = Runner().invoke(main, ["publish", *args], env=env)
    return result.exit_code, result.output


def test_content_errors_are_refused_with_their_location(
    trip: Path, bare: Path, tmp_path: Path
) -> None:
    edit(trip / "schedule.yaml", "- person: chen-siyuan\n", "- person: chen-siyaun\n")
    code, said = _cli(str(trip), "-o", str(tmp_path / "site"), "--remote", str(bare))
    assert code == 1
    assert "schedule.yaml:" in said and "chen-siyaun" in said and "Traceback" not in said
    assert _branches(bare) == [] and not (tmp_path / "site").exists()


def test_a_private_trip_without_its_passphrase_is_refused(
    private_trip: Path, bare: Path, tmp_path: Path
) -> None:
    code, said = _cli(str(private_trip), "-o", str(tmp_path / "site"), "--remote", str(bare))
    assert code == 1 and "INFOPREP_PASSWORD is not set" in said
    assert _branches(bare) == [] and not (tmp_path / "site").exists()


def test_a_public_build_of_a_private_trip_needs_public(
    private_trip: Path, bare: Path, run: Publisher, tmp_path: Path
) -> None:
    build(
        build_options(
            content=private_trip,
            output=tmp_path / "site",
            pdf=False,
            today=TODAY,
            quiet=True,
            private=False,
        )
    )
    with pytest.raises(OutputError, match="a public build of a private trip"):
        run(private_trip, remote=str(bare), build=False)
    assert _branches(bare) == []
    report = run(
        private_trip, remote=str(bare), build=False, private=False
    )  # said explicitly: published readable
    assert (
        not report.private and report.built is None and _branches(bare) == ["refs/heads/gh-pages"]
    )
    # Without --no-build and without --public, publish builds the private site the trip asks for.
    sealed = run(private_trip, remote=str(bare))
    assert sealed.private and sealed.built is not None and len(commits(bare)) == 1


def test_a_site_sealed_with_another_passphrase_is_built_again_or_refused(
    private_trip: Path, bare: Path, run: Publisher
) -> None:
    run(private_trip, remote=str(bare), passphrase="an older passphrase, leaked")
    before = commits(bare)
    with pytest.raises(OutputError, match="sealed with another passphrase"):
        run(private_trip, remote=str(bare), build=False)
    assert commits(bare) == before
    again = run(private_trip, remote=str(bare))
    assert again.built is not None and commits(bare) != before


def test_an_output_holding_files_infoprep_did_not_write_is_refused(
    private_trip: Path, bare: Path, run: Publisher, tmp_path: Path
) -> None:
    run(private_trip, remote=str(bare))
    before = commits(bare)
    (tmp_path / "site" / "notes-for-jae-won.txt").write_text(
        "Ask about the bus-card data", encoding="utf-8"
    )
    with pytest.raises(OutputError, match="notes-for-jae-won.txt"):
        run(private_trip, remote=str(bare))
    assert commits(bare) == before
    (tmp_path / "site" / "notes-for-jae-won.txt").unlink()
    (tmp_path / "site" / "index.html").write_text(
        "edited by hand", encoding="utf-8"
    )  # changed since infoprep wrote it
    with pytest.raises(OutputError, match="index.html"):
        run(private_trip, remote=str(bare), build=False)
    assert commits(bare) == before


def test_a_branch_whose_last_commit_someone_else_made_is_refused(
    trip: Path, bare: Path, run: Publisher, tmp_path: Path
) -> None:
    run(trip, remote=str(bare))
    work = tmp_path / "theirs"
    git("clone", "--quiet", "--branch", "gh-pages", str(bare), str(work))
    (work / "about.html").write_text("<p>My own page</p>", encoding="utf-8")
    git("add", "about.html", cwd=work)
    git(
        "-c",
        "user.name=Min-ji",
        "-c",
        "user.email=minji@example.kr",
        "commit",
        "--quiet",
        "-m",
        "Add my page",
        cwd=work,
    )
    git("push", "--quiet", "origin", "gh-pages", cwd=work)
    theirs = commits(bare)
    edit(
        trip / "people" / "jae-won-park.yaml",
        "  - We both worked on fare-card data\n",
        "  - Fare cards\n",
    )
    with pytest.raises(OutputError, match="was not made by infoprep"):
        run(trip, remote=str(bare))
    assert commits(bare) == theirs


def test_a_stale_output_is_refused_with_no_build(trip: Path, bare: Path, run: Publisher) -> None:
    with pytest.raises(OutputError, match="not built from the content"):
        run(trip, remote=str(bare), build=False)
    run(trip, remote=str(bare))
    edit(
        trip / "people" / "jae-won-park.yaml",
        "  - We both worked on fare-card data\n",
        "  - Fare cards\n",
    )
    before = commits(bare)
    with pytest.raises(OutputError, match="not built from the content"):
        run(trip, remote=str(bare), build=False)
    assert commits(bare) == before


def test_options_that_contradict_each_other_are_usage_errors(
    trip: Path, bare: Path, tmp_path: Path
) -> None:
    code, said = _cli(str(trip), "--to", str(tmp_path / "share"), "--remote", str(bare))
    assert code == 2 and "--to" in said
    code, said = _cli(str(trip), "--to", str(tmp_path / "share"), "--no-history")
    assert code == 2


def test_a_content_folder_outside_git_needs_a_destination(trip: Path, run: Publisher) -> None:
    with pytest.raises(OutputError, match="--remote URL"):
        run(trip)


def test_content_errors_stop_the_library_call_too(trip: Path, bare: Path, run: Publisher) -> None:
    (trip / "people" / "chen-siyuan.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError):
        run(trip, remote=str(bare))
    assert _branches(bare) == []


def test_an_unreachable_remote_is_refused_before_anything_is_built(
    trip: Path, run: Publisher, tmp_path: Path
) -> None:
    with pytest.raises(OutputError, match="git ls-remote failed"):
        run(trip, remote=str(tmp_path / "no-such-repo.git"))
    assert not (tmp_path / "site").exists()


def test_a_relative_remote_is_read_from_where_the_command_runs(
    trip: Path, bare: Path, run: Publisher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(bare.parent)
    report = run(trip, remote=bare.name)
    assert report.destination == f"branch gh-pages of {bare}" and _branches(bare) == [
        "refs/heads/gh-pages"
    ]
