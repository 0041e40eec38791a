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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build_options import BuildOptions, BuildReport, TemplatedPages
from generator.clock import build_time
from generator.limits import RENDER_TIMEOUT, seconds_from
from generator.output import WriteReport, check_not_inside
from generator.printing.cache import BuildCache
from generator.printing.pool import Progress, build_pool
from generator.printing.printer import Printer, settings_for
from generator.publish.site import carried_over_notice, printed_ahead, publish_site, shown_ahead
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
    from generator.render.site import Page
    from generator.render.theme import Theme


EDITED_AT_ONCE = 4
"""Serve's pages pass prints the packets of the meetings whose files changed at once, in the pool,
when they are this few (one person's or organisation's meetings: an edit): each PDF is shown as
soon as it is made, after the edited pages (BuildOptions.ahead), and published with the pages. More
(a first pass on an empty cache) wait for the PDF pass: pages first."""


AHEAD_PDF_WAIT = 1.0
"""Seconds a pages pass waits for the edited packets' PDFs before templating the rest of the site
(_wait_for_printed): a packet renders in ~0.3-0.5 s; a longer one is collected with the others."""


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
        if options.pdf_later and not options.stale_pdfs:  # serve's first pass: the output's PDFs
            options = replace(options, stale_pdfs=printer.published_pdfs(output, plan, site.paths))
        later = inputs.stamp({**facts, "pdf": "later"})  # a pages pass's stamp
        first = changed_meetings(plan, changed)
        ahead = _Ahead(site, options, first, printer)
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
    ahead: _Ahead,
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
    ahead: _Ahead,
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
        first_prints=_prints_first(options, first),
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
                    _wait_for_printed(printer, ahead)
            printer.poll(ahead.arrived)
    ahead.release()
    if not prints:  # a pages pass: the print pages the last PDF pass made stay for the next
        memo.print_pages.used = {**memo.print_pages.known, **memo.print_pages.used}
    if theme_digest(site.theme) != site.templates:
        memo.forget_pages()
    return pages


def _prints_first(options: BuildOptions, first: set[str]) -> bool:
    """Whether a pages pass prints the changed meetings' packets (an edit: EDITED_AT_ONCE)."""
    return options.pdf and options.pdf_later and len(first) <= EDITED_AT_ONCE


class _Ahead:
    """Hands serve the web pages of the meetings whose files changed as soon as the last of them is
    made (BuildOptions.ahead), then each of their packet PDFs as it is made, as the publish will
    write them (sealed, on a private site), so serve can show them before the rest of the site is
    made and written.

    Those packets are printed one at a time, the earliest meeting's first: on two cores, each
    renders beside the browser showing its page rather than beside another packet."""

    def __init__(self, site: _Site, options: BuildOptions, first: set[str], printer: Printer):
        wanted = options.ahead is not None and options.pdf_later
        self._site, self._output, self._show = site, options.output, options.ahead
        self._waiting = {site.paths.packet_page(m) for m in first} if wanted else set()
        self._made: dict[str, bytes] = {}
        printing = wanted and _prints_first(options, first)
        self._pdfs = {site.paths.packet_pdf(m) for m in first} if printing else set()
        self._printer = printer
        self._held: list[Page] = []
        self._rendering: str | None = None
        """The edited packet's PDF the pool is rendering now, by output path."""
        self.pdfs_shown = 0

    def made(self, path: str, data: bytes) -> bool:
        """Take a web page; True when it was the last of the changed meetings' (they are shown)."""
        if path in self._waiting:
            self._waiting.discard(path)
            self._made[path] = data
            if not self._waiting and self._show is not None:
                site = self._site
                self._show(shown_ahead(self._output, site.plan, site.theme, self._made, site.key))
                return True
        return False

    def print(self, page: Page) -> None:
        """Send a print page to the printer; an edited packet's waits while another renders."""
        if page.path not in self._pdfs:
            self._printer.add(page)
        elif self._rendering is not None:
            self._held.append(page)
        else:
            self._send(page)

    def release(self) -> None:
        """Send the held print pages (the site is templated: nothing else needs the processor)."""
        held, self._held = self._held, []
        for page in held:
            self._printer.add(page)

    @property
    def arrived(self) -> Callable[[str, bytes], None] | None:
        """What the printer tells of each PDF it is given (None: no PDF is shown ahead)."""
        return self._printed if self._pdfs else None

    @property
    def rendering(self) -> bool:
        """Whether an edited packet is rendering."""
        return self._rendering is not None

    def _send(self, page: Page) -> None:
        if self._printer.add(page):
            self._rendering = page.path
        else:  # the cache had it (an edit undone): published with the pages
            self._pdfs.discard(page.path)
            self._next()

    def _next(self) -> None:
        self._rendering = None
        if self._held:
            self._send(self._held.pop(0))

    def _printed(self, path: str, data: bytes) -> None:
        if path in self._pdfs and self._show is not None:
            self._pdfs.discard(path)
            self._show(printed_ahead({path: data}, self._site.key))
            self.pdfs_shown += 1
        if path == self._rendering:
            self._next()


def _wait_for_printed(printer: Printer, ahead: _Ahead) -> None:
    """Once the edited pages are shown, the first of their packet PDFs renders before the rest of
    the site is templated (for at most AHEAD_PDF_WAIT seconds): on two cores, templating beside it
    made it slower, and the rest of the site is only seen when it is published."""
    deadline = time.monotonic() + AHEAD_PDF_WAIT
    while ahead.rendering and not ahead.pdfs_shown and (left := deadline - time.monotonic()) > 0:
        printer.poll(ahead.arrived, left)


def _print(site: _Site, printer: Printer, options: BuildOptions, ahead: _Ahead) -> None:
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
