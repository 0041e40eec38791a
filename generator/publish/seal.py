"""Private site: every page, PDF, calendar and asset sealed with AES-256-GCM, names made opaque.

Why this shape:
- One key, from the passphrase with PBKDF2-HMAC-SHA256 and a random salt that is kept from build to
  build while the passphrase stays the same (publish/keys.py), so a phone that keeps the site
  unlocked stays unlocked across republishes; `build --new-key` draws a new one. The salt, the
  iteration count and a small "check" ciphertext (so the browser can tell a wrong passphrase from a
  damaged page) are public, in `salt.js`.
- Each file's 12-byte nonce is synthetic (as in SIV): an HMAC, under a key of its own derived from
  the site key, of the file's bound path and its plaintext's SHA-256. The same plaintext at the same
  path seals to the same bytes (an unchanged file keeps its ciphertext, and a republish uploads only
  what changed); two different plaintexts get the same nonce only if a 96-bit PRF output collides
  (about 2^-48 after 2^24 distinct files under one key), so a nonce is never reused for different
  plaintexts. All it tells an onlooker is what the file names already do: whether a file changed.
- Each file's output path is the associated data, so a ciphertext copied or moved to another path
  fails to open instead of showing the wrong page.
- Each HTML page becomes a plaintext "shell" with no personal byte in it: a passphrase form, the
  page's ciphertext inline (so pages open even from file://), and static/decrypt.js, which decrypts
  with WebCrypto and replaces the document. PDFs, the calendar and assets become `.bin` files that
  the decrypted page fetches, decrypts and hands to the browser as a download (or an image).
- File names that could name a person are opaque: meeting folders through `Paths(opaque_key=...)`,
  assets here, both keyed hashes under a key derived from the site key.

The browser side (themes/default/static/decrypt.js) mirrors `bound_path` and the blob layout
(nonce followed by ciphertext and tag); change them together.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import os
import posixpath
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from generator.errors import ContentError, Finding, Level, Location
from generator.render.contexts import LockPage
from generator.render.page_policy import THEME_COLOR
from generator.render.paths import Paths, root_of

ITERATIONS = 600_000
"""PBKDF2-HMAC-SHA256 rounds: OWASP's 2023 floor.

About 0.1 s in Chromium on a laptop, under 1 s on a phone.
"""

MIN_PASSPHRASE = 12
SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32
FORMAT = 1
SALT_FILE = "salt.js"
SEALED_SUFFIX = ".bin"
CHECK_BOUND = "#check"
CHECK_TEXT = b"infoprep: the passphrase is right"

PLAIN_FILES = ("robots.txt",)
"""Output files that stay readable; everything else outside static/ is sealed."""


class PassphraseProblem(ValueError):
    """The passphrase is missing or too weak to protect the site."""


class SealBroken(ValueError):
    """A ciphertext did not open: wrong key, changed bytes, or moved to another path."""


@dataclass(frozen=True)
class SiteKey:
    key: bytes
    """The AES-256-GCM key, derived from the passphrase; the browser keeps this, never the
    passphrase."""

    salt: bytes
    iterations: int = ITERATIONS

    @property
    def names_key(self) -> bytes:
        """A separate key for opaque file names, so a name never reveals anything about the AES
        key."""
        return hmac.new(self.key, b"infoprep/1 opaque names", hashlib.sha256).digest()

    @property
    def fingerprint(self) -> str:
        """Names this key in the build stamp and beside the cache (publish/keys.py) without
        revealing it: a passphrase can be checked against it offline, but no more easily than
        against salt.js's public check."""
        return hmac.new(self.key, b"infoprep/1 key fingerprint", hashlib.sha256).hexdigest()


