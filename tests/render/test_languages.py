"""Pages, PDFs and drafts in the user's language (issue 27): the sample trip in each of the nine languages with
none of infoprep's English left, `<html lang>` and PDF `/Lang`, drafts in a recipient's own language, a
user's own wording over the catalog, and CJK and Hangul PDFs set in faces that cover them."""

from __future__ import annotations

import html
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from fixtures.building import build_options
from fixtures.mini_trip import MINI, SAMPLE, TODAY
from fixtures.pdf_pages import pdf_text

from generator.build import build
from generator.content.models import Language
from render.english_left import english_left

SAMPLE_TODAY = date(2027, 3, 1)
"""A week before the sample trip: every draft of the week is on a page."""


def _with(trip: Path, defaults: str = "", extra: str = "") -> None:
    text = (trip / "trip.yaml").read_text(encoding="utf-8")
    if defaults:
        text = re.sub(r"^defaults:\n", "defaults:\n" + defaults, text, count=1, flags=re.M)
    (trip / "trip.yaml").write_text(text + extra, encoding="utf-8")


def _build(
    source: Path,
    target: Path,
    defaults: str = "",
    extra: str = "",
    pdf: bool = False,
    today: date = TODAY,
) -> Path:
    content = target / "content"
    shutil.copytree(source, content)
    _with(content, defaults, extra)
    output = target / "output"
    build(
        build_options(
            content=content,
            output=output,
            pdf=pdf,
            today=today,
            quiet=True,
            environ={},
            cache=target / "cache",
        )
    )
    return output


