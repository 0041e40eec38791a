"""The ordinary (not private) site in Chromium: file:// navigation, phone width, tap targets, the Today view."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PIL import Image

from .conftest import PASSPHRASE, PHONE
from .helpers import no_horizontal_overflow, small_tap_targets


def test_home_from_file_url_and_a_packet_link(page, public_site) -> None:
    home = (public_site.output / "index.html").as_uri()
    page.goto(home)
    assert page.locator("link[rel=stylesheet]").first.evaluate("l => l.sheet !== null")
    first = page.locator("ol.meetings h3 a").first
    name = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert (
        page.url.startswith("file://")
        and page.url.endswith("/index.html")
        and "/meetings/" in page.url
    )
    assert page.locator("h1").inner_text() == name
    page.locator("nav.crumbs a").first.click()
    assert page.url.split("#")[0] == home


def test_phone_width_itinerary_and_packet(page, public_site, tmp_path: Path) -> None:
    packet = sorted((public_site.output / "meetings").glob("*/index.html"))[0]
    pages = {"itinerary": "index.html", "network": "network.html", "followups": "followups.html"}
    for name, target in [
        *((n, public_site.output / p) for n, p in pages.items()),
        ("packet", packet),
    ]:
        page.goto(target.as_uri())
        shot = tmp_path / f"{name}-390.png"
        page.screenshot(path=str(shot), full_page=True)
        assert Image.open(shot).width == PHONE["width"]
        assert no_horizontal_overflow(page), name
        assert small_tap_targets(page) == [], name


def test_addresses_and_phone_numbers_are_links(page, public_site) -> None:
    page.goto((public_site.output / "index.html").as_uri())
    assert page.locator("a[href^='tel:']").count() >= 5
    assert page.locator(".where a.map").count() >= 5
    packet = sorted((public_site.output / "meetings").glob("*/index.html"))[0]
    page.goto(packet.as_uri())
    assert page.locator(".contact a[href^='tel:'], .contact a[href^='mailto:']").count() >= 1


def test_today_is_highlighted_during_the_trip(page, public_site) -> None:
    page.clock.set_fixed_time(datetime(2027, 3, 10, 9, 0))
    page.goto((public_site.output / "index.html").as_uri())
    today = page.locator(".daynav a.is-today")
    assert today.count() == 1 and today.get_attribute("data-date") == "2027-03-10"
    assert page.locator(".today-link").is_visible()
    assert (
        page.evaluate("document.getElementById('day-2027-03-10').getBoundingClientRect().top") < 200
    )


def test_works_under_a_sub_path(page, public_site, http_server) -> None:
    base = http_server(public_site.output, "people/alex/dc-trip")
    page.goto(base)
    assert page.locator("ol.meetings").count() >= 3
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        != "rgba(0, 0, 0, 0)"
    )
    page.locator("a", has_text="Network").first.click()
    assert page.url == base + "network.html"
    assert page.locator("h1").count() == 1


def test_no_request_leaves_the_site(page, public_site, private_site, http_server) -> None:
    """No external resource of any kind: every request a page makes stays in its own folder."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    packet = sorted((public_site.output / "meetings").glob("*/index.html"))[0]
    for target in (
        public_site.output / "index.html",
        public_site.output / "network.html",
        public_site.output / "followups.html",
        packet,
    ):
        page.goto(target.as_uri())
        page.wait_for_load_state("networkidle")  # the icon too
    root = public_site.output.as_uri() + "/"
    assert requested and all(url.startswith((root, "data:")) for url in requested), requested

    requested.clear()
    base = http_server(private_site.output)
    page.goto(base)
    page.fill("#infoprep-passphrase", PASSPHRASE)
    page.click("#infoprep-unlock button[type=submit]")
    page.wait_for_selector("section.day")
    page.locator("ol.meetings h3 a").first.click()
    page.wait_for_selector("img[data-infoprep-src]")
    page.wait_for_load_state("networkidle")
    assert all(url.startswith((base, "data:", "blob:")) for url in requested), requested
