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

Workers never outlive the build: on Linux the kernel kills each one when the process
that forked it ends, however it ends (prctl PR_SET_PDEATHSIG), and no worker holds a
copy of another worker's pipe, so a worker waiting for a job sees the end of the build
as the end of its pipe. Workers ignore Ctrl-C: it reaches the whole process group, and
only the build may act on it (by stopping them). Each document gets a time limit
(INFOPREP_PDF_TIMEOUT seconds, default 120): a worker that takes longer is killed and
the build fails with an error naming the document.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterator, Mapping
from multiprocessing.connection import Connection, wait
from pathlib import Path

from generator import forking
from generator.errors import OutputError, UsageError
from generator.forking import PARENT_ENDS, batch_gc, default_workers, die_with, signals_held
from generator.render.pdf import PdfFile, PdfJob, PdfSettings, Progress, render_pdf_file, warm_up

DEFAULT_TIMEOUT = 120.0
"""Seconds one PDF may take; INFOPREP_PDF_TIMEOUT overrides it."""
TIMEOUT_ENV = "INFOPREP_PDF_TIMEOUT"


def pdf_timeout(environ: Mapping[str, str] | None = None) -> float:
    """The time limit per PDF, in seconds: INFOPREP_PDF_TIMEOUT when set, else 120."""
    raw = (os.environ if environ is None else environ).get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise UsageError(f"{TIMEOUT_ENV}={raw!r}: expected a positive number of seconds, e.g. {TIMEOUT_ENV}=300")
    return seconds


def _too_slow(path: str, seconds: float) -> OutputError:
    return OutputError(f"{path}: PDF rendering took longer than {seconds:g} s; nothing was written")


def _serve(conn: Connection, build: int) -> None:
    """A worker: warm up, say so, then render each job it is sent until told to stop.

    A job arrives as a few hundred bytes (its HTML waits in a file beside the target), so
    the main process can hand it over even while the worker is still warming up: a write
    that size never blocks on the pipe.
    """
    try:
        die_with(build)
        warm_up()
        gc.freeze()  # WeasyPrint's modules, fonts and caches: never garbage, never walked again
        batch_gc()
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
        self.conn, self._child = context.Pipe()
        self.process = context.Process(target=_serve, args=(self._child, os.getpid()), daemon=True)  # type: ignore[attr-defined]
        self.ready = False
        self.job: PdfJob | None = None
        self.started = 0.0
        """When the worker began on its job (it may get the job while still warming up)."""

    def start(self) -> None:
        PARENT_ENDS.add(self.conn)
        try:
            with signals_held():
                self.process.start()
        finally:
            self._child.close()

    def close(self) -> None:
        PARENT_ENDS.discard(self.conn)
        self.conn.close()
        self._child.close()

    @property
    def idle(self) -> bool:
        return self.ready and self.job is None

    def give(self, job: PdfJob, settings: PdfSettings, target: Path) -> None:
        """Hand over a job: its HTML goes to a file, the message stays small."""
        html = target.with_name(target.name + ".html")
        html.write_text(job.html, encoding="utf-8")
        self.job = job
        self.started = time.monotonic()
        self.conn.send((PdfJob(job.path, "", job.title), settings, target, html))


class PdfWorkerError(RuntimeError):
    """A worker failed or died: an internal error, reported with the worker's traceback."""


