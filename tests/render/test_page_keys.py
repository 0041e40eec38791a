"""Page keys (render/page_keys.py): equal contexts give equal keys, any difference a different key."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from fixtures.mini_trip import MINI, SAMPLE, TODAY

from generator.build import load_and_plan
from generator.render.drafts import Drafts
from generator.render.page_keys import PageKeys
from generator.render.pages import PageBuilder
from generator.render.paths import Paths
from generator.render.theme import make_environment


def _keys(content: Path, today: date = TODAY, for_print: bool = False) -> dict[str, str | None]:
    """The packet pages' keys of a freshly loaded and planned trip."""
    _, plan, theme = load_and_plan(content, today)
    builder = PageBuilder(plan, Paths(), Drafts(make_environment(theme), plan.trip.info), True, False, for_print=for_print)
    keys = PageKeys("identity")
    return {packet.id: keys.key("packet.html", builder.packet(packet)) for packet in plan.packets}


@pytest.mark.parametrize("content", [MINI, SAMPLE], ids=["mini", "sample"])
def test_a_second_build_in_the_same_process_gets_the_same_keys(content: Path) -> None:
    """Time zones are cached per process: a second build (as in `serve`) must not key its pages differently."""
    first, second = _keys(content), _keys(content)
    assert None not in first.values()
    assert first == second
    assert len(set(first.values())) == len(first)


def test_print_and_web_pages_and_other_days_have_other_keys() -> None:
    web, printed, later = _keys(MINI), _keys(MINI, for_print=True), _keys(MINI, today=date(2027, 5, 20))
    assert not set(web.values()) & set(printed.values())
    assert not set(web.values()) & set(later.values())  # the follow-ups are due by then


def test_a_change_deep_in_a_shared_object_changes_the_key() -> None:
    """Packets and people stand in a page's pickle by their own pickle's digest: that digest must see everything."""
    _, plan, theme = load_and_plan(MINI, TODAY)
    builder = PageBuilder(plan, Paths(), Drafts(make_environment(theme), plan.trip.info), True, False)
    packet = plan.packets[0]
    page = builder.packet(packet)
    person = page.person
    renamed = dataclasses.replace(person, profile=person.profile.model_copy(update={"name": person.profile.name + " Jr."}))
    assert PageKeys("i").key("packet.html", page) != PageKeys("i").key("packet.html", dataclasses.replace(page, person=renamed))
    assert PageKeys("i").key("packet.html", page) != PageKeys("other theme").key("packet.html", page)
    assert PageKeys("i").key("packet.html", page) != PageKeys("i").key("other.html", page)


def test_a_context_that_cannot_be_pickled_has_no_key() -> None:
    @dataclasses.dataclass
    class Odd:
        call: object

    assert PageKeys("i").key("packet.html", Odd(lambda: None)) is None


