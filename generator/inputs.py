"""The build's inputs: every content and theme file's digest, taken before the build reads it.

An edit made during a build can therefore only cause extra work on the next one, never a stale file.
Only regular files are hashed: a FIFO or a device (which would hang a read) and a link that leads
out of its folder or nowhere are skipped here, and the reader reports them at their path
(content/load.py). The stamp of a build hashes these digests with infoprep's own code, its
libraries' versions and the build's settings.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.versions import version

FORMAT = 7
"""Part of every stamp: a change in what the stamps cover changes them all."""

_LIBRARIES = (
    "jinja2",
    "markdown",
    "nh3",
    "pydantic",
    "pyyaml",
    "icalendar",
    "segno",
    "markupsafe",
    "vobject",
    "phonenumberslite",
)
_SKIP_DIRS = {"__pycache__", "node_modules"}


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """infoprep's own code and data, and its libraries' versions: an upgrade or a local edit
    rebuilds everything."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if (
            path.is_file()
            and path.suffix in (".py", ".yaml", ".md", ".json")
            and "__pycache__" not in path.parts
        ):
            digest.update(f"{path.relative_to(package).as_posix()}\0".encode() + path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"{name}={version(name)}\n".encode())
    return digest.hexdigest()


def regular_file(path: Path, inside: Path) -> Path | None:
    """The real path of `path` if it is a regular file (itself or through links) that stays inside
    `inside`."""
    try:
        real = Path(os.path.realpath(path))
        info = os.stat(real)
    except (OSError, ValueError):
        return None  # gone, a link to nowhere, a loop
    if not stat.S_ISREG(info.st_mode) or not real.is_relative_to(inside):
        return None
    return real


@dataclass
class Snapshot:
    files: dict[str, str] = field(default_factory=dict)
    """Stamped name ("content/people/x.yaml", "theme/...") -> SHA-256."""

    real: dict[str, str] = field(default_factory=dict)
    """Resolved path -> SHA-256, for the PDF cache's checks of the files a PDF loaded."""

    def add_tree(self, root: Path, label: str, skip: Iterable[Path] = ()) -> None:
        """Every regular file under `root` except hidden ones and the `skip` folders (the
        output)."""
        if not root.is_dir():
            return
        inside = Path(os.path.realpath(root))
        skipped = {Path(os.path.realpath(p)) for p in skip}
        for folder, dirs, names in os.walk(root):
            here = Path(folder)
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".")
                and d not in _SKIP_DIRS
                and Path(os.path.realpath(here / d)) not in skipped
                # a linked folder is the reader's to judge, not walked into
                and not os.path.islink(here / d)
            )
            for name in sorted(names):
                if not name.startswith("."):
                    self.add_file(
                        here / name, f"{label}/{(here / name).relative_to(root).as_posix()}", inside
                    )

    def add_file(self, path: Path, name: str, inside: Path) -> None:
        real = regular_file(path, inside)
        if real is None:
            return
        try:
            digest = self.real.get(str(real)) or file_digest(real)
        except OSError:
            return
        self.files[name] = digest
        self.real[str(real)] = digest

    def digest(self, path: str) -> str | None:
        """The digest of a file by its resolved path, if it is an input of this build."""
        return self.real.get(path) or self.real.get(os.path.realpath(path))

    def changed(self, last: Mapping[str, str]) -> set[str]:
        """Names of input files added, changed or removed since the build that had these digests."""
        return {
            name for name in set(self.files) | set(last) if self.files.get(name) != last.get(name)
        }

    def stamp(self, settings: Mapping[str, str]) -> str:
        digest = hashlib.sha256(f"infoprep-stamp-{FORMAT}\n{code_digest()}\n".encode())
        for key in sorted(settings):
            digest.update(f"{key}={settings[key]}\n".encode())
        for name in sorted(self.files):
            digest.update(f"{name} {self.files[name]}\n".encode())
        return digest.hexdigest()
