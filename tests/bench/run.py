"""Benchmarks: infoprep against the PDF engine alone and against MkDocs, measured side by side in one run.

    python -m tests.bench.run --sizes 20,100,500 --site-sizes 500      (what `make bench` runs)

For each size in --sizes (meetings; trips from tests/bench/generate.py):
  (a) full build:       `infoprep build --clean`, all PDFs, the binder, the site
  (b) engine baseline:  WeasyPrint alone, one process, rendering the same print HTML files
  (c) no-change rebuild (should render nothing and never import WeasyPrint)
  (d) one person's notes changed, against the engine rendering that person's packets alone
  (f) peak memory of the full build (all its processes together, sampled from /proc)
  (g) the binder assembled whole from the built parts (what a rebuild pays when any part changed),
      our copier against pikepdf (qpdf) appending the same parts' pages, if pikepdf is installed
For each size in --site-sizes, and in --sizes:
  (e) `infoprep build --no-pdf` against `mkdocs build` of as many Markdown pages
Every command runs in a fresh interpreter, as a user would run it, with the build cache in the work
folder (XDG_CACHE_HOME), never the user's own. The ratios are
printed as a table and written, with the raw figures, to tests/bench/results/.
Timings are never asserted: the targets are read from this table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from tests.bench.generate import write_trip
from tests.bench.printed import print_pages, write_html

RESULTS = Path(__file__).parent / "results"
TODAY = date(2027, 3, 1)
EPOCH = str(int(datetime(2027, 3, 1, 12, tzinfo=timezone.utc).timestamp()))
HEAVY = ("weasyprint", "multiprocessing", "generator.printing.pdfassembly")
CLI_PROBE = """
import json, sys
from generator.cli import run
sys.argv[0] = "infoprep"
try:
    run()  # the `infoprep` program itself (its console entry point), as a user runs it
finally:
    print("BENCH " + json.dumps(sorted(n for n in {heavy!r} if n in sys.modules)), file=sys.__stderr__)
"""
ENGINE = """
import sys, time, json
start = time.perf_counter()
import weasyprint
css = weasyprint.CSS(string=sys.argv[1])
options = json.loads(sys.argv[2])  # the build's own write options (tagged PDFs), so both do the same work
times = {{}}
for name in sys.argv[3:]:
    t = time.perf_counter()
    weasyprint.HTML(filename=name).write_pdf(name[:-5] + ".pdf", stylesheets=[css], presentational_hints=True, **options)
    times[name] = time.perf_counter() - t
