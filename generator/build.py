"""build(options): read -> plan -> render -> reuse or render the PDFs -> write: the whole program on one screen.

Everything is read and validated before anything is written, and the writer swaps the
new output in whole. Only this module and the CLI know the clock and the environment;
they hand "today", the passphrase and the cache folder down as values. What is
reused is decided here, from the build cache (printing/cache.py): the whole build when no input
changed, else each PDF whose print HTML and loaded files are the same. Every page is
templated every time: that is cheap, and it is what keeps a page from ever being stale.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.clock import build_time, build_today
from generator.errors import ContentError, Finding, FindingList, Level, Location
from generator.inputs import Snapshot
from generator.limits import RENDER_TIMEOUT, seconds_from, time_limit
from generator.output import Kept, WriteReport, check_not_inside, check_output_folder, real_output, write_output
from generator.printing.binder import Part, binder_key, order, write_binder
from generator.printing.cache import BuildCache, cache_folder, pdf_key
from generator.printing.engine import HARFBUZZ_WARNING, engine_id, harfbuzz_subsetting
from generator.printing.pdf import PdfJob, PdfSettings, page_css, resolve
from generator.printing.pool import PdfPool, Progress, default_workers, pdf_timeout
from generator.render.markdown import sanitize
from generator.render.paths import Paths
from generator.render.qr import checked as qr_checked
from generator.render.theme import Theme, ThemeNotFound, resolve_theme
from generator.render.vcard import checked as card_checked

if TYPE_CHECKING:
    from generator.content.trip import Trip
    from generator.plan.plan import Plan
    from generator.publish.seal import SiteKey
    from generator.render.memo import RenderMemo
    from generator.render.site import Page


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
    """Read nothing from the build cache: render every PDF again."""
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    cache: Path | None = None
    """The build cache's folder; None: the user's cache directory, one folder per output (cache.cache_folder)."""
    private_salt: bytes | None = None
    """Private builds: reuse this salt (serve does, so names and the browser's key survive rebuilds); else random."""
    private: bool | None = None
    """None: as trip.yaml's `site.private` says; True or False: `--private` or `--public`, for this
    build only."""


@dataclass(frozen=True)
class BuildReport:
    plan: Plan
    findings: tuple[Finding, ...]
    written: WriteReport
    seconds: float
    pdfs_rendered: int = 0
    pdfs_reused: int = 0
    """PDFs taken unchanged from the build cache, the binder included."""
    binder_assembled: bool = False
    up_to_date: bool = False
    """Nothing had changed since the last build: nothing was rendered or written."""
    notices: tuple[str, ...] = ()
    """Advice and warnings about the build itself (not the content), one line each, for standard error."""
    pdfs_dropped: int = 0
    """PDFs of the last build that this one (--no-pdf) did not make, so they are not in the new output."""


def load_and_plan(content: Path, today: date | datetime, built_at: datetime | None = None) -> tuple[Trip, Plan, Theme]:
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
    with BuildCache(options.cache or cache_folder(output, options.environ), options.clean) as cache, \
            PdfPool(options.jobs or default_workers(), pdf_timeout(options.environ), progress) as pool:
        inputs = Snapshot()
        inputs.add_tree(options.content, "content", skip=[output])  # hashed before read: an edit now costs a rebuild
        changed = inputs.changed({name: d for name, d in cache.inputs.items() if name.startswith("content/")})
        if options.pdf and changed:
            pool.start()  # WeasyPrint loads in the first worker while this process reads, plans and templates
        trip, plan, theme = load_and_plan(options.content, today, build_time(options.environ))
        check_not_inside(output, {f"the theme {theme.name!r}": folder for folder in theme.folders})
        engine = engine_id() if options.pdf else ""
        stamp = _stamp(inputs, theme, today, options, engine, is_private(trip, options))
        key = _site_key(trip, options) if is_private(trip, options) else None
        if key is None and (previous := cache.up_to_date(stamp, output)) is not None:
            written = WriteReport(len(previous.outputs), sum(s for s, _ in previous.outputs.values()))
            return BuildReport(plan, plan.findings, written, time.perf_counter() - started, pdfs_reused=previous.pdfs, up_to_date=True)
        paths = Paths(opaque_key=key.names_key if key else None)
        memo = cache.memo({"markdown": sanitize, "qr": qr_checked, "vcard": card_checked})
        files, pdfs = _render(plan, theme, paths, memo, options, key is not None, _likely_changed(plan, changed), cache, pool, inputs, engine)
        rendered = pool.submitted
        binder_made = options.pdf and _binder(plan, paths, cache, pdfs)
        written = _publish(output, plan, theme, files, pdfs, cache, key)
        cache.save(stamp, written.stats if key is None else {}, inputs.files, memo, len(pdfs), keep_all=not options.pdf)
    return BuildReport(
        plan, plan.findings, written, time.perf_counter() - started, rendered, len(pdfs) - rendered - binder_made, binder_made,
        notices=_notices(cache, pdfs, rendered, written, key is not None),
        pdfs_dropped=0 if options.pdf else sum(1 for n in (cache.previous.outputs if cache.previous else {}) if n.endswith(".pdf")),
    )


def is_private(trip: Trip, options: BuildOptions) -> bool:
    """Whether this build is sealed: `--public`/`--private` when given, else `site.private`."""
    return trip.info.site.private if options.private is None else options.private


def _stamp(
    inputs: Snapshot, theme: Theme, today: date, options: BuildOptions, engine: str, private: bool
) -> str:
    """What the whole output depends on: the input files, the theme's, the build's settings."""
    for name, path in theme.inputs().items():
        inputs.add_file(path, name, Path("/"))
    settings = {"today": today.isoformat(), "pdf": str(options.pdf), "engine": engine}
    settings["private"] = str(private)
    return inputs.stamp(settings)


@dataclass(frozen=True)
class BuildState:
    """The content as the next build would read it, and whether the last build already made it."""

    trip: Trip
    private: bool
    """The build is sealed (`--private`, or `site.private` without `--public`)."""
    up_to_date: bool
    """The last build into the output was made from these very inputs and settings, and its files
    are still as it wrote them (a private build's are checked against the output's manifest:
    output.infoprep_files)."""


def build_state(options: BuildOptions) -> BuildState:
    """Reads the content (raising a ContentError as the build would) and writes nothing to the
    output: `publish` asks this before it builds; `publish --no-build` refuses a stale output."""
    check_output_folder(options.output, options.content)
    output = real_output(options.output)
    today = options.today or build_today(options.environ)
    cache_in = options.cache or cache_folder(output, options.environ)
    with BuildCache(cache_in, options.clean) as cache:
        inputs = Snapshot()
        inputs.add_tree(options.content, "content", skip=[output])
        trip, _, theme = load_and_plan(options.content, today, build_time(options.environ))
        engine = engine_id() if options.pdf else ""
        private = is_private(trip, options)
        stamp = _stamp(inputs, theme, today, options, engine, private)
        return BuildState(trip, private, cache.up_to_date(stamp, output) is not None)


def _render(
    plan: Plan, theme: Theme, paths: Paths, memo: RenderMemo, options: BuildOptions, private: bool, first: set[str],
    cache: BuildCache, pool: PdfPool, inputs: Snapshot, engine: str,
) -> tuple[dict[str, bytes], dict[str, str]]:
    """Every page, and every PDF reused from the cache or rendered by the pool: (files by output path, output path ->
    cache key of each PDF)."""
    from generator.render.site import render_pages

    settings = PdfSettings(plan.trip.info.defaults.paper.value, theme.static_files(), plan.trip.root / "assets")
    files: dict[str, bytes] = {}
    pdfs: dict[str, str] = {}
    named: dict[str, str] = {}
    """A print page's readable name -> its output path (the same unless the build is private)."""
    pages = render_pages(plan, theme, paths, memo, options.pdf, private, first)
    with contextlib.closing(_within(seconds_from(options.environ, RENDER_TIMEOUT), pages)) as timed:
        for page in timed:
            if not page.print:
                files[page.path] = page.data
                continue
            html, named[page.name] = page.data.decode("utf-8"), page.path
            pdfs[page.path] = pdf_key(page.name, html, page_css(settings.paper), engine)
            if cache.pdf(pdfs[page.path], lambda url: inputs.digest(resolve(url, settings)) or "") is None:
                pool.submit(PdfJob(page.name, html, page.title), settings)
    for made in pool.results().values():
        cache.add(pdfs[named[made.path]], made, inputs.digest)
    return files, pdfs


def _binder(plan: Plan, paths: Paths, cache: BuildCache, pdfs: dict[str, str]) -> bool:
    """Put the binder in the cache (and in `pdfs`); True when it had to be assembled again."""
    parts = {name: Part(cache.file(k), cache.used[k].sha256, cache.used[k].pages, cache.used[k].bookmarks) for name, k in pdfs.items()}
    names = order(plan, paths.itinerary_pdf, {p.id: paths.packet_pdf(p.id) for p in plan.packets})
    key = pdfs[paths.binder_pdf] = binder_key(plan, names, parts)
    if cache.pdf(key, lambda url: "") is not None:
        return False
    with cache.writing(key, sum(parts[n].pages for n in names)) as handle:
        write_binder(plan, names, parts, handle, cache.read)
    return True


def _publish(
    output: Path, plan: Plan, theme: Theme, files: dict[str, bytes], pdfs: dict[str, str], cache: BuildCache, key: SiteKey | None
) -> WriteReport:
    """Seal a private site, add the web app's files (which list every other file), and swap the new output in."""
    from generator.publish.service_worker import WORKER_TEMPLATE
    from generator.publish.webapp import web_app
    from generator.render.site import site_files

    links = {name: Kept(cache.opener(k), cache.used[k].sha256) for name, k in pdfs.items()}
    copies = site_files(plan, theme)
    known = {name: cache.used[k].sha256 for name, k in pdfs.items()}
    if key is not None:
        from generator.publish.seal import encrypt_site
        from generator.render.lock import lock_renderer
        from generator.render.theme import make_environment

        plain = {**files, **{name: cache.read(cache.file(k)) for name, k in pdfs.items()}}  # read once, checked
        render_lock = lock_renderer(make_environment(theme, words=plan.words))  # the theme's lock.html
        sealed = encrypt_site(
            key, plain, copies, remember_days=plan.trip.info.site.remember_days, render_lock=render_lock
        )
        files, copies, links, known = sealed.files, sealed.sources, {}, {}
    listed = {**copies, **{name: cache.file(k) for name, k in pdfs.items() if name in links}}  # digests in `known`
    files.update(web_app(plan.trip.info, key is not None, files, listed, known, theme.template_text(WORKER_TEMPLATE)))
    return write_output(output, files, copies, links)


def _shown(path: Path, content: Path) -> str:
    """A path as the user knows it: inside the content folder by the name they typed, else as it is."""
    try:
        return f"{content}/{path.relative_to(content).as_posix()}"
    except ValueError:
        return str(path)


def _within(seconds: float, pages: Iterator[Page]) -> Generator[Page, None, None]:
    """The pages, as long as templating them takes less than `seconds` in all (a template loop would never end)."""
    made = ["(none yet)"]

    def expired() -> ContentError:
        message = (
            f"templating the pages took longer than {seconds:g} s (the last one made: {made[-1]}); a template loops, or "
            f"a note is too big to render. Raise the limit with {RENDER_TIMEOUT[0]}=SECONDS if the trip is just very long"
        )
        return ContentError([Finding(Level.ERROR, Location("templates"), message)])

    with time_limit(seconds, expired):  # closed by the build (contextlib.closing) when it stops taking pages
        for page in pages:
            made.append(page.path)
            yield page


def _site_key(trip: Trip, options: BuildOptions):  # type: ignore[no-untyped-def]
    from generator.publish.seal import site_key_from_environment

    return site_key_from_environment(trip.info.site.password_env, options.environ, trip.source.at("site"), options.private_salt)


def _likely_changed(plan: Plan, changed: set[str]) -> set[str]:
    """Meetings whose person's or organisation's files changed: their print pages come first, to render soonest."""
    names = {n.rsplit("/", 1)[-1].rsplit(".", 1)[0] for n in changed if n.startswith(("content/people/", "content/companies/"))}
    return {
        p.id for p in plan.packets
        if p.slot.meeting.person.slug in names or (p.slot.meeting.company is not None and p.slot.meeting.company.slug in names)
    }


def _notices(cache: BuildCache, pdfs: Mapping[str, str], rendered: int, written: WriteReport, private: bool) -> tuple[str, ...]:
    notes = [HARFBUZZ_WARNING] if rendered and not harfbuzz_subsetting() else []
    # What the PDF sandbox would not load (a remote stylesheet in a theme, a missing image), once per PDF and URL.
    notes += [f"warning: {name}: {message}" for name, key in pdfs.items() for message in dict.fromkeys(cache.used[key].refused)]
    if private and written.carried_over:
        notes.append(
            f"warning: {len(written.carried_over)} file(s) in the output folder are not infoprep's and stay there unencrypted, "
            f"e.g. {written.carried_over[0]}: move them out before you publish the site"
        )
    return tuple(notes)


def interactive() -> bool:
    return sys.stderr.isatty()
