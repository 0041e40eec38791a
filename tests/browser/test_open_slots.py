"""The network page with open slots and drafts, in Chromium at phone and desktop width."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from fixtures.building import build_options

from generator.build import build

from .helpers import no_horizontal_overflow

SEATTLE = Path(__file__).parents[1] / "plan" / "trips" / "seattle"


def test_open_slots_and_drafts_read_at_phone_and_desktop_width(page, tmp_path: Path) -> None:
    content = tmp_path / "seattle"
    shutil.copytree(SEATTLE, content)
    with (content / "schedule.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n- person: meera-raghunathan\n  start: 2027-05-18 14:30\n")
    build(
        build_options(
            content=content,
            output=tmp_path / "site",
            pdf=False,
            today=date(2027, 5, 1),
            quiet=True,
            environ={},
        )
    )
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto((tmp_path / "site" / "network.html").as_uri())
        assert page.locator("#open-h").is_visible()
        assert page.locator("ul.open-days li").count() == 5
        move = page.locator("section[aria-labelledby=move-h] article")
        assert move.count() == 1 and "Tomás Ortega" in move.inner_text()
        assert no_horizontal_overflow(page), width
        page.screenshot(path=str(tmp_path / f"network-{width}.png"), full_page=True)
