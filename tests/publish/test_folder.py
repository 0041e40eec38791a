"""Publishing into a folder (`--to`): another repository's docs/, a mounted share. Only what changed
is copied, only what infoprep published there is removed, and nobody else's file is ever
replaced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import OutputError
from generator.publish.folder import MANIFEST

from .conftest import Publisher, edit, tree

NOTE = "  - We both worked on fare-card data\n"


def test_publish_to_a_folder_beside_files_of_someone_elses(
    trip: Path, run: Publisher, tmp_path: Path
) -> None:
    share = tmp_path / "repo" / "docs"
    share.mkdir(parents=True)
    (share / "README.md").write_text("Our team's docs folder\n", encoding="utf-8")
    report = run(trip, to=share)
    output = tree(tmp_path / "site")
    published = tree(share)
    assert published["README.md"] == b"Our team's docs folder\n"
    assert {
        n: d for n, d in published.items() if n not in ("README.md", MANIFEST, ".nojekyll")
    } == {n: d for n, d in output.items() if n != ".infoprep.json"}
    assert report.url == (share / "index.html").absolute().as_uri()
    assert report.lines()[-1] == f"Site: {report.url}"


def test_a_second_publish_copies_only_what_changed(
    trip: Path, run: Publisher, tmp_path: Path
) -> None:
    share = tmp_path / "share"
    run(trip, to=share)
    before = {p: os.stat(p).st_ino for p in share.rglob("*") if p.is_file()}
    edit(trip / "people" / "jae-won-park.yaml", NOTE, NOTE + "  - Chuncheon marathon\n")
    report = run(trip, to=share)
    changed = {share / name for name in report.changes.changed}
    assert changed and not report.changes.added and not report.changes.removed
    untouched = [p for p in before if p not in changed and p.name != MANIFEST]
    assert untouched and all(os.stat(p).st_ino == before[p] for p in untouched)


def test_removes_only_what_it_published(trip: Path, run: Publisher, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    (share / "meetings").mkdir()
    (share / "meetings" / "my-own-notes.txt").write_text("mine\n", encoding="utf-8")
    first = run(trip, to=share)
    chen = sorted(n for n in first.changes.added if n.startswith("meetings/") and "chen" in n)
    assert chen
    # The call with Chen Siyuan is dropped from the schedule: its page goes, the user's file stays.
    schedule = (trip / "schedule.yaml").read_text(encoding="utf-8")
    (trip / "schedule.yaml").write_text(schedule.split("# Tuesday")[0], encoding="utf-8")
    edit(trip / "trip.yaml", "end: 2027-10-12", "end: 2027-10-11")
    second = run(trip, to=share)
    assert set(chen) <= set(second.changes.removed)
    assert not any((share / name).exists() for name in second.changes.removed)
    assert (share / "meetings" / "my-own-notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_published_file_changed_since_is_kept_not_removed(
    trip: Path, run: Publisher, tmp_path: Path
) -> None:
    share = tmp_path / "share"
    first = run(trip, to=share)
    page = next(
        n
        for n in first.changes.added
        if n.startswith("meetings/") and "chen" in n and n.endswith(".html")
    )
    (share / page).write_text("annotated by hand", encoding="utf-8")
    schedule = (trip / "schedule.yaml").read_text(encoding="utf-8")
    (trip / "schedule.yaml").write_text(schedule.split("# Tuesday")[0], encoding="utf-8")
    edit(trip / "trip.yaml", "end: 2027-10-12", "end: 2027-10-11")
    report = run(trip, to=share)
    assert (share / page).read_text(encoding="utf-8") == "annotated by hand"
    assert any(page in notice for notice in report.notices)


def test_a_file_in_the_way_is_refused_before_anything_is_written(
    trip: Path, run: Publisher, tmp_path: Path
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    (share / "index.html").write_text("<h1>Our team page</h1>", encoding="utf-8")
    with pytest.raises(OutputError, match="was not published by infoprep"):
        run(trip, to=share)
    assert tree(share) == {"index.html": b"<h1>Our team page</h1>"}


def test_dry_run_to_a_folder_changes_nothing(trip: Path, run: Publisher, tmp_path: Path) -> None:
    share = tmp_path / "share"
    run(trip, to=share)
    before = tree(share)
    edit(trip / "people" / "jae-won-park.yaml", NOTE, NOTE + "  - Chuncheon marathon\n")
    report = run(trip, to=share, dry_run=True)
    assert report.dry_run and tree(share) == before


@pytest.mark.parametrize("where", ["content", "inside-content", "output", "holds-content"])
def test_the_folder_must_not_overlap_the_content_or_the_output(
    trip: Path, run: Publisher, tmp_path: Path, where: str
) -> None:
    target = {
        "content": trip,
        "inside-content": trip / "published",
        "output": tmp_path / "site",
        "holds-content": tmp_path,
    }[where]
    with pytest.raises(OutputError, match="overlaps"):
        run(trip, to=target)
    assert not (trip / "published").exists()
