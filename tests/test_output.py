"""Output safety (generator/output.py and build): never lose a file, never write where it must not.

Builds here skip PDFs: what is tested is which folders are written and what survives, not the PDFs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures.building import build_options
from fixtures.mini_trip import MINI, MINI_MEETINGS, TODAY, edit, tree_digest

import generator.output as output_module
from generator.build import build
from generator.errors import ContentError, OutputError
from generator.output import MARKER, check_output_folder, safe_relative, write_output


def make(content: Path, output: Path, clean: bool = False) -> None:
    build(
        build_options(
            content=content,
            output=output,
            pdf=False,
            today=TODAY,
            quiet=True,
            environ={},
            clean=clean,
        )
    )


def siblings(folder: Path) -> set[str]:
    """What sits beside a folder (staging or old copies left behind would show up here)."""
    return {p.name for p in folder.parent.iterdir()}


# ---- folders that are refused -------------------------------------------------------------------


def test_refuses_a_non_empty_folder_not_made_by_infoprep(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    (out / "sub").mkdir()
    (out / "sub" / "notes.txt").write_text("keep", encoding="utf-8")
    before = tree_digest(out)
    with pytest.raises(OutputError, match="not empty and was not made by infoprep"):
        make(MINI, out)
    assert tree_digest(out) == before
    assert siblings(out) == {"mine"}


def test_cli_refusal_exits_1_and_touches_nothing(tmp_path: Path, infoprep) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    run = infoprep("build", str(MINI), "-o", str(out), "--no-pdf")
    assert run.code == 1
    assert "not empty" in run.stderr and "Traceback" not in run.output
    assert tree_digest(out) == {"thesis.docx": tree_digest(out)["thesis.docx"]}
    assert siblings(out) == {"mine"}


def test_an_empty_existing_folder_is_fine(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    make(MINI, out)
    assert (out / "index.html").is_file()


def test_refuses_the_content_folder_and_its_parents(mini_copy: Path) -> None:
    before = tree_digest(mini_copy.parent)
    for out in (mini_copy, mini_copy.parent, mini_copy / ".", mini_copy / "people" / ".."):
        with pytest.raises(OutputError, match="would contain the content folder"):
            make(mini_copy, out)
    assert tree_digest(mini_copy.parent) == before


@pytest.mark.parametrize("sub", ["people", "companies"])
def test_refuses_a_folder_inside_content_subfolders(mini_copy: Path, sub: str) -> None:
    with pytest.raises(OutputError):
        make(mini_copy, mini_copy / sub / "site")
    assert not (mini_copy / sub / "site").exists()


def test_refuses_root_and_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(OutputError):
        check_output_folder(Path("/"), MINI)
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(OutputError):
        check_output_folder(tmp_path, MINI)


def test_refuses_a_file_as_output(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("a file", encoding="utf-8")
    with pytest.raises(OutputError):
        make(MINI, tmp_path / "site")
    assert (tmp_path / "site").read_text(encoding="utf-8") == "a file"


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "/etc/passwd",
        "a/../../x",
        "a\\b",
        "a\0b",
        "CON.html",
        "meetings/aux/index.html",
        "",
        "a//b",
        "./a",
        "\uff0e\uff0e/x",
    ],
)
def test_safe_relative_refuses_escaping_names(name: str) -> None:
    with pytest.raises(OutputError):
        safe_relative(name)


def test_safe_relative_accepts_plain_names() -> None:
    assert (
        str(safe_relative("meetings/2027-05-10-kim-park/index.html"))
        == "meetings/2027-05-10-kim-park/index.html"
    )


# ---- rebuilds ----------------------------------------------------------------------------------


def test_second_build_replaces_the_first(mini_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    make(mini_copy, out)
    assert (out / "meetings" / "2027-05-11-lena-brooks" / "index.html").is_file()
    schedule = mini_copy / "schedule.yaml"
    schedule.write_text(
        schedule.read_text(encoding="utf-8").split("# Tuesday")[0], encoding="utf-8"
    )
    edit(mini_copy / "people" / "kim-park.yaml", "name: Kim Park", "name: Kimberly Park")
    make(mini_copy, out)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Kimberly Park" in index and "Lena Brooks" not in index
    assert not (out / "meetings" / "2027-05-11-lena-brooks").exists()
    assert {p.name for p in (out / "meetings").iterdir()} == {
        "2027-05-10-jose-alvarez",
        "2027-05-10-kim-park",
    }
    assert siblings(out) == {"site", "trip"}
    manifest = json.loads((out / MARKER).read_text(encoding="utf-8"))
    published = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == published - {MARKER}


def test_pages_that_come_out_the_same_are_linked_not_written_again(
    mini_copy: Path, tmp_path: Path
) -> None:
    """A rebuild after one person's file changed links the unchanged pages from the output it replaces (same inode)
    and writes the pages that changed."""
    out = tmp_path / "site"
    make(mini_copy, out)
    lena = Path("meetings/2027-05-11-lena-brooks/index.html")
    jose = Path("meetings/2027-05-10-jose-alvarez/index.html")
    before = {name: (out / name).stat().st_ino for name in (lena, jose)}
    edit(mini_copy / "people" / "lena-brooks.yaml", "name: Lena Brooks", "name: Lena Brooks-Hart")
    make(mini_copy, out)
    assert (out / jose).stat().st_ino == before[jose], "an unchanged page is the same file"
    assert (out / jose).stat().st_nlink == 1, (
        "the replaced output is gone: the page has one name again"
    )
    assert (out / lena).stat().st_ino != before[lena] and "Lena Brooks-Hart" in (
        out / lena
    ).read_text(encoding="utf-8")
    manifest = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert all(digest_of(out / name) == digest for name, digest in manifest["files"].items())


def digest_of(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_users_own_files_survive_a_rebuild(tmp_path: Path) -> None:
    out = tmp_path / "site"
    make(MINI, out)
    (out / "my-notes.txt").write_text("call Kim back", encoding="utf-8")
    (out / "meetings" / "2027-05-10-kim-park" / "scan.jpg").write_bytes(b"\xff\xd8photo")
    (out / "extra").mkdir()
    (out / "extra" / "map.png").write_bytes(b"\x89PNG")
    make(MINI, out)
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "call Kim back"
    assert (out / "meetings" / "2027-05-10-kim-park" / "scan.jpg").read_bytes() == b"\xff\xd8photo"
    assert (out / "extra" / "map.png").read_bytes() == b"\x89PNG"
    assert (out / "index.html").is_file()


def test_users_file_is_not_overwritten_by_a_new_output_file(tmp_path: Path) -> None:
    out = tmp_path / "site"
    files = {"index.html": b"one"}
    write_output(out, files, {})
    (out / "network.html").write_text("mine", encoding="utf-8")
    before = tree_digest(out)
    with pytest.raises(OutputError, match="not written by infoprep"):
        write_output(out, {"index.html": b"two", "network.html": b"theirs"}, {})
    assert tree_digest(out) == before


def test_users_links_and_nested_files_survive_a_rebuild(tmp_path: Path) -> None:
    out = tmp_path / "site"
    make(MINI, out)
    elsewhere = tmp_path / "photos"
    elsewhere.mkdir()
    (elsewhere / "kim.jpg").write_bytes(b"\xff\xd8kim")
    (out / "photos").symlink_to(elsewhere, target_is_directory=True)
    (out / "deep" / "er").mkdir(parents=True)
    (out / "deep" / "er" / "notes.md").write_text("# mine", encoding="utf-8")
    make(MINI, out)
    assert (out / "photos").is_symlink() and (
        out / "photos" / "kim.jpg"
    ).read_bytes() == b"\xff\xd8kim"
    assert (out / "deep" / "er" / "notes.md").read_text(encoding="utf-8") == "# mine"
    assert (elsewhere / "kim.jpg").exists()  # the link's target is never touched


def test_a_forged_manifest_cannot_make_a_build_delete_a_users_file(tmp_path: Path) -> None:
    """A manifest that lists the user's file as infoprep's (a synced or shared folder): its digest does not match
    what is there, so the file is carried over like any of the user's, and never replaced."""
    out = tmp_path / "site"
    write_output(out, {"index.html": b"home"}, {})
    (out / "thesis.docx").write_bytes(b"years of work")
    manifest = json.loads((out / MARKER).read_text(encoding="utf-8"))
    manifest["files"]["thesis.docx"] = "0" * 64
    (out / MARKER).write_text(json.dumps(manifest), encoding="utf-8")
    write_output(out, {"index.html": b"home again"}, {})
    assert (out / "thesis.docx").read_bytes() == b"years of work"
    manifest = json.loads((out / MARKER).read_text(encoding="utf-8"))
    manifest["files"]["thesis.docx"] = "0" * 64  # forged again
    (out / MARKER).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(
        OutputError, match="thesis.docx: this file was changed since infoprep wrote it"
    ):
        write_output(out, {"index.html": b"home", "thesis.docx": b"ours"}, {})
    assert (out / "thesis.docx").read_bytes() == b"years of work"


