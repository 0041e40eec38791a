"""YAML with YAML 1.2 meaning, and the line of every value kept.

PyYAML speaks YAML 1.1, where `NO` is false and `10:30` is 630. We only use its parser (events and
nodes) and give scalars their YAML 1.2 core-schema meaning ourselves. Aliases and custom tags are
refused, so a small file cannot expand into gigabytes or construct objects. Numbers keep their
source text, so a field that wants a string gets `012345` or `1.10` exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, SupportsInt, cast

import yaml

from generator.errors import Location

MAX_DEPTH = 60

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}
PLAIN = "tag:infoprep,2026:plain"
"""What an unquoted, untagged scalar resolves to here, so an explicit `!!str` can be told apart."""

_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {PLAIN, _STR, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_TRAILING_TAB = re.compile(r"[ \t]*\t[ \t]*$", re.MULTILINE)


class YamlInt(int):
    """An integer that remembers how it was written."""

    source: str

    def __new__(cls, value: int, source: str) -> YamlInt:
        obj = super().__new__(cls, value)
        obj.source = source
        return obj


class YamlFloat(float):
    """A float that remembers how it was written (`1.10` stays `1.10` as text)."""

    source: str

    def __new__(cls, value: float, source: str) -> YamlFloat:
        obj = super().__new__(cls, value)
        obj.source = source
        return obj


class YamlError(Exception):
    """A file that is not valid YAML for infoprep; carries where."""

    def __init__(self, location: Location, message: str):
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")


Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed file: plain data, and the line of every mapping key and list item in it."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    _children: dict[Path_, dict[Any, int]] | None = field(default=None, repr=False, compare=False)

    def key_lines(self, prefix: Path_ = ()) -> dict[Any, int]:
        """The line of each key directly under `prefix`; indexed once, so a long schedule stays
        linear."""
        if self._children is None:
            children: dict[Path_, dict[Any, int]] = {}
            for path, line in self.lines.items():
                if path:
                    children.setdefault(path[:-1], {})[path[-1]] = line
            self._children = children
        return dict(self._children.get(tuple(prefix), {}))

    def location(self, path: Path_ = ()) -> Location:
        """The closest known place for a path into the data (a missing key points at its
        mapping)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line:
                return Location(self.file, line)
        return Location(self.file, 1)


class _PlainResolver(yaml.resolver.BaseResolver):
    """No implicit typing: a plain scalar is tagged PLAIN, so an explicit `!!str` stays text."""

    yaml_implicit_resolvers: dict = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            return PLAIN
        return super().resolve(kind, value, implicit)


class _Loader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    yaml.constructor.SafeConstructor,
    _PlainResolver,
):
    """PyYAML's own pure-Python parser: slower, but its error messages and marks are the ones users
    see."""

    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _PlainResolver.__init__(self)

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed; write the value out",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def plain_scalar(text: str) -> Any:
    """The YAML 1.2 core-schema value of an unquoted scalar."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return YamlInt(int(text, 10), text)
    if _OCT.match(text):
        return YamlInt(int(text[2:], 8), text)
    if _HEX.match(text):
        return YamlInt(int(text[2:], 16), text)
    if _FLOAT.match(text):
        return YamlFloat(float(text), text)
    if text.lower() in _SPECIAL_FLOAT:
        return YamlFloat(_SPECIAL_FLOAT[text.lower()], text)
    return text


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text without a BOM; a bad byte is reported with its line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            Location(file, line), "the file is not valid UTF-8 text; save it as UTF-8"
        ) from None


if getattr(yaml, "__with_libyaml__", False):

    class _FastLoader(  # type: ignore[misc]
        yaml.cyaml.CParser,  # type: ignore[name-defined]
        yaml.constructor.SafeConstructor,
        _PlainResolver,
    ):
        """LibYAML's parser (in C, ~10x faster), with no implicit typing either."""

        def __init__(self, stream: str):
            yaml.cyaml.CParser.__init__(self, stream)  # type: ignore[attr-defined]
            yaml.constructor.SafeConstructor.__init__(self)
            _PlainResolver.__init__(self)

else:  # pragma: no cover - PyYAML built without LibYAML
    _FastLoader = None  # type: ignore[assignment,misc]


class _Retry(Exception):
    """The fast parser met something only the careful one reports well: parse again with it."""


def parse(text: str, file: str) -> Document:
    """Parse one YAML document into plain data with line numbers.

    LibYAML parses; anything unusual (a syntax error, an alias, a second document) is parsed again
    by PyYAML's own parser, whose messages and checks are the ones users see.
    """
    # YAML 1.2 allows tabs as separation after a value; PyYAML does not. Line numbers are unchanged.
    text = _TRAILING_TAB.sub("", text)
    if _FastLoader is not None:
        try:
            fast = _FastLoader(text)
        except yaml.YAMLError:
            return _careful_parse(text, file)
        try:
            node = fast.get_single_node()
            doc = Document(file, None)
            if node is not None:
                doc.data = _build(node, (), doc, 0, set())
            return doc
        except (yaml.YAMLError, _Retry, RecursionError):
            pass
        finally:
            fast.dispose()
    return _careful_parse(text, file)


