"""Copying the pages of several PDFs into one file: each part's pages and what they use, renumbered,
identical objects once, font subsets tagged from their own program, structure trees merged, page
numbers drawn over.

A part is copied in two steps, so that what does not depend on where it goes is done once (serve
assembles the binder again after every edit, and an edit changes one part): `prepare` reads the
part, follows what its pages use, tags its fonts, digests its objects and finds its structure
elements, and makes each object a template: its bytes with holes where its place in the binder
shows (object numbers, parent-tree keys, the identifiers' prefix, the stream drawn over each page);
`place` numbers the objects in the binder (identical ones once), fills the holes and writes them, in
the order `add` always wrote them. A prepared part depends on the part's bytes, its title and the
binder's language only, so a binder of parts prepared earlier (printing/binder_parts.py keeps them)
is byte for byte the binder of parts prepared now.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from operator import gt
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
    value,
)
from generator.printing.pdfstructure import SourceTree, Structure, key_spans, own_ids
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


_NULL, _FONT, _ROOT, _PREFIX, _PREFIX_HEX, _PARENT, _SAVE = range(7)
FIXED_SLOTS = 7
"""A prepared part's holes are filled from its slots: first these seven, the same in every part
(a reference to nothing, to the overlay's font, to the binder's /Document, the identifiers' prefix
written as a literal and in hex, the page tree, the overlay's "q" stream); then the stream drawn
over each page, each object its pages use and each structure element. A negative index -1 - i is
the part's literal piece i (or the parent-tree key that stands there): a piece's index is known as
it is found, where a slot's would be known only once every element is."""


@dataclass(frozen=True)
class PreparedPart:
    """A part read, and every object it brings made a template (`Assembler.prepare`), ready to be
    placed in a binder at any position (`Assembler.place`).

    A template is a run of indices into the part's table: its slots (filled where the part is
    placed) and, counted back from the end, its literal pieces. The templates are, in order: each
    object of the page graph (in the order they were found), each structure element
    (breadth-first), each parent-tree value, each class-map value and each element identifier.
    """

    setup: bytes
    """What the assembler that prepared it adds to every part (Assembler.setup)."""

    literals: tuple[bytes, ...]
    """The literal pieces, and a place for each parent-tree key (`keys`)."""

    indices: array[int]
    """Every template's indices, one template after another (32-bit integers: a tuple of Python
    integers per template took ten times the memory, and serve holds every part)."""

    starts: array[int]
    """Where each template starts in `indices`, and where the last one ends."""

    pages: tuple[int, ...]
    """Each page, as its index in the graph, in page order."""

    boxes: tuple[tuple[float, float, float, float], ...]
    """Each page's media box, for what is drawn over it."""

    graph_streams: tuple[bytes | None, ...]
    """Each graph object's stream as it is (encoded), None for an object without one."""

    digests: tuple[bytes | None, ...]
    """Each graph object's canonical digest (None: never shared), as `_digests` makes it."""

    moved: tuple[int, ...]
    """The graph objects whose digest takes a parent-tree key (a link annotation's /StructParent),
    or takes one that does, children first: digested again where the part is placed."""

    element_streams: tuple[bytes | None, ...]
    packed: tuple[bool, ...]
    """Each element written after the others, in the object streams (the plain ones, as
    `_plain_spans` finds them), or at once."""

    keys: tuple[tuple[int, int], ...]
    """(place in `literals`, key) of each parent-tree key the part's objects hold: each is moved
    past the earlier parts' keys."""

    tagged: bool
    kids: tuple[int, ...]
    """The slots of its structure tree's top elements."""

    parent_keys: tuple[int, ...]
    next_key: int
    role_map: tuple[tuple[bytes, bytes], ...]
    class_keys: tuple[bytes, ...]
    namespaces: tuple[int, ...]
    ids: tuple[int, ...]
    """The slot of each identifier's element."""

    def template(self, at: int) -> memoryview:
        """Template `at`'s indices."""
        return memoryview(self.indices)[self.starts[at] : self.starts[at + 1]]

    @property
    def graph(self) -> int:
        return len(self.graph_streams)

    @property
    def elements(self) -> int:
        return len(self.element_streams)

    @property
    def slots(self) -> int:
        return FIXED_SLOTS + len(self.pages) + self.graph + self.elements

    def check(self) -> None:
        """Raise ValueError unless every index the part holds is in range, so that placing it
        cannot fail (a part read from the build cache is checked before it is used)."""
        graph_at = FIXED_SLOTS + len(self.pages)
        element_at = graph_at + self.graph
        slots, tail = self.slots, len(self.literals)
        extra = len(self.parent_keys) + len(self.class_keys) + len(self.ids)
        if (
            len(self.starts) != self.graph + self.elements + extra + 1
            or len(self.digests) != self.graph
            or len(self.packed) != self.elements
            or len(self.boxes) != len(self.pages)
        ):
            raise ValueError("a prepared part whose counts disagree")
        starts, indices = self.starts, self.indices
        if starts[0] != 0 or starts[-1] != len(indices) or any(map(gt, starts, starts[1:])):
            raise ValueError("templates that do not follow one another")
        if min(indices, default=0) < -tail or max(indices, default=0) >= slots:
            raise ValueError("a template index out of range")
        if any(not 0 <= at < tail for at, _ in self.keys):
            raise ValueError("a key out of range")
        if any(not 0 <= g < self.graph or self.digests[g] is not None for g in self.pages):
            raise ValueError("a page out of range, or shared")
        if any(d is not None and len(d) != 32 for d in self.digests):
            raise ValueError("a digest of the wrong size")
        if any(p and s is not None for p, s in zip(self.packed, self.element_streams, strict=True)):
            raise ValueError("a stream among the packed elements")
        numbered = {_FONT, _ROOT, *range(graph_at, slots)}
        if not numbered.issuperset(self.kids) or not numbered.issuperset(self.namespaces):
            raise ValueError("a structure slot out of range")
        if any(not element_at <= slot < slots for slot in self.ids):
            raise ValueError("an identifier's element out of range")
        done: set[int] = set()
        for g in self.moved:
            if not 0 <= g < self.graph or g in done or self.digests[g] is None:
                raise ValueError("a moved digest out of range")
            for index in self.template(g):
                if graph_at <= index < element_at:
                    child = index - graph_at
                    if self.digests[child] is None or (child in self.moved and child not in done):
                        raise ValueError("a moved digest before what it takes")
                elif index >= 0 and index != _FONT:
                    raise ValueError("a moved digest of a reference never shared")
            done.add(g)


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

    @property
    def setup(self) -> bytes:
        """What `prepare` adds to every part besides the part itself: the structure tree or not, and
        the overlay's font name (a part prepared for one setup is not placed by another)."""
        tagged = b"tagged" if self.structure is not None else b"untagged"
        return tagged + b" " + (self.overlay.font_name if self.overlay is not None else b"-")

    def prepare(
        self, source: SourcePdf, title: str | None = None, lang: bytes | None = None
    ) -> PreparedPart:
        """Everything of a part's copy that does not depend on where it goes.

        Outlines, named destinations and the source's page tree are left behind: the binder writes
        its own. `title` names the part's top structure element, and its language is written on it
        when it is not `lang`.
        """
        pages = source.pages()
        page_set = set(pages)
        tree = SourceTree.read(source) if self.structure is not None else None
        external: dict[int, int] = {}
        """Numbers in the source that stand for objects already in the file, with their slots."""
        if self.overlay is not None:
            external[_OVERLAY_FONT] = _FONT
        if tree is not None:
            external[tree.root] = _ROOT
        seen = set(external)
        # 1. the pages and everything they use
        roots = pages + (
            tree.namespaces + [ref for raw in tree.class_map.values() for ref in refs(raw)]
            if tree
            else []
        )
        bodies: dict[int, tuple[PdfObject, list[tuple[int, int, int]]]] = {}
        keyed: dict[int, list[tuple[int, int, int]]] = {}
        order: list[int] = []
        resources: set[int] = set()
        queue = self._start(source, roots, seen)
        while queue:
            number = queue.popleft()
            obj = source.object(number)
            body = obj.body
            if number in page_set:
                body = self._page(source, body, resources)
            elif number in resources:
                body = self._with_overlay_font(source, body)
            if b"+" in body and (match := _TAGGED_NAME.search(body)):
                body = body.replace(
                    match.group(0), b"/%s /%s+" % (match.group(1), self._tag(source, number))
                )
            if number in page_set:
                if self.structure is not None and (found := entries(body).get(b"/StructParents")):
                    keyed[number] = [(found[0], found[1], int(body[found[0] : found[1]]))]
            elif number not in resources and b"/StructParent" in body and tree is not None:
                keyed[number] = key_spans(body)
            spans = ref_spans(body)
            bodies[number] = (PdfObject(body, obj.stream), spans)
            order.append(number)
            self._follow(source, spans, seen, queue)
        digests = _digests(bodies, page_set, {_OVERLAY_FONT: b"\0overlay font\0"})
        moved = _moved(bodies, digests, keyed)
        graph_at = FIXED_SLOTS + len(pages)
        slot_of = {**external, **{old: graph_at + g for g, old in enumerate(order)}}
        made = _Templates()
        drawn = {page: FIXED_SLOTS + at for at, page in enumerate(pages)}
        boxes: dict[int, tuple[float, float, float, float]] = {}
        for old in order:
            body, spans = bodies[old][0].body, bodies[old][1]
            holes = [(start, end, slot_of.get(ref, _NULL)) for start, end, ref in spans]
            holes += [(start, end, made.key(key)) for start, end, key in keyed.get(old, [])]
            if old in page_set:
                body, holes, boxes[old] = self._finished(body, holes, drawn[old])
            made.add(body, holes)
        # 2. the structure elements, the part's own
        elements = _Elements(graph_at + len(order))
        if tree is not None:
            changes = self._top_changes(source, title, lang)
            elements.prepare(source, tree, changes, seen, slot_of, made)
            for _, raw in tree.parent_tree:
                made.add(raw, [(s, e, slot_of.get(ref, _NULL)) for s, e, ref in ref_spans(raw)])
            for raw in tree.class_map.values():
                made.add(raw, [(s, e, slot_of.get(ref, _NULL)) for s, e, ref in ref_spans(raw)])
            for identifier, mark, _ in elements.ids:
                made.add(identifier, _marks(identifier, mark))
        index = {old: g for g, old in enumerate(order)}
        return PreparedPart(
            self.setup,
            tuple(made.pieces),
            made.indices,
            made.starts,
            tuple(index[page] for page in pages),
            tuple(boxes[page] for page in pages),
            tuple(bodies[old][0].stream for old in order),
            tuple(digests[old] for old in order),
            tuple(index[old] for old in moved),
            tuple(elements.streams),
            tuple(elements.packed),
            tuple((at, key) for key, at in made.keys.items()),
            tree is not None,
            tuple(slot_of[kid] for kid in tree.kids if kid in slot_of) if tree else (),
            tuple(key for key, _ in tree.parent_tree) if tree else (),
            tree.next_key if tree else 0,
            tuple(tree.role_map.items()) if tree else (),
            tuple(tree.class_map) if tree else (),
            tuple(slot_of[n] for n in tree.namespaces if n in slot_of) if tree else (),
            tuple(slot for _, _, slot in elements.ids),
        )

    def place(self, part: PreparedPart) -> list[int]:
        """Number a prepared part's objects after the earlier parts' (identical objects once), fill
        its holes and write it; returns the new page numbers."""
        if part.setup != self.setup:
            raise ValueError("a part prepared for another kind of binder")
        structure, overlay = self.structure, self.overlay
        offset = structure.next_key if structure is not None else 0
        if structure is not None and not part.tagged:
            structure.untagged += 1
        graph_at = FIXED_SLOTS + len(part.pages)
        element_at, graph = graph_at + part.graph, part.graph
        tail = list(part.literals)
        for at, key in part.keys:
            tail[at] = b"%d" % (key + offset)
        digests = part.digests if not part.moved else self._moved_digests(part, tail)
        numbers: list[int] = []
        fresh: list[int] = []
        for g, digest in enumerate(digests):
            known = self._written.get(digest) if digest is not None else None
            if known is None:
                known = self.next
                self.next += 1
                fresh.append(g)
                if digest is not None:
                    self._written[digest] = known
            numbers.append(known)
        first = self.next
        self.next += part.elements
        prefix = b"p%d-" % self._parts
        table = [
            b"null",
            b"%d 0 R" % overlay.font if overlay is not None else b"null",
            b"%d 0 R" % structure.document if structure is not None else b"null",
            prefix,
            prefix.hex().encode(),
            b"%d 0 R" % self.parent,
            b"%d 0 R" % overlay.save if overlay is not None else b"null",
        ]
        table += [b"null"] * len(part.pages)
        table += [b"%d 0 R" % n for n in numbers]
        table += [b"%d 0 R" % n for n in range(first, first + part.elements)]
        table += reversed(tail)
        fill, template = table.__getitem__, part.template
        # the structure elements: the ones `_plain_spans` takes packed after the others
        view, starts = memoryview(part.indices), part.starts
        bodies = [
            b"".join(map(fill, view[starts[at] : starts[at + 1]]))
            for at in range(graph, graph + part.elements)
        ]
        plain: list[tuple[int, bytes]] = []
        for at, (body, packed) in enumerate(zip(bodies, part.packed, strict=True)):
            if packed:
                plain.append((first + at, body))
            else:
                self.writer.write(first + at, body, part.element_streams[at])
        self.writer.pack(plain)
        # the graph's new objects, each page after the stream drawn over it
        page_at = {g: at for at, g in enumerate(part.pages)}
        for g in fresh:
            page = page_at.get(g)
            if page is not None and overlay is not None:
                drawn = self.next
                self.next += 1
                box = part.boxes[page]
                self.writer.write(drawn, b"<< >>", overlay.draw(self.pages + page, box))
                table[FIXED_SLOTS + page] = b"%d 0 R" % drawn
            self.writer.write(numbers[g], b"".join(map(fill, template(g))), part.graph_streams[g])
        if structure is not None and part.tagged:

            def number(slot: int) -> int | None:
                if graph_at <= slot < element_at:
                    return numbers[slot - graph_at]
                if slot >= element_at:
                    return first + slot - element_at
                if slot == _FONT:
                    return overlay.font if overlay is not None else None
                return structure.document  # _ROOT

            self._merge(part, fill, offset, number)
        self._parts += 1
        self.pages += len(part.pages)
        return [numbers[g] for g in part.pages]

    def _merge(
        self,
        part: PreparedPart,
        fill: Callable[[int], bytes],
        offset: int,
        number: Callable[[int], int | None],
    ) -> None:
        """Put the part's top elements, parent tree, maps and identifiers into the binder's
        structure."""
        structure = self.structure
        assert structure is not None
        structure.kids += [n for slot in part.kids if (n := number(slot)) is not None]
        at = part.graph + part.elements
        structure.parent_tree += [
            (key + offset, b"".join(map(fill, part.template(at + i))))
            for i, key in enumerate(part.parent_keys)
        ]
        structure.next_key = offset + part.next_key
        for key, raw in part.role_map:
            structure.role_map.setdefault(key, raw)
        at += len(part.parent_keys)
        for i, key in enumerate(part.class_keys):
            structure.class_map.setdefault(key, b"".join(map(fill, part.template(at + i))))
        for slot in part.namespaces:
            if (n := number(slot)) is not None and n not in structure.namespaces:
                structure.namespaces.append(n)
        at += len(part.class_keys)
        structure.ids += [
            (b"".join(map(fill, part.template(at + i))), number(slot) or 0)
            for i, slot in enumerate(part.ids)
        ]

    @staticmethod
    def _moved_digests(part: PreparedPart, tail: list[bytes]) -> list[bytes | None]:
        """The part's digests with the moved ones made again, now that its keys are known (the
        same bytes `_digests` hashes for the object as `add` writes it)."""
        digests = list(part.digests)
        graph_at = FIXED_SLOTS + len(part.pages)
        for g in part.moved:
            digest = hashlib.sha256()
            for index in part.template(g):
                if index < 0:
                    digest.update(tail[-1 - index])
                elif index == _FONT:
                    digest.update(b"@\0overlay font\0")
                else:
                    digest.update(b"@" + digests[index - graph_at])  # type: ignore[operator]
            stream = part.graph_streams[g]
            digest.update(b"\0" if stream is None else b"\0stream\0" + stream)
            digests[g] = digest.digest()
        return digests

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

    def _page(self, source: SourcePdf, body: bytes, resources: set[int]) -> bytes:
        """A page as the copy reads it: no parent (the binder has its own page tree), and the
        overlay's font added to its resources (in place when they are inline, else in the
        object)."""
        found = entries(body)
        if b"/Resources" not in found or b"/MediaBox" not in found:
            raise UnsupportedPdf(
                "a page that inherits its resources or size (not how WeasyPrint writes them)"
            )
        changes: dict[bytes, bytes | None] = {b"/Parent": None}
        if b"/StructParents" in found and self.structure is not None:
            start, end = found[b"/StructParents"]
            changes[b"/StructParents"] = b"%d" % int(body[start:end])  # moved where it is placed
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

    def _finished(
        self, body: bytes, holes: list[tuple[int, int, int]], drawn: int
    ) -> tuple[bytes, list[tuple[int, int, int]], tuple[float, float, float, float]]:
        """A page under the binder's page tree, and with the overlay drawn over its contents: the
        page's template (`body` with `holes`) edited, and its media box.

        The edit is made on the page with each hole filled by a number longer than any in it, so
        that it is the edit of the page as written, and the holes are found again after it.
        """
        width = max([len(run) for run in _DIGIT_RUN.findall(body)] + [12]) + 2
        base = 10**width
        holes = sorted(holes)
        codes = [code for _, _, code in holes] + [_PARENT, _SAVE, drawn]
        pieces: list[bytes] = []
        at = 0
        for h, (start, end, code) in enumerate(holes):
            pieces += [body[at:start], b"%d" % (base + h) if code < 0 else b"%d 0 R" % (base + h)]
            at = end
        filled = b"".join(pieces) + body[at:]
        parent, save, over = (b"%d 0 R" % (base + h) for h in range(len(holes), len(codes)))
        changes: dict[bytes, bytes | None] = {b"/Parent": parent}
        box = (0.0, 0.0, 0.0, 0.0)
        if self.overlay is not None:
            found = entries(filled)
            start, end = found[b"/MediaBox"]
            numbers = [float(v) for v in items(filled[start:end])]
            if len(numbers) != 4:
                raise UnsupportedPdf("a page size that is not four numbers")
            box = (numbers[0], numbers[1], numbers[2], numbers[3])
            contents = (
                filled[found[b"/Contents"][0] : found[b"/Contents"][1]]
                if b"/Contents" in found
                else b""
            )
            inner = b" ".join(items(contents)) if contents.startswith(b"[") else contents
            changes[b"/Contents"] = b"[ %s %s %s ]" % (save, inner, over)
        page = edit(filled, changes)
        found_holes = []
        for match in re.finditer(rb"\d{%d,}" % (width + 1), page):
            h = int(match.group()) - base
            if not 0 <= h < len(codes):
                raise UnsupportedPdf("a page the binder cannot take apart again")
            end = match.end() if codes[h] < 0 else match.end() + 4
            if codes[h] >= 0 and page[match.end() : end] != b" 0 R":
                raise UnsupportedPdf("a page the binder cannot take apart again")
            found_holes.append((match.start(), end, codes[h]))
        return page, found_holes, box

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


_DIGIT_RUN = re.compile(rb"\d+")


class _Templates:
    """A part's templates as they are made, each literal piece kept once."""

    def __init__(self) -> None:
        self.indices = array("i")
        self.starts = array("i", [0])
        self.pieces: list[bytes] = []
        """The literal pieces, and a place for each key."""
        self.keys: dict[int, int] = {}
        """Parent-tree key -> its place in `pieces`."""
        self._index: dict[bytes, int] = {}

    def key(self, key: int) -> int:
        """The index that stands for parent-tree key `key`."""
        at = self.keys.get(key)
        if at is None:
            at = self.keys[key] = len(self.pieces)
            self.pieces.append(b"")
        return -1 - at

    def add(self, body: bytes, holes: list[tuple[int, int, int]]) -> None:
        """A template: `body` with each (start, end, slot) of `holes` a hole."""
        out: list[int] = []
        index, pieces = self._index, self.pieces
        at = 0
        for start, end, code in sorted(holes) + [(len(body), len(body), 0)]:
            if start < at:
                raise UnsupportedPdf("two things the binder moves overlap in one object")
            if start > at:
                piece = body[at:start]
                found = index.get(piece)
                if found is None:
                    found = index[piece] = len(pieces)
                    pieces.append(piece)
                out.append(-1 - found)
            out.append(code)
            at = end
        out.pop()
        self.indices.extend(out)
        self.starts.append(len(self.indices))

    def add_plain(self, body: bytes, known: dict[int, int], slot: Callable[[int], int]) -> bool:
        """The template of an object with no string in it whose references are all written
        "12 0 R" (as pydyf writes them), made as it is split where `ref_spans`' regex would cost
        three times as much (some 700 structure elements a packet), each reference's slot from
        `known`, else `slot`; False for any other object, with nothing made (but `slot` called for
        the references found before it was told apart, as `_plain_spans` finds them)."""
        if b"(" in body:
            return False
        pieces = body.split(b" 0 R")
        last = len(pieces) - 1
        if not last:
            if b"R" in body and R_PATTERN.search(body):
                return False
        elif (
            body.count(b" R") + body.count(b"\nR") + body.count(b"\rR") + body.count(b"\tR") != last
        ):
            return False
        out: list[int] = []
        index, stored = self._index, self.pieces
        for at in range(last):
            piece, after = pieces[at], pieces[at + 1]
            digits = _reference_digits(piece, after)
            if not digits:
                return False
            if digits < len(piece):
                literal = piece[:-digits]
                found = index.get(literal)
                if found is None:
                    found = index[literal] = len(stored)
                    stored.append(literal)
                out.append(-1 - found)
            ref = int(piece[-digits:])
            out.append(known.get(ref) or slot(ref))
        if literal := pieces[last]:
            found = index.get(literal)
            if found is None:
                found = index[literal] = len(stored)
                stored.append(literal)
            out.append(-1 - found)
        self.indices.extend(out)
        self.starts.append(len(self.indices))
        return True


class _Elements:
    """A part's structure elements as `prepare` finds them: breadth-first from its top elements and
    the parent tree's values, each numbered (a slot from `first` on) as it is first referred to,
    as `add` always numbered them."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.found: list[int] = []
        self.streams: list[bytes | None] = []
        self.packed: list[bool] = []
        self.ids: list[tuple[bytes, bytes, int]] = []
        """(identifier, what stands in it for the prefix, the slot of its element)."""

    def prepare(
        self,
        source: SourcePdf,
        tree: SourceTree,
        top_changes: Callable[[bytes], dict[bytes, bytes | None]],
        seen: set[int],
        slot_of: dict[int, int],
        made: _Templates,
    ) -> None:
        """Find, number and read the elements, each made a template in `made`."""
        tops = set(tree.kids)
        exists = source.offsets.keys() | source.packed.keys()
        queue: deque[int] = deque()

        def number(old: int) -> int:
            slot = slot_of.get(old)
            if slot is None and old not in seen and old in exists:
                seen.add(old)
                queue.append(old)
                slot = slot_of[old] = self.first + len(self.found)
                self.found.append(old)
            return _NULL if slot is None else slot

        for root in dict.fromkeys(
            tree.kids + [ref for _, raw in tree.parent_tree for ref in refs(raw)]
        ):
            number(root)
        while queue:
            old = queue.popleft()
            obj = source.object(old)
            body = obj.body
            if old in tops:
                body = edit(body, top_changes(body))
            holes: list[tuple[int, int, int]] = []
            if (b"/ID" in body or b"/Headers" in body) and b"/StructElem" in body:
                mark = _mark(body)
                body, own = own_ids(body, mark)
                holes += _marks(body, mark)
                self.ids += [(identifier, mark, slot_of[old]) for identifier in own]
            if b"/StructParent" in body:
                holes += [(start, end, made.key(k)) for start, end, k in key_spans(body)]
            spans: list[tuple[int, int, int]] = []
            if obj.stream is not None:
                plain = False
            elif not holes:  # most elements: made as they are split, when they are plain
                plain = made.add_plain(body, slot_of, number)
            else:
                spans, plain = _plain_spans(body)
                if not plain:
                    for _, _, ref in spans:
                        number(ref)
            if holes or not plain:
                if (
                    not plain
                ):  # each reference numbered in order, after what the plain walk numbered
                    spans = ref_spans(body)
                holes += [(start, end, number(ref)) for start, end, ref in spans]
                made.add(body, holes)
            self.streams.append(obj.stream)
            self.packed.append(plain)


def _mark(body: bytes) -> bytes:
    """What stands for the identifiers' prefix in an element while it is prepared: found in it
    neither as itself nor in hex (the prefix is written in hex in a hex string)."""
    n = 0
    while (mark := b"@%d@" % n) in body or mark.hex().encode() in body:
        n += 1
    return mark


def _marks(body: bytes, mark: bytes) -> list[tuple[int, int, int]]:
    """Where `own_ids` wrote `mark` for the prefix, as holes."""
    out = []
    for found, slot in ((mark, _PREFIX), (mark.hex().encode(), _PREFIX_HEX)):
        at = body.find(found)
        while at >= 0:
            out.append((at, at + len(found), slot))
            at = body.find(found, at + len(found))
    return out


def _moved(
    bodies: dict[int, tuple[PdfObject, list[tuple[int, int, int]]]],
    digests: dict[int, bytes | None],
    keyed: dict[int, list[tuple[int, int, int]]],
) -> list[int]:
    """The objects whose digest takes a parent-tree key, or takes one that does, children first:
    their digests are made again where the part is placed. (An object with a digest is on no
    cycle.)"""
    out: list[int] = []
    state: dict[int, bool] = {}

    def visit(number: int) -> bool:
        if number in state:
            return state[number]
        state[number] = False
        if digests.get(number) is None or number not in bodies:
            return False
        moved = number in keyed
        for _, _, ref in bodies[number][1]:
            moved = visit(ref) or moved
        state[number] = moved
        if moved:
            out.append(number)
        return moved

    for number in bodies:
        visit(number)
    return out


_AFTER = frozenset(b" \t\r\n\f\0[]<>()/%{}")


def _reference_digits(piece: bytes, after: bytes) -> int:
    """How many digits end `piece` as the object number of a plain reference ("12 0 R", split on
    " 0 R" with `after` the text that follows it), or 0 when it is not one."""
    digits = len(piece) - len(piece.rstrip(b"0123456789"))
    if (
        not digits
        or (after and after[0] not in _AFTER)
        or (digits < len(piece) and piece[-digits - 1] not in BEFORE)
    ):
        return 0
    return digits


def _plain_spans(body: bytes) -> tuple[list[tuple[int, int, int]], bool]:
    """`_Templates.add_plain`'s walk, for an element that has holes of its own as well: its
    references and True, or the references found before it was told apart and False."""
    if b"(" in body:
        return [], False
    pieces = body.split(b" 0 R")
    if len(pieces) == 1:
        return [], b"R" not in body or not R_PATTERN.search(body)
    if (
        body.count(b" R") + body.count(b"\nR") + body.count(b"\rR") + body.count(b"\tR")
        != len(pieces) - 1
    ):
        return [], False
    spans: list[tuple[int, int, int]] = []
    at = 0
    for index in range(len(pieces) - 1):
        piece, after = pieces[index], pieces[index + 1]
        digits = _reference_digits(piece, after)
        if not digits:
            return spans, False
        end = at + len(piece)
        spans.append((end - digits, end + 4, int(piece[-digits:])))
        at = end + 4
    return spans, True


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
