"""STAGE 4: write the artifacts.

The only module that touches the output folder. The new site is written whole into a hidden staging
folder beside the output folder, then swapped in with one atomic exchange (renameat2 on Linux), so a
crash or Ctrl-C at any moment leaves the previous output exactly as it was. A marker file (with the
manifest of what infoprep wrote) tells our folders from the user's: a non-empty folder without it is
refused, and files the user put in an output folder are carried over, never deleted.
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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.errors import OutputError

MARKER = ".infoprep.json"
"""The manifest: every file infoprep wrote, with its SHA-256.

Its presence marks a folder as infoprep's.
"""

LEGACY_CACHE = ".infoprep-cache"
_STAGING = ".infoprep-staging-"
_OLD = ".infoprep-old-"
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


@dataclass(frozen=True)
class WriteReport:
    files: int
    bytes: int
    carried_over: tuple[str, ...] = ()
    """Files of the user's in the output folder (not written by infoprep, or changed since), moved
    into the new one."""

    stats: Mapping[str, list[int]] = field(default_factory=dict)
    """Each file written: [size, modification time in ns] as it is now (for the next build's
    up-to-date check)."""


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
        raise OutputError(
            f"{output}: the output folder would contain the content folder; choose another, e.g. "
            "./output"
        )
    if out.is_relative_to(content_real):
        for part in ("people", "companies", "templates", "assets"):
            if out.is_relative_to(content_real / part):
                raise OutputError(
                    f"{output}: the output folder is inside the content's {part}/ folder"
                )
    if out.exists() and not out.is_dir():
        raise OutputError(f"{output}: exists and is not a folder")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise OutputError(
            f"{output}: the folder is not empty and was not made by infoprep; choose an empty or "
            "new folder with -o"
        )


def check_not_inside(output: Path, folders: Mapping[str, Path]) -> None:
    """Refuse an output folder inside a folder the build reads (a theme's: it would copy itself into
    every build)."""
    out = Path(os.path.realpath(output))
    for what, folder in folders.items():
        if out.is_relative_to(Path(os.path.realpath(folder))):
            raise OutputError(
                f"{output}: the output folder is inside {what} ({folder}); choose another, e.g. "
                "./output"
            )


@dataclass(frozen=True)
class Kept:
    """A file of the build cache to publish: `open()` gives a descriptor of it (a regular file,
    opened without following links), and what lands in the staging folder must have `sha256`,
    checked there again: a file swapped in the cache after the build first checked it is never
    published."""

    open: Callable[[], int]
    sha256: str


@dataclass(frozen=True)
class PrintedFiles:
    """The PDFs a build publishes, by output path, as the sealer and the writer take them."""

    kept: Mapping[str, Kept]
    """Each PDF as a checked file of the build cache."""

    files: Mapping[str, Path]
    """Where each is in the cache (listed by the web app, whose digests come from `kept`)."""

    read: Callable[[str], bytes]
    """A PDF's bytes, read once and checked against its digest (a private build seals them)."""

    def digests(self) -> dict[str, str]:
        return {name: kept.sha256 for name, kept in self.kept.items()}


def real_output(output: Path) -> Path:
    """The folder to write: an output given as a link to a folder is written where the link leads
    (the link stays)."""
    return Path(os.path.realpath(output)) if output.is_symlink() else output


def _digest(path: Path) -> str | None:
    """The SHA-256 of a regular file (never through a link), or None."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def manifest(output: Path) -> dict[str, str]:
    """Name -> SHA-256 of what the last build wrote, as its manifest says (untrusted: checked
    against the files)."""
    try:
        data = json.loads((output / MARKER).read_text(encoding="utf-8"))
        return {str(name): str(digest) for name, digest in data["files"].items()}
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return {}


@dataclass(frozen=True)
class _Previous:
    """The output being replaced: infoprep's files still as it wrote them, and everything else (the
    user's)."""

    ours: dict[str, str]
    theirs: list[str]
    changed: set[str]
    """infoprep's files that no longer hold what it wrote (edited in place, or a forged
    manifest)."""

    @classmethod
    def read(cls, output: Path) -> _Previous:
        if not output.is_dir():
            return cls({}, [], set())
        listed = manifest(output)
        ours, theirs, changed = {}, [], set()
        # os.walk knows files from folders without a stat each
        for folder, dirs, names in os.walk(output):
            here = Path(folder).relative_to(output).as_posix()
            # the build cache of infoprep before 0.9 lived here: dropped, not carried over
            if here == LEGACY_CACHE:
                dirs.clear()
                continue
            for name in [*names, *(d for d in dirs if os.path.islink(os.path.join(folder, d)))]:
                rel = name if here == "." else f"{here}/{name}"
                if rel == MARKER:
                    continue
                if rel in listed and _digest(output / rel) == listed[rel]:
                    ours[rel] = listed[rel]
                else:
                    theirs.append(rel)
                    if rel in listed:
                        changed.add(rel)
        return cls(ours, sorted(theirs), changed)


@dataclass(frozen=True)
class OutputFiles:
    """An output folder as `publish` sees it: what infoprep wrote there, and everything else."""

    ours: dict[str, str]
    """Files still exactly as infoprep wrote them: name -> SHA-256 (not the manifest itself)."""

    theirs: tuple[str, ...]
    """Every other file: put there by someone else, or changed since infoprep wrote it."""

    made_by_infoprep: bool
    """The folder holds infoprep's manifest."""

    missing: tuple[str, ...] = ()
    """Files the manifest lists that are no longer there: the build is not whole."""


