"""STAGE 3: the Plan rendered into artifacts, {output path: bytes}. Writes no file.

PDFs are described as jobs (their print HTML), made first and handed to `on_pdf_job`
as each is ready, so the build can look each one up in its cache and start rendering
the rest in worker processes while the web pages are still being templated.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.plan.plan import Packet, Plan
from generator.render.calendar import render_calendar
from generator.render.drafts import Drafts
from generator.render.pages import PageBuilder
from generator.render.paths import Paths
from generator.render.pdf import PdfJob, PdfSettings
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


PdfJobHook = Callable[[PdfJob, PdfSettings], None]


def render_site(
    plan: Plan,
    theme: Theme,
    paths: Paths,
    with_pdfs: bool,
    private: bool = False,
    on_pdf_job: PdfJobHook | None = None,
    print_first: Collection[str] = (),
) -> Rendered:
    """All pages and PDF jobs; a mistake in a template becomes a ContentError with its file and line.

    `print_first`: meeting ids whose print pages to template before the others (the build's guess at what
    changed, so a changed packet starts rendering as early as possible)."""
    try:
        return _render_site(plan, theme, paths, with_pdfs, private, on_pdf_job, print_first)
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
        if isinstance(exc, (TypeError, AttributeError, KeyError, ValueError)) and not raised_in_template(exc):
            raise
        raise template_error(exc, plan.trip.root, plan.trip.source.location.file.rsplit("/", 1)[0]) from None


def _render_site(
    plan: Plan,
    theme: Theme,
    paths: Paths,
    with_pdfs: bool,
    private: bool,
    on_pdf_job: PdfJobHook | None,
    print_first: Collection[str],
) -> Rendered:
    env = make_environment(theme)
    drafts = Drafts(env, plan.trip.info)
    web = PageBuilder(plan, paths, drafts, with_pdfs, private)
    out = Rendered()

    def page(template: str, context: object) -> str:
        return env.get_template(template).render(page=context, **vars(context))

    if with_pdfs:
        static = theme.static_files()
        printing = PageBuilder(plan, paths, drafts, with_pdfs, private, for_print=True)
        out.settings = settings = PdfSettings(plan.trip.info.defaults.paper.value, static, plan.trip.root / "assets")

        def pdf_job(job: PdfJob) -> None:
            out.pdf_jobs.append(job)
            if on_pdf_job is not None:
                on_pdf_job(job, settings)

        def packet_job(packet: Packet) -> None:
            name = packet.slot.meeting.person.profile.name
            pdf_job(PdfJob(paths.packet_pdf(packet.id), page("packet.html", printing.packet(packet)), name))

        early = [packet for packet in plan.packets if packet.id in print_first]
        for packet in early:
            packet_job(packet)
        pdf_job(PdfJob(paths.itinerary_pdf, page("itinerary.html", printing.itinerary()), "Itinerary"))
        pdf_job(PdfJob(paths.pocket_pdf, page("pocket.html", printing.pocket()), "Pocket cards"))
        for packet in plan.packets:
            if packet.id not in print_first:
                packet_job(packet)

    out.files[paths.home] = page("itinerary.html", web.itinerary()).encode()
    out.files[paths.network] = page("network.html", web.network()).encode()
    out.files[paths.followups] = page("followups.html", web.followups()).encode()
    for packet in plan.packets:
        out.files[paths.packet_page(packet.id)] = page("packet.html", web.packet(packet)).encode()
    out.files[paths.calendar] = render_calendar(plan, paths)
    static = theme.static_files()
    out.sources.update({f"static/{name}": path for name, path in static.items()})
    out.sources.update(_assets(plan.trip.root))
    out.files["robots.txt"] = b"User-agent: *\nDisallow: /\n"
    return out
