"""Family "Private site", written against the contract (content-format.md "Private site"):

- no passphrase, an empty one, a blank one or a short one: an error at trip.yaml's `site:`, nothing written;
- the passphrase comes only from the environment variable `site.password_env` names: not from a
  command-line option, not from a file in the content folder, and it is never written anywhere;
- no person's or company's name, e-mail, slug or note in any readable byte, file name or URL of the
  output, in any encoding a page or URL could carry it (UTF-8, HTML entities, %-escapes, JSON escapes);
- a wrong passphrase in the browser shows a clear message and no content; a tampered or swapped
  ciphertext is refused (the page's own path is bound to its ciphertext).
"""

from __future__ import annotations

import base64
import html
import importlib.util
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest

from adversarial.helpers import (
    EPOCH,
    TRIP,
    Guard,
    Workspace,
    cli,
    copy_tree,
    printed,
    snapshot,
    tree_digest,
)

pytestmark = pytest.mark.skipif(
    not importlib.util.find_spec("generator.publish.seal"), reason="private site not merged yet"
)

PASSPHRASE = "plaid otter juggles nine lanterns"
VARIABLE = "INFOPREP_PASSWORD"
PRIVATE_BLOCK = "site:\n  private: true\n"


def make_private(ws: Workspace, variable: str | None = None) -> None:
    block = PRIVATE_BLOCK + (f"  password_env: {variable}\n" if variable else "")
    ws.write("trip.yaml", ws.read("trip.yaml") + block)


def site_line(ws: Workspace) -> int:
    return ws.line("trip.yaml", "site:")


# ---- the passphrase ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            None,
            f"a private build needs its passphrase in the environment variable {VARIABLE} "
            "(site.password_env), which is not set or empty",
        ),
        (
            "",
            f"a private build needs its passphrase in the environment variable {VARIABLE} "
            "(site.password_env), which is not set or empty",
        ),
        ("   \t ", f"{VARIABLE}: "),
        ("short-pass", f"{VARIABLE}: the passphrase has 10 characters; use at least"),
        (" " + PASSPHRASE, f"{VARIABLE}: the passphrase starts or ends with a space"),
    ],
    ids=["unset", "empty", "blank", "short", "leading-space"],
)
def test_bad_passphrase_is_refused_and_nothing_written(
    ws: Workspace, value: str | None, message: str
) -> None:
    make_private(ws)
    guard = Guard(ws)
    ran = cli("build", "content", "-o", "out", "--no-pdf", env={VARIABLE: value})
    assert ran.code == 1 and "Traceback" not in ran.output, ran.output
    assert printed(ran, f"content/trip.yaml:{site_line(ws)}: error: {message}"), ran.stderr
    guard.assert_untouched()


def test_bad_passphrase_creates_no_output_folder(ws: Workspace) -> None:
    make_private(ws)
    before = snapshot(ws.root)
    ran = cli("build", "content", "-o", "fresh", "--no-pdf", env={VARIABLE: None})
    assert ran.code == 1
    assert not (ws.root / "fresh").exists() and snapshot(ws.root) == before


def test_password_env_names_the_only_variable_read(ws: Workspace) -> None:
    make_private(ws, "TRIP_SECRET")
    guard = Guard(ws)
    ran = cli(
        "build", "content", "-o", "out", "--no-pdf", env={VARIABLE: PASSPHRASE, "TRIP_SECRET": None}
    )
    assert ran.code == 1 and printed(
        ran,
        f"content/trip.yaml:{site_line(ws)}: error: a private build needs its passphrase in the "
        "environment variable TRIP_SECRET",
    )
    guard.assert_untouched()
    ok = cli(
        "build", "content", "-o", "out", "--no-pdf", env={VARIABLE: None, "TRIP_SECRET": PASSPHRASE}
    )
    assert ok.code == 0, ok.output


def test_no_command_line_option_takes_a_passphrase(ws: Workspace) -> None:
    make_private(ws)
    for command in ("build", "serve", "check"):
        help_text = cli(command, "--help").stdout.lower()
        assert "password" not in help_text and "passphrase" not in help_text, command
    ran = cli(
        "build", "content", "-o", "out", "--no-pdf", "--password", PASSPHRASE, env={VARIABLE: None}
    )
    assert ran.code == 2 and "No such option" in ran.stderr


def test_passphrase_is_not_read_from_the_content_folder(ws: Workspace) -> None:
    make_private(ws)
    for name in (".env", "passphrase.txt", "password", ".infoprep-password"):
        ws.write(name, f"{VARIABLE}={PASSPHRASE}\n{PASSPHRASE}\n")
    guard = Guard(ws)
    ran = cli("build", "content", "-o", "out", "--no-pdf", env={VARIABLE: None})
    assert ran.code == 1 and printed(
        ran, f"content/trip.yaml:{site_line(ws)}: error: a private build needs its passphrase"
    )
    guard.assert_untouched()


