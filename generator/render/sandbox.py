"""The one template environment: Jinja's immutable sandbox, narrowed to what a page needs.

Templates come from the theme, a `theme:` folder or the content's own templates/, and a
trip is shared like a document: a template is someone else's code. Jinja's sandbox
already refuses `_`-attributes, function internals and mutation of lists and dicts; on
top of that a template here may only

- read attributes of the plain values it is given (never of a module, a class or a
  file-system path, and never a value that is one), and
- call methods of plain values (text, numbers, dates, tuples, dicts), its own macros and
  blocks, and Jinja's globals (`range`, `namespace`, `loop.cycle`, ...).

So `{{ cycler.__init__.__globals__ }}`, `{{ page.trip.parse_file('/etc/passwd') }}` or a
`Path.read_text()` reached through a context are SecurityErrors, which the build reports
at the template's file and line. Size is bounded too: `*` and `**` refuse results over
MAX_SIZE before making them, and any call, filter or `%` that returns a longer text or
list is refused; time is bounded by the render budget (render/budget.py).
"""

from __future__ import annotations

import contextlib
import functools
import types
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any

from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner
from markupsafe import Markup

MAX_SIZE = 5_000_000
"""The longest text or list an expression may make (characters or items): a page is a few hundred
kB."""

_PLAIN = (
    str,
    Markup,
    int,
    float,
    bool,
    date,
    datetime,
    time,
    timedelta,
    tuple,
    list,
    dict,
    frozenset,
    set,
)
"""Values whose methods a template may call (mutating ones are refused by the immutable sandbox)."""

_JINJA = (LoopContext, Cycler, Joiner)
"""Jinja's own helpers, whose methods (`loop.cycle`, `joiner()`) templates use."""

_OPAQUE = (
    types.ModuleType,
    type,
    PurePath,
    types.FunctionType,
    types.MethodType,
    types.BuiltinFunctionType,
)
"""Nothing is read off these, and no attribute that is one is handed out."""

_METHODS = (types.BuiltinMethodType, types.MethodType, types.MethodWrapperType)
_WIDE = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
"""Text methods that pad to a width the template chooses: refused, a page has no use for a gigabyte
of spaces."""


def _too_big(value: Any) -> bool:
    return isinstance(value, (str, list, tuple, bytes)) and len(value) > MAX_SIZE


class TemplateSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._trusted: tuple[Any, ...] = ()
        """Callables of infoprep's own that templates may call through Jinja's wrappers (the
        catalog's gettext)."""
        self._safe: dict[tuple[type, str], bool] = {}
        """(type of the object, attribute) -> may be read.

        Every check but the value's own depends on the object's type and the name alone (Jinja's
        too: internal attributes, known mutable types); a 500-meeting build reads 300,000 attributes
        of a few dozen kinds, and checking each afresh took a third of its templating.
        """

        self._watched: frozenset[str] = frozenset()
        self._read: set[str] = set()

    @contextlib.contextmanager
    def watching(self, names: frozenset[str]) -> Iterator[set[str]]:
        """The set of `names` read as attributes (or items) of anything while the block templates:
        a page key that left a field out must not keep a page that read it (page_keys.py)."""
        self._watched, self._read = names, set()
        try:
            yield self._read
        finally:
            self._watched = frozenset()

    def trust(self, *functions: Any) -> None:
        """Let templates call these (Jinja's i18n extension calls the catalog's gettext through
        `context.call`)."""
        self._trusted = (*self._trusted, *functions)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(value, (types.ModuleType, type, PurePath)):
            return False
        if attr in self._watched:
            self._read.add(attr)
        key = (type(obj), attr)
        known = self._safe.get(key)
        if known is None:
            known = self._safe[key] = self._safe_for_type(obj, attr, value)
        return known

    def _safe_for_type(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, _OPAQUE):
            return False
        if isinstance(obj, str) and attr in _WIDE:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, (Macro, BlockReference, Cycler, Joiner)):
            return True  # the template's own code, and Jinja's helpers
        if any(obj == known for known in self._trusted):
            # the catalog's gettext and ngettext (bound methods compare equal, never identical)
            return True
        if any(obj is known for known in self.globals.values()):
            return True  # range (bounded by the sandbox), dict, lipsum, cycler, joiner, namespace
        if isinstance(obj, _METHODS):
            return isinstance(getattr(obj, "__self__", None), (*_PLAIN, *_JINJA))
        # str.format as the sandbox hands it out: a wrapper that formats through its own checks
        wrapped = getattr(obj, "__wrapped__", None) if isinstance(obj, types.FunctionType) else None
        return isinstance(wrapped, _METHODS) and isinstance(getattr(wrapped, "__self__", None), str)

    # Jinja's signature
    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        result = super().call(__context, __obj, *args, **kwargs)
        if _too_big(result):
            raise SecurityError(
                f"a call made a value of {len(result):,} characters or items; the limit is "
                f"{MAX_SIZE:,}"
            )
        return result

    def bounded_filters(self) -> None:
        """Every filter's result is checked like a call's (`center(10**9)`): call once all filters
        are registered."""
        for name, function in list(self.filters.items()):
            self.filters[name] = _bounded(function)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for count, other in ((left, right), (right, left)):
                if (
                    isinstance(count, int)
                    and isinstance(other, (str, list, tuple))
                    and count * len(other) > MAX_SIZE
                ):
                    raise SecurityError(
                        f"repeating a value {count:,} times makes it longer than {MAX_SIZE:,}"
                    )
        if (
            operator == "**"
            and isinstance(left, (int, float))
            and isinstance(right, (int, float))
            and abs(right) > 64
        ):
            raise SecurityError("exponents above 64 are refused in templates")
        result = super().call_binop(context, operator, left, right)
        if _too_big(result):
            raise SecurityError(f"an expression made a value longer than {MAX_SIZE:,}")
        return result


def _bounded(function: Any) -> Any:
    @functools.wraps(function)  # keeps Jinja's pass_context / pass_environment marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        if _too_big(result):
            raise SecurityError(
                f"a filter made a value of {len(result):,} characters or items; the limit is "
                f"{MAX_SIZE:,}"
            )
        return result

    return bounded
