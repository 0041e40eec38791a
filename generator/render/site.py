"""STAGE 3: the Plan rendered into artifacts, {output path: bytes}. Writes no file.

PDFs are described as jobs (their print HTML) handed to `on_pdf_job`, so the build can
look each one up in its cache and render the rest in worker processes. The packets
most likely changed, the itinerary and the pocket cards are handed over at once, so
they render while the other pages are templated; every other packet page, web and
print, is templated by this process and its forked helpers together (fanout.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2

from generator.plan.plan import Packet, Plan
from generator.render.calendar import render_calendar
from generator.render.drafts import Drafts
from generator.render.fanout import Fanout, helpers_for
from generator.render.page_keys import PageKeys, Reuse, page_digest
from generator.render.pages import PacketPage, PageBuilder
from generator.render.paths import Paths
from generator.render.pdf import PdfJob, PdfSettings
from generator.render.resume import resume_files
from generator.render.template_errors import raised_in_template, template_error
from generator.render.theme import Theme, make_environment


@dataclass
class Rendered:
    files: dict[str, bytes] = field(default_factory=dict)
    """Finished files: pages, static files, assets, the calendar."""
    sources: dict[str, Path] = field(default_factory=dict)
    """Files copied as they are (static, assets): output path -> source file."""
    pdf_jobs: list[PdfJob] = field(default_factory=list)
    settings: PdfSettings | None = None
    kept: dict[str, Path] = field(default_factory=dict)
    """Pages not templated again: output path -> the last output's file, which holds exactly that page."""
    digests: dict[str, str] = field(default_factory=dict)
    """The SHA-256 of each kept page."""
    reused_pages: int = 0
    """Pages (web and print) whose templating a page key saved."""


