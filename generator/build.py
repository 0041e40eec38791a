"""build(options): read -> plan -> render -> print -> publish -> write, as a list of named steps.

Everything is read and validated before anything is written, and the writer swaps the new output in
whole. Only the commands and this module know the clock and the environment; they hand "today", the
passphrase and the cache folder down as values. The whole build is skipped when no input changed
(the build cache's stamp, stamp.py); otherwise each page whose key (render/page_keys.py: its context
and templates) is in the build cache's memo is taken from there, the others are templated, and the
printer (printing/printer.py) reuses each PDF whose print page and loaded files are the same.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.ahead import Ahead, prints_first
from generator.build_options import BuildOptions, BuildReport, TemplatedPages
from generator.clock import build_time
from generator.limits import RENDER_TIMEOUT, seconds_from
from generator.output import WriteReport, check_not_inside
from generator.printing.cache import BuildCache
from generator.printing.pool import Progress, build_pool
from generator.printing.printer import Printer, settings_for
from generator.publish.site import carried_over_notice, publish_site
from generator.reading import load_and_plan
from generator.render.paths import Paths
from generator.stamp import (
    build_target,
    changed_meetings,
    content_inputs,
    is_private,
    site_key,
    stamp_facts,
    templates_digest,
    theme_digest,
)

if TYPE_CHECKING:
    from generator.plan.plan import Plan
    from generator.publish.seal import SiteKey
    from generator.render.memo import RenderMemo
    from generator.render.theme import Theme


@dataclass(frozen=True)
class _Site:
    """What every step after planning works on: the plan, its theme, where each page goes (opaque
    names on a private site) and the private site's key (None: a public site)."""

    plan: Plan
    theme: Theme
    paths: Paths
    key: SiteKey | None
    templates: str
    """The theme's files as this build hashed them before reading (for page keys:
    render/page_keys.py)."""


