"""Publish a site as one commit on a git branch, the way ghp-import does: a `git fast-import` stream
whose commit replaces the branch's whole tree, made in a scratch repository of its own and pushed
from there.

Why this shape:
- No work tree is ever touched, the user's repository included: the commit is made in a bare
  repository in a temporary folder, which receives the branch's last commit only (a shallow fetch)
  and is deleted after. Only the site's files go into it, so the push can carry nothing else (not
  the content, not the cache).
- The branch's last commit must carry infoprep's trailer (`Published-by: infoprep`): a branch
  someone else committed to is their work, and replacing it is refused before anything is written.
- A private site's branch is always exactly one commit (a root commit, pushed with a lease on the
  tip it replaces): an old build kept in history would stay readable with any passphrase that ever
  leaked. A public site's commit has the previous one as parent unless `--no-history` asks
  otherwise.
- git runs without the variables that would point it at another repository (GIT_DIR and the like),
  without the passphrase's variable, and without hooks in the scratch repository (an empty
  template).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import OutputError
from generator.publish.files import Changes, SiteFiles, compare

TRAILER = "Published-by: infoprep"
"""The last line of every commit infoprep publishes: how it knows a branch is its own to replace."""

DEFAULT_BRANCH = "gh-pages"
_WORK_REF = "refs/heads/infoprep-publish"
_REPOSITORY_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_COMMON_DIR",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    "GIT_SHALLOW_FILE",
    "GIT_GRAFT_FILE",
    "GIT_REPLACE_REF_BASE",
    "GIT_NO_REPLACE_OBJECTS",
)
FALLBACK_IDENTITY = "infoprep <infoprep@localhost>"


@dataclass(frozen=True)
class Branch:
    remote: str
    """A URL or a path, as `git push` takes it."""

    name: str = DEFAULT_BRANCH


@dataclass(frozen=True)
class Commit:
    """How the new commit is made: with the previous one as parent or as the branch's only commit,
    and when."""

    history: bool
    seconds: int
    """The commit time, seconds since 1970 (SOURCE_DATE_EPOCH when set)."""

    message: str
    anonymous: bool = False
    """Commit as infoprep, not as the user's git identity: a private site's branch names no one (the
    user's git name is often the traveler's)."""


@dataclass(frozen=True)
class BranchResult:
    changes: Changes
    previous: str | None
    """The commit the branch pointed at before, or None for a new branch."""

    commit: str | None
    """The commit pushed, or None (a dry run, or nothing changed)."""


def git_environment(environ: Mapping[str, str], hidden: set[str]) -> dict[str, str]:
    """`environ` for git: nothing that points it at another repository, none of the `hidden`
    variables."""
    return {k: v for k, v in environ.items() if k not in _REPOSITORY_VARIABLES and k not in hidden}


def _git(
    args: list[str], env: Mapping[str, str], cwd: Path | None = None, data: bytes | None = None
) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, env=dict(env), input=data, capture_output=True, timeout=600
        )
    except FileNotFoundError:
        raise OutputError(
            "git is not installed: publishing to a branch needs it (or publish to a folder with "
            "--to DIR)"
        ) from None
    except subprocess.TimeoutExpired:
        raise OutputError(
            f"git {args[0]} took more than 10 minutes; nothing was published"
        ) from None
    if done.returncode != 0:
        said = [
            line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()
        ]
        raise OutputError(
            f"git {args[0]} failed: {' / '.join(said[-3:]) or f'exit {done.returncode}'}; nothing "
            "was published"
        )
    return done.stdout


def remote_location(remote: str, base: Path) -> str:
    """`remote` as git takes it from any folder: a URL (`https://`, `ssh://`, `git@host:path`) as it
    is, a path made absolute from `base` (git runs in the scratch repository, not where you are)."""
    if "://" in remote or re.match(r"^[^/\\]+:", remote):
        return remote
    return str((base / remote).absolute())


def default_remote(content: Path, environ: Mapping[str, str]) -> str:
    """Where `publish` pushes without --remote: the `origin` of the repository holding the content
    folder, else that repository itself (its gh-pages branch, to push yourself)."""
    env = git_environment(environ, set())
    try:
        top = _git(["-C", str(content), "rev-parse", "--show-toplevel"], env).decode().strip()
    except OutputError:
        raise OutputError(
            f"{content}: not inside a git repository, so there is no gh-pages branch to publish "
            "to: name one with --remote URL, or publish to a folder with --to DIR"
        ) from None
    try:
        origin = _git(["-C", top, "config", "--get", "remote.origin.url"], env).decode().strip()
    except OutputError:
        return top
    return remote_location(origin, Path(top)) if origin else top


def blob_id(data: bytes) -> str:
    """The id git gives a file with these bytes (so a tree can be compared without writing
    anything)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class _Scratch:
    """The temporary bare repository a publish works in."""

    def __init__(self, folder: Path, env: Mapping[str, str]):
        self.folder = folder
        self.env = env
        _git(["init", "--quiet", "--bare", "--template=", str(folder)], env)

    def git(self, *args: str, data: bytes | None = None) -> bytes:
        return _git(list(args), self.env, cwd=self.folder, data=data)

    def tip(self, branch: Branch) -> str | None:
        """The commit `branch` points at on its remote, or None when it has no such branch."""
        ref = f"refs/heads/{branch.name}"
        listed = self.git("ls-remote", "--", branch.remote, ref).decode("utf-8", "replace")
        for line in listed.splitlines():
            commit, _, name = line.partition("\t")
            if name == ref:
                return commit
        return None

    def fetch(self, branch: Branch, commit: str) -> dict[str, str]:
        """Fetch the branch's last commit (and only that); its files: path -> blob id.

        Refused unless infoprep made it.
        """
        self.git(
            "fetch",
            "--quiet",
            "--no-tags",
            "--depth=1",
            "--",
            branch.remote,
            f"refs/heads/{branch.name}",
        )
        body = self.git("cat-file", "commit", commit).decode("utf-8", "replace")
        message = body.partition("\n\n")[2]
        if not any(line.strip().startswith(TRAILER) for line in message.splitlines()):
            subject = message.strip().splitlines()[0] if message.strip() else "(no message)"
            raise OutputError(
                f"the last commit of {branch.name} on {branch.remote} ({commit[:10]}: "
                f"{subject[:60]!r}) was not made "
                "by infoprep: publishing would replace someone's work; publish to another branch "
                "with --branch NAME"
            )
        files = {}
        for entry in self.git("ls-tree", "-r", "-z", "--full-tree", commit).split(b"\0"):
            if entry:
                info, _, path = entry.partition(b"\t")
                files[path.decode("utf-8", "surrogateescape")] = info.split()[2].decode()
        return files

    def commit(
        self, site: SiteFiles, parent: str | None, made: Commit, identity: str
    ) -> tuple[str, dict[str, str]]:
        """Write the site as one commit (a fast-import stream: the whole tree replaced); (its id,
        path -> blob id)."""
        message = made.message.encode("utf-8")
        blobs: dict[str, str] = {}
        with subprocess.Popen(
            ["git", "fast-import", "--quiet", "--force"],
            cwd=self.folder,
            env=dict(self.env),
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            assert process.stdin is not None
            stream = process.stdin
            try:
                stream.write(
                    f"commit {_WORK_REF}\ncommitter {identity} {made.seconds} +0000\n".encode()
                )
                stream.write(b"data %d\n%s\n" % (len(message), message))
                if parent is not None:
                    stream.write(f"from {parent}\n".encode())
                stream.write(b"deleteall\n")
                for name, data in site.items():
                    blobs[name] = blob_id(data)
                    stream.write(b"M 100644 inline " + _quoted(name) + b"\n")
                    stream.write(b"data %d\n" % len(data) + data + b"\n")
                stream.write(b"done\n")
                stream.close()
            except BrokenPipeError:
                pass
            error = process.stderr.read() if process.stderr else b""
            if process.wait() != 0:
                raise OutputError(
                    f"git fast-import failed: {error.decode('utf-8', 'replace').strip()}; nothing "
                    "was published"
                )
        return self.git("rev-parse", _WORK_REF).decode().strip(), blobs

    def push(self, branch: Branch, commit: str, previous: str | None) -> None:
        """Point the remote branch at `commit`, only if it still points where it did when the
        publish began."""
        ref = f"refs/heads/{branch.name}"
        lease = f"--force-with-lease={ref}:{previous or ''}"
        self.git("push", "--quiet", "--no-verify", lease, "--", branch.remote, f"{commit}:{ref}")


def _quoted(name: str) -> bytes:
    """A path as fast-import reads it: C-style quoted, so spaces, quotes and non-ASCII names arrive
    intact."""
    escaped = name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return b'"' + escaped.encode("utf-8") + b'"'


def identity(environ: Mapping[str, str]) -> str:
    """`Name <email>` for the commit: the user's git identity where one is set, else infoprep's."""
    try:
        ident = _git(["var", "GIT_COMMITTER_IDENT"], git_environment(environ, set())).decode(
            "utf-8", "replace"
        )
    except OutputError:
        return FALLBACK_IDENTITY
    name = ident.rpartition(">")[0].strip()
    return f"{name}>" if "<" in name and "\n" not in name else FALLBACK_IDENTITY


@dataclass(frozen=True)
class BranchSession:
    """A branch looked at and found safe to replace, in a scratch repository that holds its last
    commit: opened before the build, so an unreachable remote or someone else's branch is refused
    before any work is done (the push's lease still catches a commit made in between)."""

    scratch: _Scratch
    branch: Branch
    previous: str | None
    """The commit the branch pointed at, or None for a new branch."""

    old: dict[str, str]
    """Its files: path -> blob id."""

    def publish(self, site: SiteFiles, made: Commit, environ: Mapping[str, str]) -> BranchResult:
        """Replace the branch with `site`; no commit when nothing would change."""
        unchanged = self.preview(site).changes
        if unchanged.none and (made.history or self._single()):
            return BranchResult(unchanged, self.previous, None)  # no commit, no fast-import
        who = FALLBACK_IDENTITY if made.anonymous else identity(environ)
        parent = self.previous if made.history else None
        commit, blobs = self.scratch.commit(site, parent, made, who)
        changes = compare(blobs, self.old)
        self.scratch.push(self.branch, commit, self.previous)
        return BranchResult(changes, self.previous, commit)

    def preview(self, site: SiteFiles) -> BranchResult:
        """What `publish` would change (a dry run): nothing is written or pushed."""
        new = {name: blob_id(data) for name, data in site.items()}
        return BranchResult(compare(new, self.old), self.previous, None)

    def _single(self) -> bool:
        """The branch's last commit is its only one (a root commit): an unchanged site needs no new
        commit.

        Read from the commit itself: a shallow fetch hides its parents.
        """
        if self.previous is None:
            return False
        header = self.scratch.git("cat-file", "commit", self.previous).partition(b"\n\n")[0]
        return not any(line.startswith(b"parent ") for line in header.splitlines())


@contextlib.contextmanager
def open_branch(
    branch: Branch, environ: Mapping[str, str], hidden: set[str]
) -> Iterator[BranchSession]:
    """Look at `branch` on its remote (refused unless infoprep made its last commit); the scratch
    repository is deleted when the block ends."""
    env = git_environment(environ, hidden)
    with tempfile.TemporaryDirectory(prefix="infoprep-publish-") as scratch_folder:
        scratch = _Scratch(Path(scratch_folder), env)
        previous = scratch.tip(branch)
        old = scratch.fetch(branch, previous) if previous is not None else {}
        yield BranchSession(scratch, branch, previous, old)
