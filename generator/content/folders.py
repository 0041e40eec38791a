"""The one rule for every folder infoprep reads: the content folder, its assets/ and templates/, and
a theme.

A trip or theme may come from anyone, so what infoprep reads in it must be what it seems:

- a link that leads out of the folder it is in would publish (or render) a file from elsewhere on
  the disk: refused, as is a link to nothing and a link that loops back on itself;
- only regular files are read: a FIFO or a device (`/dev/zero`) would hang the build or fill the
  disk, so one where infoprep reads is refused, and one elsewhere in the content folder is skipped,
  with a warning either way.

Hard links cannot be told from the file they share their data with, so they are read as what they
are: a file of the folder (docs/bad-inputs.md says so). Hidden files and folders (`.git`) are not
looked at.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    read: bool
    """The path is somewhere infoprep reads (an error), or only lies in the folder (a warning: it is
    skipped)."""


def entry_problem(path: Path, inside: Path, folder: str = "the content folder") -> str | None:
    """What is wrong with reading `path` as a file of the folder whose real path is `inside`
    (`folder`: what to call it in the message), or None."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISLNK(info.st_mode):
        real = os.path.realpath(path)
        try:
            info = os.stat(path)
        except OSError as exc:
            if exc.errno == 40:  # ELOOP
                return "is a link that leads back to itself; replace it with the file"
            return "is a link to a file that does not exist; replace it with the file"
        if not Path(real).is_relative_to(inside):
            what = "folder" if stat.S_ISDIR(info.st_mode) else "file"
            return f"is a link to a {what} outside {folder}; copy the {what} in instead"
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a FIFO (named pipe)"
            if stat.S_ISFIFO(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "not a regular file"
        )
        return f"is {kind}: infoprep reads only regular files; remove it"
    return None


def walk(
    root: Path,
    read: frozenset[str],
    skip: frozenset[Path] = frozenset(),
    folder: str = "the content folder",
) -> Iterator[Problem]:
    """Every problem under `root` (links are judged, never followed into).

    `read`: the top-level names infoprep reads there (a problem under one of them is an error);
    `skip`: real paths of folders to leave out (the output).
    """
    inside = Path(os.path.realpath(root))
    for where, dirs, names in os.walk(root):
        here = Path(where)
        top = here.relative_to(root).parts[0] if here != root else None
        kept = []
        for name in sorted(dirs):
            path = here / name
            if name.startswith(".") or Path(os.path.realpath(path)) in skip:
                continue
            problem = entry_problem(path, inside, folder)
            if problem:
                yield Problem(path, problem, (top or name) in read)
            elif not path.is_symlink():
                kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = here / name
            problem = entry_problem(path, inside, folder)
            if problem:
                yield Problem(path, problem, (top or name) in read)


def files(root: Path) -> Iterator[Path]:
    """The regular files under `root` that stay inside it (what a theme's static/ or the content's
    assets/ holds), links followed only within it."""
    inside = Path(os.path.realpath(root))
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and entry_problem(here / d, inside) is None
        )
        for name in sorted(names):
            if not name.startswith(".") and entry_problem(here / name, inside) is None:
                yield here / name


class LinkInTheWay(OSError):
    """A folder or file on the way to a new file of the content folder is a link (or not a
    folder)."""


def create_new(root: Path, rel: str, text: str) -> None:
    """Write the new file `rel` (e.g. people/jane-doe.yaml) of the content folder `root`, never
    through a link:
    each folder on the way is opened (or made) without following one, and the file is created with
    O_EXCL and O_NOFOLLOW, so a link in its place (even one to nothing) is an error, never followed.
    FileExistsError when something already has the name; LinkInTheWay when a folder on the way is a
    link.
    """
    parts = Path(rel).parts
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in parts[:-1]:
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, 0o777, dir_fd=fd)
            try:
                inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY | nofollow, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise LinkInTheWay(
                        exc.errno,
                        f"{name}/ is a link or not a folder; infoprep writes nothing through a "
                        "link",
                    ) from None
                raise
            os.close(fd)
            fd = inner
        out = os.open(parts[-1], os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow, 0o666, dir_fd=fd)
        with os.fdopen(out, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    finally:
        os.close(fd)