def build(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """`progress(done, total, path)` is called as each PDF is made."""
    started = time.perf_counter()
    output, folder, today = build_target(options)
    printing = options.pdf and not options.pdf_later
    pool = build_pool(options.pool, options.jobs, options.environ, progress, options.cancel)
    with BuildCache(folder, options.clean) as cache, pool:
        inputs = content_inputs(options, output)  # hashed before read: an edit now costs a rebuild
        changed = inputs.changed(cache.inputs_under("content/"))
        if printing and changed:
            pool.start()  # WeasyPrint loads in the first worker while this process reads and plans
        trip, plan, theme = load_and_plan(options.content, today, build_time(options.environ))
        check_not_inside(output, {f"the theme {theme.name!r}": f for f in theme.folders})
        key = site_key(trip, options, folder) if is_private(trip, options) else None
        facts = stamp_facts(inputs, theme, today, options, key is not None, key)
        if (previous := cache.up_to_date(inputs.stamp(facts), output)) is not None:
            return BuildReport.unchanged(plan, previous, time.perf_counter() - started)
        names = Paths(opaque_key=key.names_key if key else None)
        site = _Site(plan, theme, names, key, templates_digest(inputs.files))
        settings = settings_for(plan, theme.static_files())
        printer = Printer(
            cache,
            pool,
            settings,
            facts["engine"],
            inputs.digest,
            options.cancel,
            options.binder_parts,
        )
        if printing:
            printer.assemble_early(site.plan, site.paths)  # the binder aside, once every PDF is in
        if options.pdf_later and not options.stale_pdfs:  # serve's first pass: the output's PDFs
            options = replace(options, stale_pdfs=printer.published_pdfs(output, plan, site.paths))
        later = inputs.stamp({**facts, "pdf": "later"})  # a pages pass's stamp
        first = changed_meetings(plan, changed)
        ahead = Ahead(site.plan, site.theme, site.paths, site.key, options, first, printer)
        made = _web_pages(site, cache, options, later, first, printer, ahead)
        _print(site, printer, options, ahead)
        written = _publish(output, site, made.pages, printer, options)
        stamp = later if options.pdf_later else inputs.stamp(facts)
        # A pages pass records the last full build's inputs: the next knows which packets changed.
        kept = inputs.files if printing else cache.inputs
        cache.save(stamp, written.stats, kept, made.memo, len(printer.pdfs), keep_all=not printing)
    notices = [n for n in [carried_over_notice(written)] if n and key]
    dropped = 0 if options.pdf else cache.previous_pdfs()
    seconds = time.perf_counter() - started
    reused = made.memo.pages_reused
    return BuildReport.printed(plan, written, seconds, printer, notices, dropped, made, reused)


def _web_pages(
    site: _Site,
    cache: BuildCache,
    options: BuildOptions,
    stamp: str,
    first: set[str],
    printer: Printer,
    ahead: Ahead,
) -> TemplatedPages:
    """Every web page, with the memo that made them; the print pages go to the printer. Serve's
    PDF pass takes its pages pass's web pages when every input is as that pass found it (the same
    `stamp`), and templates only the print pages."""
    handed = options.templated
    if handed is not None and handed.stamp == stamp:
        _template(site, handed.memo, options, first, printer, ahead, web=False)
        return handed
    memo = options.memo.carried() if options.memo is not None else cache.checked_memo()
    return TemplatedPages(stamp, _template(site, memo, options, first, printer, ahead), memo)


def _template(
    site: _Site,
    memo: RenderMemo,
    options: BuildOptions,
    first: set[str],
    printer: Printer,
    ahead: Ahead,
    web: bool = True,
) -> dict[str, bytes]:
    """Every web page, by output path; each print page goes to the printer as it is made (with
    `pdf_later`, none is made: the pages link the last build's PDFs). Without `web`, only the print
    pages (serve's PDF pass reuses its pages pass's web pages)."""
    from generator.render.site import render_pages, within_time

    private, prints = site.key is not None, not options.pdf_later
    made = render_pages(
        site.plan,
        site.theme,
        site.paths,
        memo,
        options.pdf,
        private,
        first,
        options.compiled,
        prints,
        web,
        site.templates,
        first_prints=prints_first(options, first),
    )
    pages: dict[str, bytes] = {}
    seconds = seconds_from(options.environ, RENDER_TIMEOUT)
    with contextlib.closing(within_time(seconds, made)) as timed:
        for page in timed:
            printer.stop_if_superseded()
            if page.print:
                ahead.print(page)
            else:
                pages[page.path] = page.data
                if ahead.made(page.path, page.data):
                    ahead.wait_for_first_pdf()
            printer.poll(ahead.arrived)
    ahead.release()
    if not prints:  # a pages pass: the print pages the last PDF pass made stay for the next
        memo.print_pages.used = {**memo.print_pages.known, **memo.print_pages.used}
    if theme_digest(site.theme) != site.templates:
        memo.forget_pages()
    return pages


def _print(site: _Site, printer: Printer, options: BuildOptions, ahead: Ahead) -> None:
    """Wait for the PDFs, then put the binder in (assembled last, or in serve's later pass)."""
    printer.collect(ahead.arrived)
    if options.pdf_later and options.pdf:
        printer.link_stale(site.plan, site.paths, options.stale_pdfs)
    printer.stop_if_superseded()
    if options.pdf:
        last = options.stale_pdfs.get(Paths().binder_pdf)
        assemble = not (options.pdf_later or options.binder_later)
        printer.complete = printer.binder(site.plan, site.paths, last, printer.complete, assemble)


def _publish(
    output: Path, site: _Site, pages: Mapping[str, bytes], printer: Printer, options: BuildOptions
) -> WriteReport:
    """Seal (when private) and write the site; with `binder_later`, first without the new binder,
    then again once it is assembled (serve shows the new PDFs sooner)."""
    if options.pdf and not options.pdf_later and not printer.complete:
        printer.stop_if_superseded()
        publish_site(output, site.plan, site.theme, pages, printer.printed(), site.key)
        if options.published is not None:
            options.published()
        last = options.stale_pdfs.get(Paths().binder_pdf)
        printer.complete = printer.binder(site.plan, site.paths, last, True, True)
    printer.stop_if_superseded()
    return publish_site(output, site.plan, site.theme, pages, printer.printed(), site.key)
