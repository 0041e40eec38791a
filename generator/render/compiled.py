"""Compiled templates kept across builds, as Jinja's bytecode cache.

Compiling the default theme's templates takes ~0.08 s, a fifth of a rebuild that
templates almost nothing (render/page_keys.py). Jinja checks each entry against the
template's source checksum and its own and Python's versions, and the build cache
keeps the entries only for the same infoprep code (inputs.code_digest), like the memos.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping

import jinja2
import jinja2.bccache


class CompiledTemplates(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.known: dict[str, bytes] = {}
        """Entries from the last build."""
        self.used: dict[str, bytes] = {}
        """Entries this build loaded or compiled."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.known.get(bucket.key)
        # Jinja unpickles the checksum that follows its magic: only an entry whose header is exactly the one it
        # would write for this source is handed over, so nothing but that checksum is ever unpickled.
        if data is None or not data.startswith(jinja2.bccache.bc_magic + pickle.dumps(bucket.checksum, 2)):
            return  # Jinja compiles the template
        try:
            bucket.bytecode_from_string(data)  # leaves the bucket empty if the code does not load
        except Exception:  # a damaged entry is compiled again, never an error
            bucket.reset()
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
