"""Family "What others can write": the build cache and the output folder, as someone else may have left them.

Issue 13 items 3 and the low ones: the cache (in the user's cache directory, see generator/printing/cache.py) and the
output folder may be synced or shared, so neither is trusted. A planted memo entry never puts a script on a
page, a foreign or linked PDF in the cache is never published, `-o` through a link updates the link's target,
the output's name is never a pattern, two builds never write one output at once, a private build says which
plain files of the user's it carries along, and no output folder may sit inside a theme.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
from pathlib import Path

import pytest

from adversarial.helpers import REPO, Guard, Workspace, cli, printed, refused

BUILD_WEB = ("build", "content", "-o", "out", "--no-pdf")
BUILD_PDF = ("build", "content", "-o", "out", "--jobs", "1")
NOTE = "people/jose-alvarez.md"


def cache_of(output: Path) -> Path:
    from generator.printing.cache import cache_folder

    return cache_folder(output, dict(os.environ))


def pages(output: Path) -> dict[str, str]:
    return {
        p.relative_to(output).as_posix(): p.read_text(encoding="utf-8")
        for p in output.rglob("*.html")
    }


def touch_input(ws: Workspace) -> None:
    """An edit that templates every page again (so every memo entry and cached PDF is looked up)."""
    ws.write("trip.yaml", ws.read("trip.yaml") + "# edited\n")


# ---- the cache: data only, checked on the way out ------------------------------------------------


def test_a_script_planted_in_the_memo_never_reaches_a_page(ws: Workspace) -> None:
    ws.write(NOTE, "Met at the **transit data** meetup.\n")
    assert cli(*BUILD_WEB).code == 0
    memo_file = cache_of(ws.output) / "memo.json"
    memo = json.loads(memo_file.read_text(encoding="utf-8"))
    planted = 0
    for name, entries in memo["memos"].items():
        if name == "markdown":
            for text in entries:
                entries[text] += (
                    '<script>alert("owned")</script><img src=x onerror=alert(2)><a '
                    'href="javascript:alert(3)">x</a>'
                )
                planted += 1
    assert planted, "the first build memoised no Markdown"
    memo_file.write_text(json.dumps(memo), encoding="utf-8")
    touch_input(ws)
    ran = cli(*BUILD_WEB)
    assert ran.code == 0, ran.output
    built = pages(ws.output)
    assert any("<strong>transit data</strong>" in page for page in built.values())
    for name, page in built.items():
        assert (
            'alert("owned")' not in page
            and "onerror" not in page
            and "javascript:alert" not in page
        ), name


@pytest.mark.parametrize("swap", ["foreign bytes", "a link to a file of yours"])
def test_a_cached_pdf_that_is_not_what_was_recorded_is_never_published(
    ws_pdf: Workspace, tmp_path: Path, swap: str
) -> None:
    ws = ws_pdf
    assert cli(*BUILD_PDF).code == 0
    secret = tmp_path / "tax-return.pdf"
    secret.write_bytes(
        (ws.output / "itinerary.pdf").read_bytes() + b"% tax return 2026: private\n"
    )  # still opens
    cached = sorted((cache_of(ws.output) / "pdf").glob("*.pdf"))
    assert cached
    for path in cached:
        path.unlink()
        if swap == "foreign bytes":
            path.write_bytes(secret.read_bytes())
        else:
            path.symlink_to(secret)
    touch_input(ws)
    ran = cli(*BUILD_PDF)
    assert ran.code == 0, ran.output
    for pdf in ws.output.rglob("*.pdf"):
        assert not pdf.is_symlink() and b"tax return 2026" not in pdf.read_bytes(), pdf
    assert (
        "Adversarial test week"
        in subprocess.run(
            ["pdftotext", str(ws.output / "itinerary.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


def test_the_cache_holds_data_only(ws: Workspace) -> None:
    """No compiled templates, no pickles: nothing in the cache is ever loaded as code."""
    assert cli(*BUILD_WEB).code == 0
    folder = cache_of(ws.output)
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert {n for n in names if not n.startswith("pdf/")} <= {"index.json", "memo.json", "lock"}
    assert all(n.endswith(".pdf") for n in names if n.startswith("pdf/"))
    # a private trip's plain PDFs and notes live here too
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700)


# ---- the output folder ---------------------------------------------------------------------------


def test_an_output_given_through_a_link_is_built_in_the_links_target(ws: Workspace) -> None:
    real = ws.root / "published"
    ws.output.rename(real)
    ws.output.symlink_to(real, target_is_directory=True)
    ws.edit("trip.yaml", "title: Adversarial test week", "title: Boston in May")
    ran = cli(*BUILD_WEB)
    assert ran.code == 0, ran.output
    assert ws.output.is_symlink() and os.readlink(ws.output) == str(real)
    assert "Boston in May" in (real / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in ws.root.iterdir() if "infoprep" in p.name] == []


def test_the_output_name_is_never_a_pattern(ws: Workspace) -> None:
    """`-o 's*'` must not take a sibling's staging folder for its own."""
    sibling = ws.root / ".site.infoprep-staging-4242"
    sibling.mkdir()
    (sibling / "keep.txt").write_text(
        "a folder of someone else's that happens to look like a staging folder"
    )
    ran = cli("build", "content", "-o", "s*", "--no-pdf")
    assert ran.code == 0, ran.output
    assert (sibling / "keep.txt").is_file()
    assert (ws.root / "s*" / "index.html").is_file()


