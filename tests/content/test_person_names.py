"""The rules that decide when two names are one, and the slugs an import gives people and organisations."""

from __future__ import annotations

import pytest

from generator.content.names import (
    NameParts,
    company_slug_of,
    linkedin_key,
    name_parts,
    organisation_key,
    person_key,
    slug_of,
)


@pytest.mark.parametrize(
    "name", ["Google", "Google LLC", "Google, Inc.", "Google Inc", "GOOGLE L.L.C."]
)
def test_legal_forms_do_not_tell_organisations_apart(name: str) -> None:
    assert organisation_key(name) == "google"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("The Halvorsen Institute", "Halvorsen Institute"),
        ("Ernst & Young LLP", "Ernst and Young"),
        ("Café Régal", "Cafe Regal"),
    ],
)
def test_the_same_organisation_written_two_ways(one: str, other: str) -> None:
    assert organisation_key(one) == organisation_key(other)


def test_different_organisations_stay_apart() -> None:
    assert organisation_key("Google Cloud") != organisation_key("Google")
    assert organisation_key("Halvorsen Institut") != organisation_key("Halvorsen Institute")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Dr. Meera Raghunathan", "Meera Raghunathan"),
        ("José Álvarez-Núñez", "Jose Alvarez Nunez"),
        ("Kwame Mensah, PhD", "kwame mensah"),
        ("박재원 Jae-won Park", "Jae-won Park"),
    ],
)
def test_the_same_person_written_two_ways(one: str, other: str) -> None:
    assert person_key(one) == person_key(other)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Dr. Meera Raghunathan", "meera-raghunathan"),
        ("박재원 Jae-won Park", "jae-won-park"),
        ("Ана-София Петрова", "ana-sofiya-petrova"),
        ("王小明", "wang-xiao-ming"),
        ("박재원", "bag-jae-won"),
        ("Aisling Ní Bhriain", "aisling-ni-bhriain"),
        ("Nguyễn Thị Minh Khai", "nguyen-thi-minh-khai"),
        ("Jane Doe 🌱", "jane-doe"),
        ("🌱", "person"),
    ],
)
def test_slugs_are_readable_in_every_script(name: str, slug: str) -> None:
    assert slug_of(name, "person") == slug


def test_company_slugs_leave_the_legal_form_out() -> None:
    assert company_slug_of("Hanbit Robotics, Inc.") == "hanbit-robotics"
    assert company_slug_of("Mensah & Daughters, LLC") == "mensah-and-daughters"


def test_linkedin_profiles_compare_without_tracking_or_case() -> None:
    assert linkedin_key("https://www.linkedin.com/in/Jordan-Ellis/?trk=people") == "in/jordan-ellis"
    assert linkedin_key("linkedin.com/in/jordan-ellis") == "in/jordan-ellis"
    assert linkedin_key("https://example.com/in/jordan-ellis") is None


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Dr. Meera Raghunathan, PhD", NameParts("Dr.", "Meera", "Raghunathan", "PhD")),
        ("Aisling Ní Bhriain", NameParts("", "Aisling", "Ní Bhriain")),
        ("Prof. Dr. Anna zu Solms", NameParts("Prof. Dr.", "Anna", "zu Solms")),
        ("Jan ter Horst", NameParts("", "Jan", "ter Horst")),
        ("Ana Sofía de la Cruz", NameParts("", "Ana Sofía", "de la Cruz")),
        ('Harold "Hal" Brennan', NameParts("", "Harold", "Brennan", nickname="Hal")),
        ("박재원 Jae-won Park", NameParts("", "Jae-won", "Park")),
        ("박 재원", NameParts("", "재원", "박")),
        ("Mei Chen (陈美)", NameParts("", "Mei", "Chen")),
    ],
)
def test_a_card_files_each_part_of_a_name_where_it_belongs(name: str, parts: NameParts) -> None:
    """The vCard's N: honorifics and credentials apart, particles with the surname, a nickname
    apart."""
    assert name_parts(name) == parts


@pytest.mark.parametrize("name", ["王小明", "Madonna"])
def test_a_name_in_one_piece_has_no_parts(name: str) -> None:
    assert name_parts(name) is None
