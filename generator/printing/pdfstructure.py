"""The structure tree of a tagged part, and the binder's as parts join it: the keys and identifiers
each part brings are moved and prefixed so they stay its own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.printing.pdfobjects import (
    STRING,
    SourcePdf,
    UnsupportedPdf,
    edit,
    entries,
    items,
    reference,
    refs,
    value,
)


@dataclass(frozen=True)
class SourceTree:
    """What a tagged PDF's /StructTreeRoot holds, read from the source: enough to hang its elements
    under another root."""

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
        root = reference(value(source.catalog(), b"/StructTreeRoot"))
        if root is None:
            return None
        body = source.object(root).body
        kids_raw = source.resolve(value(body, b"/K"))
        kids = list(refs(kids_raw)) if kids_raw else []
        pairs: list[tuple[int, bytes]] = []
        tree = reference(value(body, b"/ParentTree"))
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
    """The binder's structure tree as its parts are added: what its root and top element will
    hold."""

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


_STRUCT_PARENT = re.compile(rb"/StructParents?(?![^\s\[\]<>()/%{}])\s*(\d+)")


def key_spans(body: bytes) -> list[tuple[int, int, int]]:
    """(start, end, key) of an annotation's (or form's) key into the parent tree, outside strings:
    where a part's keys are moved past the earlier parts' (a regex, not `entries`: a binder has
    thousands of link annotations)."""
    strings = [m.span() for m in STRING.finditer(body)] if b"(" in body else []
    return [
        (match.start(1), match.end(1), int(match.group(1)))
        for match in _STRUCT_PARENT.finditer(body)
        if not any(a <= match.start() < b for a, b in strings)
    ]


def own_ids(body: bytes, prefix: bytes) -> tuple[bytes, list[bytes]]:
    """A structure element with its identifier, and the identifiers its table cell refers to, made
    the part's own by a prefix (each packet numbers its table headers from 0 alike); returns the
    element and its own identifier."""

    def prefixed(string: bytes) -> bytes:
        return (
            b"(" + prefix + string[1:]
            if string.startswith(b"(")
            else b"<" + prefix.hex().encode() + string[1:]
        )

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
        if (
            attributes.startswith(b"<<")
            and (headers := value(attributes, b"/Headers"))
            and headers.startswith(b"[")
        ):
            renamed = (
                b"["
                + b" ".join(prefixed(h) if h[:1] in (b"(", b"<") else h for h in items(headers))
                + b"]"
            )
            changes[b"/A"] = edit(attributes, {b"/Headers": renamed})
    return (edit(body, changes) if changes else body), own