def test_two_builds_never_write_one_output_at_once(ws: Workspace) -> None:
    folder = cache_of(ws.output)
    folder.mkdir(parents=True, exist_ok=True)
    guard = Guard(ws)
    with open(folder / "lock", "a+b") as held:  # what a build that is running holds
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        ran = cli(*BUILD_WEB)
    refused(
        ran,
        guard,
        "error: another infoprep build is writing this output folder now; wait for it to finish",
    )


def test_a_private_build_says_which_plain_files_of_yours_it_carries(ws: Workspace) -> None:
    (ws.output / "notes-to-self.txt").write_text("call Kim about the referral")
    ws.write("trip.yaml", ws.read("trip.yaml") + "site:\n  private: true\n")
    ran = cli(*BUILD_WEB, env={"INFOPREP_PASSWORD": "plaid otter juggles nine lanterns"})
    assert ran.code == 0, ran.output
    assert printed(
        ran,
        "warning: 1 file(s) in the output folder are not infoprep's and stay there unencrypted, "
        "e.g. notes-to-self.txt",
    )


def test_an_output_inside_a_theme_is_refused(ws: Workspace) -> None:
    """It would be copied into itself as the theme's static files, growing with every build."""
    inside = REPO / "themes" / "default" / "static" / "out-inside-theme"
    assert not inside.exists()
    guard = Guard(ws)
    try:
        ran = cli("build", "content", "-o", str(inside), "--no-pdf")
        assert not inside.exists()
    finally:
        if inside.exists():
            import shutil

            shutil.rmtree(inside)
    refused(ran, guard)
    assert "inside the theme 'default'" in ran.stderr, ran.stderr


# ---- issue 26: the cache never followed, never someone else's, checked when published ------------


def test_a_pdf_folder_linked_elsewhere_in_the_cache_loses_nothing_there(
    ws: Workspace, tmp_path: Path
) -> None:
    """A `--no-pdf` build drops the PDFs it does not keep: through a `pdf/` link it deleted a folder of the user's."""
    assert cli(*BUILD_WEB).code == 0
    theses = tmp_path / "thesis"
    theses.mkdir()
    (theses / "chapter-1.pdf").write_bytes(b"%PDF-1.7 chapter one, three years of work")
    (theses / "notes.txt").write_text("do not lose")
    folder = cache_of(ws.output)
    for path in (folder / "pdf").iterdir():
        path.unlink()
    (folder / "pdf").rmdir()
    (folder / "pdf").symlink_to(theses, target_is_directory=True)
    touch_input(ws)
    ran = cli(*BUILD_WEB)
    assert ran.code == 0, ran.output
    assert sorted(p.name for p in theses.iterdir()) == ["chapter-1.pdf", "notes.txt"]
    assert (theses / "chapter-1.pdf").read_bytes() == b"%PDF-1.7 chapter one, three years of work"
    assert (folder / "pdf").is_dir() and not (folder / "pdf").is_symlink()


