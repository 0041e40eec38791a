"""Page keys: what lets a rebuild skip templating a page that would come out the same.

A page is a pure function of its template files, infoprep's code (filters included),
the libraries' versions, and its typed context (render/contexts.py), which holds
everything the plan puts on it. So a page's key is a hash of the render identity
(code, libraries, theme and template files: `Reuse.identity`) and the pickle of its
context. Pickling a packet's context takes ~0.2 ms; templating it ~0.5 ms.

Equal keys mean equal pickles, and a pickle keeps every value it holds, so a key can
only match a context equal to the one it was made from. The converse is not needed: a
context pickled differently (another object layout) only costs a miss. Pickles of sets
of strings change order with each process's hash seed: the models pickle their one
set sorted (content/models.Strict), and a test builds the keys under several seeds.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import pickle
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from generator.content.models import TripFile
from generator.content.trip import Company, Meeting, Person
from generator.plan.plan import Packet
from generator.plan.schedule import Slot
from generator.render.pdf import PdfJob, PdfSettings


def _zone(zone: ZoneInfo) -> tuple[type[ZoneInfo], tuple[str]]:
    return ZoneInfo, (zone.key.encode().decode(),)  # a new string: never one shared with the context


class _Shared:
    """Stands, in a page's pickle, for a shared object by the digest of its own pickle."""


_SHARED: tuple[type, ...] = (Packet, Slot, Meeting, Person, Company, TripFile)
"""Objects many pages show (a packet is on its own pages and its neighbours' pagers): each is pickled once per
build and stands in the pages' pickles as its digest, which cuts a packet page's pickle from ~30 kB to ~1 kB."""


class PageKeys:
    """The keys of one build's pages.

    A pickle refers back to an object it has already written, so it shows which equal values are the same
    object. Time zones are cached for the whole process: their names are shared with a build's values only in
    the first build that made them (a second build in `serve` would miss every page), so each is written afresh.
    """

    def __init__(self, identity: str):
        self.identity = identity
        self._digests: dict[int, tuple[object, bytes]] = {}
        """id() of a shared object -> (the object, the digest of its pickle): holding the object keeps its id from
        being reused by another while these keys are made."""
        self._tables = {kind: self._table(exclude=kind) for kind in (None, *_SHARED)}

    def _table(self, exclude: type | None) -> dict[type, Any]:
        table: dict[type, Any] = {**copyreg.dispatch_table, ZoneInfo: _zone}
        table.update({kind: self._reference for kind in _SHARED if kind is not exclude})
        return table

    def _pickle(self, value: object, exclude: type | None) -> memoryview:
        out = io.BytesIO()
        pickler = pickle.Pickler(out, protocol=5)
        pickler.dispatch_table = self._tables[exclude]
        pickler.dump(value)
        return out.getbuffer()

    def _reference(self, value: object) -> tuple[type[_Shared], tuple[bytes]]:
        known = self._digests.get(id(value))
        if known is None:
            known = self._digests[id(value)] = (value, hashlib.sha256(self._pickle(value, type(value))).digest())
        return _Shared, (known[1],)

    def key(self, template: str, context: object) -> str | None:
        """The key of one page, or None when its context cannot be pickled (then it is simply templated)."""
        try:
            data = self._pickle(context, None)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None
        digest = hashlib.sha256(f"infoprep-page\0{self.identity}\0{template}\0".encode())
        digest.update(data)
        return digest.hexdigest()


def page_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Reuse(Protocol):
    """What the build's cache offers the renderer (incremental.py): the pages and PDFs of the last build."""

    identity: str
    """Everything but the context that shapes a page; "" turns page keys off (a clean or private build)."""

    def page_digest(self, key: str) -> str | None:
        """The SHA-256 of the page the last build made from this key."""

    def previous_page(self, path: str, digest: str) -> Path | None:
        """The last output's file at `path`, if it holds exactly the page with this digest."""

    def cached_pdf(self, job: PdfJob, settings: PdfSettings, html_sha256: str) -> bool:
        """True when the PDF of a print page with this HTML digest is in the cache and will be reused."""

    def made_page(self, key: str, digest: str) -> None:
        """Remember the page made (or reused) from this key, for the next build."""
