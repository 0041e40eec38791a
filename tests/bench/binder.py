"""What assembling the binder costs: `write_binder` alone, on the parts a build left in its output.

    python -m tests.bench.generate 100 /tmp/trip && infoprep build /tmp/trip -o /tmp/out
    python -m tests.bench.binder /tmp/trip /tmp/out [--rounds 5]

The parts are the output's own itinerary and packet PDFs (a public build), with the bookmarks the build
cache recorded for them, so the binder written here is the build's. Prints the best and median time of
`rounds` assemblies into memory, wall clock and CPU (the machine is shared: CPU time moves less with its load),
and the binder's size. Timings are never asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import statistics
import time
from datetime import date
from pathlib import Path

from generator.printing.binder import Part, order, write_binder
from generator.printing.cache import cache_folder
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
    times, cpu, size = [], [], 0
    for _ in range(args.rounds):
        out = io.BytesIO()
        started, started_cpu = time.perf_counter(), time.process_time()
        write_binder(plan, names, parts, out)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        size = len(out.getvalue())
    pages = sum(part.pages for part in parts.values())
    print(
        f"binder of {len(names)} parts, {pages} pages: best {min(times):.3f} s, median "
        f"{statistics.median(times):.3f} s"
        f" (CPU best {min(cpu):.3f} s, median {statistics.median(cpu):.3f} s), {size / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
