"""The build cache: one object, kept outside the published output, that knows what can be reused.

It lives in the user's cache directory, one folder per output folder
(`$XDG_CACHE_HOME/infoprep/<digest of the output's real path>/`, default `~/.cache`), so
`output/` holds only what is published, a synced or shared output folder carries no cache,
and a private build may keep one (plain PDFs stay on the user's own disk, like the content):

    index.json    the last build's stamp, the files it wrote (size and time, to tell the output
                  is still whole), the input files' digests, and every cached PDF's record
    pdf/KEY.pdf   PDFs by key
    parts/KEY.part  the binder's parts as prepared for assembly (printing/binder_parts.py)
    memo.json     Markdown, QR and contact-card results and the templated pages by their keys
                  (render/memo.py, render/page_keys.py), for the same infoprep code
    lock          held while a build runs: two builds into one output would trample each other

Keys are content digests, never file times of the inputs. A PDF's key hashes its print
HTML (which holds everything the plan and templates put on the page), its output path,
the paper CSS and the engine's identity (printing/engine.py); the files it loaded are
recorded with their digests and checked on reuse, and so are the URLs it refused.

The cache is treated as untrusted: nothing in it is loaded as code, a cached PDF is used only if its
bytes have the digest recorded for it and it is a regular file (never a link), and it is published
from one open file and checked again in staging (output.Kept). Every access goes through a handle of
the folder opened without following links; files are created O_EXCL|O_NOFOLLOW and renamed into
place; nothing is listed or deleted through a link. A folder of another user's is refused; one open
to others is closed (0700) and not reused. Memo entries are checked again on the way out
(render/memo.py), and an index of odd shape costs a full build, never a traceback. `--clean` reads
nothing from it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import pwd
import stat
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from generator.errors import OutputError
from generator.inputs import code_digest
from generator.printing.pdf import Bookmark, PdfFile
from generator.render.memo import Memo, RenderMemo

FORMAT = 7


def cache_folder(output: Path, environ: Mapping[str, str]) -> Path:
    """Where the cache of this output folder lives: the user's cache directory, keyed by the
    output's real path."""
    # A relative XDG_CACHE_HOME is invalid (XDG Base Directory spec) and a relative HOME would put
    # the cache wherever the command runs: both are ignored for the account's home from the password
    # database.
    configured = Path(environ.get("XDG_CACHE_HOME") or "")
    home = Path(environ.get("HOME") or "")
    if configured.is_absolute():
        base = configured
    else:
        base = (home if home.is_absolute() else Path(pwd.getpwuid(os.getuid()).pw_dir)) / ".cache"
    real = os.path.realpath(output)
    return (
        base / "infoprep" / hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    )


@dataclass(frozen=True)
class PdfEntry:
    sha256: str
    pages: int
    outline: list[Any]
    """Bookmark.to_json of each of the document's bookmarks."""

    loaded: dict[str, str]
    """URL -> SHA-256 of the file served for it, or "" for a URL the fetcher refused."""

    refused: list[str] = field(default_factory=list)

    @property
    def bookmarks(self) -> tuple[Bookmark, ...]:
        return tuple(Bookmark.from_json(mark) for mark in self.outline)


@dataclass(frozen=True)
class Previous:
    """What the last build left: its stamp, the files it wrote (name -> size, time) and its PDF
    count."""

    stamp: str
    outputs: dict[str, list[int]]
    pdfs: int