# ---- nothing personal in a readable byte, a file name or a URL -----------------------------------


PERSONAL = [
    "José",
    "Álvarez",
    "Alvarez",
    "Núñez",
    "jose-alvarez",
    "jose.alvarez",
    "Kim Park",
    "kim-park",
    "kim.park",
    "Harbor Analytics",
    "harbor-analytics",
    "harbor.example",
    "Prefers e-mail to calls",
    "Kim's manager",
    "Ran the bus network redesign",
    "Robin Quill",
    "robin.quill",
    "617 555",
    "headshot",
    "Jos&eacute;",
    "Jos&#233;",
    "Jos%C3%A9",
    "%C3%81lvarez",
    "Jos\\u00e9",
    "\\u00c1lvarez",
    "Kim%20Park",
    "Kim&#39;s",
    "Kim&#x27;s",
]
"""The people, organisation, traveler, slugs, e-mails, phone, notes and asset name, as text and as escaped in HTML, URLs and JSON."""


def _encodings(token: str) -> set[bytes]:
    forms = {
        token,
        html.escape(token),
        quote(token),
        quote(token, safe=""),
        json.dumps(token)[1:-1],
    }
    return {form.encode("utf-8") for form in forms} | {token.encode("utf-16-le")}


HTML_ASSET = b"<!doctype html><title>Notes on Jos\xc3\xa9</title><script>window.STOLEN = sessionStorage.length</script><p>Prefers e-mail to calls.</p>\n"


@dataclass(frozen=True)
class PrivateSite:
    ws: Workspace
    files: dict[str, bytes]


@pytest.fixture(scope="module")
def private_site(tmp_path_factory: pytest.TempPathFactory) -> PrivateSite:
    """The small trip, private, with a picture named after a person, built once with every PDF."""
    root = tmp_path_factory.mktemp("private")
    ws = Workspace(root / "work")
    copy_tree(TRIP, ws.content)
    make_private(ws)
    ws.write(
        "assets/jose-alvarez-headshot.png",
        base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
        ),
    )
    ws.edit(
        "people/jose-alvarez.yaml",
        "notes: |\n  Prefers e-mail to calls.\n",
        "notes: |\n  Prefers e-mail to calls.\n  ![José](assets/jose-alvarez-headshot.png)\n",
    )
    ws.write("people/jose-alvarez.md", "Research on José Álvarez-Núñez of Harbor Analytics.\n")
    # An HTML file among the assets, named after a person, with a script in it (issue 13, item 4).
    ws.write("assets/jose-alvarez-notes.html", HTML_ASSET)
    ws.edit(
        "people/jose-alvarez.yaml",
        "  ![José](assets/jose-alvarez-headshot.png)\n",
        "  ![José](assets/jose-alvarez-headshot.png)\n  [My "
        "notes](assets/jose-alvarez-notes.html)\n",
    )
    ran = cli(
        "build",
        "content",
        "-o",
        "out",
        "-j",
        "1",
        env={VARIABLE: PASSPHRASE, "SOURCE_DATE_EPOCH": EPOCH},
        cwd=ws.root,
    )
    assert ran.code == 0, ran.output
    files = {
        p.relative_to(ws.output).as_posix(): p.read_bytes()
        for p in sorted(ws.output.rglob("*"))
        if p.is_file()
    }
    return PrivateSite(ws, files)


def test_no_personal_text_in_any_byte(private_site: PrivateSite) -> None:
    leaks = []
    for name, data in private_site.files.items():
        for token in PERSONAL:
            for form in _encodings(token):
                if form.lower() in data.lower():
                    leaks.append((name, token, form))
    assert leaks == []


def test_no_personal_text_in_any_file_name(private_site: PrivateSite) -> None:
    for name in private_site.files:
        lowered = name.lower()
        assert not [t for t in PERSONAL if t.lower() in lowered or quote(t).lower() in lowered], (
            name
        )
        assert not re.search(r"2027-05-10|meetings/", name), name


WEB_APP = (
    "sw.js",
    "manifest.webmanifest",
    "icons/icon.svg",
    "icons/icon-192.png",
    "icons/icon-512.png",
    "icons/icon-maskable-512.png",
)
"""Plain files of every private site, the same for every trip (see test_web_app_files_name_nothing)."""


