"""The binder assembled again from parts prepared earlier: kept in memory (serve) or in the build
cache (parts/), it is byte for byte the binder a clean build assembles, and a damaged kept part
costs its preparation again, never an error or a wrong binder.

The fixture trip (4 meetings, so 5 parts: the itinerary and four packets) is built once per module;
each test works on a copy of its content, output and build cache.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from array import array
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures.building import build_options
from fixtures.mini_trip import MINI, TODAY

from generator.build import build
from generator.build_options import BuildReport
from generator.printing.binder import (
    DOCUMENT,
    FIRST_FREE,
    PAGE_FONT,
    PAGE_FONT_NAME,
    PAGES,
    SAVE,
)
from generator.printing.binder_parts import PreparedParts, decode, encode
from generator.printing.cache import cache_folder
from generator.printing.pdfassembly import Assembler, Overlay, PreparedPart
from generator.printing.pdfobjects import SourcePdf
from generator.printing.pdfstructure import Structure
from generator.printing.pdfwriter import PdfWriter

PARTS = 5
"""The itinerary and one packet per meeting."""


def _build(content: Path, output: Path, **options: object) -> BuildReport:
    settings: dict[str, object] = {"today": TODAY, "quiet": True, **options}
    return build(build_options(content=content, output=output, **settings))


def _cache(output: Path) -> Path:
    return cache_folder(output, os.environ)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("binder-reuse")
    shutil.copytree(MINI, base / "trip")
    _build(base / "trip", base / "site")
    return base / "trip", base / "site"


@pytest.fixture
def site(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the built trip, its output and its build cache."""
    content, output = built
    shutil.copytree(content, tmp_path / "trip")
    subprocess.run(["cp", "-a", str(output), str(tmp_path / "site")], check=True)
    subprocess.run(["cp", "-a", str(_cache(output)), str(_cache(tmp_path / "site"))], check=True)
    return tmp_path / "trip", tmp_path / "site"


def _edit_notes(content: Path, line: str) -> None:
    """Kim Park is met once: her packet changes, no other part does."""
    notes = content / "people" / "kim-park.md"
    before = notes.read_text(encoding="utf-8") if notes.exists() else "# Kim\n"
    notes.write_text(f"{before}\n{line}\n", encoding="utf-8")


def _clean_binder(content: Path, tmp_path: Path) -> bytes:
    """The binder a clean build of `content` assembles, in an output (and cache) of its own."""
    output = tmp_path / "clean-site"
    report = _build(content, output, clean=True)
    assert report.binder_assembled and report.binder_parts_reused == 0
    return (output / "binder.pdf").read_bytes()


def _kept_files(output: Path) -> list[Path]:
    return sorted((_cache(output) / "parts").iterdir())


