"""The site on a phone with no signal: after one visit over http, every page, PDF, the calendar and the static
files open offline (through the service worker the build writes); a new build is picked up on the next visit
online; a private site saves only what it publishes, which is encrypted."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from fixtures.mini_trip import edit

from .conftest import PASSPHRASE, SEOUL, SEOUL_TODAY
from .helpers import browser_storage, cache_names, wait_until, wait_until_saved

OFFLINE_NOTE = "#infoprep-offline"


def build_id(site: Path) -> str:
    match = re.search(r'var BUILD = "([0-9a-f]+)";', (site / "sw.js").read_text(encoding="utf-8"))
    assert match, "sw.js names no build"
    return match.group(1)


def test_public_site_opens_offline_under_a_sub_path(page, seoul_site, http_server) -> None:
    base = http_server(seoul_site.output, "trips/seoul")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base)
    page.wait_for_selector("section.day")
    assert page.locator(OFFLINE_NOTE).count() == 0
    wait_until_saved(page)
    assert cache_names(page) == [f"infoprep {base} {build_id(seoul_site.output)}"]
    assert base + "icons/icon.svg" in requested and not [
        u for u in requested if u.endswith("/favicon.ico")
    ]

    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector("section.day")
    note = page.locator(OFFLINE_NOTE)
    assert "No connection: this is the copy saved on this device just now" in note.inner_text()
    # the trip's clock (its locale, 24-hour, its time zone), not the browser's 12-hour one (issue
    # 24)
    assert re.search(r"\d\d:\d\d\)", note.inner_text()) and not re.search(
        r"\b[AP]M\b", note.inner_text(), re.I
    )
    assert "Seoul urban-data week" in page.inner_text("h1")

    page.locator("ol.meetings h3 a", has_text="Jae-won Park").click()
    page.wait_for_selector("h1#who")
    assert page.locator("h1#who").inner_text() == "박재원 Jae-won Park"
    page.locator(OFFLINE_NOTE).wait_for()
    with page.expect_download() as caught:
        page.locator(".crumbs a[download]").click()
    assert caught.value.path().read_bytes().startswith(b"%PDF")

    page.locator("nav[aria-label=Site] a", has_text="Network").click()
    page.wait_for_selector("main h1")
    page.locator(OFFLINE_NOTE).wait_for()
    page.goto(base + "index.html")  # the same page by its file name
    with page.expect_download() as caught:
        page.locator("a[download]", has_text="Add to calendar").click()
    assert caught.value.path().read_bytes().startswith(b"BEGIN:VCALENDAR")
    statuses = page.evaluate(
        """(names) => Promise.all(names.map(n => fetch(n).then(r => r.status, () => 0)))""",
        [
            "static/style.css",
            "static/offline.js",
            "itinerary.pdf",
            "binder.pdf",
            "pocket-cards.pdf",
            "manifest.webmanifest",
            "icons/icon-192.png",
        ],
    )
    assert statuses == [200] * 7
    # A page the site does not have is not invented.
    assert page.evaluate("fetch('no-such-page.html').then(r => r.status, () => 0)") == 0


def test_without_the_service_worker_nothing_opens_offline(
    page, seoul_site, http_server, tmp_path
) -> None:
    """The control for the test above: what opens offline there is the service worker's doing."""
    site = tmp_path / "site"
    shutil.copytree(seoul_site.output, site)
    (site / "sw.js").unlink()
    page.goto(http_server(site))
    page.wait_for_selector("section.day")
    page.wait_for_timeout(500)
    page.context.set_offline(True)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.reload()


def test_a_new_build_is_picked_up_on_the_next_visit_online(page, http_server, tmp_path) -> None:
    from fixtures.building import build_options

    from generator.build import build

    content = tmp_path / "trip"
    shutil.copytree(SEOUL, content)
    site = tmp_path / "site"
    options = build_options(
        content=content, output=site, pdf=False, today=SEOUL_TODAY, quiet=True, environ={}
    )
    build(options)
    first = build_id(site)
    base = http_server(site)
    page.goto(base)
    wait_until_saved(page)

    edit(
        content / "trip.yaml",
        "title: Seoul urban-data week",
        "title: Seoul and Busan urban-data week",
    )
    # the test server's Last-Modified counts whole seconds: a page rebuilt within one would look unchanged
    time.sleep(1.1)
    build(options)
    second = build_id(site)
    assert second != first
    page.reload()
    assert "Seoul and Busan" in page.inner_text(
        "h1"
    )  # online, the published page: never the saved one
    wait_until(
        page,
        "async (name) => (await caches.keys()).join() === name",
        arg=f"infoprep {base} {second}",
    )

    page.context.set_offline(True)
    page.reload()
    assert "Seoul and Busan" in page.inner_text("h1")
    page.locator(OFFLINE_NOTE).wait_for()


