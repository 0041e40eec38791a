"""Each packet's questions (plan/questions.py): order, no repeats, enough of them, fit, and spreading."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.content.load import load
from generator.plan.plan import make_plan
from generator.plan.questions import QuestionSource, normalize
from plan.factory import company, make_content, meeting, person, trip_file, warnings

SAMPLE = Path(__file__).resolve().parents[2] / "content"
CATEGORIES = ["career-path", "day-to-day", "industry", "company", "advice", "next-steps"]


def bank(
    category: str, count: int, prefix: str | None = None, tags: list[str] | None = None
) -> list[dict]:
    prefix = prefix or category
    return [
        {
            "text": f"{prefix} question {n}?",
            "category": category,
            **({"tags": tags} if tags else {}),
        }
        for n in range(1, count + 1)
    ]


def texts(questions) -> list[str]:  # type: ignore[no-untyped-def]
    return [q.text for group in questions for q in group.questions]


def bank_texts(questions) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        q.text for group in questions for q in group.questions if q.source is QuestionSource.BANK
    ]


def _one_packet(tmp_path, *, questions, people=None, companies=None, min_questions=0):  # type: ignore[no-untyped-def]
    content = make_content(
        tmp_path,
        trip=trip_file(defaults={"min_questions": min_questions}),
        people=people or {"ann": person("Ann", "acme")},
        companies=companies or {"acme": company("Acme")},
        questions=questions,
        schedule=[meeting("ann", "2027-03-08 09:00")],
    )
    return content.plan().packets[0].questions


# ---- order ------------------------------------------------------------------------------------


def test_person_then_company_then_bank_in_category_order(tmp_path):
    questions = _one_packet(
        tmp_path,
        people={
            "ann": person(
                "Ann", "acme", questions=["Why did you leave the Fed?", "What surprised you?"]
            )
        },
        companies={"acme": company("Acme", questions=["How did the merger change hiring?"])},
        # The file lists categories backwards: the packet must not.
        questions=[item for category in reversed(CATEGORIES) for item in bank(category, 2)],
    )
    groups = list(questions)
    assert [g.questions[0].source for g in groups[:2]] == [
        QuestionSource.PERSON,
        QuestionSource.COMPANY,
    ]
    assert [q.text for q in groups[0].questions] == [
        "Why did you leave the Fed?",
        "What surprised you?",
    ]
    assert [q.text for q in groups[1].questions] == ["How did the merger change hiring?"]
    bank_groups = groups[2:]
    assert [g.questions[0].text.split(" question")[0] for g in bank_groups] == CATEGORIES
    assert all(q.source is QuestionSource.BANK for g in bank_groups for q in g.questions)
    assert bank_groups[-1].questions[-1].text == "next-steps question 2?"


def test_next_steps_come_last_even_without_person_or_company_questions(tmp_path):
    questions = _one_packet(
        tmp_path, questions=[*bank("next-steps", 2), *bank("advice", 2), *bank("career-path", 1)]
    )
    assert [g.key for g in questions] == ["career-path", "advice", "next-steps"]


def test_a_bank_without_next_steps_still_ends_with_closing_questions(tmp_path):
    questions = _one_packet(tmp_path, questions=bank("advice", 2))
    groups = list(questions)
    assert groups[-1].key == "next-steps"
    assert "Who else do you think I should talk to?" in [q.text for q in groups[-1].questions]


def test_a_bank_with_next_steps_gets_no_extra_closing_questions(tmp_path):
    questions = _one_packet(tmp_path, questions=[*bank("advice", 2), *bank("next-steps", 1)])
    assert texts(questions) == [
        "advice question 1?",
        "advice question 2?",
        "next-steps question 1?",
    ]


def test_group_keys_are_unique_within_a_packet(tmp_path):
    questions = _one_packet(
        tmp_path,
        companies={"acme": company("Acme", questions=["How did the merger change hiring?"])},
        questions=[*bank("company", 2), *bank("next-steps", 1)],
    )
    keys = [g.key for g in questions]
    assert len(keys) == len(set(keys)), keys


# ---- no repeats -------------------------------------------------------------------------------


def test_normalize_ignores_case_spacing_and_punctuation():
    assert normalize("What's a typical WEEK like?") == normalize("what’s a typical week  like")
    assert normalize("How, did you start?!") == normalize("how did you start")
    assert normalize("How did you start?") != normalize("How did you finish?")


def test_no_question_appears_twice_across_person_company_and_bank(tmp_path):
    questions = _one_packet(
        tmp_path,
        people={
            "ann": person(
                "Ann",
                "acme",
                questions=["What's a typical week like?", "what's a typical week like"],
            )
        },
        companies={
            "acme": company(
                "Acme", questions=["WHAT’S A TYPICAL WEEK LIKE!", "How is the team organised?"]
            )
        },
        questions=[
            {"text": "What's a typical week like ?", "category": "day-to-day"},
            {"text": "how is the team organised", "category": "company"},
            {"text": "Who else should I talk to?", "category": "next-steps"},
            {"text": "Who else should I talk to", "category": "next-steps"},
            {"text": "What would you do differently?", "category": "advice"},
        ],
    )
    assert texts(questions) == [
        "What's a typical week like?",
        "How is the team organised?",
        "What would you do differently?",
        "Who else should I talk to?",
    ]
    assert [q.source for g in questions for q in g.questions] == [
        QuestionSource.PERSON,
        QuestionSource.COMPANY,
        QuestionSource.BANK,
        QuestionSource.BANK,
    ]


def test_no_packet_of_the_sample_trip_repeats_a_question():
    plan = make_plan(load(SAMPLE, "content"), date(2027, 3, 1))
    for packet in plan.packets:
        keys = [normalize(t) for t in texts(packet.questions)]
        assert len(keys) == len(set(keys)), packet.id


# ---- how many ---------------------------------------------------------------------------------


def test_four_bank_questions_per_category_when_min_questions_is_low(tmp_path):
    questions = _one_packet(tmp_path, questions=[item for c in CATEGORIES for item in bank(c, 6)])
    assert [len(g.questions) for g in questions] == [4] * 6
    assert questions.count == 24


def test_min_questions_is_reached_when_the_bank_allows(tmp_path):
    questions = _one_packet(
        tmp_path, min_questions=30, questions=[item for c in CATEGORIES for item in bank(c, 6)]
    )
    assert questions.count >= 30
    assert len({normalize(t) for t in texts(questions)}) == questions.count


def test_min_questions_counts_person_and_company_questions(tmp_path):
    questions = _one_packet(
        tmp_path,
        min_questions=6,
        people={"ann": person("Ann", "acme", questions=["P1?", "P2?"])},
        companies={"acme": company("Acme", questions=["C1?"])},
        questions=[*bank("career-path", 6), *bank("next-steps", 1)],
    )
    assert questions.count == 8  # 2 + 1 + 4 career-path + 1 next-steps: already past 6, no top-up
    (tmp_path / "more").mkdir()
    questions_more = _one_packet(
        tmp_path / "more",
        min_questions=9,
        people={"ann": person("Ann", "acme", questions=["P1?", "P2?"])},
        companies={"acme": company("Acme", questions=["C1?"])},
        questions=[*bank("career-path", 6), *bank("next-steps", 1)],
    )
    assert questions_more.count == 9


def test_a_small_bank_gives_what_it_has_and_warns(tmp_path):
    content = make_content(
        tmp_path,
        trip=trip_file(defaults={"min_questions": 15}),
        questions=[*bank("advice", 3), *bank("next-steps", 2)],
        schedule=[meeting("ann", "2027-03-08 09:00")],
    )
    plan = content.plan()
    assert plan.packets[0].questions.count == 5
    assert len(warnings(plan, "the packet has 5 questions; min_questions is 15")) == 1


def test_a_repeated_bank_question_does_not_cost_a_question(tmp_path):
    questions = _one_packet(
        tmp_path,
        min_questions=7,
        questions=[
            *bank("career-path", 6, "Path"),
            {"text": "path question 1", "category": "advice"},
            *bank("next-steps", 1),
        ],
    )
    # Seven distinct questions exist (six career-path, one next-steps): all of them fit.
    assert questions.count == 7


def test_every_packet_of_the_sample_trip_has_min_questions():
    trip = load(SAMPLE, "content")
    plan = make_plan(trip, date(2027, 3, 1))
    assert all(p.questions.count >= trip.info.defaults.min_questions for p in plan.packets)
    assert not [f for f in plan.findings if "min_questions" in f.message]


# ---- fit: tags --------------------------------------------------------------------------------


def _tagged_bank() -> list[dict]:
    return [
        {"text": "How do you verify a source?", "category": "industry", "tags": ["media"]},
        {
            "text": "How do you pick research topics?",
            "category": "industry",
            "tags": ["think-tank"],
        },
        {"text": "What is the hardest part of your day?", "category": "day-to-day"},
        {
            "text": "How do you decide whom to hire?",
            "category": "company",
            "tags": ["decision-maker"],
        },
        {"text": "Who else should I talk to?", "category": "next-steps"},
    ]


def test_a_media_question_appears_only_for_a_media_company(tmp_path):
    content = make_content(
        tmp_path,
        people={
            "ann": person("Ann", "ledger", seniority="staff"),
            "bob": person("Bob", "halvorsen", seniority="staff"),
        },
        companies={
            "ledger": company("The Ledger", industry="News media"),
            "halvorsen": company("Halvorsen", industry="Think tank"),
        },
        questions=_tagged_bank(),
        schedule=[meeting("ann", "2027-03-08 09:00"), meeting("bob", "2027-03-08 11:00")],
    )
    packets = {p.slot.meeting.person.slug: p for p in content.plan().packets}
    assert "How do you verify a source?" in texts(packets["ann"].questions)
    assert "How do you verify a source?" not in texts(packets["bob"].questions)
    # "Think tank" is matched as the word pair think-tank.
    assert "How do you pick research topics?" in texts(packets["bob"].questions)
    assert "How do you pick research topics?" not in texts(packets["ann"].questions)
    for slug in ("ann", "bob"):  # untagged questions fit everyone
        assert "What is the hardest part of your day?" in texts(packets[slug].questions)
        assert "How do you decide whom to hire?" not in texts(packets[slug].questions)


def test_a_seniority_tag_matches_the_person(tmp_path):
    content = make_content(
        tmp_path,
        people={
            "ann": person("Ann", "acme", seniority="decision-maker"),
            "bob": person("Bob", "acme", seniority="peer"),
        },
        companies={"acme": company("Acme")},
        questions=_tagged_bank(),
        schedule=[meeting("ann", "2027-03-08 09:00"), meeting("bob", "2027-03-08 11:00")],
    )
    packets = {p.slot.meeting.person.slug: p for p in content.plan().packets}
    assert "How do you decide whom to hire?" in texts(packets["ann"].questions)
    assert "How do you decide whom to hire?" not in texts(packets["bob"].questions)


def test_a_person_without_company_or_seniority_gets_untagged_questions_only(tmp_path):
    questions = _one_packet(
        tmp_path, people={"ann": person("Ann")}, companies={}, questions=_tagged_bank()
    )
    assert texts(questions) == [
        "What is the hardest part of your day?",
        "Who else should I talk to?",
    ]


def test_tagged_questions_for_this_meeting_come_before_general_ones(tmp_path):
    questions = _one_packet(
        tmp_path,
        people={"ann": person("Ann", "acme", seniority="manager")},
        companies={"acme": company("Acme")},
        questions=[
            {"text": "General one?", "category": "advice"},
            {"text": "For managers?", "category": "advice", "tags": ["manager"]},
            {"text": "Closing?", "category": "next-steps"},
        ],
    )
    assert texts(questions) == ["For managers?", "General one?", "Closing?"]


# ---- spreading --------------------------------------------------------------------------------


def test_two_meetings_at_one_company_start_with_different_bank_questions(tmp_path):
    content = make_content(
        tmp_path,
        people={
            "ann": person("Ann", "acme"),
            "bob": person("Bob", "acme"),
            "cat": person("Cat", "other"),
        },
        companies={"acme": company("Acme"), "other": company("Other")},
        questions=[*bank("career-path", 8), *bank("next-steps", 1)],
        schedule=[
            meeting("ann", "2027-03-08 09:00"),
            meeting("bob", "2027-03-08 11:00"),
            meeting("cat", "2027-03-08 13:00"),
        ],
    )
    packets = {p.slot.meeting.person.slug: p for p in content.plan().packets}
    ann, bob, cat = (bank_texts(packets[s].questions) for s in ("ann", "bob", "cat"))
    assert ann[:4] == [f"career-path question {n}?" for n in range(1, 5)]
    assert bob[:4] == [f"career-path question {n}?" for n in range(5, 9)]
    assert ann[0] != bob[0]
    # Another organisation is not affected by what was asked at Acme.
    assert cat[:4] == ann[:4]


def test_spreading_follows_time_order_not_file_order(tmp_path):
    content = make_content(
        tmp_path,
        people={"ann": person("Ann", "acme"), "bob": person("Bob", "acme")},
        companies={"acme": company("Acme")},
        questions=[*bank("career-path", 8), *bank("next-steps", 1)],
        schedule=[meeting("bob", "2027-03-09 09:00"), meeting("ann", "2027-03-08 09:00")],
    )
    packets = {p.slot.meeting.person.slug: p for p in content.plan().packets}
    assert bank_texts(packets["ann"].questions)[0] == "career-path question 1?"
    assert bank_texts(packets["bob"].questions)[0] == "career-path question 5?"


def test_the_sample_halvorsen_packets_lead_with_different_bank_questions():
    plan = make_plan(load(SAMPLE, "content"), date(2027, 3, 1))
    first_packet: dict[str, object] = {}
    for packet in plan.packets:
        meeting_ = packet.slot.meeting
        if meeting_.company and meeting_.company.slug == "halvorsen-institute":
            first_packet.setdefault(meeting_.person.slug, packet)
    assert len(first_packet) == 3, sorted(first_packet)
    leads = [bank_texts(p.questions)[0] for p in first_packet.values()]  # type: ignore[attr-defined]
    assert len(set(leads)) == 3, leads
    first_career = [
        next(g for g in p.questions if g.key == "career-path") for p in first_packet.values()
    ]  # type: ignore[attr-defined]
    assert len({g.questions[0].text for g in first_career}) == 3