class PdfRenderer:
    """Takes jobs one by one as the pages are templated; `finish()` waits for all of them.

    With one worker (`--jobs 1`) everything renders in this process, in `finish()`.
    A PDF that takes longer than `timeout` seconds (default: `pdf_timeout()`) fails the build.
    """

    def __init__(self, workers: int | None = None, progress: Progress | None = None, timeout: float | None = None):
        self.workers = max(1, workers or default_workers())
        self.progress = progress
        self.timeout = pdf_timeout() if timeout is None else timeout
        self.submitted = 0
        self.results: dict[str, PdfFile] = {}
        """Output path -> the PDF written."""
        self._pending: deque[tuple[PdfJob, PdfSettings, Path]] = deque()
        self._pool: list[_Worker] = []
        self._context = forking.context()

    def start(self) -> None:
        """Fork the first worker now, so it warms up while this process works on pages."""
        if self.workers > 1 and not self._pool:
            self._fork()

    def _fork(self) -> _Worker:
        worker = _Worker(self._context)
        self._pool.append(worker)  # known to close() even if Ctrl-C comes in the middle of the fork
        worker.start()
        return worker

    def submit(self, job: PdfJob, settings: PdfSettings, target: Path) -> None:
        self.submitted += 1
        self._pending.append((job, settings, target))
        if self.workers > 1:
            self._pump(block=False)

    def _pump(self, block: bool) -> None:
        """Collect finished work, hand pending jobs to idle workers, fork another when all are busy."""
        ready = wait([w.conn for w in self._pool], timeout=self._patience() if block else 0) if self._pool else []
        for worker in self._pool:
            if worker.conn in ready:
                self._receive(worker)
        self._check_time()
        for worker in self._pool:
            if worker.job is None and self._pending:  # idle, or still warming up: it starts on it when ready
                worker.give(*self._pending.popleft())
        while self._pending and len(self._pool) < self.workers:
            self._fork().give(*self._pending.popleft())

    def _busy(self) -> list[_Worker]:
        """Workers rendering now (a worker still warming up has not started on its job)."""
        return [w for w in self._pool if w.ready and w.job is not None]

    def _patience(self) -> float | None:
        """How long to wait for a message before a busy worker runs out of time."""
        busy = self._busy()
        if not busy:
            return None
        return max(0.0, min(w.started for w in busy) + self.timeout - time.monotonic())

    def _check_time(self) -> None:
        """Kill a worker that has spent longer than the limit on one PDF, and fail the build naming it."""
        now = time.monotonic()
        for worker in self._busy():
            if now - worker.started >= self.timeout:
                assert worker.job is not None
                worker.process.kill()
                worker.process.join(5)
                worker.close()
                self._pool.remove(worker)
                raise _too_slow(worker.job.path, self.timeout)

    def _receive(self, worker: _Worker) -> None:
        try:
            kind, payload = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(1)
            raise PdfWorkerError(f"a PDF worker process died (exit code {worker.process.exitcode})") from None
        if kind == "ready":
            worker.ready = True
            worker.started = time.monotonic()  # it starts on a job it was given while warming up now
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
                    with _time_limit(self.timeout, job.path):
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
        pool, self._pool = self._pool, []
        for worker in pool:
            if worker.process.pid is None:  # interrupted before it was forked
                continue
            if worker.idle:
                with contextlib.suppress(BrokenPipeError, OSError):
                    worker.conn.send(None)
            else:
                worker.process.terminate()
        for worker in pool:
            if worker.process.pid is not None:
                worker.process.join(5)
                if worker.process.is_alive():
                    worker.process.kill()
                    worker.process.join()
            worker.close()


class _Expired(BaseException):
    """Raised by the alarm inside a render in this process (not an Exception: nothing in WeasyPrint may catch it)."""


@contextlib.contextmanager
def _time_limit(seconds: float, path: str) -> Iterator[None]:
    """The time limit for a PDF rendered in this process: an interval timer, where there is one (main thread, Unix)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise _too_slow(path, seconds) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_all(
    jobs: list[PdfJob], settings: PdfSettings, folder: Path, workers: int | None = None, progress: Progress | None = None
) -> dict[str, PdfFile]:
    """Render every job into `folder` (file names from the output paths), in parallel; largest first."""
    renderer = PdfRenderer(workers, progress)
    for job in sorted(jobs, key=lambda j: -len(j.html)):
        renderer.submit(job, settings, folder / (job.path.replace("/", "__")))
    return renderer.finish()
