"""What a PDF depends on: the one place that turns a print page or a binder into its cache key.

A key is a content digest, never a file time. A page's PDF follows from its print HTML (which holds
everything the plan and the templates put on the page), its output path, the paper CSS and the
engine's identity (printing/engine.py); the files it loads are recorded beside it by the cache and
checked again on reuse. The binder follows from its parts' bytes, its own labels and the code that
assembles it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from generator import __version__

FORMAT = 7
"""Part of every page key: a change in what the keys cover changes them all."""

BINDER_CODE = ("binder.py", "pdfobjects.py", "pdfstructure.py", "pdfassembly.py", "pdfwriter.py")
"""The modules the binder's bytes follow from (beside this one)."""


def pdf_key(path: str, html: str, page_css: str, engine: str) -> str:
    """The key of one print page's PDF."""
    digest = hashlib.sha256(f"infoprep-pdf-{FORMAT}\0{engine}\0{path}\0{page_css}\0".encode())
    digest.update(html.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def binder_key(titles: Iterable[str], part_digests: Iterable[str], labels: Iterable[str]) -> str:
    """The binder's key: its code, its titles (trip, traveler, locale), its parts by their bytes
    alone (a private build's opaque names would change with every salt) and its day labels."""
    digest = hashlib.sha256(b"infoprep-binder\0")
    for module in BINDER_CODE:
        digest.update((Path(__file__).parent / module).read_bytes())
    digest.update(("\0".join([__version__, *titles]) + "\0").encode())
    for sha256 in part_digests:
        digest.update(f"{sha256}\n".encode())
    for label in labels:
        digest.update(f"{label}\n".encode())
    return digest.hexdigest()
