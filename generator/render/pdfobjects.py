"""Just enough PDF to copy the pages of WeasyPrint's PDFs into one file (the binder), one part at a time.

The binder is made of PDFs that WeasyPrint (through pydyf) wrote: a classic
cross-reference table, or one compressed object stream with a cross-reference stream.
Reading those, following the objects a page needs and writing them out renumbered
takes a few milliseconds a part and holds one part in memory at a time, where a
general PDF library (qpdf through pikepdf) took ~6 MB of memory per part and pypdf
~100 ms per part. Stream data is copied as it is, never decoded. A tagged part's
structure tree can come along (`Structure`), and something can be drawn over every page
(`Overlay`: the binder's page numbers). The file is written with object streams and a
cross-reference stream, as WeasyPrint writes its own.

Anything this reader does not understand raises UnsupportedPdf rather than writing a
broken binder.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO


class UnsupportedPdf(ValueError):
    pass


_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_STARTXREF = re.compile(rb"startxref\s+(\d+)")


def _int_entry(body: bytes, key: bytes) -> int | None:
    match = re.search(rb"/" + key + rb"\s+(\d+)(?!\s+\d+\s+R)", body)
    return int(match.group(1)) if match else None


def _ref_entry(body: bytes, key: bytes) -> int | None:
    match = re.search(rb"/" + key + rb"\s+(\d+)\s+\d+\s+R", body)
    return int(match.group(1)) if match else None


_R = re.compile(rb"\sR(?![^\s\[\]<>()/%])")
_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)", re.S)
_DIGITS = frozenset(b"0123456789")
_SPACE = frozenset(b" \t\r\n\f\0")
_BEFORE = frozenset(b" \t\r\n\f\0[<(")
_SHORT = 1024
"""Below this size (structure elements, annotations: most objects of a tagged PDF) one regex finds the references
faster than the walk back from each R, which wins on long arrays of numbers."""
_SHORT_REF = re.compile(rb"(?<![^ \t\r\n\f\0\[<(])(\d+)[ \t\r\n\f\0]+\d+[ \t\r\n\f\0]+R(?![^\s\[\]<>()/%])")


def ref_spans(body: bytes) -> list[tuple[int, int, int]]:
    r"""(start, end, object number) of each indirect reference "12 0 R" in a dictionary or array, strings skipped.

    Found from each R backwards: a regex for `(\d+)\s+(\d+)\s+R` would try a match at every
    digit of a font's long width arrays, which made it the slowest part of the binder.
    """
    if b"R" not in body:
        return []
    strings = [m.span() for m in _STRING.finditer(body)] if b"(" in body else []
    if len(body) < _SHORT:
        found = [(m.start(), m.end(), int(m.group(1))) for m in _SHORT_REF.finditer(body)]
        return [span for span in found if not any(a <= span[0] < b for a, b in strings)] if strings else found
    spans = []
    for match in _R.finditer(body):
        space = match.start()
        g = space
        while g > 0 and body[g - 1] in _DIGITS:
            g -= 1
        w = g
        while w > 0 and body[w - 1] in _SPACE:
            w -= 1
        n = w
        while n > 0 and body[n - 1] in _DIGITS:
            n -= 1
        if g == space or w == g or n == w or (n > 0 and body[n - 1] not in _BEFORE):
            continue
        if any(a <= n < b for a, b in strings):
            continue
        spans.append((n, match.end(), int(body[n:w])))
    return spans


def refs(body: bytes) -> Iterator[int]:
    """The object numbers an object's dictionary or array refers to (strings skipped)."""
    for _, _, number in ref_spans(body):
        yield number


def renumber(body: bytes, number: Callable[[int], int | None], spans: list[tuple[int, int, int]] | None = None) -> bytes:
    """The object with every reference renumbered; a reference with no new number becomes null."""
    out, at = [], 0
    for start, end, old in ref_spans(body) if spans is None else spans:
        new = number(old)
        out += [body[at:start], b"null" if new is None else b"%d 0 R" % new]
        at = end
    out.append(body[at:])
    return b"".join(out)


@dataclass(frozen=True)
class PdfObject:
    body: bytes
    """The dictionary (or other value), without `obj`/`endobj`."""
    stream: bytes | None = None
    """Raw (still encoded) stream data, for a stream object."""


