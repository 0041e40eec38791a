"""Turn pydantic's validation errors into messages a person writing YAML understands.

pydantic says "Extra inputs are not permitted" at ('traveler', 'nmae'); the user wants "unknown key
'nmae' (did you mean 'name'?)" at the line of that key.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError


def model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that the mapping at `loc` is validated against, if any."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if (
            not (isinstance(current, type) and issubclass(current, BaseModel))
            or part not in current.model_fields
        ):
            return None
        current = _inner_model(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """Unwrap Optional[...], list[...] and Annotated[...] down to a model class."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple):
        for arg in typing.get_args(annotation):
            inner = _inner_model(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return None
    return annotation


def field_name(loc: tuple[Any, ...]) -> str:
    """`news[0].date` style, for messages."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_UNITS = {
    "duration": ("minutes", "45"),
    "travel": ("minutes", "20"),
    "buffer": ("minutes", "30"),
    "follow_up_within": ("hours", "24"),
}
"""Fields whose number has a unit the key does not say: the message says it ("1h" is not a
duration)."""


def _written(value: Any) -> str:
    source = getattr(value, "source", None)
    return repr(source if isinstance(source, str) else value)


def _colon_split(value: Any) -> str | None:
    """`- How do staff move here: secondment, ...` reads as a one-key mapping where text was meant:
    the text quoted as it should have been written, else None."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((key, rest),) = value.items()
    if not isinstance(key, str) or isinstance(rest, (dict, list)):
        return None
    text = key if rest is None else f"{key}: {getattr(rest, 'source', rest)}"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def describe_validation_error(
    model: type[BaseModel], exc: ValidationError
) -> list[tuple[tuple[Any, ...], str]]:
    """(location path, message) for each error, with did-you-mean for unknown keys."""
    out = []
    for error in exc.errors(include_url=False):
        loc = tuple(
            part
            for part in error["loc"]
            if not (isinstance(part, str) and part.startswith("function-"))
        )
        kind = error["type"]
        if kind == "extra_forbidden":
            parent = model_at(model, loc[:-1])
            key = loc[-1]
            hint = ""
            if parent is not None:
                close = difflib.get_close_matches(
                    str(key), list(parent.model_fields), n=1, cutoff=0.6
                )
                hint = (
                    f" (did you mean {close[0]!r}?)"
                    if close
                    else f"; allowed keys: {', '.join(parent.model_fields)}"
                )
            out.append((loc, f"unknown key {key!r}{hint}"))
        elif kind == "missing":
            where = field_name(loc[:-1])
            out.append(
                (loc[:-1], f"missing required key {loc[-1]!r}" + (f" in {where}" if where else ""))
            )
        elif (
            kind in ("int_type", "int_parsing", "int_from_float") and loc and str(loc[-1]) in _UNITS
        ):
            unit, example = _UNITS[str(loc[-1])]
            out.append(
                (
                    loc,
                    f"{field_name(loc)}: a whole number of {unit}, such as {example}, not "
                    f"{_written(error.get('input'))}",
                )
            )
        elif kind == "string_type" and (line := _colon_split(error.get("input"))) is not None:
            item = "list item" if loc and isinstance(loc[-1], int) else "value"
            out.append(
                (
                    loc,
                    f"{field_name(loc)}: a colon followed by a space inside a {item} starts a new "
                    "key; "
                    f"quote the {item}: `{'- ' if item == 'list item' else ''}{line}`",
                )
            )
        elif kind in ("bool_parsing", "bool_type"):
            out.append(
                (loc, f"{field_name(loc)}: true or false, not {_written(error.get('input'))}")
            )
        elif kind in ("too_long", "string_too_long") and isinstance(error.get("input"), str):
            limit = (error.get("ctx") or {}).get("max_length", "?")
            out.append(
                (
                    loc,
                    f"{field_name(loc)}: {len(error['input']):,} characters; at most {limit:,} "
                    "allowed",
                )
            )
        else:
            message = error["msg"].removeprefix("Value error, ")
            message = message.replace("Input should be", "should be").replace(
                "String should", "should"
            )
            if kind == "string_pattern_mismatch" and str(loc[-1]) in {
                "url",
                "website",
                "linkedin",
                "link",
            }:
                message = "should be a web address starting with https://"
            out.append((loc, f"{field_name(loc)}: {message}" if loc else message))
    return out
