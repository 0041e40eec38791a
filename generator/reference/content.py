"""docs/content-reference.md, from the pydantic models: every file kind, every key, an example of
each."""

from __future__ import annotations

import enum
import inspect
import json
import re
import types
import typing
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.content import scalars
from generator.content.availability import Window
from generator.content.schema import KINDS
from generator.content.yaml import plain_scalar
from generator.reference.text import NOTICE, cell

_ALIASES: list[tuple[Any, str]] = [
    (scalars.Markdown, "Markdown"),
    (scalars.Text, "text"),
    (scalars.Url, "URL (`http://` or `https://`)"),
    (scalars.Slug, "slug"),
    (scalars.TimeZone, "IANA time zone"),
    (scalars.Clock, 'time `"HH:MM"`'),
    (scalars.LocalDateTime, 'date and time `"YYYY-MM-DD HH:MM"`'),
    (scalars.Day, "date `YYYY-MM-DD`"),
    (Window, 'window `"DAY HH:MM-HH:MM [FORMAT...] [ZONE]"`'),
    (scalars.Geo, "[latitude, longitude]"),
]

_FILES = {
    "trip": ("trip.yaml", "a mapping"),
    "schedule": ("schedule.yaml", "a list of meetings; each item has the keys below"),
    "person": (
        "people/<slug>.yaml",
        "a mapping; the file name without `.yaml` is the person's slug",
    ),
    "company": (
        "companies/<slug>.yaml",
        "a mapping; the file name without `.yaml` is the organisation's slug",
    ),
    "questions": (
        "questions.yaml",
        "a list of questions; each item has the keys below (optional file: a built-in bank is "
        "used when absent)",
    ),
    "opportunities": (
        "opportunities.yaml",
        "a list of opportunities and where each stands (optional file); a debrief lead with the "
        "same title and organisation is the same opportunity",
    ),
}


def _optional(annotation: Any) -> Any:
    """X for `X | None`, else the annotation itself."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def _model_of(annotation: Any) -> type[BaseModel] | None:
    inner = _optional(annotation)
    if typing.get_origin(inner) is list:
        inner = typing.get_args(inner)[0]
    return inner if inspect.isclass(inner) and issubclass(inner, BaseModel) else None


def _type_name(annotation: Any, info: FieldInfo | None = None) -> str:
    annotation = _optional(annotation)
    for alias, name in _ALIASES:
        if annotation == alias:
            return name
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0], info)
    if origin is list:
        inner = args[0]
        return "list of mappings" if _model_of(inner) else f"list of {_type_name(inner)}"
    if origin is tuple:
        return f"[{', '.join(_type_name(a) for a in args)}]"
    if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in annotation)
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return "mapping"
    if annotation is bool:
        return "`true` or `false`"
    if annotation is int:
        metadata = info.metadata if info else []
        low = next((m.ge for m in metadata if hasattr(m, "ge")), None)
        high = next((m.le for m in metadata if hasattr(m, "le")), None)
        if low is not None and high is not None:
            return f"integer {low}–{high}"
        return f"integer ≥ {low}" if low is not None else "integer"
    if annotation is str:
        return "text"
    return getattr(annotation, "__name__", str(annotation))


def _plain(value: Any) -> Any:
    """A value as YAML would hold it: enums by value, times as HH:MM, dates ISO, models as
    mappings."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_INDICATORS = tuple("-?:,[]{}#&*!|>'\"%@`+")


def _scalar(value: Any, in_flow: bool = False) -> str:
    """One scalar as YAML 1.2 reads it back: plain when that is unambiguous, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    needs_quotes = (
        not text
        or text != text.strip()
        or "\n" in text
        or not isinstance(plain_scalar(text), str)
        or text.startswith(_INDICATORS)
        or ": " in text
        or " #" in text
        or text.endswith(":")
        or re.search(r"\d:\d\d", text) is not None  # times are quoted, as in the contract: "09:30"
        or (in_flow and any(ch in text for ch in ",[]{}?:#"))
    )
    return json.dumps(text, ensure_ascii=False) if needs_quotes else text


def _flow(value: Any) -> str:
    """One value in YAML flow style (for a table cell or a short list)."""
    value = _plain(value)
    if isinstance(value, list):
        return (
            "["
            + ", ".join(
                _scalar(v, in_flow=True) if not isinstance(v, (list, dict)) else _flow(v)
                for v in value
            )
            + "]"
        )
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"{k}: {_scalar(v, in_flow=True) if not isinstance(v, (list, dict)) else _flow(v)}"
                for k, v in value.items()
            )
            + "}"
        )
    return _scalar(value)


def _block(data: Any, indent: int = 0) -> list[str]:
    """YAML block style the way a person writes it: mappings as blocks, short lists inline, Markdown
    as `|`."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(data, list):
        for item in data:
            inner = _block(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
        return lines
    for key, value in data.items():
        if isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(v, dict) for v in value)
        ):
            lines += [f"{pad}{key}:", *_block(value, indent + 2)]
        elif isinstance(value, list) and len(_flow(value)) > 50:
            lines += [f"{pad}{key}:", *(f"{pad}  - {_scalar(v)}" for v in value)]
        elif isinstance(value, str) and key in _markdown_keys():
            lines += [f"{pad}{key}: |", *(f"{pad}  {line}" for line in value.splitlines())]
        else:
            lines.append(f"{pad}{key}: {_flow(value)}")
    return lines


