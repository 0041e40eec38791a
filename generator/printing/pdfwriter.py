"""Writing the binder: objects, object streams, a cross-reference stream."""

from __future__ import annotations

import re
import struct
import zlib
from typing import BinaryIO


def text_string(value: str) -> bytes:
    """A PDF text string: printable ASCII as a literal, anything else as UTF-16BE with a byte order
    mark."""
    if value.isascii() and value.isprintable():
        return (
            b"("
            + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode()
            + b")"
        )
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


_ROW = struct.Struct(">BIH")
"""A cross-reference stream's row (/W [ 1 4 2 ]): kind, offset or object stream, index."""

_LENGTH = re.compile(rb"/Length\s+\d+(?:\s+\d+\s+R)?")


class PdfWriter:
    """Writes numbered objects to a binary stream and ends it with a cross-reference stream.

    Objects without a stream (dictionaries: structure elements, fonts' widths, bookmarks) are
    gathered `PACK` at a time into compressed object streams (PDF 1.5), as WeasyPrint writes its
    own: a tagged binder holds some 700 structure elements per packet, which written one by one
    would more than double its size. Streams (page contents, fonts, images) are written as they
    come, still encoded. The object streams and the cross-reference stream take the numbers after
    `size`.
    """

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
        """Write (or pack) an object: `body` its dictionary or value, `stream` its data as it is
        (encoded)."""
        if stream is None:
            self.packed[number] = (len(self._packs), len(self._pending))
            self._pending.append((number, body))
            if len(self._pending) == self.PACK:
                self._pack()
            return
        body = (
            _LENGTH.sub(b"/Length %d" % len(stream), body)
            if b"/Length" in body
            else body.rstrip()[:-2] + b" /Length %d>>" % len(stream)
        )
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
        self._packs.append(
            (
                len(self._pending),
                len(head),
                zlib.compress(head + b"\n".join(parts) + b"\n", self.LEVEL),
            )
        )
        self._pending = []

    def close(self, size: int, trailer: bytes) -> None:
        """Write the object streams, the cross-reference stream and the end of the file (`size`: one
        more than the highest number the caller used; `trailer`: /Root, /Info, /ID ...)."""
        if self._pending:
            self._pack()
        for index, (count, first, data) in enumerate(self._packs):
            self._raw(
                size + index,
                b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
                % (count, first, len(data))
                + data
                + b"\nendstream",
            )
        xref = size + len(self._packs)
        self.offsets[xref] = self.at
        rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
        row, offsets, packed = _ROW.pack, self.offsets, self.packed
        for number in range(1, xref + 1):
            if (offset := offsets.get(number)) is not None:
                rows.append(row(1, offset, 0))
            elif (found := packed.get(number)) is not None:
                rows.append(row(2, size + found[0], found[1]))
            else:
                rows.append(b"\x00\x00\x00\x00\x00\x00\x00")
        data = zlib.compress(b"".join(rows), self.LEVEL)
        head = b"<< /Type /XRef /Size %d /W [ 1 4 2 ] %s /Filter /FlateDecode /Length %d >>" % (
            xref + 1,
            trailer,
            len(data),
        )
        self.handle.write(
            b"%d 0 obj\n" % xref
            + head
            + b"\nstream\n"
            + data
            + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % self.at
        )
