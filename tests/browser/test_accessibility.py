"""Accessibility in Chromium: axe-core finds no violation of any impact on any page kind (itinerary, packet,
network, follow-ups, and the private site's lock screen before and after unlocking, and a page shown offline),
at desktop and phone widths; every tap target is at least 24 x 24 CSS px; every page has an icon; names in
another script carry their language."""

from __future__ import annotations

import pytest

from .conftest import PASSPHRASE
from .helpers import wait_until_saved

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = {
    "itinerary": "index.html",
    "packet": "meetings/2027-10-11-jae-won-park/index.html",
    "network": "network.html",
    "followups": "followups.html",
}

SMALL_TARGETS_JS = """() => Array.from(document.querySelectorAll('a[href], button, summary, input:not([type=hidden]), label[for]'))
  .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
  .filter(el => !el.closest('.skip'))
  .filter(el => {
    const rects = Array.from(el.getClientRects());
    return Math.max(...rects.map(r => r.height)) < 24 || Math.max(...rects.map(r => r.width)) < 24;
  })
  .map(el => { const r = el.getBoundingClientRect(); return `${Math.round(r.width)}x${Math.round(r.height)} ${el.outerHTML.slice(0, 90)}`; })"""
"""Every link, button, disclosure toggle and field under 24 x 24 CSS px (WCAG 2.2's 2.5.8), links inside a
sentence included: on a phone those are tapped too."""


def violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def checked(page) -> None:  # type: ignore[no-untyped-def]
    assert violations(page) == []
    assert page.evaluate(SMALL_TARGETS_JS) == []
    assert page.locator("link[rel=icon]").count() == 1


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_public_pages(page, seoul_site, kind: str, width: str) -> None:
    page.set_viewport_size(WIDTHS[width])
    page.goto((seoul_site.output / PAGES[kind]).as_uri())
    checked(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_sample_trip_packet_and_network(page, public_site, width: str) -> None:
    """The sample trip too (16 meetings, its own notes), where the network page lists many meeting times."""
    page.set_viewport_size(WIDTHS[width])
    for target in (
        sorted((public_site.output / "meetings").glob("*/index.html"))[0],
        public_site.output / "network.html",
    ):
        page.goto(target.as_uri())
        checked(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_private_lock_screen_and_unlocked_page(page, private_site, width: str) -> None:
    page.set_viewport_size(WIDTHS[width])
    page.goto((private_site.output / "index.html").as_uri())
    page.wait_for_selector("#infoprep-unlock:not([hidden])")
    checked(page)
    page.fill("#infoprep-passphrase", "a wrong passphrase")
    page.click("#infoprep-unlock button[type=submit]")
    page.wait_for_selector("#infoprep-status.problem")
    checked(page)
    page.fill("#infoprep-passphrase", PASSPHRASE)
    page.click("#infoprep-unlock button[type=submit]")
    page.wait_for_selector("section.day")
    checked(page)


def test_compact_theme(page, tmp_path) -> None:
    """The other built-in theme, public and private: its own style.css, the site's app.css."""
    import shutil

    from fixtures.building import build_options
    from fixtures.mini_trip import edit, private_copy

    from generator.build import build

    from .conftest import SEOUL, SEOUL_TODAY

    content = tmp_path / "trip"
    shutil.copytree(SEOUL, content)
    edit(content / "trip.yaml", "city: Seoul\n", "city: Seoul\ntheme: compact\n")
    build(
        build_options(
            content=content,
            output=tmp_path / "site",
            pdf=False,
            today=SEOUL_TODAY,
            quiet=True,
            environ={},
        )
    )
    # the default theme is checked at both widths; this one at the harder
    page.set_viewport_size(WIDTHS["phone"])
    for name in PAGES.values():
        page.goto((tmp_path / "site" / name).as_uri())
        checked(page)
    private = private_copy(tmp_path / "private", content)
    build(
        build_options(
            content=private,
            output=tmp_path / "locked",
            pdf=False,
            today=SEOUL_TODAY,
            quiet=True,
            environ={"INFOPREP_PASSWORD": PASSPHRASE},
        )
    )
    page.goto((tmp_path / "locked" / "index.html").as_uri())
    page.wait_for_selector("#infoprep-unlock:not([hidden])")
    checked(page)
    assert (
        page.evaluate("getComputedStyle(document.querySelector('#infoprep-passphrase')).minHeight")
        == "48px"
    )  # app.css applies


def test_page_shown_offline(page, seoul_site, http_server) -> None:
    page.goto(http_server(seoul_site.output) + PAGES["packet"])
    wait_until_saved(page)
    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector("#infoprep-offline")
    checked(page)


def test_names_in_another_script_carry_their_language(page, seoul_site) -> None:
    page.goto((seoul_site.output / PAGES["packet"]).as_uri())
    assert page.locator("h1#who [lang=ko]").inner_text() == "박재원"
    page.goto((seoul_site.output / "index.html").as_uri())
    marked = page.eval_on_selector_all(
        "ol.meetings h3 [lang]", "els => els.map(e => [e.lang, e.textContent])"
    )
    assert marked == [
        ["ko", "박재원"],
        ["ko", "김서연"],
        ["ga", "Aisling Ní Bhriain"],
        ["bg", "Ана-София Петрова"],
        ["zh", "陈思远"],
    ]


OVERLAPS_JS = """() => { const els = Array.from(document.querySelectorAll('a[href], button, summary'))
  .filter(e => e.getClientRects().length > 0);
  const out = [];
  for (let i = 0; i < els.length; i++) for (let j = i + 1; j < els.length; j++) {
    if (els[i].contains(els[j]) || els[j].contains(els[i])) continue;
    const a = els[i].getBoundingClientRect(), b = els[j].getBoundingClientRect();
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      out.push(els[i].outerHTML.slice(0, 60) + ' over ' + els[j].outerHTML.slice(0, 60));
  }
  return out; }"""
"""Pairs of tap targets whose boxes overlap (Lighthouse's tap-targets audit): a tap meant for one opens the other."""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_contact_links_of_a_packet_do_not_overlap(page, tmp_path, width: str) -> None:  # type: ignore[no-untyped-def]
    """E-mail, phone and LinkedIn on a packet page, on a phone and a desktop (issue 24: tel: overlapped both)."""
    import shutil

    from fixtures.building import build_options
    from fixtures.london_calls_trip import LONDON

    from generator.build import build

    content = tmp_path / "london"
    shutil.copytree(LONDON, content)
    with (content / "people" / "ananya-sharma.yaml").open("a", encoding="utf-8") as profile:
        profile.write("linkedin: https://www.linkedin.com/in/ananya-sharma-kestrel\n")
    build(
        build_options(
            content=content,
            output=tmp_path / "site",
            pdf=False,
            quiet=True,
            environ={},
            cache=False,
        )
    )
    page.set_viewport_size(WIDTHS[width])
    page.goto((tmp_path / "site" / "meetings" / "2027-05-27-ananya-sharma" / "index.html").as_uri())
    assert page.locator(".contact a").count() == 3
    assert page.evaluate(OVERLAPS_JS) == []