def test_no_plain_pdf_calendar_or_picture_is_left(private_site: PrivateSite) -> None:
    for name, data in private_site.files.items():
        if name in WEB_APP:
            continue
        assert not data.startswith((b"%PDF", b"BEGIN:VCALENDAR", b"\x89PNG")), name
        if not (
            name.startswith("static/")
            or name.endswith(".html")
            or name in ("robots.txt", "salt.js", ".infoprep.json")
        ):
            assert name.endswith(".bin"), name


def test_web_app_files_name_nothing(private_site: PrivateSite) -> None:
    """The manifest, icons and service worker stay plain (the browser reads them before any passphrase): the
    icons are infoprep's own, the manifest is the same for every private site, sw.js lists only sealed names."""
    from generator.publish.icons import icon_png, icon_svg

    files = private_site.files
    assert files["icons/icon-192.png"] == icon_png(192) and files[
        "icons/icon-maskable-512.png"
    ] == icon_png(512, maskable=True)
    assert files["icons/icon.svg"] == icon_svg().encode()
    manifest = json.loads(files["manifest.webmanifest"])
    assert (manifest["name"], manifest["short_name"]) == ("Private pages", "Private")
    listed = json.loads(re.search(rb"var FILES = (\{.*?\});", files["sw.js"], re.DOTALL).group(1))  # type: ignore[union-attr]
    assert set(listed) == {n for n in files if n not in ("sw.js", ".infoprep.json")}


def test_an_html_asset_is_sealed_and_renamed_like_any_asset(private_site: PrivateSite) -> None:
    """Issue 13, item 4: an .html file in assets/ kept its name (a person's) and became a page that ran, once
    decrypted in place, beside the key. Now it is one more opaque .bin, downloaded, never shown as a page."""
    from generator.publish.seal import SALT_FILE, decrypt_site, derive_site_key

    pages = {n for n in private_site.files if n.endswith(".html")}
    assert pages == {"index.html", "network.html", "followups.html", "opportunities.html"} | {
        n for n in pages if re.fullmatch(r"m/[0-9a-f]{16}/index\.html", n)
    }
    lock = json.loads(private_site.files[SALT_FILE].decode().split("=", 1)[1].strip().rstrip(";"))
    opened = decrypt_site(
        derive_site_key(PASSPHRASE, base64.b64decode(lock["salt"]), lock["iterations"]).key,
        private_site.files,
    )
    sealed_as = [n for n, data in opened.items() if data == HTML_ASSET]
    assert len(sealed_as) == 1 and re.fullmatch(r"a/[0-9a-f]{16}\.bin", sealed_as[0])
    packet = next(
        data.decode()
        for name, data in opened.items()
        if name.startswith("m/") and "My notes" in data.decode("utf-8", "replace")
    )
    assert 'data-infoprep-name="jose-alvarez-notes.html"' in packet and sealed_as[0] in packet


def test_every_page_declares_a_strict_content_security_policy(private_site: PrivateSite) -> None:
    """Issue 13, item 5: only the site's own scripts run, on the lock screen and in the decrypted page."""
    from generator.publish.seal import SALT_FILE, decrypt_site, derive_site_key

    lock = json.loads(private_site.files[SALT_FILE].decode().split("=", 1)[1].strip().rstrip(";"))
    opened = decrypt_site(
        derive_site_key(PASSPHRASE, base64.b64decode(lock["salt"]), lock["iterations"]).key,
        private_site.files,
    )
    for name in [n for n in private_site.files if n.endswith(".html")]:
        for page in (private_site.files[name], opened[name]):
            found = re.search(
                r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">',
                page.decode("utf-8"),
            )
            assert found, name
            policy = html.unescape(found.group(1))
            assert "script-src 'self';" in policy and "unsafe" not in policy, name
            assert "default-src 'none'" in policy and "form-action 'none'" in policy, name


def test_the_passphrase_is_never_written(private_site: PrivateSite) -> None:
    for form in _encodings(PASSPHRASE):
        assert not [name for name, data in private_site.files.items() if form in data]
    everything = snapshot(private_site.ws.root)
    for rel, entry in everything.items():
        if entry[0] == "file":
            assert PASSPHRASE.encode() not in (private_site.ws.root / rel).read_bytes(), rel


def test_the_search_would_have_found_the_names(private_site: PrivateSite) -> None:
    """The byte search above is meaningful: decrypted, the same files do hold the names."""
    from generator.publish.seal import SALT_FILE, decrypt_site, derive_site_key

    text = private_site.files[SALT_FILE].decode()
    lock = json.loads(text.split("=", 1)[1].strip().rstrip(";"))
    key = derive_site_key(PASSPHRASE, base64.b64decode(lock["salt"]), lock["iterations"]).key
    opened = decrypt_site(key, private_site.files)
    assert any("José Álvarez-Núñez" in data.decode("utf-8", "replace") for data in opened.values())
    assert any(data.startswith(b"%PDF") for data in opened.values())
    assert any(data.startswith(b"BEGIN:VCALENDAR") for data in opened.values())


