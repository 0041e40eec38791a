"""Shared tools of the adversarial suite: a workspace to break, the CLI in-process, tree snapshots.

Every bad-input test follows one shape: copy the small trip into `<tmp>/work/content`, put a
previous build in `<tmp>/work/out`, break something, run the command, then check the exact
message, the exit code, that no traceback reached the user, that the old output is byte-identical
and that nothing else under `<tmp>/work` was created, changed or deleted.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fixtures.building import Runner
from fixtures.mini_trip import Ran

TRIP = Path(__file__).resolve().parent / "trip"
"""One day, one meeting (jose-alvarez, introduced by kim-park), one organisation; `check --strict` is clean."""
TODAY = date(2027, 5, 1)
EPOCH = "1809172800"
"""SOURCE_DATE_EPOCH of 2027-05-01 12:00 UTC: builds are "as of" the week before the trip."""
MEETING_ID = "2027-05-10-jose-alvarez"
STAGING_TAG = ".infoprep-staging-"
OLD_TAG = ".infoprep-old-"
SCRATCH_TAG = ".infoprep-render-"
"""The build cache's folder of freshly rendered PDFs, beside the output while a build runs."""

Snapshot = dict[str, tuple]


def snapshot(root: Path, skip: Path | None = None) -> Snapshot:
    """Every entry under `root` except the `skip` subtree: files by size, mtime and hash, links by target.

    Folder mtimes are left out on purpose: the writer legitimately creates and removes its staging
    folder beside the output, which touches the parent folder's mtime and nothing else.
    """
    found: Snapshot = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        for name in [*dirnames, *filenames]:
            path = here / name
            if skip is not None and path == skip:
                continue
            rel = path.relative_to(root).as_posix()
            info = path.lstat()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                found[rel] = ("dir",)
            # a FIFO or device a test planted: reading it would block
            elif not stat.S_ISREG(info.st_mode):
                found[rel] = ("special", stat.S_IFMT(info.st_mode))
            else:
                found[rel] = (
                    "file",
                    info.st_size,
                    info.st_mtime_ns,
                    hashlib.sha256(path.read_bytes()).hexdigest(),
                )
        dirnames[:] = [
            d
            for d in dirnames
            if not (skip is not None and here / d == skip) and not (here / d).is_symlink()
        ]
    return found


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (hidden ones too), links by target, folders by name.

    The build cache lives outside the output (printing/cache.py); an old output of infoprep before it moved may still hold
    one in `.infoprep-cache/`, which the writer drops: it is left out here.
    """
    if not folder.exists():
        return {}
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel == ".infoprep-cache" or rel.startswith(".infoprep-cache/"):
            continue
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


REPO = TRIP.parents[2]


def cli(*args: str, env: Mapping[str, str | None] | None = None, cwd: Path | None = None) -> Ran:
    """Run `infoprep ARGS` in-process with Click's runner; an escaping exception shows as a traceback.

    Relative paths are relative to `cwd` (default: the current folder, which must not be the
    checkout: a stray `-o out` must never land in the repository).
    """
    from generator.cli import main

    here = Path.cwd()
    target = cwd or here
    assert target.resolve() != REPO, "run the CLI from a workspace, not from the checkout"
    runner = Runner()
    os.chdir(target)
    try:
        result = runner.invoke(
            main, list(args), env={"SOURCE_DATE_EPOCH": EPOCH, **(env or {})}, catch_exceptions=True
        )
    finally:
        os.chdir(here)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(
            traceback.format_exception(result.exception)
        )
    return Ran(result.exit_code, result.stdout, stderr)


@dataclass
class Workspace:
    """`root/content` (a copy of the small trip) and `root/out` (a previous build, when made)."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "out"

    def path(self, rel: str) -> Path:
        return self.content / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, data: str | bytes) -> Path:
        target = self.path(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8", newline="")
        return target

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace one exact snippet; fail loudly if the fixture no longer has it exactly once."""
        text = self.read(rel)
        assert text.count(old) == 1, f"{rel}: expected exactly one {old!r}"
        self.write(rel, text.replace(old, new))

    def line(self, rel: str, needle: str) -> int:
        """1-based line of the only line containing `needle` (expected lines are derived, not guessed)."""
        hits = [
            n
            for n, text in enumerate(
                self.path(rel).read_bytes().decode("utf-8-sig").splitlines(), 1
            )
            if needle in text
        ]
        assert len(hits) == 1, f"{rel}: {needle!r} found on lines {hits}"
        return hits[0]

    def beside_output(self) -> list[str]:
        """Staging, old or scratch folders a build left beside the output folder (must be none)."""
        return sorted(
            p.name
            for p in self.root.iterdir()
            if any(tag in p.name for tag in (STAGING_TAG, OLD_TAG, SCRATCH_TAG))
        )


class Guard:
    """Before/after picture of a workspace: the output's bytes, and everything else under root."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.output = tree_digest(ws.output)
        self.rest = snapshot(ws.root, skip=ws.output)

    def assert_untouched(self) -> None:
        assert tree_digest(self.ws.output) == self.output, "the previous output changed"
        assert snapshot(self.ws.root, skip=self.ws.output) == self.rest, (
            "something outside the output folder changed"
        )
        assert self.ws.beside_output() == []

    def assert_only_output_changed(self) -> None:
        assert snapshot(self.ws.root, skip=self.ws.output) == self.rest, (
            "something outside the output folder changed"
        )
        assert self.ws.beside_output() == []


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, symlinks=True)


def refused(ran: Ran, guard: Guard, *expected: str) -> None:
    """The shape of every refusal: exit 1, each expected line printed (by its start), no traceback, nothing touched."""
    assert "Traceback" not in ran.output, ran.output
    assert ran.code == 1, ran.output
    for line in expected:
        assert printed(ran, line), f"{line!r} not among:\n{ran.stderr}"
    guard.assert_untouched()


def printed(ran: Ran, start: str) -> bool:
    """True when one line of standard error starts with `start` (a whole `path:line: level: message`, or its head)."""
    return any(line.startswith(start) for line in ran.lines)
