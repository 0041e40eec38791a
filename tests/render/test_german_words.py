"""A German trip's output speaks German throughout: the binder's own words (footer, bookmarks,
title), the itinerary's format labels, research gaps and time zone, the packets' connection row,
contacts.vcf, the web app manifest and the opportunities' one-day check-ins; `check` stays English
and says so correctly (a holiday meeting with one person, the cities of other time zones)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import vobject
from fixtures.building import Runner, build_options
from pypdf import PdfReader

from generator.build import build
from generator.cli import main
from generator.content.catalog import words_for
from generator.content.models import Language
from generator.printing.binder import page_number

TRIP = """\
title: Berlin – Gespräche rund um Pfingsten 2027
city: Berlin
timezone: Europe/Berlin
country: DE-BE
start: 2027-05-17
end: 2027-05-21
traveler:
  name: Lena Schröder
  email: lena.schroeder@example.de
  pitch: Ich bin Datenanalystin und möchte in die Mobilitätsdaten wechseln.
defaults:
  duration: 45
  per_day: [0, 3]
  min_questions: 5
  paper: a4
  language: de
"""

PEOPLE = {
    "oezlem-yildirim": """\
name: Dr. Özlem Yıldırım
title: Head of Data Science
company: spreewerk
connection:
  via: Meetup Berlin Data
  kind: community
background: Leitet das Data-Team seit 2024.
talking_points: [Ihr Vortrag über Fahrgastprognosen]
""",
    "beat-zuercher": """\
name: Dr. Beat Zürcher
title: Partner
company: datenwerk
timezone: Europe/Zurich
connection:
  via: oezlem-yildirim
  kind: referral
background: Berät Bahnen bei Prognosen.
talking_points: [Schweizer Bahndaten]
""",
    "yamada-taro": """\
name: Taro Yamada
title: VP Europe Expansion
company: sakura
timezone: Asia/Tokyo
connection:
  kind: colleague
background: Baut das Berliner Büro auf.
talking_points: [Das neue Büro]
""",
    "friederike-von-hohenberg": """\
name: Friederike von Hohenberg
title: Produktmanagerin
company: spreewerk
connection:
  kind: friend
  note: Kennen uns aus dem Studium
background: Produktmanagerin Fahrgastinformation.
talking_points: [Uni Potsdam]
""",
}

COMPANIES = {
    "spreewerk": """\
name: Spreewerk Analytics GmbH
overview: Mobilitätsdaten für Verkehrsbetriebe.
news:
  - date: 2027-04-01
    title: Neues Büro in Kreuzberg
""",
    "datenwerk": """\
name: Helvetia Datenwerk AG
address: Hardturmstrasse 161, 8005 Zürich
overview: Berät SBB und Postauto.
""",
    "sakura": """\
name: Sakura Mobility K.K.
overview: Mobilitätsplattform aus Tokio.
news:
  - date: 2027-03-01
    title: Büro in Berlin angekündigt
""",
}

SCHEDULE = """\
- person: friederike-von-hohenberg
  start: 2027-05-17 17:30
  location: Café Liebling, Raumerstraße 36a, 10437 Berlin
- person: yamada-taro
  start: 2027-05-18 15:00
  timezone: Asia/Tokyo
  duration: 30
  format: video
  link: https://meet.example/sakura
- person: oezlem-yildirim
  start: 2027-05-18 10:00
  location: Schlesische Straße 26, 10997 Berlin
- person: beat-zuercher
  start: 2027-05-19 11:00
  timezone: Europe/Zurich
"""

OPPORTUNITIES = """\
- title: Analytics Engineer
  organisation: spreewerk
  status: referred
  via: oezlem-yildirim
  since: 2027-05-19
  next: 2027-06-01