class SourcePdf:
    """A PDF made by WeasyPrint, read whole into memory (tens of kilobytes) for its objects."""

    def __init__(self, data: bytes):
        self.data = data
        self.offsets: dict[int, int] = {}
        self.packed: dict[int, tuple[int, int]] = {}
        """Object number -> (object stream number, index in it)."""
        self._streams: dict[int, list[bytes]] = {}
        self.trailer = b""
        self._read_xref()

    @classmethod
    def open(cls, path: Path) -> SourcePdf:
        return cls(path.read_bytes())

    # ---- cross-reference ----

    def _read_xref(self) -> None:
        found = _STARTXREF.findall(self.data[-1024:])
        if not found:
            raise UnsupportedPdf("no startxref")
        position = int(found[-1])
        seen = set()
        while position and position not in seen:
            seen.add(position)
            read = self._read_table if self.data.startswith(b"xref", position) else self._read_stream_xref
            position = read(position)

    def _read_table(self, position: int) -> int:
        end = self.data.index(b"trailer", position)
        lines = self.data[position + 4 : end].split()
        i = 0
        while i < len(lines):
            first, count = int(lines[i]), int(lines[i + 1])
            i += 2
            for n in range(count):
                offset, _, kind = lines[i : i + 3]
                i += 3
                if kind == b"n" and first + n not in self.offsets and first + n not in self.packed:
                    self.offsets[first + n] = int(offset)
        trailer = self.data[end + 7 : self.data.index(b"startxref", end)]
        if not self.trailer:
            self.trailer = trailer
        return _int_entry(trailer, b"Prev") or 0

    def _read_stream_xref(self, position: int) -> int:
        number, body, raw = self._parse_at(position)
        if b"/XRef" not in body:
            raise UnsupportedPdf("startxref points at neither a table nor a cross-reference stream")
        if not self.trailer:
            self.trailer = body
        data = self._decode(body, raw or b"")
        widths = [int(w) for w in re.search(rb"/W\s*\[([^\]]*)\]", body).group(1).split()]  # type: ignore[union-attr]
        index = re.search(rb"/Index\s*\[([^\]]*)\]", body)
        size = _int_entry(body, b"Size") or 0
        ranges = [int(v) for v in index.group(1).split()] if index else [0, size]
        row = sum(widths)
        at = 0
        for first, count in zip(ranges[::2], ranges[1::2], strict=True):
            for n in range(first, first + count):
                fields, offset = [], at
                for width in widths:
                    fields.append(int.from_bytes(data[offset : offset + width], "big") if width else 1)
                    offset += width
                at += row
                kind, a, b = (fields + [0, 0, 0])[:3]
                if n in self.offsets or n in self.packed:
                    continue
                if kind == 1:
                    self.offsets[n] = a
                elif kind == 2:
                    self.packed[n] = (a, b)
        self.offsets.setdefault(number, position)
        return _int_entry(body, b"Prev") or 0

    # ---- objects ----

    def _decode(self, body: bytes, raw: bytes) -> bytes:
        filters = re.search(rb"/Filter\s*(\[[^\]]*\]|/\w+)", body)
        if filters is None:
            return raw
        names = re.findall(rb"/(\w+)", filters.group(1))
        if names != [b"FlateDecode"] or b"/DecodeParms" in body:
            raise UnsupportedPdf(f"unexpected stream filters {names!r}")
        return zlib.decompress(raw)

    def _parse_at(self, position: int) -> tuple[int, bytes, bytes | None]:
        header = _OBJ.match(self.data, position)
        if header is None:
            raise UnsupportedPdf(f"no object at offset {position}")
        start = header.end()
        end = self.data.find(b"endobj", start)
        if end < 0:
            raise UnsupportedPdf(f"object {header.group(1).decode()} has no endobj")
        stream = _STREAM.search(self.data, start, end)
        if stream is not None:
            body = self.data[start : stream.start() + 2].strip()
            data_at = stream.end()
            length = _int_entry(body, b"Length")
            if length is None:
                length_ref = _ref_entry(body, b"Length")
                if length_ref is None:
                    raise UnsupportedPdf("a stream without /Length")
                length = int(self.object(length_ref).body)
            return int(header.group(1)), body, self.data[data_at : data_at + length]
        return int(header.group(1)), self.data[start:end].strip(), None

    def _object_stream(self, number: int) -> list[bytes]:
        if number not in self._streams:
            _, body, raw = self._parse_at(self.offsets[number])
            data = self._decode(body, raw or b"")
            count, first = _int_entry(body, b"N") or 0, _int_entry(body, b"First") or 0
            header = [int(v) for v in data[:first].split()]
            starts = header[1::2][:count]
            ends = starts[1:] + [len(data) - first]
            self._streams[number] = [data[first + s : first + e].strip() for s, e in zip(starts, ends, strict=True)]
        return self._streams[number]

    def object(self, number: int) -> PdfObject:
        if number in self.packed:
            stream, index = self.packed[number]
            return PdfObject(self._object_stream(stream)[index])
        if number in self.offsets:
            _, body, raw = self._parse_at(self.offsets[number])
            return PdfObject(body, raw)
        raise UnsupportedPdf(f"object {number} is not in the file")

    def catalog(self) -> bytes:
        root = _ref_entry(self.trailer, b"Root")
        if root is None:
            raise UnsupportedPdf("no /Root")
        return self.object(root).body

    def resolve(self, raw: bytes | None) -> bytes | None:
        """A value as written, or the object it refers to (its dictionary or array) when it is a reference."""
        number = _reference(raw)
        return raw if number is None else self.object(number).body

    def pages(self) -> list[int]:
        """The page objects' numbers, in order."""
        tree = _ref_entry(self.catalog(), b"Pages")
        if tree is None:
            raise UnsupportedPdf("no /Pages")
        out: list[int] = []
        self._walk(tree, out, 0)
        return out

    def _walk(self, node: int, out: list[int], depth: int) -> None:
        body = self.object(node).body
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
        if kids is None or re.search(rb"/Type\s*/Page(?![s\w])", body):
            out.append(node)
            return
        if depth > 50:
            raise UnsupportedPdf("page tree too deep")
        for kid in refs(kids.group(1)):
            self._walk(kid, out, depth + 1)


