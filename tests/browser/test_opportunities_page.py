"""The opportunities page and the network page's targets on the offers trip (tests/fixtures/dublin), in
Chromium at phone width: nothing runs off the side, every tap target is big enough, axe finds nothing, the
opportunity a target links to is on the page, and a LinkedIn note's count is shown beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.building import Runner
from fixtures.dublin_trip import DUBLIN

from generator.cli import main

from .helpers import no_horizontal_overflow, small_tap_targets
from .test_accessibility import violations


@pytest.fixture(scope="module")
def dublin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dublin") / "site"
    result = Runner().invoke(main, ["build", str(DUBLIN), "-o", str(out), "--no-pdf", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_opportunities_page_at_phone_width(page, dublin_site: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((dublin_site / "opportunities.html").as_uri())
    page.screenshot(path=str(tmp_path / "opportunities-390.png"), full_page=True)
    assert no_horizontal_overflow(page)
    assert small_tap_targets(page) == []
    assert violations(page) == []
    assert page.locator("article.opportunity").count() == 7  # 6 open, 1 closed
    page.locator("summary", has_text="Draft: tell Ananya Sharma what happened").click()
    assert page.locator("pre.draft", has_text="I was referred on").first.is_visible()


def test_a_target_links_to_its_opportunity_and_notes_show_their_count(
    page, dublin_site: Path
) -> None:  # type: ignore[no-untyped-def]
    page.goto((dublin_site / "network.html").as_uri())
    assert no_horizontal_overflow(page)
    assert violations(page) == []
    page.locator(".targets a", has_text="Product analyst, patient apps").click()
    page.wait_for_load_state()
    assert page.url.endswith("opportunities.html#opp-kestrel-health-product-analyst-patient-apps")
    assert page.locator("#opp-kestrel-health-product-analyst-patient-apps").is_visible()
    page.go_back()
    shown = [
        t for t in page.locator(".note-count").all_inner_texts() if t
    ]  # others are in closed drafts
    assert len(shown) >= 4 and all(text.endswith("/ 200 characters") for text in shown)
