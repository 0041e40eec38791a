"""Lists as people write them today, re-indented the way Python-Markdown reads them.

GitHub, Obsidian and Notion follow CommonMark: a nested item is indented to the text of its parent
(2 spaces under `- `, 3 under `1. `, a tab in Obsidian, 4 spaces in Notion), and a list may follow a
paragraph line directly. Python-Markdown nests only by multiples of 4 spaces and needs a blank line
before a list, so without this pass those notes come out flattened or glued into the line above.
`commonmark_lists` rewrites the indentation of list items, and of the paragraphs and code inside
them, to 4 spaces per level, which Python-Markdown nests exactly as CommonMark would. Text without
lists comes back unchanged.

Measured against `mdx_truly_sane_lists` (nested_indent 2): it nests 2- and 3-space lists but then
flattens 4-space (Notion) and tab (Obsidian) lists, and drops an ordered list's start number; this
pass keeps all of them.

The pass is one scan over the lines (each line is pushed on and popped off the stack of open items
at most once, and block quotes are re-read once per level of quoting, which the content models
bound), so it stays linear in the size of the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ITEM = re.compile(r"^ *(?P<marker>[-+*]|\d{1,9}[.)])(?P<gap> +|$)(?P<rest>.*)$")
_ANY_ITEM = re.compile(r"^[ \t>]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)
_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})")
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}> ?")
_BLOCK_START = re.compile(r"^ {0,3}(?:#{1,6}(?:\s|$)|>|`{3,}|~{3,}|<)")
"""Lines that start a block of their own: they end a list item instead of continuing its
paragraph."""

_TASK = re.compile(r"^\[([ xX])\] ")

TAB = 4
"""Python-Markdown's indent for one level of nesting."""

LIST_BREAK = "<!-- -->"
"""Written between two top-level lists that CommonMark keeps apart (a change of bullet, or from
numbers to bullets): Python-Markdown would otherwise run them into one list.

The sanitizer drops the comment.
"""

_BOXES = {" ": "\u2610 ", "x": "\u2611 ", "X": "\u2611 "}
"""Task list items (`- [ ] ask`, `- [x] done`) as ballot boxes, as GitHub, Obsidian and Notion show
them."""


@dataclass
class _Item:
    content: int
    """The source column where the item's text starts: lines indented this far belong to it."""
    depth: int
    """0 for a top-level item."""


def commonmark_lists(text: str) -> str:
    """`text` with every list re-indented to 4 spaces per level; text without list items is returned
    as it is."""
    if not _ANY_ITEM.search(text):
        return text
    ending = "\n" if text.endswith("\n") else ""
    return "\n".join(_lines(text.split("\n") if not ending else text[:-1].split("\n"))) + ending


def _lines(source: list[str]) -> list[str]:
    out: list[str] = []
    stack: list[_Item] = []
    fence: tuple[str, int] | None = None
    """An open fenced code block: its fence, and where its lines go (-1: left as written)."""
    fence_strip = 0
    blank_before = True
    loose = False
    """The last line was inside an indented block of an item (after a blank line): Python-Markdown
    would read a following item into that block unless a blank line ends it."""
    top_kind: str | None = None
    """The marker kind of the open top-level list ("-", "*", "+", "." or ")"): an item of another
    kind starts a new list, as CommonMark reads it."""
    index = 0
    while index < len(source):
        raw = source[index]
        index += 1
        line = raw.expandtabs(TAB)
        if fence is not None:
            marker, target = fence
            opened = _FENCE.match(line)
            if (
                opened
                and opened.group("fence")[0] == marker[0]
                and len(opened.group("fence")) >= len(marker)
                and not line.strip(" `~")
            ):
                fence = None
                out.append("" if target >= 0 else raw)
            elif target < 0:
                out.append(raw)
            else:
                body = line[min(fence_strip, len(line) - len(line.lstrip(" "))) :]
                out.append(" " * target + body if body.strip() else "")
            continue
        if not line.strip():
            out.append("")
            blank_before = True
            continue
        if not stack and _QUOTE.match(line):
            quoted = [raw]
            while index < len(source) and _QUOTE.match(source[index].expandtabs(TAB)):
                quoted.append(source[index])
                index += 1
            inner = [_QUOTE.sub("", q.expandtabs(TAB), count=1) for q in quoted]
            out.extend(("> " + q).rstrip() for q in _lines(inner))
            blank_before = False
            continue
        item = _ITEM.match(line)
        if item and _BREAK.match(line):
            item = None
        indent = len(line) - len(line.lstrip(" "))
        if (
            item
            and not stack
            and (indent >= TAB or (not blank_before and not _may_interrupt(item)))
        ):
            # indented code, or a paragraph's next line ("2. Juni ..."), as CommonMark reads them
            item = None
        if item:
            if (not stack or loose) and not blank_before and out:
                out.append(
                    ""
                )  # a list right after a paragraph line: Python-Markdown needs a blank line
            loose = False
            while stack and stack[-1].content > indent:
                stack.pop()
            depth = stack[-1].depth + 1 if stack else 0
            if depth == 0:
                kind = item.group("marker")[-1]
                if top_kind is not None and kind != top_kind:
                    out.extend(["", LIST_BREAK, ""] if out and out[-1] else [LIST_BREAK, ""])
                top_kind = kind
            gap = item.group("gap")
            width = len(item.group("marker")) + (len(gap) if 0 < len(gap) <= TAB else 1)
            stack.append(_Item(indent + width, depth))
            marker = item.group("marker")
            if marker[-1] == ")":
                marker = marker[:-1] + "."
            rest = item.group("rest").lstrip(" ") if 0 < len(gap) <= TAB else item.group("rest")
            rest = _TASK.sub(lambda m: _BOXES[m.group(1)], rest, count=1)
            out.append(" " * (TAB * depth) + marker + " " + rest)
            blank_before = False
            continue
        if stack:
            owner = None
            for candidate in reversed(stack):
                if indent >= candidate.content:
                    owner = candidate
                    break
            if (
                owner is None
                and not blank_before
                and not _BLOCK_START.match(line)
                and not _BREAK.match(line)
            ):
                owner = stack[-1]  # a lazy continuation of the item's paragraph
                indent = owner.content
            if owner is None:
                stack.clear()
                loose = False
                top_kind = None
            else:
                while stack[-1] is not owner:
                    stack.pop()
                target = TAB * (owner.depth + 1) + indent - owner.content
                opened = _FENCE.match(line)
                if opened:
                    fence = (
                        opened.group("fence"),
                        target + TAB,
                    )  # an indented code block inside the item
                    fence_strip = len(opened.group("indent"))
                    out.extend(["", ""] if out and out[-1] else [""])
                    blank_before = True
                    continue
                out.append(" " * target + line.lstrip(" "))
                loose = loose or blank_before
                blank_before = False
                continue
        opened = _FENCE.match(line)
        if opened and len(opened.group("indent")) < TAB:
            fence = (opened.group("fence"), -1)
        out.append(raw)
        blank_before = False
    return out


def _may_interrupt(item: re.Match[str]) -> bool:
    """CommonMark: a list may start right after a paragraph line if it is a bullet list or starts at
    1, and has text."""
    marker = item.group("marker")
    if not item.group("rest").strip():
        return False
    return not marker[0].isdigit() or int(marker[:-1]) == 1
