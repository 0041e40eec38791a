"""STAGE 3: the Plan rendered into pages, one at a time.

Writes no file, keeps no cache. `render_pages` is a generator: the build takes each page as it comes
and decides what to do with it (write it, or look its PDF up in the cache and render the rest in the
pool), so the print pages most likely changed come first and their PDFs render while the other pages
are templated. A mistake in a template becomes a ContentError at its file and line.
"""

from __future__ import annotations

from collections.abc import Collection, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.errors import ContentError, Finding, Level, Location
from generator.limits import RENDER_TIMEOUT, time_limit
from generator.plan.plan import Packet, Plan
from generator.render.calendar import render_calendar
from generator.render.contexts import Page as PageContext
from generator.render.drafts import Drafts
from generator.render.markdown import Notes
from generator.render.memo import RenderMemo
from generator.render.page_keys import PageKeys
from generator.render.page_policy import problems, with_policy
from generator.render.pages import PageBuilder
from generator.render.paths import Paths
from generator.render.resume import resume_files
from generator.render.template_errors import shown_template, templates_located
from generator.render.theme import CompiledTemplates, Theme, make_environment
from generator.render.vcard import render_vcards

ROBOTS = b"User-agent: *\nDisallow: /\n"


@dataclass(frozen=True)
class Page:
    path: str
    """Where it goes in the output; for a print page, where its PDF goes."""

    data: bytes
    """The file's bytes; for a print page, the HTML its PDF is made from."""

    title: str = ""
    """A print page's document title."""

    print: bool = False
    name: str = ""
    """A print page's readable name, the same in a private build (whose output paths are opaque and
    change with each salt): what its PDF is cached under."""


def render_pages(
    plan: Plan,
    theme: Theme,
    paths: Paths,
    memo: RenderMemo,
    with_pdfs: bool,
    private: bool = False,
    first: Collection[str] = (),
    compiled: CompiledTemplates | None = None,
    print_pages: bool = True,
    web_pages: bool = True,
    templates: str | None = None,
    first_prints: bool = False,
) -> Iterator[Page]:
    """Every page of the site, and every print page when `with_pdfs` and `print_pages`: first the
    print pages of the meetings in `first` (those whose person or organisation changed), then their
    web pages, then every other print page, then every other web page.

    Without `print_pages` the pages still link the PDFs (serve's pages pass links the last build's),
    and only the print pages of `first` are made, with `first_prints` (serve's pages pass prints the
    edited packets at once). Without `web_pages` only the print pages are made (serve's PDF pass,
    after its pages pass).
    With `templates` (stamp.templates_digest of the theme's files as the build hashed them), a
    page whose key is in `memo` is taken from it rather than templated again.
    """
    with templates_located(plan.trip.root, plan.trip.source.location.file.rsplit("/", 1)[0]):
        printing = with_pdfs and print_pages
        firsts = first if printing or (with_pdfs and first_prints) else ()
        yield from _pages(
            plan,
            theme,
            paths,
            memo,
            with_pdfs,
            private,
            first,
            compiled,
            printing,
            web_pages,
            templates,
            firsts,
        )


def _where(template: jinja2.Template, needle: str, plan: Plan) -> Location:
    """The template's file, at the first line that has `needle` (the page's problem came from it or
    a parent)."""
    shown = shown_template(
        template.filename, plan.trip.root, plan.trip.source.location.file.rsplit("/", 1)[0]
    )
    try:
        lines = Path(template.filename or "").read_text(encoding="utf-8").lower().splitlines()
    except OSError:
        return Location(shown)
    return Location(
        shown, next((n for n, line in enumerate(lines, 1) if needle.lower() in line), 0)
    )


