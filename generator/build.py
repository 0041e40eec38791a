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
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.clock import build_time, build_today
from generator.errors import ContentError, Finding, FindingList, Level, Location
from generator.inputs import Snapshot
from generator.limits import RENDER_TIMEOUT, seconds_from, time_limit
from generator.output import (
    Kept,
    WriteReport,
    check_not_inside,
    check_output_folder,
    manifest,
    real_output,
    write_output,
)
from generator.printing.binder import Part, binder_key, order, write_binder
from generator.printing.cache import BuildCache, cache_folder, pdf_key
from generator.printing.engine import HARFBUZZ_WARNING, engine_id, harfbuzz_subsetting
from generator.printing.pdf import PdfJob, PdfSettings, page_css, resolve
from generator.printing.pool import PdfPool, Progress, Superseded, default_workers, pdf_timeout
from generator.render.paths import Paths
from generator.render.theme import CompiledTemplates, Theme, ThemeNotFound, resolve_theme

if TYPE_CHECKING:
    from generator.content.trip import Trip
    from generator.plan.plan import Plan
    from generator.publish.keys import DerivedKeys
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
    """Private builds: use this salt; None: the one kept beside the build cache for this passphrase (publish/keys.py)."""
    new_key: bool = False
    """Private builds: draw a new salt (a new key, new file names, every file sealed again), as `build --new-key`."""
    pdf_later: bool = False
    """Serve's first pass: the pages link to their PDFs but none is rendered or assembled. A PDF whose print page did
    not change is the cached one; one that changed is the last build's (`stale_pdfs`) until the next pass replaces it."""
    stale_pdfs: Mapping[str, str] = field(default_factory=dict)
    """With `pdf_later`: the last full build's PDFs, readable output path -> cache key (BuildReport.pdf_keys)."""
    binder_later: bool = False
    """Serve's PDF pass: publish the new PDFs with the last binder, then assemble the binder and publish again."""
    published: Callable[[], None] | None = field(default=None, compare=False)
    """Called after a publish that is not the build's last (binder_later's first)."""
    keys: DerivedKeys | None = field(default=None, compare=False)
    """Private builds: site keys derived earlier by this process (serve keeps them), else derived afresh."""
    pool: PdfPool | None = field(default=None, compare=False)
    """A warm pool kept between builds (serve's), else the build starts and stops its own."""
    compiled: CompiledTemplates | None = field(default=None, compare=False)
    """Templates compiled by an earlier build in this process (serve keeps them), else compiled afresh."""
    cancel: threading.Event | None = field(default=None, compare=False)
    """Set by serve when an edit supersedes this build: it stops (Superseded) and writes nothing."""
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
    pdf_keys: Mapping[str, str] = field(default_factory=dict)
    """Each PDF in the output, by its readable output path, with its cache key (serve's `stale_pdfs` next time)."""
    complete: bool = True
    """False after a `pdf_later` pass that published a PDF older than its page, or none: a full pass must follow."""


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
    folder = options.cache or cache_folder(output, options.environ)
    rendering = options.pdf and not options.pdf_later
    with BuildCache(folder, options.clean) as cache, _pool(options, progress) as pool:
        inputs = Snapshot()
        inputs.add_tree(options.content, "content", skip=[output])  # hashed before read: an edit now costs a rebuild
        changed = inputs.changed({name: d for name, d in cache.inputs.items() if name.startswith("content/")})
        if rendering and changed:
            pool.start()  # WeasyPrint loads in the first worker while this process reads, plans and templates
        trip, plan, theme = load_and_plan(options.content, today, build_time(options.environ))
        check_not_inside(output, {f"the theme {theme.name!r}": folder for folder in theme.folders})
        engine = engine_id() if options.pdf else ""
        private = is_private(trip, options)
        key = _site_key(trip, options, folder) if private else None
        facts = _facts(inputs, theme, today, options, engine, private, key)
        stamp = inputs.stamp(facts)
        if (previous := cache.up_to_date(stamp, output)) is not None:
            written = WriteReport(len(previous.outputs), sum(s for s, _ in previous.outputs.values()))
            return BuildReport(plan, plan.findings, written, time.perf_counter() - started, pdfs_reused=previous.pdfs, up_to_date=True)
        # Imported only now: a build with nothing to do needs neither Markdown nor the vCard and QR checks.
        from generator.render.markdown import sanitize
        from generator.render.qr import checked as qr_checked
        from generator.render.vcard import checked as card_checked

        paths = Paths(opaque_key=key.names_key if key else None)
        if options.pdf_later:
            stamp = inputs.stamp({**facts, "pdf": "later"})  # never taken for a full build's
            if not options.stale_pdfs:
                options = replace(options, stale_pdfs=_published_pdfs(cache, output, _print_paths(plan, paths)))
        memo = cache.memo({"markdown": sanitize, "qr": qr_checked, "vcard": card_checked})
        files, pdfs, named, complete = _render(
            plan, theme, paths, memo, options, key is not None, _likely_changed(plan, changed), cache, pool, inputs, engine
        )
        rendered = pool.submitted
        _stop_if_superseded(options)
        binder_made = False
        if options.pdf:
            named[Paths().binder_pdf] = paths.binder_pdf
            binder_made, binder_current = _binder(plan, paths, cache, pdfs, options, complete, not options.binder_later)
            if rendering and not binder_current:  # binder_later: publish the new pages and PDFs, then the binder
                _stop_if_superseded(options)
                _publish(output, plan, theme, dict(files), pdfs, cache, key)
                if options.published is not None:
                    options.published()
                binder_made, binder_current = _binder(plan, paths, cache, pdfs, options, complete, True)
            complete = complete and binder_current
        _stop_if_superseded(options)
        written = _publish(output, plan, theme, files, pdfs, cache, key)
        # A pages pass records the inputs of the last full build: the next one then knows which packets changed.
        cache.save(stamp, written.stats, inputs.files if rendering else cache.inputs, memo, len(pdfs), keep_all=not rendering)
    return BuildReport(
        plan, plan.findings, written, time.perf_counter() - started, rendered, len(pdfs) - rendered - binder_made, binder_made,
        notices=_notices(cache, pdfs, rendered, written, key is not None),
        pdfs_dropped=0 if options.pdf else sum(1 for n in (cache.previous.outputs if cache.previous else {}) if n.endswith(".pdf")),
        pdf_keys={name: pdfs[path] for name, path in named.items() if path in pdfs},
        complete=complete,
    )


