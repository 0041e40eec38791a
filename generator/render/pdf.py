"""HTML to PDF bytes with WeasyPrint: the only module that imports it, and only when called.

The URL fetcher is the sandbox: a document may load files from the theme's static
folders and the content's assets/ (after resolving links), and data: URLs, which
only the renderer itself can put in a page (the sanitizer strips them from notes).
Anything else, local or remote, is refused and reported.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

VIRTUAL_ROOT = "https://infoprep.invalid/"
"""Base URL of every document: relative links resolve under it and map to allowed folders."""


@dataclass(frozen=True)
class PdfSettings:
    paper: str
    static: dict[str, Path]
    """Theme static files by name (static/<name>)."""
    assets: Path | None
    """The content's assets/ folder."""


@dataclass
class PdfJob:
    """One PDF to make: the page's HTML and where it will live in the output."""

    path: str
    html: str
    title: str
    refused: list[str] = field(default_factory=list)


class FetchRefused(ValueError):
    pass


def _allowed_file(url: str, settings: PdfSettings) -> Path:
    if not url.startswith(VIRTUAL_ROOT):
        raise FetchRefused(f"refused to load {url[:80]!r}: only files inside the content and theme folders may be used")
    rel = unquote(urlsplit(url).path).lstrip("/")
    if rel.startswith("static/") and rel[len("static/"):] in settings.static:
        return settings.static[rel[len("static/"):]]
    if rel.startswith("assets/") and settings.assets is not None:
        base = settings.assets.resolve()
        candidate = (settings.assets / rel[len("assets/"):]).resolve()
        if candidate.is_relative_to(base) and candidate.is_file():
            return candidate
    raise FetchRefused(f"refused to load {rel[:80]!r}: not a file in assets/ or the theme")


def make_fetcher(settings: PdfSettings, refused: list[str]):  # type: ignore[no-untyped-def]
    """A WeasyPrint URLFetcher that serves only allowed files and data: URLs, never the network."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SandboxFetcher(URLFetcher):
        def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
            if url.startswith("data:"):
                return super().fetch(url, headers)
            try:
                path = _allowed_file(url, settings)
            except FetchRefused as exc:
                refused.append(str(exc))
                raise
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

    return SandboxFetcher(allowed_protocols={"data"}, allow_redirects=False)


@lru_cache(maxsize=1)
def _font_config():  # type: ignore[no-untyped-def]
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def page_css(paper: str) -> str:
    size = "letter" if paper == "letter" else "A4"
    return f"@page {{ size: {size}; }} @page pocket {{ size: 5in 3in; }}"


def render_pdf(job: PdfJob, settings: PdfSettings) -> bytes:
    """The PDF of one page; `job.refused` collects what the fetcher turned away."""
    import weasyprint

    fonts = _font_config()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = weasyprint.HTML(
            string=job.html, base_url=VIRTUAL_ROOT + job.path, url_fetcher=make_fetcher(settings, job.refused)
        ).render(
            stylesheets=[weasyprint.CSS(string=page_css(settings.paper), font_config=fonts)],
            font_config=fonts,
            presentational_hints=True,
        )
        out = io.BytesIO()
        document.write_pdf(out)
    return out.getvalue()
