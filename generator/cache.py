"""The build cache: what did not change is reused, never re-rendered, and nothing stale is ever served.

It lives in the output folder (`.infoprep-cache/`: the PDFs and an index) and is
carried into each new output by the writer, so it is swapped in atomically with the
site it belongs to. `--clean` builds without reading it.

Three levels, all keyed by content digests, never by file times of the inputs:

- A PDF's key hashes its print HTML (which already holds everything the plan and
  the templates put on the page), its output path, the paper CSS, the renderer's
  code, WeasyPrint's and its libraries' versions, HarfBuzz subsetting and the fonts
  fontconfig can choose from. The files the engine loaded while rendering it
  (stylesheets, images from assets/) are recorded with their digests and checked on
  reuse, and so are the URLs it refused (an image that was missing may exist now).
- A packet page's key (render/page_keys.py) hashes its typed context and everything
  else that shapes it; the index maps it to the digest of the page made from it.
- The build stamp hashes every input file (the content folder, the theme), infoprep's
  own code, its libraries' versions, the date the build is "as of" and the options.
  When it equals the last build's and the output still holds what that build wrote,
  there is nothing to render or write.

Input files are hashed before they are read (inputs.py), so an edit made during a
build can only cause extra work on the next one, never a stale file. A cached PDF is only
reused if its size and modification time are as recorded: output PDFs are hard
links to the cached ones, and a PDF edited in place must not come back.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from generator import inputs
from generator.errors import OutputError
from generator.inputs import Listed, Snapshot
from generator.output import CACHE_DIR, MARKER, WriteReport
from generator.render.pdf import PdfFile

INDEX = f"{CACHE_DIR}/index.json"
MEMO = f"{CACHE_DIR}/memo.json"
FORMAT = 6
_SCRATCH = ".infoprep-render-"


@dataclass
class PdfEntry:
    sha256: str
    size: int
    mtime_ns: int
    loaded: dict[str, str]
    """URL -> SHA-256 of the file served for it, or "" for a URL the fetcher refused.

    Paths are not kept: the engine sees bytes under a virtual URL, so a moved content
    folder with the same files still matches."""
    refused: list[str] = field(default_factory=list)
    """The fetcher's messages, kept with the PDF."""
    pages: int = 0
    outline: list = field(default_factory=list)  # type: ignore[type-arg]
    """The document's bookmarks (Bookmark.to_json), so the binder need not parse the PDF for them."""
    binder: dict = field(default_factory=dict)  # type: ignore[type-arg]
    """For a binder: its parts and growth (render.binder.Layout), so the next one can be an update."""


@dataclass(frozen=True)
class Previous:
    """What the last build left: its stamp, the files it wrote with their sizes, and its PDF count."""

    stamp: str
    outputs: dict[str, int]
    pdfs: int

    @property
    def written(self) -> WriteReport:
        return WriteReport(len(self.outputs), sum(self.outputs.values()), 0)


