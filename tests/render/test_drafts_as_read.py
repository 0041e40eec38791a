"""Drafts read as their recipients read them, on two trips users wrote (tests/fixtures): a German
trip over Whit Monday (berlin_pfingsten: Sie to a professor, to "Frau Dr. Yıldırım", a Japanese
name in kanji with its romanisation) and a London trip over the late May bank holiday
(london_bank_holiday: "Prof. 田中 健", "Sir Richard", a thank-you sent before the news it would
otherwise report, a card beside its e-mail, a nudge after the trip).

Each was once a real failure: "Guten Tag Klaus, ... dass Sie", "Dear Prof.,", "mit (Taro
Yamada)", a thank-you dated 27 May saying "I applied on 30 May"."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from generator.reading import load_and_plan
from generator.render.drafts import Drafts
from generator.render.theme import make_environment

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BERLIN = FIXTURES / "berlin_pfingsten"
LONDON = FIXTURES / "london_bank_holiday"


def _drafts(content: Path, today: datetime):  # type: ignore[no-untyped-def]
    trip, plan, theme = load_and_plan(content, today)
    env = make_environment(theme, dates=plan.dates, words=plan.words)
    return plan, Drafts(env, trip.info, today.date(), plan.opportunities, theme)


def _followup(plan, slug: str):  # type: ignore[no-untyped-def]
    return next(p for p in plan.packets if p.slot.meeting.person.slug == slug).followup


@pytest.fixture(scope="module")
def berlin():  # type: ignore[no-untyped-def]
    return _drafts(BERLIN, datetime(2027, 5, 19, 18, 0))


@pytest.fixture(scope="module")
def london():  # type: ignore[no-untyped-def]
    return _drafts(LONDON, datetime(2027, 6, 3, 18, 0))


def test_a_german_draft_says_sie_to_a_professor_by_his_titles_and_full_name(berlin) -> None:  # type: ignore[no-untyped-def]
    plan, drafts = berlin
    followup = _followup(plan, "mueller-luedenscheidt")  # Prof. Dr. Klaus Müller-Lüdenscheidt
    thanks = drafts.thanks(followup).body
    assert thanks.startswith("Guten Tag Prof. Dr. Klaus Müller-Lüdenscheidt,\n")
    assert "Klaus," not in thanks and "dass Sie" in thanks
    confirm = drafts.confirm(followup.slot).body
    assert confirm.startswith("Hallo Prof. Dr. Klaus Müller-Lüdenscheidt, ich möchte")


def test_a_german_draft_to_frau_dr_names_her_by_honorific_title_and_family_name(berlin) -> None:  # type: ignore[no-untyped-def]
    plan, drafts = berlin
    followup = _followup(plan, "oezlem-yildirim")  # Frau Dr. Özlem Yıldırım
    assert drafts.thanks(followup).body.startswith("Guten Tag Frau Dr. Yıldırım,\n")
    assert "Özlem," not in drafts.confirm(followup.slot).body


def test_a_name_in_kanji_with_its_romanisation_is_never_cut_to_brackets(berlin) -> None:  # type: ignore[no-untyped-def]
    plan, drafts = berlin
    thanks = drafts.introducer_thanks(_followup(plan, "yamada-taro"))  # 山田 太郎 (Taro Yamada)
    assert thanks is not None
    assert "(Taro" not in thanks.text and "Yamada)" not in thanks.text
    assert "mit Taro Yamada bekannt gemacht" in thanks.body


def test_a_title_before_a_name_in_kanji_is_never_the_whole_greeting(london) -> None:  # type: ignore[no-untyped-def]
    plan, drafts = london
    followup = _followup(plan, "tanaka-ken")  # Prof. 田中 健, no greeting:
    assert drafts.thanks(followup).body.startswith("Dear Prof. 田中,\n")
    assert drafts.confirm(followup.slot).body.startswith("Hi Prof. 田中, just confirming")


def test_a_knight_is_sir_richard(london) -> None:  # type: ignore[no-untyped-def]
    plan, drafts = london
    followup = _followup(plan, "richard-ashworth")  # Sir Richard Ashworth-Lyle
    assert drafts.thanks(followup).body.startswith("Dear Sir Richard,\n")


def test_a_third_person_is_named_without_titles(london) -> None:  # type: ignore[no-untyped-def]
    plan, drafts = london
    thanks = drafts.introducer_thanks(_followup(plan, "siobhan-ni-bhriain"))
    assert thanks is not None
    assert thanks.subject == "Thank you for introducing me to Siobhán Ní Bhriain"


def test_a_thank_you_sent_says_what_was_true_when_it_went(london) -> None:  # type: ignore[no-untyped-def]
    """Sent on 27 May; the application went in on 30 May (opportunities.yaml): the thank-you
    still reads as it went, and names the bank by its short name."""
    plan, drafts = london
    body = drafts.thanks(_followup(plan, "siobhan-ni-bhriain")).body
    assert "30 May" not in body and "I applied" not in body
    assert "role at Halden:" in body and "Halden Bank plc" not in body


def test_the_card_beside_an_email_drops_the_promises_cleanly(london) -> None:  # type: ignore[no-untyped-def]
    plan, drafts = london
    card = drafts.card(_followup(plan, "siobhan-ni-bhriain"))
    assert card is not None
    assert "\n\nI'll also let Tom Whitaker know" in card.text
    assert "\n " not in card.text


def test_a_thank_you_a_week_late_dates_the_meeting(london) -> None:  # type: ignore[no-untyped-def]
    plan, drafts = london
    thanks = drafts.thanks(_followup(plan, "tanaka-ken"))  # met Fri 28 May, still to send on 3 June
    assert thanks.subject == "Thank you for speaking with me on Friday, 28 May"


def test_a_nudge_after_the_trip_asks_for_a_call_and_offered_times_are_a_reply(london) -> None:  # type: ignore[no-untyped-def]
    plan, drafts = london
    assert "dev-patel" not in plan.clocks  # he offered times (available:), no replied_on
    nudge = drafts.nudge(plan.clocks["grace-obi"])
    assert nudge.subject == "Following up: a short call?"
    assert "I will be in London" not in nudge.body and "that week" not in nudge.body


def test_a_nudge_during_the_trip_says_until_when(london) -> None:  # type: ignore[no-untyped-def]
    plan, drafts = _drafts(LONDON, datetime(2027, 5, 29, 9, 0))
    nudge = drafts.nudge(plan.clocks["grace-obi"])
    assert "I am in London until Wednesday, 2 June" in nudge.body
    assert "this week" in nudge.body and "27 May" not in nudge.body


def test_the_greeting_check_follows_the_drafts_language() -> None:
    """German drafts address by the whole name, which is never in doubt: no warning there for a
    name whose first name a parser is unsure of."""
    _, plan, _ = load_and_plan(BERLIN, date(2027, 5, 10))
    assert not [f for f in plan.findings if "drafts greet" in f.message]


def test_a_meeting_in_zurich_from_berlin_says_its_time_once(berlin) -> None:  # type: ignore[no-untyped-def]
    """Zürich and Berlin read the same clock: "um 11:00", not "11:00 Ihrer Zeit (Zürich; bei mir
    in Berlin 11:00)"."""
    plan, drafts = berlin
    confirm = drafts.confirm(_followup(plan, "beat-zuercher").slot)
    assert (
        "11:00" in confirm.body
        and "Zürich;" not in confirm.body
        and "Ihrer Zeit" not in confirm.body
    )


