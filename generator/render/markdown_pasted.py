"""Notes pasted from document tools, in the Markdown they meant.

Google Docs copies a bulleted list as lines that start with the bullet glyph and a tab ("•\tAsk
about the pilot", "◦\tits budget" one level in), and Notion exports a callout as an HTML `<aside>`
block. Python-Markdown reads the first as one paragraph of run-together lines and leaves the
second's Markdown as it is (`**et**` printed with its asterisks). `pasted_markup` rewrites both: a
glyph line becomes a list item (each glyph its level: •, then ◦, then ▪), an `<aside>` a block
quote. Fenced code is left as written, and text with neither comes back unchanged.
"""

from __future__ import annotations

import re

_GLYPHS = {"•": 0, "●": 0, "◦": 1, "○": 1, "▪": 2, "■": 2, "‣": 1, "⁃": 1}
"""Each bullet glyph a document tool writes, and the list level it stands for."""
_BULLET = re.compile(rf"^(?P<indent>[ \t]*)(?P<glyph>[{''.join(_GLYPHS)}])[ \t]+(?P<text>\S.*)$")
_ASIDE_OPEN = re.compile(r"^[ \t]*<aside>[ \t]*$", re.IGNORECASE)
_ASIDE_CLOSE = re.compile(r"^[ \t]*</aside>[ \t]*$", re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CANDIDATE = re.compile(rf"[{''.join(_GLYPHS)}]|<aside>", re.IGNORECASE)


def pasted_markup(text: str) -> str:
    """`text` with pasted bullets as list items and `<aside>` callouts as block quotes."""
    if not _CANDIDATE.search(text):
        return text
    out: list[str] = []
    fence, quoted, listed = "", False, False
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence:
            out.append(("> " if quoted else "") + line)
            if opened and opened.group(1)[0] == fence[0] and not line.strip(" `~"):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
        if _ASIDE_OPEN.match(line):
            quoted = True
            out.append("")
            continue
        if quoted and _ASIDE_CLOSE.match(line):
            quoted = False
            out.append("")
            continue
        bullet = _BULLET.match(line)
        if bullet is not None:
            if not listed and out and out[-1].strip() not in ("", ">"):
                out.append(">" if quoted else "")  # a list needs a blank line before it
            level = _GLYPHS[bullet.group("glyph")] + bullet.group("indent").count("\t")
            line = "    " * level + "- " + bullet.group("text")
        elif listed and line.strip() and not line[:1].isspace():
            out.append(">" if quoted else "")  # a pasted list ends at the next paragraph
        listed = bullet is not None
        out.append(("> " + line if line else ">") if quoted else line)
    return "\n".join(out)
