"""Template mistakes in a user's templates/ or theme, reported as `path:line: message`.

Jinja raises syntax errors with a file and line, and runtime errors (an undefined variable under
StrictUndefined) with the template's frame in the traceback; both become a ContentError so a theme
author sees where, not a Python traceback. Jinja's own words name our classes
("'generator.render.drafts.ThanksDraft object' has no attribute 'traveller'"); the message says
instead what the value is and what it has, with a did-you-mean, since that is what the author needs
to fix the line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import importlib
import re
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

import jinja2

from generator.errors import ContentError, Finding, Level, Location


def shown_template(filename: str | None, content_root: Path, content_display: str) -> str:
    if not filename:
        return "template"
    path = Path(filename)
    try:
        return f"{content_display}/{path.resolve().relative_to(content_root.resolve()).as_posix()}"
    except ValueError:
        return str(path)


_TEMPLATE_SUFFIXES = (".html", ".txt", ".xml", ".svg")


def _template_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    return [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.endswith(_TEMPLATE_SUFFIXES)
    ]


def raised_in_template(exc: BaseException) -> bool:
    """Whether a plain Python error (TypeError, KeyError...) came from template code rather than
    ours."""
    return bool(_template_frames(exc))


_NO_ATTRIBUTE = re.compile(r"^'(?P<qual>[\w.]+) object' has no attribute '(?P<attr>[^']+)'$")
_UNDEFINED = re.compile(r"^'(?P<name>[^']+)' is undefined$")
_PLAIN_TYPES = {
    "str": "a text",
    "int": "a number",
    "dict": "a mapping",
    "list": "a list",
    "tuple": "a list",
    "NoneType": "None",
}


def attributes_of(cls: type) -> list[str]:
    """What a template can read on a value of our class: its fields and properties, in declaration
    order."""
    names: list[str] = []
    if dataclasses.is_dataclass(cls):
        names += [f.name for f in dataclasses.fields(cls)]
    fields = getattr(cls, "model_fields", None)
    if isinstance(fields, dict):
        names += list(fields)
    for klass in cls.__mro__:
        names += [name for name, value in vars(klass).items() if isinstance(value, property)]
    return [name for name in dict.fromkeys(names) if not name.startswith("_")]


def _our_class(qualified: str) -> type | None:
    module, _, name = qualified.rpartition(".")
    if not module.startswith("generator."):
        return None
    try:
        found = getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None
    return found if isinstance(found, type) else None


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def explain(message: str, names: Iterable[str] = ()) -> str:
    """Jinja's message for an undefined value, in the words of the template's author."""
    match = _NO_ATTRIBUTE.match(message)
    if match:
        qualified, attribute = match.group("qual"), match.group("attr")
        cls = _our_class(qualified)
        if cls is not None:
            available = attributes_of(cls)
            return (
                f"{cls.__name__} has no attribute "
                f"{attribute!r}{_did_you_mean(attribute, available)}; "
                f"it has: {', '.join(available)}"
            )
        kind = _PLAIN_TYPES.get(qualified.rsplit(".", 1)[-1], qualified.rsplit(".", 1)[-1])
        return f"{kind} has no attribute {attribute!r}"
    match = _UNDEFINED.match(message)
    if match and names:
        name = match.group("name")
        names = list(names)
        return (
            f"no variable {name!r}{_did_you_mean(name, names)}; this template has: "
            f"{', '.join(names)}"
        )
    return message


def template_finding(
    exc: Exception, content_root: Path, content_display: str, names: Iterable[str] = ()
) -> Finding:
    """The template mistake behind `exc` as an error at its template's file and line; `names`: the
    variables the page template had (a draft template has `draft`), for a did-you-mean on an
    undefined one."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = Location(
            shown_template(exc.filename, content_root, content_display), exc.lineno or 0
        )
        return Finding(Level.ERROR, where, f"template error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return Finding(Level.ERROR, Location(content_display), f"template not found: {exc.name}")
    frames = _template_frames(exc)
    if frames:
        frame = frames[-1]
        where = Location(
            shown_template(frame.filename, content_root, content_display), frame.lineno or 0
        )
        if "/drafts/" in frame.filename.replace("\\", "/"):
            names = ("draft",)
    else:
        where = Location(content_display)
    text = explain(str(exc), sorted(names)) if isinstance(exc, jinja2.UndefinedError) else str(exc)
    return Finding(Level.ERROR, where, f"template error: {text}")


def template_error(exc: Exception, content_root: Path, content_display: str) -> ContentError:
    return ContentError([template_finding(exc, content_root, content_display)])


@contextlib.contextmanager
def templates_located(content_root: Path, content_display: str) -> Iterator[None]:
    """Template mistakes raised in the block become an error at the template's file and line
    (ContentError), the same for every command that renders a template (build, followup, ...);
    anything else passes through."""
    try:
        yield
    except (
        jinja2.TemplateError,
        TypeError,
        AttributeError,
        KeyError,
        ValueError,
        MemoryError,
    ) as exc:
        if not isinstance(exc, (jinja2.TemplateError, MemoryError)) and not raised_in_template(exc):
            raise
        raise template_error(exc, content_root, content_display) from None
