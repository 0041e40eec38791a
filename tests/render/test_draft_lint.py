"""The request rules on every outreach draft: the built-in drafts pass for everyone in every test trip, each
kind of connection reads right, and a user's own template that breaks a rule is warned about at each
person's file and line."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from fixtures.building import Runner
from fixtures.mini_trip import MINI, SAMPLE
from fixtures.seattle_trip import SEATTLE
from fixtures.seoul_trip import SEOUL

from generator.cli import main
from generator.reading import load_and_plan
from generator.render.draft_lint import Body, problems
from generator.render.drafts import Drafts, message
from generator.render.theme import make_environment

TRIPS = {
    "sample": (SAMPLE, date(2027, 3, 1)),
    "mini": (MINI, date(2027, 5, 1)),
    "seoul": (SEOUL, date(2027, 5, 10)),
    "seattle": (SEATTLE, date(2027, 6, 7)),
    "dublin": (Path(__file__).resolve().parents[1] / "contacts" / "trip", date(2027, 9, 1)),
}


def _all_drafts(content: Path, today: date):  # type: ignore[no-untyped-def]
    trip, plan, theme = load_and_plan(content, today)
    drafts = Drafts(make_environment(theme, dates=plan.dates), trip.info)
    # as if each were still to ask: every kind of connection gets checked
    for contact in plan.network.contacts:
        slug = contact.person.slug
        yield (
            contact,
            drafts.outreach(contact, plan.openings.offers.get(slug), plan.approaches[slug]),
            plan.approaches[slug],
            True,
        )
    for slug, clock in plan.clocks.items():
        yield (
            plan.network.contact(slug),
            drafts.nudge(clock, plan.openings.offers.get(slug)),
            plan.approaches[slug],
            False,
        )


@pytest.mark.parametrize("name", sorted(TRIPS))
def test_the_built_in_drafts_pass_their_own_lint_for_everyone(name: str) -> None:
    content, today = TRIPS[name]
    checked = 0
    for contact, draft, approach, request in _all_drafts(content, today):
        assert problems(draft, approach, request) == [], f"{contact.person.slug}:\n{draft.text}"
        assert Body.of(draft).words <= 75
        checked += 1
    assert checked >= 2


def test_each_kind_of_connection_opens_its_own_way() -> None:
    trip, plan, theme = load_and_plan(SEATTLE, date(2027, 6, 7))
    drafts = Drafts(make_environment(theme, dates=plan.dates), trip.info)

    def opening(slug: str) -> str:
        body = drafts.outreach(plan.network.contact(slug), None, plan.approaches[slug]).body
        greeting, first = body.split("\n\n")[:2]
        return greeting + " " + re.split(r"(?<!Dr)\. ", first)[0]

    assert (
        opening("lucia-montoya")
        == "Dear Lucía, Dr. Meera Raghunathan suggested I get in touch with you"
    )
    assert (
        opening("priscilla-ng")
        == "Dear Priscilla, I'm a fellow alum and found you through the UW alumni network"
    )
    assert (
        opening("park-jae-won")
        == "Hi Jae-won, It's been a while since we worked together, and I hope you're well"
    )
    assert opening("aisling-ni-bhriain").startswith("Hi Aisling, I hope you're well!")
    assert opening("ravi-menon") == "Hi Ravi, Aunt Lakshmi suggested I get in touch with you"
    assert (
        opening("helga-sorensen")
        == "Dear Professor Sørensen, I hope you're well; I still think often of your class"
    )
    assert (
        opening("dana-whitehorse")
        == "Dear Dana, I hope you're well; I still think often of our time in the choir"
    )
    assert (
        opening("siobhan-kelleher")
        == "Dear Siobhán, Your work at Puget Sound Transit Lab is close to what I hope to do"
    )


def test_the_rules_one_by_one() -> None:
    trip, plan, _ = load_and_plan(SEATTLE, date(2027, 6, 7))
    alumni = plan.approaches["priscilla-ng"]
    body = (
        "Dear Priscilla,\n\n"
        + " ".join(["word"] * 80)
        + ". I would love a job at your firm.\n\nThanks,\nSid\n"
    )
    found = problems(message("Hello", body, None), alumni)
    assert [f.split(":")[0] for f in found] == [
        "88 words",
        "no question",
        "the connection is not named in the first two sentences",
        "it asks about a job",
    ]
    assert "mention alum" in found[2]
    long = (
        "Dear Priscilla,\n\nAs a fellow alum, may I ask you something? "
        + " ".join(["word"] * 100)
        + ".\n\nThanks,\nSid\n"
    )
    assert problems(message("", long, None), alumni) == [
        "109 words: cut it to under 100 (75 reads best on a phone)"
    ]
    cold = plan.approaches["kofi-mensah"]
    assert problems(
        message("", "Dear Kofi,\n\nCould we talk about open positions?\n\nSid\n", None), cold
    ) == ["it asks about a positions: ask for advice and their story, not a job"]


def test_your_own_template_is_linted_at_each_persons_line(tmp_path: Path) -> None:
    content = tmp_path / "seattle"
    shutil.copytree(SEATTLE, content)
    (content / "templates" / "drafts").mkdir(parents=True)
    (content / "templates" / "drafts" / "outreach.txt").write_text(
        "Subject: Any openings at {{ draft.trip.city }}\n\nDear {{ draft.greeting }},\n\n"
        "I am looking for a position in water reuse and would be grateful for anything you know "
        "of. "
        + "I have worked in breweries for many years and know pumps, membranes and permits well. "
        * 6
        + "\n\nBest,\n{{ draft.trip.traveler.name }}\n",
        encoding="utf-8",
    )
    result = Runner().invoke(main, ["check", str(content), "--today", "2027-05-03"])
    assert result.exit_code == 0, result.output
    lines = [
        line for line in result.stderr.splitlines() if "your templates/drafts/outreach.txt" in line
    ]
    to_ask = [
        "lucia-montoya",
        "anna-sofia-petrova",
        "tomasz-zielinski",
        "siobhan-kelleher",
        "ravi-menon",
        "priscilla-ng",
        "helga-sorensen",
    ]
    assert sorted(line.split("/people/")[1].split(".yaml")[0] for line in lines) == sorted(to_ask)
    lucia = next(line for line in lines if "lucia-montoya" in line)
    outreach_line = (content / "people" / "lucia-montoya.yaml").read_text().splitlines().index(
        "outreach:"
    ) + 1
    assert lucia.startswith(
        f"{content}/people/lucia-montoya.yaml:{outreach_line}: warning: the request to Lucía "
        "Montoya"
    )
    for rule in (
        "words: cut it to under 100",
        "no question",
        "mention Dr. Meera Raghunathan",
        "asks about a position",
    ):
        assert rule in lucia, rule
    withheld = next(line for line in lines if "anna-sofia-petrova" in line)
    assert (
        "connection is not named" not in withheld
    )  # her referral may not be named: nothing to mention


def test_the_sample_trips_drafts_check_clean() -> None:
    result = Runner().invoke(main, ["check", str(SAMPLE), "--today", "2027-03-01"])
    assert "the request to" not in result.stderr and "the nudge to" not in result.stderr
