"""bounded_nesting's quick exit (one regex search) agrees with the line-by-line count it skips."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.scalars import MAX_NESTING, bounded_nesting


def _depth_ok(value: str) -> bool:
    """The line-by-line rule, as it was before the quick exit."""
    deepest = 0
    for line in value.splitlines():
        stripped = line.lstrip(" \t")
        indent = (len(line.expandtabs(4)) - len(stripped)) // 2
        quotes = len(re.match(r"[>\s]*", stripped).group(0).replace(" ", "").replace("\t", ""))  # type: ignore[union-attr]
        deepest = max(deepest, indent + quotes)
    return deepest <= MAX_NESTING


def _accepted(value: str) -> bool:
    try:
        bounded_nesting(value)
        return True
    except ValueError:
        return False


PIECES = st.sampled_from(
    [
        " ",
        "  ",
        ">",
        "> ",
        "\t",
        "\n",
        "\r\n",
        "a",
        "- ",
        "\v",
        "\u00a0",
        "\u2028",
        "  " * 12,
        "> " * 12,
    ]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=80).map("".join))
def test_the_quick_exit_agrees_with_counting_each_line(value: str) -> None:
    assert _accepted(value) == _depth_ok(value)


def test_depth_just_over_and_under_the_limit() -> None:
    assert _accepted("> " * MAX_NESTING + "quote")
    assert not _accepted("> " * (MAX_NESTING + 1) + "quote")
    assert not _accepted("\t" * 13 + "- item")  # a tab is two levels
    assert _accepted("\t" * 12 + "- item")
