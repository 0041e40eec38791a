"""A one-line progress bar for PDF rendering, drawn on standard error only when it is a terminal.

Piped or redirected output (CI logs, `2> file`) gets no bar at all: carriage returns and escape
codes would only clutter a log.
"""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 24


class ProgressBar:
    def __init__(self, stream: TextIO, enabled: bool):
        self.stream = stream
        self.enabled = enabled
        self.started = time.perf_counter()
        self.drawn = False

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.enabled or total <= 0:
            return
        filled = WIDTH * done // total
        elapsed = time.perf_counter() - self.started
        line = (
            f"PDFs [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} {elapsed:4.0f}s  {what}"
        )
        self.stream.write("\r\033[K" + line[:100])
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        """Erase the bar, so the next message starts on a clean line."""
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = False
