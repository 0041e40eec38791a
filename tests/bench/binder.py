"""What assembling the binder costs: `write_binder` alone, on the parts a build left in its output.

    python -m tests.bench.generate 100 /tmp/trip && infoprep build /tmp/trip -o /tmp/out
    python -m tests.bench.binder /tmp/trip /tmp/out [--rounds 5]

The parts are the output's own itinerary and packet PDFs (a public build), with the bookmarks the
build cache recorded for them, so the binder written here is the build's. Prints the best and median
time of `rounds` assemblies into memory, wall clock and CPU (the machine is shared: CPU time moves
less with its load), and the binder's size, for three cases: every part prepared (a clean build),
and the binder assembled again after one part changed (the same packet, edited again each round)
with the other parts as prepared earlier, kept in memory (serve) or read from a build cache folder
(the next build). Timings are never asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.printing.binder import Part, order, write_binder
from generator.printing.binder_parts import BinderParts, PreparedParts
from generator.printing.cache import BuildCache, cache_folder
from generator.printing.pdf import Bookmark
from generator.printing.pdfobjects import SourcePdf
from generator.reading import load_and_plan
from generator.render.paths import Paths


def _parts(output: Path, names: list[str]) -> dict[str, Part]:
    index = json.loads(
        (cache_folder(output, os.environ) / "index.json").read_text(encoding="utf-8")
    )
    outlines = {entry["sha256"]: entry["outline"] for entry in index["pdfs"].values()}
    parts = {}
    for name in names:
        file = output / name
        sha256 = hashlib.sha256(file.read_bytes()).hexdigest()
        marks = tuple(Bookmark.from_json(mark) for mark in outlines.get(sha256, []))
        parts[name] = Part(file, sha256, len(SourcePdf.open(file).pages()), marks)
    return parts


def _rounds(rounds: int, assemble: Callable[[int, io.BytesIO], None]) -> tuple[str, int]:
    """Best and median of `rounds` calls of `assemble(round, out)`, wall clock and CPU."""
    times, cpu, size = [], [], 0
    for at in range(rounds):
        out = io.BytesIO()
        started, started_cpu = time.perf_counter(), time.process_time()
        assemble(at, out)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        size = len(out.getvalue())
    return (
        f"best {min(times):.3f} s, median {statistics.median(times):.3f} s"
        f" (CPU best {min(cpu):.3f} s, median {statistics.median(cpu):.3f} s)"
    ), size


def _one_changed(parts: dict[str, Part], names: list[str], at: int) -> dict[str, Part]:
    """The parts with the middle packet as if its PDF had changed again (as serve sees one
    person's notes edited again and again): a digest never seen, so it is prepared again."""
    name = names[len(names) // 2]
    return {**parts, name: replace(parts[name], sha256=f"changed in round {at}")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    _, plan, _ = load_and_plan(args.content, date(2027, 1, 1))
    paths = Paths()
    names = order(plan, paths.itinerary_pdf, {p.id: paths.packet_pdf(p.id) for p in plan.packets})
    parts = _parts(args.output, names)
    pages = sum(part.pages for part in parts.values())
    whole, size = _rounds(args.rounds, lambda _, out: write_binder(plan, names, parts, out))
    print(f"binder of {len(names)} parts, {pages} pages, {size / 1e6:.2f} MB")
    print(f"  every part prepared:               {whole}")
    kept = PreparedParts()
    write_binder(plan, names, parts, io.BytesIO(), prepared=BinderParts(kept))

    def from_memory(at: int, out: io.BytesIO) -> None:
        changed = _one_changed(parts, names, at)
        write_binder(plan, names, changed, out, prepared=BinderParts(kept))

    print(f"  one changed, the others in memory: {_rounds(args.rounds, from_memory)[0]}")
    with tempfile.TemporaryDirectory() as folder, BuildCache(Path(folder) / "cache") as cache:
        write_binder(plan, names, parts, io.BytesIO(), prepared=BinderParts(None, cache))

        def from_disk(at: int, out: io.BytesIO) -> None:
            changed = _one_changed(parts, names, at)
            write_binder(plan, names, changed, out, prepared=BinderParts(None, cache))

        print(f"  one changed, the others from disk: {_rounds(args.rounds, from_disk)[0]}")


if __name__ == "__main__":
    main()
