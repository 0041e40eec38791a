"""The Berlin week (tests/fixtures/paper_trip) on a phone: long names, places and file paths never push a page
sideways, and the resume is one tap away."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.mini_trip import Site
from fixtures.paper import PAPER, RESUME, TODAY

from .helpers import no_horizontal_overflow, small_tap_targets


@pytest.fixture(scope="module")
def paper_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    from fixtures.building import build_options

    from generator.build import build

    output = tmp_path_factory.mktemp("paper-site") / "site"
    build(
        build_options(content=PAPER, output=output, pdf=False, today=TODAY, quiet=True, environ={})
    )
    return Site(PAPER, output)


def test_every_page_fits_a_phone(page, paper_site) -> None:  # type: ignore[no-untyped-def]
    pages = [paper_site.output / name for name in ("index.html", "network.html", "followups.html")]
    pages += sorted((paper_site.output / "meetings").glob("*/index.html"))
    for target in pages:
        page.goto(target.as_uri())
        assert no_horizontal_overflow(page), target.relative_to(paper_site.output)
        assert small_tap_targets(page) == [], target.relative_to(paper_site.output)


def test_the_resume_link_opens_the_resume(page, paper_site) -> None:  # type: ignore[no-untyped-def]
    page.goto((paper_site.output / "index.html").as_uri())
    href = page.locator("a", has_text="Your resume").get_attribute("href")
    assert href == "resume.pdf"
    assert (paper_site.output / href).read_bytes() == (PAPER / RESUME).read_bytes()
    packet = paper_site.output / "meetings" / "2027-06-07-meera-raghunathan" / "index.html"
    page.goto(packet.as_uri())
    link = page.locator("a", has_text="2 resume copies")
    assert (
        Path(packet.parent, link.get_attribute("href") or "").resolve()
        == (paper_site.output / "resume.pdf").resolve()
    )
