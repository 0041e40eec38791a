"""Family "Names and paths": file names that are not slugs, output names that would escape, links that
lead out of the content folder, and output folders that must never be replaced.

Every refusal here is checked the same way as bad YAML: exit 1, the message, no traceback, the
previous output byte-identical, nothing else under the workspace touched.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from adversarial.helpers import (
    MEETING_ID,
    Guard,
    Workspace,
    cli,
    printed,
    refused,
    snapshot,
    tree_digest,
)

BUILD = ("build", "content", "-o", "out", "--no-pdf")


def bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(reason=f"BUG: {reason}", strict=True)


# ---- file names that are not slugs ---------------------------------------------------------------

NOT_SLUGS = [
    "Kim",
    "kim_park",
    "kim park",
    "kím-park",
    "-kim",
    "kim-",
    "kim--park",
    "ｋim",
    "kim.park",
    "KIM",
]


@pytest.mark.parametrize("stem", NOT_SLUGS)
def test_profile_file_name_must_be_a_slug(ws: Workspace, stem: str) -> None:
    ws.write(f"people/{stem}.yaml", "name: Someone\n")
    guard = Guard(ws)
    ran = cli(*BUILD)
    refused(ran, guard, f"content/people/{stem}.yaml:1: error: file name {stem!r} is not a slug")


def test_company_file_name_must_be_a_slug(ws: Workspace) -> None:
    ws.write("companies/Harbor Analytics.yaml", "name: Harbor\n")
    guard = Guard(ws)
    refused(
        cli(*BUILD),
        guard,
        "content/companies/Harbor Analytics.yaml:1: error: file name 'Harbor Analytics' is not a "
        "slug",
    )


def test_yml_extension_is_an_error(ws: Workspace) -> None:
    ws.write("people/sam-lee.yml", "name: Sam Lee\n")
    guard = Guard(ws)
    refused(
        cli(*BUILD),
        guard,
        "content/people/sam-lee.yml:1: error: name the file with .yaml, not .yml",
    )


def test_trailing_newline_in_a_file_name_is_not_a_slug(ws: Workspace) -> None:
    ws.write("people/kim\n.yaml", "name: Kim Two\n")
    guard = Guard(ws)
    refused(cli(*BUILD), guard, "content/people/kim\\n.yaml:1: error: file name")


# ---- generated names never collide ---------------------------------------------------------------


def test_same_person_three_times_a_day_gets_three_folders_and_uids(ws: Workspace) -> None:
    import icalendar

    extra = "".join(
        f"- person: jose-alvarez\n  start: 2027-05-10 {hour}\n  format: phone\n  agenda: |\n    "
        f"Part {n}.\n"
        for n, hour in ((2, "13:00"), (3, "16:00"))
    )
    ws.write("schedule.yaml", ws.read("schedule.yaml") + extra)
    ran = cli(*BUILD)
    assert ran.code == 0 and "Traceback" not in ran.output, ran.output
    folders = sorted(p.name for p in (ws.output / "meetings").iterdir())
    assert folders == [MEETING_ID, f"{MEETING_ID}--2", f"{MEETING_ID}--3"]
    cal = icalendar.Calendar.from_ical((ws.output / "itinerary.ics").read_bytes())
    uids = [str(c["UID"]) for c in cal.walk() if c.name in ("VEVENT", "VTODO")]
    assert len(uids) == 6 and len(set(uids)) == 6


# ---- output names: every path is checked to stay inside the output folder ------------------------

ESCAPES = [
    "../x.html",
    "a/../../x",
    "/etc/passwd",
    "a\\..\\x",
    "a\0b",
    "",
    ".",
    "a//b",
    "con",
    "NUL.txt",
    "lpt1/x",
    "aux.html",
    "\u2025/x",  # TWO DOT LEADER, NFKC "..": a look-alike of ../
    "\uff0e\uff0e/x",  # FULLWIDTH FULL STOPs, NFKC ".."
    "a/\ufe52\ufe52/b",  # SMALL FULL STOPs
    "\uff0fetc/passwd",  # FULLWIDTH SOLIDUS, NFKC "/"
]


@pytest.mark.parametrize("name", ESCAPES, ids=[repr(n) for n in ESCAPES])
def test_output_names_are_refused_unless_plainly_inside(name: str) -> None:
    from generator.errors import OutputError
    from generator.output import safe_relative

    with pytest.raises(OutputError, match="not a plain path inside the output folder"):
        safe_relative(name)


ASSET_NAMES = ["a\\b.png", "nul.png", "CON", "\u2025", "x\uff0e\uff0e.png"]


@pytest.mark.parametrize("name", ASSET_NAMES, ids=[repr(n) for n in ASSET_NAMES])
def test_asset_names_that_would_not_be_plain_are_refused(ws: Workspace, name: str) -> None:
    ws.write(f"assets/{name}", b"x")
    guard = Guard(ws)
    ran = cli(*BUILD)
    refused(
        ran,
        guard,
        f"error: refusing to write {'assets/' + name!r}: not a plain path inside the output folder",
    )


# ---- links out of the content folder -------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files beside the workspace that a link could reach: a profile, notes, a secret, a template."""
    folder = tmp_path / "outside"
    (folder / "dir").mkdir(parents=True)
    (folder / "secret.yaml").write_text("name: Secret Person\n", encoding="utf-8")
    (folder / "secret.md").write_text("TOPSECRET notes\n", encoding="utf-8")
    (folder / "dir" / "secret.txt").write_text("TOPSECRET\n", encoding="utf-8")
    (folder / "tpl").mkdir()
    (folder / "tpl" / "itinerary.html").write_text(
        '{% extends "default/itinerary.html" %}{% block main %}OUTSIDE-TEMPLATE{{ super() }}{% '
        "endblock %}",
        encoding="utf-8",
    )
    return folder