# ---- values inside an object: just enough of the syntax to find a dictionary's own keys ----

_TOKEN = re.compile(rb"\d+\s+\d+\s+R(?![^\s\[\]<>()/%{}])|/?[^\s()<>\[\]{}/%]+|/")
"""A reference, a name, a number or a keyword."""
_FLAT_ARRAY = re.compile(rb"\[[^\[\]()<>%]*\]")
_FLAT_DICTIONARY = re.compile(rb"<<[^\[\]()<>%]*>>")
"""An array or dictionary with no string, array or dictionary inside: found whole by one match."""


def skip_space(data: bytes, at: int) -> int:
    """The first position from `at` that is neither white space nor a comment."""
    end = len(data)
    while at < end:
        c = data[at]
        if c in _SPACE:
            at += 1
        elif c == 0x25:  # %
            newline = data.find(b"\n", at)
            at = end if newline < 0 else newline
        else:
            break
    return at


def value_end(data: bytes, at: int) -> int:
    """Where the value starting at `at` ends: a dictionary, array, string, name, number, keyword or "12 0 R"."""
    at = skip_space(data, at)
    if at >= len(data):
        raise UnsupportedPdf("a value is missing")
    c = data[at]
    if c == 0x5B:  # [
        if flat := _FLAT_ARRAY.match(data, at):
            return flat.end()
        at += 1
        while (at := skip_space(data, at)) < len(data) and data[at] != 0x5D:
            at = value_end(data, at)
        if at >= len(data):
            raise UnsupportedPdf("an array that does not end")
        return at + 1
    if data.startswith(b"<<", at):
        if flat := _FLAT_DICTIONARY.match(data, at):
            return flat.end()
        at += 2
        while not data.startswith(b">>", at := skip_space(data, at)):
            if at >= len(data):
                raise UnsupportedPdf("a dictionary that does not end")
            at = value_end(data, at)
        return at + 2
    if c == 0x28:  # (
        match = _STRING.match(data, at)
        if match is None:
            raise UnsupportedPdf("a string that does not end")
        return match.end()
    if c == 0x3C:  # <
        close = data.find(b">", at)
        if close < 0:
            raise UnsupportedPdf("a hex string that does not end")
        return close + 1
    token = _TOKEN.match(data, at)
    if token is None or token.end() == at:
        raise UnsupportedPdf(f"unexpected {data[at : at + 1]!r} in an object")
    return token.end()


def _keys(body: bytes) -> dict[bytes, tuple[int, int, int]]:
    """A dictionary's own keys (not those of the dictionaries inside it): where each key starts, and its value."""
    at = skip_space(body, 0)
    if not body.startswith(b"<<", at):
        raise UnsupportedPdf("a dictionary was expected")
    out: dict[bytes, tuple[int, int, int]] = {}
    at += 2
    while not body.startswith(b">>", at := skip_space(body, at)):
        if at >= len(body) or body[at] != 0x2F:
            raise UnsupportedPdf("a dictionary key that is not a name")
        key_start = at
        key_end = value_end(body, at)
        start = skip_space(body, key_end)
        at = value_end(body, start)
        out[body[key_start:key_end]] = (key_start, start, at)
    return out


def entries(body: bytes) -> dict[bytes, tuple[int, int]]:
    """A dictionary's own keys (not those of the dictionaries inside it), each with where its value starts and ends."""
    return {key: (start, end) for key, (_, start, end) in _keys(body).items()}


def items(array: bytes) -> list[bytes]:
    """The values of an array, as they are written."""
    at = skip_space(array, 0)
    if not array.startswith(b"[", at):
        raise UnsupportedPdf("an array was expected")
    out = []
    at += 1
    while (at := skip_space(array, at)) < len(array) and array[at] != 0x5D:
        end = value_end(array, at)
        out.append(array[at:end])
        at = end
    return out


def edit(body: bytes, changes: dict[bytes, bytes | None]) -> bytes:
    """The dictionary with each key in `changes` set to its value, or removed for None; new keys go at the end."""
    found = _keys(body)
    out, at = [], 0
    for key, (key_at, _, end) in sorted(found.items(), key=lambda item: item[1][0]):
        if key in changes:
            new = changes[key]
            out += [body[at:key_at], b"" if new is None else key + b" " + new]
            at = end
    tail = body[at:].rstrip()
    if not tail.endswith(b">>"):
        raise UnsupportedPdf("a dictionary was expected")
    added = [key + b" " + value for key, value in changes.items() if value is not None and key not in found]
    return b"".join(out) + tail[:-2] + b"".join(b" " + a for a in added) + b">>"