def test_tampered_or_swapped_ciphertext_does_not_open(private_site: PrivateSite) -> None:
    from generator.publish.seal import SALT_FILE, SealBroken, decrypt_file, derive_site_key

    lock = json.loads(private_site.files[SALT_FILE].decode().split("=", 1)[1].strip().rstrip(";"))
    key = derive_site_key(PASSPHRASE, base64.b64decode(lock["salt"]), lock["iterations"]).key
    sealed = sorted(n for n in private_site.files if n.endswith(".bin"))
    assert len(sealed) >= 3
    first, second = sealed[0], sealed[1]
    blob = bytearray(private_site.files[first])
    blob[len(blob) // 2] ^= 0x01
    with pytest.raises(SealBroken):
        decrypt_file(key, first, bytes(blob))
    with pytest.raises(SealBroken):
        decrypt_file(key, second, private_site.files[first])
    assert decrypt_file(key, first, private_site.files[first])


# ---- in the browser: wrong passphrase, tampered and swapped pages --------------------------------


@pytest.fixture(scope="module")
def served(private_site: PrivateSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of the private site with a tampered page and a swapped page, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("private-served") / "site"
    copy_tree(private_site.ws.output, root)
    sealed = re.compile(
        rb'(<script id="infoprep-sealed" type="application/octet-stream">)([^<]*)(</script>)'
    )
    network = (root / "network.html").read_bytes()
    home_blob = sealed.search((root / "index.html").read_bytes()).group(2)  # type: ignore[union-attr]
    blob = sealed.search(network).group(2)  # type: ignore[union-attr]
    raw = bytearray(base64.b64decode(blob))
    raw[len(raw) // 2] ^= 0x01
    (root / "tampered.html").write_bytes(
        sealed.sub(lambda m: m.group(1) + base64.b64encode(bytes(raw)) + m.group(3), network)
    )
    (root / "network.html").write_bytes(
        sealed.sub(lambda m: m.group(1) + home_blob + m.group(3), network)
    )
    (root / "injected.html").write_bytes(
        network.replace(b"</body>", b"<script>window.INJECTED = 1</script></body>")
    )
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.browser
def test_browser_refuses_wrong_passphrase_tampered_and_swapped_pages(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(served + "index.html")
        page.fill("#infoprep-passphrase", "not the passphrase at all")
        page.press("#infoprep-passphrase", "Enter")
        page.wait_for_function(
            "() => document.getElementById('infoprep-status').textContent.includes('Wrong "
            "passphrase')",
            timeout=20000,
        )
        body = page.inner_text("body")
        assert "José" not in body and "Harbor Analytics" not in body

        page.fill("#infoprep-passphrase", PASSPHRASE)
        page.press("#infoprep-passphrase", "Enter")
        page.wait_for_function("() => document.body.innerText.includes('José')", timeout=20000)

        for broken in ("tampered.html", "network.html"):
            # a new document: the key was in the last one's memory only (issue 26)
            page.goto(served + broken)
            page.fill("#infoprep-passphrase", PASSPHRASE)
            page.press("#infoprep-passphrase", "Enter")
            page.wait_for_function(
                "() => document.getElementById('infoprep-status') && "
                "document.getElementById('infoprep-status').textContent.includes('cannot be "
                "opened')",
                timeout=20000,
            )
            body = page.inner_text("body")
            assert (
                "José" not in body and "Kim Park" not in body and "Harbor Analytics" not in body
            ), broken
    finally:
        context.close()
    assert errors == []
    assert all(url.startswith(served) or url.startswith("data:") for url in requests), requests


KEYS_JS = """async () => {
  const found = [];
  for (const info of await indexedDB.databases()) {
    const db = await new Promise(r => { const q = indexedDB.open(info.name); q.onsuccess = () => r(q.result); });
    for (const store of Array.from(db.objectStoreNames)) {
      const all = await new Promise(r => { const q = db.transaction(store).objectStore(store).getAll(); q.onsuccess = () => r(q.result); });
      for (const record of all) {
        let exported = 'refused';
        try { await crypto.subtle.exportKey('raw', record.key); exported = 'exported'; } catch (e) { /* non-extractable */ }
        found.push({extractable: record.key.extractable, exported});
      }
    }
    db.close();
  }
  return {found, session: Object.values(sessionStorage), local: Object.values(localStorage)};
}"""


def unlock(page, url: str, remember: bool = False) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.fill("#infoprep-passphrase", PASSPHRASE)
    if remember:
        page.check("#infoprep-remember")
    page.press("#infoprep-passphrase", "Enter")
    page.wait_for_function("() => document.body.innerText.includes('José')", timeout=20000)


@pytest.mark.browser
def test_a_script_on_the_origin_cannot_take_the_key_away(
    browser, served: str, private_site: PrivateSite
) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 5: the raw AES key sat in sessionStorage, readable by any page of the origin (every
    USER.github.io site shares one). Issue 26, item 2: without "Keep unlocked" no storage holds the key at all,
    not even as a non-extractable CryptoKey (whose bytes the browser writes into its profile on disk); moving
    between pages keeps it in memory."""
    from generator.publish.seal import SALT_FILE, derive_site_key

    lock = json.loads(private_site.files[SALT_FILE].decode().split("=", 1)[1].strip().rstrip(";"))
    raw = derive_site_key(PASSPHRASE, base64.b64decode(lock["salt"]), lock["iterations"]).key
    context = browser.new_context()
    page = context.new_page()
    try:
        unlock(page, served + "index.html")
        page.click("nav a[href$='followups.html']")
        page.wait_for_function(
            "() => location.pathname.endsWith('followups.html') && "
            "document.querySelector('.page-followups')",
            timeout=20000,
        )
        assert "Robin Quill" in page.inner_text("body") or "José" in page.inner_text("body")
        page.go_back()
        page.wait_for_function(
            "() => !location.pathname.endsWith('followups.html') && "
            "document.body.innerText.includes('José')",
            timeout=20000,
        )
        kept = page.evaluate(KEYS_JS)
        databases = page.evaluate("async () => (await indexedDB.databases()).length")
        page.reload()
        page.wait_for_selector("#infoprep-passphrase", state="visible", timeout=20000)
        assert "José" not in page.inner_text("body")
    finally:
        context.close()
    assert kept["found"] == [], kept
    assert databases == 0 or kept["found"] == []
    forms = {base64.b64encode(raw).decode(), raw.hex(), raw.decode("latin-1")}
    assert not [
        v for v in kept["session"] + kept["local"] if any(f in v for f in forms) or len(v) >= 40
    ]


@pytest.fixture(scope="module")
def remembering(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small trip as a private site that offers "Keep unlocked" for 7 days, without PDFs, served."""
    root = tmp_path_factory.mktemp("remembering")
    ws = Workspace(root / "work")
    copy_tree(TRIP, ws.content)
    ws.write("trip.yaml", ws.read("trip.yaml") + PRIVATE_BLOCK + "  remember_days: 7\n")
    ran = cli(
        "build",
        "content",
        "-o",
        "out",
        "--no-pdf",
        env={VARIABLE: PASSPHRASE, "SOURCE_DATE_EPOCH": EPOCH},
        cwd=ws.root,
    )
    assert ran.code == 0, ran.output
    handler = partial(SimpleHTTPRequestHandler, directory=str(ws.output))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.browser
def test_keep_unlocked_stores_only_a_non_extractable_key_and_says_so(
    browser, remembering: str
) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(remembering + "index.html")
        page.wait_for_selector("#infoprep-unlock:not([hidden])")  # shown once no kept key opens it
        lock_screen = page.inner_text("body")
        unlock(page, remembering + "index.html", remember=True)
        kept = page.evaluate(KEYS_JS)
        other = context.new_page()
        other.goto(remembering + "network.html")
        other.wait_for_function("() => document.body.innerText.includes('José')", timeout=20000)
    finally:
        context.close()
    assert "memory only, never on the disk" in lock_screen
    assert "anyone who copies them" in lock_screen
    assert kept["found"] == [{"extractable": False, "exported": "refused"}]


@pytest.mark.browser
def test_an_inline_script_that_slipped_into_a_page_does_not_run(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    """The policy at work: a script a template or a note let through would be refused by the browser."""
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        page.goto(served + "injected.html")
        page.wait_for_load_state("load")
        assert page.evaluate("window.INJECTED === undefined")
    finally:
        context.close()
    assert refused


def test_private_and_public_outputs_differ_only_as_promised(private_site: PrivateSite) -> None:
    """A private build keeps the public file set's shape: the same pages, sealed companions for the rest."""
    names = set(private_site.files)
    assert {
        "index.html",
        "network.html",
        "followups.html",
        "itinerary.ics.bin",
        "binder.pdf.bin",
        "itinerary.pdf.bin",
    } <= names
    assert tree_digest(private_site.ws.output)
