"""How drafts address people: `greeting:` when given, else a first name a name parser is sure of, else a warning."""

from __future__ import annotations

import pytest

from generator.content.models import PersonFile
from generator.content.names import greeting_of
from plan.factory import make_content, meeting, person, warnings, where


@pytest.mark.parametrize(
    ("name", "greeting", "sure"),
    [
        ("Dr. Meera Raghunathan", "Meera", True),  # an honorific is not a first name
        ("Prof. Kwame Mensah Jr.", "Kwame", True),  # nor is a suffix the last name
        ("Aisling Ní Bhriain", "Aisling", True),  # Irish surname particle
        ("Seán Ó Briain", "Seán", True),
        ("Ана-София Петрова", "Ана-София", True),  # Cyrillic, a hyphenated first name
        ("Дмитрий Соколов", "Дмитрий", True),
        ("Suharto", "Suharto", True),  # a mononym
        ('Harold "Hal" Brennan', "Hal", True),  # the name in quotes is the one they go by
        ("Maria de la Cruz", "Maria", True),
        (
            "박재원 Jae-won Park",
            "Jae-won",
            False,
        ),  # not the Hangul word alone, and unsure: mixed scripts
        ("김민지", "김민지", False),  # family name first
        (
            "Ana Sofía Reyes",
            "Ana",
            False,
        ),  # a two-part first name cannot be told from a middle name
    ],
)
def test_the_default_greeting(name, greeting, sure):
    found = greeting_of(PersonFile(name=name))
    assert (found.text, found.sure) == (greeting, sure)


def test_a_written_greeting_wins_and_is_sure():
    assert greeting_of(PersonFile(name="Ana Sofía Reyes", greeting="Ana Sofía")).text == "Ana Sofía"
    assert greeting_of(PersonFile(name="박재원 Jae-won Park", greeting="Jae-won")).sure


def test_check_warns_only_where_a_draft_would_guess(tmp_path):
    content = make_content(
        tmp_path,
        schedule=[
            meeting("park", "2027-03-08 09:00"),
            meeting("reyes", "2027-03-08 11:00"),
            meeting("meera", "2027-03-08 14:00"),
        ],
        people={
            "park": person("박재원 Jae-won Park"),
            "reyes": person("Ana Sofía Reyes", greeting="Ana Sofía"),
            "meera": person("Dr. Meera Raghunathan"),
            "declined": person(
                "Nguyễn Thị Minh Khai", outreach={"status": "declined"}
            ),  # no draft goes to them
        },
    )
    found = warnings(content.plan(), "drafts greet")
    assert where(found) == [("content/people/park.yaml", 1)]
    assert (
        "drafts greet 박재원 Jae-won Park as 'Jae-won', but the name mixes scripts (Hangul, Latin): "
        "set greeting:" in found[0].message
    )


@pytest.mark.parametrize(
    ("name", "language", "greeting"),
    [
        ("Nguyễn Thị Mai", "vi", "Mai"),  # was "Dear Nguyễn,"
        ("Dr Nguyễn Thị Mai", "vi", "Mai"),
        ("Tan Wei Ling", "zh", "Wei Ling"),  # was "Hi Tan,"
        ("Nagy Péter", "hu", "Péter"),
        ("Ana Silva", "pt", "Ana"),
    ],
)
def test_name_lang_says_when_a_latin_name_puts_the_family_name_first(
    name: str, language: str, greeting: str
) -> None:
    found = greeting_of(PersonFile(name=name, name_lang=language))
    assert (found.text, found.sure) == (greeting, True)
