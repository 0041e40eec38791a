"""Copying the pages of several PDFs into one file: each part's pages and what they use, renumbered,
identical objects once, font subsets tagged from their own program, structure trees merged, page
numbers drawn over."""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.printing.pdfobjects import (
    BEFORE,
    R_PATTERN,
    PdfObject,
    SourcePdf,
    UnsupportedPdf,
    edit,
    entries,
    items,
    ref_spans,
    reference,
    refs,
    renumber,
    value,
)
from generator.printing.pdfstructure import SourceTree, Structure, offset_keys, own_ids
from generator.printing.pdfwriter import PdfWriter, text_string


@dataclass(frozen=True)
class Overlay:
    """Something drawn on every page over what is there (the binder's page numbers): each page's
    contents are wrapped in q/Q (the `save` stream holds "q"), then `draw(index, media box)` is
    appended, with `font` available to it under `font_name`."""

    save: int
    font: int
    font_name: bytes
    draw: Callable[[int, tuple[float, float, float, float]], bytes]


_TAGGED_NAME = re.compile(rb"/(BaseFont|FontName)\s*/([A-Z]{6})\+")
_PROGRAM = re.compile(
    rb"/(?:FontFile[23]?|FontDescriptor)\s+(\d+)\s+\d+\s+R|/DescendantFonts\s*\[\s*(\d+)\s+\d+\s+R"
)
_OVERLAY_FONT = 0
"""Stands, in a part being copied, for the overlay's font: object 0 is never an object of a PDF."""


class Assembler:
    """Copies the pages of several PDFs into one file: each part's pages and every object they use,
    renumbered, with identical objects written once (the same font subset, image or resource
    dictionary in many packets), and every font subset's tag made from its own program, so no tag
    names two different subsets (ISO 32000-1 9.6.4).

    With a `structure`, each part's structure tree comes along: its top elements hang from
    `structure.document`, its page and annotation keys into the parent tree are moved past the
    earlier parts' (so one /ParentTree holds them all), and its element identifiers are made its
    own. Structure elements are never shared between parts: each points at its parent and its page,
    and an object on a cycle or leading to a page is never merged."""

    def __init__(
        self,
        writer: PdfWriter,
        next_number: int,
        parent: int,
        structure: Structure | None = None,
        overlay: Overlay | None = None,
    ):
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

    def add(
        self, source: SourcePdf, title: str | None = None, lang: bytes | None = None
    ) -> list[int]:
        """Copy the source's pages and what they use (and its structure tree, when asked); returns
        the new page numbers.

        Outlines, named destinations and the source's page tree are left behind: the binder writes
        its own. `title` names the part's top structure element, and its language is written on it
        when it is not `lang`.
        """
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
        roots = pages + (
            tree.namespaces + [ref for raw in tree.class_map.values() for ref in refs(raw)]
            if tree
            else []
        )
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
                body = offset_keys(body, offset)
            if b"+" in body and (match := _TAGGED_NAME.search(body)):
                body = body.replace(
                    match.group(0), b"/%s /%s+" % (match.group(1), self._tag(source, number))
                )
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
        self,
        source: SourcePdf,
        tree: SourceTree,
        title: str | None,
        lang: bytes | None,
        offset: int,
        seen: set[int],
        numbers: dict[int, int],
    ) -> list[tuple[bytes, int]]:
        """Copy the structure tree: the part's own, never shared (every element points at its parent
        and its page), numbered as found, so each element is renumbered as it is read.

        Some 700 elements a packet: most are renumbered by `_renumber_plain`, a split where a regex
        would cost three times as much. Returns the element identifiers.
        """
        tops, top_changes, prefix = (
            set(tree.kids),
            self._top_changes(source, title, lang),
            b"p%d-" % self._parts,
        )
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

        for root in dict.fromkeys(
            tree.kids + [ref for _, raw in tree.parent_tree for ref in refs(raw)]
        ):
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
                body, found = own_ids(body, prefix)
                ids += [(identifier, numbers[old]) for identifier in found]
            if b"/StructParent" in body:
                body = offset_keys(body, offset)
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
        queue = deque(
            n
            for n in dict.fromkeys(roots)
            if n not in seen and (n in source.offsets or n in source.packed)
        )
        seen.update(queue)
        return queue

    @staticmethod
    def _follow(
        source: SourcePdf, spans: list[tuple[int, int, int]], seen: set[int], queue: deque[int]
    ) -> None:
        for _, _, ref in spans:
            if ref not in seen and (ref in source.offsets or ref in source.packed):
                seen.add(ref)
                queue.append(ref)

    def _top_changes(
        self, source: SourcePdf, title: str | None, lang: bytes | None
    ) -> Callable[[bytes], dict[bytes, bytes | None]]:
        """What a part's top structure element gets: a /Document becomes a /Part of the binder's,
        named by its title, and says its language when the part's differs from the binder's."""
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
        """A page as the copy reads it: no parent (the binder has its own page tree), its
        parent-tree key moved, and the overlay's font added to its resources (in place when they are
        inline, else in the object)."""
        found = entries(body)
        if b"/Resources" not in found or b"/MediaBox" not in found:
            raise UnsupportedPdf(
                "a page that inherits its resources or size (not how WeasyPrint writes them)"
            )
        changes: dict[bytes, bytes | None] = {b"/Parent": None}
        if b"/StructParents" in found and self.structure is not None:
            start, end = found[b"/StructParents"]
            changes[b"/StructParents"] = b"%d" % (int(body[start:end]) + offset)
        if self.overlay is not None:
            start, end = found[b"/Resources"]
            shared = reference(body[start:end])
            if shared is None:
                changes[b"/Resources"] = self._with_overlay_font(source, body[start:end])
            else:
                resources.add(shared)
        return edit(body, changes)

    def _with_overlay_font(self, source: SourcePdf, resources: bytes) -> bytes:
        """A resource dictionary with the overlay's font in its /Font, under a name it does not
        use."""
        assert self.overlay is not None
        name = self.overlay.font_name
        fonts = source.resolve(value(resources, b"/Font"))
        if fonts is None:
            return edit(resources, {b"/Font": b"<< %s %d 0 R >>" % (name, _OVERLAY_FONT)})
        if name in entries(fonts):
            raise UnsupportedPdf(f"a page already has a font named {name.decode()}")
        return edit(resources, {b"/Font": edit(fonts, {name: b"%d 0 R" % _OVERLAY_FONT})})

    def _finish_page(self, body: bytes, index: int) -> bytes:
        """The renumbered page under the binder's page tree, and with the overlay drawn over its
        contents."""
        changes: dict[bytes, bytes | None] = {b"/Parent": b"%d 0 R" % self.parent}
        if self.overlay is not None:
            found = entries(body)
            start, end = found[b"/MediaBox"]
            box = [float(v) for v in items(body[start:end])]
            if len(box) != 4:
                raise UnsupportedPdf("a page size that is not four numbers")
            contents = (
                body[found[b"/Contents"][0] : found[b"/Contents"][1]]
                if b"/Contents" in found
                else b""
            )
            inner = b" ".join(items(contents)) if contents.startswith(b"[") else contents
            drawn = self.next
            self.next += 1
            self.writer.write(
                drawn, b"<< >>", self.overlay.draw(index, (box[0], box[1], box[2], box[3]))
            )
            changes[b"/Contents"] = b"[ %d 0 R %s %d 0 R ]" % (self.overlay.save, inner, drawn)
        return edit(body, changes)

    def _merge(
        self, tree: SourceTree, numbers: dict[int, int], offset: int, ids: list[tuple[bytes, int]]
    ) -> None:
        """Put the part's top elements, parent tree, maps and identifiers into the binder's
        structure."""
        structure = self.structure
        assert structure is not None
        structure.kids += [numbers[kid] for kid in tree.kids if kid in numbers]
        structure.parent_tree += [
            (key + offset, renumber(raw, numbers.get)) for key, raw in tree.parent_tree
        ]
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


