"""The built-in question bank fits any field: what is phrased for one field is behind that field's tags."""

from __future__ import annotations

import re

from generator.content.entry_models import BankQuestion
from generator.content.load import BUILTIN_BANK, builtin_bank_text
from generator.content.yaml import parse

FIELD_WORDS = re.compile(
    r"\b(policy|policies|testimony|analysts?|analysis|federal|government|think "
    r"tanks?|grants?|grantees?|funders?|procurement|"
    r"journalism|advocacy|legislat\w*|agency|agencies)\b",
    re.IGNORECASE,
)
SENIORITIES = {"decision-maker", "manager", "staff", "peer"}


def _bank() -> list[BankQuestion]:
    return [
        BankQuestion.model_validate(item) for item in parse(builtin_bank_text(), BUILTIN_BANK).data
    ]


def test_questions_for_everyone_name_no_field():
    general = [q.text for q in _bank() if not set(q.tags) - SENIORITIES]
    assert len(general) >= 50
    assert [text for text in general if FIELD_WORDS.search(text)] == []


def test_fields_other_than_policy_have_questions_of_their_own():
    tags = {tag for q in _bank() for tag in q.tags}
    assert {"engineering", "software", "health"} <= tags