def check_passphrase(passphrase: str) -> None:
    """Raise PassphraseProblem for a passphrase a private build refuses (`check` asks too, without
    deriving a key)."""
    if not passphrase or not passphrase.strip():
        raise PassphraseProblem("the passphrase is empty")
    if passphrase != passphrase.strip():
        raise PassphraseProblem(
            "the passphrase starts or ends with a space or a line break, which no one types at the "
            "prompt; remove it"
        )
    if len(passphrase) < MIN_PASSPHRASE:
        raise PassphraseProblem(
            f"the passphrase has {len(passphrase)} characters; use at least {MIN_PASSPHRASE} (four "
            "random words are a good choice)"
        )


def derive_site_key(
    passphrase: str, salt: bytes | None = None, iterations: int = ITERATIONS
) -> SiteKey:
    """The build's key.

    The passphrase is NFC-normalized (the browser does the same) so the same characters typed on
    another keyboard give the same key.
    """
    check_passphrase(passphrase)
    if iterations < ITERATIONS:
        raise ValueError(f"PBKDF2 needs at least {ITERATIONS} iterations")
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    key = PBKDF2HMAC(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, iterations=iterations
    ).derive(secret)
    return SiteKey(key, salt, iterations)


def site_key_from_environment(
    variable: str, environ: Mapping[str, str], where: Location, salt: bytes | None = None
) -> SiteKey:
    """The key for a private build, or a ContentError pointing at trip.yaml's `site:`."""
    passphrase = environ.get(variable, "")
    try:
        if not passphrase:
            raise PassphraseProblem(
                f"a private build needs its passphrase in the environment variable {variable} "
                "(site.password_env), which is not set or empty; "
                f"set it before building: read -rs {variable} && export {variable}"
            )
        return derive_site_key(passphrase, salt)
    except PassphraseProblem as exc:
        message = str(exc)
        if not message.startswith("a private build"):
            message = f"{variable}: {message}"
        raise ContentError([Finding(Level.ERROR, where, message)]) from None


def bound_path(path: str) -> str:
    """The associated data of an output file: its path from the site root, as the browser sees it.

    "index.html" and "x/index.html" are also served as "/" and "x/", and some hosts drop ".html",
    so the bound form is the served URL without them: "/", "/x/", "/network", "/itinerary.pdf.bin".
    """
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")]
    return "/" + path


