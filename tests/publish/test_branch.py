"""Publishing to a git branch of a local bare repository: what lands on the branch, history kept or
not, and a private site's branch holding one commit, no plain byte of the trip and no earlier
build."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fixtures.building import build_options

from generator.build import build
from generator.content.load import load
from generator.publish.address import cname, github_pages_url, shared_origin
from generator.publish.branch import TRAILER

from .conftest import PASSPHRASE, TODAY, Publisher, branch_files, commits, edit, git, tree

NOTE = "  - We both worked on fare-card data\n"


def test_public_publish_puts_the_output_on_the_branch_and_nothing_else(
    trip: Path, bare: Path, run: Publisher, tmp_path: Path
) -> None:
    report = run(trip, remote=str(bare))
    published = branch_files(bare)
    output = tree(tmp_path / "site")
    assert report.built is not None and not report.private
    assert set(published) == (set(output) - {".infoprep.json"}) | {".nojekyll"}
    assert all(published[name] == output[name] for name in output if name != ".infoprep.json")
    assert sorted(report.changes.added) == sorted(published) and not report.changes.changed
    assert "박재원 Jae-won Park" in published["index.html"].decode()
    # Nothing but the branch reached the repository: no content, no build cache.
    assert git("for-each-ref", "--format=%(refname)", cwd=bare).split() == ["refs/heads/gh-pages"]
    assert not any(name.endswith(".yaml") for name in published)
    message = git("log", "-1", "--format=%B", "gh-pages", cwd=bare)
    assert TRAILER in message and "Seoul" not in message


def test_a_second_publish_with_one_change_adds_one_commit(
    trip: Path, bare: Path, run: Publisher
) -> None:
    run(trip, remote=str(bare))
    first = commits(bare)
    edit(
        trip / "people" / "jae-won-park.yaml",
        NOTE,
        NOTE + "  - Both of us ran a marathon in Chuncheon\n",
    )
    report = run(trip, remote=str(bare))
    after = commits(bare)
    assert len(after) == 2 and after[1:] == first
    assert report.commit == after[0] and not report.replaced_history
    assert report.changes.changed and not report.changes.added and not report.changes.removed
    assert any(
        "Chuncheon" in data.decode("utf-8", "replace") for data in branch_files(bare).values()
    )
    # Nothing changed since: nothing is built, nothing committed.
    again = run(trip, remote=str(bare))
    assert again.built is None and again.commit is None and again.changes.none
    assert commits(bare) == after


def test_no_history_replaces_the_branch_with_one_commit(
    trip: Path, bare: Path, run: Publisher
) -> None:
    run(trip, remote=str(bare))
    edit(trip / "people" / "jae-won-park.yaml", NOTE, NOTE + "  - Chuncheon marathon\n")
    report = run(trip, remote=str(bare), history=False)
    assert report.replaced_history and len(commits(bare)) == 1


def _personal(content: Path) -> set[str]:
    trip = load(content, str(content))
    found = {trip.info.title, trip.info.traveler.name, trip.info.traveler.email or ""}
    for person in trip.people.values():
        found |= {person.profile.name, person.profile.email or "", person.slug}
    for company in trip.companies.values():
        found |= {company.profile.name, company.slug}
    return {text for text in found if len(text) >= 4}


def _every_object(repo: Path) -> bytes:
    """Every object of the repository, uncompressed, one after another."""
    listed = subprocess.run(
        ["git", "cat-file", "--batch-all-objects", "--batch"],
        cwd=repo,
        capture_output=True,
        check=True,
    )
    return listed.stdout


def test_private_branch_is_one_commit_without_a_plain_byte_or_an_earlier_build(
    private_trip: Path, bare: Path, run: Publisher, tmp_path: Path
) -> None:
    first = run(private_trip, remote=str(bare))
    assert first.private and first.replaced_history
    first_files = branch_files(bare)
    edit(private_trip / "people" / "jae-won-park.yaml", NOTE, NOTE + "  - Chuncheon marathon\n")
    run(private_trip, remote=str(bare))
    second = commits(bare)
    # one new root commit, the old one gone from the branch
    assert len(second) == 1 and second[0] != first.commit
    clone = tmp_path / "clone"
    git("clone", "--quiet", "--branch", "gh-pages", f"file://{bare}", str(clone))
    assert git("rev-list", "--all", "--count", cwd=clone).strip() == "1"
    objects = _every_object(clone)
    for text in _personal(private_trip):
        assert text.encode() not in objects, f"{text!r} is readable on the published branch"
    assert PASSPHRASE.encode() not in objects and b"INFOPREP_PASSWORD" not in objects
    # No file of the earlier build: what the edit changed (the salt stays while the passphrase does,
    # so unchanged files keep their bytes, and only those are shared with the first build).
    gone = [data for name, data in first_files.items() if branch_files(bare).get(name) != data]
    assert gone and not any(data in objects for data in gone)
    assert b"people/" not in objects and b".yaml" not in objects


def test_the_content_folders_repository_is_the_default(
    trip: Path, bare: Path, run: Publisher
) -> None:
    git("init", "--quiet", "-b", "main", str(trip))
    git("add", ".", cwd=trip)
    git(
        "-c",
        "user.name=Meera",
        "-c",
        "user.email=meera@example.org",
        "commit",
        "--quiet",
        "-m",
        "My Seoul trip",
        cwd=trip,
    )
    git("remote", "add", "origin", str(bare), cwd=trip)
    report = run(trip)
    assert report.destination == f"branch gh-pages of {bare}"
    assert git("for-each-ref", "--format=%(refname)", cwd=bare).split() == ["refs/heads/gh-pages"]
    assert (
        git("status", "--porcelain", cwd=trip) == ""
    )  # the content's work tree and branches untouched
    assert git("for-each-ref", "--format=%(refname)", cwd=trip).split() == ["refs/heads/main"]


def test_dry_run_lists_the_changes_and_changes_nothing(
    trip: Path, bare: Path, run: Publisher, tmp_path: Path
) -> None:
    run(trip, remote=str(bare))
    before, output = commits(bare), tree(tmp_path / "site")
    edit(trip / "people" / "jae-won-park.yaml", NOTE, NOTE + "  - Chuncheon marathon\n")
    report = run(trip, remote=str(bare), dry_run=True)
    assert report.dry_run and report.stale and report.built is None
    assert commits(bare) == before and tree(tmp_path / "site") == output
    assert any(
        line.startswith("Would publish the site to branch gh-pages") for line in report.lines()
    )
    # Once built, the dry run names the pages that would change, and still publishes nothing.
    build(build_options(content=trip, output=tmp_path / "site", pdf=False, today=TODAY, quiet=True))
    built = run(trip, remote=str(bare), dry_run=True)
    assert (
        not built.stale
        and built.changes.changed
        and not built.changes.added
        and not built.changes.removed
    )
    assert any(line.startswith("  changed ") for line in built.lines())
    assert commits(bare) == before


def test_custom_domain_gets_a_cname_and_the_url_is_printed(
    trip: Path, bare: Path, run: Publisher
) -> None:
    edit(
        trip / "trip.yaml", "paper: a4\n", "paper: a4\nsite:\n  url: https://seoul.meera.example/\n"
    )
    report = run(trip, remote=str(bare))
    assert branch_files(bare)["CNAME"] == b"seoul.meera.example\n"
    assert report.lines()[-1] == "Site: https://seoul.meera.example/"


@pytest.mark.parametrize(
    ("remote", "url"),
    [
        ("git@github.com:meera-r/seoul-week.git", "https://meera-r.github.io/seoul-week/"),
        ("https://github.com/Meera-R/seoul-week", "https://meera-r.github.io/seoul-week/"),
        ("https://github.com/meera-r/meera-r.github.io.git", "https://meera-r.github.io/"),
        ("ssh://git@github.com/meera-r/seoul-week.git", "https://meera-r.github.io/seoul-week/"),
        ("git@gitlab.com:meera-r/seoul-week.git", None),
        ("/srv/git/seoul.git", None),
    ],
)
def test_github_pages_address(remote: str, url: str | None) -> None:
    assert github_pages_url(remote) == url


@pytest.mark.parametrize(
    ("site_url", "domain"),
    [
        ("https://seoul.meera.example/", "seoul.meera.example"),
        ("https://seoul.meera.example", "seoul.meera.example"),
        (
            "https://meera.example/seoul-week/",
            None,
        ),  # a project under the user site's domain: no CNAME of its own
        ("https://meera-r.github.io/seoul-week/", None),
        ("http://127.0.0.1:8000/", None),
        (None, None),
    ],
)
def test_cname_only_for_the_root_of_a_domain_of_ones_own(
    site_url: str | None, domain: str | None
) -> None:
    assert cname(site_url) == domain


def test_a_private_site_on_github_io_is_warned_about_its_shared_origin() -> None:
    assert shared_origin("https://meera-r.github.io/seoul-week/") is not None
    assert shared_origin("https://meera-r.github.io/") is not None
    assert shared_origin("https://seoul.meera.example/") is None


def test_a_private_branch_names_no_one_not_even_the_committer(
    private_trip: Path, trip: Path, bare: Path, run: Publisher, tmp_path: Path
) -> None:
    me = {"GIT_COMMITTER_NAME": "Meera Raghunathan", "GIT_COMMITTER_EMAIL": "meera.r@example.org"}
    run(private_trip, remote=str(bare), env=me)
    assert git("log", "-1", "--format=%an <%ae> %cn <%ce>", "gh-pages", cwd=bare).strip() == (
        "infoprep <infoprep@localhost> infoprep <infoprep@localhost>"
    )
    public = tmp_path / "public.git"
    git("init", "--quiet", "--bare", str(public))
    run(trip, remote=str(public), env=me, output=tmp_path / "public-site")
    assert git("log", "-1", "--format=%cn", "gh-pages", cwd=public).strip() == "Meera Raghunathan"


def test_a_page_deleted_from_the_output_is_built_again_not_published_missing(
    private_trip: Path, bare: Path, run: Publisher, tmp_path: Path
) -> None:
    run(private_trip, remote=str(bare))
    (tmp_path / "site" / "network.html").unlink()
    report = run(private_trip, remote=str(bare))
    assert report.built is not None and "network.html" in branch_files(bare)
