/* Private site: decrypt this page in the browser with WebCrypto. No library, no network but this site's own files.
 *
 * The page's ciphertext is inline (#infoprep-sealed); salt.js at the site root holds the public salt, the PBKDF2
 * iteration count and a "check" ciphertext that tells a wrong passphrase from a damaged page. The derived AES key
 * (never the passphrase) is kept in sessionStorage, so one prompt per visit unlocks every page of this tab.
 * Every file is bound to its own path (AES-GCM associated data), mirrored from generator/render/encrypt.py. */
(function () {
  "use strict";
  var ROOT = new URL("../", document.currentScript.src).href;
  var LOCK = window.INFOPREP_LOCK;
  /* Keyed by salt: two private sites on one origin (two trips on one GitHub Pages account) keep their own keys. */
  var STORE = "infoprep-key:" + (LOCK && LOCK.salt);
  var subtle = window.crypto && window.crypto.subtle;
  var TYPES = { pdf: "application/pdf", ics: "text/calendar", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg",
    gif: "image/gif", svg: "image/svg+xml", webp: "image/webp", txt: "text/plain", vcf: "text/vcard" };

  function b64decode(text) {
    var raw = atob(text.replace(/\s+/g, "")), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function b64encode(bytes) {
    var s = "";
    bytes = new Uint8Array(bytes);
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
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

  function importKey(raw) {
    return subtle.importKey("raw", raw, { name: "AES-GCM" }, true, ["decrypt"]);
  }

  function storedKey() {
    try {
      var saved = sessionStorage.getItem(STORE);
      if (saved) return importKey(b64decode(saved));
    } catch (e) { /* unreadable: ask again */ }
    return Promise.resolve(null);
  }

  function deriveKey(passphrase) {
    var enc = new TextEncoder();
    return subtle.importKey("raw", enc.encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveBits"])
      .then(function (material) {
        return subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: b64decode(LOCK.salt), iterations: LOCK.iterations },
          material, 256);
      })
      .then(function (bits) { return importKey(bits); });
  }

  function signOut() {
    try {
      Object.keys(sessionStorage).forEach(function (name) {
        if (name.indexOf("infoprep-key") === 0) sessionStorage.removeItem(name);
      });
    } catch (e) { /* nothing kept */ }
    location.reload();
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
        ? "Downloads need the site to be served (browsers do not let a page read files from file://). Use infoprep serve, or put the folder on a web host."
        : "The file could not be fetched. Check your connection and try again.");
    }).then(function (blob) {
      return open(key, path, blob).catch(function () {
        throw new Error("This file does not open with the passphrase: it was changed or moved.");
      });
    });
  }

  function typeOf(name) {
    var ext = (name.split(".").pop() || "").toLowerCase();
    return TYPES[ext] || "application/octet-stream";
  }

  function download(key, link) {
    var name = link.getAttribute("data-infoprep-name") || link.pathname.split("/").pop().replace(/\.bin$/, "");
    notice("Decrypting " + name + "…");
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

  function wire(key) {
    document.addEventListener("click", function (event) {
      var target = event.target.closest && event.target.closest("a[data-infoprep-name], [data-infoprep-signout]");
      if (!target) return;
      event.preventDefault();
      if (target.hasAttribute("data-infoprep-signout")) signOut(); else download(key, target);
    });
    Array.prototype.forEach.call(document.querySelectorAll("img[data-infoprep-src]"), function (img) {
      var src = new URL(img.getAttribute("data-infoprep-src"), location.href).href;
      fetchSealed(key, src).then(function (plain) {
        img.src = URL.createObjectURL(new Blob([plain]));
      }).catch(function () { img.alt = (img.alt || "Picture") + " (could not be decrypted here)"; });
    });
    /* A page restored from the back-forward cache after signing out must not show its content again. */
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && !sessionStorage.getItem(STORE)) location.reload();
    });
    if (location.hash) {
      var anchor = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (anchor) anchor.scrollIntoView();
    }
  }

  function show(html, key) {
    document.open();
    document.write(html);
    document.close();
    wire(key);
  }

  /* ---------- the shell: ask, check, decrypt, replace ---------- */

  var form = document.getElementById("infoprep-unlock");
  var input = document.getElementById("infoprep-passphrase");
  var status = document.getElementById("infoprep-status");
  var sealed = document.getElementById("infoprep-sealed");
  if (!sealed || !form) return;

  function say(text, problem) {
    status.textContent = text;
    status.classList.toggle("problem", !!problem);
  }

  function openPage(key) {
    var path = bound(location.href);
    return open(key, path, b64decode(sealed.textContent)).then(function (plain) {
      show(new TextDecoder().decode(plain), key);
    }, function () {
      form.hidden = true;
      say("This page cannot be opened: its encrypted content was changed, or the file was moved from where it was built. " +
        "Go to the home page, or build and upload the site again.", true);
    });
  }

  function ask() {
    form.hidden = false;
    say("");
    input.focus();
  }

  if (!subtle || !LOCK || LOCK.format !== 1) {
    say(!subtle ? "This browser cannot decrypt these pages (WebCrypto is missing; use an up-to-date browser over https)."
      : "salt.js is missing or from another version: upload the whole built folder.", true);
    return;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button");
    var passphrase = input.value;
    if (!passphrase) return;
    button.disabled = true;
    say("Unlocking…");
    deriveKey(passphrase).then(function (key) {
      return open(key, "#check", b64decode(LOCK.check)).then(function () { return key; }, function () { return null; });
    }).then(function (key) {
      button.disabled = false;
      if (!key) {
        input.value = "";
        input.setAttribute("aria-invalid", "true");
        input.focus();
        say("Wrong passphrase. Nothing was decrypted; try again.", true);
        return;
      }
      return subtle.exportKey("raw", key).then(function (raw) {
        try { sessionStorage.setItem(STORE, b64encode(raw)); } catch (e) { /* storage refused: ask on each page */ }
        return openPage(key);
      });
    }).catch(function () {
      button.disabled = false;
      say("Something went wrong while decrypting. Reload the page and try again.", true);
    });
  });

  function start() {
    say("Opening…");
    storedKey().then(function (key) { return key ? openPage(key) : ask(); }).catch(ask);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