@pytest.mark.parametrize("language", list(Language), ids=lambda language: language.value)
def test_the_sample_trip_speaks_each_language_with_no_english_label_left(
    tmp_path: Path, language: Language
) -> None:
    output = _build(
        SAMPLE, tmp_path, defaults=f"  language: {language.value}\n", today=SAMPLE_TODAY
    )
    index = (output / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{language.tag}">' in index
    # Allowed: names, titles, notes and every other word of the user's own (the content folder holds
    # them), and phrases a catalog writes as English does (PDF). Not allowed: any other phrase of
    # infoprep's catalog.
    left = english_left(output, language, tmp_path / "content")
    assert not left, "\n".join(f"{x.page}: {x.english!r} in {x.text!r}" for x in left[:10])


def test_a_german_week_reads_german(tmp_path: Path) -> None:
    output = _build(MINI, tmp_path, defaults="  language: de\n")
    index = (output / "index.html").read_text(encoding="utf-8")
    assert "Mitnehmen" in index and "Notizbuch und zwei Stifte" in index
    assert "Mo., 10. Mai" in index  # dates follow the language when no locale is given
    assert "2 Gespräche" in index or "4 Gespräche" in index
    packet = next((output / "meetings").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Vor dem Gespräch" in packet and "Fragen" in packet
    # Bank questions are asked as a German speaker asks them; the person's own stay as written.
    assert (
        "Wen sollte ich laut ihnen noch ansprechen" in packet
        or "Mit wem sollte ich Ihrer Meinung nach noch sprechen?" in packet
    )
    assert "Who else do you think I should talk to?" not in packet


def test_the_locale_alone_chooses_the_language(tmp_path: Path) -> None:
    output = _build(MINI, tmp_path, defaults="  locale: fr_CA\n")
    index = (output / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in index and "À emporter" in index


def test_british_english_says_cv_and_traveller(tmp_path: Path) -> None:
    output = _build(MINI, tmp_path, defaults="  language: en_GB\n")
    index = (output / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in index and "Traveller" in index
    assert "CV" in index and "resume" not in index.lower().replace("resume.pdf", "")


def test_drafts_follow_the_recipients_language(tmp_path: Path) -> None:
    """A Korean trip, a recipient who reads English: the pages are Korean, the drafts to her English; to the
    others, Korean with their whole name and 님 (names.Address.FULL)."""
    content = tmp_path / "src"
    shutil.copytree(MINI, content)
    lena = content / "people" / "lena-brooks.yaml"
    lena.write_text("language: en\n" + lena.read_text(encoding="utf-8"), encoding="utf-8")
    output = _build(content, tmp_path / "built", defaults="  language: ko\n")
    followups = (output / "followups.html").read_text(encoding="utf-8")
    assert "후속 연락" in followups
    lena_packet = (output / "meetings" / "2027-05-11-lena-brooks" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Dear Lena," in lena_packet and "Thank you for taking the time" in lena_packet
    assert "감사 인사" in lena_packet  # the page around the draft stays Korean
    kim_packet = (output / "meetings" / "2027-05-10-kim-park" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Kim Park 님께," in kim_packet and "Dear Kim" not in kim_packet


def test_a_users_own_wording_wins(tmp_path: Path) -> None:
    extra = 'translations:\n  "Before you go": "Vor dem Kaffee"\n  "%(num)s meeting": "%(num)s Termin(e)"\n'
    output = _build(MINI, tmp_path, defaults="  language: de\n", extra=extra)
    packet = next((output / "meetings").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Vor dem Kaffee" in packet and "Vor dem Gespräch" not in packet
    assert "4 Termin(e)" in (output / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "face", "words"),
    [
        ("de", "Noto-Sans", "Vor dem Gespräch"),
        ("ja", "Noto-Sans-CJK-JP", "面談の前に"),
        ("ko", "Noto-Sans-CJK-KR", "가기 전에"),
        ("zh_Hans", "Noto-Sans-CJK-SC", "出发之前"),
    ],
)
def test_packet_pdfs_say_their_language_and_cover_its_script(
    tmp_path: Path, language: str, face: str, words: str
) -> None:
    from pypdf import PdfReader

    output = _build(MINI, tmp_path, defaults=f"  language: {language}\n", pdf=True)
    reader = PdfReader(output / "meetings" / "2027-05-10-kim-park" / "packet.pdf")
    assert str(reader.trailer["/Root"]["/Lang"]) == Language(language).tag
    assert words in pdf_text(output / "meetings" / "2027-05-10-kim-park" / "packet.pdf").replace(
        "\n", ""
    )
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any(name.startswith(face) for name in fonts), fonts
    binder = PdfReader(output / "binder.pdf")
    assert str(binder.trailer["/Root"]["/Lang"]) == Language(language).tag


def test_the_lock_screen_and_the_scripts_words_speak_the_trips_language() -> None:
    import json

    from generator.content.catalog import words_for
    from generator.publish.seal import derive_site_key, encrypt_site
    from generator.render.lock import lock_renderer
    from generator.render.theme import THEMES_DIR, make_environment, resolve_theme

    key = derive_site_key("a passphrase for the lock page", b"0123456789abcdef")
    env = make_environment(resolve_theme("default", THEMES_DIR), words=words_for(Language.DE))
    sealed = encrypt_site(
        key, {"index.html": b"<p>x</p>"}, {}, remember_days=14, render_lock=lock_renderer(env)
    )
    shell = sealed.files["index.html"]
    text = shell.decode("utf-8")
    assert '<html lang="de">' in text and "<h1>Private Seiten</h1>" in text
    assert "Auf diesem Gerät 14 Tage entsperrt lassen" in text and ">Entsperren</button>" in text
    assert "14 Tage lang in seinen Dateien" in text and "nur im Arbeitsspeicher dieses Tabs" in text
    block = re.search(
        r'<script id="infoprep-words" type="application/json">(.*?)</script>', text, re.S
    )
    assert block is not None
    said = json.loads(block.group(1))
    assert said["wrong"].startswith("Falsche Passphrase") and "%(when)s" in said["offline"]


def test_research_still_to_do_is_worded_in_the_pages_language(tmp_path: Path) -> None:
    content = tmp_path / "src"
    shutil.copytree(MINI, content)
    kim = content / "people" / "kim-park.yaml"
    kim.write_text(
        re.sub(r"(?ms)^talking_points:.*?(?=^\S)", "", kim.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    trip = content / "trip.yaml"
    trip.write_text(
        trip.read_text(encoding="utf-8").replace("min_questions: 12", "min_questions: 60"),
        encoding="utf-8",
    )
    output = _build(content, tmp_path / "built", defaults="  language: de\n")
    packet = (output / "meetings" / "2027-05-10-kim-park" / "index.html").read_text(
        encoding="utf-8"
    )
    gaps = re.search(r'<ul class="gaps">(.*?)</ul>', packet, re.S)
    assert gaps is not None
    assert "Keine Gesprächsaufhänger für Kim Park" in gaps.group(1)
    assert "Fragen; schreiben Sie mindestens 60" in gaps.group(1)
    assert "no talking points" not in packet.lower()


def test_japanese_drafts_address_by_name_and_sama_with_no_space_between_sentences(
    tmp_path: Path,
) -> None:
    content = tmp_path / "src"
    shutil.copytree(MINI, content)
    kim = content / "people" / "kim-park.yaml"
    kim.write_text("greeting: 朴\n" + kim.read_text(encoding="utf-8"), encoding="utf-8")
    output = _build(content, tmp_path / "built", defaults="  language: ja\n")
    packet = (output / "meetings" / "2027-05-10-kim-park" / "index.html").read_text(
        encoding="utf-8"
    )
    draft = re.search(r'<pre class="draft">(.*?)</pre>', packet.split('id="after-h"')[1], re.S)
    assert draft is not None
    body = draft.group(1)
    assert body.lstrip().startswith("朴様") or "\n朴様\n" in body
    assert "誠にありがとうございました。" in body and "。 " not in body


def test_a_translation_is_content_and_cannot_add_markup(tmp_path: Path) -> None:
    extra = 'translations:\n  "Before you go": "<script>alert(1)</script> & more"\n'
    output = _build(MINI, tmp_path, extra=extra)
    packet = next((output / "meetings").glob("*/index.html")).read_text(encoding="utf-8")
    assert "<script>alert" not in packet
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in packet


def test_the_follow_up_agenda_is_worded_in_the_pages_language(tmp_path: Path) -> None:
    output = _build(MINI, tmp_path, defaults="  language: de\n", today=date(2027, 5, 13))
    page = (output / "followups.html").read_text(encoding="utf-8")
    agenda = re.search(r'<ol class="agenda-list" role="list">(.*?)</ol>', page, re.S)
    assert agenda is not None
    assert "die Dankesnachricht an Kim Park senden" in agenda.group(1)
    assert "send your thank-you" not in agenda.group(1)


def test_holidays_the_clock_skips_are_named_in_the_pages_language() -> None:
    from generator.content.models import TripFile
    from generator.plan.working_days import working_calendar
    from tests.plan.factory import trip_file

    def holiday(country: str, zone: str, language: str, day: date) -> str | None:
        info = TripFile.model_validate(
            trip_file(
                country=country,
                timezone=zone,
                start="2027-03-22",
                end="2027-03-30",
                defaults={"language": language},
            )
        )
        return working_calendar(info, range(2027, 2028)).holiday(day)

    assert holiday("DE", "Europe/Berlin", "de", date(2027, 3, 26)) == "Karfreitag"
    assert holiday("DE", "Europe/Berlin", "en", date(2027, 3, 26)) == "Good Friday"
    assert holiday("JP", "Asia/Tokyo", "ja", date(2027, 1, 1)) == "元日"
    assert holiday("GB-ENG", "Europe/London", "en_GB", date(2027, 3, 29)) == "Easter Monday"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            "[Wie versprochen: Schreiben Sie hier, was Sie schicken oder tun werden. Ihre Notiz: "
            "„Send Lena the pilot's flow data.“]",
        ),
        ("en_GB", "As promised, I will send you the pilot's flow data."),
    ],
)
def test_a_promise_is_left_to_rewrite_in_another_language_and_said_to_them_in_english(
    tmp_path: Path, language: str, expected: str
) -> None:
    """Promises are notes to yourself: a draft in English says them to the recipient ("send
    you"); a German draft leaves a bracketed line to rewrite, the note in it, instead of quoting
    "Send Lena ..." to Lena or putting an English verb into a German sentence."""
    content = tmp_path / "src"
    shutil.copytree(MINI, content)
    lena = content / "people" / "lena-brooks.yaml"
    lena.write_text(f"language: {language}\n" + lena.read_text(encoding="utf-8"), "utf-8")
    schedule = content / "schedule.yaml"
    schedule.write_text(
        schedule.read_text(encoding="utf-8").replace(
            '  start: "2027-05-11 10:00"\n',
            '  start: "2027-05-11 10:00"\n'
            "  debrief:\n"
            "    promises:\n"
            "      - text: Send Lena the pilot's flow data\n",
            1,
        ),
        encoding="utf-8",
    )
    output = _build(content, tmp_path / "built", today=date(2027, 5, 11))
    packet = (output / "meetings" / "2027-05-11-lena-brooks" / "index.html").read_text(
        encoding="utf-8"
    )
    text = html.unescape(re.sub(r"\s+", " ", packet))
    assert expected in text
    assert "werde ich send" not in text
    if language == "de":  # no article glued to a name whose gender the catalog cannot know
        assert "Einblick in die Arbeit bei Civic Data Lab" in text, text


def test_the_calendar_speaks_the_trips_language(tmp_path: Path) -> None:
    """A Berlin user's phone shows the calendar's events and to-dos in German: the labels from the
    catalog, each to-do in the follow-ups page's words."""
    import icalendar

    output = _build(MINI, tmp_path, defaults="  language: de\n")
    calendar = icalendar.Calendar.from_ical((output / "itinerary.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert {str(c) for e in events for c in e.get("categories").cats} == {"Informationsgespräch"}
    described = "\n".join(str(e["description"]) for e in events)
    assert "Telefon: (617) 555-0142" in described and "Telefonat" in described
    assert "Format:" not in described and "Phone:" not in described
    summaries = [str(t["summary"]) for t in calendar.walk("VTODO")]
    assert "Die Dankesnachricht an José Álvarez-Núñez senden" in summaries, summaries
    assert not [s for s in summaries if "thank-you" in s.lower()], summaries
    alarms = [str(a["description"]) for a in calendar.walk("VALARM")]
    assert all(a.startswith(("Losgehen zum Treffen mit ", "Gleich: ", "Die ")) for a in alarms)


GENDERED = {
    "de": r"\b(der|die|das|dem|den|des|beim|im|zum|zur|vom)",
    "fr": r"\b(la|le|les|du|au|aux|de la)",
    "es": r"\b(la|el|los|las|del|al)",
    "pt_BR": r"\b(a|o|as|os|na|no|da|do|à|ao|pela|pelo)",
}


@pytest.mark.parametrize("language", sorted(GENDERED))
def test_no_article_is_glued_to_an_organisations_name(language: str) -> None:
    """An organisation's grammatical gender is unknown to the catalog ("a Petrobras" but "o Itaú",
    "die Charité" but "das Fraunhofer"): no phrase puts an article or a contraction right before
    one ("Einblick in die Arbeit bei X", "o pessoal de X", "chez X")."""
    from babel.messages.pofile import read_po

    from generator.content.catalog import catalog_path

    with catalog_path(Language(language)).open("rb") as handle:
        catalog = read_po(handle)
    glued = re.compile(GENDERED[language] + r" %\(organisation\)s", re.IGNORECASE)
    found = [
        text
        for message in catalog
        for text in ([message.string] if isinstance(message.string, str) else message.string)
        if text and glued.search(text)
    ]
    assert found == []
