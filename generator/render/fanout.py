"""The packet pages templated by this process and forked helpers at once: Markdown and Jinja are CPU-bound.

A 500-meeting trip templates 500 packet pages (~2 ms each, the notes' Markdown
included). Helpers are forked after the plan is made and the templates compiled, so
each starts as a copy of the build with everything in memory: nothing is pickled on
the way in. Each process takes the next page from a shared counter until none is
left (so a slow page never leaves a process idle) and helpers send back what they
made, with the Markdown and QR memo entries they used, so the build cache keeps them. This process
starts on its own work (the print pages, the site-wide pages, the calendar) and then
joins in.

Pages come back by index, so the output is the same whoever made each page. A helper
that fails or dies is not trusted to explain why: this process makes every page still
missing itself, which raises the real error (a template mistake becomes a
ContentError with its file and line, as without helpers). Helpers are used only on
Linux, where forking is cheap, while no other thread runs (see forking.py), and for
enough pages to pay for the fork.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from generator import forking
from generator.render.memo import MEMOS

if TYPE_CHECKING:  # multiprocessing is imported only when there are helpers to fork
    from multiprocessing.connection import Connection

CLAIM_PATIENCE = 5.0
"""Seconds to wait for the shared page counter before deciding its holder died holding it."""
PAGES_PER_HELPER = 32
"""Fewer pages than this per process and a fork costs more than it saves."""


def helpers_for(pages: int, jobs: int) -> int:
    """How many processes to fork besides this one for `pages` pages with `jobs` processes in all."""
    if jobs <= 1 or not forking.can_fork():
        return 0
    return max(0, min(jobs - 1, pages // PAGES_PER_HELPER - 1))


class Fanout:
    """Pages 0..count-1, each made by `make(index)`; with `helpers` forked processes taking some of them.

        with Fanout(count, make, helpers) as fanout:
            fanout.start()          # helpers begin at once
            ...this process's other work...
            pages = fanout.finish() # this process joins in, then gathers every page, in order
    """

    def __init__(self, count: int, make: Callable[[int], bytes], helpers: int):
        self.count = count
        self.make = make
        self.helpers = helpers if forking.can_fork() else 0  # never forkserver: a helper must start as a copy
        self._context = forking.fork_context() if self.helpers else None
        self._next = self._context.Value("i", 0) if self._context else None  # type: ignore[attr-defined]
        self._alone = 0
        """The next page when there are no helpers (no shared counter needed)."""
        self._processes: list[Any] = []
        self._ends: list[Connection] = []
        self.pages: dict[int, bytes] = {}
        self.made_here = 0

    def __enter__(self) -> Fanout:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def start(self, first: int = 0) -> None:
        """Fork the helpers; they start taking pages at once. Page `first` is made here before the fork, so the
        templates every page uses are compiled once, in the copy every helper starts from: choose a typical page."""
        if not self.helpers:
            return
        self.pages[first] = self.make(first)
        build = os.getpid()
        assert self._context is not None
        for _ in range(self.helpers):
            ours, theirs = self._context.Pipe(duplex=False)
            process = self._context.Process(target=self._help, args=(ours, theirs, build), daemon=True)  # type: ignore[attr-defined]
            forking.PARENT_ENDS.add(ours)
            self._ends.append(ours)
            self._processes.append(process)
            try:
                with forking.signals_held():
                    process.start()
            finally:
                theirs.close()

    def _claim(self) -> int | None:
        """The next page to make, or None when there is none left (or the counter is lost, see below)."""
        if self._next is None:
            index, self._alone = self._alone, self._alone + 1
            return index if index < self.count else None
        lock = self._next.get_lock()
        # The lock is held for microseconds. A process killed while holding it (the OOM killer) would leave it
        # held for ever: then stop taking pages from the counter; the build makes what is missing by itself.
        if not lock.acquire(timeout=CLAIM_PATIENCE):
            return None
        try:
            index = int(self._next.value)
            if index >= self.count:
                return None
            self._next.value = index + 1
            return index
        finally:
            lock.release()

    def _help(self, ours: Connection, theirs: Connection, build: int) -> None:
        """In a helper: make pages until none is left, then send them and the new memo entries in one message."""
        forking.die_with(build)
        ours.close()
        before = {name: set(memo.used) for name, memo in MEMOS.items()}
        made: dict[int, bytes] = {}
        try:
            while (index := self._claim()) is not None:
                if index not in self.pages:
                    made[index] = self.make(index)
        except Exception:  # noqa: BLE001 - the build makes the missing pages itself and raises the real error
            pass
        memos = {name: memo.used_since(before[name]) for name, memo in MEMOS.items()}
        with contextlib.suppress(BrokenPipeError, OSError):
            theirs.send((made, memos))
        theirs.close()

    def finish(self) -> list[bytes]:
        """Make pages alongside the helpers until none is left, gather theirs, make any they did not, in order."""
        while (index := self._claim()) is not None:
            if index not in self.pages:
                self.pages[index] = self.make(index)
                self.made_here += 1
        for end in self._ends:
            try:
                made, memos = end.recv()
            except (EOFError, OSError):  # the helper died: its pages are made below
                continue
            self.pages.update(made)
            for name, used in memos.items():
                MEMOS[name].merge(used)
        self.close()
        for index in range(self.count):
            if index not in self.pages:
                self.pages[index] = self.make(index)
        return [self.pages[index] for index in range(self.count)]

    def close(self) -> None:
        """Stop and reap the helpers: after an error or Ctrl-C they are still at work; else they have sent all."""
        processes, self._processes = self._processes, []
        for process in processes:
            if process.pid is not None:
                if process.is_alive():
                    process.kill()
                process.join()
        for end in self._ends:
            forking.PARENT_ENDS.discard(end)
            end.close()
        self._ends = []
