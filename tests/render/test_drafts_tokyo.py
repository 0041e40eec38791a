"""Drafts and contact cards of a Japanese trip a user wrote (tests/fixtures/tokyo_golden_week: an
Osaka product manager's weeks in Tokyo around Golden Week, page language ja, names in kanji with
their romanisation, a call to San Francisco). Each test was a failure that user found in a draft
to a real person."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from generator.reading import load_and_plan
from generator.render.drafts import Drafts
from generator.render.theme import make_environment

TOKYO = Path(__file__).resolve().parent.parent / "fixtures" / "tokyo_golden_week"


@pytest.fixture(scope="module")
def tokyo():  # type: ignore[no-untyped-def]
    today = datetime(2027, 4, 28, 18, 0)
    trip, plan, theme = load_and_plan(TOKYO, today)
    env = make_environment(theme, dates=plan.dates, words=plan.words)
    return plan, Drafts(env, trip.info, today.date(), plan.opportunities, theme)


def _followup(plan, slug: str):  # type: ignore[no-untyped-def]
    return next(p for p in plan.packets if p.slot.meeting.person.slug == slug).followup


def test_a_japanese_thank_you_names_the_introducer_in_kanji(tokyo) -> None:  # type: ignore[no-untyped-def]
    """ "Sasaki Takeshi 様にも" in a Japanese e-mail: the romanisation is for English readers."""
    plan, drafts = tokyo
    followup = _followup(plan, "sato-misaki")  # introduced by 佐々木 剛 (Sasaki Takeshi)
    thanks = drafts.thanks(followup).body
    assert "佐々木 剛" in thanks and "Sasaki" not in thanks, thanks
    to_sasaki = drafts.introducer_thanks(followup)
    assert to_sasaki is not None
    assert "佐藤 美咲" in to_sasaki.subject + to_sasaki.body
    assert "Sat" not in to_sasaki.subject + to_sasaki.body, to_sasaki.body


def test_a_quoted_japanese_note_gets_no_ascii_full_stop(tokyo) -> None:  # type: ignore[no-untyped-def]
    plan, drafts = tokyo
    body = drafts.thanks(_followup(plan, "sato-misaki")).body
    assert "「" in body and not re.search(r"\.」", body), body


def test_a_thank_you_for_a_call_abroad_names_the_day_it_was_where_they_are(tokyo) -> None:  # type: ignore[no-untyped-def]
    """17:00 on Tuesday in Los Angeles is 09:00 on Wednesday in Tokyo: he spoke on Tuesday."""
    plan, drafts = tokyo
    message = drafts.thanks(_followup(plan, "mori-kenichi"))
    assert "火曜日" in message.subject + message.body and "水曜日" not in message.body, message.body


def test_a_contact_card_puts_the_kanji_family_name_first(tokyo) -> None:  # type: ignore[no-untyped-def]
    """ "佐藤 美咲 (Satō Misaki)" was N:Misaki;Satō: a Japanese phone sorted her under M."""
    from generator.render.memo import Memo
    from generator.render.paths import Paths
    from generator.render.vcard import render_vcards

    plan, _ = tokyo
    cards = b"".join(render_vcards(plan, Paths(), Memo()).values()).decode()
    assert "N:佐藤;美咲;;;" in cards, cards
    assert "N:Misaki" not in cards


def test_check_hears_a_japanese_request_ask_its_question() -> None:
    """ "…お話しできませんか。" asks without a question mark: check once told the user to add one
    to every built-in Japanese request and nudge."""
    from fixtures.building import Runner

    from generator.cli import main

    result = Runner().invoke(main, ["check", str(TOKYO)])
    assert "no question" not in result.output, result.output


def test_a_japanese_packet_dates_the_news_in_japanese_order(tmp_path: Path) -> None:
    """ "2月14日(日) 2027" put the year after the day; Japanese writes 2027年2月14日."""
    from datetime import date

    from fixtures.building import build_options

    from generator.build import build

    output = tmp_path / "site"
    build(
        build_options(content=TOKYO, output=output, quiet=True, pdf=False, today=date(2027, 4, 20))
    )
    page = next(output.glob("meetings/*sato-misaki*/index.html")).read_text(encoding="utf-8")
    assert "2027年2月14日" in page and ") 2027" not in page


def test_an_application_without_a_date_is_not_dated(tokyo) -> None:  # type: ignore[no-untyped-def]
    """status: applied with no since: the thank-you said "4月26日月曜日に応募しました", the day of
    the meeting, a date the user never gave."""
    plan, drafts = tokyo
    body = drafts.thanks(_followup(plan, "sato-misaki")).body
    assert "応募" in body and "日に応募" not in body, body


def test_whoever_told_you_of_an_opening_is_told_after_you_meet_them() -> None:
    """Before the meeting with 佐藤 (26 April), the note telling her what happened with the
    opening she pointed to is due after that meeting, not today."""
    from datetime import date

    from generator.plan.opportunities import OpportunityStepKind

    _, plan, _ = load_and_plan(TOKYO, datetime(2027, 4, 20, 9, 0))
    opening = next(o for o in plan.opportunities if o.via and o.via.slug == "sato-misaki")
    tell = next(s for s in opening.steps if s.kind is OpportunityStepKind.TELL)
    assert tell.due > date(2027, 4, 26), tell


def test_the_itinerary_gives_a_call_abroad_its_date_there(tmp_path: Path) -> None:
    """09:00 Wednesday in Tokyo is 17:00 Tuesday in Los Angeles: the page said only "17:00"."""
    from datetime import date

    from fixtures.building import build_options

    from generator.build import build

    output = tmp_path / "site"
    build(
        build_options(content=TOKYO, output=output, quiet=True, pdf=False, today=date(2027, 4, 20))
    )
    assert "4月27日(火) 17:00 ロサンゼルス" in (output / "index.html").read_text(encoding="utf-8")


def test_a_request_to_a_stranger_opens_with_who_is_writing(tokyo) -> None:  # type: ignore[no-untyped-def]
    """A Japanese cold request never said who was writing: traveler.introduction opens it, as
    written; a request to a friend does not need it."""
    plan, drafts = tokyo
    contact = next(c for c in plan.network.to_ask if c.person.slug == "shimizu-ayaka")
    body = drafts.outreach(contact, plan.openings.offers.get(contact.person.slug)).body
    opening = body.split("\n\n")[1]
    assert opening.startswith(
        "大阪のSaaS企業で決済まわりのプロダクトマネージャーをしております高橋と申します。"
    )