class BuildCache:
    """The cache of one output folder.

    Every read, write, listing and deletion goes through a handle of the folder (and of its `pdf/`)
    opened without following links, so a link planted in the cache is never followed: not to delete
    a folder's files, not to overwrite a file of the user's.
    """

    def __init__(self, folder: Path, clean: bool = False):
        self.folder = folder
        self.clean = clean
        self.entries: dict[str, PdfEntry] = {}
        self.used: dict[str, PdfEntry] = {}
        """Entries this build uses, by key (reused or new): all the next one keeps."""
        self.previous: Previous | None = None
        self.inputs: dict[str, str] = {}
        """The last build's input files by name, with digests."""
        self._lock: int | None = None
        self._dir: int | None = None
        self._pdf: int | None = None
        self._parts: int | None = None
        self.parts_used: set[str] = set()
        """The binder's prepared parts this build read or wrote (binder_parts.py), by key."""

    # ---- the whole build ----

    def __enter__(self) -> BuildCache:
        import fcntl

        try:
            self._dir, loose = _own_folder(self.folder)
            self._pdf = _subfolder(self._dir, "pdf")
            self._parts = _subfolder(self._dir, "parts")
            self._lock = _lock_file(self._dir)
        except OSError as exc:
            self.__exit__()
            why = exc.strerror or exc
            raise OutputError(
                f"{self.folder}: cannot use this folder for the build cache: {why}"
            ) from None
        except OutputError:
            self.__exit__()
            raise
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.__exit__()
            raise OutputError(
                "another infoprep build is writing this output folder now; wait for it to finish"
            ) from None
        # a folder others could write may hold anything: nothing in it is reused
        if not (self.clean or loose):
            self._read()
        return self

    def __exit__(self, *exc: object) -> None:
        # closing the lock's file releases the lock
        for fd in (self._lock, self._parts, self._pdf, self._dir):
            if fd is not None:
                os.close(fd)
        self._lock = self._parts = self._pdf = self._dir = None

    def _read(self) -> None:
        try:
            data = json.loads(_read_at(self._folder_fd(), "index.json") or b"")
            if data.get("format") != FORMAT:
                return
            self.entries = {str(k): PdfEntry(**v) for k, v in data["pdfs"].items()}
            self.inputs = {str(k): str(v) for k, v in data["inputs"].items()}
            last = data["build"]
            outputs = {str(k): [int(v[0]), int(v[1])] for k, v in last["outputs"].items()}
            self.previous = Previous(str(last["stamp"]), outputs, int(last["pdfs"]))
        except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
            self.entries, self.inputs, self.previous = {}, {}, None

    def _folder_fd(self) -> int:
        if self._dir is None:
            raise OutputError(f"{self.folder}: the build cache is not open")
        return self._dir

    def _parts_fd(self) -> int:
        if self._parts is None:
            raise OutputError(f"{self.folder}: the build cache is not open")
        return self._parts

    def _pdf_fd(self) -> int:
        if self._pdf is None:
            raise OutputError(f"{self.folder}: the build cache is not open")
        return self._pdf

    def up_to_date(self, stamp: str, output: Path) -> Previous | None:
        """The last build, if it had this stamp and every file it wrote is still in `output` as it
        left it."""
        previous = self.previous
        if previous is None or previous.stamp != stamp:
            return None
        for name, (size, mtime) in previous.outputs.items():
            try:
                info = os.lstat(output / name)
            except OSError:
                return None
            if not stat.S_ISREG(info.st_mode) or info.st_size != size or info.st_mtime_ns != mtime:
                return None
        return previous

    def memo(self, checks: Mapping[str, Callable[[str], str | None]]) -> RenderMemo:
        """The last build's memos (render/memo.py), each entry checked by `checks[name]` before it
        is used. Read only now: they hold whole pages, and a build with nothing to do needs none."""
        known: dict[str, dict[str, str]] = {}
        if not self.clean and self.previous is not None:
            with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
                memo = json.loads(_read_at(self._folder_fd(), "memo.json") or b"")
                if memo.get("code") == code_digest():
                    known = {
                        str(k): {str(a): str(b) for a, b in v.items()}
                        for k, v in memo["memos"].items()
                    }
        return RenderMemo(
            **{name: Memo(known.get(name, {}), check) for name, check in checks.items()}
        )

    def inputs_under(self, prefix: str) -> dict[str, str]:
        """The last build's input digests whose names start with `prefix` ("content/")."""
        return {name: digest for name, digest in self.inputs.items() if name.startswith(prefix)}

    def checked_memo(self) -> RenderMemo:
        """The renderer's memo with each entry checked as it leaves the cache. Imported only now: a
        build with nothing to do needs neither Markdown nor the vCard and QR checks."""
        from generator.render.markdown import sanitize
        from generator.render.page_policy import allowed
        from generator.render.qr import checked as qr_checked
        from generator.render.vcard import checked as card_checked

        return self.memo(
            {
                "markdown": sanitize,
                "qr": qr_checked,
                "vcard": card_checked,
                "pages": allowed,
                "print_pages": str,
            }
        )

    def previous_pdfs(self) -> int:
        """How many PDFs the last build wrote (a --no-pdf build leaves them out of the output)."""
        outputs = self.previous.outputs if self.previous else {}
        return sum(1 for name in outputs if name.endswith(".pdf"))

    def save(
        self,
        stamp: str,
        outputs: Mapping[str, list[int]],
        inputs: Mapping[str, str],
        memo: RenderMemo,
        pdfs: int,
        keep_all: bool,
    ) -> None:
        """Record this build for the next one, and drop the PDFs it no longer uses (all are kept by
        `keep_all`:
        a build without PDFs must not throw away the next one's work).
        """
        if keep_all:
            self.used = {**self.entries, **self.used}
        data = {
            "format": FORMAT,
            "build": {"stamp": stamp, "outputs": dict(sorted(outputs.items())), "pdfs": pdfs},
            "pdfs": {key: asdict(entry) for key, entry in sorted(self.used.items())},
            "inputs": dict(sorted(inputs.items())),
        }
        memos = {"code": code_digest(), "memos": memo.used()}
        try:
            _replace_at(
                self._folder_fd(), "index.json", [json.dumps(data, separators=(",", ":")).encode()]
            )
            _replace_at(
                self._folder_fd(),
                "memo.json",
                [json.dumps(memos, separators=(",", ":"), ensure_ascii=False).encode()],
            )
        except OSError as exc:
            raise OutputError(
                f"{self.folder}: cannot write the build cache: {exc.strerror or exc}"
            ) from None
        # the entries themselves: a link is removed, never followed
        _drop_unused(self._pdf_fd(), ".pdf", self.used.keys())
        # the binder's parts, when a binder was assembled (one reused whole touches none of them)
        if self.parts_used and not keep_all:
            _drop_unused(self._parts_fd(), ".part", self.parts_used)

    # ---- PDFs ----

    def file(self, key: str) -> Path:
        """The cached PDF's path, a name only: read it with `read`, which never follows a link."""
        return self.folder / "pdf" / f"{key}.pdf"

    def pdf(self, key: str, digest_now: Callable[[str], str]) -> PdfEntry | None:
        """The cached PDF for `key`, if its file holds exactly the bytes recorded and every file it
        loaded (and URL it was refused) is as it was.

        `digest_now(url)` is the digest of what the fetcher would serve now, or "".
        """
        if key in self.used:
            return self.used[key]
        entry = self.entries.get(key)
        if entry is None or _digest_at(self._pdf_fd(), f"{key}.pdf") != entry.sha256:
            return None
        if any(digest_now(url) != digest for url, digest in entry.loaded.items()):
            return None
        self.used[key] = entry
        return entry

    def add(self, key: str, made: PdfFile, digest_of: Callable[[str], str | None]) -> PdfEntry:
        """Keep a freshly made PDF.

        One that loaded a file that is not an input of this build is never reused.
        """
        loaded = {
            url: (digest_of(served) or "unknown") if served else ""
            for url, served in made.loaded.items()
        }
        self.store(key, made.data)
        entry = PdfEntry(
            hashlib.sha256(made.data).hexdigest(),
            made.pages,
            [m.to_json() for m in made.outline],
            loaded,
            list(made.refused),
        )
        self.used[key] = entry
        return entry

    def store(self, key: str, data: bytes) -> None:
        try:
            _replace_at(self._pdf_fd(), f"{key}.pdf", [data])
        except OSError as exc:
            raise OutputError(
                f"{self.folder}: cannot write to the build cache: {exc.strerror or exc}"
            ) from None

    @contextlib.contextmanager
    def writing(self, key: str, pages: int) -> Iterator[Any]:
        """A file to write a large PDF (the binder) into, kept under `key` when the block ends
        well."""
        digest = hashlib.sha256()
        try:
            with _creating(self._pdf_fd(), f"{key}.pdf") as handle:
                yield _Hashing(handle, digest)
        except OSError as exc:
            raise OutputError(
                f"{self.folder}: cannot write to the build cache: {exc.strerror or exc}"
            ) from None
        self.used[key] = PdfEntry(digest.hexdigest(), pages, [], {})

    def read(self, path: Path) -> bytes:
        """The bytes of a PDF this build uses (`path` from `file`), read from one open file that is
        no link and checked against the digest recorded for it: what was checked is what is used."""
        key = path.name[: -len(".pdf")]
        entry = self.used.get(key)
        data = (
            _read_at(self._pdf_fd(), path.name)
            if entry is not None and path == self.file(key)
            else None
        )
        if entry is None or data is None or hashlib.sha256(data).hexdigest() != entry.sha256:
            raise OutputError(
                f"{path}: this cached PDF changed while the build ran (another program writes the "
                "build cache?); build again"
            )
        return data

    # ---- the binder's prepared parts (printing/binder_parts.py) ----

    def binder_part(self, key: str) -> bytes | None:
        """The kept file of a prepared part, as it is (its reader checks it), or None: none kept,
        not a regular file of ours, or a --clean build."""
        self.parts_used.add(key)
        return None if self.clean else _read_at(self._parts_fd(), f"{key}.part")

    def keep_binder_part(self, key: str, data: bytes) -> None:
        """Keep a prepared part for the next build, if it can be: one that cannot (a folder in its
        place, a full disk) is only prepared again next time, so it is no reason to fail this
        build."""
        self.parts_used.add(key)
        with contextlib.suppress(OSError):
            _replace_at(self._parts_fd(), f"{key}.part", [data])

    def opener(self, key: str) -> Callable[[], int]:
        """Opens the cached PDF of `key` for the output writer: a regular file of ours, never
        through a link."""
        return lambda: _open_regular(self._pdf_fd(), f"{key}.pdf")


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_MAX_CACHE_FILE = 1 << 30
"""No file of the cache is read whole beyond this (a planted /dev/zero-sized file must not take the
memory)."""


