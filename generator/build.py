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
from typing import TYPE_CHECKING

from generator.errors import ContentError, Finding, FindingList
from generator.forking import default_workers
from generator.incremental import Incremental
from generator.output import Staging, WriteReport, check_output_folder, write_output
from generator.render.paths import Paths
from generator.render.pdf import PdfJob, Progress
from generator.render.theme import Theme, ThemeNotFound, resolve_theme

if TYPE_CHECKING:
    from generator.content.trip import Trip
    from generator.plan.plan import Plan


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
    cache: bool = True
    """Keep a build cache in the output folder (.infoprep-cache/). Off for outputs that must hold only what
    they publish, e.g. an encrypted site: cached PDFs are plain."""
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    private_salt: bytes | None = None
    """Private builds: reuse this salt (serve does, so names and the browser's key survive rebuilds); else random."""


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
    pages_reused: int = 0
    """Packet pages (web and print) the last build had made from the same context: not templated again."""


def build_today(environ: Mapping[str, str]) -> date:
    """The date builds are "as of": SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def load_and_plan(content: Path, today: date) -> tuple[Trip, Plan, Theme]:
    """Stages 1 and 2, and the theme: everything `check` needs, nothing written."""
    # Imported here, not above: a build forks its first PDF worker before these modules (and pydantic's models)
    # are loaded, so the worker starts importing WeasyPrint ~0.15 s sooner and carries less memory.
    from generator.content.load import load
    from generator.plan.plan import make_plan

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
    with Incremental(
        options.output, options.content, options.pdf, options.clean, options.cache, options.jobs, None if options.quiet else progress
    ) as work:
        trip, plan, theme = load_and_plan(options.content, today)
        site_key = None
        if trip.info.site.private:
            from generator.render.encrypt import site_key_from_environment

            where = trip.source.at("site")
            site_key = site_key_from_environment(trip.info.site.password_env, options.environ, where, options.private_salt)
            work.publish_only()  # cached PDFs and notes are plain text: none may stay in a private output
        else:
            previous = work.up_to_date(theme, {"content": str(options.content), "today": today.isoformat(), "pdf": str(options.pdf)})
            if previous is not None:
                seconds = time.perf_counter() - started
                return BuildReport(plan, plan.findings, previous.written, 0, seconds, pdfs_reused=previous.pdfs, up_to_date=True)
        paths = Paths(opaque_key=site_key.names_key) if site_key else Paths()

        from generator.render.site import render_site
        from generator.render.webapp import web_app

        with Staging(options.output) as staging:
            if not site_key:  # a private site's file names are opaque, made as it is sealed
                staging.make_folders(paths.packet_page(packet.id) for packet in plan.packets)  # while pages are templated
            rendered = render_site(
                plan, theme, paths, options.pdf, private=site_key is not None, on_pdf_job=work.hook,
                print_first=work.likely_changed(plan), jobs=options.jobs or default_workers(), reuse=None if site_key else work,
            )
            if not site_key:  # the pages are final: written while the PDFs render
                staging.write(
                    {**rendered.files, **work.memo_files(rendered)}, rendered.sources, rendered.kept, rendered.digests, relink=not options.clean
                )
            index, keep, digests = work.finish(plan, paths, rendered)
            if site_key:
                from generator.render.encrypt import encrypt_site

                sealed = encrypt_site(site_key, rendered.files, {**rendered.sources, **keep}, remember_days=trip.info.site.remember_days)
                app = web_app(trip.info, True, sealed.files, sealed.sources)  # lists the sealed files: nothing plain is saved
                written = write_output(options.output, {**sealed.files, **app}, sealed.sources, staging=staging)
            else:
                app = web_app(trip.info, False, rendered.files, {**rendered.sources, **keep}, digests)
                written = write_output(
                    options.output, {**rendered.files, **index, **app}, rendered.sources, keep, digests, relink=not options.clean, staging=staging
                )
    return BuildReport(
        plan, plan.findings, written, work.rendered, time.perf_counter() - started,
        pdfs_reused=work.reused, notices=(*work.notices, *_refusals(rendered.pdf_jobs)), binder_assembled=work.binder_assembled,
        pages_reused=rendered.reused_pages,
    )


def _refusals(jobs: list[PdfJob]) -> tuple[str, ...]:
    """What the PDF sandbox would not load (a remote stylesheet in a theme, a missing image), once per PDF and URL."""
    return tuple(f"warning: {job.path}: {message}" for job in jobs for message in dict.fromkeys(job.refused))


def interactive() -> bool:
    return sys.stderr.isatty()
