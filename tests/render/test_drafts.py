"""Every draft reads as a person wrote it: greeting, paragraphs and signature lines, with and without the
optional fields; no outcome pasted into a thank-you; a mailto: link that a mail app opens as written.

The content is written here (a Dublin engineer's week in Seoul), not the sample trip, and each draft is
checked line by line, since a line run into the next one is exactly the bug these tests exist for.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from plan.factory import company, make_content, meeting, person, trip_file

from generator.plan.plan import Plan
from generator.render.drafts import Drafts, mailto, reflow
from generator.render.theme import make_environment, resolve_theme

FULL_TRAVELER = {
    "name": "Aisling Ní Bhriain",
    "email": "aisling.nibhriain@example.ie",
    "phone": "+353 87 555 0142",
}
BARE_TRAVELER = {"name": "Aisling Ní Bhriain"}
OUTCOME = (
    "She said Hanbit hires 4-6 new engineers a year and that a PE or EIT\n"
    "matters more than a master's. Suggested Lucía at Clearwater. " + "More detail follows. " * 20
)


def _plan(tmp_path, traveler: dict, full: bool) -> Plan:
    people = {
        "meera": person(
            "Dr. Meera Raghunathan",
            "hanbit" if full else None,
            email="meera@hanbit.example",
            connection={"via": "chidi", "kind": "professor"} if full else None,
        ),
        "chidi": person(
            "Prof. Chidi Okonkwo", email="chidi@ucc.example", outreach={"status": "introducer"}
        ),
        "lucia": person(
            "Lucía Montoya",
            "hanbit" if full else None,
            connection={"via": "meera"} if full else None,
        ),
    }
    people = {
        slug: {k: v for k, v in data.items() if v is not None} for slug, data in people.items()
    }
    entry = meeting("meera", "2027-05-18 10:00", outcome=OUTCOME, location="55 Sejong-daero, Seoul")
    if not full:
        del entry["location"]
    content = make_content(
        tmp_path,
        people=people,
        companies={"hanbit": company("Hanbit Water Engineering", industry="Water engineering")}
        if full
        else {},
        schedule=[entry],
        trip=trip_file(
            traveler=traveler,
            city="Seoul",
            timezone="Asia/Seoul",
            start="2027-05-17",
            end="2027-05-21",
            defaults={"paper": "a4", "per_day": [0, 9], "min_questions": 0},
        ),
    )
    return content.plan(date(2027, 5, 19))


def _drafts(plan: Plan) -> Drafts:
    return Drafts(
        make_environment(resolve_theme("default", plan.trip.root), dates=plan.dates), plan.trip.info
    )


@pytest.mark.parametrize("full", [True, False], ids=["all-optional-fields", "no-optional-fields"])
def test_the_thank_you_keeps_its_paragraphs_and_signature(tmp_path, full):
    plan = _plan(tmp_path, FULL_TRAVELER if full else BARE_TRAVELER, full)
    message = _drafts(plan).thanks(plan.packets[0].followup)
    assert message.subject == "Thank you for meeting with me on Tuesday"
    paragraphs = message.body.rstrip("\n").split("\n\n")
    assert paragraphs[0] == "Dear Meera,"  # not "Dear Dr.,"
    assert paragraphs[1].startswith("Thank you for taking the time to meet with me on Tuesday")
    assert ("and for the look inside Hanbit Water Engineering." in paragraphs[1]) is full
    assert "[Write one thing they said that stayed with you" in paragraphs[1]
    # the introducer named as a thank-you mentions a third person: no "Prof." before the name
    assert ("I'll also let Chidi Okonkwo know" in paragraphs[2]) is full
    signature = ["With thanks", "Aisling Ní Bhriain"]
    if full:
        signature = [*signature, "aisling.nibhriain@example.ie", "+353 87 555 0142"]
    assert paragraphs[3].split("\n") == [signature[0] + ",", *signature[1:]]
    assert len(paragraphs) == 4


def test_a_thank_you_never_pastes_the_outcome(tmp_path):
    plan = _plan(tmp_path, FULL_TRAVELER, True)
    body = _drafts(plan).thanks(plan.packets[0].followup).body
    assert (
        "4-6 new engineers" not in body
        and "More detail follows" not in body
        and "…" not in body
        and "..." not in body
    )


@pytest.mark.parametrize("full", [True, False], ids=["all-optional-fields", "no-optional-fields"])
def test_the_introducer_thank_you_keeps_its_lines(tmp_path, full):
    plan = _plan(tmp_path, FULL_TRAVELER if full else BARE_TRAVELER, True)
    message = _drafts(plan).introducer_thanks(plan.packets[0].followup)
    assert message is not None and message.to == "chidi@ucc.example"
    assert message.subject == "Thank you for introducing me to Meera Raghunathan"
    paragraphs = message.body.rstrip("\n").split("\n\n")
    assert paragraphs[0] == "Hi Chidi,"
    assert "We met on Tuesday, 18 May, and" in paragraphs[1]  # A4: the trip's dates are day-first
    assert paragraphs[2].split("\n") == [
        "Best,",
        "Aisling Ní Bhriain",
        *(["aisling.nibhriain@example.ie"] if full else []),
    ]


@pytest.mark.parametrize("full", [True, False], ids=["all-optional-fields", "no-optional-fields"])
def test_the_confirmation_is_one_paragraph_and_one_signature_line(tmp_path, full):
    plan = _plan(tmp_path, FULL_TRAVELER if full else BARE_TRAVELER, full)
    message = _drafts(plan).confirm(plan.schedule.slots[0])
    assert message.subject == "Confirming our meeting tomorrow at 10:00"
    lines = message.body.rstrip("\n").split("\n")
    assert len(lines) == 2
    assert lines[0].startswith(
        "Hi Meera, just confirming our meeting tomorrow, Tuesday, 18 May, at 10:00"
    )  # one zone: no label
    assert lines[0].endswith(
        ", at 55 Sejong-daero, Seoul. Looking forward to it."
        if full
        else "at 10:00. Looking forward to it."
    )
    assert lines[1] == ("Aisling Ní Bhriain · +353 87 555 0142" if full else "Aisling Ní Bhriain")


@pytest.mark.parametrize("full", [True, False], ids=["all-optional-fields", "no-optional-fields"])
def test_the_outreach_draft_keeps_subject_greeting_and_signature_apart(tmp_path, full):
    plan = _plan(tmp_path, FULL_TRAVELER if full else BARE_TRAVELER, full)
    contact = plan.network.contact("lucia")
    message = _drafts(plan).outreach(contact)
    assert message.subject == (
        "Dr. Meera Raghunathan suggested I reach out"
        if full
        else "A brief conversation during my visit to Seoul?"
    )
    paragraphs = message.body.rstrip("\n").split("\n\n")
    assert paragraphs[0] == "Dear Lucía,"
    assert paragraphs[1].startswith(
        "Dr. Meera Raghunathan suggested I get in touch with you. I will be in Seoul"
        if full
        else "Your work is close to what I hope to do. I will be in Seoul"
    )
    assert (
        "learning how people in roles like yours built" in paragraphs[1]
    )  # never the industry text pasted (issue 24)
    assert "water engineering" not in paragraphs[1].casefold()
    assert "17\u2009–\u200921 May 2027" in paragraphs[1]
    signature = ["Thank you for considering it,", "Aisling Ní Bhriain"]
    if full:
        signature += ["aisling.nibhriain@example.ie", "+353 87 555 0142"]
    assert paragraphs[2].split("\n") == signature
    assert message.text.startswith(f"Subject: {message.subject}\n\nDear Lucía,\n\n")


def test_nobody_introduced_is_drafted_a_coffee_request(tmp_path):
    plan = _plan(tmp_path, FULL_TRAVELER, True)
    assert plan.network.contact("chidi").status.value == "introducer"
    assert [c.person.slug for c in plan.network.to_ask] == ["lucia"]


def test_the_travelers_own_thank_you_keeps_paragraphs_not_source_line_breaks():
    written = (
        "Dear Meera,\n\nThank you for the tour of the Sinwol tunnel model and for\n"
        "being so frank about how Hanbit hires. Your advice about the EIT\nchanged my plan.\n\n"
        "- the flow data\n- the model\n\nWith thanks,\nAisling\n"
    )
    assert reflow(written) == (
        "Dear Meera,\n\nThank you for the tour of the Sinwol tunnel model and for being so frank "
        "about how Hanbit hires. "
        "Your advice about the EIT changed my plan.\n\n- the flow data\n- the model\n\nWith "
        "thanks,\nAisling\n"
    )


def test_a_long_greeting_line_and_a_hard_break_stay_lines():
    written = "Dear Meera,\nthank you so much for your time on Tuesday and for the tour of the model.  \nIt helped.\n"
    assert (
        reflow(written)
        == "Dear Meera,\nthank you so much for your time on Tuesday and for the tour of the model.\nIt helped.\n"
    )


def test_mailto_is_percent_encoded_and_round_trips():
    body = "Dear Ana Sofía,\n\nThanks & see you at 10:00? 100% sure + more #1\n"
    url = mailto("ana.sofia+seoul@example.org", "Re: Tuesday & more", body)
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and unquote(parts.path) == "ana.sofia+seoul@example.org"
    assert " " not in url and "\n" not in url and "+more" not in url  # spaces are %20, never +
    query = dict(parse_qsl(parts.query.replace("+", "%2B"), keep_blank_values=True))
    assert query["subject"] == "Re: Tuesday & more"
    assert query["body"] == body.rstrip("\n").replace(
        "\n", "\r\n"
    )  # RFC 6068: line breaks are CRLF
    assert "%0D%0A%0D%0A" in url


def test_a_draft_to_someone_without_an_address_still_opens(tmp_path):
    assert mailto("", "Hello", "Hi") == "mailto:?subject=Hello&body=Hi"