def seal(key: bytes, bound: str, data: bytes, nonce: bytes | None = None) -> bytes:
    """nonce || ciphertext || tag, with `bound` (see bound_path) as associated data."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = nonce if nonce is not None else os.urandom(NONCE_BYTES)
    if len(nonce) != NONCE_BYTES:
        raise ValueError("AES-GCM nonces here are 12 bytes")
    return nonce + AESGCM(key).encrypt(nonce, data, bound.encode("utf-8"))


def unseal(key: bytes, bound: str, blob: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(blob) < NONCE_BYTES + 16:
        raise SealBroken("too short to be a sealed file")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], bound.encode("utf-8"))
    except InvalidTag:
        raise SealBroken(f"{bound}: does not open with this key at this path") from None


def synthetic_nonce(key: bytes, bound: str, data: bytes) -> bytes:
    """The nonce of `data` sealed at `bound`: HMAC(nonce key, bound || SHA-256(data)), cut to 12
    bytes.

    Different plaintexts (or paths) give different nonces but for a 96-bit collision; the same give
    the same ciphertext.
    """
    nonce_key = hmac.new(key, b"infoprep/1 nonces", hashlib.sha256).digest()
    message = bound.encode("utf-8") + b"\0" + hashlib.sha256(data).digest()
    return hmac.new(nonce_key, message, hashlib.sha256).digest()[:NONCE_BYTES]


def encrypt_file(key: bytes, path: str, data: bytes) -> bytes:
    """Seal one output file for its own output path, with its synthetic nonce: an unchanged file,
    the same bytes."""
    bound = bound_path(path)
    return seal(key, bound, data, synthetic_nonce(key, bound, data))


def decrypt_file(key: bytes, path: str, blob: bytes) -> bytes:
    return unseal(key, bound_path(path), blob)


# ----- the whole site -----------------------------------------------------------------------------


def opaque_asset_name(names_key: bytes, name: str) -> str:
    digest = hmac.new(names_key, name.encode("utf-8"), hashlib.sha256).hexdigest()[:16]
    return f"a/{digest}{SEALED_SUFFIX}"


ASSETS = "assets/"


def _sealed_name(name: str, names_key: bytes) -> str:
    if name.startswith(ASSETS):
        return opaque_asset_name(names_key, name)
    return name + SEALED_SUFFIX


_URL_ATTRIBUTE = re.compile(r'(?<=\s)(href|src)="([^"]*)"')


def _relink(page: str, text: str, renamed: Callable[[str], str | None]) -> str:
    """Point a page's links at the sealed files: href -> the .bin (with its real name kept for the
    download), img src -> data-infoprep-src, which decrypt.js turns into a picture."""
    base = posixpath.dirname(page)

    def swap(match: re.Match[str]) -> str:
        attribute, value = match.group(1), html.unescape(match.group(2))
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or value.startswith(("/", "#")) or not parts.path:
            return match.group(0)
        target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
        new = renamed(target)
        if new is None:
            return match.group(0)
        href = html.escape(root_of(page) + quote(new), quote=True)
        if attribute == "src":
            return f'data-infoprep-src="{href}"'
        name = html.escape(posixpath.basename(target), quote=True)
        return f'href="{href}" data-infoprep-name="{name}"'

    return _URL_ATTRIBUTE.sub(swap, text)


def shell_page(
    page: str,
    sealed: bytes,
    remember_days: int = 0,
    render: Callable[[LockPage], str] | None = None,
) -> str:
    """The public face of one page: the theme's lock.html with nothing in it but a form and the
    page's ciphertext (and the web app's links, which name nothing from the content: see
    publish/webapp.py).

    `render`: the build's theme (render/lock.py); the default theme's when None.
    """
    from generator.render.lock import render_default_lock

    paths = Paths()
    context = LockPage(
        root=root_of(page),
        sealed=base64.b64encode(sealed).decode("ascii"),
        remember_days=remember_days,
        theme_color=THEME_COLOR,
        icon=paths.icon,
        touch_icon=paths.icon_192,
        manifest=paths.manifest,
        salt_script=SALT_FILE,
    )
    return (render or render_default_lock)(context)


def salt_script(site_key: SiteKey, remember_days: int = 0) -> bytes:
    """The public lock: salt, iterations, the check value, and how many days "keep unlocked" may
    last."""
    check = seal(
        site_key.key,
        CHECK_BOUND,
        CHECK_TEXT,
        synthetic_nonce(site_key.key, CHECK_BOUND, CHECK_TEXT),
    )
    lock = {
        "format": FORMAT,
        "kdf": "PBKDF2-HMAC-SHA256",
        "iterations": site_key.iterations,
        "salt": base64.b64encode(site_key.salt).decode("ascii"),
        "check": base64.b64encode(check).decode("ascii"),
        "remember_days": remember_days,
    }
    return ("window.INFOPREP_LOCK = " + json.dumps(lock, sort_keys=True) + ";\n").encode("ascii")


@dataclass(frozen=True)
class SealedSite:
    files: dict[str, bytes]
    sources: dict[str, Path]
    """Files still copied as they are: the theme's static files only."""


