"""Just enough PDF to copy the pages of WeasyPrint's PDFs into one file (the binder), one part at a time.

The binder is made of PDFs that WeasyPrint (through pydyf) wrote: a classic
cross-reference table, or one compressed object stream with a cross-reference stream.
Reading those, following the objects a page needs and writing them out renumbered
takes a few milliseconds a part and holds one part in memory at a time, where a
general PDF library (qpdf through pikepdf) took ~6 MB of memory per part and pypdf
~100 ms per part. Stream data is copied as it is, never decoded.

Anything this reader does not understand raises UnsupportedPdf rather than writing a
broken binder.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO


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


def ref_spans(body: bytes) -> list[tuple[int, int, int]]:
    r"""(start, end, object number) of each indirect reference "12 0 R" in a dictionary or array, strings skipped.

    Found from each R backwards: a regex for `(\d+)\s+(\d+)\s+R` would try a match at every
    digit of a font's long width arrays, which made it the slowest part of the binder.
    """
    if b"R" not in body:
        return []
    strings = [m.span() for m in _STRING.finditer(body)] if b"(" in body else []
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

    def pages(self) -> list[int]:
        """The page objects' numbers, in order."""
        root = _ref_entry(self.trailer, b"Root")
        if root is None:
            raise UnsupportedPdf("no /Root")
        tree = _ref_entry(self.object(root).body, b"Pages")
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


_PARENT = re.compile(rb"/Parent\s+\d+\s+\d+\s+R")
_TAGGED_NAME = re.compile(rb"/(BaseFont|FontName)\s*/([A-Z]{6})\+")
_PROGRAM = re.compile(rb"/(?:FontFile[23]?|FontDescriptor)\s+(\d+)\s+\d+\s+R|/DescendantFonts\s*\[\s*(\d+)\s+\d+\s+R")


class Assembler:
    """Copies the pages of several PDFs into one file: each part's pages and every object they use, renumbered,
    with identical objects written once (the same font subset, image or resource dictionary in many packets), and
    every font subset's tag made from its own program, so no tag names two different subsets (ISO 32000-1 9.6.4)."""

    def __init__(self, writer: PdfWriter, next_number: int, parent: int):
        self.writer = writer
        self.next = next_number
        self.parent = parent
        self._written: dict[bytes, int] = {}
        """Canonical digest -> number of the object written for it."""

    def add(self, source: SourcePdf) -> list[int]:
        """Copy the source's pages and what they use; returns the new page numbers. Outlines, named destinations
        and the source's page tree are left behind: the binder writes its own."""
        pages = source.pages()
        page_set = set(pages)
        bodies: dict[int, tuple[PdfObject, list[tuple[int, int, int]]]] = {}
        order: list[int] = []
        queue, seen = deque(pages), set(pages)
        while queue:
            number = queue.popleft()
            obj = source.object(number)
            body = _PARENT.sub(b"", obj.body) if number in page_set else obj.body
            if b"+" in body and (match := _TAGGED_NAME.search(body)):
                body = body.replace(match.group(0), b"/%s /%s+" % (match.group(1), self._tag(source, number)))
            spans = ref_spans(body)
            bodies[number] = (PdfObject(body, obj.stream), spans)
            order.append(number)
            for _, _, ref in spans:
                if ref not in seen and (ref in source.offsets or ref in source.packed):
                    seen.add(ref)
                    queue.append(ref)
        digests = _digests(bodies, page_set)
        numbers: dict[int, int] = {}
        fresh: list[int] = []
        for old in order:
            known = self._written.get(digests[old]) if digests[old] is not None else None  # type: ignore[arg-type]
            if known is not None:
                numbers[old] = known
            else:
                numbers[old] = self.next
                self.next += 1
                fresh.append(old)
                if digests[old] is not None:
                    self._written[digests[old]] = numbers[old]  # type: ignore[index]
        for old in fresh:
            obj, spans = bodies[old]
            body = renumber(obj.body, numbers.get, spans)
            if old in page_set:
                body = body.rstrip()
                if not body.endswith(b">>") or b"/Resources" not in body or b"/MediaBox" not in body:
                    raise UnsupportedPdf("a page that inherits its resources or size (not how WeasyPrint writes them)")
                body = body[:-2].rstrip() + b" /Parent %d 0 R >>" % self.parent
            if obj.stream is not None:
                body = re.sub(rb"/Length\s+\d+(\s+\d+\s+R)?", b"/Length %d" % len(obj.stream), body)
                self.writer.write(numbers[old], body + b"\nstream\n" + obj.stream + b"\nendstream")
            else:
                self.writer.write(numbers[old], body)
        return [numbers[p] for p in pages]

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


def _digests(bodies: dict[int, tuple[PdfObject, list[tuple[int, int, int]]]], unique: set[int]) -> dict[int, bytes | None]:
    """Each object's canonical digest (its bytes, with each reference replaced by the digest of what it refers to),
    or None for objects that must stay one of a kind: pages, and anything on or leading into a cycle."""
    out: dict[int, bytes | None] = {}
    active: set[int] = set()

    def visit(number: int) -> bytes | None:
        if number in out:
            return out[number]
        if number in active or number not in bodies:
            return None
        active.add(number)
        obj, spans = bodies[number]
        digest = None if number in unique else hashlib.sha256()
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


class PdfWriter:
    """Writes numbered objects to a binary stream and ends it with a classic cross-reference table and trailer."""

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.handle.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.offsets: dict[int, int] = {}
        self.at = self.handle.tell()

    def write(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.at
        data = b"%d 0 obj\n" % number + body + b"\nendobj\n"
        self.handle.write(data)
        self.at += len(data)

    def close(self, size: int, trailer: bytes) -> None:
        """Write the cross-reference section and trailer (`size`: one more than the highest number in the file)."""
        lines = [b"xref\n0 1\n0000000000 65535 f\r\n"]
        numbers = sorted(self.offsets)
        start = 0
        while start < len(numbers):
            end = start
            while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
                end += 1
            lines.append(b"%d %d\n" % (numbers[start], end - start + 1))
            lines.extend(b"%010d 00000 n\r\n" % self.offsets[n] for n in numbers[start : end + 1])
            start = end + 1
        lines.append(b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, self.at))
        self.handle.write(b"".join(lines))