def is_private(trip: Trip, options: BuildOptions) -> bool:
    """Whether this build is sealed: `--public`/`--private` when given, else `site.private`."""
    return trip.info.site.private if options.private is None else options.private


def _facts(
    inputs: Snapshot, theme: Theme, today: date, options: BuildOptions, engine: str, private: bool,
    key: SiteKey | None,
) -> dict[str, str]:
    """What the whole output depends on besides the content: the theme's files (added to `inputs`)
    and the build's settings; a new passphrase or --new-key (the key's fingerprint) seals all again."""
    for name, path in theme.inputs().items():
        inputs.add_file(path, name, Path("/"))
    facts = {"today": today.isoformat(), "pdf": str(options.pdf), "engine": engine}
    facts["private"] = str(private)
    if key is not None:
        facts["key"] = key.fingerprint
    return facts


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
        try:
            key = _site_key(trip, options, cache_in) if private else None
        except ContentError:  # no passphrase: no build of this trip can be current (publish says why)
            return BuildState(trip, private, False)
        stamp = inputs.stamp(_facts(inputs, theme, today, options, engine, private, key))
        return BuildState(trip, private, cache.up_to_date(stamp, output) is not None)


def _pool(options: BuildOptions, progress: Progress | None) -> PdfPool:
    """Serve's warm pool for this build, else one of the build's own (stopped when it ends)."""
    if options.pool is not None:
        return options.pool.session(progress, options.cancel)
    return PdfPool(options.jobs or default_workers(), pdf_timeout(options.environ), progress, options.cancel)


def _stop_if_superseded(options: BuildOptions) -> None:
    if options.cancel is not None and options.cancel.is_set():
        raise Superseded


