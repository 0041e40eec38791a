"""STAGE 4: write the artifacts. The only module that touches the output folder.

The new site is written whole into a hidden staging folder beside the output
folder, then swapped in with one atomic exchange (renameat2 on Linux), so a
crash or Ctrl-C at any moment leaves the previous output exactly as it was.
A marker file (with the manifest of what infoprep wrote) tells our folders from
the user's: a non-empty folder without it is refused, and files the user put in
an output folder are carried over, never deleted.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
import stat
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from generator import forking
from generator.errors import OutputError

MARKER = ".infoprep.json"
CACHE_DIR = ".infoprep-cache"
"""The build cache (generator/cache.py) inside the output folder: carried over by the build, not in the manifest."""
_STAGING = ".infoprep-staging-"
_OLD = ".infoprep-old-"
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


@dataclass(frozen=True)
class WriteReport:
    files: int
    bytes: int
    carried_over: int
    """Files the user had put in the output folder, moved into the new one."""


def safe_relative(name: str) -> PurePosixPath:
    """An output path, refused unless it is plainly inside the output folder."""
    normal = unicodedata.normalize("NFKC", name)
    path = PurePosixPath(normal)
    if (
        not name
        or "\\" in normal
        or "\0" in normal
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in normal.split("/"))
        or any(part.split(".")[0].lower() in _RESERVED for part in path.parts)
        or normal != name
    ):
        raise OutputError(f"refusing to write {name!r}: not a plain path inside the output folder")
    return path


def check_output_folder(output: Path, content: Path) -> None:
    """Refuse folders that must never be replaced: /, home, the content folder and its parents."""
    out = output.resolve()
    home = Path.home().resolve()
    content_real = content.resolve()
    if out == Path(out.anchor) or out == home:
        raise OutputError(f"{output}: refusing to use {out} as the output folder")
    if out == content_real or out in content_real.parents:
        raise OutputError(f"{output}: the output folder would contain the content folder; choose another, e.g. ./output")
    if out.is_relative_to(content_real):
        for part in ("people", "companies", "templates", "assets"):
            if out.is_relative_to(content_real / part):
                raise OutputError(f"{output}: the output folder is inside the content's {part}/ folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{output}: exists and is not a folder")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise OutputError(
            f"{output}: the folder is not empty and was not made by infoprep; choose an empty or new folder with -o"
        )


def _manifest(output: Path) -> set[str]:
    try:
        data = json.loads((output / MARKER).read_text(encoding="utf-8"))
        return set(data.get("files", {}))
    except (OSError, ValueError, AttributeError):
        return set()


def _foreign_files(output: Path, manifest: set[str]) -> list[str]:
    """Files in our output folder that infoprep did not write (the user's); `manifest`: those it did."""
    if not output.is_dir():
        return []
    ours = manifest | {MARKER}
    found = []
    for folder, dirs, names in os.walk(output):  # os.walk knows files from folders without a stat each (rglob: 5x slower)
        here = Path(folder).relative_to(output).as_posix()
        if here == CACHE_DIR:
            dirs.clear()
            continue
        for name in names:  # files and links (a link to a folder is listed in dirs, and walked into by nobody)
            rel = name if here == "." else f"{here}/{name}"
            if rel not in ours:
                found.append(rel)
        found.extend((name if here == "." else f"{here}/{name}") for name in dirs if os.path.islink(os.path.join(folder, name)))
    return sorted(found)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def recover(output: Path) -> None:
    """Finish or undo what an interrupted build left beside the output folder."""
    parent = output.parent
    if not parent.is_dir():
        return
    for leftover in parent.glob(f".{output.name}{_OLD}*"):
        if not output.exists() and (leftover / MARKER).is_file():
            leftover.rename(output)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in parent.glob(f".{output.name}{_STAGING}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _linked(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the file system allows it (a cached PDF costs no copy), else a copy keeping its time."""
    if not _linked(source, target):
        shutil.copy2(source, target)


def _same_file(path: Path, data: bytes) -> bool:
    """The file holds exactly these bytes (a plain file, not a link to elsewhere)."""
    try:
        info = os.lstat(path)
        return stat.S_ISREG(info.st_mode) and info.st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _write_tree(
    staging: Path,
    files: Mapping[str, bytes],
    sources: Mapping[str, Path],
    keep: Mapping[str, Path],
    known: Mapping[str, str],
    previous: Path | None = None,
    folders: set[Path] | None = None,
    ours: set[str] | None = None,
) -> dict[str, str]:
    """Write everything into the staging folder; returns the manifest's digests (cache files are not in it).

    `previous`: the output being replaced, whose manifest lists `files` it wrote. A page that comes out the same
    as the file there is hard-linked from it instead of written again: on this machine's disk writing a 30 kB
    page takes ~0.3 ms, reading it back to compare and linking ~0.03 ms, and after one person's notes change
    most of a 500-meeting site is byte for byte what it was. `folders`: those that exist already (the set grows
    with the folders made). `ours`: the previous output's manifest, when the caller has read it."""
    folders = folders if folders is not None else set()
    if ours is None:
        ours = _manifest(previous) if previous is not None else set()

    def place(name: str) -> Path:
        target = staging / safe_relative(name)
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        return target

    def relinked(name: str, data: bytes, target: Path) -> bool:
        """The page is byte for byte the one it replaces: linked from there instead of written."""
        return previous is not None and name in ours and _same_file(previous / name, data) and _linked(previous / name, target)

    def write(name: str) -> str | None:
        if name in files:
            data, target = files[name], place(name)
            if not relinked(name, data, target):
                target.write_bytes(data)
            return None if name.startswith(CACHE_DIR + "/") else hashlib.sha256(data).hexdigest()
        if name in sources:
            target = place(name)
            shutil.copyfile(sources[name], target)
            return hashlib.sha256(target.read_bytes()).hexdigest()
        target = place(name)
        _link_or_copy(keep[name], target)
        if name.startswith(CACHE_DIR + "/"):
            return None
        return known.get(name) or hashlib.sha256(target.read_bytes()).hexdigest()

    digests = {}
    for name in sorted({*files, *sources, *keep}):
        if (digest := write(name)) is not None:
            digests[name] = digest
    return digests


_FOLDERS_FOR_A_MAKER = 64
"""Fewer folders than this and forking a process to make them costs more than making them at the end."""


class Staging:
    """Where the new output is written, beside the old one, until it replaces it in one move.

    A build begins it before templating the pages, so that a forked process creates the pages' folders
    meanwhile: creating 500 meeting folders takes 0.05-0.5 s on a slow disk, which has nothing else to do while
    the pages are templated. Nothing in it is visible until `write_output` swaps it in; on a failure, or when
    the build ends without writing (an error, Ctrl-C), it is removed. A build killed outright leaves it behind
    for the next build's `recover`.

        with Staging(output) as staging:
            staging.make_folders(names)     # in a forked process
            ...template...
            write_output(output, files, ..., staging=staging)
    """

    def __init__(self, output: Path):
        recover(output)
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            self.path = output.parent / f".{output.name}{_STAGING}{os.getpid()}"
            shutil.rmtree(self.path, ignore_errors=True)
            self.path.mkdir()
        except OSError as exc:
            raise OutputError(f"{output}: cannot create the staging folder beside it: {exc.strerror or exc}") from None
        self.folders: set[Path] = {self.path}
        """Folders known to exist in it."""
        self.written: dict[str, str] = {}
        """Files written ahead (`write`), with their digests for the manifest."""
        self._maker: Any = None
        self._planned: set[Path] = set()
        self._output = output

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.discard()  # after write_output there is nothing left to remove

    def make_folders(self, names: Iterable[str]) -> None:
        """Create the folders these output files go into, in a forked process, while this one goes on."""
        planned = {self.path / safe_relative(name).parent for name in names} - self.folders
        if len(planned) < _FOLDERS_FOR_A_MAKER or not forking.can_fork():
            return  # the writer makes them
        self._planned = planned
        self._maker = forking.fork_context().Process(  # type: ignore[attr-defined]
            target=_make_folders, args=(sorted(planned), os.getpid()), daemon=True, name="infoprep-folders"
        )
        with forking.signals_held():
            self._maker.start()

    def write(
        self, files: Mapping[str, bytes], sources: Mapping[str, Path] | None = None, keep: Mapping[str, Path] | None = None,
        digests: Mapping[str, str] | None = None, relink: bool = True,
    ) -> None:
        """Write these files into the staging folder now, ahead of `write_output` (which checks them against the
        user's files and writes the manifest): the pages, while the build waits for its PDFs."""
        self.wait()
        previous = self._output if relink else None
        try:
            self.written.update(
                _write_tree(self.path, files, sources or {}, keep or {}, digests or {}, previous, self.folders, self.replaced)
            )
        except OSError as exc:
            raise OutputError(f"{self._output}: writing failed, previous output left as it was: {exc.strerror or exc}") from None

    @cached_property
    def replaced(self) -> set[str]:
        """The files the output being replaced lists as infoprep's (its manifest), read once per build."""
        return _manifest(self._output)

    def wait(self) -> None:
        """Wait for the folders; those it could not make, the writer makes (and reports what fails)."""
        if self._maker is not None:
            self._maker.join()
            if self._maker.exitcode == 0:
                self.folders |= self._planned
            self._maker = None

    def discard(self) -> None:
        if self._maker is not None:
            self._maker.kill()
            self._maker.join()
            self._maker = None
        shutil.rmtree(self.path, ignore_errors=True)


def _make_folders(folders: list[Path], build: int) -> None:
    """In the forked process: make each folder, stop at the first failure (exit code 1)."""
    forking.die_with(build)
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            os._exit(1)


def write_output(
    output: Path,
    files: Mapping[str, bytes],
    sources: Mapping[str, Path] | None = None,
    keep: Mapping[str, Path] | None = None,
    digests: Mapping[str, str] | None = None,
    relink: bool = True,
    staging: Staging | None = None,
) -> WriteReport:
    """Replace `output` with exactly these files (plus the user's own files), atomically.

    `keep` maps output names to finished files (cached PDFs, in the current output's
    cache or freshly rendered) to carry over unchanged, linked rather than copied;
    `digests` gives their SHA-256 when known, so they are not read again for the manifest.
    `relink`: files the same as in the output being replaced are linked, not written (off for `--clean`).
    `staging`: begun by the build before templating (see Staging); else begun here.
    """
    sources = dict(sources or {})
    staging = staging or Staging(output)
    try:
        foreign = _foreign_files(output, staging.replaced)
        clashes = [name for name in foreign if name in files or name in sources or name in (keep or {}) or name in staging.written]
        if clashes:
            raise OutputError(
                f"{output / clashes[0]}: this file was not written by infoprep, and the build would replace it; move it away"
            )
        ahead = set(staging.written)
        staging.write(
            {n: d for n, d in files.items() if n not in ahead}, {n: p for n, p in sources.items() if n not in ahead},
            {n: p for n, p in (keep or {}).items() if n not in ahead}, digests, relink,
        )
        written = staging.written
        for name in foreign:
            target = staging.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(output / name, target, follow_symlinks=False)
        manifest = {"generator": "infoprep", "files": written}
        (staging.path / MARKER).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        _swap(staging.path, output)
    except OSError as exc:
        staging.discard()
        raise OutputError(f"{output}: writing failed, previous output left as it was: {exc.strerror or exc}") from None
    except BaseException:
        staging.discard()
        raise
    size = sum((output / name).stat().st_size for name in written)
    return WriteReport(len(written), size, len(foreign))


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        staging.rename(output)
        return
    if _exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous output
        return
    old = output.parent / f".{output.name}{_OLD}{os.getpid()}"
    output.rename(old)
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)