print("BENCH " + json.dumps({{"total": time.perf_counter() - start, "each": times}}), file=sys.stderr)
"""


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_mb: float
    heavy: list[str] = field(default_factory=list)
    output: str = ""
    others: float = 0.0
    """CPUs kept busy by other processes during the run, on average: this machine is shared."""


def _busy_seconds() -> float:
    """CPU seconds spent by everything on the machine since boot (from /proc/stat), or 0 where unknown."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _tree_rss(root: int) -> int:
    """Resident memory of `root` and all its descendants, in bytes (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * page
        except (OSError, IndexError, ValueError):
            continue
    family, frontier = {root}, [root]
    while frontier:
        current = frontier.pop()
        for pid, parent in parents.items():
            if parent == current and pid not in family:
                family.add(pid)
                frontier.append(pid)
    return sum(rss.get(pid, 0) for pid in family)


def run(command: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run a command; wall time, CPU time of it and its children, and peak memory of the whole process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = _busy_seconds()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    busy = _busy_seconds() - busy
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}\n{err}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    heavy: list[str] = []
    for line in err.splitlines():
        if line.startswith("BENCH "):
            heavy = json.loads(line[6:])
    return Run(
        seconds,
        cpu,
        peak / 2**20,
        heavy,
        out + err,
        max(0.0, busy - cpu) / seconds if busy else 0.0,
    )


@dataclass(frozen=True)
class Bench:
    """Where one run of the benchmarks works: trips, outputs and the build cache all inside `work`."""

    work: Path

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "SOURCE_DATE_EPOCH": EPOCH,
            "XDG_CACHE_HOME": str(self.work / "cache"),
        }

    def infoprep(self, *args: str) -> Run:
        return run(
            [sys.executable, "-c", CLI_PROBE.format(heavy=HEAVY), *args], self.work, self.env
        )

    def engine(self, files: list[Path], css: str) -> Run:
        from generator.printing.pdf import WRITE_OPTIONS

        return run(
            [
                sys.executable,
                "-c",
                ENGINE.format(),
                css,
                json.dumps(WRITE_OPTIONS),
                *map(str, files),
            ],
            self.work,
            self.env,
        )


def rendered_pdfs(result: Run) -> int | None:
    """How many PDFs the build rendered, from its summary line ("N rendered, M reused")."""
    found = re.search(r"(\d+) rendered, (\d+) reused", result.output)
    return int(found.group(1)) if found else None


def mkdocs_project(trip: Path, folder: Path) -> int:
    """As many Markdown pages as the trip has meetings, holding the notes a packet shows, plus an index."""
    docs = folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    docs.mkdir(parents=True)
    people = sorted((trip / "people").glob("*.md"))
    schedule = (trip / "schedule.yaml").read_text(encoding="utf-8").split("- person: ")[1:]
    for number, entry in enumerate(schedule):
        slug = entry.split("\n", 1)[0].strip()
        person = trip / "people" / f"{slug}.md"
        text = (
            person.read_text(encoding="utf-8")
            if person.exists()
            else people[number % len(people)].read_text()
        )
        (docs / f"meeting-{number:04d}.md").write_text(
            f"# Meeting {number + 1}: {slug}\n\n```yaml\n{entry}\n```\n\n{text}\n"
        )
    (docs / "index.md").write_text(
        "# Trip\n\n"
        + "\n".join(f"- [Meeting {n + 1}](meeting-{n:04d}.md)" for n in range(len(schedule)))
    )
    (folder / "mkdocs.yml").write_text("site_name: Benchmark trip\nuse_directory_urls: false\n")
    return len(schedule) + 1


def mkdocs(bench: Bench, folder: Path) -> Run | None:
    if shutil.which("mkdocs") is None and not (Path(sys.executable).parent / "mkdocs").exists():
        return None
    return run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], folder, bench.env)


def site_comparison(bench: Bench, size: int, repeat: int) -> dict:
    trip = bench.work / f"trip-{size}"
    if not trip.exists():
        write_trip(trip, size)
    ours = [
        bench.infoprep("build", trip.name, "-o", f"web-{size}", "--no-pdf", "--clean", "-q")
        for _ in range(repeat)
    ]
    pages = mkdocs_project(trip, bench.work / f"mkdocs-{size}")
    theirs = [
        r
        for r in (mkdocs(bench, bench.work / f"mkdocs-{size}") for _ in range(repeat))
        if r is not None
    ]
    best = min(ours, key=lambda r: r.seconds)
    row = {
        "no_pdf_build_s": best.seconds,
        "no_pdf_runs_s": [r.seconds for r in ours],
        "no_pdf_cpu_s": best.cpu,
        "no_pdf_heavy_imports": best.heavy,
        "mkdocs_pages": pages,
    }
    if theirs:
        row["mkdocs_build_s"] = min(r.seconds for r in theirs)
        row["mkdocs_runs_s"] = [r.seconds for r in theirs]
        row["no_pdf_vs_mkdocs"] = best.seconds / row["mkdocs_build_s"]
    return row


def binder_assembly(bench: Bench, trip: Path, site: Path, repeat: int) -> dict:
    """(g): the binder written whole from the parts in the output, as the build writes it (write_binder), and,
    when pikepdf is installed, qpdf appending the same parts' pages (no bookmarks, no deduplication: its least)."""
    import io

    from generator.inputs import file_digest
    from generator.output import real_output
    from generator.printing.binder import Part, order, write_binder
    from generator.printing.cache import PdfEntry, cache_folder
    from generator.reading import load_and_plan
    from generator.render.paths import Paths

    _, plan, _ = load_and_plan(trip, TODAY)
    index = json.loads(
        (cache_folder(real_output(site), bench.env) / "index.json").read_text(encoding="utf-8")
    )
    entries = {entry["sha256"]: PdfEntry(**entry) for entry in index["pdfs"].values()}
    paths = Paths()
    names = order(plan, paths.itinerary_pdf, {p.id: paths.packet_pdf(p.id) for p in plan.packets})
    parts = {}
    for name in names:
        digest = file_digest(site / name)
        parts[name] = Part(site / name, digest, entries[digest].pages, entries[digest].bookmarks)
    ours, size = [], 0
    for _ in range(repeat):
        out = io.BytesIO()
        started = time.perf_counter()
        write_binder(plan, names, parts, out)
        ours.append(time.perf_counter() - started)
        size = len(out.getvalue())
    row: dict = {
        "binder_s": min(ours),
        "binder_runs_s": ours,
        "binder_mb": size / 2**20,
        "binder_parts": len(names),
    }
    try:
        import pikepdf
    except ImportError:
        return row
    theirs = []
    for _ in range(repeat):
        started = time.perf_counter()
        with pikepdf.new() as whole:
            sources = [pikepdf.open(parts[name].file) for name in names]
            for source in sources:
                whole.pages.extend(source.pages)
            out = io.BytesIO()
            whole.save(out)
            for source in sources:
                source.close()
        theirs.append(time.perf_counter() - started)
    row.update(
        {
            "pikepdf_binder_s": min(theirs),
            "pikepdf_binder_runs_s": theirs,
            "pikepdf_binder_mb": len(out.getvalue()) / 2**20,
        }
    )
    return row


