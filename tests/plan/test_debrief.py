"""Debriefs feed the week: referrals to add (and their drafts once added), promises as to-dos, the thank-you
quoting the debrief as written, and what was learned in the next packet with the same person."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from fixtures.building import Runner, build_options
from fixtures.seattle_trip import GRACE_COMMAND, SEATTLE

from generator.build import build
from generator.cli import main
from generator.plan.phrasing import promise_clause, sentence
from generator.plan.steps_state import StepState
from generator.reading import load_and_plan
from generator.render.drafts import Drafts
from generator.render.theme import make_environment


def _drafts(content: Path, today: date):  # type: ignore[no-untyped-def]
    trip, plan, theme = load_and_plan(content, today)
    return plan, Drafts(make_environment(theme, dates=plan.dates), trip.info)


def _outreach(plan, drafts, slug: str):  # type: ignore[no-untyped-def]
    return drafts.outreach(
        plan.network.contact(slug), plan.openings.offers.get(slug), plan.approaches[slug]
    )


def test_only_the_referral_not_in_people_is_to_add_with_its_command() -> None:
    plan, _ = _drafts(SEATTLE, date(2027, 6, 8))
    (grace,) = plan.debriefs.to_add
    assert (
        grace.referral.name == "Grace O'Malley" and grace.organisation == "King County Wastewater"
    )
    # run in the trip's folder: no local path on a page
    assert grace.command == f"infoprep new . {GRACE_COMMAND}"
    matched = {s.referral.name: s.person.slug for s in plan.debriefs.suggestions if s.person}
    assert matched == {
        "Lucía Montoya": "lucia-montoya",
        "Ана-София Петрова": "anna-sofia-petrova",
    }  # by slug, by name


def test_the_draft_names_who_suggested_them_only_when_allowed() -> None:
    plan, drafts = _drafts(SEATTLE, date(2027, 6, 8))
    lucia = _outreach(plan, drafts, "lucia-montoya")
    assert lucia.body.split("\n\n")[1].startswith(
        "Dr. Meera Raghunathan suggested I get in touch with you."
    )
    petrova = _outreach(plan, drafts, "anna-sofia-petrova")
    assert "Meera" not in petrova.text and "Someone who knows your work suggested" in petrova.body
    assert petrova.body.startswith("Dear Anna-Sofia,")


def test_the_new_command_adds_the_referral_filled_in_and_never_overwrites(tmp_path: Path) -> None:
    content = tmp_path / "seattle"
    shutil.copytree(SEATTLE, content)
    args = ["new", str(content), *GRACE_COMMAND.split()]
    result = Runner().invoke(main, args)
    assert result.exit_code == 0, result.output
    text = (content / "people" / "grace-o-malley.yaml").read_text(encoding="utf-8")
    for line in (
        "name: Grace O'Malley",
        "title: Reuse Permitting Lead",
        "email: grace@kingcounty.example",
        "  via: meera-raghunathan",
        "  kind: referral",
        "Suggested by Dr. Meera Raghunathan on June 7, 2027",
    ):  # the trip's own way (en_US)
        assert line in text, line
    assert "works at King County Wastewater" in text
    plan, drafts = _drafts(content, date(2027, 6, 8))
    assert plan.debriefs.to_add == ()
    assert "Dr. Meera Raghunathan suggested" in _outreach(plan, drafts, "grace-o-malley").body
    again = Runner().invoke(main, args)
    assert again.exit_code == 1 and "already exists" in again.output
    assert (content / "people" / "grace-o-malley.yaml").read_text(encoding="utf-8") == text


def test_via_needs_a_person_who_exists(tmp_path: Path) -> None:
    content = tmp_path / "seattle"
    shutil.copytree(SEATTLE, content)
    result = Runner().invoke(main, ["new", str(content), "--person", "x-y", "--via", "nobody-here"])
    assert result.exit_code == 2 and "no people/nobody-here.yaml" in result.output
    assert not (content / "people" / "x-y.yaml").exists()


def test_promises_are_due_on_their_day_or_with_the_thank_you() -> None:
    plan, _ = _drafts(SEATTLE, date(2027, 6, 9))
    by_text = {p.promise.text: p for p in plan.debriefs.promises}
    assert by_text["Send my flow data and the model"].due == date(2027, 6, 9)
    assert by_text["Read the 2026 reuse permit"].due == date(2027, 6, 8)  # the thank-you's due day
    assert by_text["Send my flow data and the model"].state is StepState.DUE


@pytest.mark.parametrize(
    ("today", "warned"),
    [
        ("2027-06-09", ["Read the 2026 reuse permit"]),
        ("2027-06-10", ["Read the 2026 reuse permit", "Send my flow data and the model"]),
    ],
)
def test_check_warns_about_a_promise_past_its_day(today: str, warned: list[str]) -> None:
    result = Runner().invoke(main, ["check", str(SEATTLE), "--today", today])
    lines = [line for line in result.stderr.splitlines() if "promise to" in line]
    assert sorted(line.split(": ")[-2].split(" was due")[0] for line in lines) == [
        "promise to Dr. Meera Raghunathan"
    ] * len(warned)
    assert sorted(line.split(": ", 3)[3].split("; do it")[0] for line in lines) == sorted(warned)
    assert all(line.startswith(f"{SEATTLE}/schedule.yaml:") for line in lines)


def test_the_thank_you_quotes_the_debrief_and_never_pastes_the_outcome() -> None:
    plan, drafts = _drafts(SEATTLE, date(2027, 6, 8))
    monday = plan.packets[0].followup
    card = drafts.card(monday)
    # a card-only thank-you: no subject, no e-mail signature
    assert card is not None and card.subject == ""
    body = card.body
    assert (
        "Your advice stayed with me, and I will act on it first: “Get the EIT before applying.”"
        in body
    )
    assert "“They hire 4-6 new engineers a year, applications in October.”" in body
    assert (
        "As promised, I will send my flow data and the model, and read the 2026 reuse permit."
        in body
    )
    assert "napkin" not in body and "sid.rao@example.com" not in body


def test_the_next_packet_with_the_same_person_shows_what_was_learned(tmp_path: Path) -> None:
    output = tmp_path / "site"
    build(
        build_options(
            content=SEATTLE,
            output=output,
            pdf=False,
            today=date(2027, 6, 8),
            quiet=True,
            environ={},
            cache=tmp_path / "cache",
        )
    )
    second = (output / "meetings" / "2027-06-08-meera-raghunathan" / "index.html").read_text(
        encoding="utf-8"
    )
    learned = second.split('id="learned-h"')[1].split("</section>")[0]
    assert "Last time with Dr. Meera Raghunathan" in learned
    assert (
        "Get the EIT before applying" in learned and "They hire 4-6 new engineers a year" in learned
    )
    assert "Grace O&#39;Malley (King County Wastewater)" in learned
    first = (output / "meetings" / "2027-06-07-meera-raghunathan" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'id="learned-h"' not in first
    network = (output / "network.html").read_text(encoding="utf-8")
    assert f"infoprep new . {GRACE_COMMAND}" in network and str(SEATTLE) not in network


@pytest.mark.parametrize(
    ("note", "quoted"),
    [
        ("Don't do the MSc first", "Don't do the MSc first."),
        (
            "Product reports to their CMO, not the CTO.",
            "Product reports to their CMO, not the CTO.",
        ),
        (
            "Helix is the team among them that hires nurses!",
            "Helix is the team among them that hires nurses!",
        ),
        ("  Founders hire their\n mentors' mentees ", "Founders hire their mentors' mentees."),
    ],
)
def test_a_debrief_note_is_quoted_as_written(note: str, quoted: str) -> None:
    """Never rewritten into the second person ("reports to your", "your point that don't ..."): only a full stop."""
    assert sentence(note) == quoted


def test_a_promise_that_is_not_a_verb_is_left_out_of_the_draft() -> None:
    assert promise_clause("Send the model") == "send the model"
    assert promise_clause("Flow data for Meera") is None