def value(body: bytes, key: bytes) -> bytes | None:
    """A dictionary's value for `key` as written (a reference stays a reference), or None."""
    span = entries(body).get(key)
    return body[span[0] : span[1]] if span else None


def _reference(raw: bytes | None) -> int | None:
    match = re.fullmatch(rb"(\d+)\s+\d+\s+R", raw.strip()) if raw else None
    return int(match.group(1)) if match else None


# ---- the structure tree of a tagged part ----


@dataclass(frozen=True)
class SourceTree:
    """What a tagged PDF's /StructTreeRoot holds, read from the source: enough to hang its elements under another root."""

    root: int
    kids: list[int]
    """Its top elements (WeasyPrint: one /Document)."""
    parent_tree: list[tuple[int, bytes]]
    """The /ParentTree's (key, value) pairs, every node read, in key order."""
    next_key: int
    role_map: dict[bytes, bytes]
    class_map: dict[bytes, bytes]
    namespaces: list[int]

    @classmethod
    def read(cls, source: SourcePdf) -> SourceTree | None:
        root = _reference(value(source.catalog(), b"/StructTreeRoot"))
        if root is None:
            return None
        body = source.object(root).body
        kids_raw = source.resolve(value(body, b"/K"))
        kids = list(refs(kids_raw)) if kids_raw else []
        pairs: list[tuple[int, bytes]] = []
        tree = _reference(value(body, b"/ParentTree"))
        if tree is not None:
            cls._numbers(source, tree, pairs, 0)
        pairs.sort(key=lambda pair: pair[0])
        next_key = pairs[-1][0] + 1 if pairs else 0
        declared = value(body, b"/ParentTreeNextKey")
        if declared is not None and declared.isdigit():
            next_key = max(next_key, int(declared))
        namespaces_raw = source.resolve(value(body, b"/Namespaces"))
        return cls(
            root,
            kids,
            pairs,
            next_key,
            cls._map(source, value(body, b"/RoleMap")),
            cls._map(source, value(body, b"/ClassMap")),
            list(refs(namespaces_raw)) if namespaces_raw else [],
        )

    @staticmethod
    def _numbers(source: SourcePdf, node: int, out: list[tuple[int, bytes]], depth: int) -> None:
        """The (key, value) pairs of a number tree's node and everything under it."""
        if depth > 30:
            raise UnsupportedPdf("a number tree too deep")
        body = source.object(node).body
        nums = source.resolve(value(body, b"/Nums"))
        if nums:
            values = items(nums)
            for key, raw in zip(values[::2], values[1::2], strict=True):
                if not key.lstrip(b"-").isdigit():
                    raise UnsupportedPdf("a number tree key that is not an integer")
                out.append((int(key), raw))
        kids = source.resolve(value(body, b"/Kids"))
        for kid in refs(kids) if kids else ():
            SourceTree._numbers(source, kid, out, depth + 1)

    @staticmethod
    def _map(source: SourcePdf, raw: bytes | None) -> dict[bytes, bytes]:
        body = source.resolve(raw)
        if not body:
            return {}
        return {key: body[start:end] for key, (start, end) in entries(body).items()}


@dataclass
class Structure:
    """The binder's structure tree as its parts are added: what its root and top element will hold."""

    document: int
    """The object every part's top elements hang from (the binder's /Document element)."""
    kids: list[int] = field(default_factory=list)
    parent_tree: list[tuple[int, bytes]] = field(default_factory=list)
    next_key: int = 0
    role_map: dict[bytes, bytes] = field(default_factory=dict)
    class_map: dict[bytes, bytes] = field(default_factory=dict)
    namespaces: list[int] = field(default_factory=list)
    ids: list[tuple[bytes, int]] = field(default_factory=list)
    """(element identifier as a PDF string, element) for the /IDTree."""
    untagged: int = 0
    """Parts that had no structure tree."""


@dataclass(frozen=True)
class Overlay:
    """Something drawn on every page over what is there (the binder's page numbers): each page's contents are
    wrapped in q/Q (the `save` stream holds "q"), then `draw(index, media box)` is appended, with `font`
    available to it under `font_name`."""

    save: int
    font: int
    font_name: bytes
    draw: Callable[[int, tuple[float, float, float, float]], bytes]


_TAGGED_NAME = re.compile(rb"/(BaseFont|FontName)\s*/([A-Z]{6})\+")
_PROGRAM = re.compile(rb"/(?:FontFile[23]?|FontDescriptor)\s+(\d+)\s+\d+\s+R|/DescendantFonts\s*\[\s*(\d+)\s+\d+\s+R")
_ELEMENT_ID = re.compile(rb"/ID\s*([(<])")
_HEADERS = re.compile(rb"/Headers\s*\[([^\]]*)\]")
_OVERLAY_FONT = 0
"""Stands, in a part being copied, for the overlay's font: object 0 is never an object of a PDF."""