def test_room_for_one_more_meeting_in_either_of_two_ranges_says_or() -> None:
    """The London trip's 3-meeting days have room for one more (per_day 3-4): "1 slot free:
    12:15-13:30 or after 15:15", never one slot "and" two ranges."""
    _, plan, _ = load_and_plan(LONDON, datetime(2027, 5, 20, 9, 0))
    roomy = [d for d in plan.openings.days if d.free == 1 and len(d.ranges) > 1]
    assert roomy
    assert all(" or " in d.summary and " and " not in d.summary for d in roomy)


def _says_sie(text: str) -> bool:
    return bool(re.search(r"\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer)\b", text))


def test_a_german_draft_to_a_friend_says_du_and_his_first_name(berlin) -> None:  # type: ignore[no-untyped-def]
    """Jonas (connection.kind: friend) introduced the traveller to the professor: the thanks to
    him says du, to the professor Sie."""
    plan, drafts = berlin
    followup = _followup(plan, "mueller-luedenscheidt")
    to_jonas = drafts.introducer_thanks(followup)
    assert to_jonas is not None
    assert to_jonas.body.startswith("Hallo Jonas,")
    assert not _says_sie(to_jonas.body) and re.search(r"\b(du|dir|dich|dein\w*)\b", to_jonas.body)
    assert _says_sie(drafts.thanks(followup).body)