"""

ENGLISH_LEFT = (
    "Binder page",
    "Binder:",
    "Itinerary",
    "Background and research",
    "research gap",
    "Europe/Berlin",
    "(referral)",
    "(community)",
    "Friend:",
    "Informational interview",
    "video call",
)


def write_trip(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "trip.yaml").write_text(TRIP, encoding="utf-8")
    (folder / "schedule.yaml").write_text(SCHEDULE, encoding="utf-8")
    (folder / "opportunities.yaml").write_text(OPPORTUNITIES, encoding="utf-8")
    for kind, files in (("people", PEOPLE), ("companies", COMPANIES)):
        (folder / kind).mkdir()
        for slug, text in files.items():
            (folder / kind / f"{slug}.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("german")
    content = write_trip(root / "content")
    output = root / "site"
    build(
        build_options(
            content=content,
            output=output,
            today=date(2027, 5, 20),
            quiet=True,
            environ={"SOURCE_DATE_EPOCH": "1800000000"},
            cache=root / "cache",
        )
    )
    return output


def _outline(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_binder_says_its_own_words_in_german(site: Path) -> None:
    reader = PdfReader(site / "binder.pdf")
    assert reader.metadata is not None
    assert reader.metadata.title == "Mappe: Berlin – Gespräche rund um Pfingsten 2027"
    titles = _outline(reader)
    assert titles[0] == "Reiseplan"
    assert titles.count("Hintergrund und Recherche") == 4, titles
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text() or ""
        assert f"Mappe, Seite {number} von {total}" in text, text[-200:]
    everything = " ".join([*titles, *(p.extract_text() or "" for p in reader.pages)])
    for english in ("Binder page", "Binder:", "Itinerary", "Background and research"):
        assert english not in everything


@pytest.mark.parametrize("language", [lang for lang in Language])
def test_every_language_s_binder_footer_is_drawn_in_its_own_words(language: Language) -> None:
    """The footer's font holds the WinAnsi characters: every Latin-script catalog's phrase fits
    it (accents too), and the CJK catalogs say the neutral "3 / 38"."""
    said = page_number(2, 38, words_for(language))
    assert "3" in said and "38" in said
    if language not in (Language.EN, Language.EN_GB):
        assert "Binder page" not in said
    said.encode("cp1252")  # drawable by the footer's font
    if language in (Language.ZH_HANS, Language.JA, Language.KO):
        assert said == "3 / 38"
    if language in (Language.ES, Language.PT_BR):
        assert "página 3 de 38" in said


def test_a_footer_the_font_cannot_draw_falls_back_to_numbers() -> None:
    own = {"Binder page %(page)s of %(pages)s": "バインダー %(page)s / %(pages)s ページ"}
    assert page_number(0, 9, words_for(Language.JA, own)) == "1 / 9"
    own = {"Binder page %(page)s of %(pages)s": "Übersicht, Seite %(page)s von %(pages)s"}
    assert page_number(0, 9, words_for(Language.DE, own)) == "Übersicht, Seite 1 von 9"


def test_the_itinerary_is_german_on_the_web_and_on_paper(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-format="Video"' in page and ">video<" not in page
    text = _text(page)
    assert "Ortszeit Berlin" in text
    assert "Keine aktuellen Nachrichten über Helvetia Datenwerk AG" in text
    assert "research gap" not in text and "Europe/Berlin" not in text
    paper = " ".join(p.extract_text() or "" for p in PdfReader(site / "itinerary.pdf").pages)
    assert "Ortszeit Berlin" in paper
    assert "Keine aktuellen Nachrichten über Helvetia Datenwerk AG" in paper
    assert re.search(r"\bVideo\b", paper) and not re.search(r"\bvideo\b", paper)
    for english in ("research gap", "Europe/Berlin", "Itinerary"):
        assert english not in paper


def test_the_packets_say_how_you_know_someone_in_german(site: Path) -> None:
    rows = []
    for packet in sorted((site / "meetings").glob("*/index.html")):
        found = re.search(r"<dt>Verbindung</dt><dd>(.*?)</dd>", packet.read_text(encoding="utf-8"))
        assert found, packet
        rows.append(_text(found.group(1)).strip())
    assert "Meetup Berlin Data (Community)" in rows
    assert "Vorgestellt von Dr. Özlem Yıldırım (Empfehlung)" in rows
    assert "Freundeskreis: Kennen uns aus dem Studium" in rows
    assert "Kollegenkreis" in rows
    for english in ("(referral)", "(community)", "Friend:", "Colleague"):
        assert not any(english in row for row in rows), rows


def test_contacts_vcf_notes_are_in_german(site: Path) -> None:
    cards = list(vobject.readComponents((site / "contacts.vcf").read_text(encoding="utf-8")))
    notes = {card.fn.value: card.note.value for card in cards}
    assert notes["Taro Yamada"].startswith(
        "Informationsgespräch am Di., 18. Mai 2027, 08:00–08:30 Uhr (Ortszeit Berlin), Videocall."
    )
    assert "vor Ort: Café Liebling" in notes["Friederike von Hohenberg"]
    assert "Reise: Berlin – Gespräche rund um Pfingsten 2027, Berlin." in notes["Taro Yamada"]
    for note in notes.values():
        assert "Informational interview" not in note and "Trip:" not in note


def test_the_manifest_is_german(site: Path) -> None:
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["lang"] == "de"
    assert manifest["description"] == "Reiseplan und Gesprächsmappen: Berlin, 17.–21. Mai 2027"


def test_a_private_manifest_is_german_too(tmp_path: Path) -> None:
    from generator.content.load import load
    from generator.publish.webapp import web_app

    content = write_trip(tmp_path / "content")
    trip = load(content, str(content)).info
    files = web_app(trip, True, {"index.html": b"sealed"}, {})
    manifest = json.loads(files["manifest.webmanifest"].decode())
    assert (manifest["name"], manifest["short_name"], manifest["lang"]) == (
        words_for(Language.DE).gettext("Private pages"),
        "Privat",
        "de",
    )
    assert "Private pages" not in manifest["name"] and "Encrypted" not in manifest["description"]


def test_a_one_day_check_in_names_its_day_once(site: Path) -> None:
    page = _text((site / "opportunities.html").read_text(encoding="utf-8"))
    assert "Am Di., 1. Juni bei Dr. Özlem Yıldırım nachfragen" in page
    assert "Zwischen Di., 1. Juni und Di., 1. Juni" not in page
    calendar = (site / "itinerary.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    assert "Zwischen 1. Juni 2027 und 1. Juni 2027" not in calendar
    assert "Am 1. Juni 2027." in calendar


def test_opportunity_names_fit_every_german_sentence_they_go_into() -> None:
    """The German name of an opportunity goes into sentences that want the dative ("mit",
    "zu"): a name with its own article ("die Stelle") would read "mit die Stelle"."""
    words = words_for(Language.DE)
    names = [
        words.phrase("the %(title)s role", title="Analytics Engineer"),
        words.phrase(
            "the %(title)s role at %(organisation)s", title="Analytics Engineer", organisation="X"
        ),
        words.phrase("the %(title)s", title="Analytics Engineer"),
    ]
    sentences = [
        "I wanted to let you know what happened with %(what)s: %(state)s.",
        "As for %(what)s you told me about, %(state)s.",
        "As for %(what)s, %(state)s.",
        "Thank you too for offering to refer me for %(what)s: %(state)s.",
        "Thank you too for telling me about %(what)s: %(state)s.",
    ]
    for name in names:
        assert name.startswith("„Analytics Engineer“"), name
        for sentence in sentences:
            said = words.phrase(sentence, what=name, state="…")
            assert not re.search(r"\b(mit|Zu|für|auf) (die|der|den) ", said), said


def test_check_speaks_english_about_a_holiday_and_other_zones(tmp_path: Path) -> None:
    content = write_trip(tmp_path / "content")
    result = Runner().invoke(main, ["check", str(content)])
    out = result.output
    assert "check that Friederike von Hohenberg still expects to meet" in out, out
    assert "still expect to meet" not in out
    assert "Tokyo time for Taro Yamada" in out and "Tokio" not in out
    assert "Zurich time for Dr. Beat Zürcher" in out and "Zürich time" not in out
