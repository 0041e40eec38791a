"""HTML to PDF bytes with WeasyPrint: the only module that imports it, and only when called.

The URL fetcher is the sandbox: a document may load files from the theme's static folders and the
content's assets/ (after resolving links), and data: URLs, which only the renderer itself can put in
a page (the sanitizer strips them from notes). Anything else, local or remote, is refused and
reported.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

VIRTUAL_ROOT = "https://infoprep.invalid/"
"""Base URL of every document: relative links resolve under it and map to allowed folders."""

WRITE_OPTIONS = {"pdf_tags": True}
"""Every PDF is tagged: a structure tree of headings, lists, paragraphs and links that screen
readers and reflowing readers follow, with the document's language (`<html lang>`) and its title
shown as the window's (`<title>`, DisplayDocTitle).

Plain tags, not the PDF/UA-1 variant: that variant writes a claim of conformance into the file,
which no validator here checks. Tagging costs no measurable time and about 17 % in size (`python -m
tests.bench.tagging`; figures in docs/performance.md).
"""


@dataclass(frozen=True)
class PdfSettings:
    paper: str
    static: dict[str, Path]
    """Theme static files by name (static/<name>)."""

    assets: Path | None
    """The content's assets/ folder."""


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: the page's HTML and where it will live in the output."""

    path: str
    html: str
    title: str


@dataclass(frozen=True)
class PdfFile:
    """A PDF made, with what the build cache and the binder need to know about it."""

    path: str
    """Its place in the output."""

    data: bytes
    pages: int
    outline: tuple[Bookmark, ...]
    """The document's own bookmarks, for the binder to nest under this part."""

    loaded: dict[str, str]
    """URL -> file the fetcher served, and refused URLs -> "" (what the cache checks before
    reuse)."""

    refused: tuple[str, ...]
    """The fetcher's messages: what the document could not load."""


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int
    """0-based page index in the document."""

    children: tuple[Bookmark, ...] = ()

    def to_json(self) -> list:
        return [self.title, self.page, [child.to_json() for child in self.children]]

    @classmethod
    def from_json(cls, data: list) -> Bookmark:
        return cls(str(data[0]), int(data[1]), tuple(cls.from_json(child) for child in data[2]))


class FetchRefused(ValueError):
    pass


def _allowed_file(url: str, settings: PdfSettings) -> Path:
    if not url.startswith(VIRTUAL_ROOT):
        raise FetchRefused(
            f"refused to load {url[:80]!r}: only files inside the content and theme folders may be "
            "used"
        )
    rel = unquote(urlsplit(url).path).lstrip("/")
    if rel.startswith("static/") and rel[len("static/") :] in settings.static:
        return settings.static[rel[len("static/") :]]
    if rel.startswith("assets/") and settings.assets is not None:
        base = settings.assets.resolve()
        candidate = (settings.assets / rel[len("assets/") :]).resolve()
        if candidate.is_relative_to(base) and candidate.is_file():
            return candidate
    raise FetchRefused(f"refused to load {rel[:80]!r}: not a file in assets/ or the theme")


def make_fetcher(  # type: ignore[no-untyped-def]
    settings: PdfSettings, refused: list[str], loaded: dict[str, str] | None = None
):
    """A WeasyPrint URLFetcher that serves only allowed files and data: URLs, never the network.

    `loaded` records every URL it answered (with the file) or refused (with ""), so the build cache
    knows which files a PDF depends on.
    """
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
                if loaded is not None:
                    loaded[url] = ""
                raise
            if loaded is not None:
                loaded[url] = str(path)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

    return SandboxFetcher(allowed_protocols={"data"}, allow_redirects=False)


def resolve(url: str, settings: PdfSettings) -> str:
    """The file the fetcher would serve for `url` now, or "" if it would refuse it (for cache
    checks)."""
    try:
        return str(_allowed_file(url, settings))
    except FetchRefused:
        return ""


def import_engine():  # type: ignore[no-untyped-def]
    """Import WeasyPrint quietly: we warn about missing HarfBuzz subsetting once per build
    ourselves."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import weasyprint

    return weasyprint


@lru_cache(maxsize=1)
def _font_config():  # type: ignore[no-untyped-def]
    """One FontConfiguration per process: fontconfig set-up is paid once, not per PDF (~7 %
    faster)."""
    import_engine()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def warm_up() -> None:
    """Import WeasyPrint, set up fonts and lay out a line of text ahead of the first page (a
    worker's initializer)."""
    weasyprint = import_engine()
    fonts = _font_config()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weasyprint.HTML(string="<p>Warm <b>up</b> <i>fonts</i></p>").render(
            font_config=fonts
        ).write_pdf()


def page_css(paper: str) -> str:
    size = "letter" if paper == "letter" else "A4"
    return f"@page {{ size: {size}; }} @page pocket {{ size: 5in 3in; }}"


def _bookmarks(tree: list) -> tuple[Bookmark, ...]:  # type: ignore[type-arg]
    return tuple(
        Bookmark(label, target[0], _bookmarks(children)) for label, target, children, *_ in tree
    )


def render_pdf(job: PdfJob, settings: PdfSettings) -> PdfFile:
    """The PDF of one page, with the files its fetcher served and refused."""
    refused: list[str] = []
    loaded: dict[str, str] = {}
    data, pages, outline = _render(job, settings, refused, loaded)
    return PdfFile(job.path, data, pages, outline, loaded, tuple(refused))


def _render(
    job: PdfJob, settings: PdfSettings, refused: list[str], loaded: dict[str, str]
) -> tuple[bytes, int, tuple[Bookmark, ...]]:
    weasyprint = import_engine()
    fonts = _font_config()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = weasyprint.HTML(
            string=job.html,
            base_url=VIRTUAL_ROOT + job.path,
            url_fetcher=make_fetcher(settings, refused, loaded),
        ).render(
            stylesheets=[weasyprint.CSS(string=page_css(settings.paper), font_config=fonts)],
            font_config=fonts,
            presentational_hints=True,
        )
        out = io.BytesIO()
        document.write_pdf(out, **WRITE_OPTIONS)
    return out.getvalue(), len(document.pages), _bookmarks(document.make_bookmark_tree())