@pytest.mark.parametrize("partial", [".memo.json.part", ".index.json.part", "memo.json", "lock"])
def test_a_link_in_the_cache_is_never_written_through(
    ws: Workspace, tmp_path: Path, partial: str
) -> None:
    assert cli(*BUILD_WEB).code == 0
    mine = tmp_path / "bashrc"
    mine.write_text("export PATH=$HOME/bin:$PATH\n")
    planted = cache_of(ws.output) / partial
    planted.unlink(missing_ok=True)
    planted.symlink_to(mine)
    touch_input(ws)
    ran = cli(*BUILD_WEB)
    assert ran.code == 0, ran.output  # the planted link is replaced, the build goes on
    assert mine.read_text() == "export PATH=$HOME/bin:$PATH\n"
    assert not planted.is_symlink()


def test_a_cache_folder_of_another_user_is_refused(ws: Workspace) -> None:
    """With a shared XDG_CACHE_HOME another user pre-created the predictable folder, open to all."""
    folder = cache_of(ws.output)
    folder.mkdir(parents=True, exist_ok=True)
    os.chown(
        folder, 65534, 65534
    )  # the suite runs as root in CI containers; as anyone else, chown is refused
    folder.chmod(0o777)
    guard = Guard(ws)
    try:
        ran = cli(*BUILD_WEB)
    finally:
        os.chown(folder, os.getuid(), os.getgid())
    refused(
        ran, guard, f"error: {folder}: the build cache's folder belongs to another user (uid 65534)"
    )
    assert not (folder / "memo.json").exists()


def test_a_cache_folder_open_to_others_is_closed_and_not_reused(ws: Workspace) -> None:
    assert cli(*BUILD_WEB).code == 0
    folder = cache_of(ws.output)
    memo_file = folder / "memo.json"
    memo = json.loads(memo_file.read_text(encoding="utf-8"))
    memo["memos"]["markdown"] = {
        text: "<p>PLANTED BY ANOTHER USER</p>" for text in memo["memos"].get("markdown", {})
    }
    memo_file.write_text(json.dumps(memo), encoding="utf-8")
    folder.chmod(0o777)
    touch_input(ws)
    ran = cli(*BUILD_WEB)
    assert ran.code == 0, ran.output
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700)
    assert not any("PLANTED" in page for page in pages(ws.output).values())


@pytest.mark.parametrize("swap", ["foreign bytes", "a link to a file of yours"])
def test_a_cached_pdf_swapped_after_its_check_is_never_published(
    ws_pdf: Workspace, tmp_path: Path, swap: str
) -> None:
    """The swap happens while the build runs: after the cache was checked, before the output is written."""
    from fixtures.building import build_options

    from generator.build import build
    from generator.errors import OutputError

    ws = ws_pdf
    assert cli(*BUILD_PDF).code == 0
    secret = tmp_path / "id_ed25519"
    secret.write_bytes(b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n")
    ws.write(
        NOTE, "Asked about the **fare data** team.\n"
    )  # one packet is rendered again, the rest reused
    folder = cache_of(ws.output) / "pdf"
    swapped: list[Path] = []

    def swap_all(
        done: int, total: int, path: str
    ) -> None:  # called as each re-rendered PDF is made
        if swapped:
            return
        for cached in sorted(folder.glob("*.pdf")):
            cached.unlink()
            if swap == "foreign bytes":
                cached.write_bytes(secret.read_bytes())
            else:
                cached.symlink_to(secret)
            swapped.append(cached)

    before = tree_of(ws.output)
    options = build_options(
        content=ws.content, output=ws.output, pdf=True, jobs=1, quiet=True, environ=dict(os.environ)
    )
    with pytest.raises(OutputError, match="changed while the build ran|writing failed"):
        build(options, swap_all)
    assert swapped
    assert tree_of(ws.output) == before
    for pdf in ws.output.rglob("*.pdf"):
        assert not pdf.is_symlink() and b"PRIVATE KEY" not in pdf.read_bytes(), pdf


def tree_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
