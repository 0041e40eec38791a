"""Time limits: no document, and no templating of a site, may run forever.

Content is someone else's work (a shared trip, theme or template), so a build bounds the time it
gives each piece: every PDF (INFOPREP_PDF_TIMEOUT seconds, default 120) and the templating of all
pages with their notes (INFOPREP_RENDER_TIMEOUT, default 300; a 500-meeting trip takes a few
seconds). Notes are also bounded where they are read (content/scalars.py), so this is the backstop
for what no rule foresaw: a template loop.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator, Mapping

from generator.errors import UsageError

PDF_TIMEOUT = ("INFOPREP_PDF_TIMEOUT", 120.0)
RENDER_TIMEOUT = ("INFOPREP_RENDER_TIMEOUT", 300.0)
CALENDAR_SECONDS = 10.0
"""Most time reading one person's .ics file may take (a few milliseconds for a real one): a rule no
bound foresaw (dateutil searching to the year 9999 for a date that never comes) is an error at
`available_ics`."""


def seconds_from(environ: Mapping[str, str], setting: tuple[str, float]) -> float:
    """The limit the environment sets (a positive number of seconds), else the default."""
    name, default = setting
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise UsageError(f"{name}={raw!r}: expected a positive number of seconds, e.g. {name}=300")
    return seconds


class _Expired(BaseException):
    """Raised by the alarm (a BaseException: nothing in WeasyPrint, Jinja or Markdown may catch
    it)."""


@contextlib.contextmanager
def time_limit(seconds: float, expired: Callable[[], Exception]) -> Iterator[None]:
    """Raise `expired()` if the block runs longer: an interval timer, where there is one (the main
    thread)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise expired() from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
