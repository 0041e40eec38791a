"""Someone who introduced you but whom you will not meet, free-text connections, pinned bank questions,
and research left as `infoprep new` wrote it."""

from __future__ import annotations

from generator.content.models import OutreachStatus
from generator.content.placeholders import COMPANY_OVERVIEW, PERSON_BACKGROUND
from plan.factory import company, make_content, meeting, person, warnings


def _professor_trip(tmp_path, **professor):  # type: ignore[no-untyped-def]
    return make_content(
        tmp_path,
        schedule=[meeting("meera", "2027-03-08 09:00")],
        people={
            "okonkwo": person("Prof. Chidi Okonkwo", connection={"kind": "professor"}, **professor),
            "meera": person(
                "Meera Raghunathan",
                connection={"via": "okonkwo", "kind": "professor"},
                outreach={"status": "scheduled"},
            ),
            "lucia": person("Lucía Montoya", connection={"via": "meetup", "kind": "referral"}),
        },
    )


def test_an_introducer_status_is_not_asked_for_coffee_nor_warned_about(tmp_path):
    plan = _professor_trip(tmp_path, outreach={"status": "introducer"}).plan()
    contact = plan.network.contact("okonkwo")
    assert contact.status is OutreachStatus.INTRODUCER
    assert "okonkwo" not in [c.person.slug for c in plan.network.to_ask]
    assert not [f for f in plan.findings if "okonkwo" in f.location.file]


def test_an_introducer_without_a_status_is_still_someone_to_ask(tmp_path):
    plan = _professor_trip(tmp_path).plan()  # only `status: introducer` says you will not meet them
    assert plan.network.contact("okonkwo").status is OutreachStatus.TO_ASK


def test_each_person_in_the_tree_carries_their_own_free_text_via(tmp_path):
    plan = _professor_trip(tmp_path, outreach={"status": "introducer"}).plan()
    roots = {node.contact.person.slug: node for node in plan.network.tree}
    assert roots["lucia"].contact.via == "meetup"
    assert roots["okonkwo"].contact.via is None
    (child,) = roots["okonkwo"].children
    assert (
        child.contact.person.slug == "meera" and child.contact.via is None
    )  # introduced by a person, not free text


def _bank(pinned_tags=None):  # type: ignore[no-untyped-def]
    general = [{"text": f"General question {n}?", "category": "day-to-day"} for n in range(8)]
    pinned = {
        "text": "Which flood taught your team the most?",
        "category": "day-to-day",
        "pin": True,
    }
    if pinned_tags:
        pinned["tags"] = pinned_tags
    return [*general, pinned]


def test_a_pinned_question_is_in_every_packet_its_tags_fit(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("a", "2027-03-08 09:00"),
            meeting("b", "2027-03-08 11:00"),
            meeting("c", "2027-03-09 09:00"),
        ],
        people={
            "a": person("Ann", "hanbit"),
            "b": person("Bo", "hanbit"),
            "c": person("Cy", "lab"),
        },
        companies={
            "hanbit": company("Hanbit", industry="Water engineering"),
            "lab": company("Lab", industry="Urban research"),
        },
        questions=_bank(["water"]),
    )
    plan = content.plan()
    texts = {
        p.slot.meeting.person.slug: [q.text for g in p.questions for q in g.questions]
        for p in plan.packets
    }
    assert "Which flood taught your team the most?" in texts["a"]
    assert (
        "Which flood taught your team the most?" in texts["b"]
    )  # again at the same organisation: pinned
    assert "Which flood taught your team the most?" not in texts["c"]  # not a water firm


def test_an_untagged_pinned_question_is_in_every_packet_even_past_the_per_category_share(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[meeting(s, f"2027-03-{8 + n:02d} 09:00") for n, s in enumerate("abc")],
        questions=_bank(),
    )
    for packet in content.plan().packets:
        assert "Which flood taught your team the most?" in [
            q.text for g in packet.questions for q in g.questions
        ]


def test_placeholder_research_from_infoprep_new_is_a_gap(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[meeting("ann", "2027-03-08 09:00")],
        people={"ann": person("Ann Lee", "acme", background=PERSON_BACKGROUND + "\n")},
        companies={"acme": company("Acme", overview=COMPANY_OVERVIEW + "\n")},
    )
    gaps = [f.message for f in warnings(content.plan(), "research gap")]
    assert "research gap: no background for Ann Lee" in gaps
    assert "research gap: no overview of Acme" in gaps
