"""The question list of each packet.

Order matters in a 45-minute meeting: the questions written for this person come first, then those
for their organisation, then bank questions chosen for who they are (seniority) and where they work
(industry). No question is asked twice in a packet, and when several people at one organisation are
met, each packet leads with bank questions not already planned for an earlier meeting there. A
pinned bank question (`pin: true`) is in every packet its tags fit, beyond the per-category share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from itertools import pairwise

from generator.content.entry_models import BankQuestion, Category
from generator.content.trip import Meeting, Trip
from generator.plan.schedule import Schedule

PER_CATEGORY = 4
"""Bank questions per category in a packet, before topping up to `min_questions`."""

CATEGORY_TITLES = {
    Category.CAREER_PATH: "Career path",
    Category.DAY_TO_DAY: "Day to day",
    Category.INDUSTRY: "The field",
    Category.COMPANY: "The organisation",
    Category.ADVICE: "Advice",
    Category.NEXT_STEPS: "Next steps",
}


CLOSING_QUESTIONS = (
    "Who else do you think I should talk to?",
    "Would it be all right if I mentioned your name when I reach out to them?",
    "What's the best way to keep in touch with you?",
)
"""Every packet ends with next steps, even when a custom bank has none."""


class QuestionSource(str, Enum):
    PERSON = "person"
    COMPANY = "company"
    BANK = "bank"


@dataclass(frozen=True)
class Question:
    text: str
    source: QuestionSource


@dataclass(frozen=True)
class QuestionGroup:
    key: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class QuestionList:
    groups: tuple[QuestionGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(group.questions) for group in self.groups)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.groups)


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """Two questions are the same question when they differ only in case, spacing or punctuation."""
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def meeting_words(meeting: Meeting) -> set[str]:
    """The words bank tags are matched against: seniority and the industry's words."""
    words: set[str] = set()
    if meeting.person.profile.seniority:
        words.add(meeting.person.profile.seniority.value)
    industry = meeting.company.profile.industry if meeting.company else None
    if industry:
        parts = re.findall(r"[a-z0-9]+", industry.casefold())
        words.update(parts)
        words.update(f"{a}-{b}" for a, b in pairwise(parts))
    return words


def fits(question: BankQuestion, words: set[str]) -> bool:
    return not question.tags or any(tag.casefold() in words for tag in question.tags)


def _ranked(
    candidates: Iterable[BankQuestion], words: set[str], used_here: set[str]
) -> list[BankQuestion]:
    """Pinned first, then unused at this organisation, then tagged-for-this-meeting before general
    ones; stable otherwise."""
    fitting = [q for q in candidates if fits(q, words)]
    return sorted(fitting, key=lambda q: (not q.pin, normalize(q.text) in used_here, not q.tags))


def select(
    meeting: Meeting, bank: Sequence[BankQuestion], minimum: int, used_here: set[str]
) -> QuestionList:
    """The packet's questions; `used_here` holds bank questions planned for earlier meetings at this
    organisation."""
    seen: set[str] = set()

    def fresh(texts: Iterable[str], source: QuestionSource) -> tuple[Question, ...]:
        out = []
        for text in texts:
            key = normalize(text)
            if key and key not in seen:
                seen.add(key)
                out.append(Question(text, source))
        return tuple(out)

    groups: list[QuestionGroup] = []
    person = fresh(meeting.person.profile.questions, QuestionSource.PERSON)
    if person:
        groups.append(QuestionGroup("for-person", f"For {meeting.person.profile.name}", person))
    if meeting.company:
        company = fresh(meeting.company.profile.questions, QuestionSource.COMPANY)
        if company:
            groups.append(QuestionGroup("for-company", f"About {meeting.company.short}", company))

    words = meeting_words(meeting)
    ranked = {
        category: _ranked((q for q in bank if q.category is category), words, used_here)
        for category in Category
    }
    chosen: dict[Category, list[BankQuestion]] = {c: [] for c in Category}
    spare: list[tuple[Category, BankQuestion]] = []
    taken: set[str] = set(seen)
    for category in Category:
        for question in ranked[category]:
            key = normalize(question.text)
            if key in taken:
                continue
            taken.add(key)
            # a pinned question is in every packet it fits
            if question.pin or len(chosen[category]) < PER_CATEGORY:
                chosen[category].append(question)
            else:
                spare.append((category, question))
    total = sum(len(g.questions) for g in groups) + sum(len(v) for v in chosen.values())
    for category, question in spare:
        if total >= minimum:
            break
        chosen[category].append(question)
        total += 1

    for category in Category:
        picked = fresh((q.text for q in chosen[category]), QuestionSource.BANK)
        if category is Category.NEXT_STEPS and not picked:
            picked = fresh(CLOSING_QUESTIONS, QuestionSource.BANK)
        if picked:
            groups.append(QuestionGroup(category.value, CATEGORY_TITLES[category], picked))
    return QuestionList(tuple(groups))


def plan_questions(trip: Trip, schedule: Schedule) -> dict[str, QuestionList]:
    """Every meeting's question list, spreading the bank across meetings at the same
    organisation."""
    used: dict[str, set[str]] = {}
    lists = {}
    for slot in schedule.slots:
        meeting = slot.meeting
        key = meeting.company.slug if meeting.company else f"person:{meeting.person.slug}"
        used_here = used.setdefault(key, set())
        questions = select(meeting, trip.bank, trip.info.defaults.min_questions, used_here)
        used_here.update(
            normalize(q.text)
            for g in questions
            for q in g.questions
            if q.source is QuestionSource.BANK
        )
        lists[meeting.id] = questions
    return lists
