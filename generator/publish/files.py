"""What a publish sends, and how it differs from what is there: `SiteFiles` and `Changes`.

The files come from the output folder's manifest (output.infoprep_files): only what infoprep wrote
and still holds the bytes it wrote, so a file someone dropped into the output (a plain note beside a
private site) can never ride along. Each file is read again when it is sent and checked against the
digest it had when the publish began.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import OutputError


@dataclass(frozen=True)
class SiteFiles:
    """The site to publish: files of the output folder by name (with the SHA-256 the manifest gives
    them), and small files made for the host (`.nojekyll`, `CNAME`)."""

    folder: Path
    digests: Mapping[str, str]
    """Output file name -> SHA-256, as checked against the output folder when the publish began."""

    extra: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return sorted({*self.digests, *self.extra})

    def read(self, name: str) -> bytes:
        """A file's bytes; an output file that changed since the publish began stops it (a build ran
        meanwhile)."""
        if name in self.extra:
            return self.extra[name]
        try:
            data = (self.folder / name).read_bytes()
        except OSError as exc:
            raise OutputError(
                f"{self.folder / name}: cannot read it: {exc.strerror or exc}; nothing was "
                "published"
            ) from None
        if hashlib.sha256(data).hexdigest() != self.digests[name]:
            raise OutputError(
                f"{self.folder / name}: changed while publishing (a build running?); nothing was "
                "published"
            )
        return data

    def sha256(self, name: str) -> str:
        return (
            hashlib.sha256(self.extra[name]).hexdigest()
            if name in self.extra
            else self.digests[name]
        )

    def items(self) -> Iterator[tuple[str, bytes]]:
        for name in self.names:
            yield name, self.read(name)


@dataclass(frozen=True)
class Changes:
    """What a publish adds, changes and removes at its destination, by file name."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def none(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def counts(self) -> str:
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"


def compare(new: Mapping[str, str], old: Mapping[str, str]) -> Changes:
    """The changes from `old` to `new`, both name -> digest (git blob ids, or SHA-256)."""
    return Changes(
        tuple(sorted(n for n in new if n not in old)),
        tuple(sorted(n for n in new if n in old and old[n] != new[n])),
        tuple(sorted(n for n in old if n not in new)),
    )