def full_comparison(bench: Bench, size: int, repeat: int, full_repeat: int) -> dict:
    trip = bench.work / f"trip-{size}"
    shutil.rmtree(trip, ignore_errors=True)
    who = write_trip(trip, size)
    site = f"site-{size}"
    printed = print_pages(trip, TODAY)
    files = write_html(printed, bench.work / f"engine-{size}")
    fulls, baselines = [], []
    for attempt in range(full_repeat):  # alternated, so a busy spell on the machine hits both alike
        print(f"[{size}] full build {attempt + 1}/{full_repeat} ...", file=sys.stderr, flush=True)
        fulls.append(bench.infoprep("build", trip.name, "-o", site, "--clean"))
        print(
            f"[{size}] {fulls[-1].seconds:.1f}s; engine baseline ...", file=sys.stderr, flush=True
        )
        baselines.append(bench.engine(list(files.values()), printed.css))
        print(f"[{size}] {baselines[-1].seconds:.1f}s", file=sys.stderr, flush=True)
    full = min(fulls, key=lambda r: r.seconds)
    baseline = min(baselines, key=lambda r: r.seconds)
    print(f"[{size}] rebuilds ...", file=sys.stderr, flush=True)
    unchanged = [bench.infoprep("build", trip.name, "-o", site) for _ in range(repeat)]
    print(f"[{size}] binder ...", file=sys.stderr, flush=True)
    binder = binder_assembly(bench, trip, bench.work / site, min(repeat, 3))
    # One person's notes change: the person of the middle meeting (met once or twice).
    slug = who[str(size // 2)]
    notes = trip / "people" / f"{slug}.md"
    changed_runs, engine_runs = [], []
    theirs: list[Path] = []
    for attempt in range(repeat):
        notes.write_text(
            notes.read_text(encoding="utf-8") + f"\n- One more thing to ask ({attempt}).\n",
            encoding="utf-8",
        )
        changed_runs.append(bench.infoprep("build", trip.name, "-o", site))
        again = print_pages(trip, TODAY)
        edited = write_html(again, bench.work / f"engine-{size}")
        theirs = [path for name, path in edited.items() if f"-{slug}/" in name]
        engine_runs.append(bench.engine(theirs, again.css))
    changed = min(changed_runs, key=lambda r: r.seconds)
    alone = min(engine_runs, key=lambda r: r.seconds)
    best_unchanged = min(unchanged, key=lambda r: r.seconds)
    return {
        "meetings": size,
        "pdfs": len(files) + 1,
        "full_build_s": full.seconds,
        "full_build_runs_s": [r.seconds for r in fulls],
        "full_build_cpu_s": full.cpu,
        "full_build_other_cpus": full.others,
        "engine_baseline_other_cpus": baseline.others,
        "full_build_peak_mb": max(r.peak_mb for r in fulls),
        "engine_baseline_s": baseline.seconds,
        "engine_baseline_runs_s": [r.seconds for r in baselines],
        "engine_baseline_cpu_s": baseline.cpu,
        "full_vs_engine": full.seconds / baseline.seconds,
        "unchanged_rebuild_s": best_unchanged.seconds,
        "unchanged_rebuild_runs_s": [r.seconds for r in unchanged],
        "unchanged_vs_full": best_unchanged.seconds / full.seconds,
        "unchanged_heavy_imports": best_unchanged.heavy,
        "unchanged_up_to_date": all("up to date" in r.output for r in unchanged),
        "notes_changed_person": slug,
        "notes_changed_packets": len(theirs),
        "notes_changed_pdfs_rendered": [rendered_pdfs(r) for r in changed_runs],
        "notes_changed_rebuild_s": changed.seconds,
        "notes_changed_runs_s": [r.seconds for r in changed_runs],
        "engine_for_those_packets_s": alone.seconds,
        "engine_for_those_packets_runs_s": [r.seconds for r in engine_runs],
        "notes_changed_vs_engine": changed.seconds / alone.seconds,
        **binder,
    }


def _spread(runs: list[float]) -> str:
    return f"{min(runs):.2f}-{max(runs):.2f}" if len(runs) > 1 else f"{runs[0]:.2f}"


def _table(rows: list[dict], sites: dict[int, dict]) -> str:
    lines = [
        "| meetings | PDFs | (a) full build | (b) engine alone | a/b (≤ 0.55) | (c) no change | "
        "c/a (< 3 %) "
        "| (d) one person's notes | engine, their packets | d/engine (≤ 1.5 at 100, ≤ 2 at 500) | "
        "(f) peak memory (< 1 GB) "
        "| CPU s: (a) / (b) | other load during (a) / (b) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
        "---: |",
    ]
    for r in rows:
        rendered = sorted({n for n in r["notes_changed_pdfs_rendered"] if n is not None})
        lines.append(
            f"| {r['meetings']} | {r['pdfs']} | {r['full_build_s']:.1f} s | "
            f"{r['engine_baseline_s']:.1f} s | {r['full_vs_engine']:.2f} "
            f"| {r['unchanged_rebuild_s']:.2f} s | {100 * r['unchanged_vs_full']:.1f} % | "
            f"{r['notes_changed_rebuild_s']:.2f} s "
            f"({r['notes_changed_packets']} packets; {'/'.join(map(str, rendered))} PDFs rendered) "
            f"| {r['engine_for_those_packets_s']:.2f} s | {r['notes_changed_vs_engine']:.2f} "
            f"| {r['full_build_peak_mb']:.0f} MB | {r['full_build_cpu_s']:.0f} / "
            f"{r['engine_baseline_cpu_s']:.0f} "
            f"| {r['full_build_other_cpus']:.1f} / {r['engine_baseline_other_cpus']:.1f} CPUs |"
        )
    lines += [
        "",
        "Spread of the repeated runs (seconds, best-worst):",
        "",
        "| meetings | (a) full | (b) engine | (c) no change | (d) one person's notes | engine, "
        "their packets |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['meetings']} | {_spread(r['full_build_runs_s'])} | "
            f"{_spread(r['engine_baseline_runs_s'])} "
            f"| {_spread(r['unchanged_rebuild_runs_s'])} | {_spread(r['notes_changed_runs_s'])} | "
            f"{_spread(r['engine_for_those_packets_runs_s'])} |"
        )
    lines += [
        "",
        "| meetings | (g) binder assembled whole (parts, size) | pikepdf appending the same pages "
        "(size) | pikepdf / ours |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        theirs = (
            f"{r['pikepdf_binder_s']:.2f} s ({r['pikepdf_binder_mb']:.1f} MB)"
            if "pikepdf_binder_s" in r
            else "not installed"
        )
        ratio = f"{r['pikepdf_binder_s'] / r['binder_s']:.1f}" if "pikepdf_binder_s" in r else "-"
        lines.append(
            f"| {r['meetings']} | {r['binder_s']:.2f} s ({r['binder_parts']}, {r['binder_mb']:.1f} "
            f"MB) | {theirs} | {ratio} |"
        )
    lines += [
        "",
        "| meetings | (e) infoprep --no-pdf --clean | mkdocs build (pages) | ratio (≤ 1.0) |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for size, s in sorted(sites.items()):
        theirs = (
            f"{s['mkdocs_build_s']:.2f} s ({s['mkdocs_pages']})"
            if "mkdocs_build_s" in s
            else "not installed"
        )
        ratio = f"{s['no_pdf_vs_mkdocs']:.2f}" if "no_pdf_vs_mkdocs" in s else "-"
        lines.append(
            f"| {size} | {s['no_pdf_build_s']:.2f} s ({_spread(s['no_pdf_runs_s'])}) | {theirs} | "
            f"{ratio} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="20,100,500",
        help="meeting counts for the full comparison (a)-(g), e.g. 20,100",
    )
    parser.add_argument(
        "--site-sizes", default="500", help="extra meeting counts for (e) only, e.g. 500"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="runs of the quick measurements (c), (d), (e), (g); the best counts",
    )
    parser.add_argument(
        "--full-repeat",
        type=int,
        default=2,
        help="runs of (a) and (b), alternated; the best counts",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the work folder (printed) for inspection"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    site_sizes = sorted({*sizes, *(int(s) for s in args.site_sizes.split(",") if s.strip())})
    bench = Bench(Path(tempfile.mkdtemp(prefix="infoprep-bench-")))
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"bench-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    result: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "load_average_before": os.getloadavg(),
        "full": [],
        "site": {},
    }
    try:
        # the figures so far are saved after each size: a long run stopped midway keeps them
        for size in sizes:
            result["full"].append(full_comparison(bench, size, args.repeat, args.full_repeat))
            path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        for size in site_sizes:
            print(f"[{size}] --no-pdf against mkdocs ...", file=sys.stderr, flush=True)
            result["site"][str(size)] = site_comparison(bench, size, args.repeat)
    finally:
        if args.keep:
            print(f"work folder: {bench.work}", file=sys.stderr)
        else:
            shutil.rmtree(bench.work, ignore_errors=True)
    table = _table(result["full"], {int(k): v for k, v in result["site"].items()})
    print(table)
    result.update({"load_average_after": os.getloadavg(), "table": table})
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
