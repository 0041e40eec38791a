"""The one catalog of words: every phrase infoprep writes, in each language it speaks.

Phrases are gettext messages whose id is the American English text. They are extracted from
the code and the theme's templates with Babel (`pybabel extract -F babel.cfg`, see
docs/languages.md) into generator/locale/infoprep.pot, and each language keeps its
translations in generator/locale/<language>/LC_MESSAGES/infoprep.po. The `.po` files are read
at run time through Babel, so an editable install, a wheel and a contributor's fresh edit all
behave alike: there is no compile step to forget. Plural forms come from each catalog's
`Plural-Forms` header (German has two, Japanese one), never from `n == 1` in code.

A trip's `translations:` mapping (trip.yaml) wins over any catalog, phrase by phrase. Its
values may hold only the phrase's own `%(name)s` placeholders: no width, precision or other
conversion, so a translation cannot make a string larger than the phrase and its values.
"""

from __future__ import annotations

import difflib
import gettext
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from io import BytesIO
from pathlib import Path
from types import MappingProxyType

from generator.content.models import Language

LOCALE_DIR = Path(str(resources.files("generator.locale")))
"""generator/locale/: one folder per language, installed with the package (a wheel has it too)."""

DOMAIN = "infoprep"

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
"""The one placeholder a phrase may hold: `%(name)s`."""


# gettext's name for it, which `pybabel extract` looks for
def N_(message: str) -> str:  # noqa: N802
    """Marks a phrase for the catalog where it is written, for code that translates it later
    (`words.gettext`)."""
    return message


def catalog_path(language: Language) -> Path:
    return LOCALE_DIR / language.value / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Phrase:
    """One message of the catalog: its English text, and its English plural when it has one."""

    singular: str
    plural: str | None = None

    @property
    def placeholders(self) -> frozenset[str]:
        """The names a translation must keep: those of the singular and the plural together."""
        return placeholders(self.singular) | placeholders(self.plural or "")


def placeholders(text: str) -> frozenset[str]:
    return frozenset(PLACEHOLDER.findall(text))


def bad_conversions(text: str) -> list[str]:
    """The %-conversions of `text` other than `%(name)s` and `%%` (`%d`, `%(n)10s`, `%*s`): refused
    in a phrase."""
    out = []
    at = text.find("%")
    while at >= 0:
        if text.startswith("%%", at):
            at = text.find("%", at + 2)
            continue
        whole = PLACEHOLDER.match(text, at)
        if whole is None:
            out.append(text[at : at + 8])
        at = text.find("%", whole.end() if whole else at + 1)
    return out


@cache
def phrases() -> Mapping[str, Phrase]:
    """Every message infoprep writes, by its id: the English catalog holds them all (tests keep it
    in step with the code and the templates)."""
    from babel.messages.pofile import read_po

    with catalog_path(Language.EN).open("rb") as handle:
        catalog = read_po(handle)
    out = {}
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (tuple, list)):
            out[message.id[0]] = Phrase(message.id[0], message.id[1])
        else:
            out[message.id] = Phrase(message.id)
    return MappingProxyType(out)


@cache
def translations(language: Language) -> gettext.NullTranslations:
    """A language's catalog as gettext translations (fuzzy entries left out)."""
    return _compiled(catalog_path(language), language)


def informal_translations(language: Language) -> gettext.NullTranslations | None:
    """A language's informal phrases (infoprep-informal.po beside its catalog: the drafts'
    sentences with du, tu, tú), or None for a language without them."""
    return overlay_translations(language, "informal")


@cache
def overlay_translations(language: Language, name: str) -> gettext.NullTranslations | None:
    """An overlay beside a language's catalog (`infoprep-<name>.po`: "feminine", "informal-
    feminine"), or None where the language has none."""
    path = catalog_path(language).with_name(f"infoprep-{name}.po")
    return _compiled(path, language) if path.is_file() else None


def writes_informally(familiar: bool, language: Language) -> bool:
    """Whether drafts to someone `familiar` (names.is_familiar) take `language`'s informal
    phrases: only where the language has them."""
    return familiar and informal_translations(language) is not None


