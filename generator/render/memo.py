"""Memos for the renderer's pure, costly steps (Markdown to safe HTML, QR codes), kept across builds.

A 500-meeting trip has ~2,100 notes and ~185 QR codes: converting them again costs
about two seconds a build. Each memo maps an argument to its result; the build seeds
it from the last build's cache and saves what this build used (so it never grows past
the content). The results depend only on the argument and on the code and library
versions, which the cache checks before seeding (cache.code_digest).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


class Memo:
    def __init__(self) -> None:
        self.known: dict[str, str] = {}
        """Results from the last build."""
        self.used: dict[str, str] = {}
        """Results this build asked for (computed or known)."""

    def get(self, key: str, make: Callable[[str], str]) -> str:
        value = self.used.get(key)
        if value is None:
            value = self.known.get(key)
            if value is None:
                value = make(key)
            self.used[key] = value
        return value

    def seed(self, known: Mapping[str, str]) -> None:
        """Start a build: what the last one made, nothing used yet."""
        self.known = {str(k): str(v) for k, v in known.items()}
        self.used = {}


MEMOS: dict[str, Memo] = {"markdown": Memo(), "qr": Memo()}
"""By name: the build seeds and saves them all."""
