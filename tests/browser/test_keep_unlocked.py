""" "Keep unlocked on this device for N days": off unless ticked; then a new tab, and the browser started again,
open without the passphrase until Sign out, the N days, or a new key (`build --new-key`, a new passphrase) ends
it; republishing with the same passphrase keeps the salt, so it stays unlocked."""

from __future__ import annotations

import shutil
import time
from datetime import datetime, timedelta

from fixtures.chromium import CHROMIUM, CHROMIUM_ARGS
from fixtures.mini_trip import private_copy

from .conftest import PASSPHRASE, PHONE, SEOUL, SEOUL_TODAY
from .test_private_site import EXPORT_JS, KEYS_JS, UNLOCK_FORM

REMEMBER = "#infoprep-remember"


def unlock(page, keep: bool) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(UNLOCK_FORM)
    page.fill("#infoprep-passphrase", PASSPHRASE)
    if keep:
        page.check(REMEMBER)
    page.click("#infoprep-unlock button[type=submit]")
    page.wait_for_selector("section.day")


def opens_unlocked(page, url: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the page at `url` opens decrypted (its site header shows) rather than asking."""
    page.goto(url)
    page.wait_for_selector(f"header.site-header, {UNLOCK_FORM}")
    return page.locator("header.site-header").count() == 1


def test_the_offer_is_off_until_ticked(page, private_site, http_server) -> None:
    base = http_server(private_site.output)
    page.goto(base)
    page.wait_for_selector(UNLOCK_FORM)
    assert (
        page.locator(f"label[for={REMEMBER[1:]}]").inner_text()
        == "Keep unlocked on this device for 14 days"
    )
    assert not page.is_checked(REMEMBER)
    unlock(page, keep=False)
    assert page.evaluate(KEYS_JS) == []  # issue 26: the key is in the tab's memory only
    assert page.locator(".site-footer .kept").count() == 0
    other = page.context.new_page()  # a new tab: no session of its own, nothing remembered
    assert not opens_unlocked(other, base + "network.html")
    other.close()


def test_kept_unlocked_across_tabs_and_a_restart_until_sign_out(
    browser, private_site, http_server, tmp_path
) -> None:
    base = http_server(private_site.output)
    profile = tmp_path / "profile"

    def launch():  # type: ignore[no-untyped-def]
        return browser.browser_type.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, viewport=PHONE
        )

    context = launch()
    page = context.new_page()
    page.goto(base)
    unlock(page, keep=True)
    kept = page.locator(".site-footer .kept")
    assert "kept unlocked on this device until" in kept.inner_text()
    records = page.evaluate(KEYS_JS)
    assert sorted(r["kind"] for r in records) == ["remember"]
    assert all(r["extractable"] is False and r["usages"] == ["decrypt"] for r in records)
    # a script on the origin cannot take the stored key's bytes
    assert page.evaluate(EXPORT_JS) == "refused"
    remember = next(r for r in records if r["kind"] == "remember")
    days = (remember["expires"] / 1000 - datetime.now().timestamp()) / 86400
    assert 13.9 < days <= 14
    tab = context.new_page()
    assert opens_unlocked(tab, base + "network.html")
    assert "kept unlocked on this device until" in tab.locator(".site-footer .kept").inner_text()
    page.locator(
        "ol.meetings h3 a"
    ).first.click()  # followed in this tab, the device kept unlocked too
    page.wait_for_selector("h1#who")
    assert "kept unlocked on this device until" in page.locator(".site-footer .kept").inner_text()
    context.close()

    # the browser started again: sessionStorage is gone, the remembered key is not
    context = launch()
    page = context.new_page()
    assert opens_unlocked(page, base)
    # A slow phone: the reload after Sign out once raced the key's deletion and aborted it (CI saw the
    # site open again; 2 of 6 sign-outs at this rate before the fix, 0 of 8 after).
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 20})
    page.locator("[data-infoprep-signout]").click()
    page.wait_for_selector(UNLOCK_FORM)
    assert page.evaluate(KEYS_JS) == []
    assert not opens_unlocked(context.new_page(), base + "network.html")
    context.close()


def test_kept_unlocked_lapses_after_the_days(browser, private_site, http_server) -> None:
    base = http_server(private_site.output)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base)
    unlock(page, keep=True)

    later = context.new_page()
    later.clock.set_fixed_time(datetime.now() + timedelta(days=13))
    assert opens_unlocked(later, base)
    later.close()

    later = context.new_page()
    later.clock.set_fixed_time(datetime.now() + timedelta(days=14, hours=1))
    assert not opens_unlocked(later, base)
    # The record had lapsed by then: it was deleted, not just ignored.
    assert later.evaluate(KEYS_JS) == []
    context.close()


def test_a_republish_stays_unlocked_and_a_new_key_asks_again(page, http_server, tmp_path) -> None:
    from dataclasses import replace

    from fixtures.building import build_options

    from generator.build import build

    content = private_copy(tmp_path / "trip", SEOUL)
    site = tmp_path / "site"
    options = build_options(
        content=content,
        output=site,
        pdf=False,
        today=SEOUL_TODAY,
        quiet=True,
        environ={"INFOPREP_PASSWORD": PASSPHRASE},
        cache=tmp_path / "cache",
    )
    build(options)
    base = http_server(site)
    page.goto(base)
    unlock(page, keep=True)
    assert len(page.evaluate(KEYS_JS)) == 1

    # the test server's Last-Modified counts whole seconds: a page rebuilt within one would look unchanged
    time.sleep(1.1)
    # a typo fixed, the site published again
    person = content / "people" / "aisling-ni-bhriain.yaml"
    person.write_text(
        person.read_text(encoding="utf-8").replace(
            "Head of Open Data", "Head of Open Data Services"
        ),
        encoding="utf-8",
    )
    build(options)
    assert opens_unlocked(
        page, base
    )  # the same passphrase keeps its salt: the phone's key still opens the pages
    assert "Head of Open Data Services" in page.inner_text("main")
    # still the one "keep unlocked" record: no other storage holds the key
    assert len(page.evaluate(KEYS_JS)) == 1

    build(replace(options, new_key=True))  # `build --new-key`: a new salt, so a new key
    assert not opens_unlocked(page, base)
    assert page.evaluate(KEYS_JS) == []  # the old key's records are deleted
    page.goto(base)  # as a person would: open the site again, and unlock it with the passphrase
    unlock(page, keep=False)
    assert "Seoul urban-data week" in page.inner_text("h1")


def test_no_offer_when_remember_days_is_zero(page, http_server, tmp_path) -> None:
    from fixtures.building import build_options

    from generator.build import build

    content = private_copy(tmp_path / "trip", SEOUL)
    trip = content / "trip.yaml"
    trip.write_text(
        trip.read_text(encoding="utf-8").replace(
            "  private: true\n", "  private: true\n  remember_days: 0\n"
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    build(
        build_options(
            content=content,
            output=site,
            pdf=False,
            today=SEOUL_TODAY,
            quiet=True,
            environ={"INFOPREP_PASSWORD": PASSPHRASE},
        )
    )
    page.goto(http_server(site))
    page.wait_for_selector(UNLOCK_FORM)
    assert page.locator(REMEMBER).count() == 0
    assert (
        "closing or reloading the tab, or signing out, locks the pages again"
        in page.inner_text("main").lower()
    )
    unlock(page, keep=False)
    assert page.evaluate(KEYS_JS) == []
    shutil.rmtree(site)