def _compiled(path: Path, language: Language) -> gettext.GNUTranslations:
    """A .po read through Babel and compiled in memory."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language.value)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@dataclass(frozen=True)
class Words:
    """The phrases of one language, with the trip's own wording over them: what templates call as
    `_()`, `gettext`, `ngettext` and `{% trans %}`, and what code calls for the few words it makes
    itself."""

    language: Language = Language.EN
    overrides: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    informal: bool = False
    """Drafts to a friend: the language's informal phrases (du, tu, tú) first, where it has them,
    then its catalog's."""
    feminine: bool = False
    """Drafts by a woman: the language's feminine phrases ("reconnaissante", "obrigada") first,
    where it has them (Traveler.gender)."""

    def _overlays(self) -> list[gettext.NullTranslations]:
        """The catalogs read before the language's own, first first: informal and feminine,
        informal, feminine."""
        names = [
            name
            for name, wanted in (
                ("informal-feminine", self.informal and self.feminine),
                ("informal", self.informal),
                ("feminine", self.feminine),
            )
            if wanted
        ]
        return [found for name in names if (found := overlay_translations(self.language, name))]

    def gettext(self, message: str) -> str:
        own = self.overrides.get(message)
        if own is not None:
            return own
        for overlay in self._overlays():
            if (said := overlay.gettext(message)) != message:
                return said
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        own = self.overrides.get(singular)
        if own is not None:
            return own
        for overlay in self._overlays():
            if (said := overlay.ngettext(singular, plural, count)) not in (singular, plural):
                return said
        return translations(self.language).ngettext(singular, plural, count)

    def phrase(self, message: str, **values: object) -> str:
        """A phrase with its placeholders filled: `words.phrase("Network: %(title)s",
        title=...)`."""
        return self.gettext(message) % values if values else self.gettext(message)

    def phrases(self, singular: str, plural: str, count: int, **values: object) -> str:
        """A counted phrase in the language's plural form for `count`, placeholders filled
        (`%(num)s` is the count, as in the templates' `ngettext`)."""
        return self.ngettext(singular, plural, count) % {"num": count, **values}

    def in_language(self, language: Language) -> Words:
        """The same trip's wording in another language (the drafts to a person who reads another
        one)."""
        return Words(language, self.overrides, self.informal, self.feminine)


def words_for(
    language: Language,
    overrides: Mapping[str, str] | None = None,
    informal: bool = False,
    feminine: bool = False,
) -> Words:
    return Words(language, MappingProxyType(dict(overrides or {})), informal, feminine)


def override_problems(overrides: Mapping[str, str]) -> list[tuple[str, str]]:
    """What is wrong with a trip's `translations:`: (the phrase, the message), in the mapping's
    order.

    A phrase infoprep does not write, a conversion other than `%(name)s`, or a placeholder the
    phrase lacks or adds.
    """
    if not overrides:
        return []  # the catalog is read only when there is something to check against it
    known = phrases()
    out = []
    for key, value in overrides.items():
        phrase = known.get(key)
        if phrase is None:
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            hint = (
                f" (did you mean {close[0]!r}?)"
                if close
                else "; the phrases are the msgids of generator/locale/infoprep.pot"
            )
            out.append((key, f"infoprep writes no phrase {key!r}{hint}"))
            continue
        bad = bad_conversions(value)
        if bad:
            out.append(
                (key, f"only %(name)s placeholders are allowed in a translation, not {bad[0]!r}")
            )
            continue
        wanted, given = phrase.placeholders, placeholders(value)
        wrong = []
        if given - wanted:
            wrong.append("adds " + ", ".join(f"%({n})s" for n in sorted(given - wanted)))
        if phrase.plural is None and wanted - given:
            wrong.append("lacks " + ", ".join(f"%({n})s" for n in sorted(wanted - given)))
        if wrong:
            out.append(
                (
                    key,
                    f"the translation {' and '.join(wrong)}: keep the phrase's placeholders, no "
                    "more and no fewer",
                )
            )
    return out


def extract_bank(fileobj, keywords, comment_tags, options):  # type: ignore[no-untyped-def]
    """Babel's extractor for the built-in question bank (babel.cfg): each question's text is a
    phrase, with its category as a translator's comment (a question is translated as a native
    speaker would ask it)."""
    import yaml

    text = fileobj.read().decode("utf-8")
    # each question's line from the parsed nodes, so a question may be folded over several lines
    lines = {
        value.value: value.start_mark.line + 1
        for entry in yaml.compose(text).value
        for key, value in entry.value
        if key.value == "text"
    }
    for entry in yaml.safe_load(text):
        yield (
            lines.get(entry["text"], 0),
            None,
            entry["text"],
            [f"question bank: {entry.get('category', '')}"],
        )
