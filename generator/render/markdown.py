"""Markdown to safe HTML: the one Markdown filter of infoprep.

Notes are written by the traveler but often pasted from the web, so the HTML is sanitized with nh3
(an allowlist): no script, no event handlers, no style, no iframes, and links only to http(s),
mailto and tel. Relative links and images point into the content folder's assets/, which the build
copies to the output.
"""

from __future__ import annotations

import html as html_lib
import re
import xml.etree.ElementTree as etree

import markdown as md
import nh3
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from generator.content.scalars import asset_path
from generator.render.markdown_blocks import blank_after_block_ends
from generator.render.markdown_lists import commonmark_lists
from generator.render.markdown_pasted import pasted_markup
from generator.render.memo import Memo

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_CLASSES = {"a": {"url"}, "li": {"task"}}
"""The classes notes keep: links whose address is printed after them on paper (_PrintedLinks), and
task items, which show their box instead of a bullet (_TaskItems)."""

URL_SCHEMES = {"http", "https", "mailto", "tel"}
_RELATIVE = re.compile(
    r'(<(?:a|img)\b[^>]*?\b(?:href|src)=")(?![a-z][a-z0-9+.-]*:|/|#)([^"]*)"', re.IGNORECASE
)


class MarkdownTooDeep(ValueError):
    """Markdown the renderer cannot handle; content/models.py bounds nesting so this is a last
    resort."""


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not asset_path(value):
        return None
    if tag == "ol" and attribute == "start" and not value.isdigit():
        return None
    return value


class _LowerHeadings(Treeprocessor):
    """Headings in notes start at h3: the page's own headings (name, section) are h1 and h2.

    (Python-Markdown's toc extension does this too, but also slugs an id for every heading, which
    the sanitizer then removes.)
    """

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in _HEADINGS:
                element.tag = f"h{min(6, int(element.tag[1]) + 2)}"


_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


class _PrintedLinks(Treeprocessor):
    """Marks web links whose text is not their address (class="url"), so print.css can print the
    address after the text: on paper "the hiring page" is no use without it. A link that shows its
    own address is left alone."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href", "")
            if href.startswith(("http://", "https://")) and not _shows_address(
                "".join(element.itertext()), href
            ):
                element.set("class", "url")


class _TaskItems(Treeprocessor):
    """Marks list items that start with a ballot box (`- [ ] ask`, `- [x] done`,
    render/markdown_lists.py) as class="task", so the themes show the box alone, not "• ☑"."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter("li"):
            if (element.text or "").lstrip().startswith(("\u2610", "\u2611")):
                element.set("class", "task")


def _shows_address(text: str, href: str) -> bool:
    def bare(url: str) -> str:
        return (
            url.strip()
            .removeprefix("https://")
            .removeprefix("http://")
            .removeprefix("www.")
            .rstrip("/")
        )

    return bare(text) == bare(href)


class _NotesExtension(Extension):
    def extendMarkdown(self, md: md.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_LowerHeadings(md), "lower-headings", 5)
        md.treeprocessors.register(_PrintedLinks(md), "printed-links", 4)
        md.treeprocessors.register(_TaskItems(md), "task-items", 3)


def sanitize(html: str) -> str:
    """The allowlist every note's HTML passes, on the way in and again whenever it comes back from
    the cache."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )


class Notes:
    """The Markdown fields of one build as safe HTML or plain text, through the build's memo.

    One converter, reset between texts: building one costs more than converting a note.
    """

    def __init__(self, memo: Memo | None = None):
        self.memo = memo or Memo(check=sanitize)
        # align="right" for `---:` columns: the sanitizer keeps align, but would strip the
        # style="text-align: ..." that the tables extension writes by default.
        extensions: list[str | Extension] = [
            TableExtension(use_align_attribute=True),
            "sane_lists",
            "fenced_code",
            _NotesExtension(),
        ]
        self._converter = md.Markdown(extensions=extensions, output_format="html")

    def _html(self, text: str) -> str:
        return self.memo.get(text, self._convert)

    def _convert(self, text: str) -> str:
        try:
            html = self._converter.reset().convert(
                blank_after_block_ends(commonmark_lists(pasted_markup(text)))
            )
        except RecursionError:
            self._converter.reset()
            raise MarkdownTooDeep("nested too deeply to render") from None
        return sanitize(html)

    def html(self, text: str | None, root: str = "") -> Markup:
        """Sanitized HTML for a Markdown field; relative links are made relative to the output
        root."""
        if not text:
            return Markup("")
        html = self._html(text)
        if root:
            html = _RELATIVE.sub(lambda m: f'{m.group(1)}{root}{m.group(2)}"', html)
        return Markup(html)

    def plain(self, text: str | None) -> str:
        """Markdown reduced to readable plain text, for calendar descriptions and terminal
        output."""
        if not text:
            return ""
        html = self._html(text)
        html = re.sub(r"</(p|li|h\d|blockquote|tr)>", "\n", html)
        html = re.sub(r"<li>", "- ", html)
        stripped = nh3.clean(html, tags=set())
        return re.sub(r"\n{3,}", "\n\n", html_lib.unescape(stripped)).strip()
