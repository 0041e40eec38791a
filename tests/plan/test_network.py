"""Who introduced whom and where each request stands (plan/network.py)."""

from __future__ import annotations

import signal
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.content.load import load
from generator.content.models import OutreachStatus
from generator.errors import ContentError, Level
from generator.plan.plan import make_plan
from plan.factory import make_content, meeting, person, where

SAMPLE = Path(__file__).resolve().parents[2] / "content"


def _network(tmp_path, people, schedule=None, today=date(2027, 3, 1)):  # type: ignore[no-untyped-def]
    content = make_content(
        tmp_path, people=people, schedule=schedule if schedule is not None else []
    )
    return content, content.plan(today)


@pytest.fixture
def no_hang():
    """Fail instead of hanging if a loop is followed forever."""

    def timeout(signum, frame):  # type: ignore[no-untyped-def]
        raise TimeoutError("build_network did not finish in 5 s")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


# ---- chains -----------------------------------------------------------------------------------


def test_a_chain_of_introductions_lists_introducers_nearest_last(tmp_path):
    _, plan = _network(
        tmp_path,
        {
            "ann": person("Ann", connection={"via": "bob"}),
            "bob": person("Bob", connection={"via": "cat"}),
            "cat": person("Cat", connection={"via": "Georgetown alumni"}),
        },
    )
    network = plan.network
    ann = network.contact("ann")
    assert [p.slug for p in ann.chain] == ["cat", "bob"]
    assert ann.introducer is not None and ann.introducer.slug == "bob"
    assert ann.origin == "Georgetown alumni"
    assert [p.slug for p in network.contact("bob").chain] == ["cat"]
    assert network.contact("cat").chain == ()
    assert network.contact("cat").introducer is None


def test_free_text_via_is_the_origin(tmp_path):
    _, plan = _network(
        tmp_path,
        {
            "ann": person("Ann", connection={"via": "Cold e-mail after reading her series"}),
            "bob": person("Bob", connection={"kind": "cold"}),
            "cat": person("Cat"),
        },
    )
    assert plan.network.contact("ann").origin == "Cold e-mail after reading her series"
    assert plan.network.contact("ann").chain == ()
    assert plan.network.contact("bob").origin is None
    assert plan.network.contact("cat").origin is None


def test_the_tree_hangs_people_under_their_introducer(tmp_path):
    _, plan = _network(
        tmp_path,
        {
            "ann": person("Ann", connection={"via": "bob"}),
            "bob": person("Bob", connection={"via": "Aunt Carmen"}),
            "cat": person("Cat", connection={"via": "bob"}),
            "dan": person("Dan"),
        },
    )
    tree = {node.contact.person.slug: node for node in plan.network.tree}
    assert sorted(tree) == ["bob", "dan"]
    assert sorted(child.contact.person.slug for child in tree["bob"].children) == ["ann", "cat"]


def _yaml_chain(slug: str) -> tuple[list[str], str | None]:
    """Introducers of `slug` (nearest last) and the free-text origin, read straight from the sample's YAML."""
    chain: list[str] = []
    current = slug
    while len(chain) < 50:  # the sample has no loops; never spin if one appears
        via = (
            yaml.safe_load((SAMPLE / "people" / f"{current}.yaml").read_text(encoding="utf-8")).get(
                "connection"
            )
            or {}
        ).get("via")
        if via and (SAMPLE / "people" / f"{via}.yaml").exists():
            chain.insert(0, via)
            current = via
        else:
            return chain, via
    raise AssertionError(f"introduction loop in the sample at {slug}")


def test_sample_chains_match_the_yaml():
    plan = make_plan(load(SAMPLE, "content"), date(2027, 3, 1))
    slugs = sorted(path.stem for path in (SAMPLE / "people").glob("*.yaml"))
    assert sorted(c.person.slug for c in plan.network.contacts) == slugs
    for slug in slugs:
        chain, origin = _yaml_chain(slug)
        contact = plan.network.contact(slug)
        assert [p.slug for p in contact.chain] == chain, slug
        assert contact.origin == origin, slug
    samuel = plan.network.contact("samuel-oyelaran")
    assert [p.slug for p in samuel.chain] == ["tomas-herrera", "mei-chen"]
    assert samuel.origin == "Georgetown alumni network"


