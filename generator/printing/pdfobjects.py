"""Just enough PDF to copy the pages of WeasyPrint's PDFs into one file (the binder), one part at a
time.

The binder is made of PDFs that WeasyPrint (through pydyf) wrote: a classic cross-reference table,
or one compressed object stream with a cross-reference stream. Reading those, following the objects
a page needs and writing them out renumbered takes a few milliseconds a part and holds one part in
memory at a time, where a general PDF library (qpdf through pikepdf) took ~6 MB of memory per part
and pypdf ~100 ms per part. Stream data is copied as it is, never decoded. A tagged part's structure
tree can come along (printing/pdfstructure.py), and something can be drawn over every page
(printing/pdfassembly.py: the binder's page numbers). This module reads: a part, its objects and
their values; printing/pdfassembly.py copies them, printing/pdfwriter.py writes the file, with
object streams and a cross-reference stream, as WeasyPrint writes its own.

Anything this reader does not understand raises UnsupportedPdf rather than writing a broken binder.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


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


R_PATTERN = re.compile(rb"\sR(?![^\s\[\]<>()/%])")
STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)", re.S)
_DIGITS = frozenset(b"0123456789")
_SPACE = frozenset(b" \t\r\n\f\0")
BEFORE = frozenset(b" \t\r\n\f\0[<(")
_SHORT = 1024
"""Below this size (structure elements, annotations: most objects of a tagged PDF) one regex finds
the references faster than the walk back from each R, which wins on long arrays of numbers."""

_SHORT_REF = re.compile(
    rb"(?<![^ \t\r\n\f\0\[<(])(\d+)[ \t\r\n\f\0]+\d+[ \t\r\n\f\0]+R(?![^\s\[\]<>()/%])"
)


def ref_spans(body: bytes) -> list[tuple[int, int, int]]:
    r"""(start, end, object number) of each indirect reference "12 0 R" in a dictionary or array,
    strings skipped.

    Found from each R backwards: a regex for `(\d+)\s+(\d+)\s+R` would try a match at every
    digit of a font's long width arrays, which made it the slowest part of the binder.
    """
    if b"R" not in body:
        return []
    strings = [m.span() for m in STRING.finditer(body)] if b"(" in body else []
    if len(body) < _SHORT:
        found = [(m.start(), m.end(), int(m.group(1))) for m in _SHORT_REF.finditer(body)]
        return (
            [span for span in found if not any(a <= span[0] < b for a, b in strings)]
            if strings
            else found
        )
    spans = []
    for match in R_PATTERN.finditer(body):
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
        if g == space or w == g or n == w or (n > 0 and body[n - 1] not in BEFORE):
            continue
        if any(a <= n < b for a, b in strings):
            continue
        spans.append((n, match.end(), int(body[n:w])))
    return spans


def refs(body: bytes) -> Iterator[int]:
    """The object numbers an object's dictionary or array refers to (strings skipped)."""
    for _, _, number in ref_spans(body):
        yield number


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
            read = (
                self._read_table
                if self.data.startswith(b"xref", position)
                else self._read_stream_xref
            )
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
        found = re.search(rb"/W\s*\[([^\]]*)\]", body)
        widths = [int(w) for w in found.group(1).split()]  # type: ignore[union-attr]
        index = re.search(rb"/Index\s*\[([^\]]*)\]", body)
        size = _int_entry(body, b"Size") or 0
        ranges = [int(v) for v in index.group(1).split()] if index else [0, size]
        row = sum(widths)
        at = 0
        for first, count in zip(ranges[::2], ranges[1::2], strict=True):
            for n in range(first, first + count):
                fields, offset = [], at
                for width in widths:
                    fields.append(
                        int.from_bytes(data[offset : offset + width], "big") if width else 1
                    )
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
            self._streams[number] = [
                data[first + s : first + e].strip() for s, e in zip(starts, ends, strict=True)
            ]
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
        """A value as written, or the object it refers to (its dictionary or array) when it is a
        reference."""
        number = reference(raw)
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
    """Where the value starting at `at` ends: a dictionary, array, string, name, number, keyword or
    "12 0 R"."""
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
        match = STRING.match(data, at)
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
    """A dictionary's own keys (not those of the dictionaries inside it): where each key starts, and
    its value."""
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
    """A dictionary's own keys (not those of the dictionaries inside it), each with where its value
    starts and ends."""
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
    """The dictionary with each key in `changes` set to its value, or removed for None; new keys go
    at the end."""
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
    added = [
        key + b" " + value
        for key, value in changes.items()
        if value is not None and key not in found
    ]
    return b"".join(out) + tail[:-2] + b"".join(b" " + a for a in added) + b">>"


def value(body: bytes, key: bytes) -> bytes | None:
    """A dictionary's value for `key` as written (a reference stays a reference), or None."""
    span = entries(body).get(key)
    return body[span[0] : span[1]] if span else None


def reference(raw: bytes | None) -> int | None:
    match = re.fullmatch(rb"(\d+)\s+\d+\s+R", raw.strip()) if raw else None
    return int(match.group(1)) if match else None