def _renumber_plain(
    body: bytes, number: Callable[[int], int | None], known: dict[int, int]
) -> bytes | None:
    """`renumber` for an object with no string in it whose references are all written "12 0 R" (as
    pydyf writes them), looking in `known` first; None for any other object."""
    if b"(" in body:
        return None
    pieces = body.split(b" 0 R")
    if len(pieces) == 1:
        return body if b"R" not in body or not R_PATTERN.search(body) else None
    if (
        body.count(b" R") + body.count(b"\nR") + body.count(b"\rR") + body.count(b"\tR")
        != len(pieces) - 1
    ):
        return None
    out = []
    for at in range(len(pieces) - 1):
        piece, after = pieces[at], pieces[at + 1]
        digits = len(piece) - len(piece.rstrip(b"0123456789"))
        if (
            not digits
            or (after and after[0] not in _AFTER)
            or (digits < len(piece) and piece[-digits - 1] not in BEFORE)
        ):
            return None
        old = int(piece[-digits:])
        new = known.get(old) or number(old)
        out.append(piece[:-digits] + (b"null" if new is None else b"%d 0 R" % new))
    out.append(pieces[-1])
    return b"".join(out)


def _digests(
    bodies: dict[int, tuple[PdfObject, list[tuple[int, int, int]]]],
    unique: set[int],
    fixed: dict[int, bytes] | None = None,
) -> dict[int, bytes | None]:
    """Each object's canonical digest (its bytes, with each reference replaced by the digest of what
    it refers to), or None for objects that must stay one of a kind: pages, and anything on or
    leading into a cycle or to an object not copied. `fixed`: the digests of objects that stand
    outside the part (already in the file)."""
    out: dict[int, bytes | None] = dict(fixed or {})
    active: set[int] = set()

    def visit(number: int) -> bytes | None:
        if number in out:
            return out[number]
        if number in active:
            return None
        if number in unique or number not in bodies:
            out[number] = (
                None  # (what a page refers to is visited on its own: it may still be shared)
            )
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
            digest.update(
                obj.body[at:] + (b"\0stream\0" + obj.stream if obj.stream is not None else b"\0")
            )
        out[number] = digest.digest() if digest is not None else None
        return out[number]

    for number in bodies:
        visit(number)
    return out