def test_content_error_leaves_the_previous_output_byte_identical(
    mini_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    make(mini_copy, out)
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")
    before = tree_digest(out)
    assert len(before) > 10
    edit(mini_copy / "schedule.yaml", "- person: kim-park", "- person: kim-parks")
    with pytest.raises(ContentError):
        make(mini_copy, out)
    assert tree_digest(out) == before
    assert siblings(out) == {"site", "trip"}


def test_cli_build_with_content_error_keeps_output(
    mini_copy: Path, tmp_path: Path, infoprep
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    make(mini_copy, out)
    before = tree_digest(out)
    edit(mini_copy / "trip.yaml", "timezone: America/New_York", "timezone: Mars/Olympus")
    run = infoprep("build", str(mini_copy), "-o", str(out), "--no-pdf")
    assert run.code == 1
    assert "trip.yaml:4: error: timezone: unknown time zone" in run.stderr
    assert tree_digest(out) == before


def test_interrupted_swap_keeps_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    make(MINI, out)
    before = tree_digest(out)

    def interrupted(staging: Path, output: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output_module, "_swap", interrupted)
    with pytest.raises(KeyboardInterrupt):
        make(
            MINI, out, clean=True
        )  # clean: an unchanged trip would otherwise be up to date, with nothing to swap
    assert tree_digest(out) == before
    assert siblings(out) == {"site"}
    monkeypatch.undo()
    make(MINI, out)
    assert (out / "index.html").is_file()


def test_build_writes_nothing_outside_the_output_folder(mini_copy: Path, tmp_path: Path) -> None:
    content_before = tree_digest(mini_copy)
    out = tmp_path / "site"
    make(mini_copy, out)
    assert tree_digest(mini_copy) == content_before
    assert siblings(out) == {"site", "trip"}
    assert {f"meetings/{m}/index.html" for m in MINI_MEETINGS} <= set(tree_digest(out))
