"""A packet opened in place from the private site's home page: nothing the browser asks for on the
way is missing (the home page's icon was asked for again at m/<id>/icons/icon.svg, a 404)."""

from __future__ import annotations

from .conftest import PASSPHRASE

UNLOCK_FORM = "#infoprep-unlock:not([hidden])"


def test_following_a_packet_asks_for_no_missing_file(  # type: ignore[no-untyped-def]
    page, private_site, http_server
) -> None:
    base = http_server(private_site.output, "trips/private")
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(base)
    page.wait_for_selector(UNLOCK_FORM)
    page.fill("#infoprep-passphrase", PASSPHRASE)
    page.click("#infoprep-unlock button[type=submit]")
    page.wait_for_selector("section.day")
    page.locator("ol.meetings h3 a").first.click()
    page.wait_for_selector("h1#who")
    assert "/m/" in page.url
    page.wait_for_timeout(500)  # the favicon is asked for after the page is written
    page.go_back()
    page.wait_for_selector("section.day")
    page.wait_for_timeout(500)
    assert missing == []
    icon = page.eval_on_selector('link[rel="icon"]', "link => link.href")
    assert icon == base.rstrip("/") + "/icons/icon.svg"