# ---- loops and bad slugs ----------------------------------------------------------------------


def test_an_introduction_loop_warns_and_does_not_hang(tmp_path, no_hang):
    content, plan = _network(
        tmp_path,
        {
            "ann": person("Ann", connection={"via": "bob"}),
            "bob": person("Bob", connection={"via": "ann"}),
        },
        schedule=[meeting("ann", "2027-03-08 09:00")],
    )
    loops = [f for f in plan.findings if "introduction loop" in f.message]
    assert loops and all(f.level is Level.WARNING for f in loops)
    assert sorted(where(loops)) == [
        ("content/people/ann.yaml", content.line("people/ann.yaml", "connection:")),
        ("content/people/bob.yaml", content.line("people/bob.yaml", "connection:")),
    ]
    assert all(plan.network.contact(s).in_loop for s in ("ann", "bob"))
    # Both still appear in the network and its tree, once each.
    assert sorted(c.person.slug for c in plan.network.contacts) == ["ann", "bob"]
    assert sorted(n.contact.person.slug for n in plan.network.tree) == ["ann", "bob"]


def test_a_longer_loop_warns_and_does_not_hang(tmp_path, no_hang):
    _, plan = _network(
        tmp_path,
        {
            "ann": person("Ann", connection={"via": "bob"}),
            "bob": person("Bob", connection={"via": "cat"}),
            "cat": person("Cat", connection={"via": "ann"}),
        },
    )
    assert len([f for f in plan.findings if "introduction loop" in f.message]) == 3


def test_a_person_introduced_by_a_loop_member_is_not_in_the_loop(tmp_path, no_hang):
    _, plan = _network(
        tmp_path,
        {
            "ann": person("Ann", connection={"via": "bob"}),
            "bob": person("Bob", connection={"via": "ann"}),
            "cat": person("Cat", connection={"via": "ann"}),
        },
    )
    loops = [f for f in plan.findings if "introduction loop" in f.message]
    assert sorted(f.location.file for f in loops) == [
        "content/people/ann.yaml",
        "content/people/bob.yaml",
    ]
    assert plan.network.contact("cat").in_loop is False


def test_no_loop_no_warning(tmp_path):
    _, plan = _network(
        tmp_path, {"ann": person("Ann", connection={"via": "bob"}), "bob": person("Bob")}
    )
    assert not [f for f in plan.findings if "introduction loop" in f.message]
    assert not plan.network.contact("ann").in_loop


def test_a_via_slug_naming_nobody_is_a_load_error_with_did_you_mean(tmp_path):
    content = make_content(
        tmp_path,
        people={
            "ann": person("Ann", connection={"via": "jamal-bishup"}),
            "jamal-bishop": person("Jamal Bishop"),
        },
        schedule=[],
    )
    with pytest.raises(ContentError) as caught:
        content.load()
    (finding,) = caught.value.findings
    assert finding.level is Level.ERROR
    assert (finding.location.file, finding.location.line) == (
        "content/people/ann.yaml",
        content.line("people/ann.yaml", "via: jamal-bishup"),
    )
    assert "no person 'jamal-bishup'" in finding.message
    assert "did you mean 'jamal-bishop'?" in finding.message


def test_a_via_naming_oneself_is_a_load_error(tmp_path):
    content = make_content(
        tmp_path, people={"ann": person("Ann", connection={"via": "ann"})}, schedule=[]
    )
    with pytest.raises(ContentError) as caught:
        content.load()
    assert [(f.location.file, f.location.line) for f in caught.value.findings] == [
        ("content/people/ann.yaml", content.line("people/ann.yaml", "via: ann"))
    ]


# ---- pipeline and to-ask ----------------------------------------------------------------------


