"""build(options): read -> plan -> render -> print -> publish -> write, as a list of named steps.

Everything is read and validated before anything is written, and the writer swaps the new output
in whole. Only the commands and this module know the clock and the environment; they hand
"today", the passphrase and the cache folder down as values. The whole build is skipped when no
input changed (the build cache's stamp); otherwise every page is templated (cheap, and what keeps
a page from ever being stale) and the printer (printing/printer.py) reuses each PDF whose print
page and loaded files are the same.
"""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build_options import BuildOptions, BuildReport, BuildState
from generator.clock import build_time, build_today
from generator.errors import ContentError, FindingList, Location
from generator.limits import RENDER_TIMEOUT, seconds_from
from generator.output import WriteReport, check_not_inside, check_output_folder, real_output
from generator.printing.cache import BuildCache, Previous, cache_folder
from generator.printing.pool import PdfPool, Progress, default_workers, pdf_timeout
from generator.printing.printer import Printer, settings_for
from generator.render.paths import Paths
from generator.render.theme import Theme, ThemeNotFound, resolve_theme
from generator.stamp import content_inputs, is_private, site_key, stamp_facts

if TYPE_CHECKING:
    from generator.content.trip import Trip
    from generator.plan.plan import Plan
    from generator.publish.seal import SiteKey
    from generator.render.memo import RenderMemo


def load_and_plan(
    content: Path, today: date | datetime, built_at: datetime | None = None
) -> tuple[Trip, Plan, Theme]:
    """Stages 1 and 2, and the theme: everything `check` needs, nothing written."""
    from generator.content.load import load
    from generator.plan.plan import make_plan

    trip = load(content, str(content))
    findings = FindingList()
    try:
        theme = resolve_theme(trip.info.theme, trip.root)
    except ThemeNotFound as exc:
        findings.error(trip.source.at("theme"), str(exc))
        raise ContentError(findings.items) from None
    for problem in theme.problems():  # the content folder's own were refused by load()
        if not problem.path.absolute().is_relative_to(content.absolute()):
            findings.error(Location(_shown(problem.path, content)), f"this {problem.message}")
    findings.raise_if_errors()
    return trip, make_plan(trip, today, built_at), theme


