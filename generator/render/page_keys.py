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

A page's key leaves out the notes (NOTES: a person's or organisation's side-car .md, the text a
one-note edit changes) when no template the page can load names them: the itinerary, network and
follow-up pages reach every person, and keyed whole they were templated again after any note was
edited (0.9 s of a one-note build at 500 meetings). Whether a template names a field is read from
its tokens (`Unread`); a name reached another way (`person[key]`, an include by a computed name) is
caught as the page is templated (TemplateSandbox.watching), and such a page is not kept under its
key. Python called from templates (filters, properties) never reads the notes: they are turned into
plan values (research gaps, images) while planning.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import jinja2
from pydantic import BaseModel

from generator.content.trip import Company, Person

if TYPE_CHECKING:
    from generator.content.catalog import Words
    from generator.plan.dates import DateStyle

FORMAT = 2

NOTES: Mapping[type, frozenset[str]] = MappingProxyType(
    {Person: frozenset({"research"}), Company: frozenset({"research"})}
)
"""Fields a page's key leaves out when its templates never name them (see above)."""

_NOTE_NAMES = frozenset().union(*NOTES.values())
_TEMPLATE_TAGS = frozenset({"extends", "include", "import", "from"})


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

    def __init__(self, file: io.BytesIO, keys: _Known, unread: frozenset[str]):
        super().__init__(file, protocol=5)
        self.fast = True
        self._keys = keys
        self._known = keys.digests.setdefault(unread, {})
        self._unread = unread

    def reducer_override(self, obj: Any) -> Any:
        kinds = self._keys.kinds
        kind = kinds.get(type(obj))
        if kind is None:
            kind = kinds[type(obj)] = _kind_of(type(obj))
        if kind == _PLAIN:
            return NotImplemented
        found = self._known.get(id(obj))
        if found is None:
            return _digested, (self._digest(obj, kind),)
        if found[1] is None:
            raise RecursionError("a context that refers to itself")
        return _digested, (found[1],)

    def _digest(self, obj: Any, kind: str) -> bytes:
        """The object's digest, made once; kept with the object, so its id names no other."""
        self._known[id(obj)] = (obj, None)
        state: Any
        if kind == _MODEL:
            state = (
                obj.__dict__,
                obj.__pydantic_extra__,
                sorted(obj.__pydantic_fields_set__),
                obj.__pydantic_private__,
            )
        elif kind == _SLOTS:
            state = [getattr(obj, f.name) for f in dataclasses.fields(obj)]
        else:
            state = obj.__dict__
            left_out = self._unread & NOTES.get(type(obj), frozenset())
            if left_out:
                state = {name: value for name, value in state.items() if name not in left_out}
        buffer = io.BytesIO()
        _KeyPickler(buffer, self._keys, self._unread).dump((type(obj), state))
        digest = hashlib.sha256(buffer.getbuffer()).digest()
        self._known[id(obj)] = (obj, digest)
        return digest


_MODEL, _FIELDS, _SLOTS, _PLAIN = "model", "fields", "slots", "plain"
"""How an object is written in a key: a pydantic model's or a dataclass's state (fields in its
__dict__, or in slots) by its digest, anything else as pickle writes it."""


def _kind_of(cls: type) -> str:
    if issubclass(cls, BaseModel):
        return _MODEL
    if dataclasses.is_dataclass(cls):
        return _FIELDS if "__dict__" in dir(cls) else _SLOTS
    return _PLAIN


@dataclass
class _Known:
    """What one build's keys have worked out: each object's digest, by the NOTES fields left out
    and the object's id (kept with the object, so the id names no other); each type's kind."""

    digests: dict[frozenset[str], dict[int, tuple[object, bytes | None]]] = field(
        default_factory=dict
    )
    kinds: dict[type, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PageKey:
    digest: str
    unread: frozenset[str]
    """The NOTES fields the key left out: the page may be kept under it only if templating it
    read none of them."""


class PageKeys:
    """Keys of the pages of one build's environment."""

    def __init__(self, templates: str, words: Words, dates: DateStyle, env: jinja2.Environment):
        """`templates`: stamp.templates_digest of the theme's files, as the build hashed them."""
        overrides = sorted(words.overrides.items())
        self._known = _Known()
        self._unread = Unread(env)
        self._base = (
            f"infoprep-page-{FORMAT}\n{templates}\n{words.language.value}\n{overrides!r}\n"
            f"{dates.locale}\n"
        ).encode()

    def of(self, template: str, context: object) -> PageKey | None:
        """The key of `template` applied to `context`, or None when the context cannot be written
        whole (the page is then templated, never taken from the memo)."""
        unread = self._unread.of(template)
        digest = hashlib.sha256(self._base + template.encode() + b"\n")
        digest.update(repr(sorted(unread)).encode() + b"\n")
        buffer = io.BytesIO()
        try:
            _KeyPickler(buffer, self._known, unread).dump(context)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
            return None
        digest.update(buffer.getbuffer())
        return PageKey(digest.hexdigest()[:40], unread)


class Unread:
    """Which NOTES fields a template and the templates it loads never name, by their tokens: a
    name, or a string (`attr("research")`, `map(attribute="research")`).

    Templates loaded by a computed name are not followed: a notes field read through one is caught
    while templating (TemplateSandbox.watching).
    """

    def __init__(self, env: jinja2.Environment):
        self._env = env
        self._tokens: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        """Template -> (the notes fields it names, the templates it loads by a constant name)."""
        self._unread: dict[str, frozenset[str]] = {}

    def of(self, template: str) -> frozenset[str]:
        found = self._unread.get(template)
        if found is None:
            found = self._unread[template] = self._of(template)
        return found

    def _of(self, template: str) -> frozenset[str]:
        named: set[str] = set()
        seen, todo = set(), [template]
        while todo and named != _NOTE_NAMES:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            fields, loads = self._read(name)
            named |= fields
            todo.extend(loads)
        return _NOTE_NAMES - named

    def _read(self, template: str) -> tuple[frozenset[str], frozenset[str]]:
        found = self._tokens.get(template)
        if found is None:
            found = self._tokens[template] = self._scan(template)
        return found

    def _scan(self, template: str) -> tuple[frozenset[str], frozenset[str]]:
        assert self._env.loader is not None
        try:
            source = self._env.loader.get_source(self._env, template)[0]
            tokens = list(self._env.lexer.tokenize(source))
        except (jinja2.TemplateError, OSError):
            return _NOTE_NAMES, frozenset()  # templating it will say what is wrong
        fields, loads, tag = set(), set(), False
        for token in tokens:
            if token.type in ("name", "string") and token.value in _NOTE_NAMES:
                fields.add(token.value)
            if token.type == "name" and token.value in _TEMPLATE_TAGS:
                tag = True
            elif tag and token.type == "string":
                loads.add(token.value)
            elif token.type == "block_end":
                tag = False
        return frozenset(fields), frozenset(loads)
