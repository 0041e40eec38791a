"""The binder's parts as prepared for assembly (printing/pdfassembly.py: `Assembler.prepare`), kept
so that a binder assembled again after one part changed prepares that part only: in memory for the
life of a process (serve holds a `PreparedParts` across its builds), and in the build cache between
builds (parts/KEY.part).

A prepared part depends on the part's PDF, its title, the binder's language and the assembler's
setup, and on the code that prepared it: its key is the digest of all of them and of FORMAT and
`code_digest()`, so a part kept is never one the binder would now prepare otherwise.

The build cache is untrusted, so a kept part is no pickle: it is a small binary format of our own,
read with every count and length checked against what is left, then every index the part holds
checked against its tables (`PreparedPart.check`), and its payload's SHA-256 compared with the one
in its header, so a truncated, corrupted or hostile file (or a link: the cache's reader never
follows one) is set aside and the part prepared afresh, never a traceback. As with the cache's
PDFs, a file rewritten whole by someone who can write the cache folder is not detected: the folder
is the user's own, 0700.
"""

from __future__ import annotations

import hashlib
import struct
import sys
from array import array
from collections.abc import Callable, Iterable
from itertools import accumulate

from generator.inputs import code_digest
from generator.printing.cache import BuildCache
from generator.printing.pdfassembly import PreparedPart

FORMAT = 2
"""The layout of a kept part: raised whenever `PreparedPart` or this file's layout changes."""

_MAGIC = b"infoprep prepared binder part\n"
_U32 = struct.Struct("<I")
_INDEX, _KEY = "i", "q"
"""Indices and counts in 32 bits (a part's file is a third smaller, so quicker to read), the
parent tree's keys in 64 (they are a PDF's integers)."""


def part_key(sha256: str, title: str | None, lang: bytes, setup: bytes) -> str:
    """The key of a part prepared from the PDF of digest `sha256`, titled `title`, for a binder in
    language `lang` by an assembler of `setup`."""
    digest = hashlib.sha256(f"{FORMAT}\0{code_digest()}\0{sha256}\0".encode())
    for field in (b"" if title is None else b"\1" + title.encode("utf-8", "surrogatepass"), lang):
        digest.update(_U32.pack(len(field)) + field)
    digest.update(setup)
    return digest.hexdigest()


class PreparedParts:
    """Prepared parts kept in memory by whoever assembles binders again and again (serve): after
    each binder it holds the parts that binder used, and nothing else."""

    def __init__(self) -> None:
        self._kept: dict[str, PreparedPart] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: str) -> PreparedPart | None:
        return self._kept.get(key)

    def keep_only(self, used: dict[str, PreparedPart]) -> None:
        """Hold `used`, and drop every other part."""
        self._kept = dict(used)


class BinderParts:
    """One binder's parts: each taken from memory, else from the build cache, else prepared (and
    then kept in both)."""

    def __init__(self, kept: PreparedParts | None = None, cache: BuildCache | None = None):
        self.kept = kept if kept is not None else PreparedParts()
        self.cache = cache
        self.reused = 0
        """Parts not prepared for this binder: kept in memory or in the build cache."""
        self._used: dict[str, PreparedPart] = {}

    def part(self, key: str, prepare: Callable[[], PreparedPart], setup: bytes) -> PreparedPart:
        """The prepared part of `key`; `prepare()` makes it when none is kept (for `setup`)."""
        found = self._used.get(key) or self.kept.get(key)
        if found is None and self.cache is not None:
            found = self._load(key, setup)
        if found is not None:
            self.reused += 1
        else:
            found = prepare()
            if self.cache is not None:
                self.cache.keep_binder_part(key, encode(found))
        self._used[key] = found
        return found

    def done(self) -> None:
        """The binder is written: memory holds its parts only."""
        self.kept.keep_only(self._used)

    def _load(self, key: str, setup: bytes) -> PreparedPart | None:
        assert self.cache is not None
        data = self.cache.binder_part(key)
        if data is None:
            return None
        try:
            part = decode(data)
        except ValueError:
            return None
        return part if part.setup == setup else None


# ---- the file: magic, payload's SHA-256, then fields, each a list of integers or of byte strings