class Assembler:
    """Copies the pages of several PDFs into one file: each part's pages and every object they use, renumbered,
    with identical objects written once (the same font subset, image or resource dictionary in many packets), and
    every font subset's tag made from its own program, so no tag names two different subsets (ISO 32000-1 9.6.4).

    With a `structure`, each part's structure tree comes along: its top elements hang from `structure.document`,
    its page and annotation keys into the parent tree are moved past the earlier parts' (so one /ParentTree holds
    them all), and its element identifiers are made its own. Structure elements are never shared between parts:
    each points at its parent and its page, and an object on a cycle or leading to a page is never merged."""

    def __init__(self, writer: PdfWriter, next_number: int, parent: int, structure: Structure | None = None, overlay: Overlay | None = None):
        self.writer = writer
        self.next = next_number
        self.parent = parent
        self.structure = structure
        self.overlay = overlay
        self.pages = 0
        """Pages copied so far."""
        self._parts = 0
        self._written: dict[bytes, int] = {}
        """Canonical digest -> number of the object written for it."""

    def add(self, source: SourcePdf, title: str | None = None, lang: bytes | None = None) -> list[int]:
        """Copy the source's pages and what they use (and its structure tree, when asked); returns the new page
        numbers. Outlines, named destinations and the source's page tree are left behind: the binder writes its own.
        `title` names the part's top structure element, and its language is written on it when it is not `lang`."""
        pages = source.pages()
        page_set = set(pages)
        position = {page: at for at, page in enumerate(pages)}
        tree = SourceTree.read(source) if self.structure is not None else None
        if self.structure is not None and tree is None:
            self.structure.untagged += 1
        external: dict[int, int] = {}
        """Numbers in the source that stand for objects already in the file."""
        if self.overlay is not None:
            external[_OVERLAY_FONT] = self.overlay.font
        if tree is not None:
            external[tree.root] = self.structure.document  # type: ignore[union-attr]
        offset = self.structure.next_key if self.structure is not None else 0
        seen = set(external)
        # 1. the pages and everything they use, identical objects written once
        roots = pages + (tree.namespaces + [ref for raw in tree.class_map.values() for ref in refs(raw)] if tree else [])
        bodies: dict[int, tuple[PdfObject, list[tuple[int, int, int]]]] = {}
        order: list[int] = []
        resources: set[int] = set()
        queue = self._start(source, roots, seen)
        while queue:
            number = queue.popleft()
            obj = source.object(number)
            body = obj.body
            if number in page_set:
                body = self._page(source, body, offset, resources)
            elif number in resources:
                body = self._with_overlay_font(source, body)
            elif b"/StructParent" in body and tree is not None:
                body = _offset_keys(body, offset)
            if b"+" in body and (match := _TAGGED_NAME.search(body)):
                body = body.replace(match.group(0), b"/%s /%s+" % (match.group(1), self._tag(source, number)))
            spans = ref_spans(body)
            bodies[number] = (PdfObject(body, obj.stream), spans)
            order.append(number)
            self._follow(source, spans, seen, queue)
        digests = _digests(bodies, page_set, {_OVERLAY_FONT: b"\0overlay font\0"})
        numbers: dict[int, int] = dict(external)
        fresh: list[int] = []
        for old in order:
            digest = digests[old]
            known = self._written.get(digest) if digest is not None else None
            if known is not None:
                numbers[old] = known
            else:
                numbers[old] = self.next
                self.next += 1
                fresh.append(old)
                if digest is not None:
                    self._written[digest] = numbers[old]
        ids: list[tuple[bytes, int]] = []
        if tree is not None:
            ids = self._copy_elements(source, tree, title, lang, offset, seen, numbers)
        for old in fresh:
            obj, spans = bodies[old]
            body = renumber(obj.body, numbers.get, spans)
            if old in page_set:
                body = self._finish_page(body, self.pages + position[old])
            self.writer.write(numbers[old], body, obj.stream)
        if tree is not None and self.structure is not None:
            self._merge(tree, numbers, offset, ids)
        self._parts += 1
        self.pages += len(pages)
        return [numbers[p] for p in pages]

    def _copy_elements(
        self, source: SourcePdf, tree: SourceTree, title: str | None, lang: bytes | None, offset: int, seen: set[int], numbers: dict[int, int]
    ) -> list[tuple[bytes, int]]:
        """Copy the structure tree: the part's own, never shared (every element points at its parent and its page),
        numbered as found, so each element is renumbered as it is read. Some 700 elements a packet: most are renumbered
        by `_renumber_plain`, a split where a regex would cost three times as much. Returns the element identifiers."""
        tops, top_changes, prefix = set(tree.kids), self._top_changes(source, title, lang), b"p%d-" % self._parts
        exists = source.offsets.keys() | source.packed.keys()
        queue: deque[int] = deque()

        def number(old: int) -> int | None:
            new = numbers.get(old)
            if new is None and old not in seen and old in exists:
                seen.add(old)
                queue.append(old)
                new = numbers[old] = self.next
                self.next += 1
            return new

        for root in dict.fromkeys(tree.kids + [ref for _, raw in tree.parent_tree for ref in refs(raw)]):
            number(root)
        ids: list[tuple[bytes, int]] = []
        plain: list[tuple[int, bytes]] = []
        while queue:
            old = queue.popleft()
            obj = source.object(old)
            body = obj.body
            if old in tops:
                body = edit(body, top_changes(body))
            if (b"/ID" in body or b"/Headers" in body) and b"/StructElem" in body:
                body, found = _own_ids(body, prefix)
                ids += [(identifier, numbers[old]) for identifier in found]
            if b"/StructParent" in body:
                body = _offset_keys(body, offset)
            renumbered = _renumber_plain(body, number, numbers) if obj.stream is None else None
            if renumbered is not None:
                plain.append((numbers[old], renumbered))
            else:
                self.writer.write(numbers[old], renumber(body, lambda n: number(n)), obj.stream)
        self.writer.pack(plain)
        return ids

    @staticmethod
    def _start(source: SourcePdf, roots: list[int], seen: set[int]) -> deque[int]:
        """A queue of the roots not seen yet (and in the file), now seen."""
        queue = deque(n for n in dict.fromkeys(roots) if n not in seen and (n in source.offsets or n in source.packed))
        seen.update(queue)
        return queue

    @staticmethod
    def _follow(source: SourcePdf, spans: list[tuple[int, int, int]], seen: set[int], queue: deque[int]) -> None:
        for _, _, ref in spans:
            if ref not in seen and (ref in source.offsets or ref in source.packed):
                seen.add(ref)
                queue.append(ref)

    def _top_changes(self, source: SourcePdf, title: str | None, lang: bytes | None) -> Callable[[bytes], dict[bytes, bytes | None]]:
        """What a part's top structure element gets: a /Document becomes a /Part of the binder's, named by its title,
        and says its language when the part's differs from the binder's."""
        own = value(source.catalog(), b"/Lang")

        def changes(body: bytes) -> dict[bytes, bytes | None]:
            out: dict[bytes, bytes | None] = {}
            if value(body, b"/S") == b"/Document":
                out[b"/S"] = b"/Part"
            if title and value(body, b"/T") is None:
                out[b"/T"] = text_string(title)
            if own and own != lang and value(body, b"/Lang") is None:
                out[b"/Lang"] = own
            return out

        return changes

    def _page(self, source: SourcePdf, body: bytes, offset: int, resources: set[int]) -> bytes:
        """A page as the copy reads it: no parent (the binder has its own page tree), its parent-tree key moved,
        and the overlay's font added to its resources (in place when they are inline, else in the object)."""
        found = entries(body)
        if b"/Resources" not in found or b"/MediaBox" not in found:
            raise UnsupportedPdf("a page that inherits its resources or size (not how WeasyPrint writes them)")
        changes: dict[bytes, bytes | None] = {b"/Parent": None}
        if b"/StructParents" in found and self.structure is not None:
            start, end = found[b"/StructParents"]
            changes[b"/StructParents"] = b"%d" % (int(body[start:end]) + offset)
        if self.overlay is not None:
            start, end = found[b"/Resources"]
            shared = _reference(body[start:end])
            if shared is None:
                changes[b"/Resources"] = self._with_overlay_font(source, body[start:end])
            else:
                resources.add(shared)
        return edit(body, changes)

    def _with_overlay_font(self, source: SourcePdf, resources: bytes) -> bytes:
        """A resource dictionary with the overlay's font in its /Font, under a name it does not use."""
        assert self.overlay is not None
        name = self.overlay.font_name
        fonts = source.resolve(value(resources, b"/Font"))
        if fonts is None:
            return edit(resources, {b"/Font": b"<< %s %d 0 R >>" % (name, _OVERLAY_FONT)})
        if name in entries(fonts):
            raise UnsupportedPdf(f"a page already has a font named {name.decode()}")
        return edit(resources, {b"/Font": edit(fonts, {name: b"%d 0 R" % _OVERLAY_FONT})})

    def _finish_page(self, body: bytes, index: int) -> bytes:
        """The renumbered page under the binder's page tree, and with the overlay drawn over its contents."""
        changes: dict[bytes, bytes | None] = {b"/Parent": b"%d 0 R" % self.parent}
        if self.overlay is not None:
            found = entries(body)
            start, end = found[b"/MediaBox"]
            box = [float(v) for v in items(body[start:end])]
            if len(box) != 4:
                raise UnsupportedPdf("a page size that is not four numbers")
            contents = body[found[b"/Contents"][0] : found[b"/Contents"][1]] if b"/Contents" in found else b""
            inner = b" ".join(items(contents)) if contents.startswith(b"[") else contents
            drawn = self.next
            self.next += 1
            self.writer.write(drawn, b"<< >>", self.overlay.draw(index, (box[0], box[1], box[2], box[3])))
            changes[b"/Contents"] = b"[ %d 0 R %s %d 0 R ]" % (self.overlay.save, inner, drawn)
        return edit(body, changes)

    def _merge(self, tree: SourceTree, numbers: dict[int, int], offset: int, ids: list[tuple[bytes, int]]) -> None:
        """Put the part's top elements, parent tree, maps and identifiers into the binder's structure."""
        structure = self.structure
        assert structure is not None
        structure.kids += [numbers[kid] for kid in tree.kids if kid in numbers]
        structure.parent_tree += [(key + offset, renumber(raw, numbers.get)) for key, raw in tree.parent_tree]
        structure.next_key = offset + tree.next_key
        for key, raw in tree.role_map.items():
            structure.role_map.setdefault(key, raw)
        for key, raw in tree.class_map.items():
            structure.class_map.setdefault(key, renumber(raw, numbers.get))
        for namespace in tree.namespaces:
            if namespace in numbers and numbers[namespace] not in structure.namespaces:
                structure.namespaces.append(numbers[namespace])
        structure.ids += ids

    def _tag(self, source: SourcePdf, number: int) -> bytes:
        """Six capitals from the digest of the font program a font or font descriptor leads to."""
        program, body = b"", source.object(number).body
        for _ in range(4):  # Type0 -> CIDFont -> FontDescriptor -> FontFile2
            match = _PROGRAM.search(body)
            if match is None:
                break
            target = source.object(int(match.group(1) or match.group(2)))
            if target.stream is not None:
                program = target.stream
                break
            body = target.body
        digest = hashlib.sha256(program or body).digest()
        return bytes(65 + b % 26 for b in digest[:6])