def infoprep_files(output: Path) -> OutputFiles:
    """What infoprep wrote in `output`, checked byte for byte against its manifest, and the rest."""
    previous = _Previous.read(output)
    missing = sorted(set(manifest(output)) - set(previous.ours) - previous.changed)
    made = (output / MARKER).is_file()
    return OutputFiles(previous.ours, tuple(previous.theirs), made, tuple(missing))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0)


def _leftovers(output: Path) -> list[Path]:
    """Staging and old folders of this output that an interrupted build left beside it (matched by
    exact prefix:
    the output's name is never a pattern).
    """
    parent = output.parent
    if not parent.is_dir():
        return []
    prefixes = (f".{output.name}{_STAGING}", f".{output.name}{_OLD}")
    return [parent / name for name in sorted(os.listdir(parent)) if name.startswith(prefixes)]


def recover(output: Path) -> None:
    """Finish or undo what an interrupted build left beside the output folder."""
    for leftover in _leftovers(output):
        if (
            leftover.name.startswith(f".{output.name}{_OLD}")
            and not output.exists()
            and (leftover / MARKER).is_file()
        ):
            leftover.rename(output)
        elif not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink()


def _same_file(path: Path, data: bytes) -> bool:
    """The file holds exactly these bytes (a plain file, not a link to elsewhere)."""
    try:
        info = os.lstat(path)
        return (
            stat.S_ISREG(info.st_mode) and info.st_size == len(data) and path.read_bytes() == data
        )
    except OSError:
        return False


def _linked(source: Path, target: Path) -> bool:
    try:
        os.link(source, target, follow_symlinks=False)
        return True
    except OSError:
        return False


def write_output(
    output: Path,
    files: Mapping[str, bytes],
    copies: Mapping[str, Path],
    links: Mapping[str, Kept] | None = None,
) -> WriteReport:
    """Replace `output` with exactly these files (plus the user's own files), atomically.

    `files`: name -> bytes. `copies`: name -> a file copied as it is (static files, assets).
    `links`: name -> a file of the build cache, hard-linked from the descriptor it was opened as
    where the file system allows (a cached PDF costs no copy), else copied from it, and checked
    against its digest in the staging folder. A page that comes out byte for byte as the one it
    replaces is linked from the old output, not written again. Files the user put in the output
    folder are carried over; one the build would replace is an error, and so is a file of infoprep's
    that was changed since it was written: the build never deletes what it did not write.
    """
    links = links or {}
    recover(output)
    previous = _Previous.read(output)
    names = {*files, *copies, *links}
    for name in previous.theirs:
        if name in names:
            why = (
                "was changed since infoprep wrote it"
                if name in previous.changed
                else "was not written by infoprep"
            )
            raise OutputError(
                f"{output / name}: this file {why}, and the build would replace it; move it away"
            )
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = output.parent / f".{output.name}{_STAGING}{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
    except OSError as exc:
        raise OutputError(
            f"{output}: cannot create the staging folder beside it: {exc.strerror or exc}"
        ) from None
    try:
        written = _write_tree(staging, output, previous, files, copies, links)
        for name in previous.theirs:
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(output / name, target, follow_symlinks=False)
        manifest = {"generator": "infoprep", "files": dict(sorted(written.items()))}
        (staging / MARKER).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        _swap(staging, output)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(
            f"{output}: writing failed, previous output left as it was: {exc.strerror or exc}"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    stats = {}
    for name in written:
        info = os.lstat(output / name)
        stats[name] = [info.st_size, info.st_mtime_ns]
    return WriteReport(
        len(written), sum(size for size, _ in stats.values()), tuple(previous.theirs), stats
    )


def _write_tree(
    staging: Path,
    output: Path,
    previous: _Previous,
    files: Mapping[str, bytes],
    copies: Mapping[str, Path],
    links: Mapping[str, Kept],
) -> dict[str, str]:
    """Everything into the staging folder; returns the manifest (name -> SHA-256)."""
    folders: set[Path] = {staging}
    digests: dict[str, str] = {}
    for name in sorted({*files, *copies, *links}):
        target = staging / safe_relative(name)
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if name in files:
            data = files[name]
            # On a slow disk writing a 30 kB page takes ~0.3 ms, reading the old one back and
            # linking it ~0.03 ms.
            if not (
                name in previous.ours
                and _same_file(output / name, data)
                and _linked(output / name, target)
            ):
                target.write_bytes(data)
            digests[name] = hashlib.sha256(data).hexdigest()
        elif name in links:
            digests[name] = _kept(links[name], target, name)
        else:
            shutil.copyfile(copies[name], target, follow_symlinks=False)
            digests[name] = _digest(target) or ""
    return digests


def _kept(kept: Kept, target: Path, name: str) -> str:
    """Put a cache file in staging from one open descriptor, then check what staging holds."""
    fd = kept.open()
    try:
        # the very file that was opened (linkat through /proc follows the descriptor, not a name)
        try:
            os.link(f"/proc/self/fd/{fd}", target, follow_symlinks=True)
        except OSError:
            with open(target, "xb") as out, os.fdopen(os.dup(fd), "rb") as source:
                shutil.copyfileobj(source, out, 1 << 20)
    finally:
        os.close(fd)
    digest = _digest(target)
    if digest != kept.sha256:
        raise OutputError(
            f"{name}: its copy in the build cache changed while the build ran (another program "
            "writes there?); build again"
        )
    return digest


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
