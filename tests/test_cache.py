"""The build cache: a PDF is re-rendered exactly when something it shows or depends on changed.

One small trip (the `infoprep new` scaffold: 4 meetings, Dana met twice, so 6 PDFs and
a binder) is built once per module; each test copies that content and output and
changes one thing, then counts what the rebuild rendered (BuildReport.pdfs_rendered).
"""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator import inputs as inputs_module
from generator.build import BuildOptions, BuildReport, build
from generator.cli import main
from generator.render import engine
from generator.render.theme import THEMES_DIR
from generator.scaffold import scaffold

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
    (folder / "people" / "dana-okafor.md").write_text("# Dana\n\nRuns the **corridor studies**.\n\n![a dot](assets/dot.png)\n")
    (folder / "people" / "priya-shah.md").write_text("# Priya\n\nA photo she may send: ![photo](assets/later.png)\n")
    theme = folder / "mytheme"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    shutil.copyfile(THEMES_DIR / "default" / "static" / "print.css", theme / "static" / "print.css")
    trip = folder / "trip.yaml"
    trip.write_text(trip.read_text().replace("title: Chicago", "theme: mytheme\ntitle: Chicago", 1))
    return folder


def _build(content: Path, output: Path, **options: object) -> BuildReport:
    return build(BuildOptions(content=content, output=output, quiet=True, **{"today": TODAY, **options}))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, BuildReport]:
    base = tmp_path_factory.mktemp("cache-base")
    content, output = _trip(base / "trip"), base / "site"
    cwd = os.getcwd()
    os.chdir(base)  # content paths as a user types them ("trip"): they show in findings, so in the stamp
    try:
        return content, output, _build(Path("trip"), Path("site"))
    finally:
        os.chdir(cwd)