def _render(
    plan: Plan, theme: Theme, paths: Paths, memo: RenderMemo, options: BuildOptions, private: bool, first: set[str],
    cache: BuildCache, pool: PdfPool, inputs: Snapshot, engine: str,
) -> tuple[dict[str, bytes], dict[str, str], dict[str, str], bool]:
    """Every page, and every PDF reused from the cache or rendered by the pool: (files by output path, output path ->
    cache key of each PDF, readable name -> output path of each PDF, whether every PDF is its page's own).
    With `pdf_later` no print page is templated: each PDF is the last build's, or left out for now."""
    from generator.render.site import render_pages

    settings = PdfSettings(plan.trip.info.defaults.paper.value, theme.static_files(), plan.trip.root / "assets")
    files: dict[str, bytes] = {}
    pdfs: dict[str, str] = {}
    named: dict[str, str] = {}
    """A print page's readable name -> its output path (the same unless the build is private)."""
    pages = render_pages(plan, theme, paths, memo, options.pdf, private, first, options.compiled, not options.pdf_later)
    with contextlib.closing(_within(seconds_from(options.environ, RENDER_TIMEOUT), pages)) as timed:
        for page in timed:
            _stop_if_superseded(options)
            if not page.print:
                files[page.path] = page.data
                continue
            html, named[page.name] = page.data.decode("utf-8"), page.path
            pdfs[page.path] = pdf_key(page.name, html, page_css(settings.paper), engine)
            if cache.pdf(pdfs[page.path], lambda url: inputs.digest(resolve(url, settings)) or "") is None:
                pool.submit(PdfJob(page.name, html, page.title), settings)
    for made in pool.results().values():
        cache.add(pdfs[named[made.path]], made, inputs.digest)
    if options.pdf_later and options.pdf:
        named = _print_paths(plan, paths)
        pdfs = {path: key for name, path in named.items() if (key := _stale(cache, options.stale_pdfs.get(name)))}
        return files, pdfs, named, False
    return files, pdfs, named, True


def _published_pdfs(cache: BuildCache, output: Path, named: Mapping[str, str]) -> dict[str, str]:
    """The PDFs in the output now, by readable name -> cache key: those whose digest in the output's manifest is a
    cached PDF's (serve's first pass, which has no last build of its own to link; a private output has none)."""
    listed = manifest(output)
    by_digest = {entry.sha256: key for key, entry in cache.entries.items()}
    named = {**named, Paths().binder_pdf: Paths().binder_pdf}
    return {name: by_digest[digest] for name, path in named.items() if (digest := listed.get(path)) in by_digest}


def _print_paths(plan: Plan, paths: Paths) -> dict[str, str]:
    """Each print page's readable name -> its output path: the names render_pages gives them."""
    readable = Paths()
    named = {readable.packet_pdf(p.id): paths.packet_pdf(p.id) for p in plan.packets}
    return {**named, paths.itinerary_pdf: paths.itinerary_pdf, paths.pocket_pdf: paths.pocket_pdf}


def _stale(cache: BuildCache, key: str | None) -> str | None:
    """The last build's PDF under `key`, if the cache still holds it whole (its page has changed since)."""
    if key is None or key not in cache.entries:
        return None
    recorded = cache.entries[key].loaded
    return key if cache.pdf(key, lambda url: recorded.get(url, "")) is not None else None


def _binder(
    plan: Plan, paths: Paths, cache: BuildCache, pdfs: dict[str, str], options: BuildOptions, parts_current: bool,
    assemble: bool,
) -> tuple[bool, bool]:
    """Put the binder in the cache (and in `pdfs`): (assembled again, of the current parts). Unless `assemble` it is
    never assembled: the cached one of these parts, else the last build's until a later pass."""
    if not parts_current:  # some parts are stale or missing: only a pdf_later pass gets here
        if (stale := _stale(cache, options.stale_pdfs.get(Paths().binder_pdf))) is not None:
            pdfs[paths.binder_pdf] = stale
        return False, False
    parts = {name: Part(cache.file(k), cache.used[k].sha256, cache.used[k].pages, cache.used[k].bookmarks) for name, k in pdfs.items()}
    names = order(plan, paths.itinerary_pdf, {p.id: paths.packet_pdf(p.id) for p in plan.packets})
    key = binder_key(plan, names, parts)
    if cache.pdf(key, lambda url: "") is not None:
        pdfs[paths.binder_pdf] = key
        return False, True
    if options.pdf_later or not assemble:
        return _binder(plan, paths, cache, pdfs, options, False, False)
    with cache.writing(key, sum(parts[n].pages for n in names)) as handle:
        write_binder(plan, names, parts, handle, cache.read, lambda: _stop_if_superseded(options))
    pdfs[paths.binder_pdf] = key
    return True, True


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


def _site_key(trip: Trip, options: BuildOptions, cache: Path) -> SiteKey:
    from generator.publish.keys import lasting_site_key
    from generator.publish.seal import site_key_from_environment

    where = trip.source.at("site")
    if options.private_salt is not None:
        return site_key_from_environment(trip.info.site.password_env, options.environ, where, options.private_salt)
    return lasting_site_key(trip.info.site.password_env, options.environ, where, cache, options.new_key, options.keys)


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
