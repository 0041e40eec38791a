"""Drafts a person would send, read as their recipient reads them (issue 24), on the trip abroad
tests/fixtures/london: the debrief quoted as written, promises said to the person they are about, the
recipient's time first with zones by city, the video link, short company names, names in the draft's
script, and a card-only thank-you with no e-mail draft."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from fixtures.building import Runner, build_options
from fixtures.london_calls_trip import AFTER, ANANYA, BEFORE, LONDON

from generator.build import build
from generator.cli import main
from generator.plan.phrasing import promise_clause
from generator.reading import load_and_plan
from generator.render.drafts import Drafts
from generator.render.theme import make_environment


def _drafts(today: date):  # type: ignore[no-untyped-def]
    trip, plan, theme = load_and_plan(LONDON, today)
    return plan, Drafts(make_environment(theme, dates=plan.dates), trip.info)


def _packet(plan, slug: str):  # type: ignore[no-untyped-def]
    return next(p for p in plan.packets if p.slot.meeting.person.slug == slug)


def test_the_thank_you_quotes_the_debrief_and_says_promises_to_her() -> None:
    plan, drafts = _drafts(AFTER)
    body = drafts.thanks(_packet(plan, "ananya-sharma").followup).body
    assert (
        "Your advice stayed with me, and I will act on it first: “Don't do the MSc first.”" in body
    )
    assert "Next on my list: “Founders hire their mentors' mentees.”" in body
    assert (
        "As promised, I will send you my teardown of the triage app, and introduce you to Tom at "
        "Guy's." in body
    )
    assert (
        "Ananya my" not in body and "your CMO" not in body and "your point" not in body.casefold()
    )
    assert "I'll also let Rohan Mehta know" in body  # who introduced her, as a sentence writes him


@pytest.mark.parametrize(
    ("promise", "said"),
    [
        ("Send Ananya my teardown", "send you my teardown"),
        ("Send my teardown to Ananya Sharma.", "send my teardown to you"),
        ("Share अनन्या शर्मा Ananya Sharma's deck with Tom", "share your deck with Tom"),
        ("Introduce her to Tom", "introduce you to Tom"),
        ("Email her the notes", "email you the notes"),
        ("Send her team the notes", "send her team the notes"),  # a possessive: left as written
        ("Send Tom the notes", "send Tom the notes"),  # someone else
        ("Teardown for Ananya", None),  # not a verb: left out rather than garbled
    ],
)
def test_a_promise_is_said_to_the_person_it_is_about(promise: str, said: str | None) -> None:
    assert promise_clause(promise, (ANANYA, "Ananya Sharma", "Ananya")) == said


def test_the_introducer_thank_you_names_her_in_the_drafts_script() -> None:
    plan, drafts = _drafts(AFTER)
    kavya = drafts.introducer_thanks(_packet(plan, "kavya-iyer").followup)
    assert kavya is not None and kavya.to == "ananya.sharma@kestrel.example"
    # a third person, named in a sentence to a friend: no "Dr." before it, no ", PhD" after
    assert kavya.subject == "Thank you for introducing me to Kavya Iyer"
    rohan = drafts.introducer_thanks(_packet(plan, "ananya-sharma").followup)
    assert rohan is not None and "introducing me to Ananya Sharma." in rohan.body
    assert "अनन्या" not in rohan.text


def test_a_call_abroad_is_confirmed_in_her_time_with_the_link() -> None:
    plan, drafts = _drafts(BEFORE)
    call = _packet(plan, "tan-wei-ling").slot
    message = drafts.confirm(call)
    assert message.subject == "Confirming our video call tomorrow at 16:00 your time"
    assert (
        "tomorrow, Wednesday, 2 June, at 16:00 your time (Singapore), 09:00 for me in London."
        in message.body
    )
    assert "The link: https://meet.example/weiling" in message.body
    assert "+08" not in message.text and "BST" not in message.text
    james = drafts.confirm(_packet(plan, "james-okafor").slot)
    assert "at 11:00 your time (New York), 16:00 for me in London." in james.body
    local = drafts.confirm(_packet(plan, "tom-hughes").slot)
    assert (
        local.subject == "Confirming our meeting tomorrow at 14:00"
        and "your time" not in local.body
    )
    assert "The link" not in local.body


def test_drafts_use_the_short_name_and_never_a_double_full_stop() -> None:
    plan, drafts = _drafts(AFTER)
    texts = [drafts.thanks(p.followup).text for p in plan.packets]
    texts += [c.text for p in plan.packets if (c := drafts.card(p.followup))]
    everything = "\n".join(texts)
    assert "the look inside Kestrel." in everything and "Holdings" not in everything
    assert "the look inside Pillar Health." in everything  # no short_name: the legal form dropped
    assert ".." not in everything and "Inc" not in everything and "Pte" not in everything


def test_a_card_only_thank_you_shows_no_e_mail_draft(tmp_path: Path) -> None:
    output = tmp_path / "site"
    build(
        build_options(
            content=LONDON,
            output=output,
            pdf=False,
            today=AFTER,
            quiet=True,
            environ={},
            cache=tmp_path / "c",
        )
    )
    page = (output / "followups.html").read_text(encoding="utf-8")
    okafor = next(
        a for a in re.findall(r"<article.*?</article>", page, re.S) if "Dr James Okafor" in a
    )
    assert "Card" in okafor and "Dear Dr Okafor," in unescape(okafor)
    assert "mailto:" not in okafor and "Open in your mail app" not in okafor
    packet = (output / "meetings" / "2027-06-01-james-okafor" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "mailto:j.okafor" not in packet.split('id="person-h"')[0]


def test_the_second_person_draft_after_the_trip_asks_for_a_call() -> None:
    result = Runner().invoke(main, ["followup", str(LONDON), "--today", "2027-06-07 12:00"])
    block = result.output.split("Ask a second person: Helen Carter")[1].split("-" * 72)[0]
    assert "Subject: A short call?" in block
    assert (
        "I was in London 27 May" in block
        and "Would you have 45 minutes for a call in the next few weeks?" in block
    )
    assert "I will be in" not in block and "that week" not in block


def test_the_built_in_request_passes_its_own_lint_without_a_connection_kind() -> None:
    """An imported person (no connection.kind) at a company whose industry is a long sentence: no warning, the
    industry is not pasted, and the request asks for defaults.duration (45), not a fixed 30 minutes."""
    result = Runner().invoke(main, ["check", str(LONDON), "--today", str(BEFORE)])
    assert "words" not in result.stderr and "priya-nair" not in result.stderr
    plan, drafts = _drafts(BEFORE)
    message = drafts.outreach(
        plan.network.contact("priya-nair"), None, plan.approaches["priya-nair"]
    )
    assert "Would you have 45 minutes" in message.body and "Virtual wards" not in message.body
    assert len(message.body.split()) <= 75