def test_same_content_gives_the_same_service_worker(tmp_path) -> None:
    from fixtures.building import build_options

    from generator.build import build

    environ = {"SOURCE_DATE_EPOCH": "1790000000"}
    for name in ("a", "b"):
        build(
            build_options(
                content=SEOUL,
                output=tmp_path / name,
                pdf=False,
                quiet=True,
                environ=environ,
                cache=False,
            )
        )
    assert (tmp_path / "a" / "sw.js").read_bytes() == (tmp_path / "b" / "sw.js").read_bytes()


def test_private_site_offline_keeps_only_encrypted_files(page, private_site, http_server) -> None:
    from generator.content.load import load
    from generator.publish.seal import SALT_FILE, derive_site_key

    base = http_server(private_site.output, "private")
    page.goto(base)
    page.wait_for_selector("#infoprep-unlock:not([hidden])")
    page.fill("#infoprep-passphrase", PASSPHRASE)
    page.click("#infoprep-unlock button[type=submit]")
    page.wait_for_selector("section.day")
    wait_until_saved(page)

    page.context.set_offline(True)
    page.reload()  # the key was in the tab's memory only (issue 26): the passphrase opens the saved copy
    page.wait_for_selector("#infoprep-unlock:not([hidden])")
    page.fill("#infoprep-passphrase", PASSPHRASE)
    page.click("#infoprep-unlock button[type=submit]")
    page.wait_for_selector("section.day")
    page.locator(OFFLINE_NOTE).wait_for()
    page.locator("ol.meetings h3 a").first.click()
    page.wait_for_selector("h1#who")
    page.locator(OFFLINE_NOTE).wait_for()
    with page.expect_download() as caught:
        page.locator("a[data-infoprep-name='packet.pdf']").click()
    assert caught.value.path().read_bytes().startswith(b"%PDF")

    stored = browser_storage(page)
    assert len(stored["caches"]) > 10
    assert stored["keys"] == []  # without "Keep unlocked" the key is stored nowhere
    everything = repr(stored)
    trip = load(private_site.content, str(private_site.content))
    secrets = {
        trip.info.traveler.name,
        *(m.person.profile.name for m in trip.meetings),
        *(m.person.slug for m in trip.meetings),
    }
    secrets |= {p.profile.email for p in trip.people.values() if p.profile.email}
    secrets |= {c.profile.name for c in trip.companies.values()}
    found = sorted(s for s in secrets if s in everything or s.lower() in everything.lower())
    assert found == []
    salt = re.search(r'"salt": "([^"]+)"', (private_site.output / SALT_FILE).read_text()).group(1)
    import base64

    key = derive_site_key(PASSPHRASE, base64.b64decode(salt)).key
    assert key.decode("latin-1") not in everything and key.hex() not in everything
    assert base64.b64encode(key).decode() not in everything and PASSPHRASE not in everything


def test_chromium_finds_both_sites_installable(
    browser, seoul_site, private_site, http_server, tmp_path
) -> None:
    """What Chrome checks before it offers "Install app": a valid manifest, icons, a service worker that answers
    fetches. (A profile on disk: Chromium will not install from an incognito-like context.)"""
    from fixtures.chromium import CHROMIUM, CHROMIUM_ARGS

    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
    )
    try:
        for site, name in (
            (seoul_site.output, "Seoul urban-data week"),
            (private_site.output, "Private pages"),
        ):
            page = context.new_page()
            page.goto(http_server(site, "installable"))
            wait_until_saved(page)
            cdp = context.new_cdp_session(page)
            manifest = cdp.send("Page.getAppManifest")
            assert manifest["errors"] == [] and f'"name": "{name}"' in manifest["data"]
            assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
            page.close()
    finally:
        context.close()
