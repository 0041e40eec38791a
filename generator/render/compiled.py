"""Compiled templates kept across builds, as Jinja's bytecode cache.

Compiling the default theme's templates takes ~0.08 s, a fifth of a rebuild that
templates almost nothing (render/page_keys.py). Jinja checks each entry against the
template's source checksum and its own and Python's versions, and the build cache
keeps the entries only for the same infoprep code (cache.code_digest), like the memos.
"""

from __future__ import annotations

from collections.abc import Mapping

import jinja2


class CompiledTemplates(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.known: dict[str, bytes] = {}
        """Entries from the last build."""
        self.used: dict[str, bytes] = {}
        """Entries this build loaded or compiled."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.known.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # leaves the bucket empty if stale: Jinja compiles it then
            if bucket.code is not None:
                self.used[bucket.key] = data

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.used[bucket.key] = bucket.bytecode_to_string()

    def seed(self, known: Mapping[str, bytes]) -> None:
        """Start a build: what the last one compiled, nothing used yet."""
        self.known = dict(known)
        self.used = {}


COMPILED = CompiledTemplates()
"""The build seeds and saves it (incremental.py), as it does the memos."""