def test_a_rebuild_after_one_packet_changed_reuses_the_other_parts_from_the_cache(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    content, output = site
    assert len(_kept_files(output)) == PARTS
    _edit_notes(content, "Ask about the **ferry timetable** study.")
    report = _build(content, output)
    assert report.binder_assembled
    assert report.binder_parts_reused == PARTS - 1
    assert (output / "binder.pdf").read_bytes() == _clean_binder(content, tmp_path)
    # the changed packet's old part is dropped with its PDF, the new one kept
    assert len(_kept_files(output)) == PARTS


def test_parts_kept_in_memory_are_reused_without_the_cache(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    """Serve keeps one PreparedParts across its builds: with the cache's parts gone, the binder is
    still assembled from the parts it holds."""
    content, output = site
    kept = PreparedParts()
    _edit_notes(content, "First edit.")
    assert _build(content, output, binder_parts=kept).binder_parts_reused == PARTS - 1
    assert len(kept) == PARTS
    for file in _kept_files(output):
        file.unlink()
    _edit_notes(content, "Second edit.")
    report = _build(content, output, binder_parts=kept)
    assert report.binder_parts_reused == PARTS - 1
    assert len(kept) == PARTS  # the changed packet's earlier part is let go
    assert (output / "binder.pdf").read_bytes() == _clean_binder(content, tmp_path)


def _hostile(data: bytes) -> bytes:
    """A kept part whose digest matches but whose first template points past its table."""
    part = decode(data)
    indices = array("i", part.indices)
    indices[len(indices) // 2] = part.slots + 7
    bad = replace(part, indices=indices)
    return encode(bad)


def _digest_ok_but_cut(data: bytes) -> bytes:
    """The payload cut in the middle, with a digest made for what is left."""
    import hashlib

    head = data.index(b"\n") + 1
    payload = data[head + 32 :][: (len(data) - head - 32) // 2]
    return data[:head] + hashlib.sha256(payload).digest() + payload


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 3],
    "one byte changed": lambda data: data[:-100] + bytes([data[-100] ^ 0x55]) + data[-99:],
    "empty": lambda data: b"",
    "not a part": lambda data: b"%PDF-1.7\n" + data,
    "cut, digest remade": _digest_ok_but_cut,
    "an index out of range": _hostile,
}


def _assemble_again(content: Path, output: Path) -> BuildReport:
    """A build whose binder is assembled again from the same parts: the cached binder removed, and
    a comment added to trip.yaml (the build is not up to date, yet no page or PDF changes)."""
    import hashlib
    import json

    made = hashlib.sha256((output / "binder.pdf").read_bytes()).hexdigest()
    index = json.loads((_cache(output) / "index.json").read_text(encoding="utf-8"))
    key = next(k for k, entry in index["pdfs"].items() if entry["sha256"] == made)
    (_cache(output) / "pdf" / f"{key}.pdf").unlink()
    trip = content / "trip.yaml"
    trip.write_text(trip.read_text(encoding="utf-8") + "\n# planned on the train\n")
    return _build(content, output)


@pytest.mark.parametrize("damage", [*DAMAGE, "a link", "a folder"])
def test_a_damaged_kept_part_is_prepared_again_and_the_binder_is_right(
    site: tuple[Path, Path], tmp_path: Path, damage: str
) -> None:
    content, output = site
    before = (output / "binder.pdf").read_bytes()
    elsewhere = tmp_path / "elsewhere.part"
    for file in _kept_files(output):
        data = file.read_bytes()
        file.unlink()
        if damage == "a link":
            elsewhere.write_bytes(data)
            file.symlink_to(elsewhere)
        elif damage == "a folder":
            file.mkdir()
        else:
            file.write_bytes(DAMAGE[damage](data))
    report = _assemble_again(content, output)
    assert report.binder_assembled and report.binder_parts_reused == 0
    assert report.pdfs_rendered == 0
    assert (output / "binder.pdf").read_bytes() == before  # the same parts: the same bytes
    if damage == "a link":
        assert elsewhere.is_file()  # the link is replaced, never written through


def test_every_cut_of_a_kept_part_is_refused_as_a_value_error(site: tuple[Path, Path]) -> None:
    """With its digest made again for the bytes that are left, so the reader's checks are what
    refuse it."""
    import hashlib

    _, output = site
    data = min((file.read_bytes() for file in _kept_files(output)), key=len)
    head = data.index(b"\n") + 1 + 32
    payload = data[head:]
    for cut in range(0, len(payload), max(1, len(payload) // 400)):
        short = payload[:cut]
        with pytest.raises(ValueError):
            decode(data[: head - 32] + hashlib.sha256(short).digest() + short)


def _numbers() -> Overlay:
    def draw(index: int, box: tuple[float, float, float, float]) -> bytes:
        return b"BT /InfoprepBinderPage 8 Tf %.1f %.1f Td (%d) Tj ET" % (box[0], box[1], index)

    return Overlay(SAVE, PAGE_FONT, PAGE_FONT_NAME, draw)


def _assemble(sources: list[bytes], kept: dict[int, PreparedPart] | None = None) -> bytes:
    """A tagged binder of `sources` with page numbers drawn over, each part prepared here unless
    `kept` holds it."""
    out = io.BytesIO()
    writer = PdfWriter(out)
    assembler = Assembler(writer, FIRST_FREE, PAGES, Structure(DOCUMENT), _numbers())
    for at, data in enumerate(sources):
        part = (kept or {}).get(at) or assembler.prepare(SourcePdf(data), "A part", b"(en)")
        assembler.place(part)
    writer.close(assembler.next, b"")
    return out.getvalue()


def test_a_part_prepared_at_one_place_is_placed_at_another_as_if_prepared_there(
    built: tuple[Path, Path],
) -> None:
    """Object numbers, parent-tree keys, identifier prefixes, shared objects and page numbers all
    depend on where a part goes: a prepared part holds none of them."""
    _, output = built
    sources = [(output / "itinerary.pdf").read_bytes()] + [
        p.read_bytes() for p in sorted(output.glob("meetings/*/packet.pdf"))
    ]
    assert len(sources) == PARTS
    # each part prepared by an assembler that had it first, so at another place than now
    kept = {}
    for at, data in enumerate(sources):
        alone = Assembler(PdfWriter(io.BytesIO()), 40, 9, Structure(8), _numbers())
        kept[at] = decode(encode(alone.prepare(SourcePdf(data), "A part", b"(en)")))
    assert _assemble(sources, kept) == _assemble(sources)
    assert _assemble(sources[::-1], dict(enumerate(kept[at] for at in range(PARTS)[::-1]))) == (
        _assemble(sources[::-1])
    )


_ASIDE = """
import json, sys
from datetime import date
from pathlib import Path

from generator.printing.binder_parts import PreparedParts
from generator.printing.cache import BuildCache
from generator.printing.pool import PdfPool
from generator.printing.printer import Printer, settings_for
from generator.reading import load_and_plan
from generator.render.memo import RenderMemo
from generator.render.paths import Paths
from generator.render.site import render_pages

content, cache_dir, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
_, plan, theme = load_and_plan(content, date.fromisoformat(sys.argv[4]))
paths = Paths()
with BuildCache(cache_dir) as cache, PdfPool(2, 120) as pool:
    here = PreparedParts()  # what this process prepares: nothing, the copy aside does it all
    printer = Printer(cache, pool, settings_for(plan, theme.static_files()), "e", str, kept=here)
    printer.assemble_early(plan, paths)
    for page in render_pages(plan, theme, paths, RenderMemo(), True):
        if page.print:
            printer.add(page)
    for _ in range(1200):  # a deadline no machine reaches, not a timing
        printer.poll(None, 0.1)
        if len(pool.done) == pool.submitted:
            break
    printer.poll(None)
    printer.collect()
    assert printer.binder(plan, paths, None, True, True)
    out.write_bytes(cache.read(cache.file(printer.pdfs[paths.binder_pdf])))
    print(json.dumps([printer.binder_made, printer.binder_parts.reused, len(cache.parts_used),
                      len(here)]))
"""


def test_a_binder_assembled_aside_as_soon_as_every_pdf_is_in_is_the_clean_builds(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    """`build` assembles the binder in a copy of itself once every print page is in and every PDF
    made, while it templates its other pages (Printer.assemble_early): here every PDF is in before
    the binder is asked for, as on a large trip, and the binder taken in is the clean build's, its
    parts kept for the next build. In a fresh interpreter, as `infoprep build` runs: a copy is
    forked only from a process with no other thread (a test run's asyncio leaves one behind)."""
    content, _ = site
    _edit_notes(content, "Ask about the night train to **Vienna**.")
    cache_dir, binder = tmp_path / "cache", tmp_path / "binder.pdf"
    ran = subprocess.run(
        [sys.executable, "-c", _ASIDE, str(content), str(cache_dir), str(binder), str(TODAY)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert ran.returncode == 0, ran.stderr
    made, reused, kept, here = json.loads(ran.stdout)
    assert made and reused == 0 and kept == PARTS and here == 0
    assert binder.read_bytes() == _clean_binder(content, tmp_path)
    assert len(list((cache_dir / "parts").iterdir())) == PARTS