_AFTER = frozenset(b" \t\r\n\f\0[]<>()/%{}")


def _renumber_plain(body: bytes, number: Callable[[int], int | None], known: dict[int, int]) -> bytes | None:
    """`renumber` for an object with no string in it whose references are all written "12 0 R" (as pydyf writes
    them), looking in `known` first; None for any other object."""
    if b"(" in body:
        return None
    pieces = body.split(b" 0 R")
    if len(pieces) == 1:
        return body if b"R" not in body or not _R.search(body) else None
    if body.count(b" R") + body.count(b"\nR") + body.count(b"\rR") + body.count(b"\tR") != len(pieces) - 1:
        return None
    out = []
    for at in range(len(pieces) - 1):
        piece, after = pieces[at], pieces[at + 1]
        digits = len(piece) - len(piece.rstrip(b"0123456789"))
        if not digits or (after and after[0] not in _AFTER) or (digits < len(piece) and piece[-digits - 1] not in _BEFORE):
            return None
        old = int(piece[-digits:])
        new = known.get(old) or number(old)
        out.append(piece[:-digits] + (b"null" if new is None else b"%d 0 R" % new))
    out.append(pieces[-1])
    return b"".join(out)


_STRUCT_PARENT = re.compile(rb"/StructParents?(?![^\s\[\]<>()/%{}])\s*(\d+)")