def _link(ws: Workspace, rel: str, target: Path | str) -> None:
    path = ws.path(rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir() and not path.is_symlink():
        import shutil

        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


LINKED_FILES = [
    ("people/secret.yaml", "secret.yaml"),
    ("people/jose-alvarez.md", "secret.md"),
    ("companies/harbor-analytics.md", "secret.md"),
]


@pytest.mark.parametrize(("rel", "target"), LINKED_FILES, ids=[r for r, _ in LINKED_FILES])
def test_link_to_a_file_outside_is_refused(
    ws: Workspace, outside: Path, rel: str, target: str
) -> None:
    _link(ws, rel, outside / target)
    guard = Guard(ws)
    refused(
        cli(*BUILD),
        guard,
        f"content/{rel}:1: error: this is a link to a file outside the content folder",
    )


@pytest.mark.parametrize("rel", ["trip.yaml", "schedule.yaml", "questions.yaml"])
def test_link_of_a_main_file_to_outside_is_refused(ws: Workspace, tmp_path: Path, rel: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    source = ws.path(rel) if rel != "questions.yaml" else None
    target = elsewhere / rel
    if source is not None:
        target.write_bytes(source.read_bytes())
    else:
        target.write_text("- text: What is next?\n  category: advice\n", encoding="utf-8")
    _link(ws, rel, target)
    guard = Guard(ws)
    refused(
        cli(*BUILD),
        guard,
        f"content/{rel}:1: error: this is a link to a file outside the content folder",
    )


def test_linked_people_folder_is_refused(ws: Workspace, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ws.path("people"), tmp_path / "people-elsewhere")
    _link(ws, "people", tmp_path / "people-elsewhere")
    guard = Guard(ws)
    refused(
        cli(*BUILD),
        guard,
        "content/people:1: error: this is a link to a folder outside the content folder",
    )


def test_linked_resume_is_refused(ws: Workspace, outside: Path) -> None:
    _link(ws, "resume.pdf", outside / "dir" / "secret.txt")
    ws.edit("trip.yaml", "  phone:", "  resume: resume.pdf\n  phone:")
    guard = Guard(ws)
    refused(
        cli(*BUILD),
        guard,
        "content/resume.pdf:1: error: this is a link to a file outside the content folder",
    )


@pytest.mark.parametrize("resume", ["../secret.pdf", "/etc/passwd", "assets/../../secret.pdf"])
def test_resume_outside_the_content_is_refused(ws: Workspace, resume: str) -> None:
    ws.edit("trip.yaml", "  phone:", f"  resume: {resume}\n  phone:")
    guard = Guard(ws)
    refused(
        cli(*BUILD),
        guard,
        f"content/trip.yaml:{ws.line('trip.yaml', 'resume:')}: error: the resume must be a file "
        "inside the content folder",
    )


def test_link_inside_the_content_is_fine(ws: Workspace) -> None:
    ws.write("shared-notes.md", "Shared research.\n")
    _link(ws, "people/jose-alvarez.md", Path("..") / "shared-notes.md")
    ran = cli(*BUILD)
    assert ran.code == 0, ran.output
    assert "Shared research." in (ws.output / "meetings" / MEETING_ID / "index.html").read_text(
        encoding="utf-8"
    )


def test_linked_asset_file_is_not_copied(ws: Workspace, outside: Path) -> None:
    _link(ws, "assets/secret.txt", outside / "dir" / "secret.txt")
    guard = Guard(ws)
    ran = cli(*BUILD)
    assert "Traceback" not in ran.output
    guard.assert_only_output_changed()
    assert not any(b"TOPSECRET" in p.read_bytes() for p in ws.output.rglob("*") if p.is_file())


def test_linked_asset_file_is_reported(ws: Workspace, outside: Path) -> None:
    _link(ws, "assets/secret.txt", outside / "dir" / "secret.txt")
    ran = cli("check", "content")
    assert printed(ran, "content/assets/secret.txt")


def test_linked_assets_folder_is_refused(ws: Workspace, outside: Path) -> None:
    _link(ws, "assets", outside / "dir")
    guard = Guard(ws)
    ran = cli(*BUILD)
    leaked = [p for p in ws.output.rglob("*") if p.is_file() and b"TOPSECRET" in p.read_bytes()]
    assert leaked == []
    refused(ran, guard, "content/assets")


def test_linked_templates_folder_is_refused(ws: Workspace, outside: Path) -> None:
    _link(ws, "templates", outside / "tpl")
    guard = Guard(ws)
    ran = cli(*BUILD)
    assert b"OUTSIDE-TEMPLATE" not in (ws.output / "index.html").read_bytes()
    refused(ran, guard, "content/templates")


def test_linked_template_file_is_not_read(ws: Workspace) -> None:
    _link(ws, "templates/evil.html", "/etc/passwd")
    ws.write(
        "templates/itinerary.html",
        '{% extends "default/itinerary.html" %}{% block main %}{% include "evil.html" %}{{ '
        "super() }}{% endblock %}",
    )
    guard = Guard(ws)
    ran = cli(*BUILD)
    assert b"root:" not in (ws.output / "index.html").read_bytes()
    refused(ran, guard, "content/templates/evil.html")


# ---- output folders that must never be replaced --------------------------------------------------


@pytest.fixture
def tripwire(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Make any write of the output an immediate failure, so a refusal test can never harm a real folder."""
    import generator.output
    import generator.publish.site

    calls: list[Path] = []

    def refuse_to_write(output: Path, *args: object, **kwargs: object) -> None:
        calls.append(output)
        raise AssertionError(f"tripwire: write_output({output}) was called")

    monkeypatch.setattr(generator.publish.site, "write_output", refuse_to_write)
    monkeypatch.setattr(generator.output, "write_output", refuse_to_write)
    return calls


def test_root_is_refused(ws: Workspace, tripwire: list[Path]) -> None:
    before = sorted(os.listdir("/"))
    ran = cli("build", "content", "-o", "/", "--no-pdf")
    assert ran.code == 1 and "Traceback" not in ran.output, ran.output
    assert printed(ran, "error: /: refusing to use / as the output folder")
    assert tripwire == [] and sorted(os.listdir("/")) == before


def test_home_is_refused(ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    before = snapshot(tmp_path)
    ran = cli("build", "content", "-o", str(home), "--no-pdf")
    assert ran.code == 1 and "Traceback" not in ran.output, ran.output
    assert printed(ran, f"error: {home}: refusing to use {home} as the output folder")
    assert snapshot(tmp_path) == before


def test_link_to_home_is_refused(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "thesis").mkdir(parents=True)
    (home / "thesis" / "draft.txt").write_text("years of work", encoding="utf-8")
    (tmp_path / "site").symlink_to(home)
    monkeypatch.setenv("HOME", str(home))
    before = snapshot(tmp_path)
    ran = cli("build", "content", "-o", str(tmp_path / "site"), "--no-pdf")
    assert ran.code == 1 and "Traceback" not in ran.output, ran.output
    assert printed(ran, f"error: {tmp_path / 'site'}: refusing to use {home} as the output folder")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("content", "error: content: the output folder would contain the content folder"),
        (".", "error: .: the output folder would contain the content folder"),
        ("content/..", "error: content/..: the output folder would contain the content folder"),
        (
            "content/people/site",
            "error: content/people/site: the output folder is inside the content's people/ folder",
        ),
        (
            "content/assets",
            "error: content/assets: the output folder is inside the content's assets/ folder",
        ),
        ("content/trip.yaml", "error: content/trip.yaml: exists and is not a folder"),
    ],
)
def test_content_and_its_parents_are_refused(ws: Workspace, target: str, message: str) -> None:
    guard = Guard(ws)
    ran = cli("build", "content", "-o", target, "--no-pdf")
    assert ran.code == 1 and "Traceback" not in ran.output, ran.output
    assert printed(ran, message), ran.stderr
    guard.assert_untouched()


def test_a_folder_not_made_by_infoprep_is_refused(ws: Workspace) -> None:
    mine = ws.root / "mine"
    (mine / ".git").mkdir(parents=True)
    (mine / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (mine / "thesis.docx").write_bytes(b"years of work")
    guard = Guard(ws)
    ran = cli("build", "content", "-o", "mine", "--no-pdf")
    assert ran.code == 1 and "Traceback" not in ran.output, ran.output
    assert printed(ran, "error: mine: the folder is not empty and was not made by infoprep")
    guard.assert_untouched()


def test_a_hidden_file_alone_makes_a_folder_not_ours(ws: Workspace) -> None:
    mine = ws.root / "mine"
    mine.mkdir()
    (mine / ".env").write_text("KEY=1\n", encoding="utf-8")
    guard = Guard(ws)
    ran = cli("build", "content", "-o", "mine", "--no-pdf")
    assert ran.code == 1 and printed(
        ran, "error: mine: the folder is not empty and was not made by infoprep"
    )
    guard.assert_untouched()
    assert tree_digest(mine) == {".env": tree_digest(mine)[".env"]}


def test_refusal_comes_before_reading_content(ws: Workspace) -> None:
    """A refused output folder is reported even when the content is broken: nothing is read or written first."""
    ws.write("trip.yaml", "")
    guard = Guard(ws)
    ran = cli("build", "content", "-o", "content", "--no-pdf")
    assert ran.code == 1 and printed(
        ran, "error: content: the output folder would contain the content folder"
    )
    guard.assert_untouched()
