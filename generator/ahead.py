"""What serve is shown before a pages pass publishes: the edited pages, then their packets' PDFs.

Serve's pages pass (BuildOptions.pdf_later) templates the web pages of the meetings whose files
changed before the rest of the site (render/site.py), and, after a small edit (EDITED_AT_ONCE),
prints their packets at once in the warm pool. `Ahead` hands serve those pages as soon as the last
of them is made, then each PDF as the pool returns it, in the form the publish will write them
(sealed, on a private site: publish/site.py), so the preview shows them before the rest of the site
is templated and written (BuildOptions.ahead). The build keeps its steps; this is the one object it
tells of each page and print page it makes.

The edited packets print one at a time, the one whose page is on screen first (else the earliest
meeting's), and the rest of the site waits for the first (at most AHEAD_PDF_WAIT): on two cores, a
packet rendered beside another packet, or beside the templating of pages nobody is looking at yet,
took up to twice as long.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from generator.build_options import BuildOptions
from generator.printing.printer import Printer
from generator.publish.site import printed_ahead, shown_ahead

if TYPE_CHECKING:
    from generator.plan.plan import Plan
    from generator.publish.seal import SiteKey
    from generator.render.paths import Paths
    from generator.render.site import Page
    from generator.render.theme import Theme

EDITED_AT_ONCE = 4
"""Serve's pages pass prints the packets of the meetings whose files changed at once, in the pool,
when they are this few (one person's or organisation's meetings: an edit): each PDF is shown as
soon as it is made, after the edited pages, and published with the pages. More (a first pass on an
empty cache) wait for the PDF pass: pages first."""

AHEAD_PDF_WAIT = 1.0
"""Seconds a pages pass waits for the first edited packet's PDF before templating the rest of the
site: a packet renders in ~0.3-0.5 s; a longer one is collected with the others."""


def prints_first(options: BuildOptions, first: set[str]) -> bool:
    """Whether a pages pass prints the changed meetings' packets (an edit: EDITED_AT_ONCE)."""
    return options.pdf and options.pdf_later and len(first) <= EDITED_AT_ONCE


class Ahead:
    """One pass's pages and PDFs shown ahead of its publish; does nothing unless serve asked
    (BuildOptions.ahead) in a pages pass. `first`: the meetings whose files changed."""

    def __init__(
        self,
        plan: Plan,
        theme: Theme,
        paths: Paths,
        key: SiteKey | None,
        options: BuildOptions,
        first: set[str],
        printer: Printer,
    ):
        wanted = options.ahead is not None and options.pdf_later
        self._plan, self._theme, self._key = plan, theme, key
        self._output, self._show = options.output, options.ahead
        self._waiting = {paths.packet_page(m) for m in first} if wanted else set()
        self._made: dict[str, bytes] = {}
        printing = wanted and prints_first(options, first)
        self._pdfs = {paths.packet_pdf(m) for m in first} if printing else set()
        """The edited packets' PDFs not shown yet, by output path."""
        on_screen = next((m for m in first if paths.packet_page(m) == options.looking_at), None)
        self._preferred = paths.packet_pdf(on_screen) if on_screen is not None else None
        """The PDF of the edited packet whose page is on screen: printed first."""
        self._printer = printer
        self._held: list[Page] = []
        self._rendering: str | None = None
        """The edited packet's PDF the pool is rendering now, by output path."""

    def made(self, path: str, data: bytes) -> bool:
        """Take a web page; True when it was the last of the changed meetings' (they are shown)."""
        self._start()
        if path in self._waiting:
            self._waiting.discard(path)
            self._made[path] = data
            if not self._waiting and self._show is not None:
                shown = shown_ahead(self._output, self._plan, self._theme, self._made, self._key)
                self._show(shown)
                return True
        return False

    def print(self, page: Page) -> None:
        """Send a print page to the printer; an edited packet's waits while another renders, and
        for the one on screen (the edited packets' print pages come first, together)."""
        if page.path not in self._pdfs:
            self._start()
            self._printer.add(page)
        elif self._rendering is not None or self._preferred not in (None, page.path):
            self._held.append(page)
        else:
            self._send(page)

    def _start(self) -> None:
        """The edited packets' print pages are all made: the first held one prints if none does."""
        self._preferred = None
        if self._rendering is None and self._held:
            self._send(self._held.pop(0))

    def wait_for_first_pdf(self) -> None:
        """Let the first edited packet's PDF render before the rest of the site is templated (for at
        most AHEAD_PDF_WAIT seconds), showing it when it comes."""
        first, deadline = self._rendering, time.monotonic() + AHEAD_PDF_WAIT
        while first is not None and self._rendering == first:
            if (left := deadline - time.monotonic()) <= 0:
                return
            self._printer.poll(self.arrived, left)

    def release(self) -> None:
        """Send the held print pages (the site is templated: nothing else needs the processor)."""
        held, self._held = self._held, []
        for page in held:
            self._printer.add(page)

    @property
    def arrived(self) -> Callable[[str, bytes], None] | None:
        """What the printer tells of each PDF it is given (None: no PDF is shown ahead)."""
        return self._printed if self._pdfs else None

    def _send(self, page: Page) -> None:
        if self._printer.add(page):
            self._rendering = page.path
        else:  # the cache had it (an edit undone): published with the pages
            self._pdfs.discard(page.path)
            self._next()

    def _next(self) -> None:
        self._rendering = None
        if self._held:
            self._send(self._held.pop(0))

    def _printed(self, path: str, data: bytes) -> None:
        if path in self._pdfs and self._show is not None:
            self._pdfs.discard(path)
            self._show(printed_ahead({path: data}, self._key))
        if path == self._rendering:
            self._next()