class BuildCache:
    """One build's view of the cache: lookups in the current output, new PDFs in a scratch folder beside it."""

    def __init__(self, output: Path, clean: bool = False, store: bool = True):
        """`clean`: read nothing from the cache. `store=False`: keep no cache at all (nothing read, nothing
        left in the output folder), for outputs that must hold nothing but what they publish."""
        self.output = output
        self.store = store
        self.clean = clean
        self.folder = output / CACHE_DIR
        self.scratch = output.parent / f".{output.name}{_SCRATCH}{os.getpid()}"
        self.entries: dict[str, PdfEntry] = {}
        self.previous: Previous | None = None
        self.used: dict[str, PdfEntry] = {}
        """Entries this build uses, by key (reused or new)."""
        self.sources: dict[str, Path] = {}
        """Key -> the file holding that PDF now (in the current cache, or in the scratch folder)."""
        self.last_inputs: dict[str, str] = {}
        """The last build's input files by name, with digests."""
        self.inputs: dict[str, str] = {}
        self.last_binder: str | None = None
        """The key of the last build's binder."""
        self.binder: str | None = None
        """The key of this build's binder."""
        self.last_stats: dict[str, tuple[int, int]] = {}
        """The last build's input files by name, with size and time (a quick first look: see Incremental)."""
        self.stats: dict[str, tuple[int, int]] = {}
        self.last_pages: dict[str, str] = {}
        """Page key -> SHA-256 of the page the last build made from it (render/page_keys.py)."""
        self.pages: dict[str, str] = {}
        """The same for this build's pages."""
        self._clear_leftovers()
        if store and not clean:
            self._read_index()

    def _read_index(self) -> None:
        try:
            data = json.loads((self.output / INDEX).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or not (self.output / MARKER).is_file():
                return
            self.entries = {key: PdfEntry(**value) for key, value in data["pdfs"].items()}
            self.last_binder = data.get("binder")
            self.last_inputs = {str(k): str(v) for k, v in data.get("inputs", {}).items()}
            self.last_pages = {str(k): str(v) for k, v in data.get("pages", {}).items()}
            self.last_stats = {str(k): (int(v[0]), int(v[1])) for k, v in data.get("stats", {}).items()}
            last = data["build"]
            self.previous = Previous(str(last["stamp"]), {str(k): int(v) for k, v in last["outputs"].items()}, int(last["pdfs"]))
        except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
            self.entries, self.previous = {}, None

    def _clear_leftovers(self) -> None:
        """Scratch folders of builds that were killed before they could clean up."""
        parent = self.output.parent
        if parent.is_dir():
            for leftover in parent.glob(f".{self.output.name}{_SCRATCH}*"):
                if leftover != self.scratch:
                    shutil.rmtree(leftover, ignore_errors=True)

    # ---- the whole build ----

    def _read_code_bound(self, name: str, key: str) -> dict:  # type: ignore[type-arg]
        """`key` of a cache file written by this very code (its results may depend on the code), else {}."""
        if not self.store or self.clean:
            return {}
        try:
            data = json.loads((self.output / name).read_text(encoding="utf-8"))
            if data.get("code") != inputs.code_digest() or not (self.output / MARKER).is_file():
                return {}
            return dict(data[key])
        except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
            return {}

    def _code_bound_file(self, name: str, key: str, value: object) -> dict[str, bytes]:
        if not self.store:
            return {}
        return {name: json.dumps({"code": inputs.code_digest(), key: value}, separators=(",", ":"), ensure_ascii=False).encode()}

    def read_memos(self) -> dict[str, dict[str, str]]:
        """The renderer's memos from the last build (render/memo.py)."""
        try:
            return {str(name): dict(entries) for name, entries in self._read_code_bound(MEMO, "memos").items()}
        except (ValueError, TypeError):
            return {}

    def memo_file(self, memos: Mapping[str, Mapping[str, str]]) -> dict[str, bytes]:
        return self._code_bound_file(MEMO, "memos", {name: dict(sorted(entries.items())) for name, entries in memos.items()})

    def looks_changed(self, listed: Iterable[Listed]) -> bool:
        """Some input file was added, removed, resized or touched since the last build (or that is unknown)."""
        return {item.name: (item.size, item.mtime_ns) for item in listed} != self.last_stats

    def changed_inputs(self, snapshot: Snapshot) -> set[str]:
        """Names of input files added, changed or removed since the last build (all of them if unknown)."""
        self.inputs = snapshot.by_name()
        self.stats = dict(snapshot.stats)
        names = set(self.inputs) | set(self.last_inputs)
        return {name for name in names if self.inputs.get(name) != self.last_inputs.get(name)}

    def up_to_date(self, stamp: str) -> Previous | None:
        """The last build, if it had this stamp and every file it wrote is still there at its size."""
        previous = self.previous
        if previous is None or previous.stamp != stamp:
            return None
        for name, size in previous.outputs.items():
            try:
                if (self.output / name).stat().st_size != size:
                    return None
            except OSError:
                return None
        return previous

    def index(self, stamp: str, outputs: Mapping[str, int], pdfs: int) -> dict[str, bytes]:
        """The index for the new output (as {name: bytes}, empty when storing nothing): the build's stamp,
        what it wrote, and the PDFs it used."""
        if not self.store:
            return {}
        data = {
            "format": FORMAT,
            "build": {"stamp": stamp, "outputs": dict(sorted(outputs.items())), "pdfs": pdfs},
            "pdfs": {key: vars(entry) for key, entry in sorted(self.used.items())},
            "binder": self.binder or (self.last_binder if self.last_binder in self.used else None),
            "inputs": self.inputs,
            "pages": dict(sorted(self.pages.items())),
            "stats": dict(sorted(self.stats.items())),
        }
        return {INDEX: (json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n").encode()}

    # ---- pages ----

    def previous_page(self, name: str, digest: str) -> Path | None:
        """The last output's file `name`, if the last build wrote it and it still holds exactly the page with
        this digest (read back: a page edited in place must not come back)."""
        if self.previous is None or name not in self.previous.outputs:
            return None
        path = self.output / name
        try:
            info = os.lstat(path)
            if not S_ISREG(info.st_mode) or info.st_size != self.previous.outputs[name]:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        return path if hashlib.sha256(data).hexdigest() == digest else None

    # ---- single PDFs ----

    def cached_file(self, key: str) -> Path | None:
        """The cached PDF for `key` if it is there exactly as recorded (an edit in place shows in size or time)."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        path = self.folder / f"{key}.pdf"
        try:
            stat = path.stat()
        except OSError:
            return None
        if stat.st_size != entry.size or stat.st_mtime_ns != entry.mtime_ns:
            return None
        return path

    def lookup(self, key: str, resolve: Callable[[str], str], snapshot: Snapshot) -> PdfEntry | None:
        """A reusable PDF for `key`, after checking that every file it loaded (and URL it was refused) says the same.

        `resolve(url)` gives the file the fetcher would serve now ("" if it would refuse).
        """
        if key in self.used:
            return self.used[key]
        path = self.cached_file(key)
        if path is None:
            return None
        entry = self.entries[key]
        for url, digest in entry.loaded.items():
            file = resolve(url)
            if (snapshot.digest(file) if file else "") != digest:
                return None
        self._use(key, entry, path)
        return entry

    def add(self, key: str, made: PdfFile, snapshot: Snapshot) -> PdfEntry:
        """Record a freshly made PDF. One that loaded a file with no digest in the snapshot is never reused."""
        stat = made.file.stat()
        recorded: dict[str, str] = {}
        for url, served in made.loaded.items():
            digest = snapshot.digest(served) if served else ""
            recorded[url] = digest if digest is not None else "unknown"
        entry = PdfEntry(
            made.sha256, stat.st_size, stat.st_mtime_ns, recorded, list(made.refused), made.pages,
            [mark.to_json() for mark in made.outline],
        )
        self._use(key, entry, made.file)
        return entry

    def previous_binder(self) -> tuple[Path, PdfEntry] | None:
        """The last build's binder, if it is still in the cache as recorded (for an incremental update)."""
        if self.last_binder is None:
            return None
        path = self.cached_file(self.last_binder)
        return (path, self.entries[self.last_binder]) if path is not None else None

    def _use(self, key: str, entry: PdfEntry, path: Path) -> None:
        self.used[key] = entry
        self.sources[key] = path

    def carry_all(self) -> None:
        """Keep every cached PDF (a build without PDFs must not throw away the next one's work)."""
        for key in self.entries:
            path = self.cached_file(key)
            if path is not None and key not in self.used:
                self._use(key, self.entries[key], path)

    def scratch_folder(self) -> Path:
        """Where this build's new PDFs are written: beside the output, so they can be linked into it."""
        try:
            self.scratch.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{self.output}: cannot create a folder beside it for new PDFs: {exc.strerror or exc}") from None
        return self.scratch

    def keep(self, outputs: Mapping[str, str]) -> tuple[dict[str, Path], dict[str, str]]:
        """(name -> file, name -> SHA-256) for the writer: each output PDF and its cache copy are the same file.

        `outputs` maps output paths to cache keys.
        """
        keep = {f"{CACHE_DIR}/{key}.pdf": path for key, path in self.sources.items()} if self.store else {}
        digests = {}
        for name, key in outputs.items():
            keep[name] = self.sources[key]
            digests[name] = self.used[key].sha256
        return keep, digests

    def finish(self) -> None:
        """Remove this build's scratch folder (its files now live, linked or copied, in the output)."""
        shutil.rmtree(self.scratch, ignore_errors=True)


def pdf_key(path: str, html_sha256: str, page_css: str, engine: str) -> str:
    """The key of one PDF: everything that shapes it except the files it loads (checked on reuse).
    The print HTML counts by its SHA-256, which the last build recorded with the page's key (render/page_keys.py)."""
    return hashlib.sha256(f"infoprep-pdf-{FORMAT}\0{engine}\0{path}\0{page_css}\0{html_sha256}".encode()).hexdigest()


def output_sizes(files: Mapping[str, bytes], sources: Mapping[str, Path], keep: Mapping[str, Path]) -> dict[str, int]:
    """The size of every file the build will write (cache files aside), to tell later whether the output is whole."""
    sizes = {name: len(data) for name, data in files.items()}
    for mapping in (sources, keep):
        for name, path in mapping.items():
            if name not in sizes and not name.startswith(CACHE_DIR + "/"):
                sizes[name] = path.stat().st_size
    return sizes
