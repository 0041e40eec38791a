"""A private build end to end: nothing personal in any readable byte or file name, and everything opens again.

The sample trip is built once with every PDF (about 10 s), then searched byte by byte for each person's
and company's name, e-mail, phone, slug and notes. The search is shown to work by decrypting the
same files and finding those names inside.
"""

from __future__ import annotations

import html
import io
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from fixtures.building import Runner, build_options
from fixtures.mini_trip import private_copy

from generator.build import build
from generator.cli import main
from generator.content.load import load
from generator.errors import ContentError
from generator.publish.seal import SALT_FILE, decrypt_site, derive_site_key

PASSPHRASE = "correct horse battery staple"
ENV = {"INFOPREP_PASSWORD": PASSPHRASE}
TODAY = date(2027, 3, 1)


def read_tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def salt_of(files: dict[str, bytes]) -> bytes:
    import base64

    text = files[SALT_FILE].decode()
    return base64.b64decode(json.loads(text.split("=", 1)[1].strip().rstrip(";"))["salt"])


def personal_strings(content: Path) -> set[str]:
    """Everything that could name someone: names, e-mails, phones, slugs, websites, the start of each note."""
    trip = load(content, str(content))
    found: set[str] = set()
    traveler = trip.info.traveler
    found |= {traveler.name, traveler.email or "", traveler.phone or ""}
    for person in trip.people.values():
        p = person.profile
        found |= {p.name, p.email or "", p.phone or "", person.slug}
        for text in (p.notes, p.background, person.research):
            found |= set(_phrases(text))
    for company in trip.companies.values():
        c = company.profile
        found |= {c.name, company.slug, str(c.website or "").split("//")[-1].strip("/")}
        for text in (c.notes, c.overview, company.research):
            found |= set(_phrases(text))
    return {s for s in found if len(s) >= 5}


def _phrases(text: str | None) -> list[str]:
    """A few plain-text stretches of a note (Markdown punctuation removed), long enough to be telling."""
    words = re.sub(r"[*_`#>\[\]()]", " ", text or "").split()
    return [
        " ".join(words[i : i + 4])
        for i in range(0, min(len(words), 40), 8)
        if len(words[i : i + 4]) == 4
    ]


def variants(text: str) -> set[bytes]:
    forms = {text, text.lower(), html.escape(text), quote(text), json.dumps(text)[1:-1]}
    return {f.encode("utf-8") for f in forms}


@pytest.fixture(scope="module")
def private_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("private")
    content = private_copy(root / "trip")
    output = root / "site"
    build(
        build_options(
            content=content, output=output, pdf=True, today=TODAY, quiet=True, environ=ENV, jobs=2
        )
    )
    return content, output


def test_no_personal_byte_or_name_in_the_output(private_site: tuple[Path, Path]) -> None:
    content, output = private_site
    files = read_tree(output)
    secrets = personal_strings(content)
    assert len(secrets) > 60  # the sample trip: 15+ people, 7 companies, their notes
    leaks = []
    for name, data in files.items():
        for secret in secrets:
            for form in variants(secret):
                if form in name.encode("utf-8") or form in data:
                    leaks.append((name, secret))
    assert not leaks

    # The search finds them once decrypted: it would have caught a leak.
    key = derive_site_key(PASSPHRASE, salt_of(files)).key
    opened = decrypt_site(key, files)
    plain = b"\n".join(opened.values())
    trip = load(content, str(content))
    met = {m.person.profile.name for m in trip.meetings}
    assert all(name.encode() in plain for name in met)


