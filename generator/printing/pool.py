"""The one process pool: PDFs rendered in parallel worker processes, the only place infoprep starts
one.

WeasyPrint is CPU-bound and single-threaded: two workers take ~0.54x the time of one on 2 cores, and
more workers than cores are slower. The build starts the pool as soon as it knows an input changed,
so the first worker imports WeasyPrint (half a second) while the build reads, plans and templates; a
second worker is forked only when a job is waiting and every worker is busy, so a one-note rebuild
keeps a core for templating.

A pool of our own rather than concurrent.futures, for one reason: each PDF has a time limit
(INFOPREP_PDF_TIMEOUT seconds, default 120: limits.py), and a document that takes longer must stop
its worker, which ProcessPoolExecutor cannot do on Python 3.10-3.13. Each worker has its own pipe; a
job is sent only to a worker that said it is ready, so a send never waits for a worker still
importing. Workers ignore Ctrl-C (it reaches the whole process group: the build stops them) and die
with the build however it ends (prctl PR_SET_PDEATHSIG). Workers are forked where that is safe
(Linux, no other thread), else started by forkserver.

The pool also runs one piece of the build's own work in a forked copy of the build (`Aside`): the
binder, once every PDF is made while the build still templates pages.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from generator.errors import OutputError
from generator.limits import PDF_TIMEOUT, seconds_from, time_limit
from generator.printing.pdf import PdfFile, PdfJob, PdfSettings, render_pdf, warm_up

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

BATCH_GC = (20_000, 10, 10)
"""Garbage-collection thresholds in the workers (Python's default is 700): WeasyPrint allocates
millions of short-lived objects, and a packet renders ~9 % faster when a collection runs every
20,000 of them."""

CANCEL_CHECK = 0.05
"""Seconds between looks at a cancellable build's `cancel` event while its workers render."""

Progress = Callable[[int, int, str], None]
"""progress(done, total, output path), called as each PDF is finished."""


class PdfWorkerError(RuntimeError):
    """A worker failed or died: an internal error, reported with the worker's traceback."""


# not an error: a newer edit made this build's work useless
class Superseded(Exception):  # noqa: N818
    """Raised in a build whose `cancel` event is set (serve: the user saved again while its PDFs
    rendered); the pool stops its workers at once and nothing is written."""


BEHIND = 5
"""How much nicer than serve its PDF workers are (os.nice): while one renders, the preview's own
work and the browser showing the edited page get the processor first."""


def pdf_timeout(environ: Mapping[str, str]) -> float:
    return seconds_from(environ, PDF_TIMEOUT)


def default_workers() -> int:
    """One per core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _too_slow(path: str, seconds: float) -> OutputError:
    return OutputError(f"{path}: PDF rendering took longer than {seconds:g} s; nothing was written")


def _worker(
    conn: Connection, build: int, inherited: list[Connection], forked: bool, behind: bool
) -> None:
    """Warm up, say so, then render each job until the pipe closes (or the build dies). `behind`:
    yield the processor to the build and to what else runs (serve's workers: the browser reloading
    the page the user waits for comes before a PDF)."""
    if behind:
        with contextlib.suppress(OSError, AttributeError):
            os.nice(BEHIND)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(AttributeError, ValueError):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    # the build's ends of earlier workers' pipes, copied by fork: they would hide its death
    for end in inherited:
        with contextlib.suppress(OSError):
            end.close()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    # The build may have died between the fork and the prctl: a forked worker then has another
    # parent already (its dead build may linger as a zombie, so its pid alone proves nothing); one
    # started by forkserver checks the pid.
    if (os.getppid() != build) if forked else not _alive(build):
        os._exit(0)
    try:
        warm_up()
        gc.freeze()  # WeasyPrint's modules and fonts: never garbage, never walked again
        gc.set_threshold(*BATCH_GC)
        conn.send(("ready", None))
        while (job := conn.recv()) is not None:
            try:
                conn.send(("done", render_pdf(*job)))
            except Exception:  # reported to the build, which raises it there
                conn.send(("failed", f"{job[0].path}:\n{traceback.format_exc()}"))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass
    return True


def _start(context: Any, target: Callable[..., None], args: tuple[Any, ...]) -> tuple[Any, Any]:
    """A child process running `target(child's end of a new pipe, *args)`, started with Ctrl-C
    held back (the child must not run the build's handlers before it sets its own); returns this
    end of the pipe and the process."""
    conn, child = context.Pipe()
    process = context.Process(target=target, args=(child, *args), daemon=True)
    blocked = threading.current_thread() is threading.main_thread() and hasattr(
        signal, "pthread_sigmask"
    )
    previous = (
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        if blocked
        else None
    )
    try:
        process.start()
    finally:
        child.close()
        # Let go of it while Ctrl-C is held back: its finalizer would run when this returns,
        # and a KeyboardInterrupt raised inside a finalizer is printed and lost (the build
        # went on after Ctrl-C).
        del child
        if previous is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    return conn, process


class _Worker:
    def __init__(self, context: Any, others: list[Connection], behind: bool = False):
        forked = context.get_start_method() == "fork"
        self.conn, self.process = _start(
            context, _worker, (os.getpid(), others if forked else [], forked, behind)
        )
        self.ready = False
        self.job: PdfJob | None = None
        self.since = 0.0


class Aside:
    """One piece of the build's own work done in a forked copy of the build while the build goes
    on: the binder, assembled from PDFs all made while the build still templates pages (at 500
    meetings 1.7 s, otherwise spent after templating). `result()` is its return value, or None when
    the copy failed or died: the build then does the work itself, and meets any error there.

    Only where forking is safe: Linux, and no other thread in the build (`possible`).
    """

    def __init__(self, work: Callable[[], object], others: list[Connection]):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.conn, self.process = _start(context, _aside, (os.getpid(), others, work))

    @staticmethod
    def possible() -> bool:
        return sys.platform.startswith("linux") and threading.active_count() == 1

    def result(self) -> Any:
        """Wait for the copy's result (None: do the work here)."""
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):
            kind, value = "failed", None
        self.stop()
        return value if kind == "done" else None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.conn.close()


def _aside(
    conn: Connection, build: int, inherited: list[Connection], work: Callable[[], object]
) -> None:
    """The forked copy: do `work`, send its result, and end without running the build's exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the build, which stops this
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(AttributeError, ValueError):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    for end in inherited:  # the build's ends of its workers' pipes: they would hide its death
        with contextlib.suppress(OSError):
            end.close()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != build:
        os._exit(0)
    try:
        conn.send(("done", work()))
    except Exception:  # noqa: BLE001  the build does the work again and meets the error there
        with contextlib.suppress(OSError):
            conn.send(("failed", None))


class PdfPool:
    """`submit` jobs as their pages are templated, `results()` waits for them all.

    With one worker (`--jobs 1`) every PDF renders in this process, in `results()`.
    """

    def __init__(
        self,
        workers: int,
        timeout: float,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        keep_warm: bool = False,
    ):
        self.workers = max(1, workers)
        self.keep_warm = keep_warm
        """Serve's pool: its idle workers outlive each build (WeasyPrint stays loaded); the owner
        closes it."""
        self.timeout = timeout
        self.progress = progress
        self.cancel = cancel
        """Checked between jobs and while waiting (every CANCEL_CHECK seconds): set, the pool raises
        Superseded."""
        self.submitted = 0
        self.done: dict[str, PdfFile] = {}
        self._pending: deque[tuple[PdfJob, PdfSettings]] = deque()
        self._pool: list[_Worker] = []
        self._asides: list[Aside] = []

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.keep_warm:
            self.settle()
        else:
            self.close()

    def session(self, progress: Progress | None, cancel: threading.Event | None) -> PdfPool:
        """This warm pool for one more build (a `with` block), reporting to `progress`, stopped by
        `cancel`."""
        self.progress, self.cancel = progress, cancel
        self.submitted, self.done = 0, {}
        return self

    def settle(self) -> None:
        """End one build's use of a warm pool: a worker still rendering (the build failed or was
        superseded) is stopped, its job being stale, and a dead one is dropped; idle and warming
        workers stay; waiting jobs too."""
        for worker in [w for w in self._pool if w.job is not None or not w.process.is_alive()]:
            self._pool.remove(worker)
            self._stop([worker])
        self._pending.clear()

    def start(self) -> None:
        """Fork the first worker now, so it warms up while the build reads and templates."""
        if self.workers > 1 and not self._pool:
            self._fork()

    def _fork(self) -> None:
        import multiprocessing

        # A warm pool's workers outlive the build that starts them: forked, they would keep its open
        # files, the build cache's lock among them (the next build would wait on it forever).
        linux, alone = sys.platform.startswith("linux"), threading.active_count() == 1
        forking = alone and not self.keep_warm
        context = multiprocessing.get_context(
            ("fork" if forking else "forkserver") if linux else None
        )
        self._pool.append(_Worker(context, [w.conn for w in self._pool], self.keep_warm))

    def submit(self, job: PdfJob, settings: PdfSettings) -> None:
        self.submitted += 1
        self._pending.append((job, settings))
        if self.workers > 1:
            self._pump(block=False)

    def poll(self, seconds: float = 0.0) -> None:
        """Take in the PDFs finished by now (into `done`), waiting at most `seconds` for one. With
        one worker, waiting is rendering the next job here."""
        if self.workers > 1 and self._pool:
            self._pump(block=False, seconds=seconds)
        elif self.workers == 1 and seconds > 0 and self._pending:
            self._render_here()

    def results(self, arrived: Callable[[], None] | None = None) -> dict[str, PdfFile]:
        """Every submitted PDF, by output path, once all are made; `arrived()` is called each time
        `done` may have grown (serve shows an edited packet's PDF before the others are made)."""
        if self.workers == 1:
            while self._pending:
                self._render_here()
                if arrived is not None:
                    arrived()
        else:
            while len(self.done) < self.submitted:
                self._pump(block=True)
                if arrived is not None:
                    arrived()
        if self.keep_warm:
            self.settle()
        else:
            self._stop_workers()
        return self.done

    def aside(self, work: Callable[[], object]) -> Aside | None:
        """`work()` done in a forked copy of the build while it goes on (None where that is not
        safe: serve's threads, another system); stopped with the pool."""
        if self.keep_warm or not Aside.possible():
            return None
        aside = Aside(work, [w.conn for w in self._pool])
        self._asides.append(aside)
        return aside

    def _render_here(self) -> None:
        self._check_cancel()
        job, settings = self._pending.popleft()
        with time_limit(self.timeout, functools.partial(_too_slow, job.path, self.timeout)):
            self._finished(render_pdf(job, settings))

    def _pump(self, block: bool, seconds: float = 0.0) -> None:
        """Take in what finished (waiting for the first, or `seconds` unless `block`), hand waiting
        jobs to ready workers, fork another when all are busy."""
        from multiprocessing.connection import wait

        free = sum(w.job is None for w in self._pool)  # ready, or about to be
        # One job waiting for a busy worker is quicker done by it than by a new one, whose warm-up
        # (0.4-0.6 s) takes as long as a packet and competes with the build for the cores.
        waiting = len(self._pending) > (free + 1 if self._pool else 0)
        if waiting and len(self._pool) < self.workers:
            self._fork()
        timeout = self._patience() if block else min(seconds, self._patience())
        if self.cancel is not None:
            timeout = min(timeout, CANCEL_CHECK)
        for conn in wait([w.conn for w in self._pool], timeout=timeout):
            self._receive(next(w for w in self._pool if w.conn is conn))
        self._check_cancel()
        for worker in self._pool:
            if worker.job is not None and time.monotonic() - worker.since > self.timeout:
                raise _too_slow(worker.job.path, self.timeout)
            if worker.ready and worker.job is None and self._pending:
                job, settings = self._pending.popleft()
                worker.job, worker.since = job, time.monotonic()
                worker.conn.send((job, settings))

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Superseded

    def _patience(self) -> float:
        busy = [w.since for w in self._pool if w.job is not None]
        return max(0.01, min(busy) + self.timeout - time.monotonic()) if busy else 1.0

    def _receive(self, worker: _Worker) -> None:
        try:
            kind, value = worker.conn.recv()
        except (EOFError, OSError):
            what = f" while rendering {worker.job.path}" if worker.job else ""
            raise PdfWorkerError(
                f"a PDF worker process died{what} (exit code {worker.process.exitcode})"
            ) from None
        if kind == "ready":
            worker.ready = True
        elif kind == "failed":
            raise PdfWorkerError(f"rendering a PDF failed in a worker process: {value}")
        else:
            worker.job = None
            self._finished(value)

    def _finished(self, made: PdfFile) -> None:
        self.done[made.path] = made
        if self.progress:
            self.progress(len(self.done), self.submitted, made.path)

    def close(self) -> None:
        """Stop the workers: politely when idle, at once when busy or still warming up (after an
        error); and any copy of the build still at work aside."""
        self._stop_workers()
        asides, self._asides = self._asides, []
        for aside in asides:
            aside.stop()

    def _stop_workers(self) -> None:
        pool, self._pool = self._pool, []
        self._stop(pool)

    @staticmethod
    def _stop(pool: list[_Worker]) -> None:
        for worker in pool:
            if worker.ready and worker.job is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
            elif worker.process.pid is not None:
                worker.process.terminate()
        for worker in pool:
            if worker.process.pid is not None:
                worker.process.join(5)
                if worker.process.is_alive():
                    worker.process.kill()
                    worker.process.join()
            worker.conn.close()


def build_pool(
    warm: PdfPool | None,
    jobs: int | None,
    environ: Mapping[str, str],
    progress: Progress | None,
    cancel: threading.Event | None,
) -> PdfPool:
    """Serve's warm pool for one more build, else one of the build's own (stopped when it ends)."""
    if warm is not None:
        return warm.session(progress, cancel)
    return PdfPool(jobs or default_workers(), pdf_timeout(environ), progress, cancel)
