"""PDFs rendered in parallel worker processes: WeasyPrint is CPU-bound and single-threaded.

Measured on 2 cores: two workers take ~0.54x the sequential time; more workers than
cores are slower. Workers are started (and import WeasyPrint, ~0.5 s) while the main
process is still templating pages, and each job is handed over as soon as its HTML
exists. A worker writes its PDF straight to a file and returns the path and digest,
so no PDF crosses the process boundary and memory stays flat however long the week.
A single job renders in-process: starting a worker would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from generator.render.pdf import PdfFile, PdfJob, PdfSettings, Progress, render_pdf_file, warm_up


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _ready() -> int:
    return os.getpid()


def _context() -> multiprocessing.context.BaseContext:
    """fork where it is safe (Linux, no other threads): a worker starts in milliseconds, not a re-import."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 and os.name == "posix":
        import sys

        if sys.platform.startswith("linux"):
            return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class PdfRenderer:
    """Takes jobs one by one as the pages are templated; `finish()` waits for all of them.

    `start()` may be called early (before any job is known) to warm a worker up; with
    `workers=1` everything renders in this process, in `finish()`.
    """

    def __init__(self, workers: int | None = None, progress: Progress | None = None):
        self.workers = max(1, workers or default_workers())
        self.progress = progress
        self._pool: ProcessPoolExecutor | None = None
        self._pending: list[tuple[PdfJob, PdfSettings, Path]] = []
        self._futures: list[tuple[Future[PdfFile], PdfJob]] = []
        self.results: dict[str, PdfFile] = {}
        """Output path -> the PDF written."""
        self.submitted = 0

    def start(self) -> None:
        """Start one worker now, so WeasyPrint is imported while the main process works on pages."""
        if self.workers > 1 and self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context(), initializer=warm_up)
            self._pool.submit(_ready)

    def submit(self, job: PdfJob, settings: PdfSettings, target: Path) -> None:
        self.submitted += 1
        self._queue(job, settings, target)

    def _queue(self, job: PdfJob, settings: PdfSettings, target: Path) -> None:
        if self._pool is not None:
            self._futures.append((self._pool.submit(render_pdf_file, job, settings, target), job))
        else:
            self._pending.append((job, settings, target))

    def finish(self) -> dict[str, PdfFile]:
        """Render what is still pending and wait for every job; returns output path -> PdfFile."""
        total = self.submitted
        done = 0
        if self._pending and self.workers > 1 and len(self._pending) > 1 and self._pool is None:
            self.start()
            pending, self._pending = self._pending, []
            for job, settings, target in sorted(pending, key=lambda item: -len(item[0].html)):
                self._queue(job, settings, target)
        for job, settings, target in self._pending:
            self.results[job.path] = render_pdf_file(job, settings, target)
            done += 1
            if self.progress:
                self.progress(done, total, job.path)
        self._pending = []
        try:
            from concurrent.futures import as_completed

            by_future = {future: job for future, job in self._futures}
            for future in as_completed(by_future):
                job = by_future[future]
                result = future.result()
                job.refused[:] = list(result.refused)
                job.loaded.update(result.loaded)
                self.results[job.path] = result
                done += 1
                if self.progress:
                    self.progress(done, total, job.path)
        finally:
            self.close()
        return self.results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._futures = []


def render_all(
    jobs: list[PdfJob], settings: PdfSettings, folder: Path, workers: int | None = None, progress: Progress | None = None
) -> dict[str, PdfFile]:
    """Render every job into `folder` (file names from the output paths), in parallel; largest first."""
    renderer = PdfRenderer(workers, progress)
    for job in sorted(jobs, key=lambda j: -len(j.html)):
        renderer.submit(job, settings, folder / (job.path.replace("/", "__")))
    return renderer.finish()
