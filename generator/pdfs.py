"""The PDF half of a build: each PDF reused from the cache or rendered in parallel, then the binder.

The page templating (render/site.py) hands over each PDF job as soon as its print
HTML exists. A job whose key and loaded files match a cached PDF is reused on the
spot; the others go to the worker pool (started on the first miss, or earlier by
generator/incremental.py), so rendering overlaps the templating of the remaining pages.
A build in which every PDF is cached imports no part of WeasyPrint in this process.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import BuildCache, PdfEntry, pdf_key
from generator.inputs import Snapshot, file_digest
from generator.render.engine import HARFBUZZ_WARNING, engine_id, harfbuzz_subsetting
from generator.render.paths import Paths
from generator.render.pdf import PdfFile, PdfJob, PdfSettings, Progress, page_css, resolve

if TYPE_CHECKING:
    from generator.plan.plan import Plan
    from generator.render.binder import Copy
    from generator.render.pool import PdfRenderer


def _binder_source() -> bytes:
    """The binder's code (read, not imported: a build whose binder is cached never loads it)."""
    render = Path(__file__).resolve().parent / "render"
    return (render / "binder.py").read_bytes() + (render / "pdfobjects.py").read_bytes()


@dataclass
class PdfStage:
    cache: BuildCache
    snapshot: Snapshot
    workers: int | None = None
    progress: Progress | None = None
    keys: dict[str, str] = field(default_factory=dict)
    """Output path -> cache key of the PDF that goes there."""
    reused: int = 0
    """PDFs taken from the cache, the binder included."""
    binder_made: bool = False
    notices: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.renderer: PdfRenderer | None = None
        """Made on the first cache miss: a build with nothing to render loads no pool (nor WeasyPrint)."""

    @cached_property
    def engine(self) -> str:
        """The engine's identity (render/engine.py): asked after the first worker is forked, which it delays."""
        return engine_id()

    @property
    def rendered(self) -> int:
        return self.renderer.submitted if self.renderer else 0

    def add(self, job: PdfJob, settings: PdfSettings) -> bool:
        """Reuse the cached PDF for this job, or queue it for rendering (starting the workers on the first miss);
        True when it is queued."""
        if self.cached(job, settings, hashlib.sha256(job.html.encode()).hexdigest()):
            return False
        key = self.keys[job.path]
        if self.renderer is None:
            self.start()
        assert self.renderer is not None
        if self.renderer.submitted == 0 and not harfbuzz_subsetting():
            self.notices.append(HARFBUZZ_WARNING)
        self.renderer.submit(job, settings, self.cache.scratch_folder() / f"{key}.pdf")
        return True

    def cached(self, job: PdfJob, settings: PdfSettings, html_sha256: str) -> bool:
        """Reuse the cached PDF of a print page with this HTML digest, if there is one (then True)."""
        key = pdf_key(job.path, html_sha256, page_css(settings.paper), self.engine)
        self.keys[job.path] = key
        entry = self.cache.lookup(key, lambda url: resolve(url, settings), self.snapshot)
        if entry is None:
            return False
        self.reused += 1
        job.refused[:] = entry.refused
        return True

    def start(self) -> None:
        """Start the first worker: it imports WeasyPrint while this process templates the remaining pages."""
        if self.renderer is None:
            from generator.render.pool import PdfRenderer

            self.renderer = PdfRenderer(self.workers, self.progress)
            self.renderer.start()

    def finish(self, plan: Plan, paths: Paths) -> dict[str, str]:
        """Wait for the renders, record them, make the binder; returns output path -> cache key."""
        copy = self._copy_binder(plan, paths)
        for path, made in (self.renderer.finish() if self.renderer else {}).items():
            self.cache.add(self.keys[path], made, self.snapshot)
        outputs = dict(self.keys)
        if paths.itinerary_pdf in outputs:
            outputs[paths.binder_pdf] = self._binder(plan, paths, copy)
        return outputs

    def _copy_binder(self, plan: Plan, paths: Paths) -> Copy | None:
        """While the PDFs render, copy the last binder if it is likely to be updated (see binder.Copy)."""
        previous = self.cache.previous_binder()
        if previous is None or self.renderer is None or not self.renderer.submitted or paths.itinerary_pdf not in self.keys:
            return None
        from generator.render.binder import Copy, Layout, updatable

        last = Layout.from_json(previous[1].binder)
        if last is None or not updatable(plan, paths, previous[0], last):
            return None
        try:
            return Copy.make(previous[0], self.cache.scratch_folder() / "binder-copy.pdf")
        except OSError:
            return None

    def close(self) -> None:
        """Stop the workers (after an error; `finish` has already stopped them otherwise)."""
        if self.renderer:
            self.renderer.close()

    def _binder(self, plan: Plan, paths: Paths, copy: Copy | None = None) -> str:
        """The binder's key; put together again only when a part or the bookmarks changed, as an update when it can."""
        from generator.render.binder import Layout, Part, labels, order

        names = order(plan, paths)
        entries: dict[str, PdfEntry] = {name: self.cache.used[self.keys[name]] for name in names}
        parts = {
            name: Part(self.cache.sources[self.keys[name]], (), entry.pages, entry.sha256, entry.outline) for name, entry in entries.items()
        }
        info = plan.trip.info
        digest = hashlib.sha256(b"infoprep-binder\0" + _binder_source())
        digest.update(f"{info.title}\0{info.traveler.name}\0".encode())
        for name in names:  # a part's bytes fix its pages and its own bookmarks
            digest.update(f"{name} {entries[name].sha256}\n".encode())
        digest.update(repr(labels(plan)).encode())
        key = digest.hexdigest()
        self.cache.binder = key
        if self.cache.lookup(key, lambda url: "", self.snapshot) is not None:
            self.reused += 1
            return key
        from generator.render.binder import make_binder

        previous = self.cache.previous_binder()
        target = self.cache.scratch_folder() / f"{key}.pdf"
        last = Layout.from_json(previous[1].binder) if previous else None
        layout = make_binder(plan, parts, paths, target, (previous[0], last) if previous and last else None, copy=copy)
        self.binder_made = True
        sha256 = copy.sha256(target) if copy is not None and copy.used else file_digest(target)
        made = PdfFile(paths.binder_pdf, target, sha256, target.stat().st_size, {}, (), sum(p.pages for p in parts.values()))
        self.cache.add(key, made, self.snapshot).binder = layout.to_json()
        return key
