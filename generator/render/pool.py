"""PDFs rendered in parallel worker processes: WeasyPrint is CPU-bound and single-threaded.

Measured on 2 cores: two workers take ~0.54x the sequential time; more workers than
cores are slower. The build starts one worker as soon as it knows the output is out
of date, so WeasyPrint (half a second to import) loads while this process templates
the pages; more workers are forked only when there is more than one PDF to render.
Each worker writes its PDF straight to a file and answers with the path and digest,
so no PDF crosses the process boundary and memory stays flat however long the week.

A small pool of our own rather than concurrent.futures: it forks workers one at a
time, on demand, never while other threads run (each worker has its own pipe and the
main thread hands out jobs), and it can stop a worker that is still warming up
instead of waiting for its import to finish.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import traceback
from collections import deque
from multiprocessing.connection import Connection, wait
from pathlib import Path

from generator.render.pdf import PdfFile, PdfJob, PdfSettings, Progress, render_pdf_file, warm_up


def default_workers() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    """fork on Linux (a worker starts in milliseconds) unless other threads run (`serve`), where forking
    could copy a held lock: then forkserver. The platform's default elsewhere."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork" if threading.active_count() == 1 else "forkserver")
    return multiprocessing.get_context()


def _serve(conn: Connection) -> None:
    """A worker: warm up, say so, then render each job it is sent until told to stop.

    A job arrives as a few hundred bytes (its HTML waits in a file beside the target), so
    the main process can hand it over even while the worker is still warming up: a write
    that size never blocks on the pipe.
    """
    try:
        warm_up()
        conn.send(("ready", None))
        while (message := conn.recv()) is not None:
            job, settings, target, html = message
            try:
                job.html = html.read_text(encoding="utf-8")
                html.unlink()
                conn.send(("done", render_pdf_file(job, settings, target)))
            except Exception:  # reported to the main process, which raises it there
                conn.send(("failed", f"{job.path}:\n{traceback.format_exc()}"))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        conn.close()


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)  # type: ignore[attr-defined]
        self.process.start()
        child.close()
        self.ready = False
        self.job: PdfJob | None = None

    @property
    def idle(self) -> bool:
        return self.ready and self.job is None

    def give(self, job: PdfJob, settings: PdfSettings, target: Path) -> None:
        """Hand over a job: its HTML goes to a file, the message stays small."""
        html = target.with_name(target.name + ".html")
        html.write_text(job.html, encoding="utf-8")
        self.job = job
        self.conn.send((PdfJob(job.path, "", job.title), settings, target, html))


class PdfWorkerError(RuntimeError):
    """A worker failed or died: an internal error, reported with the worker's traceback."""


class PdfRenderer:
    """Takes jobs one by one as the pages are templated; `finish()` waits for all of them.

    With one worker (`--jobs 1`) everything renders in this process, in `finish()`.
    """

    def __init__(self, workers: int | None = None, progress: Progress | None = None):
        self.workers = max(1, workers or default_workers())
        self.progress = progress
        self.submitted = 0
        self.results: dict[str, PdfFile] = {}
        """Output path -> the PDF written."""
        self._pending: deque[tuple[PdfJob, PdfSettings, Path]] = deque()
        self._pool: list[_Worker] = []
        self._context = _context()

    def start(self) -> None:
        """Fork the first worker now, so it warms up while this process works on pages."""
        if self.workers > 1 and not self._pool:
            self._pool.append(_Worker(self._context))

    def submit(self, job: PdfJob, settings: PdfSettings, target: Path) -> None:
        self.submitted += 1
        self._pending.append((job, settings, target))
        if self.workers > 1:
            self._pump(block=False)

    def _pump(self, block: bool) -> None:
        """Collect finished work, hand pending jobs to idle workers, fork another when all are busy."""
        ready = wait([w.conn for w in self._pool], timeout=None if block else 0) if self._pool else []
        for worker in self._pool:
            if worker.conn in ready:
                self._receive(worker)
        for worker in self._pool:
            if worker.job is None and self._pending:  # idle, or still warming up: it starts on it when ready
                worker.give(*self._pending.popleft())
        while self._pending and len(self._pool) < self.workers:
            worker = _Worker(self._context)
            self._pool.append(worker)
            worker.give(*self._pending.popleft())

    def _receive(self, worker: _Worker) -> None:
        try:
            kind, payload = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(1)
            raise PdfWorkerError(f"a PDF worker process died (exit code {worker.process.exitcode})") from None
        if kind == "ready":
            worker.ready = True
            return
        job, worker.job = worker.job, None
        if kind == "failed":
            raise PdfWorkerError(f"rendering a PDF failed in a worker: {payload}")
        assert job is not None and isinstance(payload, PdfFile)
        job.refused[:] = list(payload.refused)
        job.loaded.update(payload.loaded)
        self.results[job.path] = payload
        if self.progress:
            self.progress(len(self.results), self.submitted, job.path)

    def finish(self) -> dict[str, PdfFile]:
        """Render what is still pending and wait for every job; returns output path -> PdfFile."""
        try:
            if self.workers == 1 or (not self._pool and self.submitted <= 1):
                while self._pending:
                    job, settings, target = self._pending.popleft()
                    self.results[job.path] = render_pdf_file(job, settings, target)
                    if self.progress:
                        self.progress(len(self.results), self.submitted, job.path)
            else:
                self.start()
                while len(self.results) < self.submitted:
                    self._pump(block=True)
        finally:
            self.close()
        return self.results

    def close(self) -> None:
        """Stop the workers: politely when they are idle, at once when still warming up or busy (after an error)."""
        for worker in self._pool:
            if worker.idle:
                with contextlib.suppress(BrokenPipeError, OSError):
                    worker.conn.send(None)
            else:
                worker.process.terminate()
        for worker in self._pool:
            worker.process.join(5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._pool = []


def render_all(
    jobs: list[PdfJob], settings: PdfSettings, folder: Path, workers: int | None = None, progress: Progress | None = None
) -> dict[str, PdfFile]:
    """Render every job into `folder` (file names from the output paths), in parallel; largest first."""
    renderer = PdfRenderer(workers, progress)
    for job in sorted(jobs, key=lambda j: -len(j.html)):
        renderer.submit(job, settings, folder / (job.path.replace("/", "__")))
    return renderer.finish()
