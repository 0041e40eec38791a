"""Text for a terminal: the one place that decides what content may print as itself, and how wide it
is.

Content reaches the terminal in messages, reports and drafts meant to be copied. Only what can harm
is escaped: control characters (an escape sequence can move the cursor or rewrite the clipboard),
bidirectional overrides and isolates (they turn the rest of a line around), and the line and
paragraph separators. Everything else prints as itself: a no-break space pasted from Google Docs,
the thin spaces of a date range ("27 May – 3 Jun"), the zero-width joiner inside a Devanagari
name. Columns are padded by display width, not by code points, so a name in Devanagari, Hangul or
Chinese does not shift the columns after it.
"""

from __future__ import annotations

import sys
import unicodedata

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Marks, embeddings, overrides and isolates: they reorder what follows them on the line."""

_KEPT = frozenset("\n\t")
_DANGEROUS_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
_ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf"})


def _dangerous(ch: str) -> bool:
    if ch in _KEPT:
        return False
    return ch in _BIDI or unicodedata.category(ch) in _DANGEROUS_CATEGORIES


def terminal_text(text: str) -> str:
    """`text` as a terminal may show it: control characters (but the line break and the tab),
    bidirectional controls and line separators escaped (\\x1b, \\u202e); every other character,
    spaces of any kind included, as itself."""
    if text.isprintable():
        return text
    return "".join(ascii(ch)[1:-1] if _dangerous(ch) else ch for ch in text)


def one_line(text: str) -> str:
    """`terminal_text` kept on one line: a line break or tab in content shows as \\n or \\t."""
    return terminal_text(text).replace("\n", "\\n").replace("\t", "\\t")


def char_width(ch: str) -> int:
    """Cells a character takes: 2 for wide and full-width (CJK, Hangul syllables), 0 for combining
    marks (Devanagari vowel signs and virama, accents) and format characters (the zero-width
    joiner), else 1."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    if unicodedata.category(ch) in _ZERO_WIDTH_CATEGORIES or "\u1160" <= ch <= "\u11ff":
        return 0
    return 1


def width(text: str) -> int:
    """Cells `text` takes on a terminal."""
    return sum(char_width(ch) for ch in text)


def pad(text: str, cells: int) -> str:
    """`text` padded with spaces to `cells` cells of display width."""
    return text + " " * max(0, cells - width(text))


def cut(text: str, cells: int) -> str:
    """At most `cells` cells, with an ellipsis when cut, never inside a letter's combining marks."""
    if width(text) <= cells:
        return text
    out, used = "", 0
    for ch in text:
        w = char_width(ch)
        if used + w > cells - 1:
            break
        out, used = out + ch, used + w
    # a cut between a letter and its vowel sign leaves the letter bare
    while out and char_width(out[-1]) == 0:
        out = out[:-1]
    return out.rstrip() + "…"


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 person", "3 people", "2 organisations"."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def interactive() -> bool:
    """Whether standard error is a terminal a person watches (a progress bar is drawn only
    there)."""
    return sys.stderr.isatty()
