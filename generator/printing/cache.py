"""The build cache: one object, kept outside the published output, that knows what can be reused.

It lives in the user's cache directory, one folder per output folder
(`$XDG_CACHE_HOME/infoprep/<digest of the output's real path>/`, default `~/.cache`), so
`output/` holds only what is published, a synced or shared output folder carries no cache,
and a private build may keep one (plain PDFs stay on the user's own disk, like the content):

    index.json    the last build's stamp, the files it wrote (size and time, to tell the output
                  is still whole), the input files' digests, and every cached PDF's record
    pdf/KEY.pdf   PDFs by key
    memo.json     Markdown and QR results (render/memo.py), for the same infoprep code
    lock          held while a build runs: two builds into one output would trample each other

Keys are content digests, never file times of the inputs. A PDF's key hashes its print
HTML (which holds everything the plan and templates put on the page), its output path,
the paper CSS and the engine's identity (printing/engine.py); the files it loaded are
recorded with their digests and checked on reuse, and so are the URLs it refused.

The cache is treated as untrusted: nothing in it is loaded as code, a cached PDF is used
only if its bytes have the digest recorded for it and it is a regular file (never a
link), memo entries are checked again on the way out (render/memo.py), and an index of
odd shape costs a full build, never a traceback. `--clean` reads nothing from it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pwd
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import OutputError
from generator.inputs import code_digest
from generator.printing.pdf import Bookmark, PdfFile
from generator.render.memo import Memo, RenderMemo

FORMAT = 7


def cache_folder(output: Path, environ: Mapping[str, str]) -> Path:
    """Where the cache of this output folder lives: the user's cache directory, keyed by the output's real path."""
    # A relative XDG_CACHE_HOME is invalid (XDG Base Directory spec) and a relative HOME would put the cache wherever
    # the command runs: both are ignored for the account's home from the password database.
    configured = Path(environ.get("XDG_CACHE_HOME") or "")
    home = Path(environ.get("HOME") or "")
    if configured.is_absolute():
        base = configured
    else:
        base = (home if home.is_absolute() else Path(pwd.getpwuid(os.getuid()).pw_dir)) / ".cache"
    real = os.path.realpath(output)
    return base / "infoprep" / hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def pdf_key(path: str, html: str, page_css: str, engine: str) -> str:
    digest = hashlib.sha256(f"infoprep-pdf-{FORMAT}\0{engine}\0{path}\0{page_css}\0".encode())
    digest.update(html.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


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
    """What the last build left: its stamp, the files it wrote (name -> size, time) and its PDF count."""

    stamp: str
    outputs: dict[str, list[int]]
    pdfs: int


class BuildCache:
    def __init__(self, folder: Path, clean: bool = False):
        self.folder = folder
        self.clean = clean
        self.entries: dict[str, PdfEntry] = {}
        self.used: dict[str, PdfEntry] = {}
        """Entries this build uses, by key (reused or new): all the next one keeps."""
        self.previous: Previous | None = None
        self.inputs: dict[str, str] = {}
        """The last build's input files by name, with digests."""
        self._memo: dict[str, dict[str, str]] = {}
        self._lock: Any = None

    # ---- the whole build ----

    def __enter__(self) -> BuildCache:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # plain PDFs and notes of a private trip too
            (self.folder / "pdf").mkdir(exist_ok=True, mode=0o700)
            self._lock = open(self.folder / "lock", "a+b")  # noqa: SIM115 - held for the whole build
        except OSError as exc:
            raise OutputError(f"{self.folder}: cannot use this folder for the build cache: {exc.strerror or exc}") from None
        import fcntl

        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            raise OutputError("another infoprep build is writing this output folder now; wait for it to finish") from None
        if not self.clean:
            self._read()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock is not None:
            self._lock.close()  # releases the lock

    def _read(self) -> None:
        try:
            data = json.loads((self.folder / "index.json").read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return
            self.entries = {str(k): PdfEntry(**v) for k, v in data["pdfs"].items()}
            self.inputs = {str(k): str(v) for k, v in data["inputs"].items()}
            last = data["build"]
            outputs = {str(k): [int(v[0]), int(v[1])] for k, v in last["outputs"].items()}
            self.previous = Previous(str(last["stamp"]), outputs, int(last["pdfs"]))
        except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
            self.entries, self.inputs, self.previous = {}, {}, None
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            memo = json.loads((self.folder / "memo.json").read_text(encoding="utf-8"))
            if memo.get("code") == code_digest():
                self._memo = {str(k): {str(a): str(b) for a, b in v.items()} for k, v in memo["memos"].items()}

    def up_to_date(self, stamp: str, output: Path) -> Previous | None:
        """The last build, if it had this stamp and every file it wrote is still in `output` as it left it."""
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
        """The last build's memos (render/memo.py), each entry checked by `checks[name]` before it is used."""
        return RenderMemo(**{name: Memo(self._memo.get(name, {}), check) for name, check in checks.items()})

    def save(self, stamp: str, outputs: Mapping[str, list[int]], inputs: Mapping[str, str], memo: RenderMemo, pdfs: int, keep_all: bool) -> None:
        """Record this build for the next one, and drop the PDFs it no longer uses (all are kept by `keep_all`:
        a build without PDFs must not throw away the next one's work)."""
        if keep_all:
            self.used = {**self.entries, **self.used}
        data = {
            "format": FORMAT,
            "build": {"stamp": stamp, "outputs": dict(sorted(outputs.items())), "pdfs": pdfs},
            "pdfs": {key: asdict(entry) for key, entry in sorted(self.used.items())},
            "inputs": dict(sorted(inputs.items())),
        }
        self._write("index.json", json.dumps(data, separators=(",", ":")).encode())
        self._write("memo.json", json.dumps({"code": code_digest(), "memos": memo.used()}, separators=(",", ":"), ensure_ascii=False).encode())
        for path in (self.folder / "pdf").iterdir():
            if path.suffix != ".pdf" or path.stem not in self.used:
                with contextlib.suppress(OSError):
                    path.unlink()

    def _write(self, name: str, data: bytes) -> None:
        partial = self.folder / f".{name}.part"
        try:
            partial.write_bytes(data)
            partial.replace(self.folder / name)
        except OSError as exc:
            raise OutputError(f"{self.folder}: cannot write the build cache: {exc.strerror or exc}") from None

    # ---- PDFs ----

    def file(self, key: str) -> Path:
        return self.folder / "pdf" / f"{key}.pdf"

    def pdf(self, key: str, digest_now: Callable[[str], str]) -> PdfEntry | None:
        """The cached PDF for `key`, if its file holds exactly the bytes recorded and every file it loaded (and URL
        it was refused) is as it was. `digest_now(url)` is the digest of what the fetcher would serve now, or ""."""
        if key in self.used:
            return self.used[key]
        entry = self.entries.get(key)
        if entry is None or not _holds(self.file(key), entry.sha256):
            return None
        if any(digest_now(url) != digest for url, digest in entry.loaded.items()):
            return None
        self.used[key] = entry
        return entry

    def add(self, key: str, made: PdfFile, digest_of: Callable[[str], str | None]) -> PdfEntry:
        """Keep a freshly made PDF. One that loaded a file that is not an input of this build is never reused."""
        loaded = {url: (digest_of(served) or "unknown") if served else "" for url, served in made.loaded.items()}
        self.store(key, made.data)
        entry = PdfEntry(hashlib.sha256(made.data).hexdigest(), made.pages, [m.to_json() for m in made.outline], loaded, list(made.refused))
        self.used[key] = entry
        return entry

    def store(self, key: str, data: bytes) -> None:
        partial = self.file(key).with_suffix(".part")
        try:
            partial.write_bytes(data)
            partial.replace(self.file(key))
        except OSError as exc:
            raise OutputError(f"{self.folder}: cannot write to the build cache: {exc.strerror or exc}") from None

    @contextlib.contextmanager
    def writing(self, key: str, pages: int) -> Iterator[Any]:
        """A file to write a large PDF (the binder) into, kept under `key` when the block ends well."""
        partial = self.file(key).with_suffix(".part")
        try:
            with partial.open("wb") as handle:
                yield handle
            partial.replace(self.file(key))
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise OutputError(f"{self.folder}: cannot write to the build cache: {exc.strerror or exc}") from None
        from generator.inputs import file_digest

        self.used[key] = PdfEntry(file_digest(self.file(key)), pages, [], {})


def _holds(path: Path, sha256: str) -> bool:
    """A regular file (not a link) whose bytes have this digest."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not hang us
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return False
        digest = hashlib.sha256()
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest() == sha256