def test_a_friend_met_hears_du_in_every_draft_and_informal_false_keeps_sie(tmp_path: Path) -> None:
    plan, drafts = _drafts(BERLIN, datetime(2027, 5, 19, 18, 0))
    followup = _followup(plan, "friederike-von-hohenberg")  # a friend, greeting: Friederike
    for message in (drafts.thanks(followup), drafts.confirm(followup.slot)):
        assert "Friederike" in message.body and not _says_sie(message.body), message.body
    content = tmp_path / "trip"
    shutil.copytree(BERLIN, content)
    person = content / "people" / "friederike-von-hohenberg.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "informal: false\n", encoding="utf-8")
    plan, drafts = _drafts(content, datetime(2027, 5, 19, 18, 0))
    assert _says_sie(drafts.thanks(_followup(plan, "friederike-von-hohenberg")).body)


def test_a_family_friend_greeted_herr_dr_hears_sie(tmp_path: Path) -> None:
    """A friend of the family whom the user greets "Herr Dr. Zürcher" is not told du: the greeting
    the user wrote says how they speak to him ("Hallo Herr Dr. Zürcher, ... du" was the failure)."""
    content = tmp_path / "trip"
    shutil.copytree(BERLIN, content)
    person = content / "people" / "beat-zuercher.yaml"
    person.write_text(
        person.read_text(encoding="utf-8").replace("kind: referral", "kind: friend"),
        encoding="utf-8",
    )
    plan, drafts = _drafts(content, datetime(2027, 5, 19, 18, 0))
    thanks = drafts.thanks(_followup(plan, "beat-zuercher")).body
    assert "Herr Dr. Zürcher" in thanks and _says_sie(thanks), thanks
    assert not re.search(r"\b(du|dir|dich)\b", thanks), thanks
    person.write_text(person.read_text(encoding="utf-8") + "informal: true\n", encoding="utf-8")
    plan, drafts = _drafts(content, datetime(2027, 5, 19, 18, 0))
    assert not _says_sie(drafts.thanks(_followup(plan, "beat-zuercher")).body)


def test_every_overlay_phrase_is_a_phrase_with_its_placeholders() -> None:
    """The informal (du, tu, tú) and feminine ("reconnaissante", "obrigada") overlays only
    reword phrases infoprep writes, with the same placeholders."""
    from babel.messages.pofile import read_po

    from generator.content.catalog import placeholders

    locale = Path(__file__).resolve().parents[2] / "generator" / "locale"
    with (locale / "infoprep.pot").open("rb") as handle:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    files = sorted(locale.glob("*/LC_MESSAGES/infoprep-*.po"))
    assert {f.parts[-3] for f in files if f.name == "infoprep-informal.po"} >= {"de", "fr", "es"}
    assert {f.parts[-3] for f in files if f.name == "infoprep-feminine.po"} >= {"fr", "es", "pt_BR"}
    for file in files:
        with file.open("rb") as handle:
            for message in read_po(handle):
                if not message.id:
                    continue
                ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
                assert ids[0] in known, (file.parts[-3], ids[0])
                strings = (message.string,) if isinstance(message.string, str) else message.string
                wanted = frozenset().union(*(placeholders(i) for i in ids))
                for string in strings:
                    assert string and placeholders(string) <= wanted, (file.parts[-3], ids[0])


