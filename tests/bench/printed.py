"""The print pages of a trip, as infoprep's own renderer makes them: what the engine baselines render.

Shared by run.py (the engine baseline, a fresh WeasyPrint process over HTML files) and tagging.py (one
warm process, tagged and untagged). The pages come from `render_pages`, the generator the build itself
takes its pages from, with a fresh memo: nothing of the engine is reimplemented here.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.printing.pdf import PdfJob, PdfSettings, page_css
from generator.reading import load_and_plan
from generator.render.memo import RenderMemo
from generator.render.paths import Paths
from generator.render.site import render_pages, site_files


@dataclass(frozen=True)
class PrintPages:
    jobs: list[PdfJob]
    """Every print page (packets, itinerary, pocket cards), by its readable output path, in the build's order."""
    settings: PdfSettings
    """What printing/pdf.py's fetcher serves: the theme's static files and the content's assets."""
    copies: dict[str, Path]
    """Static files and assets by output path, to lay beside HTML files so their relative links resolve."""

    @property
    def css(self) -> str:
        return page_css(self.settings.paper)


def print_pages(trip: Path, today: date) -> PrintPages:
    _, plan, theme = load_and_plan(trip, today)
    jobs = [
        PdfJob(page.name, page.data.decode("utf-8"), page.title)
        for page in render_pages(plan, theme, Paths(), RenderMemo(), with_pdfs=True)
        if page.print
    ]
    settings = PdfSettings(
        plan.trip.info.defaults.paper.value, theme.static_files(), plan.trip.root / "assets"
    )
    return PrintPages(jobs, settings, site_files(plan, theme))


def write_html(pages: PrintPages, folder: Path) -> dict[str, Path]:
    """Each print page as an HTML file where its PDF would go, with the static files and assets beside them;
    returns {output path of the PDF: HTML file}."""
    shutil.rmtree(folder, ignore_errors=True)
    for name, source in pages.copies.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / name)
    files = {}
    for job in pages.jobs:
        target = folder / (job.path[:-4] + ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(job.html, encoding="utf-8")
        files[job.path] = target
    return files
