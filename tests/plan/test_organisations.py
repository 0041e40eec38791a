"""Who you know where (plan/organisations.py), and the same view on the network page."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from fixtures.building import Runner, build_options

from generator.build import build
from generator.cli import main
from generator.plan.organisations import NO_ORGANISATION, organisations
from generator.reading import load_and_plan

SAMPLE = Path(__file__).resolve().parents[2] / "content"
TESTS = Path(__file__).resolve().parents[1]
DUBLIN = TESTS / "contacts" / "trip"
EXPORTS = sorted((TESTS / "contacts" / "exports").iterdir())
AS_OF = date(2027, 3, 1)


def test_groups_come_most_known_first_and_people_most_senior_first() -> None:
    _, plan, _ = load_and_plan(SAMPLE, AS_OF)
    groups = organisations(plan.network)
    assert sum(len(g.contacts) for g in groups) == len(plan.trip.people)
    sizes = [len(g.contacts) for g in groups if g.company is not None]
    assert sizes == sorted(sizes, reverse=True)
    assert groups[-1].name == NO_ORGANISATION
    meridian = groups[0]
    assert meridian.name == "Meridian Policy Partners"
    assert [
        c.person.profile.seniority.value for c in meridian.contacts if c.person.profile.seniority
    ] == ["decision-maker", "decision-maker", "peer"]
    ledger = next(g for g in groups if g.name == "The Capitol Ledger")
    assert [c.person.profile.name for c in ledger.not_asked] == ["Owen Farrelly"]


def test_a_query_keeps_whole_organisations_or_single_people() -> None:
    _, plan, _ = load_and_plan(SAMPLE, AS_OF)
    assert [g.name for g in organisations(plan.network, "Think Tank")] == [
        "The Halvorsen Institute"
    ]
    (only,) = organisations(plan.network, "tomas")
    assert [c.person.profile.name for c in only.contacts] == ["Tomás Herrera"]


def test_the_network_page_shows_who_you_know_where(tmp_path: Path) -> None:
    content = tmp_path / "dublin"
    shutil.copytree(DUBLIN, content)
    assert (
        Runner().invoke(main, ["import", *map(str, EXPORTS), "--into", str(content)]).exit_code == 0
    )
    output = tmp_path / "site"
    build(
        build_options(
            content=content, output=output, pdf=False, quiet=True, environ={}, cache=False
        )
    )
    page = (output / "network.html").read_text(encoding="utf-8")
    section = page.split('<h2 id="orgs-h">Who you know where</h2>')[1].split("</section>")[0]
    cards = section.split('<article class="org panel"')[1:]
    heads = [card.split("</h3>")[0].rsplit(">", 1)[1] for card in cards]
    assert heads[:3] == ["Clearwater Reuse", "Google", "Hanbit Robotics"], (
        "two people each, by name (as people say it); then one each"
    )
    assert heads[-1] == NO_ORGANISATION
    clearwater = cards[0]
    assert "<strong>2 people</strong> · 1 not asked yet" in clearwater.replace(
        '<span class="s-to-ask-text">', ""
    ).replace("</span>", "")
    assert (
        "Aisling Ní Bhriain" in clearwater
        and 'href="meetings/2027-09-13-aisling-ni-bhriain/index.html"' in clearwater
    )
    halvorsen = next(card for card in cards if "The Halvorsen Institute" in card)
    assert '<span class="badge dm">decides</span>' in halvorsen