def _markdown_keys() -> set[str]:
    """Names of Markdown fields in any model (the contract keeps them distinct: notes, agenda,
    ...)."""
    keys = set()
    for _, model in KINDS.values():
        for item in _models_under(model):
            hints = typing.get_type_hints(item, include_extras=True)
            keys |= {
                name for name in item.model_fields if _optional(hints[name]) == scalars.Markdown
            }
    return keys


def classes_in(annotation: Any) -> Iterator[type]:
    """Every class named in a type annotation, unions and generics unpacked."""
    if inspect.isclass(annotation) and typing.get_origin(annotation) is None:
        yield annotation
    for arg in typing.get_args(annotation):
        yield from classes_in(arg)


def _models_under(annotation: Any) -> list[type[BaseModel]]:
    found = []
    for cls in classes_in(annotation):
        if issubclass(cls, BaseModel):
            found.append(cls)
            hints = typing.get_type_hints(cls, include_extras=True)
            for name in cls.model_fields:
                found += [m for m in _models_under(hints[name]) if m not in found]
    return found


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "**required**"
    value = info.get_default(call_default_factory=True)
    if value is None:
        return "optional"
    if isinstance(value, BaseModel):
        return "optional (defaults below)"
    return f"`{cell(_flow(value))}`"


def _example(info: FieldInfo, annotation: Any) -> str:
    if _model_of(annotation):
        return "see the keys below"
    if not info.examples:
        return "—"
    return f"`{cell(_flow(info.examples[0]))}`"


def _rows(model: type[BaseModel], prefix: str) -> Iterator[str]:
    hints = typing.get_type_hints(model, include_extras=True)
    for name, info in model.model_fields.items():
        annotation = hints[name]
        key = f"{prefix}{name}"
        yield (
            f"| `{key}` | {_type_name(annotation, info)} | {_default(info)} | "
            f"{cell(info.description or '')} | {_example(info, annotation)} |"
        )
        nested = _model_of(annotation)
        if nested is not None:
            yield from _rows(
                nested,
                f"{key}[]." if typing.get_origin(_optional(annotation)) is list else f"{key}.",
            )


def example_document(model: type[BaseModel]) -> dict[str, Any]:
    """A complete example of a model, assembled from every field's example (nested models
    recursively)."""
    hints = typing.get_type_hints(model, include_extras=True)
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        nested = _model_of(hints[name])
        if nested is not None:
            one = example_document(nested)
            out[name] = [one] if typing.get_origin(_optional(hints[name])) is list else one
        elif info.examples:
            out[name] = _plain(info.examples[0])
    return out


def example_yaml(kind: str) -> str:
    """The example file for a kind, as YAML text (a one-item list for list kinds)."""
    model = KINDS[kind][1]
    item = typing.get_args(model)[0] if typing.get_origin(model) is list else model
    data: Any = example_document(item)
    if typing.get_origin(model) is list:
        data = [data]
    return "\n".join(_block(data)) + "\n"


def content_reference_md() -> str:
    lines = [NOTICE, "", "# Content reference", ""]
    lines += [
        "Every file a content folder may hold, and every key in it, generated from the models in "
        "`generator/content/models.py`. Unknown keys are errors. Files are read with YAML 1.2 "
        "meaning: "
        "only `true`/`false` are booleans and `10:30` stays text, so quote nothing unless you want "
        "to; "
        "phone numbers are the exception (quote them, or a leading `+` or `0` may surprise you). "
        "Keys shown as `parent.key` go inside `parent:`; they are required only when their parent "
        "is there. "
        "Markdown fields are rendered and sanitized (no scripts, no event handlers, no "
        "`javascript:` links). "
        "The same rules, as JSON Schema for your editor: `infoprep schema --output schemas/` "
        "(see [the guide](guide.md#editor-set-up)).",
        "",
    ]
    lines += [f"- [`{_FILES[kind][0]}`](#{_anchor(_FILES[kind][0])})" for kind in KINDS]
    lines.append("")
    for kind, (_, model) in KINDS.items():
        file, shape = _FILES[kind]
        item = typing.get_args(model)[0] if typing.get_origin(model) is list else model
        lines += [f"## `{file}`", ""]
        doc = inspect.getdoc(item) or ""
        if doc and not doc.startswith("A base class"):
            lines += [" ".join(doc.split()), ""]
        lines += [f"The file is {shape}.", ""]
        lines += [
            "| key | type | required / default | what it is | example |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += list(_rows(item, ""))
        lines += [
            "",
            "A complete example, assembled from the examples above:",
            "",
            "```yaml",
            example_yaml(kind).rstrip(),
            "```",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def _anchor(heading: str) -> str:
    """The id a Markdown renderer gives a heading (GitHub's rule: lower case, spaces to hyphens)."""
    return re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")