def encode(part: PreparedPart) -> bytes:
    """A prepared part as a kept file's bytes."""
    out: list[bytes] = []

    def ints(values: Iterable[int], kind: str = _INDEX) -> None:
        data = array(kind, values)
        if sys.byteorder != "little":
            data.byteswap()
        out.append(_U32.pack(len(data)) + data.tobytes())

    def blobs(values: list[bytes] | tuple[bytes, ...]) -> None:
        ints([len(v) for v in values])
        out.extend(values)

    def optional(values: tuple[bytes | None, ...]) -> None:
        ints([v is not None for v in values])
        blobs([v or b"" for v in values])

    blobs([part.setup])
    blobs(part.literals)
    ints(part.starts)
    ints(part.indices)
    ints(part.pages)
    blobs([struct.pack("<4d", *box) for box in part.boxes])
    optional(part.graph_streams)
    optional(part.digests)
    ints(part.moved)
    optional(part.element_streams)
    ints([int(p) for p in part.packed])
    ints([at for at, _ in part.keys])
    ints([key for _, key in part.keys], _KEY)
    ints([int(part.tagged), part.next_key], _KEY)
    ints(part.kids)
    ints(part.parent_keys, _KEY)
    blobs([key for key, _ in part.role_map])
    blobs([raw for _, raw in part.role_map])
    blobs(part.class_keys)
    ints(part.namespaces)
    ints(part.ids)
    payload = b"".join(out)
    return _MAGIC + hashlib.sha256(payload).digest() + payload


class _Reader:
    """Reads a kept file's fields, every count and length checked against what is left."""

    def __init__(self, data: bytes, at: int):
        self.data = data
        self.at = at

    def numbers(self, kind: str = _INDEX) -> array[int]:
        if self.at + 4 > len(self.data):
            raise ValueError("a kept part cut short")
        (count,) = _U32.unpack_from(self.data, self.at)
        values = array(kind)
        start, self.at = self.at + 4, self.at + 4 + values.itemsize * count
        if self.at > len(self.data):
            raise ValueError("a kept part cut short")
        values.frombytes(self.data[start : self.at])
        if sys.byteorder != "little":
            values.byteswap()
        return values

    def ints(self, kind: str = _INDEX) -> list[int]:
        return self.numbers(kind).tolist()

    def blobs(self) -> list[bytes]:
        lengths = self.ints()
        if min(lengths, default=0) < 0 or self.at + sum(lengths) > len(self.data):
            raise ValueError("a kept part cut short")
        ends = list(accumulate(lengths, initial=self.at))
        self.at = ends[-1]
        data = self.data
        return [data[a:b] for a, b in zip(ends, ends[1:], strict=False)]

    def optional(self) -> list[bytes | None]:
        present, values = self.ints(), self.blobs()
        if len(present) != len(values):
            raise ValueError("a kept part whose counts disagree")
        return [v if p else None for p, v in zip(present, values, strict=True)]


def decode(data: bytes) -> PreparedPart:
    """The prepared part a kept file holds; ValueError for anything else."""
    head = len(_MAGIC) + 32
    if not data.startswith(_MAGIC) or len(data) < head:
        raise ValueError("not a kept binder part")
    if hashlib.sha256(memoryview(data)[head:]).digest() != data[len(_MAGIC) : head]:
        raise ValueError("a kept binder part that changed")
    read = _Reader(data, head)
    setup, literals = read.blobs(), read.blobs()
    starts, indices = read.numbers(), read.numbers()
    if len(setup) != 1 or not starts:
        raise ValueError("a kept part whose counts disagree")
    pages = read.ints()
    boxes = read.blobs()
    if any(len(box) != 32 for box in boxes):
        raise ValueError("a page box of the wrong size")
    graph_streams, digests, moved = read.optional(), read.optional(), read.ints()
    element_streams, packed = read.optional(), read.ints()
    key_places, keys, flags = read.ints(), read.ints(_KEY), read.ints(_KEY)
    kids, parent_keys = read.ints(), read.ints(_KEY)
    role_keys, role_values, class_keys = read.blobs(), read.blobs(), read.blobs()
    namespaces, ids = read.ints(), read.ints()
    if (
        read.at != len(data)
        or len(flags) != 2
        or len(keys) != len(key_places)
        or len(role_keys) != len(role_values)
    ):
        raise ValueError("a kept part whose counts disagree")
    part = PreparedPart(
        setup[0],
        tuple(literals),
        indices,
        starts,
        tuple(pages),
        tuple(struct.unpack("<4d", box) for box in boxes),
        tuple(graph_streams),
        tuple(digests),
        tuple(moved),
        tuple(element_streams),
        tuple(bool(p) for p in packed),
        tuple(zip(key_places, keys, strict=True)),
        bool(flags[0]),
        tuple(kids),
        tuple(parent_keys),
        flags[1],
        tuple(zip(role_keys, role_values, strict=True)),
        tuple(class_keys),
        tuple(namespaces),
        tuple(ids),
    )
    part.check()
    return part
