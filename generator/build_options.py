"""What a build is asked (BuildOptions) and what it answers (BuildReport, BuildState).

The commands that build (build, serve, publish) and their tests share these; build.py runs them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.output import WriteReport
from generator.printing.pool import PdfPool
from generator.render.theme import CompiledTemplates

if TYPE_CHECKING:
    from generator.content.trip import Trip
    from generator.errors import Finding
    from generator.plan.plan import Plan
    from generator.printing.binder_parts import PreparedParts
    from generator.printing.cache import Previous
    from generator.printing.printer import Printer
    from generator.publish.keys import DerivedKeys
    from generator.render.memo import RenderMemo


@dataclass(frozen=True)
class TemplatedPages:
    """A pages pass's web pages, handed to serve's PDF pass after it: reused, not templated again,
    when that pass finds every input as the pages pass found it (the same `stamp`)."""

    stamp: str
    """The pages pass's build stamp (stamp.py: content, theme, day, options)."""

    pages: Mapping[str, bytes]
    """Each web page, by output path, as templated (before a private site seals it)."""

    memo: RenderMemo
    """The pass's render memo: the PDF pass adds what its print pages use, so the build cache keeps
    both."""


@dataclass(frozen=True)
class BuildOptions:
    content: Path = Path("content")
    output: Path = Path("output")
    pdf: bool = True
    today: date | None = None
    """Defaults to SOURCE_DATE_EPOCH's date, else the real date."""

    jobs: int | None = None
    """PDF worker processes; None means one per core."""

    quiet: bool = False
    clean: bool = False
    """Read nothing from the build cache: render every PDF again."""

    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    cache: Path | None = None
    """The build cache's folder; None: the user's cache directory, one folder per output
    (cache.cache_folder)."""

    private_salt: bytes | None = None
    """Private builds: use this salt; None: the one kept beside the build cache for this passphrase
    (publish/keys.py)."""
    new_key: bool = False
    """Private builds: draw a new salt (a new key, new file names, every file sealed again), as
    `build --new-key`."""
    pdf_later: bool = False
    """Serve's first pass: the pages link to their PDFs but none is rendered or assembled.

    A PDF whose print page did not change is the cached one; one that changed is the last build's
    (`stale_pdfs`) until the next pass replaces it.
    """

    stale_pdfs: Mapping[str, str] = field(default_factory=dict)
    """With `pdf_later`: the last full build's PDFs, readable output path -> cache key
    (BuildReport.pdf_keys)."""

    binder_later: bool = False
    """Serve's PDF pass: publish the new PDFs with the last binder, then assemble the binder and
    publish again."""

    published: Callable[[], None] | None = field(default=None, compare=False)
    """Called after a publish that is not the build's last (binder_later's first)."""

    keys: DerivedKeys | None = field(default=None, compare=False)
    """Private builds: site keys derived earlier by this process (serve keeps them), else derived
    afresh."""

    pool: PdfPool | None = field(default=None, compare=False)
    """A warm pool kept between builds (serve's), else the build starts and stops its own."""

    compiled: CompiledTemplates | None = field(default=None, compare=False)
    """Templates compiled by an earlier build in this process (serve keeps them), else compiled
    afresh."""

    cancel: threading.Event | None = field(default=None, compare=False)
    """Set by serve when an edit supersedes this build: it stops (Superseded) and writes nothing."""

    private: bool | None = None
    """None: as trip.yaml's `site.private` says; True or False: `--private` or `--public`, for this
    build only."""

    templated: TemplatedPages | None = field(default=None, compare=False)
    """Serve's PDF pass: the web pages its pages pass made (BuildReport.templated)."""

    ahead: Callable[[Mapping[str, bytes]], None] | None = field(default=None, compare=False)
    """Serve's pages pass: called with the web pages of the meetings whose files changed, by output
    path, as the publish will write them (sealed, on a private site), as soon as they are made,
    before the rest of the site is (the preview shows them at once; the output gets them with
    everything else); then once with each of their packet PDFs as it is made, when the pass prints
    them (ahead.EDITED_AT_ONCE)."""

    looking_at: str | None = None
    """Serve's pages pass: the page the preview served last, by output path (the one on screen):
    when it is an edited packet's page, that packet prints first."""

    memo: RenderMemo | None = field(default=None, compare=False)
    """Serve's next pass: the render memo its last pass made (TemplatedPages.memo), taken as the
    last build's without the checks an entry from the build cache passes (this process made it)."""

    binder_parts: PreparedParts | None = field(default=None, compare=False)
    """The binder's parts as an earlier build in this process prepared them (serve keeps them), so
    a binder assembled again prepares only the parts that changed; else the build cache's."""


