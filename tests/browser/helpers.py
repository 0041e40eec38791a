"""Measurements shared by the browser tests."""

from __future__ import annotations

import time

SMALL_TARGETS_JS = """() => {
  const inProse = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    const block = el.parentElement;
    const own = Array.from(block.childNodes).filter(n => n !== el).map(n => n.textContent).join('').trim();
    return own.length > 0;
  };
  const mustBeBig = (el) => /^(tel:|mailto:)/.test(el.getAttribute('href') || '') || el.classList.contains('map');
  return Array.from(document.querySelectorAll('a[href], button, summary, input:not([type=hidden])'))
    .filter(el => !el.closest('.skip') && el.getClientRects().length > 0)
    .filter(el => mustBeBig(el) || !inProse(el))
    .filter(el => Math.max(...Array.from(el.getClientRects()).map(r => r.height)) < 43.5)
    .map(el => el.outerHTML.slice(0, 100));
}"""


def small_tap_targets(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Links, buttons and disclosure toggles a thumb would miss (under 44 CSS px tall).

    Links inside a sentence are exempt (WCAG 2.5.8), except phone numbers, e-mail addresses and
    map links, which are what a traveler taps on the street."""
    return page.evaluate(SMALL_TARGETS_JS)


def no_horizontal_overflow(page) -> bool:  # type: ignore[no-untyped-def]
    width = page.viewport_size["width"]
    return page.evaluate("document.documentElement.scrollWidth") <= width


SAVED_JS = """async () => {
  if (!navigator.serviceWorker) return false;
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration || !registration.active || !navigator.serviceWorker.controller) return false;
  const names = await caches.keys();
  const mine = names.filter(n => n.startsWith('infoprep ' + registration.scope + ' '));
  if (mine.length !== 1) return false;
  const cache = await caches.open(mine[0]);
  return !!(await cache.match(registration.scope + '__infoprep__/saved'));
}"""


def wait_until(page, script: str, timeout: float = 30.0, arg: object = None) -> None:  # type: ignore[no-untyped-def]
    """Poll an async page function until it resolves truthy (Playwright's wait_for_function takes the
    pending Promise itself for a truthy value)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {script[:80]}")
        page.wait_for_timeout(150)


def wait_until_saved(page, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until the service worker controls the page and has saved its whole build (one cache, complete)."""
    wait_until(page, SAVED_JS, timeout)


def cache_names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate("caches.keys()")


STORAGE_JS = """async () => {
  const text = (bytes) => Array.from(new Uint8Array(bytes)).map(b => String.fromCharCode(b)).join('');
  const out = {caches: {}, indexedDB: {}, localStorage: {}, sessionStorage: {}, keys: []};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      out.caches[name + ' ' + request.url] = text(await response.arrayBuffer());
    }
  }
  const describe = (value) => {
    if (value instanceof CryptoKey) {
      out.keys.push({extractable: value.extractable, type: value.type, algorithm: value.algorithm.name, usages: value.usages});
      return '[CryptoKey]';
    }
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return text(value.buffer || value);
    if (Array.isArray(value)) return value.map(describe);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)]));
    return value;
  };
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open(info.name); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error);
    });
    for (const store of Array.from(db.objectStoreNames)) {
      const records = await new Promise((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error);
      });
      out.indexedDB[info.name + ' / ' + store] = records.map(describe);
    }
    db.close();
  }
  for (const [k, v] of Object.entries(localStorage)) out.localStorage[k] = v;
  for (const [k, v] of Object.entries(sessionStorage)) out.sessionStorage[k] = v;
  return out;
}"""


def browser_storage(page) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """Everything this origin keeps in the browser, as text: every Cache Storage entry's body (bytes as
    Latin-1), every IndexedDB record (CryptoKeys described in `keys`), localStorage and sessionStorage."""
    return page.evaluate(STORAGE_JS)
