"""The phrase catalogs: in step with the code and the templates, complete per language, and a trip's own
`translations:` checked like any other content (content/catalog.py, docs/languages.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fixtures.mini_trip import ROOT

from generator.content.catalog import (
    LOCALE_DIR,
    Words,
    bad_conversions,
    catalog_path,
    override_problems,
    phrases,
    placeholders,
    translations,
    words_for,
)
from generator.content.models import Defaults, Language
from generator.errors import ContentError

FULLY_TRANSLATED = [
    language for language in Language if language not in (Language.EN, Language.EN_GB)
]
"""Every phrase has a msgstr in these; British English writes only where it differs (CV, organisation, traveller)."""


def _extract(tmp_path: Path) -> dict[str, str | tuple[str, str]]:
    """What `pybabel extract` finds in the code and the templates today (babel.cfg), by msgid."""
    pot = tmp_path / "now.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            str(pybabel),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "--no-location",
            "--omit-header",
            "-k",
            "phrase",
            "-k",
            "phrases:1,2",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    with pot.open("rb") as handle:
        catalog = read_po(handle)
    return {(m.id[0] if isinstance(m.id, (tuple, list)) else m.id): m.id for m in catalog if m.id}


@pytest.mark.skipif(
    shutil.which("pybabel") is None and not Path(sys.executable).with_name("pybabel").exists(),
    reason="no pybabel",
)
def test_every_catalog_has_every_message_and_no_stale_one(tmp_path: Path) -> None:
    wanted = _extract(tmp_path)
    for language in Language:
        with catalog_path(language).open("rb") as handle:
            shipped = {
                (m.id[0] if isinstance(m.id, (tuple, list)) else m.id): m.id
                for m in read_po(handle)
                if m.id
            }
        missing = sorted(set(wanted) - set(shipped))
        stale = sorted(set(shipped) - set(wanted))
        assert not missing, (
            f"{language.value}: messages missing from the catalog (run `make catalogs`): "
            f"{missing[:5]}"
        )
        assert not stale, (
            f"{language.value}: stale messages no code or template writes (run `make catalogs`): "
            f"{stale[:5]}"
        )
        changed = [
            k
            for k in wanted
            if tuple(wanted[k]) != tuple(shipped[k])
            if isinstance(wanted[k], tuple)
        ]
        assert not changed, f"{language.value}: plural forms changed: {changed[:3]}"


def test_the_pot_template_is_the_english_catalog() -> None:
    with (LOCALE_DIR / "infoprep.pot").open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert template == set(phrases())


@pytest.mark.parametrize("language", FULLY_TRANSLATED, ids=lambda language: language.value)
def test_every_phrase_is_translated(language: Language) -> None:
    with catalog_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language.value)
    untranslated = []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(key)
    assert not untranslated, (
        f"{language.value}: {len(untranslated)} phrases untranslated, e.g. {untranslated[:5]}"
    )


@pytest.mark.parametrize("language", list(Language), ids=lambda language: language.value)
def test_translations_keep_the_placeholders_of_their_phrase(language: Language) -> None:
    with catalog_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language.value)
    for message in catalog:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        wanted = frozenset().union(*(placeholders(i) for i in ids))
        for string in (message.string,) if isinstance(message.string, str) else message.string:
            if not string:
                continue
            assert not bad_conversions(string), (language.value, ids[0], string)
            # A plural's singular form may leave the count out ("one card"): no other name may go or
            # come.
            assert placeholders(string) <= wanted, (language.value, ids[0], string)
            if len(ids) == 1:
                assert placeholders(string) == wanted, (language.value, ids[0], string)


def test_plural_forms_come_from_the_catalog() -> None:
    de = words_for(Language.DE)
    assert de.phrases("%(num)s meeting", "%(num)s meetings", 1) == "1 Gespräch"
    assert de.phrases("%(num)s meeting", "%(num)s meetings", 4) == "4 Gespräche"
    assert de.phrases("%(num)s meeting", "%(num)s meetings", 0) == "0 Gespräche"
    en = words_for(Language.EN)
    assert en.phrases("%(num)s meeting", "%(num)s meetings", 1) == "1 meeting"
    assert en.phrases("%(num)s meeting", "%(num)s meetings", 3) == "3 meetings"


def test_british_english_says_cv_and_organisation() -> None:
    gb = words_for(Language.EN_GB)
    assert gb.gettext("Resume") == "CV"
    assert gb.gettext("Traveler") == "Traveller"
    assert "organisation" in gb.gettext("How has the organization changed since you joined?")
    assert "energise" in gb.gettext("Which parts of your work energize you, and which drain you?")
    assert gb.gettext("Before you go") == "Before you go"  # the same words need no entry


def test_a_users_own_wording_wins_over_every_catalog() -> None:
    words = Words(
        Language.DE, {"Before you go": "Vor dem Kaffee", "%(num)s meeting": "%(num)s Termin(e)"}
    )
    assert words.gettext("Before you go") == "Vor dem Kaffee"
    assert words.phrases("%(num)s meeting", "%(num)s meetings", 3) == "3 Termin(e)"
    assert words.gettext("Bring") == "Mitnehmen"


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("de_AT", Language.DE),
        ("en_AU", Language.EN_GB),
        ("en_US", Language.EN),
        ("pt_PT", Language.PT_BR),
        ("zh_Hant_TW", Language.ZH_HANS),
        ("ja_JP", Language.JA),
        ("ko_KR", Language.KO),
        ("nl_NL", Language.EN),
    ],
)
def test_the_page_language_follows_the_locale(locale: str, language: Language) -> None:
    assert Defaults(locale=locale).page_language is language


def test_a_language_brings_its_own_dates_unless_the_locale_says() -> None:
    assert Defaults(language="de").date_locale == "de_DE"
    assert Defaults(language="de", locale="de_CH").date_locale == "de_CH"
    assert Defaults(language="ja").page_language is Language.JA
    assert Defaults().page_language is Language.EN


def test_override_problems_name_each_mistake() -> None:
    found = dict(
        override_problems(
            {
                "Before you go": "Vorab",
                "Befor you go": "x",
                "Network: %(title)s": "Netz: %(titel)s",
                "Itinerary · %(city)s": "Reise",
                "Met %(date)s": "Getroffen %(date)10s",
                "%(num)s meeting": "%(num)s Termine",
            }
        )
    )
    assert "Before you go" not in found and "%(num)s meeting" not in found
    assert "did you mean 'Before you go'" in found["Befor you go"]
    assert "adds %(titel)s" in found["Network: %(title)s"]
    assert "lacks %(city)s" in found["Itinerary · %(city)s"]
    assert "only %(name)s placeholders" in found["Met %(date)s"]


def _trip_with(root: Path, text: str) -> None:
    trip = root / "trip.yaml"
    trip.write_text(trip.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_bad_translation_is_a_located_error(mini_copy: Path) -> None:
    from generator.content.load import load

    _trip_with(
        mini_copy,
        'translations:\n  "Before you go": "Vorab"\n  "Itinerary · %(city)s": "Reise nach '
        '%(stadt)s"\n',
    )
    with pytest.raises(ContentError) as raised:
        load(mini_copy)
    text = str(raised.value)
    lines = (mini_copy / "trip.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, s in enumerate(lines, 1) if "Reise nach" in s)
    assert f"trip.yaml:{line}:" in text and "adds %(stadt)s" in text and "lacks %(city)s" in text
    assert "Vorab" not in text


def test_check_finds_a_bad_translation_and_exits_1(mini_copy: Path, infoprep) -> None:  # type: ignore[no-untyped-def]
    _trip_with(mini_copy, 'translations:\n  "Packet PDF": "%(x)s PDF"\n')
    ran = infoprep("check", str(mini_copy))
    assert ran.code == 1
    assert "trip.yaml:" in ran.stderr + ran.stdout and "%(x)s" in ran.stderr + ran.stdout
    assert "Traceback" not in ran.stderr


def test_a_missing_translation_falls_back_to_english() -> None:
    assert translations(Language.DE).gettext("a phrase no catalog has") == "a phrase no catalog has"