def _offset_keys(body: bytes, offset: int) -> bytes:
    """An annotation's (or form's) key into the parent tree, moved by `offset` (a regex, not `edit`: a binder has
    thousands of link annotations)."""
    strings = [m.span() for m in _STRING.finditer(body)] if b"(" in body else []
    out, at = [], 0
    for match in _STRUCT_PARENT.finditer(body):
        if not any(a <= match.start() < b for a, b in strings):
            out += [body[at : match.start(1)], b"%d" % (int(match.group(1)) + offset)]
            at = match.end(1)
    return b"".join(out) + body[at:] if out else body


def _own_ids(body: bytes, prefix: bytes) -> tuple[bytes, list[bytes]]:
    """A structure element with its identifier, and the identifiers its table cell refers to, made the part's own
    by a prefix (each packet numbers its table headers from 0 alike); returns the element and its own identifier."""

    def prefixed(string: bytes) -> bytes:
        return b"(" + prefix + string[1:] if string.startswith(b"(") else b"<" + prefix.hex().encode() + string[1:]

    found = entries(body)
    changes: dict[bytes, bytes | None] = {}
    own: list[bytes] = []
    if b"/ID" in found:
        start, end = found[b"/ID"]
        if body[start] in b"(<":
            changes[b"/ID"] = prefixed(body[start:end])
            own.append(changes[b"/ID"])  # type: ignore[arg-type]
    if b"/A" in found and b"/Headers" in body:
        start, end = found[b"/A"]
        attributes = body[start:end]
        if attributes.startswith(b"<<") and (headers := value(attributes, b"/Headers")) and headers.startswith(b"["):
            renamed = b"[" + b" ".join(prefixed(h) if h[:1] in (b"(", b"<") else h for h in items(headers)) + b"]"
            changes[b"/A"] = edit(attributes, {b"/Headers": renamed})
    return (edit(body, changes) if changes else body), own


