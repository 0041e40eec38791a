"""generator/publish/seal.py: sealing, binding to paths, passphrase rules, the whole-site transform."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from generator.errors import ContentError, Location
from generator.publish.seal import (
    ITERATIONS,
    MIN_PASSPHRASE,
    SALT_FILE,
    PassphraseProblem,
    SealBroken,
    bound_path,
    decrypt_file,
    decrypt_site,
    derive_site_key,
    encrypt_file,
    encrypt_site,
    site_key_from_environment,
    unseal,
)

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def site_key():
    return derive_site_key(PASSPHRASE, salt=b"\x01" * 16)


def test_round_trip(site_key) -> None:
    blob = encrypt_file(site_key.key, "m/abc/packet.pdf.bin", b"%PDF-1.7 secret")
    assert b"secret" not in blob
    assert decrypt_file(site_key.key, "m/abc/packet.pdf.bin", blob) == b"%PDF-1.7 secret"


def test_a_nonce_is_never_shared_by_two_plaintexts_and_an_unchanged_file_keeps_its_ciphertext(
    site_key,
) -> None:
    """Synthetic nonces: a keyed digest of the path and the plaintext. The same file at the same path seals to the same
    bytes (a republish keeps it); another plaintext, or the same one at another path, gets another nonce."""
    first = encrypt_file(site_key.key, "index.html", b"<p>Mei Chen, 10:00</p>")
    assert encrypt_file(site_key.key, "index.html", b"<p>Mei Chen, 10:00</p>") == first
    others = [
        encrypt_file(site_key.key, "index.html", b"<p>Mei Chen, 10:30</p>"),
        encrypt_file(site_key.key, "network.html", b"<p>Mei Chen, 10:00</p>"),
        encrypt_file(
            derive_site_key(PASSPHRASE, b"\x02" * 16).key, "index.html", b"<p>Mei Chen, 10:00</p>"
        ),
    ]
    assert len({first[:12], *(other[:12] for other in others)}) == 4
    assert decrypt_file(site_key.key, "index.html", first) == b"<p>Mei Chen, 10:00</p>"


@pytest.mark.parametrize("position", [0, 12, 20, -1])
def test_tampered_ciphertext_refused(site_key, position: int) -> None:
    blob = bytearray(encrypt_file(site_key.key, "network.html", b"<p>Jordan Ellis</p>"))
    blob[position] ^= 0x01
    with pytest.raises(SealBroken):
        decrypt_file(site_key.key, "network.html", bytes(blob))


def test_truncated_ciphertext_refused(site_key) -> None:
    blob = encrypt_file(site_key.key, "network.html", b"x")
    with pytest.raises(SealBroken):
        decrypt_file(site_key.key, "network.html", blob[:20])


@pytest.mark.parametrize(
    ("built_for", "moved_to"),
    [
        ("m/aaaa/index.html", "m/bbbb/index.html"),
        ("network.html", "followups.html"),
        ("m/aaaa/packet.pdf.bin", "itinerary.pdf.bin"),
    ],
)
def test_ciphertext_moved_to_another_path_refused(site_key, built_for: str, moved_to: str) -> None:
    blob = encrypt_file(site_key.key, built_for, b"content")
    with pytest.raises(SealBroken):
        decrypt_file(site_key.key, moved_to, blob)


def test_wrong_key_refused(site_key) -> None:
    other = derive_site_key("another long passphrase", salt=site_key.salt)
    blob = encrypt_file(site_key.key, "index.html", b"content")
    with pytest.raises(SealBroken):
        decrypt_file(other.key, "index.html", blob)


def test_same_passphrase_and_salt_give_the_same_key_and_names(site_key) -> None:
    again = derive_site_key(PASSPHRASE, salt=site_key.salt)
    assert again.key == site_key.key and again.names_key == site_key.names_key
    assert site_key.iterations == ITERATIONS >= 600_000
    assert derive_site_key(PASSPHRASE).salt != derive_site_key(PASSPHRASE).salt


def test_passphrase_is_nfc_normalized() -> None:
    composed = derive_site_key("caf\u00e9 au lait, s'il vous plait", salt=b"\0" * 16)
    decomposed = derive_site_key("cafe\u0301 au lait, s'il vous plait", salt=b"\0" * 16)
    assert composed.key == decomposed.key


@pytest.mark.parametrize(
    "passphrase",
    ["", "            ", "short", "x" * (MIN_PASSPHRASE - 1), PASSPHRASE + "\n", " " + PASSPHRASE],
)
def test_short_or_empty_passphrase_refused(passphrase: str) -> None:
    with pytest.raises(PassphraseProblem):
        derive_site_key(passphrase)


def test_missing_passphrase_is_a_content_error_at_trip_yaml() -> None:
    where = Location("trip/trip.yaml", 40)
    with pytest.raises(ContentError) as caught:
        site_key_from_environment("MY_SECRET", {}, where)
    assert str(caught.value.findings[0]).startswith(
        "trip/trip.yaml:40: error: a private build needs its passphrase"
    )
    assert "MY_SECRET" in str(caught.value)
    with pytest.raises(ContentError, match="at least 12"):
        site_key_from_environment("MY_SECRET", {"MY_SECRET": "tooshort"}, where)
    assert site_key_from_environment("MY_SECRET", {"MY_SECRET": PASSPHRASE}, where).key


@pytest.mark.parametrize(
    ("path", "bound"),
    [
        ("index.html", "/"),
        ("m/ab12/index.html", "/m/ab12/"),
        ("network.html", "/network"),
        ("itinerary.pdf.bin", "/itinerary.pdf.bin"),
        ("xindex.html", "/xindex"),
    ],
)
def test_bound_path_is_the_served_url(path: str, bound: str) -> None:
    assert bound_path(path) == bound


def _sealed_page(files: dict[str, bytes], name: str) -> bytes:
    match = re.search(
        rb'id="infoprep-sealed" type="application/octet-stream">([^<]*)<', files[name]
    )
    assert match, name
    return base64.b64decode(match.group(1))


def test_encrypt_site_seals_everything_but_static_files(site_key, tmp_path: Path) -> None:
    photo = tmp_path / "jordan-ellis.png"
    photo.write_bytes(b"\x89PNG photo of Jordan Ellis")
    style = tmp_path / "style.css"
    style.write_text("body{}")
    page = (
        '<html><body><a href="m/abc/index.html">Jordan Ellis</a> <a href="itinerary.pdf" '
        "download>PDF</a>"
        ' <img src="assets/jordan-ellis.png" alt="Jordan"> <a '
        'href="https://example.com/x">web</a></body></html>'
    )
    packet = '<a href="../../index.html">home</a> <a href="packet.pdf" download>PDF</a> <a href="../../itinerary.ics">ics</a>'
    files = {
        "index.html": page.encode(),
        "m/abc/index.html": packet.encode(),
        "m/abc/packet.pdf": b"%PDF Jordan Ellis",
        "itinerary.pdf": b"%PDF itinerary",
        "itinerary.ics": b"BEGIN:VCALENDAR Jordan Ellis",
        "robots.txt": b"User-agent: *\nDisallow: /\n",
    }
    sources = {"static/style.css": style, "assets/jordan-ellis.png": photo}
    sealed = encrypt_site(site_key, files, sources)

    assert sealed.sources == {"static/style.css": style}
    names = set(sealed.files)
    asset = next(n for n in names if n.startswith("a/"))
    assert re.fullmatch(r"a/[0-9a-f]{16}\.bin", asset)
    assert names == {
        "index.html",
        "m/abc/index.html",
        "m/abc/packet.pdf.bin",
        "itinerary.pdf.bin",
        "itinerary.ics.bin",
        "robots.txt",
        SALT_FILE,
        asset,
    }
    for name, data in sealed.files.items():
        assert b"Jordan" not in data and b"jordan" not in data, name
    assert sealed.files["robots.txt"] == files["robots.txt"]

    opened = decrypt_site(site_key.key, sealed.files)
    home = opened["index.html"].decode()
    assert 'href="itinerary.pdf.bin" data-infoprep-name="itinerary.pdf"' in home
    assert f'data-infoprep-src="{asset}"' in home and 'src="assets/' not in home
    assert 'href="m/abc/index.html"' in home and 'href="https://example.com/x"' in home
    inner = opened["m/abc/index.html"].decode()
    assert 'href="../../m/abc/packet.pdf.bin" data-infoprep-name="packet.pdf"' in inner
    assert 'href="../../itinerary.ics.bin" data-infoprep-name="itinerary.ics"' in inner
    assert opened[asset] == photo.read_bytes()
    assert opened["m/abc/packet.pdf.bin"] == b"%PDF Jordan Ellis"

    # A page's ciphertext pasted into another page's shell does not open there.
    with pytest.raises(SealBroken):
        decrypt_file(site_key.key, "m/abc/index.html", _sealed_page(sealed.files, "index.html"))


def test_salt_file_lets_the_browser_check_the_passphrase(site_key) -> None:
    sealed = encrypt_site(site_key, {"index.html": b"<p>x</p>"}, {})
    text = sealed.files[SALT_FILE].decode()
    lock = json.loads(text.removeprefix("window.INFOPREP_LOCK = ").removesuffix(";\n"))
    assert (
        lock["iterations"] == ITERATIONS
        and lock["kdf"] == "PBKDF2-HMAC-SHA256"
        and lock["format"] == 1
    )
    assert base64.b64decode(lock["salt"]) == site_key.salt
    assert unseal(site_key.key, "#check", base64.b64decode(lock["check"]))
    with pytest.raises(SealBroken):
        unseal(
            derive_site_key("not the passphrase!", site_key.salt).key,
            "#check",
            base64.b64decode(lock["check"]),
        )


def test_shell_page_has_nothing_but_the_form(site_key) -> None:
    sealed = encrypt_site(site_key, {"m/abc/index.html": b"<h1>Jordan Ellis</h1>"}, {})
    shell = sealed.files["m/abc/index.html"].decode()
    assert '<meta name="robots" content="noindex">' in shell
    assert 'href="../../static/style.css"' in shell and 'src="../../static/decrypt.js"' in shell
    assert 'src="../../salt.js"' in shell
    assert (
        "http:" not in shell and "https:" not in shell
    )  # no address of anything (the words may say "over https")


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (14, "Keep unlocked on this device for 14 days"),
        (1, "Keep unlocked on this device for 1 day"),
        (0, None),
    ],
)
def test_keep_unlocked_is_offered_for_remember_days(site_key, days: int, label: str | None) -> None:
    sealed = encrypt_site(site_key, {"index.html": b"<p>x</p>"}, {}, remember_days=days)
    shell = sealed.files["index.html"].decode()
    lock = json.loads(
        sealed.files[SALT_FILE].decode().removeprefix("window.INFOPREP_LOCK = ").removesuffix(";\n")
    )
    assert lock["remember_days"] == days
    if label is None:
        assert 'id="infoprep-remember"' not in shell
    else:
        assert (
            '<input id="infoprep-remember" name="remember" type="checkbox">\n      <label '
            f'for="infoprep-remember">{label}</label>' in shell
        )


def test_an_asset_of_any_kind_is_sealed_under_an_opaque_name(site_key, tmp_path: Path) -> None:
    notes = tmp_path / "dr-meera-raghunathan.html"
    notes.write_bytes(b"<script>steal()</script>")
    svg = tmp_path / "map.svg"
    svg.write_bytes(b"<svg/>")
    page = b'<a href="assets/dr-meera-raghunathan.html">notes</a><img src="assets/map.svg">'
    sealed = encrypt_site(
        site_key,
        {"index.html": page},
        {"assets/dr-meera-raghunathan.html": notes, "assets/map.svg": svg},
    )
    names = sorted(n for n in sealed.files if n.startswith("a/"))
    assert len(names) == 2 and all(re.fullmatch(r"a/[0-9a-f]{16}\.bin", n) for n in names)
    assert [n for n in sealed.files if n.endswith(".html")] == ["index.html"]
    assert not [n for n in sealed.files if "meera" in n]
    opened = decrypt_site(site_key.key, sealed.files)
    assert sorted(opened[n] for n in names) == [b"<script>steal()</script>", b"<svg/>"]
    assert 'data-infoprep-name="dr-meera-raghunathan.html"' in opened["index.html"].decode()
