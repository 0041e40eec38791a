"""build(options): read -> plan -> render -> write, the whole program on one screen.

Everything is read and validated before anything is written; the writer swaps the
new output in whole. Only this module and the CLI know about the clock and the
environment, and they hand "today" and the passphrase down as values.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from generator.cache import INDEX, BuildCache, Snapshot, output_sizes, snapshot_content
from generator.content.load import load
from generator.content.trip import Trip
from generator.errors import ContentError, Finding, FindingList
from generator.output import WriteReport, check_output_folder, write_output
from generator.plan.plan import Plan, make_plan
from generator.render.paths import Paths
from generator.render.pdf import Progress
from generator.render.theme import Theme, ThemeNotFound, resolve_theme


@dataclass(frozen=True)
class BuildOptions:
    content: Path = Path("content")
    output: Path = Path("output")
    pdf: bool = True
    today: date | None = None
    """Defaults to SOURCE_DATE_EPOCH's date, else the real date."""
    jobs: int | None = None
    """PDF worker processes; None means one per core."""
    quiet: bool = False
    clean: bool = False
    """Ignore the build cache: render every PDF again."""
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


@dataclass(frozen=True)
class BuildReport:
    plan: Plan
    findings: tuple[Finding, ...]
    written: WriteReport
    pdfs_rendered: int
    seconds: float
    pdfs_reused: int = 0
    """PDFs taken unchanged from the build cache (the binder included)."""
    up_to_date: bool = False
    """Nothing had changed since the last build: nothing was rendered or written."""
    notices: tuple[str, ...] = ()
    """Advice about the machine (e.g. missing HarfBuzz subsetting), one line each, for standard error."""
    binder_assembled: bool = False
    """The binder was put together again (a part or its bookmarks changed); else it was reused or not made."""


def build_today(environ: Mapping[str, str]) -> date:
    """The date builds are "as of": SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def load_and_plan(content: Path, today: date) -> tuple[Trip, Plan, Theme]:
    """Stages 1 and 2, and the theme: everything `check` needs, nothing written."""
    trip = load(content, str(content))
    try:
        theme = resolve_theme(trip.info.theme, trip.root)
    except ThemeNotFound as exc:
        findings = FindingList()
        findings.error(trip.source.at("theme"), str(exc))
        raise ContentError(findings.items) from None
    return trip, make_plan(trip, today), theme


def build(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """`progress(done, total, path)` is called as each PDF is rendered."""
    started = time.perf_counter()
    check_output_folder(options.output, options.content)
    today = options.today or build_today(options.environ)
    cache = BuildCache(options.output, clean=options.clean)
    snapshot = snapshot_content(options.content, options.output)
    trip, plan, theme = load_and_plan(options.content, today)
    stamp = build_stamp(snapshot, theme, options, today)
    previous = cache.up_to_date(stamp)
    if previous is not None:
        return BuildReport(plan, plan.findings, previous.written, 0, time.perf_counter() - started, previous.pdfs, True)
    paths = Paths()

    from generator.pdfs import PdfStage
    from generator.render.site import render_site

    pdfs = PdfStage(cache, snapshot, options.jobs, None if options.quiet else progress) if options.pdf else None
    try:
        if pdfs:
            pdfs.start()
        rendered = render_site(plan, theme, paths, options.pdf, on_pdf_job=pdfs.add if pdfs else None)
        outputs = pdfs.finish(plan, paths) if pdfs else {}
        if pdfs is None:
            cache.carry_all()
        keep, digests = cache.keep(outputs)
        files = dict(rendered.files)
        files[INDEX] = cache.index(stamp, output_sizes(files, rendered.sources, keep), len(outputs))
        written = write_output(options.output, files, rendered.sources, keep, digests)
    finally:
        if pdfs:
            pdfs.close()
        cache.finish()
    if pdfs is None:
        return BuildReport(plan, plan.findings, written, 0, time.perf_counter() - started)
    return BuildReport(
        plan, plan.findings, written, pdfs.rendered, time.perf_counter() - started, pdfs.reused, False, tuple(pdfs.notices),
        pdfs.binder_made,
    )


def build_stamp(snapshot: Snapshot, theme: Theme, options: BuildOptions, today: date) -> str:
    """The digest of everything a build's output depends on (see cache.py)."""
    for path in theme.fingerprint_files():
        snapshot.add_file(path, f"theme/{path.as_posix()}")
    settings = {"content": str(options.content), "today": today.isoformat(), "pdf": str(options.pdf)}
    if options.pdf:
        from generator.render.engine import engine_id

        settings["engine"] = engine_id()
    return snapshot.stamp(settings)


def interactive() -> bool:
    return sys.stderr.isatty()