def encrypt_site(
    site_key: SiteKey,
    files: Mapping[str, bytes],
    sources: Mapping[str, Path],
    read: Callable[[Path], bytes] = Path.read_bytes,
    remember_days: int = 0,
    render_lock: Callable[[LockPage], str] | None = None,
) -> SealedSite:
    """The private version of a built site: pages become shells, every other file is sealed.

    Only infoprep's own pages become shells. A file from assets/ is sealed and renamed like any
    other asset whatever its name: an `assets/notes-on-dr-x.html` kept as a page would publish its
    name and, once decrypted in place, run its scripts on the site's origin, beside the key.
    `remember_days`: how long the lock screen may offer to keep the site unlocked (0: no such
    offer). `render_lock`: the theme's lock.html (render/lock.py).
    """
    contents = dict(files)
    kept: dict[str, Path] = {}
    for name, source in sources.items():
        if name.startswith("static/"):
            kept[name] = source
        elif name not in contents:
            contents[name] = read(source)
    pages = sorted(n for n in contents if n.endswith(".html") and not n.startswith(ASSETS))
    renamed = {
        n: _sealed_name(n, site_key.names_key)
        for n in contents
        if n not in pages and n not in PLAIN_FILES
    }
    out: dict[str, bytes] = {n: contents[n] for n in PLAIN_FILES if n in contents}
    for name in pages:
        out[name] = seal_page(
            site_key, name, contents[name], renamed.get, remember_days, render_lock
        )
    for name in sorted(renamed):
        sealed, blob = seal_file(site_key, name, contents[name])
        out[sealed] = blob
    out[SALT_FILE] = salt_script(site_key, remember_days)
    return SealedSite(out, kept)


def seal_file(site_key: SiteKey, name: str, data: bytes) -> tuple[str, bytes]:
    """A file of a private site other than a page (a PDF, a contact card, an asset) as it is
    published: (its sealed name, its sealed bytes)."""
    sealed = _sealed_name(name, site_key.names_key)
    return sealed, encrypt_file(site_key.key, sealed, data)


def seal_page(
    site_key: SiteKey,
    name: str,
    page: bytes,
    renamed: Callable[[str], str | None],
    remember_days: int = 0,
    render_lock: Callable[[LockPage], str] | None = None,
) -> bytes:
    """One page of a private site as it is published: its links pointed at the sealed files
    (`renamed`: a file's sealed name, None for a page or a file the site does not have), sealed, in
    the theme's lock page."""
    text = _relink(name, page.decode("utf-8"), renamed)
    sealed = encrypt_file(site_key.key, name, text.encode("utf-8"))
    return shell_page(name, sealed, remember_days, render_lock).encode("utf-8")


def published_name(names_key: bytes, published: Collection[str]) -> Callable[[str], str | None]:
    """A file's sealed name if a site that published these names has it sealed: the links of a page
    sealed before the rest of its site (serve shows it first) are the last publish's."""

    def renamed(name: str) -> str | None:
        sealed = _sealed_name(name, names_key)
        return sealed if sealed in published else None

    return renamed


def decrypt_site(key: bytes, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Every sealed file of a private build opened again, by output name (for tests and
    `check`-style audits)."""
    out = {}
    for name, data in files.items():
        if name.endswith(".html"):
            match = re.search(
                rb'<script id="infoprep-sealed" type="application/octet-stream">([^<]*)</script>',
                data,
            )
            if match:
                out[name] = decrypt_file(key, name, base64.b64decode(match.group(1)))
        elif name.endswith(SEALED_SUFFIX):
            out[name] = decrypt_file(key, name, data)
    return out


def lock_opens(script: bytes, passphrase: str) -> bool:
    """Whether `passphrase` opens a built site's lock (its salt.js), as the browser checks it.

    `publish` asks, so that a site sealed with another passphrase (an old one, a test one) never
    goes out.
    """
    try:
        text = script.decode("ascii").strip()
        prefix = "window.INFOPREP_LOCK = "
        if not text.startswith(prefix) or not text.endswith(";"):
            return False
        lock = json.loads(text[len(prefix) : -1])
        salt = base64.b64decode(lock["salt"], validate=True)
        check = base64.b64decode(lock["check"], validate=True)
        iterations = int(lock["iterations"])
        if iterations > 20 * ITERATIONS:  # a lock that would keep this process busy for minutes
            return False
        key = derive_site_key(passphrase, salt, iterations)
        return unseal(key.key, CHECK_BOUND, check) == CHECK_TEXT
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, PassphraseProblem, SealBroken):
        return False