@dataclass(frozen=True)
class BuildReport:
    plan: Plan
    findings: tuple[Finding, ...]
    written: WriteReport
    seconds: float
    pdfs_rendered: int = 0
    pdfs_reused: int = 0
    """PDFs taken unchanged from the build cache, the binder included."""

    binder_assembled: bool = False
    up_to_date: bool = False
    """Nothing had changed since the last build: nothing was rendered or written."""

    notices: tuple[str, ...] = ()
    """Advice and warnings about the build itself (not the content), one line each, for standard
    error."""

    pdfs_dropped: int = 0
    """PDFs of the last build that this one (--no-pdf) did not make, so they are not in the new
    output."""

    pdf_keys: Mapping[str, str] = field(default_factory=dict)
    """Each PDF in the output, by its readable output path, with its cache key (serve's `stale_pdfs`
    next time)."""

    complete: bool = True
    """False after a `pdf_later` pass that published a PDF older than its page, or none: a full pass
    must follow."""

    templated: TemplatedPages | None = None
    """The web pages and the render memo this build made: serve hands a pages pass's to the PDF
    pass after it (BuildOptions.templated), and the memo to its next pass (BuildOptions.memo)."""

    pages_reused: int = 0
    """Pages (web and print) whose inputs had not changed, taken from the build cache's memo rather
    than templated again (render/page_keys.py)."""

    binder_parts_reused: int = 0
    """Parts of an assembled binder taken as prepared earlier (in memory or the build cache)
    rather than prepared again."""

    @classmethod
    def printed(
        cls,
        plan: Plan,
        written: WriteReport,
        seconds: float,
        printer: Printer,
        notices: list[str],
        dropped: int,
        templated: TemplatedPages | None = None,
        pages_reused: int = 0,
    ) -> BuildReport:
        """The report of a build that made (or reused) every page and printed (or reused) its
        PDFs."""
        reused = len(printer.pdfs) - printer.rendered - printer.binder_made
        return cls(
            plan,
            plan.findings,
            written,
            seconds,
            printer.rendered,
            reused,
            printer.binder_made,
            notices=tuple(printer.notices() + notices),
            pdfs_dropped=dropped,
            pdf_keys=printer.keys(),
            complete=printer.complete,
            templated=templated,
            pages_reused=pages_reused,
            binder_parts_reused=printer.binder_parts.reused,
        )

    @classmethod
    def unchanged(cls, plan: Plan, previous: Previous, seconds: float) -> BuildReport:
        """The report of a build that found nothing changed since `previous` and wrote nothing."""
        sizes = sum(size for size, _ in previous.outputs.values())
        written = WriteReport(len(previous.outputs), sizes)
        return cls(
            plan, plan.findings, written, seconds, pdfs_reused=previous.pdfs, up_to_date=True
        )


@dataclass(frozen=True)
class BuildState:
    """The content as the next build would read it, and whether the last build already made it."""

    trip: Trip
    private: bool
    """The build is sealed (`--private`, or `site.private` without `--public`)."""

    up_to_date: bool
    """The last build into the output was made from these very inputs and settings, and its files
    are still as it wrote them (a private build's are checked against the output's manifest:
    output.infoprep_files).
    """