def test_the_pipeline_groups_people_by_outreach_status_with_counts(tmp_path):
    people = {
        "ann": person("Ann", outreach={"status": "to-ask"}),
        "bob": person("Bob", outreach={"status": "asked", "asked_on": "2027-02-20"}),
        "cat": person("Cat", outreach={"status": "asked", "asked_on": "2027-02-25"}),
        "dan": person("Dan", outreach={"status": "scheduled"}),
        "eve": person("Eve", outreach={"status": "declined"}),
        "fay": person("Fay", outreach={"status": "no-reply"}),
        "gus": person("Gus"),  # no outreach, on the schedule: scheduled
        "hal": person("Hal"),  # no outreach, not on the schedule: to ask
    }
    _, plan = _network(
        tmp_path,
        people,
        schedule=[meeting("dan", "2027-03-08 09:00"), meeting("gus", "2027-03-08 11:00")],
    )
    pipeline = {
        status: sorted(c.person.slug for c in contacts)
        for status, contacts in plan.network.pipeline
    }
    assert pipeline == {
        OutreachStatus.TO_ASK: ["ann", "hal"],
        OutreachStatus.ASKED: ["bob", "cat"],
        OutreachStatus.SCHEDULED: ["dan", "gus"],
        OutreachStatus.NO_REPLY: ["fay"],
        OutreachStatus.DECLINED: ["eve"],
        OutreachStatus.INTRODUCER: [],
    }
    counts = {status: len(contacts) for status, contacts in plan.network.pipeline}
    assert counts == {
        OutreachStatus.TO_ASK: 2,
        OutreachStatus.ASKED: 2,
        OutreachStatus.SCHEDULED: 2,
        OutreachStatus.NO_REPLY: 1,
        OutreachStatus.DECLINED: 1,
        OutreachStatus.INTRODUCER: 0,
    }
    assert sum(counts.values()) == len(people)
    assert [status for status, _ in plan.network.pipeline][:3] == [
        OutreachStatus.TO_ASK,
        OutreachStatus.ASKED,
        OutreachStatus.SCHEDULED,
    ]


def test_to_ask_lists_decision_makers_first(tmp_path):
    people = {
        "aaron": person("Aaron Abbot", seniority="peer", outreach={"status": "to-ask"}),
        "bea": person("Bea Brown", seniority="staff", outreach={"status": "to-ask"}),
        "cy": person("Cy Cole", outreach={"status": "to-ask"}),
        "dora": person("Dora Diaz", seniority="manager", outreach={"status": "to-ask"}),
        "zed": person("Zed Zane", seniority="decision-maker", outreach={"status": "to-ask"}),
        "yan": person("Yan Young", seniority="decision-maker", outreach={"status": "asked"}),
    }
    _, plan = _network(tmp_path, people)
    order = [c.person.slug for c in plan.network.to_ask]
    assert order == ["zed", "dora", "bea", "aaron", "cy"]
    assert plan.network.to_ask[0].decision_maker is True
    assert "yan" not in order


def test_days_since_asked_is_counted_from_today(tmp_path):
    people = {
        "ann": person("Ann", outreach={"status": "asked", "asked_on": "2027-02-20"}),
        "bob": person("Bob", outreach={"status": "to-ask"}),
    }
    content = make_content(tmp_path, people=people, schedule=[])
    trip = content.load()
    assert make_plan(trip, date(2027, 3, 1)).network.contact("ann").days_since_asked == 9
    assert make_plan(trip, date(2027, 3, 10)).network.contact("ann").days_since_asked == 18
    assert make_plan(trip, date(2027, 2, 20)).network.contact("ann").days_since_asked == 0
    assert make_plan(trip, date(2027, 3, 10)).network.contact("bob").days_since_asked is None


def test_contacts_carry_their_meetings(tmp_path):
    _, plan = _network(
        tmp_path,
        {"ann": person("Ann"), "bob": person("Bob")},
        schedule=[
            meeting("ann", "2027-03-10 09:00", agenda="b"),
            meeting("ann", "2027-03-08 09:00", agenda="a"),
        ],
    )
    ann = plan.network.contact("ann")
    assert [s.meeting.id for s in ann.slots] == ["2027-03-08-ann", "2027-03-10-ann"]
    assert plan.network.contact("bob").slots == ()
