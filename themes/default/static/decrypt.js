/* Private site: decrypt this page in the browser with WebCrypto. No library, no network but this site's own files.
 *
 * The page's ciphertext is inline (#infoprep-sealed); salt.js at the site root holds the public salt, the PBKDF2
 * iteration count, a "check" ciphertext that tells a wrong passphrase from a damaged page, and how many days the
 * lock screen may offer to keep the site unlocked. Every file is bound to its own path (AES-GCM associated data),
 * mirrored from generator/render/encrypt.py.
 *
 * The key: PBKDF2 derives a non-extractable AES-GCM CryptoKey, so no script (this one included) can ever read its
 * bytes; the passphrase is dropped as soon as the key is made. Where it lives:
 *   - by default, in this tab's memory only. A link to another page of the site is followed inside the same
 *     document (its sealed page fetched, decrypted and written in, the address changed with history.pushState),
 *     so the key is never stored anywhere: closing or reloading the tab, or opening a page in a new tab, asks
 *     for the passphrase again. (A key kept in IndexedDB, even for a session, leaves its bytes in the browser
 *     profile's files on disk, where deleting the record does not erase them.)
 *   - with "Keep unlocked on this device" ticked: in IndexedDB (one database per site) as a record of the
 *     build's salt and an expiry, LOCK.remember_days after unlocking. The browser writes the key's bytes into
 *     its profile on disk: whoever copies the profile before the bytes are overwritten can decrypt the site.
 * Records of another salt (an earlier build), past their expiry, or of an older version are deleted on every page;
 * Sign out deletes them all and locks the site's other open tabs. No key, raw or wrapped, and no passphrase is
 * ever put in sessionStorage or localStorage. */