@pytest.fixture
def site(built: tuple[Path, Path, BuildReport], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A private copy of the built trip and its output (cache included, file times kept), as ./trip and ./site."""
    content, output, _ = built
    shutil.copytree(content, tmp_path / "trip")
    subprocess.run(["cp", "-a", str(output), str(tmp_path / "site")], check=True)  # keeps the hard links
    monkeypatch.chdir(tmp_path)
    return Path("trip"), Path("site")


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def _dana_packets(output: Path) -> list[Path]:
    return sorted(output.glob("meetings/*dana-okafor*/packet.pdf"))


def test_first_build_renders_every_pdf_and_the_binder(built: tuple[Path, Path, BuildReport]) -> None:
    _, output, report = built
    assert (report.pdfs_rendered, report.pdfs_reused, report.binder_assembled) == (ALL, 0, True)
    assert len(list(output.glob(".infoprep-cache/*.pdf"))) == ALL + 1
    assert len(PdfReader(output / "binder.pdf").pages) == sum(
        len(PdfReader(p).pages) for p in [output / "itinerary.pdf", *output.glob("meetings/*/packet.pdf")]
    )


def test_unchanged_rebuild_renders_and_writes_nothing(site: tuple[Path, Path]) -> None:
    content, output = site
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    report = _build(content, output)
    assert report.up_to_date
    assert (report.pdfs_rendered, report.pdfs_reused) == (0, ALL + 1)
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before


def test_a_changed_note_rerenders_only_that_persons_packets_and_the_binder(site: tuple[Path, Path]) -> None:
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
        '{% extends "default/packet.html" %}{% block main %}{{ super() }}<p>Printed from an override.</p>{% endblock %}'
    )
    report = _build(content, output)
    assert report.pdfs_rendered == MEETINGS  # the packets; the itinerary and pocket cards are reused
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


def test_an_image_that_was_missing_and_now_exists_rerenders_its_packet(site: tuple[Path, Path]) -> None:
    content, output = site
    (content / "assets" / "later.png").write_bytes(PNG_RED)
    report = _build(content, output)
    assert report.pdfs_rendered == 1  # Priya's packet was refused the image before


def test_a_changed_question_bank_rerenders_the_packets_only(site: tuple[Path, Path]) -> None:
    content, output = site
    bank = content / "questions.yaml"
    bank.write_text(bank.read_text().replace("What does a typical week", "What does an ordinary week", 1))
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


def test_a_new_engine_version_rerenders_everything(site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
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


def test_a_changed_infoprep_rerenders_nothing_that_looks_the_same(site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """New infoprep code stamps a new build, but a PDF whose page and engine are unchanged is still reused."""
    content, output = site
    monkeypatch.setattr(inputs_module, "code_digest", lambda: "another infoprep")
    report = _build(content, output)
    assert not report.up_to_date
    assert (report.pdfs_rendered, report.pdfs_reused) == (0, ALL + 1)


def test_changed_fonts_rerender_everything(site: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
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


def test_a_pdf_edited_in_place_is_never_served_again(site: tuple[Path, Path]) -> None:
    content, output = site
    packet = _dana_packets(output)[0]
    original = packet.read_bytes()
    with packet.open("ab") as handle:  # output PDFs are hard links to the cache: this edits the cached copy too
        handle.write(b"% annotated by a PDF viewer\n")
    report = _build(content, output)
    assert report.pdfs_rendered == 1
    assert packet.read_bytes() == original  # rendered again, the same bytes


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
    (output / ".infoprep-cache" / "index.json").write_text("{not json")
    assert _build(content, output).pdfs_rendered == ALL


@pytest.mark.parametrize("damage", ["stats", "pages"])
def test_damaged_cache_entries_cost_work_not_an_error(site: tuple[Path, Path], damage: str) -> None:
    """Valid JSON with the wrong shapes inside, and compiled templates that are not bytecode (or are, but with a
    hostile checksum): the build does the work again and writes correct pages."""
    import json

    content, output = site
    index = output / ".infoprep-cache" / "index.json"
    if damage in ("stats", "pages"):
        data = json.loads(index.read_text())
        data[damage] = {"content/trip.yaml": []} if damage == "stats" else ["not", "a", "mapping"]
        index.write_text(json.dumps(data))
    notes = content / "people" / "dana-okafor.md"
    notes.write_text(notes.read_text() + "\nStill works.\n")
    _build(content, output)
    assert all("Still works" in p.read_text() for p in output.glob("meetings/*dana-okafor*/index.html"))


def test_cache_files_stay_out_of_the_manifest(built: tuple[Path, Path, BuildReport]) -> None:
    import json

    _, output, _ = built
    manifest = json.loads((output / ".infoprep.json").read_text())["files"]
    assert "binder.pdf" in manifest and not any(name.startswith(".infoprep-cache") for name in manifest)


def test_cli_summary_counts_rendered_and_reused(site: tuple[Path, Path]) -> None:
    content, output = site
    notes = content / "people" / "priya-shah.md"
    notes.write_text(notes.read_text() + "\nNew line.\n")
    result = CliRunner().invoke(main, ["build", str(content), "-o", str(output)], env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    assert "rendered," in result.output and "reused" in result.output


def test_missing_harfbuzz_subsetting_is_reported_once(site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    content, output = site
    monkeypatch.setattr("generator.pdfs.harfbuzz_subsetting", lambda: False)
    for person in ("priya-shah", "dana-okafor"):
        notes = content / "people" / f"{person}.md"
        notes.write_text(notes.read_text() + "\nOne more line.\n")
    report = _build(content, output)
    assert report.pdfs_rendered == 3
    harfbuzz = [n for n in report.notices if "HarfBuzz" in n]  # other notices: what the PDF sandbox refused
    assert len(harfbuzz) == 1
    assert "sudo apt-get install -y libharfbuzz-subset0" in harfbuzz[0]


def test_harfbuzz_probe_agrees_with_weasyprint() -> None:
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    expected = harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))
    assert engine.harfbuzz_subsetting() is expected


def _outline(reader: PdfReader, items: list | None = None, depth: int = 0) -> list[tuple[int, str, int]]:  # type: ignore[type-arg]
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out += _outline(reader, item, depth + 1)
        else:
            out.append((depth, item.title, reader.get_destination_page_number(item)))
    return out


def _bookmarks(file: Path) -> tuple:  # type: ignore[type-arg]
    """A PDF's bookmarks as the renderer records them (render.pdf.Bookmark), read back with pypdf."""
    from generator.render.pdf import Bookmark

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


def test_an_updated_binder_reads_like_a_freshly_assembled_one(built: tuple[Path, Path, BuildReport], tmp_path: Path) -> None:
    """The incremental update (pages swapped, objects appended) against assembling from scratch."""
    from generator.build import load_and_plan
    from generator.render.binder import Part, make_binder, order
    from generator.render.paths import Paths

    content, output, _ = built
    _, plan, _ = load_and_plan(content, TODAY)
    paths = Paths()
    names = order(plan, paths)

    def part(name: str, file: Path) -> Part:
        return Part(file, _bookmarks(file), len(PdfReader(file).pages), inputs_module.file_digest(file))

    parts = {name: part(name, output / name) for name in names}
    assert all(parts[name].outline for name in names[1:])  # the packets' own bookmarks nest under each meeting
    first = make_binder(plan, parts, paths, tmp_path / "first.pdf")
    # The second meeting's packet changes (here: it becomes a copy of the last one, a different length).
    changed = dict(parts, **{names[2]: part(names[2], output / names[-1])})
    roomy = dataclasses.replace(first, compact_size=10**9)
    updated = make_binder(plan, changed, paths, tmp_path / "updated.pdf", (tmp_path / "first.pdf", roomy))
    fresh = make_binder(plan, changed, paths, tmp_path / "fresh.pdf")
    assert [row[:2] for row in updated.parts] == [row[:2] for row in fresh.parts]
    assert (tmp_path / "updated.pdf").read_bytes().startswith((tmp_path / "first.pdf").read_bytes())  # appended, not rewritten
    assert _poppler_pages(tmp_path / "updated.pdf") == _poppler_pages(tmp_path / "fresh.pdf")  # a second, independent reader
    got, want = PdfReader(tmp_path / "updated.pdf", strict=True), PdfReader(tmp_path / "fresh.pdf", strict=True)
    assert [p.extract_text() for p in got.pages] == [p.extract_text() for p in want.pages]
    assert _outline(got) == _outline(want)
    assert [title for depth, title, _ in _outline(got) if depth == 0][:2] == ["Itinerary", "Monday, April 12"]
    assert max(depth for depth, _, _ in _outline(got)) >= 2  # the packets' own bookmarks, kept and new, are there
    again = make_binder(plan, parts, paths, tmp_path / "again.pdf", (tmp_path / "updated.pdf", dataclasses.replace(updated, compact_size=10**9)))
    back = PdfReader(tmp_path / "again.pdf", strict=True)  # a second update, on top of the first, back to the start
    assert _outline(back) == _outline(PdfReader(tmp_path / "first.pdf", strict=True))
    assert [p.extract_text() for p in back.pages] == [p.extract_text() for p in PdfReader(tmp_path / "first.pdf").pages]
    assert again.outline is not None and len(again.outline.parts) == len(names)


def test_a_binder_grown_by_updates_is_assembled_again(built: tuple[Path, Path, BuildReport], tmp_path: Path) -> None:
    from generator.build import load_and_plan
    from generator.render.binder import Part, make_binder, order
    from generator.render.paths import Paths

    content, output, _ = built
    _, plan, _ = load_and_plan(content, TODAY)
    paths = Paths()
    parts = {n: Part(output / n, (), len(PdfReader(output / n).pages), inputs_module.file_digest(output / n)) for n in order(plan, paths)}
    first = make_binder(plan, parts, paths, tmp_path / "first.pdf")
    changed = dict(parts)
    name = order(plan, paths)[1]
    changed[name] = Part(parts[name].file, (), parts[name].pages, "another digest")
    grown = dataclasses.replace(first, compact_size=first.compact_size // 2)  # as if updates had doubled the file
    again = make_binder(plan, changed, paths, tmp_path / "again.pdf", (tmp_path / "first.pdf", grown))
    assert again.compact_size > grown.compact_size
    make_binder(plan, changed, paths, tmp_path / "fresh.pdf")
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()  # assembled from scratch
    make_binder(plan, changed, paths, tmp_path / "updated.pdf", (tmp_path / "first.pdf", first))
    assert (tmp_path / "updated.pdf").read_bytes().startswith((tmp_path / "first.pdf").read_bytes())


def test_a_binder_copied_ahead_is_updated_to_the_same_bytes_and_digest(built: tuple[Path, Path, BuildReport], tmp_path: Path) -> None:
    """The build copies the last binder while the parts render (binder.Copy), hashing as it copies."""
    from generator.build import load_and_plan
    from generator.render.binder import Copy, Part, make_binder, order
    from generator.render.paths import Paths

    content, output, _ = built
    _, plan, _ = load_and_plan(content, TODAY)
    paths = Paths()
    names = order(plan, paths)
    parts = {n: Part(output / n, (), len(PdfReader(output / n).pages), inputs_module.file_digest(output / n)) for n in names}
    first = make_binder(plan, parts, paths, tmp_path / "first.pdf")
    changed = dict(parts, **{names[1]: Part(output / names[-1], (), parts[names[-1]].pages, parts[names[-1]].sha256)})
    make_binder(plan, changed, paths, tmp_path / "plain.pdf", (tmp_path / "first.pdf", first))
    copy = Copy.make(tmp_path / "first.pdf", tmp_path / "copy.pdf")
    make_binder(plan, changed, paths, tmp_path / "ahead.pdf", (tmp_path / "first.pdf", first), copy=copy)
    assert copy.used and not (tmp_path / "copy.pdf").exists()
    assert (tmp_path / "ahead.pdf").read_bytes() == (tmp_path / "plain.pdf").read_bytes()
    assert copy.sha256(tmp_path / "ahead.pdf") == inputs_module.file_digest(tmp_path / "plain.pdf")
    stale = Copy.make(tmp_path / "plain.pdf", tmp_path / "stale.pdf")  # a copy of another file is not taken
    make_binder(plan, changed, paths, tmp_path / "other.pdf", (tmp_path / "first.pdf", first), copy=stale)
    assert not stale.used and (tmp_path / "other.pdf").read_bytes() == (tmp_path / "plain.pdf").read_bytes()


def test_a_build_told_to_keep_no_cache_leaves_none(site: tuple[Path, Path]) -> None:
    """For outputs that must hold only what they publish (an encrypted site): no plain PDFs left behind."""
    content, output = site
    report = _build(content, output, cache=False)
    assert (report.pdfs_rendered, report.pdfs_reused) == (ALL, 0)
    assert not (output / ".infoprep-cache").exists()
    assert (output / "binder.pdf").is_file() and len(list(output.glob("meetings/*/packet.pdf"))) == MEETINGS
    assert _build(content, output, cache=False).pdfs_rendered == ALL


def _poppler_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    assert "Error" not in result.stderr, result.stderr
    return result.stdout.split("\f")


def test_markdown_is_converted_again_only_for_changed_text(site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The renderer's Markdown and QR results are kept with the cache; a changed note is the only new text."""
    import json

    from generator.render import markdown as markdown_module

    content, output = site
    memo = json.loads((output / ".infoprep-cache" / "memo.json").read_text())
    assert memo["memos"]["markdown"] and memo["memos"]["qr"]
    converted: list[str] = []
    real = markdown_module._convert
    monkeypatch.setattr(markdown_module, "_convert", lambda text: converted.append(text) or real(text))
    notes = content / "people" / "dana-okafor.md"
    notes.write_text(notes.read_text() + "\nA brand-new line.\n")
    _build(content, output)
    assert converted == [notes.read_text()]
    converted.clear()
    monkeypatch.setattr(inputs_module, "code_digest", lambda: "other code")  # memos of other code are not trusted
    _build(content, output, pdf=False)
    assert len(converted) > 5


def test_a_private_build_uses_and_leaves_no_cache(site: tuple[Path, Path]) -> None:
    """An encrypted site must hold nothing plain: no cached PDFs, no index, no memo of the notes."""
    content, output = site
    trip = content / "trip.yaml"
    trip.write_text(trip.read_text() + "site:\n  private: true\n")
    environ = {"INFOPREP_PASSWORD": "a long and unguessable passphrase 1984"}
    report = build(BuildOptions(content=content, output=output, today=TODAY, quiet=True, environ=environ))
    assert (report.pdfs_rendered, report.pdfs_reused) == (ALL, 0)
    assert not (output / ".infoprep-cache").exists()
    assert not list(output.rglob("*.pdf"))  # sealed under opaque names


# ---- pages: a page made from the same context is not templated again (render/page_keys.py) ----


def _pages(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*.html"))}


def _same_as_clean(content: Path, output: Path, tmp: Path, **options: object) -> None:
    """The incremental build's pages and PDFs' text are exactly a clean build's: no page key served a stale page."""
    clean = tmp / "clean-site"
    _build(content, clean, clean=True, **options)
    assert _pages(output) == _pages(clean)
    for packet in sorted(clean.glob("meetings/*/packet.pdf")):
        assert _pdf_text(output / packet.relative_to(clean)) == _pdf_text(packet)


def test_an_unchanged_packet_page_is_not_templated_again(site: tuple[Path, Path], tmp_path: Path) -> None:
    content, output = site
    notes = content / "people" / "priya-shah.md"  # Priya has one meeting, not the first nor the last
    notes.write_text(notes.read_text() + "\nAsk about the **Red Line extension**.\n")
    report = _build(content, output)
    # Priya's web and print pages change, and so do her neighbours' (their pager names her, with her notes in the
    # context); the other packet's two pages are reused.
    assert report.pages_reused >= 2
    assert report.pages_reused < 2 * MEETINGS
    assert "Red Line extension" in (next(output.glob("meetings/*priya-shah*/index.html"))).read_text()
    _same_as_clean(content, output, tmp_path)


def test_a_renamed_person_changes_the_pages_that_name_them(site: tuple[Path, Path], tmp_path: Path) -> None:
    """Another meeting's pager shows this person's name: its page must not be reused."""
    content, output = site
    profile = content / "people" / "priya-shah.yaml"
    profile.write_text(profile.read_text().replace("name: Priya Shah", "name: Priya Shah-Lindqvist", 1))
    _build(content, output)
    named = [name for name, page in _pages(output).items() if "Shah-Lindqvist" in page.decode()]
    assert len(named) > 2  # her packet, its neighbours, the itinerary...
    _same_as_clean(content, output, tmp_path)


@pytest.mark.parametrize("change", ["trip title", "template", "question bank", "today"])
def test_whatever_shapes_every_page_templates_every_page_again(site: tuple[Path, Path], tmp_path: Path, change: str) -> None:
    content, output = site
    options: dict[str, object] = {}
    if change == "trip title":
        trip = content / "trip.yaml"
        trip.write_text(trip.read_text().replace("title: Chicago", "title: Chicagoland", 1))
    elif change == "template":
        (content / "templates").mkdir()
        (content / "templates" / "packet.html").write_text('{% extends "default/packet.html" %}{% block title %}Prep: {{ super() }}{% endblock %}')
    elif change == "question bank":  # every packet asks the bank's first career-path question
        bank = content / "questions.yaml"
        bank.write_text(bank.read_text().replace("How did you get started in this field", "How did you first get into this field", 1))
    else:
        options["today"] = date(2027, 4, 20)  # after the trip: every follow-up is due or overdue
    report = _build(content, output, **options)
    assert report.pages_reused == 0
    _same_as_clean(content, output, tmp_path, **({"today": options["today"]} if options else {}))


def test_a_page_edited_in_place_is_written_again(site: tuple[Path, Path]) -> None:
    content, output = site
    page = sorted(output.glob("meetings/*/index.html"))[0]
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</main>", b"<p>scribbled</p></main>"))
    trip = content / "trip.yaml"
    trip.write_text(trip.read_text() + "\n# a comment: the content changed, the pages did not\n")
    report = _build(content, output)
    assert report.pages_reused == 2 * MEETINGS - 1
    assert page.read_bytes() == original


def test_page_keys_do_not_depend_on_the_hash_seed(built: tuple[Path, Path, BuildReport], tmp_path: Path) -> None:
    """Sets of strings pickle in hash order, which changes with each process: keys must not."""
    import json
    import sys

    content, _, _ = built
    keys = []
    for seed in ("0", "1", "2", "3"):
        out = tmp_path / f"site-{seed}"
        subprocess.run(
            [sys.executable, "-m", "generator", "build", str(content), "-o", str(out), "--no-pdf", "--quiet"],
            check=True, env={**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": EPOCH},
        )
        keys.append(json.loads((out / ".infoprep-cache" / "index.json").read_text())["pages"])
    assert len(keys[0]) == MEETINGS
    assert all(k == keys[0] for k in keys)


def test_an_edited_file_starts_the_first_worker_before_the_content_is_hashed(site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """A new size or time is enough to fork the worker (hashing ~580 files would delay it ~20 ms)."""
    from generator import pdfs as pdfs_module

    content, output = site
    events: list[str] = []
    real_start, real_add = pdfs_module.PdfStage.start, inputs_module.Snapshot.add_listed
    monkeypatch.setattr(pdfs_module.PdfStage, "start", lambda self: events.append("fork") or real_start(self))
    monkeypatch.setattr(inputs_module.Snapshot, "add_listed", lambda self, listed: events.append("hash") or real_add(self, listed))
    notes = content / "people" / "dana-okafor.md"
    notes.write_text(notes.read_text() + "\nOne more question.\n")
    _build(content, output)
    assert events[:2] == ["fork", "hash"]


def test_a_touched_but_unchanged_file_renders_nothing(site: tuple[Path, Path]) -> None:
    """The early look sees a new time and starts a worker; the hashes say nothing changed, so it goes unused."""
    content, output = site
    notes = content / "people" / "dana-okafor.md"
    os.utime(notes, ns=(notes.stat().st_atime_ns, notes.stat().st_mtime_ns + 10**9))
    report = _build(content, output)
    assert report.up_to_date and report.pdfs_rendered == 0
    assert _build(content, output).up_to_date