def test_a_day_with_two_dress_codes_says_which_meeting_each_is_for(tmp_path: Path) -> None:
    """Thursday in London: a bank at 09:30 and 11:00 (business professional), a start-up at 14:00
    (business casual): the day's Dress line says the times, not "business professional; business
    casual"."""
    from fixtures.building import build_options

    from generator.build import build

    out = tmp_path / "site"
    build(build_options(content=LONDON, output=out, pdf=False, today=date(2027, 5, 20), quiet=True))
    page = (out / "index.html").read_text(encoding="utf-8")
    lines = [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<h3>Dress</h3>\s*<p>(.*?)</p>", page)]
    assert "business professional (09:30, 11:00); business casual (14:00)" in lines
    assert all(";" not in line or "(" in line for line in lines)


def test_drafts_sign_with_a_number_dialable_from_abroad(berlin) -> None:  # type: ignore[no-untyped-def]
    """ "030 12345678" cannot be called from Zürich or Tokyo: the drafts sign +49 30 12345678."""
    plan, drafts = berlin
    body = drafts.thanks(_followup(plan, "mueller-luedenscheidt")).body
    assert "+49 30 12345678" in body and "030 12345678" not in body, body


def test_a_card_is_addressed_to_the_person_at_the_organisation(london) -> None:  # type: ignore[no-untyped-def]
    """The card's address was the street alone: no name, no organisation on the envelope."""
    plan, _ = london
    envelope = _followup(plan, "siobhan-ni-bhriain").mailing_address
    assert envelope.startswith("Dr. Siobhán Ní Bhriain, Halden"), envelope
    assert envelope.endswith("25 Bank St, Canary Wharf, London E14 5JP"), envelope


@pytest.mark.parametrize(
    ("language", "feminine", "masculine"),
    [
        ("fr", "Merci de m’avoir mise en contact", "Merci de m’avoir mis en contact"),  # tu
        ("pt_BR", "Obrigada por me apresentar a", "Obrigado por me apresentar a"),
    ],
)
def test_a_woman_writes_in_the_feminine(
    tmp_path: Path, language: str, feminine: str, masculine: str
) -> None:
    """ "Merci de m'avoir présenté", "Obrigado": French and Portuguese drafts agreed with a man
    whoever wrote them; traveler.gender: feminine makes them agree with her."""
    content = tmp_path / "trip"
    shutil.copytree(LONDON, content)
    trip = content / "trip.yaml"
    text = trip.read_text(encoding="utf-8")
    text = text.replace("  locale: en_GB\n", f"  language: {language}\n", 1)
    trip.write_text(text, encoding="utf-8")
    plan, drafts = _drafts(content, datetime(2027, 6, 3, 18, 0))
    to_tom = drafts.introducer_thanks(_followup(plan, "siobhan-ni-bhriain"))
    assert to_tom is not None and masculine in to_tom.body, to_tom.body
    trip.write_text(
        text.replace("traveler:\n", "traveler:\n  gender: feminine\n", 1), encoding="utf-8"
    )
    plan, drafts = _drafts(content, datetime(2027, 6, 3, 18, 0))
    to_tom = drafts.introducer_thanks(_followup(plan, "siobhan-ni-bhriain"))
    assert to_tom is not None and feminine in to_tom.body, to_tom.body
