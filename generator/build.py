"""build(options): read -> plan -> render -> write, the whole program on one screen.

Everything is read and validated before anything is written; the writer swaps the
new output in whole. Only this module and the CLI know about the clock and the
environment, and they hand "today" and the passphrase down as values.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from generator.content.load import load
from generator.content.trip import Trip
from generator.errors import ContentError, Finding, FindingList
from generator.output import WriteReport, check_output_folder, write_output
from generator.plan.plan import Plan, make_plan
from generator.render.paths import Paths
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


def build(options: BuildOptions, progress: Callable[[str], None] | None = None) -> BuildReport:
    started = time.perf_counter()
    say = progress or (lambda message: None)
    check_output_folder(options.output, options.content)
    trip, plan, theme = load_and_plan(options.content, options.today or build_today(options.environ))
    site_key = None
    if trip.info.site.private:
        from generator.render.encrypt import site_key_from_environment

        where = trip.source.at("site")
        site_key = site_key_from_environment(trip.info.site.password_env, options.environ, where, options.private_salt)
    paths = Paths(opaque_key=site_key.names_key) if site_key else Paths()

    from generator.render.site import render_site

    rendered = render_site(plan, theme, paths, options.pdf, private=site_key is not None)
    files = dict(rendered.files)
    rendered_count = 0
    if rendered.pdf_jobs and rendered.settings is not None:
        from generator.render.binder import make_binder
        from generator.render.pool import render_all

        pdfs = render_all(rendered.pdf_jobs, rendered.settings, options.jobs, say if not options.quiet else None)
        rendered_count = len(pdfs)
        files.update(pdfs)
        files[paths.binder_pdf] = make_binder(plan, pdfs, paths)
    sources = rendered.sources
    if site_key:
        from generator.render.encrypt import encrypt_site

        sealed = encrypt_site(site_key, files, sources)
        files, sources = sealed.files, sealed.sources
    written = write_output(options.output, files, sources)
    return BuildReport(plan, plan.findings, written, rendered_count, time.perf_counter() - started)


def interactive() -> bool:
    return sys.stderr.isatty()