def _digests(
    bodies: dict[int, tuple[PdfObject, list[tuple[int, int, int]]]], unique: set[int], fixed: dict[int, bytes] | None = None
) -> dict[int, bytes | None]:
    """Each object's canonical digest (its bytes, with each reference replaced by the digest of what it refers to),
    or None for objects that must stay one of a kind: pages, and anything on or leading into a cycle or to an object
    not copied. `fixed`: the digests of objects that stand outside the part (already in the file)."""
    out: dict[int, bytes | None] = dict(fixed or {})
    active: set[int] = set()

    def visit(number: int) -> bytes | None:
        if number in out:
            return out[number]
        if number in active:
            return None
        if number in unique or number not in bodies:
            out[number] = None  # (what a page refers to is visited on its own: it may still be shared)
            return None
        active.add(number)
        obj, spans = bodies[number]
        digest: Any = hashlib.sha256()
        at = 0
        for start, end, ref in spans:
            child = visit(ref)
            if digest is not None:
                if child is None:
                    digest = None
                else:
                    digest.update(obj.body[at:start] + b"@" + child)
            at = end
        active.discard(number)
        if digest is not None:
            digest.update(obj.body[at:] + (b"\0stream\0" + obj.stream if obj.stream is not None else b"\0"))
        out[number] = digest.digest() if digest is not None else None
        return out[number]

    for number in bodies:
        visit(number)
    return out


def text_string(value: str) -> bytes:
    """A PDF text string: printable ASCII as a literal, anything else as UTF-16BE with a byte order mark."""
    if value.isascii() and value.isprintable():
        return b"(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode() + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


_LENGTH = re.compile(rb"/Length\s+\d+(?:\s+\d+\s+R)?")


class PdfWriter:
    """Writes numbered objects to a binary stream and ends it with a cross-reference stream.

    Objects without a stream (dictionaries: structure elements, fonts' widths, bookmarks) are gathered
    `PACK` at a time into compressed object streams (PDF 1.5), as WeasyPrint writes its own: a tagged
    binder holds some 700 structure elements per packet, which written one by one would more than
    double its size. Streams (page contents, fonts, images) are written as they come, still encoded.
    The object streams and the cross-reference stream take the numbers after `size`."""

    PACK = 200
    LEVEL = 6
    """zlib's default: level 1 saves ~30 ms at 100 meetings for a file ~10 % larger."""

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.handle.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.offsets: dict[int, int] = {}
        self.packed: dict[int, tuple[int, int]] = {}
        """Object number -> (which object stream, index in it)."""
        self._pending: list[tuple[int, bytes]] = []
        self._packs: list[tuple[int, int, bytes]] = []
        """Each object stream made: (objects, length of its header, compressed data)."""
        self.at = self.handle.tell()

    def write(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        """Write (or pack) an object: `body` its dictionary or value, `stream` its data as it is (encoded)."""
        if stream is None:
            self.packed[number] = (len(self._packs), len(self._pending))
            self._pending.append((number, body))
            if len(self._pending) == self.PACK:
                self._pack()
            return
        body = _LENGTH.sub(b"/Length %d" % len(stream), body) if b"/Length" in body else body.rstrip()[:-2] + b" /Length %d>>" % len(stream)
        self._raw(number, body + b"\nstream\n" + stream + b"\nendstream")

    def pack(self, objects: list[tuple[int, bytes]]) -> None:
        """Write many objects without streams (as `write` would, one by one)."""
        while objects:
            room = self.PACK - len(self._pending)
            taken, objects = objects[:room], objects[room:]
            for at, (number, _) in enumerate(taken, len(self._pending)):
                self.packed[number] = (len(self._packs), at)
            self._pending += taken
            if len(self._pending) == self.PACK:
                self._pack()

    def _raw(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.at
        data = b"%d 0 obj\n" % number + body + b"\nendobj\n"
        self.handle.write(data)
        self.at += len(data)

    def _pack(self) -> None:
        header, parts, at = [], [], 0
        for number, body in self._pending:
            header.append(b"%d %d" % (number, at))
            parts.append(body)
            at += len(body) + 1
        head = b" ".join(header) + b"\n"
        self._packs.append((len(self._pending), len(head), zlib.compress(head + b"\n".join(parts) + b"\n", self.LEVEL)))
        self._pending = []

    def close(self, size: int, trailer: bytes) -> None:
        """Write the object streams, the cross-reference stream and the end of the file (`size`: one more than the
        highest number the caller used; `trailer`: /Root, /Info, /ID ...)."""
        if self._pending:
            self._pack()
        for index, (count, first, data) in enumerate(self._packs):
            self._raw(size + index, b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (count, first, len(data)) + data + b"\nendstream")
        xref = size + len(self._packs)
        self.offsets[xref] = self.at
        rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
        for number in range(1, xref + 1):
            if number in self.offsets:
                rows.append(b"\x01" + self.offsets[number].to_bytes(4, "big") + b"\x00\x00")
            elif number in self.packed:
                pack, index = self.packed[number]
                rows.append(b"\x02" + (size + pack).to_bytes(4, "big") + index.to_bytes(2, "big"))
            else:
                rows.append(b"\x00\x00\x00\x00\x00\x00\x00")
        data = zlib.compress(b"".join(rows), self.LEVEL)
        head = b"<< /Type /XRef /Size %d /W [ 1 4 2 ] %s /Filter /FlateDecode /Length %d >>" % (xref + 1, trailer, len(data))
        self.handle.write(b"%d 0 obj\n" % xref + head + b"\nstream\n" + data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % self.at)
