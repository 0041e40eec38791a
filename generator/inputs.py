"""The build's inputs: every content and theme file's digest, taken before the build reads it, and infoprep's own.

An edit made during a build can therefore only cause extra work on the next one, never
a stale file. Listing the files (with their sizes and times) is a separate, quicker
step than hashing them, so the build can act on a likely edit first (incremental.py).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.versions import version

FORMAT = 6
"""Part of every stamp: a change in what the stamps cover changes them all."""
_LIBRARIES = ("jinja2", "markdown", "nh3", "pydantic", "pyyaml", "icalendar", "segno", "markupsafe", "vobject", "phonenumbers")
_SKIP_DIRS = {"__pycache__", "node_modules"}


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """infoprep's own code and data, and its libraries' versions: an upgrade or a local edit rebuilds everything."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".md", ".json") and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(package).as_posix()}\0".encode() + path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"{name}={version(name)}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Listed:
    """A file found for the snapshot, before it is hashed."""

    path: Path
    name: str
    real: Path
    size: int
    mtime_ns: int


@dataclass
class Snapshot:
    """Digests of the input files, taken before the build reads them."""

    files: dict[str, str] = field(default_factory=dict)
    """Resolved path -> SHA-256."""
    names: dict[str, str] = field(default_factory=dict)
    """Resolved path -> the name it is stamped under."""

    stats: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Stamped name -> (size, modification time in ns) of the files listed by `list_tree`."""

    def list_tree(self, root: Path, label: str, skip: Iterable[Path] = ()) -> list[Listed]:
        """Every file under `root` except hidden ones (the content folder: YAML, notes, templates, assets), with its
        size and time: a few milliseconds, where hashing them takes tens (see Incremental)."""
        if not root.is_dir():
            return []
        skipped = {p.resolve() for p in skip}
        listed = []
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS and (here / d).resolve() not in skipped)
            real_folder = here.resolve()  # once per folder: resolving each of 578 files cost ~15 ms
            for name in sorted(files):
                if not name.startswith("."):
                    path = here / name
                    try:
                        info = path.stat()
                    except OSError:
                        continue
                    real = path.resolve() if os.path.islink(path) else real_folder / name
                    listed.append(Listed(path, f"{label}/{path.relative_to(root).as_posix()}", real, info.st_size, info.st_mtime_ns))
        return listed

    def add_listed(self, listed: Iterable[Listed]) -> None:
        for item in listed:
            self.add_file(item.path, item.name, item.real)
            self.stats[item.name] = (item.size, item.mtime_ns)

    def add_tree(self, root: Path, label: str, skip: Iterable[Path] = ()) -> None:
        self.add_listed(self.list_tree(root, label, skip))

    def add_file(self, path: Path, name: str, real_path: Path | None = None) -> None:
        """`real_path`: the file's resolved path, when the caller knows it."""
        try:
            real = str(real_path or path.resolve())
            if real not in self.files:
                self.files[real] = file_digest(path)
                self.names[real] = name
        except OSError:
            return

    def digest(self, path: str) -> str | None:
        return self.files.get(path) or self.files.get(str(Path(path).resolve()))

    def by_name(self) -> dict[str, str]:
        """Stamped name -> digest (what the index keeps, to tell the next build which files changed)."""
        return {self.names[real]: digest for real, digest in self.files.items()}

    def stamp(self, settings: Mapping[str, str]) -> str:
        digest = hashlib.sha256(f"infoprep-stamp-{FORMAT}\n{code_digest()}\n".encode())
        for key in sorted(settings):
            digest.update(f"{key}={settings[key]}\n".encode())
        for real in sorted(self.files, key=lambda r: self.names[r]):
            digest.update(f"{self.names[real]} {self.files[real]}\n".encode())
        return digest.hexdigest()


    def render_identity(self, theme_files: Iterable[Path]) -> str:
        """What shapes a page besides its context: infoprep's code and libraries, and the theme's files (its
        templates, the content's own templates, static files), wherever they are."""
        digest = hashlib.sha256(f"infoprep-render-{FORMAT}\n{code_digest()}\n".encode())
        for path in theme_files:
            real = str(path.resolve())
            digest.update(f"{self.names.get(real)} {self.files.get(real)}\n".encode())
        return digest.hexdigest()
