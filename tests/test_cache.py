"""The build cache: a PDF is re-rendered exactly when something it shows or depends on changed.

One small trip (the `infoprep new` scaffold: 4 meetings, Dana met twice, so 6 PDFs and
a binder) is built once per module; each test copies that content and output and
changes one thing, then counts what the rebuild rendered (BuildReport.pdfs_rendered).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from fixtures.building import Runner, build_options
from fixtures.pdf_pages import pdf_text
from pypdf import PdfReader

from generator import inputs as inputs_module
from generator.build import build
from generator.build_options import BuildReport
from generator.cli import main
from generator.commands.new import scaffold
from generator.printing import engine
from generator.printing.cache import cache_folder
from generator.render.theme import THEMES_DIR

TODAY = date(2027, 4, 1)
EPOCH = str(int(datetime(2027, 4, 1, 12, tzinfo=timezone.utc).timestamp()))
MEETINGS = 4
ALL = MEETINGS + 2  # packets, the itinerary and the pocket cards


def _png(colour: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, "PNG")
    return out.getvalue()


PNG_RED, PNG_BLUE = _png("red"), _png("blue")


def _trip(folder: Path) -> Path:
    scaffold(folder)
    (folder / "assets").mkdir()
    (folder / "assets" / "dot.png").write_bytes(PNG_RED)
    (folder / "people" / "dana-okafor.md").write_text(
        "# Dana\n\nRuns the **corridor studies**.\n\n![a dot](assets/dot.png)\n"
    )
    (folder / "people" / "priya-shah.md").write_text(
        "# Priya\n\nA photo she may send: ![photo](assets/later.png)\n"
    )
    theme = folder / "mytheme"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    shutil.copyfile(THEMES_DIR / "default" / "static" / "print.css", theme / "static" / "print.css")
    trip = folder / "trip.yaml"
    trip.write_text(trip.read_text().replace("title: Chicago", "theme: mytheme\ntitle: Chicago", 1))
    return folder


def _build(content: Path, output: Path, **options: object) -> BuildReport:
    return build(
        build_options(content=content, output=output, quiet=True, **{"today": TODAY, **options})
    )  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, BuildReport]:
    base = tmp_path_factory.mktemp("cache-base")
    content, output = _trip(base / "trip"), base / "site"
    cwd = os.getcwd()
    # content paths as a user types them ("trip"): they show in findings, so in the stamp
    os.chdir(base)
    try:
        return content, output, _build(Path("trip"), Path("site"))
    finally:
        os.chdir(cwd)


@pytest.fixture
def site(
    built: tuple[Path, Path, BuildReport], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """A private copy of the built trip and its output (cache included, file times kept), as ./trip and ./site."""
    content, output, _ = built
    shutil.copytree(content, tmp_path / "trip")
    subprocess.run(["cp", "-a", str(output), str(tmp_path / "site")], check=True)
    subprocess.run(
        ["cp", "-a", str(_cache(output)), str(_cache(tmp_path / "site"))], check=True
    )  # the cache, times kept
    monkeypatch.chdir(tmp_path)
    return Path("trip"), Path("site")


def _cache(output: Path) -> Path:
    """The build cache of an output folder (in the suite's own ~/.cache, see conftest.py)."""
    return cache_folder(output, os.environ)


def _pdf_text(path: Path) -> str:
    return pdf_text(path)


def _dana_packets(output: Path) -> list[Path]:
    return sorted(output.glob("meetings/*dana-okafor*/packet.pdf"))


def test_first_build_renders_every_pdf_and_the_binder(
    built: tuple[Path, Path, BuildReport],
) -> None:
    _, output, report = built
    assert (report.pdfs_rendered, report.pdfs_reused, report.binder_assembled) == (ALL, 0, True)
    assert len(list((_cache(output) / "pdf").glob("*.pdf"))) == ALL + 1
    assert len(PdfReader(output / "binder.pdf").pages) == sum(
        len(PdfReader(p).pages)
        for p in [output / "itinerary.pdf", *output.glob("meetings/*/packet.pdf")]
    )


def test_unchanged_rebuild_renders_and_writes_nothing(site: tuple[Path, Path]) -> None:
    content, output = site
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    report = _build(content, output)
    assert report.up_to_date
    assert (report.pdfs_rendered, report.pdfs_reused) == (0, ALL + 1)
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before


def test_a_changed_note_rerenders_only_that_persons_packets_and_the_binder(
    site: tuple[Path, Path],
) -> None:
    content, output = site
    notes = content / "people" / "dana-okafor.md"
    notes.write_text(notes.read_text() + "\nAsk about the **Halsted busway** pilot.\n")
    report = _build(content, output)
    assert (report.pdfs_rendered, report.pdfs_reused, report.binder_assembled) == (2, ALL - 2, True)
    for packet in _dana_packets(output):
        assert "Halsted busway" in _pdf_text(packet)
    binder = _pdf_text(output / "binder.pdf")
    assert binder.count("Halsted busway") == 2
    again = _build(content, output)
    assert again.up_to_date and again.pdfs_rendered == 0


def test_a_changed_template_rerenders_the_pages_made_from_it(site: tuple[Path, Path]) -> None:
    content, output = site
    (content / "templates").mkdir()
    (content / "templates" / "packet.html").write_text(
        '{% extends "default/packet.html" %}{% block main %}{{ super() }}<p>Printed from an '
        "override.</p>{% endblock %}"
    )
    report = _build(content, output)
    # the packets; the itinerary and pocket cards are reused
    assert report.pdfs_rendered == MEETINGS
    assert (report.pdfs_reused, report.binder_assembled) == (2, True)
    assert "Printed from an override." in _pdf_text(_dana_packets(output)[0])


def test_a_changed_stylesheet_rerenders_every_pdf(site: tuple[Path, Path]) -> None:
    content, output = site
    css = content / "mytheme" / "static" / "print.css"
    css.write_text(css.read_text() + "\nh1 { letter-spacing: 0.5pt; }\n")
    report = _build(content, output)
    assert (report.pdfs_rendered, report.pdfs_reused) == (ALL, 0)


def test_a_changed_image_rerenders_only_the_packets_that_show_it(site: tuple[Path, Path]) -> None:
    content, output = site
    (content / "assets" / "dot.png").write_bytes(PNG_BLUE)
    report = _build(content, output)
    assert report.pdfs_rendered == 2  # Dana's two packets show the image; the HTML did not change
    assert report.pdfs_reused == ALL - 2


def test_an_image_that_was_missing_and_now_exists_rerenders_its_packet(
    site: tuple[Path, Path],
) -> None:
    content, output = site
    (content / "assets" / "later.png").write_bytes(PNG_RED)
    report = _build(content, output)
    # Priya's packet was refused the image before, and the itinerary's "To check" box listed the
    # missing file.
    assert report.pdfs_rendered == 2


def test_a_changed_question_bank_rerenders_the_packets_only(site: tuple[Path, Path]) -> None:
    content, output = site
    bank = content / "questions.yaml"
    bank.write_text(
        bank.read_text().replace("What does a typical week", "What does an ordinary week", 1)
    )
    assert "ordinary week" in bank.read_text()
    report = _build(content, output)
    assert 1 <= report.pdfs_rendered <= MEETINGS
    assert report.pdfs_reused >= 2  # the itinerary and the pocket cards show no questions


def test_a_changed_paper_size_rerenders_everything(site: tuple[Path, Path]) -> None:
    content, output = site
    trip = content / "trip.yaml"
    trip.write_text(trip.read_text().replace("paper: letter", "paper: a4"))
    report = _build(content, output)
    assert (report.pdfs_rendered, report.pdfs_reused) == (ALL, 0)
    width, height = PdfReader(output / "itinerary.pdf").pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (595, 842)


def test_a_new_engine_version_rerenders_everything(
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    content, output = site
    monkeypatch.setattr(engine, "engine_versions", lambda: "weasyprint=999.0")
    engine.engine_id.cache_clear()
    try:
        report = _build(content, output)
    finally:
        engine.engine_id.cache_clear()
    assert report.pdfs_rendered == ALL
    # The same engine output byte for byte: the binder, made from the parts' bytes, is still good.
    assert (report.pdfs_reused, report.binder_assembled) == (1, False)


def test_a_changed_infoprep_rerenders_nothing_that_looks_the_same(
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """New infoprep code stamps a new build, but a PDF whose page and engine are unchanged is still reused."""
    content, output = site
    monkeypatch.setattr(inputs_module, "code_digest", lambda: "another infoprep")
    report = _build(content, output)
    assert not report.up_to_date
    assert (report.pdfs_rendered, report.pdfs_reused) == (0, ALL + 1)


def test_changed_fonts_rerender_everything(
    site: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, output = site
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "Extra.ttf").write_bytes(b"not really a font")
    monkeypatch.setattr(engine, "_fontconfig_lists", lambda: ([str(fonts)], []))

    def rebuild() -> BuildReport:
        engine.fonts_fingerprint.cache_clear()
        engine.engine_id.cache_clear()
        return _build(content, output)

    try:
        assert rebuild().pdfs_rendered == ALL  # another font list than the module's build saw
        assert rebuild().pdfs_rendered == 0
        (fonts / "Extra.ttf").write_bytes(b"a different font, of another size")
        assert rebuild().pdfs_rendered == ALL
    finally:
        engine.fonts_fingerprint.cache_clear()
        engine.engine_id.cache_clear()


def test_clean_renders_everything_again(site: tuple[Path, Path]) -> None:
    content, output = site
    report = _build(content, output, clean=True)
    assert (report.pdfs_rendered, report.pdfs_reused, report.binder_assembled) == (ALL, 0, True)


def test_a_pdf_edited_in_place_is_kept_and_never_served_from_the_cache(
    site: tuple[Path, Path],
) -> None:
    """A PDF annotated in place in the output is the user's now: the build will not replace it (it says so), and
    once it is moved away the packet is made again, from the cache only if the cached copy is still intact."""
    from generator.errors import OutputError

    content, output = site
    packet = _dana_packets(output)[0]
    original = packet.read_bytes()
    with packet.open(
        "ab"
    ) as handle:  # output PDFs may be hard links to the cache: this edits the cached copy too
        handle.write(b"% annotated by a PDF viewer\n")
    with pytest.raises(
        OutputError,
        match="was changed since infoprep wrote it, and the build would replace it; move it away",
    ):
        _build(content, output)
    annotated = packet.read_bytes()
    packet.rename(packet.with_name("my-notes.pdf"))
    report = _build(content, output)
    assert report.pdfs_rendered <= 1  # 1 where the edit reached the cached copy through a hard link
    assert (
        packet.read_bytes() == original
        and packet.with_name("my-notes.pdf").read_bytes() == annotated
    )


def test_a_deleted_output_file_is_written_again(site: tuple[Path, Path]) -> None:
    content, output = site
    (output / "index.html").unlink()
    report = _build(content, output)
    assert not report.up_to_date and report.pdfs_rendered == 0
    assert (output / "index.html").is_file()


def test_a_build_without_pdfs_keeps_the_cache_for_the_next(site: tuple[Path, Path]) -> None:
    content, output = site
    assert _build(content, output, pdf=False).pdfs_rendered == 0
    assert not (output / "binder.pdf").exists()
    report = _build(content, output)
    assert (report.pdfs_rendered, report.pdfs_reused) == (0, ALL + 1)


def test_a_damaged_index_costs_a_full_build_not_an_error(site: tuple[Path, Path]) -> None:
    content, output = site
    (_cache(output) / "index.json").write_text("{not json")
    assert _build(content, output).pdfs_rendered == ALL


@pytest.mark.parametrize("damage", ["outputs", "pdfs", "inputs", "memo"])
def test_damaged_cache_entries_cost_work_not_an_error(site: tuple[Path, Path], damage: str) -> None:
    """Valid JSON with the wrong shapes inside: the build does the work again and writes correct pages."""
    import json

    content, output = site
    index = _cache(output) / "index.json"
    data = json.loads(index.read_text())
    if damage == "outputs":
        data["build"]["outputs"] = {"index.html": []}
    elif damage == "pdfs":
        data["pdfs"] = {key: {"sha256": 5} for key in data["pdfs"]}
    elif damage == "inputs":
        data["inputs"] = ["not", "a", "mapping"]
    else:
        (_cache(output) / "memo.json").write_text(
            json.dumps({"code": "x", "memos": {"markdown": []}})
        )
    index.write_text(json.dumps(data))
    notes = content / "people" / "dana-okafor.md"
    notes.write_text(notes.read_text() + "\nStill works.\n")
    _build(content, output)
    assert all(
        "Still works" in p.read_text() for p in output.glob("meetings/*dana-okafor*/index.html")
    )


def test_the_output_holds_only_what_is_published(built: tuple[Path, Path, BuildReport]) -> None:
    """No cache, index or memo in the output folder: uploading it uploads the site and its manifest, nothing else."""
    import json

    _, output, _ = built
    manifest = json.loads((output / ".infoprep.json").read_text())["files"]
    on_disk = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
    assert on_disk == set(manifest) | {".infoprep.json"}
    assert "binder.pdf" in manifest and (_cache(output) / "index.json").is_file()


def test_two_builds_of_the_same_content_are_byte_identical(
    built: tuple[Path, Path, BuildReport], tmp_path: Path
) -> None:
    """With SOURCE_DATE_EPOCH set, every file of the output, manifest and PDFs included, cold or from the cache."""
    from fixtures.mini_trip import tree_digest

    content, output, _ = built
    environ = {"SOURCE_DATE_EPOCH": EPOCH}
    first, second = tmp_path / "one", tmp_path / "two"
    build(build_options(content=content, output=first, quiet=True, environ=environ, clean=True))
    build(build_options(content=content, output=second, quiet=True, environ=environ))
    assert tree_digest(first) == tree_digest(second)


def test_cli_summary_counts_rendered_and_reused(site: tuple[Path, Path]) -> None:
    content, output = site
    notes = content / "people" / "priya-shah.md"
    notes.write_text(notes.read_text() + "\nNew line.\n")
    result = Runner().invoke(
        main, ["build", str(content), "-o", str(output)], env={"SOURCE_DATE_EPOCH": EPOCH}
    )
    assert result.exit_code == 0, result.output
    assert "rendered," in result.output and "reused" in result.output


def test_missing_harfbuzz_subsetting_is_reported_once(
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    content, output = site
    monkeypatch.setattr("generator.printing.printer.harfbuzz_subsetting", lambda: False)
    for person in ("priya-shah", "dana-okafor"):
        notes = content / "people" / f"{person}.md"
        notes.write_text(notes.read_text() + "\nOne more line.\n")
    report = _build(content, output)
    assert report.pdfs_rendered == 3
    harfbuzz = [
        n for n in report.notices if "HarfBuzz" in n
    ]  # other notices: what the PDF sandbox refused
    assert len(harfbuzz) == 1
    assert "sudo apt-get install -y libharfbuzz-subset0" in harfbuzz[0]


def test_harfbuzz_probe_agrees_with_weasyprint() -> None:
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    expected = harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))
    assert engine.harfbuzz_subsetting() is expected


def _outline(
    reader: PdfReader, items: list | None = None, depth: int = 0
) -> list[tuple[int, str, int]]:  # type: ignore[type-arg]
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out += _outline(reader, item, depth + 1)
        else:
            out.append((depth, item.title, reader.get_destination_page_number(item)))
    return out


def _bookmarks(file: Path) -> tuple:  # type: ignore[type-arg]
    """A PDF's bookmarks as the renderer records them (render.pdf.Bookmark), read back with pypdf."""
    from generator.printing.pdf import Bookmark

    reader = PdfReader(file)

    def level(items: list) -> tuple:  # type: ignore[type-arg]
        out: list[Bookmark] = []
        for item in items:
            if isinstance(item, list):
                out[-1] = Bookmark(out[-1].title, out[-1].page, level(item))
            else:
                out.append(Bookmark(item.title, reader.get_destination_page_number(item), ()))
        return tuple(out)

    return level(reader.outline)


def _poppler_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    assert "Error" not in result.stderr, result.stderr
    return result.stdout.split("\f")


def test_a_private_build_keeps_its_cache_outside_the_output(site: tuple[Path, Path]) -> None:
    """An encrypted site holds nothing plain; its cache (the user's own disk, like the content) lets the next private
    build reuse every PDF."""
    content, output = site
    trip = content / "trip.yaml"
    trip.write_text(trip.read_text() + "site:\n  private: true\n")
    environ = {
        "INFOPREP_PASSWORD": "a long and unguessable passphrase 1984",
        "HOME": os.environ["HOME"],
    }
    report = build(
        build_options(content=content, output=output, today=TODAY, quiet=True, environ=environ)
    )
    assert report.pdfs_rendered + report.pdfs_reused + report.binder_assembled == ALL + 1
    assert (
        not list(output.rglob("*.pdf")) and not list(output.rglob("*.json"))[1:]
    )  # sealed under opaque names
    again = build(
        build_options(content=content, output=output, today=TODAY, quiet=True, environ=environ)
    )
    assert (again.pdfs_rendered, again.pdfs_reused) == (0, ALL + 1)


def test_a_deleted_note_is_gone_from_every_byte_of_the_binder(site: tuple[Path, Path]) -> None:
    """Add a private line, build, delete it, build: no byte of the new binder (inflated streams and the text poppler
    extracts included) holds it. The binder is assembled whole, never updated by appending."""
    import re
    import zlib

    content, output = site
    notes = content / "people" / "dana-okafor.md"
    before = notes.read_text()
    notes.write_text(before + "\nSecret salary figure QZX-4417 from a friend.\n")
    _build(content, output)
    assert "QZX-4417" in _pdf_text(output / "binder.pdf")
    notes.write_text(before)
    report = _build(content, output)
    assert report.binder_assembled
    data = (output / "binder.pdf").read_bytes()
    assert data.count(b"%%EOF") == 1
    streams = [m.group(1) for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)]
    inflated = []
    for raw in streams:
        try:
            inflated.append(zlib.decompress(raw))
        except zlib.error:
            inflated.append(raw)
    for blob in [data, *inflated]:
        assert b"QZX" not in blob and "QZX".encode("utf-16-be") not in blob
    assert "QZX" not in _pdf_text(output / "binder.pdf")


def test_the_binder_shares_fonts_and_gives_each_subset_its_own_tag(
    built: tuple[Path, Path, BuildReport],
) -> None:
    """ISO 32000-1 9.6.4: one subset tag names one font program. Identical programs are stored once."""
    from pypdf import PdfReader

    _, output, _ = built
    reader = PdfReader(output / "binder.pdf")
    programs: dict[str, set[bytes]] = {}
    files: dict[int, int] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            # the binder's page numbers: a standard font, not embedded
            if font["/BaseFont"] == "/Helvetica":
                continue
            for cid in font.get("/DescendantFonts", [font]):
                descriptor = cid.get_object()["/FontDescriptor"].get_object()
                ref = descriptor.raw_get(
                    "/FontFile2" if "/FontFile2" in descriptor else "/FontFile3"
                )
                programs.setdefault(str(descriptor["/FontName"]), set()).add(
                    ref.get_object().get_data()
                )
                files[ref.idnum] = files.get(ref.idnum, 0) + 1
    assert all(len(bodies) == 1 for bodies in programs.values()), {
        k: len(v) for k, v in programs.items() if len(v) > 1
    }
    # each program stored once
    assert len({b for bodies in programs.values() for b in bodies}) == len(files)


def _pages(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*.html"))
    }


def _same_as_clean(content: Path, output: Path, tmp: Path, **options: object) -> None:
    """The incremental build's pages and PDFs' text are exactly a clean build's: no page key served a stale page."""
    clean = tmp / "clean-site"
    _build(content, clean, clean=True, **options)
    assert _pages(output) == _pages(clean)
    for packet in sorted(clean.glob("meetings/*/packet.pdf")):
        assert _pdf_text(output / packet.relative_to(clean)) == _pdf_text(packet)
    # assembled from the parts alone: the same parts, the same bytes
    if (clean / "binder.pdf").exists():
        assert (output / "binder.pdf").read_bytes() == (clean / "binder.pdf").read_bytes()


def test_a_changed_note_builds_what_a_clean_build_makes(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    content, output = site
    # Priya has one meeting, not the first nor the last
    notes = content / "people" / "priya-shah.md"
    notes.write_text(notes.read_text() + "\nAsk about the **Red Line extension**.\n")
    _build(content, output)
    assert (
        "Red Line extension" in (next(output.glob("meetings/*priya-shah*/index.html"))).read_text()
    )
    _same_as_clean(content, output, tmp_path)


def test_a_renamed_person_changes_the_pages_that_name_them(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    """Another meeting's pager shows this person's name: its page must change too."""
    content, output = site
    profile = content / "people" / "priya-shah.yaml"
    profile.write_text(
        profile.read_text().replace("name: Priya Shah", "name: Priya Shah-Lindqvist", 1)
    )
    _build(content, output)
    named = [name for name, page in _pages(output).items() if "Shah-Lindqvist" in page.decode()]
    assert len(named) > 2  # her packet, its neighbours, the itinerary...
    _same_as_clean(content, output, tmp_path)


@pytest.mark.parametrize("change", ["trip title", "template", "question bank", "today"])
def test_whatever_shapes_every_page_builds_what_a_clean_build_makes(
    site: tuple[Path, Path], tmp_path: Path, change: str
) -> None:
    content, output = site
    options: dict[str, object] = {}
    if change == "trip title":
        trip = content / "trip.yaml"
        trip.write_text(trip.read_text().replace("title: Chicago", "title: Chicagoland", 1))
    elif change == "template":
        (content / "templates").mkdir()
        (content / "templates" / "packet.html").write_text(
            '{% extends "default/packet.html" %}{% block title %}Prep: {{ super() }}{% endblock %}'
        )
    elif change == "question bank":  # every packet asks the bank's first career-path question
        bank = content / "questions.yaml"
        bank.write_text(
            bank.read_text().replace(
                "How did you get started in this field", "How did you first get into this field", 1
            )
        )
    else:
        options["today"] = date(2027, 4, 20)  # after the trip: every follow-up is due or overdue
    _build(content, output, **options)
    _same_as_clean(content, output, tmp_path, **({"today": options["today"]} if options else {}))


def test_a_page_edited_in_place_is_kept_until_moved_away(site: tuple[Path, Path]) -> None:
    """An edited page (even of the same size) is not called up to date, nor silently replaced: the build names it."""
    from generator.errors import OutputError

    content, output = site
    page = sorted(output.glob("meetings/*/index.html"))[0]
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</main>", b"<p>x</p></main>").replace(b"<main", b"<mai", 0))
    with pytest.raises(OutputError, match="was changed since infoprep wrote it"):
        _build(content, output)
    page.unlink()
    assert not _build(content, output).up_to_date
    assert page.read_bytes() == original


def test_a_touched_but_unchanged_file_renders_nothing(site: tuple[Path, Path]) -> None:
    content, output = site
    notes = content / "people" / "dana-okafor.md"
    os.utime(notes, ns=(notes.stat().st_atime_ns, notes.stat().st_mtime_ns + 10**9))
    report = _build(content, output)
    assert report.up_to_date and report.pdfs_rendered == 0
    assert _build(content, output).up_to_date


def test_a_changed_note_templates_only_the_pages_that_show_it(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    """The other people's packets, web and print, come from the memo, in another process too (its
    string hashing differs: PYTHONHASHSEED); the pages are a clean build's."""
    content, output = site
    notes = content / "people" / "priya-shah.md"
    notes.write_text(notes.read_text() + "\nAsk about the **Blue Line**.\n")
    script = (
        "import sys; from datetime import date; from pathlib import Path; "
        "from generator.build import build; from generator.build_options import BuildOptions; "
        "r = build(BuildOptions(content=Path(sys.argv[1]), output=Path(sys.argv[2]), quiet=True, "
        "today=date(2027, 4, 1))); print(r.pages_reused)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(content), str(output)],
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        capture_output=True,
        text=True,
        check=True,
    )
    # Dana's first meeting is neither Priya's nor next to hers (its packet page and print page);
    # the itinerary (web and print), network, follow-ups, opportunities and pocket cards name Priya
    # but show no notes; Priya's packets and her neighbours' (whose pager shows her) are templated
    assert int(run.stdout.split()[-1]) == 8
    _same_as_clean(content, output, tmp_path)
    assert _build(content, tmp_path / "fresh", clean=True, pdf=False).pages_reused == 0


def test_a_page_planted_in_the_memo_must_pass_the_page_checks(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    """The memo is in the cache, which anyone who can write the folder wrote: a kept page that
    would navigate away (a refresh) is templated again, never published."""
    import json

    content, output = site
    memo_file = _cache(output) / "memo.json"
    memo = json.loads(memo_file.read_text())
    assert memo["memos"]["pages"]
    evil = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    memo["memos"]["pages"] = {k: evil + v for k, v in memo["memos"]["pages"].items()}
    memo_file.write_text(json.dumps(memo))
    notes = content / "people" / "priya-shah.md"
    notes.write_text(notes.read_text() + "\nAsk about the **Brown Line**.\n")
    # the print pages, none planted: Dana's packet, the itinerary and the pocket cards
    assert _build(content, output).pages_reused == 3
    assert not [n for n, page in _pages(output).items() if b"evil.example" in page]
    assert "Brown Line" in next(output.glob("meetings/*priya-shah*/index.html")).read_text()
    dana = sorted(output.glob("meetings/*dana-okafor*/index.html"))[0].read_text()
    assert dana.count("Content-Security-Policy") == 1  # templated again, the policy first


@pytest.mark.parametrize(
    "reads",
    [
        "{{ row.person.research }}",
        '{% set field = "resea" ~ "rch" %}{{ row.person[field] }}',
        '{{ rows|map(attribute="person")|map(attribute="resea" ~ "rch")|join(" ") }}',
    ],
    ids=["by-name", "by-computed-name", "through-filters"],
)
def test_an_itinerary_that_shows_notes_shows_the_edited_note(
    site: tuple[Path, Path], tmp_path: Path, reads: str
) -> None:
    """The itinerary's key leaves the notes out only while its templates never read them: an
    override that reads them, by name or by a name made as it renders, is templated again."""
    content, output = site
    (content / "templates").mkdir()
    (content / "templates" / "itinerary.html").write_text(
        '{% extends "default/itinerary.html" %}{% block main %}{{ super() }}'
        '<aside id="notes">{% for day in days %}{% set rows = day.rows %}{% for row in rows %}'
        + reads
        + "{% endfor %}{% endfor %}</aside>{% endblock %}"
    )
    _build(content, output, pdf=False)
    notes = content / "people" / "priya-shah.md"
    notes.write_text(notes.read_text() + "\nAsk about the **Brown Line**.\n")
    _build(content, output, pdf=False)
    assert "Brown Line" in (output / "index.html").read_text()
    _same_as_clean(content, output, tmp_path, pdf=False)