def _assets(root: Path) -> dict[str, Path]:
    base = root / "assets"
    if not base.is_dir():
        return {}
    real = root.resolve()  # the content folder: assets/ itself may not lead outside it either
    out = {}
    for path in sorted(base.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and path.resolve().is_relative_to(real):
            out[f"assets/{path.relative_to(base).as_posix()}"] = path
    return out


PdfJobHook = Callable[[PdfJob, PdfSettings], bool]
"""Takes a PDF job; True when it will be rendered (a worker process, and so a core, is busy with it)."""


def render_site(
    plan: Plan,
    theme: Theme,
    paths: Paths,
    with_pdfs: bool,
    private: bool = False,
    on_pdf_job: PdfJobHook | None = None,
    print_first: Collection[str] = (),
    jobs: int = 1,
    reuse: Reuse | None = None,
) -> Rendered:
    """All pages and PDF jobs; a mistake in a template becomes a ContentError with its file and line.

    `print_first`: meeting ids whose print pages to template before the others (the build's guess at what
    changed, so a changed packet starts rendering as early as possible). `jobs`: processes that may template
    packet pages at once (fanout.py). `reuse`: the last build's pages and PDFs (page_keys.py), so a packet page
    whose key is known is not templated again."""
    try:
        return _render_site(plan, theme, paths, with_pdfs, private, on_pdf_job, print_first, jobs, reuse)
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
        if isinstance(exc, (TypeError, AttributeError, KeyError, ValueError)) and not raised_in_template(exc):
            raise
        raise template_error(exc, plan.trip.root, plan.trip.source.location.file.rsplit("/", 1)[0]) from None


def _title(packet: Packet) -> str:
    return packet.slot.meeting.person.profile.name


def _render_site(
    plan: Plan,
    theme: Theme,
    paths: Paths,
    with_pdfs: bool,
    private: bool,
    on_pdf_job: PdfJobHook | None,
    print_first: Collection[str],
    jobs: int,
    reuse: Reuse | None,
) -> Rendered:
    env = make_environment(theme)
    drafts = Drafts(env, plan.trip.info)
    builders = {False: PageBuilder(plan, paths, drafts, with_pdfs, private)}
    out = Rendered()

    def page(template: str, context: object) -> str:
        return env.get_template(template).render(page=context, **vars(context))

    def packet_page(context: PacketPage) -> bytes:
        return page("packet.html", context).encode()

    keys: dict[str, str] = {}
    """Output path -> page key, for the packet pages that have one."""
    page_keys = PageKeys(reuse.identity) if reuse is not None and reuse.identity else None

    def reused(path: str, context: PacketPage, title: str) -> bool:
        """The last build made this page from the same key, and its result is still at hand: no templating."""
        if page_keys is None or reuse is None or (key := page_keys.key("packet.html", context)) is None:
            return False
        keys[path] = key
        digest = reuse.page_digest(key)
        if digest is None:
            return False
        if context.for_print:
            job = PdfJob(path, "", title)
            if out.settings is None or not reuse.cached_pdf(job, out.settings, digest):
                return False
            out.pdf_jobs.append(job)
        else:
            file = reuse.previous_page(path, digest)
            if file is None:
                return False
            out.kept[path], out.digests[path] = file, digest
        reuse.made_page(key, digest)
        out.reused_pages += 1
        return True

    def made(path: str, data: bytes) -> bytes:
        """Record the page templated for a key, for the next build."""
        if reuse is not None and path in keys:
            reuse.made_page(keys[path], page_digest(data))
        return data

    def packet_work(for_print: bool, skip: Collection[str] = ()) -> dict[str, Callable[[], bytes]]:
        """The packet pages to template: those of packets not in `skip`, less those reused."""
        work: dict[str, Callable[[], bytes]] = {}
        for packet in plan.packets:
            if packet.id not in skip:
                context = builders[for_print].packet(packet)
                path = paths.packet_pdf(packet.id) if for_print else paths.packet_page(packet.id)
                if not reused(path, context, _title(packet)):
                    work[path] = partial(packet_page, context)
        return work

    rendering = 0
    """PDFs handed to the workers so far: each keeps a core busy, which a templating helper would contend for."""

    def pdf_job(path: str, html: str, title: str) -> None:
        nonlocal rendering
        job = PdfJob(path, html, title)
        out.pdf_jobs.append(job)
        if on_pdf_job is not None and out.settings is not None and on_pdf_job(job, out.settings):
            rendering += 1

    web = builders[False]
    # Every page is one piece of work for this process and its helpers (fanout.py), the longest first, so that no
    # process is left with a long one at the end. The packets most likely changed, the itinerary and the pocket
    # cards are printed here at once, before the helpers start, so their PDFs render while the rest is templated.
    work: dict[str, Callable[[], bytes]] = {
        paths.calendar: partial(render_calendar, plan, paths),
        paths.followups: lambda: page("followups.html", web.followups()).encode(),
        paths.home: lambda: page("itinerary.html", web.itinerary()).encode(),
        paths.network: lambda: page("network.html", web.network()).encode(),
    }
    if with_pdfs:
        out.settings = PdfSettings(plan.trip.info.defaults.paper.value, theme.static_files(), plan.trip.root / "assets")
        builders[True] = PageBuilder(plan, paths, drafts, with_pdfs, private, for_print=True)
        first = [p for p in plan.packets if p.id in print_first]
        for packet in first:
            path = paths.packet_pdf(packet.id)
            context = builders[True].packet(packet)
            if not reused(path, context, _title(packet)):
                pdf_job(path, made(path, packet_page(context)).decode(), _title(packet))
        pdf_job(paths.itinerary_pdf, page("itinerary.html", builders[True].itinerary()), "Itinerary")
        pdf_job(paths.pocket_pdf, page("pocket.html", builders[True].pocket()), "Pocket cards")
        work.update(packet_work(True, skip=print_first))
    work.update(packet_work(False))
    makers = list(work.values())
    # A core rendering a PDF is not free to template: with one person's packet re-rendering on a 2-core machine,
    # a helper would only slow that PDF down (measured: 0.2 s later, at 500 meetings).
    free = max(1, jobs - rendering)
    with Fanout(len(makers), lambda i: makers[i](), helpers_for(len(makers), free)) as fanout:
        fanout.start(first=len(makers) - 1)  # a web packet page
        done = {path: made(path, data) for path, data in zip(work, fanout.finish(), strict=True)}
    titles = {paths.packet_pdf(p.id): _title(p) for p in plan.packets}
    for path in (paths.home, paths.network, paths.followups):
        out.files[path] = done.pop(path)
    calendar = done.pop(paths.calendar)
    for path, data in done.items():
        if path in titles:
            pdf_job(path, data.decode(), titles[path])
        else:
            out.files[path] = data
    out.files[paths.calendar] = calendar
    static = theme.static_files()
    out.sources.update({f"static/{name}": path for name, path in static.items()})
    out.sources.update(_assets(plan.trip.root))
    out.sources.update(resume_files(plan.trip))
    out.files["robots.txt"] = b"User-agent: *\nDisallow: /\n"
    return out