(function () {
  "use strict";
  /* The page's language: phrases from the page's JSON block (render/script_words.py), else English. */
  var WORDS = (function () {
    var block = document.getElementById("infoprep-words");
    try { return block ? JSON.parse(block.textContent) : {}; } catch (e) { return {}; }
  })();
  function word(key, english) { return typeof WORDS[key] === "string" && WORDS[key] ? WORDS[key] : english; }
  var ROOT = new URL("../", document.currentScript.src).href;
  var LOCK = window.INFOPREP_LOCK;
  var SALT_URL = ROOT + "salt.js";
  var LOCK_PREFIX = "window.INFOPREP_LOCK = ";
  /* Keyed by the site's root: two private sites on one origin (two trips on one GitHub Pages account) keep their
   * own keys, and one's tidying never deletes the other's. */
  var DATABASE = "infoprep-keys " + ROOT;
  var STORE = "keys";
  var SESSION = "infoprep-session " + ROOT;
  var DAY = 24 * 3600000;
  var OFFLINE = /<meta name="infoprep-offline" content="[0-9TZ:.\-]*">/;
  var SEALED = /<script id="infoprep-sealed" type="application\/octet-stream">([^<]*)<\/script>/;
  var subtle = window.crypto && window.crypto.subtle;
  var TYPES = { pdf: "application/pdf", ics: "text/calendar", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg",
    gif: "image/gif", svg: "image/svg+xml", webp: "image/webp", txt: "text/plain", vcf: "text/vcard" };

  function b64decode(text) {
    var raw = atob(text.replace(/\s+/g, "")), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  /* The associated data of a file: its path from the site root, "/" for index.html, no ".html" (see bound_path). */
  function bound(url) {
    var u = new URL(url, location.href);
    u.hash = "";
    u.search = "";
    if (u.href.indexOf(ROOT) !== 0) return null;
    var rel = decodeURIComponent(u.href.slice(ROOT.length));
    if (/(^|\/)index\.html$/.test(rel)) rel = rel.slice(0, -"index.html".length);
    else if (/\.html$/.test(rel)) rel = rel.slice(0, -".html".length);
    return "/" + rel;
  }

  function open(key, path, blob) {
    var data = new Uint8Array(blob);
    return subtle.decrypt({ name: "AES-GCM", iv: data.slice(0, 12), additionalData: new TextEncoder().encode(path) },
      key, data.slice(12));
  }

  function deriveKey(passphrase) {
    var enc = new TextEncoder();
    return subtle.importKey("raw", enc.encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveKey"])
      .then(function (material) {
        return subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: b64decode(LOCK.salt), iterations: LOCK.iterations },
          material, { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
      });
  }

  /* ---------- where the key is kept ---------- */

  function request(mode, act) {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("IndexedDB is not available")); return; }
      var opening = indexedDB.open(DATABASE, 1);
      opening.onupgradeneeded = function () { opening.result.createObjectStore(STORE, { keyPath: "id" }); };
      opening.onerror = function () { reject(opening.error); };
      opening.onsuccess = function () {
        var db = opening.result, tx, asked;
        try {
          tx = db.transaction(STORE, mode);
          asked = act(tx.objectStore(STORE));
        } catch (e) { db.close(); reject(e); return; }
        tx.oncomplete = function () { db.close(); resolve(asked ? asked.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      };
    });
  }

  /* Earlier versions kept the raw key, then a session id, in sessionStorage: take them away. */
  function forgetOldKeys() {
    try {
      Object.keys(sessionStorage).forEach(function (name) {
        if (name.indexOf("infoprep-key") === 0 || name === SESSION) sessionStorage.removeItem(name);
      });
    } catch (e) { /* nothing kept */ }
  }

  /* The remembered key ("Keep unlocked"), or null, with `remembered`: until when. Deletes every record that may not
   * be used any more: of another build, lapsed, or a session record an older version kept. */
  function storedKey() {
    forgetOldKeys();
    var now = Date.now();
    if (!window.indexedDB) return Promise.resolve(null);
    return request("readwrite", function (store) { return store.getAll(); }).then(function (records) {
      var found = records.filter(function (r) {
        return r.id === "remember" && r.salt === LOCK.salt && r.expires > now && r.key;
      })[0] || null;
      return request("readwrite", function (store) {
        records.forEach(function (r) { if (r !== found) store.delete(r.id); });
      }).then(function () { return found && { key: found.key, salt: found.salt, remembered: found.expires }; });
    }).catch(function () { return null; });
  }

  /* Where the key goes after unlocking: IndexedDB only when "Keep unlocked" is ticked (and offered), else nowhere
   * (the record is null: the key stays in this tab's memory). */
  function keep(key, remember) {
    var days = LOCK.remember_days || 0;
    if (!(remember && days > 0)) return Promise.resolve(null);
    var record = { id: "remember", kind: "remember", salt: LOCK.salt, key: key, expires: Date.now() + days * DAY };
    return request("readwrite", function (store) { store.put(record); }).then(function () {
      return { key: key, salt: record.salt, remembered: record.expires };
    }, function () { return null; });
  }

  /* Delete the remembered key (it no longer opens the site). */
  function forget() {
    if (!window.indexedDB) return Promise.resolve();
    return request("readwrite", function (store) { store.clear(); }).catch(function () { /* nothing kept */ });
  }

  function channel() {
    try { return window.BroadcastChannel ? new BroadcastChannel(DATABASE) : null; } catch (e) { return null; }
  }

  /* The key is deleted first, and only then are the other tabs told and this one reloaded: a reload that began
   * before the deletion committed would abort it and open the site again with the key it was meant to forget.
   * This tab's own listener is closed first, as a channel hears what another channel of its realm posts. */
  function signOut() {
    forgetOldKeys();
    if (listening) { listening.close(); listening = null; }
    forget().then(function () {
      var others = channel();
      if (others) { others.postMessage("sign-out"); others.close(); }
      location.reload();
    });
  }

  /* ---------- inside a decrypted page: downloads, pictures, sign-out ---------- */

  function notice(text) {
    var box = document.getElementById("infoprep-notice");
    if (!box) {
      box = document.createElement("p");
      box.id = "infoprep-notice";
      box.className = "infoprep-notice";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = text;
    box.hidden = !text;
  }

  function fetchSealed(key, url) {
    var path = bound(url);
    if (path === null) return Promise.reject(new Error("outside this site"));
    return fetch(url, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.arrayBuffer();
    }, function () {
      throw new Error(location.protocol === "file:"
        ? word("file_protocol", "Downloads need the site to be served (browsers do not let a page read files from file://). Use infoprep serve, or put the folder on a web host.")
        : word("fetch_failed", "The file could not be fetched. Check your connection and try again."));
    }).then(function (blob) {
      return open(key, path, blob).catch(function () {
        throw new Error(word("changed", "This file does not open with the passphrase: it was changed or moved."));
      });
    });
  }

  function typeOf(name) {
    var ext = (name.split(".").pop() || "").toLowerCase();
    return TYPES[ext] || "application/octet-stream";
  }

  function download(key, link) {
    var name = link.getAttribute("data-infoprep-name") || link.pathname.split("/").pop().replace(/\.bin$/, "");
    notice(word("decrypting", "Decrypting %(name)s…").replace("%(name)s", name));
    fetchSealed(key, link.href).then(function (plain) {
      var url = URL.createObjectURL(new Blob([plain], { type: typeOf(name) }));
      var a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      notice("");
    }).catch(function (err) { notice(err.message); });
  }

  /* The key may lapse, or be signed out in another tab, while this page is open: when the page is shown again
   * (back from the back-forward cache, or the phone taken out of a pocket), it locks if the key is gone. */
  var listening = null;  /* this realm's channel: it outlives document.open(), so one is kept, not one per page */

  function watch(record) {
    if (listening) listening.close();
    listening = channel();
    if (listening) listening.onmessage = function (event) { if (event.data === "sign-out") location.reload(); };
    if (!record) return;  /* a key in memory only cannot lapse or be deleted elsewhere */
    function recheck() {
      storedKey().then(function (found) { if (!found) location.reload(); });
    }
    window.addEventListener("pageshow", function (event) { if (event.persisted) recheck(); });
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") recheck(); });
  }

  /* A page of this site, as opposed to a download, another site, or a place on this page. */
  function pageOfSite(link) {
    if (!link.href || link.target || link.hasAttribute("download") || link.hasAttribute("data-infoprep-name")) return false;
    var u = new URL(link.href, location.href);
    if (u.href.indexOf(ROOT) !== 0 || !/(\/|\.html)$/.test(u.pathname)) return false;
    return !(u.pathname === location.pathname && u.search === location.search && u.hash);
  }

  /* Follow a link inside this document, with the key in memory: fetch the page's shell, decrypt it, write it in.
   * If that fails (offline without a saved copy, a damaged page), the browser goes there itself and asks. */
  function follow(key, record, url, push, cache) {
    var path = bound(url), offline = null;
    return fetch(url, { cache: cache || "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    }).then(function (text) {
      var found = SEALED.exec(text);
      if (!found || path === null) throw new Error("not a sealed page");
      offline = OFFLINE.exec(text);
      return open(key, path, b64decode(found[1]));
    }).then(function (plain) {
      var html = new TextDecoder().decode(plain);
      /* The service worker marks a page it served from the saved copy: the decrypted page carries the mark on. */
      if (offline) html = html.replace(/<head[^>]*>/i, function (head) { return head + offline[0]; });
      if (push) history.pushState({ infoprep: true }, "", url);
      show(html, key, record);
      if (!location.hash) window.scrollTo(0, 0);
    }).catch(function () { location.assign(url); });
  }

  function sayKept(record) {
    if (!record || !record.remembered) return;
    var footer = document.querySelector(".site-footer .wrap");
    if (!footer) return;
    var until = new Date(record.remembered).toLocaleDateString(undefined, { weekday: "short", month: "short", day: "numeric" });
    var span = document.createElement("span");
    span.className = "kept";
    span.textContent = " · kept unlocked on this device until " + until + " (Sign out ends it)";
    footer.appendChild(span);
  }

  /* A page followed in place changes the address before (pushState) or as (popstate) the new page
   * is written, and the browser reads the old page's relative <link>s again against it: its icon,
   * "icons/icon.svg" from the home page, was asked for at m/<id>/icons/icon.svg (a 404). Pinned to
   * where they point when the page is shown, they stay right whatever the address becomes. */
  function pinLinks() {
    Array.prototype.forEach.call(document.querySelectorAll("link[href]"), function (link) {
      link.setAttribute("href", link.href);
    });
  }

  function wire(key, record) {
    pinLinks();
    document.addEventListener("click", function (event) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var target = event.target.closest && event.target.closest("a[href], [data-infoprep-signout]");
      if (!target) return;
      if (target.hasAttribute("data-infoprep-signout")) { event.preventDefault(); signOut(); return; }
      if (target.hasAttribute("data-infoprep-name")) { event.preventDefault(); download(key, target); return; }
      if (pageOfSite(target)) { event.preventDefault(); follow(key, record, target.href, true); }
    });
    /* document.open() took the window's listeners away with the old page: these are the new page's. */
    window.addEventListener("popstate", function () { follow(key, record, location.href, false); });
    /* infoprep serve rebuilt this page (templates/_preview.js): open its new build in place with the key in
     * memory, past every cache; a reload would ask for the passphrase again. */
    window.addEventListener("infoprep-rebuilt", function (event) {
      event.preventDefault();
      follow(key, record, location.href, false, "reload");
    });
    Array.prototype.forEach.call(document.querySelectorAll("img[data-infoprep-src]"), function (img) {
      var src = new URL(img.getAttribute("data-infoprep-src"), location.href).href;
      fetchSealed(key, src).then(function (plain) {
        img.src = URL.createObjectURL(new Blob([plain]));
      }).catch(function () {
        img.alt = word("not_decrypted", "%(name)s (could not be decrypted here)").replace("%(name)s", img.alt || word("picture", "Picture"));
      });
    });
    watch(record);
    sayKept(record);
    if (location.hash) {
      var anchor = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (anchor) anchor.scrollIntoView();
    }
  }

  function show(html, key, record) {
    document.open();
    document.write(html);
    document.close();
    wire(key, record);
  }

  /* ---------- the shell: ask, check, decrypt, replace ---------- */

  var form = document.getElementById("infoprep-unlock");
  var input = document.getElementById("infoprep-passphrase");
  var remember = document.getElementById("infoprep-remember");
  var status = document.getElementById("infoprep-status");
  var sealed = document.getElementById("infoprep-sealed");
  if (!sealed || !form) return;

  function say(text, problem) {
    status.textContent = text;
    status.classList.toggle("problem", !!problem);
  }

  /* The lock of this build (salt.js's object), read as data from its text, or null. */
  function parseLock(text) {
    text = text.trim();
    if (text.indexOf(LOCK_PREFIX) !== 0 || text.slice(-1) !== ";") return null;
    try { return JSON.parse(text.slice(LOCK_PREFIX.length, -1)); } catch (e) { return null; }
  }

  /* This page's shell and salt.js as the server has them now, past the browser's cache. A shell from the
   * cache can be of another build than salt.js: a host's Last-Modified (and nginx's ETag) counts whole
   * seconds, so a page published again within the second is answered "not modified". Resolves true when
   * either changed; false when nothing newer is to be had (offline, the same files). */
  function refresh() {
    function text(url) {
      return fetch(url, { cache: "reload" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      });
    }
    return Promise.all([text(location.href), text(SALT_URL)]).then(function (parts) {
      var found = SEALED.exec(parts[0]), lock = parseLock(parts[1]);
      if (!found || !lock || lock.format !== 1) return false;
      var changed = found[1] !== sealed.textContent || lock.salt !== LOCK.salt || lock.check !== LOCK.check;
      sealed.textContent = found[1];
      LOCK = lock;
      return changed;
    }).catch(function () { return false; });
  }

  /* This page opened with `key`: its HTML, or null. */
  function decryptPage(key) {
    return open(key, bound(location.href), b64decode(sealed.textContent)).then(function (plain) {
      return new TextDecoder().decode(plain);
    }, function () { return null; });
  }

  /* `record`: the remembered key's record (null: the key is in this tab's memory only). */
  function showPage(html, key, record) {
    /* The service worker marks a page it served from the saved copy; the decrypted page carries the mark on. */
    var offline = document.querySelector('meta[name="infoprep-offline"]');
    if (offline) html = html.replace(/<head[^>]*>/i, function (head) { return head + offline.outerHTML; });
    show(html, key, record);
  }

  function damaged() {
    form.hidden = true;
    say(word("broken", "This page cannot be opened: its encrypted content was changed, or the file was moved from where it was built. " +
      "Go to the home page, or build and upload the site again."), true);
  }

  /* The remembered key opens this page, or it belongs to a key the site no longer has (`build --new-key`, a new
   * passphrase): then it is deleted and the passphrase asked for. A page or salt.js from the browser's cache is
   * fetched again first, so a stale copy never signs the device out. */
  function openRemembered(record) {
    function fits() {
      return record.salt === LOCK.salt ? decryptPage(record.key) : Promise.resolve(null);
    }
    return fits().then(function (html) {
      if (html !== null) return html;
      return refresh().then(function (changed) { return changed ? fits() : null; });
    }).then(function (html) {
      if (html !== null) { showPage(html, record.key, record); return; }
      return forget().then(function () {
        ask();
        say(word("new_key", "This site was published with a new key: enter the passphrase to open it again."));
      });
    });
  }

  /* The key the passphrase makes with this build's salt, and the page it opens (html null: it opens the check
   * but not this page). Null when the passphrase does not open the check. Once, the shell and salt.js are fetched
   * again past the cache, in case one of them is of another build. */
  function unlockWith(passphrase, retried) {
    function again(result) {
      if (retried) return result;
      return refresh().then(function (changed) { return changed ? unlockWith(passphrase, true) : result; });
    }
    return deriveKey(passphrase).then(function (key) {
      return open(key, "#check", b64decode(LOCK.check)).then(function () {
        return decryptPage(key).then(function (html) {
          return html !== null ? { key: key, html: html } : again({ key: key, html: null });
        });
      }, function () { return again(null); });
    });
  }

  function ask() {
    form.hidden = false;
    say("");
    input.focus();
  }

  if (!subtle || !LOCK || LOCK.format !== 1) {
    say(!subtle ? word("no_crypto", "This browser cannot decrypt these pages (WebCrypto is missing; use an up-to-date browser over https).")
      : word("old_salt", "salt.js is missing or from another version: upload the whole built folder."), true);
    return;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button");
    var passphrase = input.value;
    if (!passphrase) return;
    button.disabled = true;
    say(word("unlocking", "Unlocking…"));
    unlockWith(passphrase, false).then(function (opened) {
      passphrase = null;
      button.disabled = false;
      if (!opened) {
        input.value = "";
        input.setAttribute("aria-invalid", "true");
        input.focus();
        say(word("wrong", "Wrong passphrase. Nothing was decrypted; try again."), true);
        return;
      }
      input.value = "";
      if (opened.html === null) { damaged(); return; }
      return keep(opened.key, remember && remember.checked).then(function (record) {
        showPage(opened.html, opened.key, record);
      });
    }).catch(function () {
      button.disabled = false;
      say(word("failed", "Something went wrong while decrypting. Reload the page and try again."), true);
    });
  });

  function start() {
    say(word("opening", "Opening…"));
    storedKey().then(function (record) { return record ? openRemembered(record) : ask(); }).catch(ask);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
