"""Print pages in, PDFs and the binder out: the one object the build hands its print pages to.

It decides, page by page, whether the build cache already holds the PDF (printing/keys.py says what
a PDF depends on) or the pool must render it, collects what the pool made, assembles the binder
last, and hands the publisher the PDFs as checked files of the cache (output.Kept), never as paths
to trust. Serve's passes use it too: a pages-only pass links the last build's PDFs (`link_stale`),
and a PDF pass may stop between parts when a newer edit supersedes it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from generator.output import Kept, PrintedFiles, manifest
from generator.plan.plan import Plan
from generator.printing.binder import Part, labels, order, write_binder
from generator.printing.binder_parts import BinderParts, PreparedParts
from generator.printing.cache import BuildCache, PdfEntry
from generator.printing.engine import HARFBUZZ_WARNING, harfbuzz_subsetting
from generator.printing.keys import binder_key, pdf_key
from generator.printing.pdf import PdfFile, PdfJob, PdfSettings, page_css, resolve
from generator.printing.pool import Aside, PdfPool, Superseded
from generator.render.paths import Paths

if TYPE_CHECKING:
    from generator.render.site import Page


class Printer:
    """One build's PDFs: `pdfs` maps each output path to its cache key, `named` each readable name
    (the name a public build would give it) to its output path."""

    def __init__(
        self,
        cache: BuildCache,
        pool: PdfPool,
        settings: PdfSettings,
        engine: str,
        digest: Callable[[str], str | None],
        cancel: threading.Event | None = None,
        kept: PreparedParts | None = None,
    ) -> None:
        """`kept`: the binder's parts as an earlier build in this process prepared them (serve's),
        and where this build's are kept for the next."""
        self.cache, self.pool, self.settings, self.engine = cache, pool, settings, engine
        self.digest, self.cancel = digest, cancel
        self.binder_parts = BinderParts(kept, cache)
        """Where the binder's parts came from, when it was assembled."""
        self.pdfs: dict[str, str] = {}
        self.named: dict[str, str] = {}
        self.binder_made = False
        self._handed: set[str] = set()
        """The PDFs `arrived` was told of (poll, collect), by readable name."""
        self.complete = True
        """Every PDF is its page's own and the binder is of them (False after a pages-only pass)."""
        self._early: tuple[Plan, Paths, set[str]] | None = None
        self._aside: Aside | None = None
        self._kept: set[str] = set()
        """The pool's PDFs kept in the cache already, by readable name."""

    def stop_if_superseded(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Superseded

    def add(self, page: Page) -> bool:
        """Reuse the cached PDF of this page, or send the page to the pool (True)."""
        html = page.data.decode("utf-8")
        self.named[page.name] = page.path
        key = self.pdfs[page.path] = pdf_key(
            page.name, html, page_css(self.settings.paper), self.engine
        )
        loaded = self.cache.pdf(key, lambda url: self.digest(resolve(url, self.settings)) or "")
        if loaded is None:
            self.pool.submit(PdfJob(page.name, html, page.title), self.settings)
        return loaded is None

    def poll(self, arrived: Callable[[str, bytes], None] | None, seconds: float = 0.0) -> None:
        """Hand waiting jobs to workers that are ready and take in the PDFs finished by now, waiting
        at most `seconds` for one; tell `arrived(output path, data)` of each. Called between pages:
        a worker that warmed up while the build templated starts at once, not when templating
        ends."""
        self.pool.poll(seconds)
        if arrived is not None:
            self._hand(arrived)
        if self._early is not None:
            self._assemble_early()

    def assemble_early(self, plan: Plan, paths: Paths) -> None:
        """Assemble the binder aside (pool.Aside) as soon as every print page is in and every PDF
        made, while the build templates its other pages; `binder` then takes it."""
        self._early = (plan, paths, set(print_paths(plan, paths).values()))

    def _assemble_early(self) -> None:
        assert self._early is not None
        plan, paths, printed = self._early
        if len(self.pool.done) < self.pool.submitted or len(self.pdfs) < len(printed):
            return  # counted first: this runs between every two pages
        if not printed.issubset(self.pdfs):
            return
        self._early = None
        if not self.pool.submitted:  # every PDF reused: so is the binder, no need to fork
            return
        self._keep(self.pool.done.values())
        self._aside = self.pool.aside(lambda: self._assembled(plan, paths))

    def _assembled(self, plan: Plan, paths: Paths) -> tuple[str, PdfEntry, set[str], int, bool]:
        """The binder assembled here (in the copy aside), as the build takes it in (`_took`)."""
        self.binder(plan, paths, None, True, True)
        key = self.pdfs[paths.binder_pdf]
        parts = self.binder_parts.reused
        return key, self.cache.used[key], self.cache.parts_used, parts, self.binder_made

    def collect(self, arrived: Callable[[str, bytes], None] | None = None) -> None:
        """Wait for the pool's PDFs and keep them in the cache; `arrived` is told of each as soon
        as it is made (poll)."""
        told = None if arrived is None else (lambda: self._hand(arrived))
        self._keep(self.pool.results(told).values())

    def _keep(self, made: Iterable[PdfFile]) -> None:
        for pdf in made:
            if pdf.path not in self._kept:
                self._kept.add(pdf.path)
                self.cache.add(self.pdfs[self.named[pdf.path]], pdf, self.digest)

    def _hand(self, arrived: Callable[[str, bytes], None]) -> None:
        for name, made in self.pool.done.items():
            if name not in self._handed:
                self._handed.add(name)
                arrived(self.named[name], made.data)

    @property
    def rendered(self) -> int:
        """How many PDFs this build rendered (the others were reused from the cache)."""
        return self.pool.submitted

    def link_stale(self, plan: Plan, paths: Paths, last: Mapping[str, str]) -> None:
        """A pages-only pass: each PDF it did not make is the last build's (`last`: readable name ->
        key) while the cache still holds it whole, else left out until the next PDF pass."""
        self.named = print_paths(plan, paths)
        made = self.pdfs
        self.pdfs = {
            path: key for name, path in self.named.items() if (key := self._stale(last.get(name)))
        }
        self.pdfs.update(made)
        self.complete = False

    def published_pdfs(self, output: Path, plan: Plan, paths: Paths) -> dict[str, str]:
        """The PDFs in the output now, by readable name -> cache key: those whose digest in the
        output's manifest is a cached PDF's (serve's first pass has no last build of its own)."""
        listed = manifest(output)
        by_digest = {entry.sha256: key for key, entry in self.cache.entries.items()}
        named = {**print_paths(plan, paths), Paths().binder_pdf: Paths().binder_pdf}
        return {
            n: by_digest[d] for n, path in named.items() if (d := listed.get(path)) in by_digest
        }

    def binder(
        self, plan: Plan, paths: Paths, last: str | None, current: bool, assemble: bool
    ) -> bool:
        """Put the binder in `pdfs`; True when it is of the current parts.

        Unless `assemble` it is
        never assembled: the cached one of these parts, else the last build's (`last`).
        """
        self.named[Paths().binder_pdf] = paths.binder_pdf
        if self._aside is not None and self._took(self._aside.result(), paths):
            return True
        if current:
            used = self.cache.used
            parts = {
                n: Part(self.cache.file(k), used[k].sha256, used[k].pages, used[k].bookmarks)
                for n, k in self.pdfs.items()
            }
            names = order(
                plan, paths.itinerary_pdf, {p.id: paths.packet_pdf(p.id) for p in plan.packets}
            )
            info = plan.trip.info
            titles = (info.title, info.traveler.name, str(info.defaults.locale))
            key = binder_key(titles, (parts[n].sha256 for n in names), labels(plan))
            if self.cache.pdf(key, lambda url: "") is not None:
                self.pdfs[paths.binder_pdf] = key
                return True
            if assemble:
                with self.cache.writing(key, sum(parts[n].pages for n in names)) as handle:
                    write_binder(
                        plan,
                        names,
                        parts,
                        handle,
                        self.cache.read,
                        self.stop_if_superseded,
                        self.binder_parts,
                    )
                self.pdfs[paths.binder_pdf] = key
                self.binder_made = True
                return True
        if (stale := self._stale(last)) is not None:
            self.pdfs[paths.binder_pdf] = stale
        return False

    def _took(self, made: tuple[str, PdfEntry, set[str], int, bool] | None, paths: Paths) -> bool:
        """Take in the binder assembled aside (None: it failed, and is assembled here)."""
        self._aside = None
        if made is None:
            return False
        key, entry, parts, self.binder_parts.reused, self.binder_made = made
        self.cache.used[key] = entry
        self.cache.parts_used |= parts
        self.pdfs[paths.binder_pdf] = key
        return True

    def printed(self) -> PrintedFiles:
        """The PDFs to publish, by output path: each a checked file of the cache."""
        used, cache = self.cache.used, self.cache
        return PrintedFiles(
            {name: Kept(cache.opener(k), used[k].sha256) for name, k in self.pdfs.items()},
            {name: cache.file(k) for name, k in self.pdfs.items()},
            lambda name: cache.read(cache.file(self.pdfs[name])),
        )

    def keys(self) -> dict[str, str]:
        """Each PDF by its readable name, with its cache key (serve's `stale_pdfs` next time)."""
        return {name: self.pdfs[path] for name, path in self.named.items() if path in self.pdfs}

    def notices(self) -> list[str]:
        """What the build should say about its PDFs: HarfBuzz missing, what a PDF would not load."""
        notes = [HARFBUZZ_WARNING] if self.rendered and not harfbuzz_subsetting() else []
        # What the PDF sandbox would not load (a remote stylesheet, a missing image), once per PDF
        # and URL.
        used = self.cache.used
        notes += [
            f"warning: {n}: {m}"
            for n, k in self.pdfs.items()
            for m in dict.fromkeys(used[k].refused)
        ]
        return notes

    def _stale(self, key: str | None) -> str | None:
        """The last build's PDF under `key`, if the cache still holds it whole."""
        if key is None or key not in self.cache.entries:
            return None
        recorded = self.cache.entries[key].loaded
        return key if self.cache.pdf(key, lambda url: recorded.get(url, "")) is not None else None


def print_paths(plan: Plan, paths: Paths) -> dict[str, str]:
    """Each print page's readable name -> its output path: the names render_pages gives them."""
    readable = Paths()
    named = {readable.packet_pdf(p.id): paths.packet_pdf(p.id) for p in plan.packets}
    return {**named, paths.itinerary_pdf: paths.itinerary_pdf, paths.pocket_pdf: paths.pocket_pdf}


def settings_for(plan: Plan, static: dict[str, Path]) -> PdfSettings:
    """The paper, the theme's static files and the content's assets/ a PDF may load."""
    return PdfSettings(plan.trip.info.defaults.paper.value, static, plan.trip.root / "assets")
