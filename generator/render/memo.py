"""Memos for the renderer's pure, costly steps (Markdown to safe HTML, QR codes), kept across builds.

A 500-meeting trip has ~2,100 notes and ~185 QR codes: converting them again costs
about two seconds a build. Each memo maps an argument to its result; the build seeds
it from the last build's cache and saves what this build used (so it never grows past
the content). The results depend only on the argument and on the code and library
versions, which the cache checks before seeding (inputs.code_digest).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping


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

    def used_since(self, before: Collection[str]) -> dict[str, str | None]:
        """What was used since `before` (the keys then used), for another process's memo: results it knows
        (from the same last build) as None, so they need not cross the pipe."""
        return {key: None if key in self.known else value for key, value in self.used.items() if key not in before}

    def merge(self, used: Mapping[str, str | None]) -> None:
        """Take in what another process's memo used (from `used_since`)."""
        for key, value in used.items():
            self.used[key] = self.known[key] if value is None else value

    def seed(self, known: Mapping[str, str]) -> None:
        """Start a build: what the last one made, nothing used yet."""
        self.known = {str(k): str(v) for k, v in known.items()}
        self.used = {}


MEMOS: dict[str, Memo] = {"markdown": Memo(), "qr": Memo(), "ics": Memo(), "vcard": Memo()}
"""By name: the build seeds and saves them all."""