def _careful_parse(text: str, file: str) -> Document:
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise YamlError(
            Location(file, _line_at(text, exc.position)), _unprintable(exc.character)
        ) from None
    try:
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise YamlError(
            Location(file, _line_at(text, exc.position)), _unprintable(exc.character)
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise YamlError(*_describe(exc, file, text)) from None
    except yaml.YAMLError as exc:
        raise YamlError(Location(file, 1), f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError(
            Location(file, loader.get_mark().line + 1), "invalid YAML: nested too deeply"
        ) from None
    finally:
        loader.dispose()
    doc = Document(file, None)
    if node is not None:
        doc.data = _build(node, (), doc, 0, None)
    return doc


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, max(position, 0)) + 1


def _unprintable(character: object) -> str:
    code = ord(character) if isinstance(character, str) else int(cast("SupportsInt", character))
    return (
        f"invalid YAML: the control character U+{code:04X} is not allowed in a YAML file; delete it"
    )


_OPENERS = {
    "while scanning a quoted scalar": "a quote opened here is never closed",
    "while parsing a flow sequence": "a '[' opened here is never closed",
    "while parsing a flow mapping": "a '{' opened here is never closed",
}


_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:#]*?):\s+(.*\S)\s*$")


def _quote_hint(text: str, line: int) -> str | None:
    """For `title: Engineer II: CSO` (a second colon in an unquoted value): the line written with
    the value quoted."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return None
    match = _KEY_VALUE.match(lines[line])
    if (
        not match
        or ": " not in match.group(3) + " "
        or match.group(3).startswith(("'", '"', "[", "{", "|", ">"))
    ):
        return None
    value = match.group(3).replace("\\", "\\\\").replace('"', '\\"')
    return (
        "a colon followed by a space inside a value starts a new key; quote the value: "
        f'`{match.group(2)}: "{value}"`'
    )


def _describe(exc: yaml.MarkedYAMLError, file: str, text: str = "") -> tuple[Location, str]:
    """Where and what, in the user's terms: an unclosed quote or bracket points at where it
    opens."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    opener = _OPENERS.get(exc.context or "")
    if problem == "mapping values are not allowed here" and mark is not None:
        hint = _quote_hint(text, mark.line)
        if hint:
            return Location(file, mark.line + 1), f"invalid YAML: {hint}"
    if opener and exc.context_mark:
        mark, problem = exc.context_mark, opener
    elif "expected a single document" in (exc.context or ""):
        problem = "the file holds several YAML documents (---); keep one"
    elif "found character '\\t'" in problem:
        problem = "a tab character where YAML does not allow one; use spaces to indent"
    return Location(file, mark.line + 1 if mark else 1), f"invalid YAML: {problem}"


def _build(node: yaml.Node, path: Path_, doc: Document, depth: int, seen: set[int] | None) -> Any:
    """Plain data from a node; `seen` (fast parser only) spots a node met twice, which only an alias
    makes."""
    if seen is not None:
        if id(node) in seen:
            raise _Retry()
        seen.add(id(node))
    line = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise YamlError(Location(doc.file, line), f"nested more than {MAX_DEPTH} levels deep")
    if node.tag not in _PLAIN_TAGS:
        raise YamlError(Location(doc.file, line), f"YAML tags such as {node.tag!r} are not allowed")
    doc.lines.setdefault(path, line)
    if isinstance(node, yaml.ScalarNode):
        # Plain: style None (PyYAML) or '' (LibYAML), and no explicit tag such as !!str.
        return plain_scalar(node.value) if node.tag == PLAIN and not node.style else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), doc, depth + 1, seen) for i, item in enumerate(node.value)]
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = _build(key_node, path, doc, depth + 1, seen)
        key_line = key_node.start_mark.line + 1
        if isinstance(key, (dict, list)) or key is None:
            raise YamlError(Location(doc.file, key_line), "a mapping key must be plain text")
        key = (
            key.source
            if isinstance(key, (YamlInt, YamlFloat))
            else str(key)
            if isinstance(key, bool)
            else key
        )
        if key in mapping:
            raise YamlError(
                Location(doc.file, key_line),
                f"duplicate key {key!r} (first given on line {doc.lines[(*path, key)]})",
            )
        doc.lines[(*path, key)] = key_line
        mapping[key] = _build(value_node, (*path, key), doc, depth + 1, seen)
        doc.lines[(*path, key)] = key_line
    return mapping
