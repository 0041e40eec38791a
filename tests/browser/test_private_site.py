"""The private site in Chromium: prompt, wrong then right passphrase, one prompt per visit, decrypted
downloads, pictures, sign-out, and a page moved to another path refusing to open."""

from __future__ import annotations

import shutil
from datetime import datetime

from fixtures.pdf_pages import pdf_text

from .conftest import PASSPHRASE
from .helpers import no_horizontal_overflow, small_tap_targets

UNLOCK_FORM = "#infoprep-unlock:not([hidden])"
KEYS_JS = """async () => {
  const out = [];
  for (const info of await indexedDB.databases()) {
    const db = await new Promise(r => { const q = indexedDB.open(info.name); q.onsuccess = () => r(q.result); });
    for (const store of Array.from(db.objectStoreNames)) {
      const all = await new Promise(r => { const q = db.transaction(store).objectStore(store).getAll(); q.onsuccess = () => r(q.result); });
      for (const record of all) out.push({kind: record.kind, expires: record.expires, extractable: record.key.extractable, usages: record.key.usages});
    }
    db.close();
  }
  return out;
}"""
"""Every key record this origin keeps in IndexedDB, described (a CryptoKey cannot be returned)."""
EXPORT_JS = """async () => {
  const info = (await indexedDB.databases())[0];
  const db = await new Promise(r => { const q = indexedDB.open(info.name); q.onsuccess = () => r(q.result); });
  const store = db.objectStoreNames[0];
  const all = await new Promise(r => { const q = db.transaction(store).objectStore(store).getAll(); q.onsuccess = () => r(q.result); });
  db.close();
  try { await crypto.subtle.exportKey('raw', all[0].key); return 'exported'; } catch (e) { return 'refused'; }
}"""
"""What a script on the same origin gets when it tries to take the key's bytes away."""


def unlock(page, passphrase: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(UNLOCK_FORM)
    page.fill("#infoprep-passphrase", passphrase)
    page.click("#infoprep-unlock button[type=submit]")


def test_prompt_wrong_then_right_passphrase_then_no_second_prompt(
    page, private_site, http_server
) -> None:
    base = http_server(private_site.output, "trips/private")
    page.goto(base)
    page.wait_for_selector(UNLOCK_FORM)
    assert page.title() == "Private pages"
    assert "Dana" not in page.content()

    unlock(page, "not the passphrase at all")
    status = page.locator("#infoprep-status.problem")
    status.wait_for()
    assert "Wrong passphrase" in status.inner_text()
    assert page.locator(UNLOCK_FORM).is_visible()
    assert "Dana" not in page.content() and page.locator("section.day").count() == 0

    unlock(page)
    page.wait_for_selector("section.day")
    assert "Dana Okafor" in page.inner_text("main")
    assert page.get_attribute('meta[name="robots"]', "content").startswith("noindex")
    # Without "Keep unlocked" the key is in this tab's memory only (issue 26): no storage holds
    # anything of it.
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('infoprep'))") == []
    assert page.evaluate(KEYS_JS) == []

    page.locator("ol.meetings h3 a", has_text="Dana Okafor").click()
    page.wait_for_selector("h1#who")
    assert page.locator("h1#who").inner_text() == "Dana Okafor"
    assert page.locator(UNLOCK_FORM).count() == 0
    assert "/m/" in page.url and "dana" not in page.url.lower()
    assert no_horizontal_overflow(page) and small_tap_targets(page) == []

    # The picture in Dana's notes was sealed too; the page decrypts it in place.
    picture = page.locator("img[data-infoprep-src]")
    picture.wait_for()
    page.wait_for_function(
        "() => { const i = document.querySelector('img[data-infoprep-src]'); return i.complete && "
        "i.naturalWidth > 0; }"
    )
    assert page.evaluate("document.querySelector('img[data-infoprep-src]').naturalWidth") == 40


def test_pdf_download_and_sign_out(page, private_site, http_server) -> None:
    base = http_server(private_site.output)
    page.goto(base + "network.html")
    unlock(page)
    page.wait_for_selector("main h1")
    page.locator("nav a", has_text="Itinerary").click()
    page.wait_for_selector("section.day")
    with page.expect_download() as caught:
        page.locator("a[data-infoprep-name='itinerary.pdf']").click()
    download = caught.value
    assert download.suggested_filename == "itinerary.pdf"
    data = download.path().read_bytes()
    assert data.startswith(b"%PDF")
    assert "Dana Okafor" in pdf_text(data)

    page.locator("ol.meetings h3 a").first.click()
    page.wait_for_selector("h1#who")
    with page.expect_download() as caught:
        page.locator("a[data-infoprep-name='packet.pdf']").click()
    assert caught.value.path().read_bytes().startswith(b"%PDF")

    page.locator("[data-infoprep-signout]").click()
    page.wait_for_selector(UNLOCK_FORM)
    assert page.evaluate(KEYS_JS) == []
    assert page.locator("h1#who").count() == 0
    page.goto(base)
    page.wait_for_selector(UNLOCK_FORM)
    assert page.locator("section.day").count() == 0


def test_today_view_after_decryption(page, private_site, http_server) -> None:
    page.clock.set_fixed_time(datetime(2027, 4, 13, 8, 0))
    page.goto(http_server(private_site.output))
    unlock(page)
    page.wait_for_selector("section.day")
    today = page.locator(".daynav a.is-today")
    today.wait_for()
    assert today.get_attribute("data-date") == "2027-04-13"
    assert page.locator(".today-link").is_visible()


def test_page_moved_to_another_path_does_not_open(page, private_site, tmp_path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(private_site.output, copy)
    first, second = sorted(p.parent for p in (copy / "m").glob("*/index.html"))
    shutil.copy(
        first / "index.html", second / "index.html"
    )  # swap one page's ciphertext into another's place
    page.goto((copy / "index.html").as_uri())
    unlock(page)
    page.wait_for_selector("section.day")
    page.goto((second / "index.html").as_uri())
    unlock(page)  # a new document: the key was in the last one's memory only
    problem = page.locator("#infoprep-status.problem")
    problem.wait_for()
    assert "cannot be opened" in problem.inner_text()
    assert page.locator("h1#who").count() == 0 and page.locator(UNLOCK_FORM).count() == 0


def test_pages_open_at_pretty_urls(page, private_site, http_server) -> None:
    """Hosts that serve network.html as /network (Netlify's Pretty URLs, Cloudflare Pages) still open it."""
    base = http_server(private_site.output, pretty=True)
    page.goto(base)
    unlock(page)
    page.wait_for_selector("section.day")
    page.goto(base + "network")
    unlock(page)  # a new document: the key was in the last one's memory only
    page.wait_for_function(
        "() => document.querySelector('main h1') && !document.querySelector('.lock')"
    )
    assert page.locator("#infoprep-status.problem").count() == 0
    assert "Dana Okafor" in page.inner_text("main")