def _pages(
    plan: Plan,
    theme: Theme,
    paths: Paths,
    memo: RenderMemo,
    with_pdfs: bool,
    private: bool,
    first: Collection[str],
    compiled: CompiledTemplates | None,
    printing: bool,
    web_pages: bool,
    templates: str | None,
    printed_first: Collection[str],
) -> Iterator[Page]:
    notes = Notes(memo.markdown)
    env = make_environment(theme, notes, plan.dates, plan.words, compiled)
    keys = PageKeys(templates, plan.words, plan.dates, env) if templates else None
    drafts = Drafts(env, plan.trip.info, plan.today, plan.opportunities, theme)
    web = PageBuilder(plan, paths, drafts, with_pdfs, private, qr=memo.qr)
    # Print pages link within their own PDF, by readable anchors: the same HTML in a private build,
    # so cached PDFs are reused across its builds (each has a new salt, so new opaque paths). The
    # PDFs are sealed in the output.
    printed = PageBuilder(plan, Paths(), drafts, with_pdfs, private, for_print=True, qr=memo.qr)

    def templated(template: str, context: PageContext) -> str:
        made = env.get_template(template)
        html = made.render(page=context, **vars(context))
        found = None if context.for_print else next(problems(html), None)
        if found is not None:
            raise ContentError(
                [
                    Finding(
                        Level.ERROR,
                        _where(made, found.needle, plan),
                        f"template error: {found.message}",
                    )
                ]
            )
        return html

    def page(template: str, context: PageContext) -> bytes:
        """The page: from the memo when its key is there, else templated (and kept there, unless
        it read a field its key left out)."""
        key = keys.of(template, context) if keys is not None else None
        kept = memo.print_pages if context.for_print else memo.pages
        html = kept.find(key.digest) if key is not None else None
        if html is None:
            with env.watching(key.unread if key is not None else frozenset()) as read:
                html = templated(template, context)
            if key is not None and not read:
                kept.keep(key.digest, html)
        if context.for_print:
            return html.encode()
        return with_policy(html, context.content_security_policy).encode()

    def packet_pdf(packet: Packet) -> Page:
        title = packet.slot.meeting.person.profile.name
        return Page(
            paths.packet_pdf(packet.id),
            page("packet.html", printed.packet(packet)),
            title,
            True,
            Paths().packet_pdf(packet.id),
        )

    def packet_page(packet: Packet) -> Page:
        return Page(paths.packet_page(packet.id), page("packet.html", web.packet(packet)))

    yield from (packet_pdf(p) for p in plan.packets if p.id in printed_first)
    if web_pages:  # serve shows these before the rest is made (BuildOptions.ahead)
        yield from (packet_page(p) for p in plan.packets if p.id in first)
    if printing:  # every print page before the other web pages: the binder is assembled aside
        # once the last PDF is made (Printer.assemble_early) while those are templated
        yield Page(
            paths.itinerary_pdf,
            page("itinerary.html", printed.itinerary()),
            plan.words.gettext("Itinerary"),
            True,
            paths.itinerary_pdf,
        )
        yield Page(
            paths.pocket_pdf,
            page("pocket.html", printed.pocket()),
            plan.words.gettext("Pocket cards"),
            True,
            paths.pocket_pdf,
        )
        yield from (packet_pdf(p) for p in plan.packets if p.id not in first)
    if web_pages:
        yield Page(paths.home, page("itinerary.html", web.itinerary()))
        yield Page(paths.network, page("network.html", web.network()))
        yield Page(paths.followups, page("followups.html", web.followups()))
        yield Page(paths.opportunities, page("opportunities.html", web.opportunities()))
        yield Page(paths.calendar, render_calendar(plan, paths, notes, env))
        yield Page("robots.txt", ROBOTS)
        yield from (packet_page(p) for p in plan.packets if p.id not in first)
        for path, card in render_vcards(plan, paths, memo.vcard).items():
            yield Page(path, card)


def site_files(plan: Plan, theme: Theme) -> dict[str, Path]:
    """Files copied as they are: the theme's static files and the content's assets, by output
    path."""
    files = {f"static/{name}": path for name, path in theme.static_files().items()}
    base = plan.trip.root / "assets"
    if base.is_dir():
        # assets/ itself may not lead outside the content folder either
        real = plan.trip.root.resolve()
        for path in sorted(base.rglob("*")):
            if (
                path.is_file()
                and not path.name.startswith(".")
                and path.resolve().is_relative_to(real)
            ):
                files[f"assets/{path.relative_to(base).as_posix()}"] = path
    files.update(resume_files(plan.trip))
    return files


def within_time(seconds: float, pages: Iterator[Page]) -> Generator[Page, None, None]:
    """The pages, as long as templating them takes less than `seconds` in all (a template loop would
    never end).

    Close it (contextlib.closing) when you stop taking pages.
    """
    made = ["(none yet)"]

    def expired() -> ContentError:
        message = (
            f"templating the pages took longer than {seconds:g} s (the last one made: {made[-1]}); "
            "a template loops, or a note is too big to render. Raise the limit with "
            f"{RENDER_TIMEOUT[0]}=SECONDS if the trip is just very long"
        )
        return ContentError([Finding(Level.ERROR, Location("templates"), message)])

    with time_limit(seconds, expired):
        for page in pages:
            made.append(page.path)
            yield page