def _own_folder(folder: Path) -> tuple[int, bool]:
    """A handle of the cache folder, created 0700 if missing, and whether it was open to others (its
    mode is then set to 0700 and nothing in it is reused).

    One that is a link or belongs to another user is refused: with a shared XDG_CACHE_HOME, another
    user could otherwise read a private trip's notes from it or plant files.
    """
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, 0o700)
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise OutputError(
                f"{folder}: the build cache's folder is a link or not a folder; remove it, and "
                "build again"
            ) from None
        raise
    info = os.fstat(fd)
    if info.st_uid != os.getuid():
        os.close(fd)
        raise OutputError(
            f"{folder}: the build cache's folder belongs to another user (uid {info.st_uid}), who "
            "could read a private "
            "trip's notes in it: remove it, or set XDG_CACHE_HOME to a folder of your own"
        )
    loose = bool(info.st_mode & 0o077)
    if loose:
        os.fchmod(fd, 0o700)
    return fd, loose


def _lock_file(folder: int) -> int:
    """The lock file, opened without following a link: one planted in its place is removed (never
    followed)."""
    try:
        return os.open("lock", os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600, dir_fd=folder)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
    os.unlink("lock", dir_fd=folder)
    return os.open("lock", os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=folder)


def _subfolder(parent: int, name: str) -> int:
    """A handle of the folder `name` inside `parent`; a link or anything else in its place is
    removed first."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, 0o700, dir_fd=parent)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW, dir_fd=parent)
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
        os.unlink(name, dir_fd=parent)  # the link itself, never its target
        os.mkdir(name, 0o700, dir_fd=parent)
        fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW, dir_fd=parent)
    os.fchmod(fd, 0o700)
    return fd


def _open_regular(folder: int, name: str) -> int:
    """An open file `name` of `folder`: a regular file of ours, never a link, FIFO or device
    (OSError if not)."""
    fd = os.open(
        name, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK, dir_fd=folder
    )  # a FIFO must not hang us
    info = os.fstat(fd)
    if (
        not stat.S_ISREG(info.st_mode)
        or info.st_uid != os.getuid()
        or info.st_size > _MAX_CACHE_FILE
    ):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file of the build cache")
    return fd


def _read_at(folder: int, name: str) -> bytes | None:
    try:
        fd = _open_regular(folder, name)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read(_MAX_CACHE_FILE + 1)


def _digest_at(folder: int, name: str) -> str | None:
    """The SHA-256 of the regular file `name` of `folder` (None if it is no such file)."""
    try:
        fd = _open_regular(folder, name)
    except OSError:
        return None
    digest = hashlib.sha256()
    with os.fdopen(fd, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def _creating(folder: int, name: str) -> Iterator[BinaryIO]:
    """A new file that becomes `name` in `folder` when the block ends well.

    It is created with O_EXCL and O_NOFOLLOW under a name of its own (a link planted there is
    removed, never written through), and renamed over `name` (which replaces a link, never follows
    it).
    """
    partial = f".{name}.part"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(partial, dir_fd=folder)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(partial, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial, dir_fd=folder)
        raise


def _drop_unused(folder: int, suffix: str, used: Collection[str]) -> None:
    """Remove every file of `folder` but those named KEY+suffix for a KEY in `used` (a link is
    removed, never followed)."""
    with os.scandir(folder) as listing:
        names = [entry.name for entry in listing]
    for name in names:
        if not name.endswith(suffix) or name[: -len(suffix)] not in used:
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=folder)


def _replace_at(folder: int, name: str, blocks: list[bytes]) -> None:
    with _creating(folder, name) as handle:
        for block in blocks:
            handle.write(block)


class _Hashing:
    """A binary file that hashes what is written to it (the binder is digested as it is written, not
    read back)."""

    def __init__(self, handle: BinaryIO, digest: Any):
        self._handle = handle
        self._digest = digest

    def write(self, data: bytes) -> int:
        self._digest.update(data)
        return self._handle.write(data)

    def tell(self) -> int:
        return self._handle.tell()

    def flush(self) -> None:
        self._handle.flush()
