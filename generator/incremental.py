"""What makes a build incremental, in one object the build holds for its duration.

    with Incremental(output, content, ...) as work:      # inputs hashed before they are read
        ...load and plan...
        if work.up_to_date(theme, settings): ...        # nothing changed: nothing to render or write
        render_site(..., on_pdf_job=work.pdf_job, print_first=work.likely_changed(plan))
        files, keep, digests = work.finish(plan, paths, rendered)

It owns the build cache (cache.py) and the PDF stage (pdfs.py). When the content
changed since the last build, one PDF worker is started before the content is even
read, so WeasyPrint imports in it while this process reads, plans and templates;
a build whose content did not change starts nothing, and this process never imports
WeasyPrint. A worker that gets no job is stopped, not waited for.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from generator.cache import BuildCache, Previous, output_sizes
from generator.inputs import Snapshot
from generator.render.paths import Paths
from generator.render.pdf import PdfJob, PdfSettings, Progress
from generator.render.theme import Theme

if TYPE_CHECKING:  # the plan's modules (pydantic models) load after the first PDF worker is forked, not before
    from generator.plan.plan import Plan
    from generator.render.site import Rendered


class Incremental:
    def __init__(
        self, output: Path, content: Path, pdf: bool, clean: bool = False, store: bool = True,
        workers: int | None = None, progress: Progress | None = None,
    ):
        self.cache = BuildCache(output, clean=clean, store=store)
        self.snapshot = Snapshot()
        listed = self.snapshot.list_tree(content, "content", skip=[output])
        self.stamp = ""
        self.identity = ""
        """What shapes a page besides its context (render/page_keys.py): "" until known, and in a clean build."""
        self.pdfs = None
        if pdf:
            from generator.pdfs import PdfStage

            self.pdfs = PdfStage(self.cache, self.snapshot, workers, progress)
            if self.cache.looks_changed(listed):
                self.pdfs.start()  # a file was edited: most edits change some PDF, so let the engine load meanwhile
        self.snapshot.add_listed(listed)  # hashed after the worker is forked (~20 ms at 500 meetings)
        self.changed = self.cache.changed_inputs(self.snapshot)
        if self.pdfs is not None and self.changed:
            self.pdfs.start()  # changed without a new size or time

    def __enter__(self) -> Incremental:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self.pdfs is not None:
            self.pdfs.close()
        self.cache.finish()

    def up_to_date(self, theme: Theme, settings: Mapping[str, str]) -> Previous | None:
        """The last build, if nothing it depended on has changed (then there is nothing to do)."""
        theme_files = theme.fingerprint_files()
        for path in theme_files:
            self.snapshot.add_file(path, f"theme/{path.as_posix()}")
        stamped = dict(settings)
        if self.pdfs is not None:
            stamped["engine"] = self.pdfs.engine
        self.stamp = self.snapshot.stamp(stamped)
        previous = self.cache.up_to_date(self.stamp)
        if previous is None:
            self._seed_memos()
            if self.cache.store and not self.cache.clean:
                self.identity = self.snapshot.render_identity(theme_files)
        return previous

    def _seed_memos(self) -> None:
        """Give the renderer last build's Markdown and QR results (it is about to template every page)."""
        from generator.render.memo import MEMOS

        known = self.cache.read_memos()
        for name, memo in MEMOS.items():
            memo.seed(known.get(name, {}))

    def publish_only(self) -> None:
        """Keep no cache in this build's output (a private site publishes only what it encrypts)."""
        self.cache.store = False
        self.cache.entries = {}
        self.cache.previous = None
        self.identity = ""

    def likely_changed(self, plan: Plan) -> set[str]:
        """Meetings whose person's or company's files changed: their PDFs are templated (and rendered) first."""
        names = {n.rsplit("/", 1)[-1].rsplit(".", 1)[0] for n in self.changed if n.startswith(("content/people/", "content/companies/"))}
        return {
            p.id for p in plan.packets
            if p.slot.meeting.person.slug in names or (p.slot.meeting.company is not None and p.slot.meeting.company.slug in names)
        }

    def pdf_job(self, job: PdfJob, settings: PdfSettings) -> bool:
        """render_site's hook: reuse the PDF from the cache, or have it rendered (then True: a core is taken)."""
        assert self.pdfs is not None
        return self.pdfs.add(job, settings)

    # ---- render_site's Reuse (render/page_keys.py) ----

    def page_digest(self, key: str) -> str | None:
        return self.cache.last_pages.get(key)

    def previous_page(self, path: str, digest: str) -> Path | None:
        return self.cache.previous_page(path, digest)

    def cached_pdf(self, job: PdfJob, settings: PdfSettings, html_sha256: str) -> bool:
        return self.pdfs is not None and self.pdfs.cached(job, settings, html_sha256)

    def made_page(self, key: str, digest: str) -> None:
        self.cache.pages[key] = digest

    @property
    def hook(self):  # type: ignore[no-untyped-def]
        return self.pdf_job if self.pdfs is not None else None

    def finish(self, plan: Plan, paths: Paths, rendered: Rendered) -> tuple[dict[str, bytes], dict[str, Path], dict[str, str]]:
        """Wait for the PDFs, make the binder; returns (extra files: the cache index, files to keep, their digests).
        The files to keep include the pages not templated again (`rendered.kept`)."""
        outputs = self.pdfs.finish(plan, paths) if self.pdfs is not None else {}
        if self.pdfs is None:
            self.cache.carry_all()
        keep, digests = self.cache.keep(outputs)
        keep.update(rendered.kept)
        digests.update(rendered.digests)
        return self.cache.index(self.stamp, output_sizes(rendered.files, rendered.sources, keep), len(outputs)), keep, digests

    def memo_files(self, rendered: Rendered) -> dict[str, bytes]:
        """The renderer's memos for the next build (final once the pages are made)."""
        from generator.render.memo import MEMOS

        # A page not templated asked no memo for its notes: keep what the last build knew, or the next build to
        # template that page would convert its notes again. A build that templates every page prunes the memos.
        kept = rendered.reused_pages > 0
        return self.cache.memo_file({name: {**memo.known, **memo.used} if kept else memo.used for name, memo in MEMOS.items()})

    # ---- for the report ----

    @property
    def rendered(self) -> int:
        return self.pdfs.rendered if self.pdfs is not None else 0

    @property
    def reused(self) -> int:
        return self.pdfs.reused if self.pdfs is not None else 0

    @property
    def binder_assembled(self) -> bool:
        return bool(self.pdfs is not None and self.pdfs.binder_made)

    @property
    def notices(self) -> tuple[str, ...]:
        return tuple(self.pdfs.notices) if self.pdfs is not None else ()
