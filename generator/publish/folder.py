"""Publish a site into a folder (`publish --to DIR`): a mounted share, a synced folder, another
repository's docs/, a folder a web server serves.

The folder may hold other things (another repository's README, a host's settings): infoprep keeps
its own manifest there (`.infoprep-published.json`, every file it published with its SHA-256),
copies only the files whose bytes changed, and removes only files it published there before and that
still hold what it published. A file in the way that it did not publish is a refusal, before
anything is written. The manifest is written first with every name old and new, so a publish cut
short still knows every file it may have left.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import OutputError
from generator.output import safe_relative
from generator.publish.files import Changes, SiteFiles, compare

MANIFEST = ".infoprep-published.json"


@dataclass(frozen=True)
class FolderResult:
    changes: Changes
    kept: tuple[str, ...] = ()
    """Files infoprep published before that were changed since: no longer its own, so left in
    place."""


def check_folder(target: Path, forbidden: Mapping[str, Path]) -> None:
    """Refuse a target that is, holds or lies inside a folder it must never touch (the output, the
    content): whatever serves the target would serve the content's notes, or the next build would
    carry the site into itself."""
    real = Path(os.path.realpath(target))
    if real == Path(real.anchor) or real == Path.home().resolve():
        raise OutputError(
            f"{target}: refusing to publish into {real}; name a folder of the site's own"
        )
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a folder")
    for what, folder in forbidden.items():
        other = Path(os.path.realpath(folder))
        if real == other or real.is_relative_to(other) or other.is_relative_to(real):
            raise OutputError(
                f"{target}: the folder to publish to overlaps {what} ({folder}); name another "
                "folder"
            )


def _published(target: Path) -> dict[str, str]:
    """What infoprep published into `target` before, as its manifest says (name -> SHA-256)."""
    try:
        data = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        return {str(safe_relative(str(n))): str(d) for n, d in data["files"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OutputError(
            f"{target / MANIFEST}: not a manifest infoprep can read ({exc}); nothing was published"
        ) from None


def _digest(path: Path) -> str | None:
    """SHA-256 of a regular file (never through a link); None when there is none."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _inside(target: Path, name: str) -> Path:
    """`target/name`, refused when a folder on the way is a link or a file (writing would leave
    `target`)."""
    path = target
    for part in safe_relative(name).parts[:-1]:
        path = path / part
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                raise OutputError(
                    f"{path}: in the way of {name} (a link or a file, not a folder); nothing was "
                    "published"
                )
    return path / safe_relative(name).parts[-1]


def _plan(
    site: SiteFiles, target: Path, before: Mapping[str, str]
) -> tuple[Changes, dict[str, str], tuple[str, ...]]:
    """(the changes, what is in the folder now of what was published before, what was changed
    since)."""
    now: dict[str, str] = {}
    kept = []
    for name in sorted({*site.names, *before}):
        path = _inside(target, name)
        exists = os.path.lexists(path)
        digest = _digest(path) if exists else None
        if name in before and digest == before[name]:
            now[name] = before[name]
        elif exists and name in site.names:
            why = (
                "was changed since infoprep published it"
                if name in before
                else "was not published by infoprep"
            )
            raise OutputError(
                f"{path}: this file {why}, and publishing would replace it; move it away"
            )
        elif exists:
            kept.append(name)
    changes = compare({name: site.sha256(name) for name in site.names}, now)
    return changes, now, tuple(kept)


def _write_manifest(target: Path, files: Mapping[str, str]) -> None:
    data = (
        json.dumps({"generator": "infoprep", "files": dict(sorted(files.items()))}, indent=1) + "\n"
    )
    partial = target / f".{MANIFEST}.part"
    partial.write_text(data, encoding="utf-8")
    partial.replace(target / MANIFEST)


def publish_to_folder(site: SiteFiles, target: Path, dry_run: bool) -> FolderResult:
    """Make `target` hold `site` (besides whatever else it holds), or with `dry_run` say what would
    change."""
    if os.path.lexists(target / MANIFEST) and not (target / MANIFEST).is_file():
        raise OutputError(f"{target / MANIFEST}: not a file; nothing was published")
    before = _published(target)
    changes, now, kept = _plan(site, target, before)
    if dry_run or changes.none:
        return FolderResult(changes, kept)
    try:
        target.mkdir(parents=True, exist_ok=True)
        _write_manifest(target, {**now, **{n: site.sha256(n) for n in site.names}})
        for name in (*changes.added, *changes.changed):
            path = _inside(target, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.parent / f".{path.name}.infoprep-part"
            partial.write_bytes(site.read(name))
            partial.replace(path)
        for name in changes.removed:
            _inside(target, name).unlink(missing_ok=True)
            _prune(target, _inside(target, name).parent)
        _write_manifest(target, {n: site.sha256(n) for n in site.names})
    except OSError as exc:
        raise OutputError(
            f"{target}: publishing stopped part way: {exc.strerror or exc}; publish again to finish"
        ) from None
    return FolderResult(changes, kept)


def _prune(target: Path, folder: Path) -> None:
    """Remove folders left empty by a removal, up to (not including) `target`."""
    while folder != target and folder.is_relative_to(target):
        try:
            folder.rmdir()  # only ever an empty folder
        except OSError:
            return
        folder = folder.parent
