"""Memos of the renderer's pure, costly steps (Markdown to safe HTML, QR codes, whole pages), kept
across builds.

A 500-meeting trip has ~2,100 notes, ~185 QR codes and ~450 contact cards: making them again costs
seconds a build. The build cache hands the last build's results in and keeps what this build used,
so a memo never grows past the content. What comes from the cache is untrusted (anyone who can write
the cache folder wrote it): every value taken from it passes `check` first (HTML is sanitized again,
a QR code must have the shape segno writes, a contact card must be one vCard), and a value that
fails is made afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


def memo_key(argument: str) -> str:
    return hashlib.sha256(argument.encode("utf-8", "surrogatepass")).hexdigest()[:40]


@dataclass
class Memo:
    known: Mapping[str, str] = field(default_factory=dict)
    """Results from the last build, by memo_key of their argument: untrusted until `check`ed."""

    check: Callable[[str], str | None] = lambda value: value
    """A known result as it may be used, or None to make it afresh."""

    used: dict[str, str] = field(default_factory=dict)
    """Results this build used, by key: what the cache keeps for the next one."""

    reused: int = 0
    """Results taken from the last build's (checked), not made again."""

    def get(self, argument: str, make: Callable[[str], str]) -> str:
        return self.keyed(memo_key(argument), lambda: make(argument))

    def keyed(self, key: str, make: Callable[[], str]) -> str:
        """The result kept under `key` (a digest of everything it depends on), else `make()`."""
        value = self.find(key)
        if value is None:
            value = self.used[key] = make()
        return value

    def find(self, key: str) -> str | None:
        """The result kept under `key` (from this build, else the last one's, checked), or None:
        make it, and `keep` it if it depends on nothing but what `key` is a digest of."""
        value = self.used.get(key)
        if value is None:
            known = self.known.get(key)
            value = self.check(known) if isinstance(known, str) else None
            if value is not None:
                self.reused += 1
                self.used[key] = value
        return value

    def keep(self, key: str, value: str) -> None:
        self.used[key] = value


@dataclass
class RenderMemo:
    """One build's memos, passed to whatever renders (never a module-level cache)."""

    markdown: Memo = field(default_factory=Memo)
    qr: Memo = field(default_factory=Memo)
    vcard: Memo = field(default_factory=Memo)
    pages: Memo = field(default_factory=Memo)
    """Web pages as their templates made them (before the page policy goes in), by page key
    (render/page_keys.py)."""

    print_pages: Memo = field(default_factory=Memo)
    """Print pages' HTML, by page key."""

    def used(self) -> dict[str, dict[str, str]]:
        return {name: dict(sorted(getattr(self, name).used.items())) for name in MEMOS}

    def carried(self) -> RenderMemo:
        """A memo for the next build of this process: what this one used, as known results."""
        return RenderMemo(**{name: Memo(dict(getattr(self, name).used), str) for name in MEMOS})

    @property
    def pages_reused(self) -> int:
        """Pages, web and print, taken from the last build's memo instead of templated."""
        return self.pages.reused + self.print_pages.reused

    def forget_pages(self) -> None:
        """Keep no page made by this build (a template changed while it ran: the pages' keys
        may not be of the templates that made them)."""
        self.pages.used.clear()
        self.print_pages.used.clear()


MEMOS = ("markdown", "qr", "vcard", "pages", "print_pages")
"""The memos a build cache keeps, by name."""