def test_every_file_is_sealed_and_opens(private_site: tuple[Path, Path]) -> None:
    from icalendar import Calendar
    from pypdf import PdfReader

    _, output = private_site
    files = read_tree(output)
    readable = {
        n
        for n in files
        if n.startswith(("static/", "icons/"))
        or n in ("robots.txt", SALT_FILE, ".infoprep.json", "sw.js", "manifest.webmanifest")
    }
    pages = {n for n in files if n.endswith(".html")}
    sealed = {n for n in files if n.endswith(".bin")}
    assert set(files) == readable | pages | sealed
    for name in files:
        assert re.fullmatch(
            r"(static/[a-z.]+|robots\.txt|salt\.js|\.infoprep\.json|index\.html|network\.html|followups\.html|opportunities\.html"
            r"|sw\.js|manifest\.webmanifest|icons/icon(-192|-512|-maskable-512)?\.(png|svg)"
            r"|m/[0-9a-f]{16}/(index\.html|packet\.pdf\.bin|contact\.vcf\.bin)|(itinerary|binder|pocket-cards)\.pdf\.bin"
            r"|itinerary\.ics\.bin|contacts\.vcf\.bin)",
            name,
        ), name
    assert files["robots.txt"] == b"User-agent: *\nDisallow: /\n"
    for name in pages:
        assert b'<meta name="robots" content="noindex">' in files[name]
        assert b"<title>Private pages</title>" in files[name]

    opened = decrypt_site(derive_site_key(PASSPHRASE, salt_of(files)).key, files)
    assert set(opened) == pages | sealed
    for name in pages:
        assert opened[name].startswith(b"<!doctype html>")
    pdfs = [n for n in sealed if ".pdf." in n]
    assert len(pdfs) == len([n for n in files if n.startswith("m/") and n.endswith(".pdf.bin")]) + 3
    for name in pdfs:
        assert opened[name].startswith(b"%PDF")
        assert len(PdfReader(io.BytesIO(opened[name])).pages) >= 1
    calendar = Calendar.from_ical(opened["itinerary.ics.bin"])
    assert len(calendar.walk("VEVENT")) == sum(1 for n in pages if n.startswith("m/"))
    cards = [n for n in sealed if n.endswith(".vcf.bin")]
    assert len(cards) == 1 + sum(1 for n in pages if n.startswith("m/")), (
        "contacts.vcf and one card per meeting"
    )
    assert all(opened[n].startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\n") for n in cards)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "is not set or empty"),
        ({"INFOPREP_PASSWORD": ""}, "is not set or empty"),
        ({"INFOPREP_PASSWORD": "eleven char"}, "at least 12"),
    ],
)
def test_missing_or_short_passphrase_writes_nothing(
    tmp_path: Path, environ: dict[str, str], message: str
) -> None:
    content = private_copy(tmp_path / "trip")
    output = tmp_path / "site"
    with pytest.raises(ContentError, match=message) as caught:
        build(
            build_options(
                content=content, output=output, pdf=False, today=TODAY, quiet=True, environ=environ
            )
        )
    assert caught.value.findings[0].location.file.endswith("trip.yaml")
    assert caught.value.findings[0].location.line > 1
    assert not output.exists()
    assert not list(tmp_path.glob(".site*"))


def test_cli_refuses_a_short_passphrase_and_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = private_copy(tmp_path / "trip")
    output = tmp_path / "site"
    build(
        build_options(
            content=content, output=output, pdf=False, today=TODAY, quiet=True, environ=ENV
        )
    )
    before = read_tree(output)
    monkeypatch.setenv("INFOPREP_PASSWORD", "too short")
    result = Runner().invoke(main, ["build", str(content), "-o", str(output), "--no-pdf"])
    assert result.exit_code == 1
    assert (
        "trip.yaml:" in result.output
        and "at least 12" in result.output
        and "Traceback" not in result.output
    )
    assert read_tree(output) == before


def test_password_env_names_the_variable(tmp_path: Path) -> None:
    content = private_copy(tmp_path / "trip")
    trip = content / "trip.yaml"
    text = re.sub(r"^\s+password_env:.*\n", "", trip.read_text(), flags=re.MULTILINE)
    trip.write_text(text.replace("private: true", "private: true\n  password_env: TRIP_KEY"))
    output = tmp_path / "site"
    with pytest.raises(ContentError, match="TRIP_KEY"):
        build(
            build_options(
                content=content, output=output, pdf=False, today=TODAY, quiet=True, environ=ENV
            )
        )
    build(
        build_options(
            content=content,
            output=output,
            pdf=False,
            today=TODAY,
            quiet=True,
            environ={"TRIP_KEY": PASSPHRASE},
        )
    )
    assert (output / SALT_FILE).is_file()


def test_the_same_salt_and_content_give_the_same_bytes(tmp_path: Path) -> None:
    content = private_copy(tmp_path / "trip")
    salt = bytes(range(16))
    builds = []
    for n in (1, 2):
        output = tmp_path / f"site{n}"
        environ = {
            **ENV,
            "SOURCE_DATE_EPOCH": "1800000000",
        }  # the calendar's DTSTAMP is the build's time
        build(
            build_options(
                content=content,
                output=output,
                pdf=False,
                today=TODAY,
                quiet=True,
                environ=environ,
                private_salt=salt,
            )
        )
        builds.append(read_tree(output))
    first, second = builds
    assert set(first) == set(second)
    key = derive_site_key(PASSPHRASE, salt).key
    assert decrypt_site(key, first) == decrypt_site(key, second)
    # synthetic nonces: the same file sealed at the same path is the same ciphertext
    assert first == second

    # Without a given salt, a new output (with a build cache of its own) draws its own: other names,
    # another key.
    other = tmp_path / "site3"
    build(
        build_options(
            content=content,
            output=other,
            pdf=False,
            today=TODAY,
            quiet=True,
            environ=ENV,
            cache=tmp_path / "c3",
        )
    )
    third = read_tree(other)
    assert salt_of(third) != salt
    assert {n for n in third if n.startswith("m/")} != {n for n in first if n.startswith("m/")}