def build(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """`progress(done, total, path)` is called as each PDF is made."""
    started = time.perf_counter()
    check_output_folder(options.output, options.content)
    output = real_output(options.output)
    today = options.today or build_today(options.environ)
    folder = options.cache or cache_folder(output, options.environ)
    printing = options.pdf and not options.pdf_later
    with BuildCache(folder, options.clean) as cache, _pool(options, progress) as pool:
        inputs = content_inputs(options, output)  # hashed before read: an edit now costs a rebuild
        changed = inputs.changed({n: d for n, d in cache.inputs.items() if n.startswith("content/")})
        if printing and changed:
            pool.start()  # WeasyPrint loads in the first worker while this process reads and plans
        trip, plan, theme = load_and_plan(options.content, today, build_time(options.environ))
        check_not_inside(output, {f"the theme {theme.name!r}": f for f in theme.folders})
        private = is_private(trip, options)
        key = site_key(trip, options, folder) if private else None
        facts = stamp_facts(inputs, theme, today, options, private, key)
        if (previous := cache.up_to_date(inputs.stamp(facts), output)) is not None:
            return _nothing_changed(plan, previous, started)
        paths = Paths(opaque_key=key.names_key if key else None)
        printer = Printer(
            cache, pool, settings_for(plan, theme.static_files()), facts["engine"], inputs.digest,
            options.cancel,
        )
        if options.pdf_later and not options.stale_pdfs:  # serve's first pass: the output's PDFs
            options = replace(options, stale_pdfs=printer.published_pdfs(output, plan, paths))
        memo = _memo(cache)
        pages = _template(plan, theme, paths, memo, options, private, _first(plan, changed), printer)
        rendered = _print(plan, paths, printer, options)
        written = _publish(output, plan, theme, pages, printer, paths, options, key)
        stamp = inputs.stamp({**facts, "pdf": "later"} if options.pdf_later else facts)
        # A pages pass records the last full build's inputs: the next knows which packets changed.
        kept = inputs.files if printing else cache.inputs
        cache.save(stamp, written.stats, kept, memo, len(printer.pdfs), keep_all=not printing)
    return BuildReport(
        plan, plan.findings, written, time.perf_counter() - started, rendered,
        len(printer.pdfs) - rendered - printer.binder_made, printer.binder_made,
        notices=_notices(printer, rendered, written, private),
        pdfs_dropped=0 if options.pdf else _dropped(cache),
        pdf_keys=printer.keys(), complete=printer.complete,
    )


def _template(
    plan: Plan, theme: Theme, paths: Paths, memo: RenderMemo, options: BuildOptions, private: bool,
    first: set[str], printer: Printer,
) -> dict[str, bytes]:
    """Every web page, by output path; each print page goes to the printer as it is made (with
    `pdf_later`, none is made: the pages link the last build's PDFs)."""
    from generator.render.site import render_pages, within_time

    made = render_pages(
        plan, theme, paths, memo, options.pdf, private, first, options.compiled, not options.pdf_later
    )
    pages: dict[str, bytes] = {}
    with contextlib.closing(within_time(seconds_from(options.environ, RENDER_TIMEOUT), made)) as timed:
        for page in timed:
            printer.stop_if_superseded()
            if page.print:
                printer.add(page)
            else:
                pages[page.path] = page.data
    return pages


def _print(plan: Plan, paths: Paths, printer: Printer, options: BuildOptions) -> int:
    """Wait for the PDFs, then put the binder in (assembled last, or serve's later pass): how
    many PDFs were rendered."""
    rendered = printer.collect()
    if options.pdf_later and options.pdf:
        printer.link_stale(plan, paths, options.stale_pdfs)
    printer.stop_if_superseded()
    if options.pdf:
        last = options.stale_pdfs.get(Paths().binder_pdf)
        assemble = not (options.pdf_later or options.binder_later)
        printer.complete = printer.binder(plan, paths, last, printer.complete, assemble)
    return rendered


def _publish(
    output: Path, plan: Plan, theme: Theme, pages: dict[str, bytes], printer: Printer, paths: Paths,
    options: BuildOptions, key: SiteKey | None,
) -> WriteReport:
    """Seal (when private) and write the site; with `binder_later`, first without the new binder,
    then again once it is assembled (serve shows the new PDFs sooner)."""
    from generator.publish.site import publish_site

    if options.pdf and not options.pdf_later and not printer.complete:
        printer.stop_if_superseded()
        publish_site(output, plan, theme, pages, printer.printed(), key)
        if options.published is not None:
            options.published()
        last = options.stale_pdfs.get(Paths().binder_pdf)
        printer.complete = printer.binder(plan, paths, last, True, True)
    printer.stop_if_superseded()
    return publish_site(output, plan, theme, pages, printer.printed(), key)


def build_state(options: BuildOptions) -> BuildState:
    """Reads the content (raising a ContentError as the build would) and writes nothing to the
    output: `publish` asks this before it builds; `publish --no-build` refuses a stale output."""
    check_output_folder(options.output, options.content)
    output = real_output(options.output)
    today = options.today or build_today(options.environ)
    cache_in = options.cache or cache_folder(output, options.environ)
    with BuildCache(cache_in, options.clean) as cache:
        inputs = content_inputs(options, output)
        trip, _, theme = load_and_plan(options.content, today, build_time(options.environ))
        private = is_private(trip, options)
        try:
            key = site_key(trip, options, cache_in) if private else None
        except ContentError:  # no passphrase: no build of this trip can be current (publish says why)
            return BuildState(trip, private, False)
        stamp = inputs.stamp(stamp_facts(inputs, theme, today, options, private, key))
        return BuildState(trip, private, cache.up_to_date(stamp, output) is not None)


def _pool(options: BuildOptions, progress: Progress | None) -> PdfPool:
    """Serve's warm pool for this build, else one of the build's own (stopped when it ends)."""
    if options.pool is not None:
        return options.pool.session(progress, options.cancel)
    jobs = options.jobs or default_workers()
    return PdfPool(jobs, pdf_timeout(options.environ), progress, options.cancel)


def _memo(cache: BuildCache) -> RenderMemo:
    """The renderer's memo, checked on the way out of the cache. Imported only now: a build with
    nothing to do needs neither Markdown nor the vCard and QR checks."""
    from generator.render.markdown import sanitize
    from generator.render.qr import checked as qr_checked
    from generator.render.vcard import checked as card_checked

    return cache.memo({"markdown": sanitize, "qr": qr_checked, "vcard": card_checked})


def _nothing_changed(plan: Plan, previous: Previous, started: float) -> BuildReport:
    written = WriteReport(len(previous.outputs), sum(s for s, _ in previous.outputs.values()))
    seconds = time.perf_counter() - started
    return BuildReport(plan, plan.findings, written, seconds, pdfs_reused=previous.pdfs, up_to_date=True)


def _dropped(cache: BuildCache) -> int:
    """PDFs of the last build that a --no-pdf build leaves out of the output."""
    return sum(1 for n in (cache.previous.outputs if cache.previous else {}) if n.endswith(".pdf"))


def _shown(path: Path, content: Path) -> str:
    """A path as the user knows it: inside the content folder by the name they typed, else as it is."""
    try:
        return f"{content}/{path.relative_to(content).as_posix()}"
    except ValueError:
        return str(path)


def _first(plan: Plan, changed: set[str]) -> set[str]:
    """Meetings whose person's or organisation's files changed: their print pages come first."""
    folders = ("content/people/", "content/companies/")
    names = {n.rsplit("/", 1)[-1].rsplit(".", 1)[0] for n in changed if n.startswith(folders)}
    return {
        p.id for p in plan.packets
        if p.slot.meeting.person.slug in names
        or (p.slot.meeting.company is not None and p.slot.meeting.company.slug in names)
    }


def _notices(printer: Printer, rendered: int, written: WriteReport, private: bool) -> tuple[str, ...]:
    notes = printer.notices(rendered)
    if private and written.carried_over:
        notes.append(
            f"warning: {len(written.carried_over)} file(s) in the output folder are not infoprep's "
            f"and stay there unencrypted, e.g. {written.carried_over[0]}: move them out before you "
            "publish the site"
        )
    return tuple(notes)


def interactive() -> bool:
    return sys.stderr.isatty()
