"""axe-core on every page kind: no serious or critical violations (itinerary, packet, network,
follow-ups, and the private site's passphrase page, before and after unlocking)."""

from __future__ import annotations

import pytest

from .conftest import PASSPHRASE

SEVERE = ("serious", "critical")


def severe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SEVERE
    ]


@pytest.mark.parametrize("kind", ["itinerary", "packet", "network", "followups"])
def test_public_pages(page, public_site, kind: str) -> None:
    if kind == "packet":
        target = sorted((public_site.output / "meetings").glob("*/index.html"))[0]
    else:
        target = public_site.output / {"itinerary": "index.html", "network": "network.html", "followups": "followups.html"}[kind]
    page.goto(target.as_uri())
    assert severe_violations(page) == []


def test_private_prompt_and_unlocked_page(page, private_site) -> None:
    page.goto((private_site.output / "index.html").as_uri())
    page.wait_for_selector("#infoprep-unlock:not([hidden])")
    assert severe_violations(page) == []
    page.fill("#infoprep-passphrase", "a wrong passphrase")
    page.click("#infoprep-unlock button[type=submit]")
    page.wait_for_selector("#infoprep-status.problem")
    assert severe_violations(page) == []
    page.fill("#infoprep-passphrase", PASSPHRASE)
    page.click("#infoprep-unlock button[type=submit]")
    page.wait_for_selector("section.day")
    assert severe_violations(page) == []
