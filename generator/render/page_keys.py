"""What a templated page depends on, as one key: so a page whose inputs did not change is taken from
the last build's memo instead of templated again.

A page is its template applied to its context (render/contexts.py) in the build's environment. The
context is a tree of plain values (dataclasses, pydantic models, tuples, dates, strings) built from
the plan, and holds everything the template can reach; the environment adds the theme's templates,
the trip's words and its date formats. So the key hashes the templates' files, the words, the date
formats, the template's name and the context pickled: the pickle is written, never loaded, and only
to be hashed. Pickling is faithful (every field of every object, in order), and each object shared
by many pages is pickled once a build: keying a packet costs a fraction of templating it (~2-4 ms).

Two things keep the key from ever matching a page it did not make:
- a context the pickler cannot write whole (a function, a generator) gets no key and is templated;
- pydantic records which fields a model was given as a set, whose order follows the process's string
  hashing: it is written sorted (it never reaches a page), so two builds of the same content key
  alike. Any other set keeps its order: at worst a page is templated again;
- an object is named in the pickle by the digest of its state, kept (with the object, so its id
  cannot name another) only for one build's keys.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from generator.content.catalog import Words
    from generator.plan.dates import DateStyle

FORMAT = 1


def _digested(digest: bytes) -> None:
    """Stands in a key's pickle for an object, by the digest of its type and state (never called:
    the pickle is hashed, never loaded)."""


class _KeyPickler(pickle.Pickler):
    """Writes a context for hashing.

    Without the pickle memo (`fast`): the memo writes a string met twice as a reference to the
    first, so the same content built twice (new string objects, some shared, some not) would pickle
    differently. Each object (a dataclass, a pydantic model) is written as the digest of its type
    and state instead, made once per build (`known`): the trip, a person or a packet is shared by
    many pages and rows, and is pickled once.
    """

    def __init__(self, file: io.BytesIO, known: dict[int, tuple[object, bytes | None]]):
        super().__init__(file, protocol=5)
        self.fast = True
        self._known = known

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, BaseModel):
            state: Any = (
                obj.__dict__,
                obj.__pydantic_extra__,
                sorted(obj.__pydantic_fields_set__),
                obj.__pydantic_private__,
            )
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            state = (
                obj.__dict__
                if hasattr(obj, "__dict__")
                else [getattr(obj, f.name) for f in dataclasses.fields(obj)]
            )
        else:
            return NotImplemented
        return _digested, (self._digest(obj, state),)

    def _digest(self, obj: object, state: object) -> bytes:
        """The object's digest, made once; kept with the object, so its id names no other."""
        found = self._known.get(id(obj))
        if found is not None:
            if found[1] is None:
                raise RecursionError("a context that refers to itself")
            return found[1]
        self._known[id(obj)] = (obj, None)
        buffer = io.BytesIO()
        _KeyPickler(buffer, self._known).dump((type(obj), state))
        digest = hashlib.sha256(buffer.getbuffer()).digest()
        self._known[id(obj)] = (obj, digest)
        return digest


class PageKeys:
    """Keys of the pages of one build's environment."""

    def __init__(self, templates: str, words: Words, dates: DateStyle):
        """`templates`: stamp.templates_digest of the theme's files, as the build hashed them."""
        overrides = sorted(words.overrides.items())
        self._known: dict[int, tuple[object, bytes | None]] = {}
        self._base = (
            f"infoprep-page-{FORMAT}\n{templates}\n{words.language.value}\n{overrides!r}\n"
            f"{dates.locale}\n"
        ).encode()

    def of(self, template: str, context: object) -> str | None:
        """The key of `template` applied to `context`, or None when the context cannot be written
        whole (the page is then templated, never taken from the memo)."""
        digest = hashlib.sha256(self._base + template.encode() + b"\n")
        buffer = io.BytesIO()
        try:
            _KeyPickler(buffer, self._known).dump(context)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
            return None
        digest.update(buffer.getbuffer())
        return digest.hexdigest()[:40]
