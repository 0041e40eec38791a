"""Headings and rules end their block: a blank line after each, so Python-Markdown stays linear.

Python-Markdown splits a block of lines at a heading or a horizontal rule by taking the heading off
and putting the rest of the block back, joined again: a note of many headings or rules with no blank
lines between them (`a\\n=\\n` a few thousand times, an 80 KB note) cost minutes. A heading or a
rule ends its block anyway, so a blank line after it changes nothing on the page, and every block is
then split once. Fenced code is left as written. Found with tests/adversarial/test_untrusted.py's
growth test, which times each Markdown construct at two sizes; the inline constructs whose cost
grows faster are bounded where notes are read (content/scalars.py, `bounded_inline`).
"""

from __future__ import annotations

import re

_ENDS_BLOCK = re.compile(
    r"^(?:#{1,6}(?:[ \t].*)?|=+[ \t]*|-+[ \t]*|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$"
)
"""At the start of a line: an ATX heading, a setext underline (=== or ---, also a rule) or a rule of
* or _."""

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CANDIDATE = re.compile(r"^[#=\-*_`~]", re.MULTILINE)
_UNDERLINE = re.compile(r"^(?:=+|-{1,2})[ \t]*$")
"""Too short for a rule: an underline only under a line of text (else it is text itself)."""


def blank_after_block_ends(text: str) -> str:
    if "\n" not in text or not _CANDIDATE.search(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    fence = ""
    for at, line in enumerate(lines):
        out.append(line)
        opened = _FENCE.match(line)
        if fence:
            if (
                opened
                and opened.group(1)[0] == fence[0]
                and len(opened.group(1)) >= len(fence)
                and not line.strip(" `~")
            ):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        ends = _ENDS_BLOCK.match(line) and (
            not _UNDERLINE.match(line) or (at > 0 and lines[at - 1].strip())
        )
        if ends and at + 1 < len(lines) and lines[at + 1].strip():
            out.append("")
    return "\n".join(out)
