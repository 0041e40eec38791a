"""Finds infoprep's own English left on a page built in another language (tests/render/test_languages.py).

A page holds two kinds of words: infoprep's (labels, headings, day plans, drafts) and the user's (names,
notes, titles, questions of their own). The English of infoprep's are the catalog's message ids; one is
"left" when a text node of the page is one whole (a label: "Bring") or holds a phrase of several words
of one ("ask a second person at"). Allowed: a phrase the language's catalog writes the same way (PDF,
Format), and a phrase the content folder itself contains (the user's own text may say "Notes").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.content.catalog import PLACEHOLDER, phrases, translations
from generator.content.models import Language

ALLOWED = frozenset({"PDF", "E-mail", "Format", "LinkedIn", "Map", "Draft"})
"""Words that stay as they are in some languages (a PDF is a PDF); checked only against catalogs that say so."""


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "aria-label", "title", "data-bookmark") and value:
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def page_texts(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.texts


@dataclass(frozen=True)
class Leftover:
    page: str
    english: str
    text: str


def english_fragments(language: Language, content: Path) -> tuple[set[str], list[str]]:
    """(whole labels, phrases of several words) of infoprep's English that `language` writes otherwise."""
    own = " ".join(
        " ".join(p.read_text(encoding="utf-8").split()) for p in content.rglob("*") if p.is_file()
    )
    catalog = translations(language)
    labels: set[str] = set()
    pieces: list[str] = []
    for phrase in phrases().values():
        if phrase.plural is None:
            forms = (catalog.gettext(phrase.singular),)
        else:
            forms = tuple(
                catalog.ngettext(phrase.singular, phrase.plural, n) for n in (1, 2, 5, 1_000_000)
            )
        if set(forms) <= {phrase.singular, phrase.plural}:
            continue  # written as in English on purpose (en_GB's unchanged phrases); completeness is another test's
        translated = " ".join(forms)
        for english in filter(None, (phrase.singular, phrase.plural)):
            for part in PLACEHOLDER.split(english)[::2]:
                part = part.strip(" ,.:;()[]·–-")
                if (
                    not re.search(r"[A-Za-z]{2}", part)
                    or part in translated
                    or part in ALLOWED
                    or part in own
                ):
                    continue
                if " " in part and len(part) >= 12:
                    pieces.append(part)
                elif part == english.strip(" ,.:;()"):
                    labels.add(part)
    return labels, pieces


def english_left(output: Path, language: Language, content: Path) -> list[Leftover]:
    labels, pieces = english_fragments(language, content)
    found = []
    for page in sorted(output.rglob("*.html")):
        for text in page_texts(page.read_text(encoding="utf-8")):
            bare = text.strip(" ,.:;()·")
            if bare in labels:
                found.append(Leftover(page.relative_to(output).as_posix(), bare, text))
                continue
            for piece in pieces:
                if piece in text:
                    found.append(Leftover(page.relative_to(output).as_posix(), piece, text[:120]))
                    break
    return found
