"""Republishing a private site: the salt stays while the passphrase does, an unchanged file keeps its ciphertext,
`--new-key` and a new passphrase seal everything again, and an incremental build equals a clean one."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from fixtures.building import build_options
from fixtures.mini_trip import MINI, TODAY, edit, private_copy
from fixtures.pdf_pages import pdf_text

from generator.build import build
from generator.publish.keys import KEY_FILE
from generator.publish.seal import SALT_FILE, decrypt_site, derive_site_key

PASSPHRASE = "harbour lantern quince meadow"
ENV = {"INFOPREP_PASSWORD": PASSPHRASE, "SOURCE_DATE_EPOCH": "1809000000"}


def read_tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def salt_of(files: dict[str, bytes]) -> bytes:
    lock = json.loads(files[SALT_FILE].decode().split("=", 1)[1].strip().rstrip(";"))
    return base64.b64decode(lock["salt"])


def opened(files: dict[str, bytes], passphrase: str = PASSPHRASE) -> dict[str, bytes]:
    return decrypt_site(derive_site_key(passphrase, salt_of(files)).key, files)


@pytest.fixture
def trip(tmp_path: Path) -> Path:
    return private_copy(tmp_path / "trip", MINI)


def make(
    trip: Path, out: Path, cache: Path, pdf: bool = False, **extra: object
) -> dict[str, bytes]:
    environ = {**ENV, **extra.pop("environ", {})}  # type: ignore[dict-item]
    build(
        build_options(
            content=trip,
            output=out,
            pdf=pdf,
            today=TODAY,
            quiet=True,
            environ=environ,
            cache=cache,
            **extra,
        )
    )  # type: ignore[arg-type]
    return read_tree(out)


def test_a_changed_note_reseals_only_the_files_it_changes(trip: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = make(trip, out, cache, pdf=True)
    edit(
        trip / "people" / "lena-brooks.yaml",
        "open-data partnership",
        "open-data partnership, and its Tuesday clinic",
    )
    second = make(trip, out, cache, pdf=True)

    assert (
        salt_of(second) == salt_of(first) and second[SALT_FILE] == first[SALT_FILE]
    )  # phones stay unlocked
    before, after = opened(first), opened(second)
    assert set(before) == set(after)
    same_plain = {n for n in before if before[n] == after[n]}
    assert {
        n for n in same_plain if first[n] != second[n]
    } == set()  # an unchanged file keeps its ciphertext
    resealed = set(before) - same_plain
    assert any(b"Tuesday clinic" in after[n] for n in resealed)
    assert resealed and len(resealed) < len(before) / 2, sorted(resealed)
    assert any(n.endswith(".pdf.bin") for n in same_plain) and any(
        n.endswith(".pdf.bin") for n in resealed
    )


def test_an_incremental_build_equals_a_clean_one(trip: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    make(trip, out, cache)
    edit(trip / "people" / "kim-park.yaml", "Transit Analyst", "Senior Transit Analyst")
    incremental = make(trip, out, cache)
    clean = make(
        trip, out, cache, clean=True
    )  # the cache's PDFs and memos unread; the salt kept beside it
    assert clean == incremental


def test_new_key_seals_everything_again(trip: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = make(trip, out, cache)
    second = make(trip, out, cache, new_key=True)
    assert salt_of(second) != salt_of(first)
    assert (
        len(opened(second)) == len(opened(first)) and b"Lena Brooks" in opened(second)["index.html"]
    )
    meetings = {n for n in first if n.startswith("m/")}
    assert meetings and not meetings & set(second)  # opaque names follow the key
    sealed = [n for n in first if n.endswith((".html", ".bin")) and n in second]
    assert sealed and all(first[n] != second[n] for n in sealed)
    third = make(trip, out, cache)  # the new salt is the one kept from now on
    assert third == second


def test_a_new_passphrase_draws_a_new_salt(trip: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = make(trip, out, cache)
    other = "a quite different passphrase"
    second = make(trip, out, cache, environ={"INFOPREP_PASSWORD": other})
    assert salt_of(second) != salt_of(first)
    assert b"Lena Brooks" in opened(second, other)["index.html"]


@pytest.mark.parametrize("record", ["garbage", "link", "wrong-shape"])
def test_a_damaged_salt_record_costs_a_new_salt_not_a_traceback(
    trip: Path, tmp_path: Path, record: str
) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = make(trip, out, cache)
    path = cache / KEY_FILE
    outside = tmp_path / "elsewhere.json"
    outside.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    path.unlink()
    if record == "garbage":
        path.write_bytes(b"\xff\x00{not json")
    elif record == "link":
        path.symlink_to(outside)
    else:
        path.write_text(json.dumps({"salt": 5, "iterations": "many"}), encoding="utf-8")
    edit(
        trip / "people" / "kim-park.yaml", "Transit Analyst", "Senior Transit Analyst"
    )  # not up to date
    second = make(trip, out, cache)
    assert salt_of(second) != salt_of(first)
    assert opened(second)
    assert (
        not path.is_symlink() and json.loads(outside.read_text(encoding="utf-8"))["salt"]
    )  # the link was replaced, not followed


@pytest.mark.parametrize(
    ("private", "jobs", "on_screen"),
    [(True, None, ""), (False, None, ""), (False, 1, ""), (False, None, "2027-05-11")],
    ids=["private", "public", "public, one process", "public, Tuesday's page on screen"],
)
def test_pages_shown_ahead_are_the_bytes_the_publish_writes(
    tmp_path: Path, private: bool, jobs: int | None, on_screen: str
) -> None:
    """Serve shows the edited person's pages, then their packet PDFs one by one (the one whose page
    is on screen first, else the earlier meeting's), before its pass publishes them
    (BuildOptions.ahead): what it shows is what the output then holds, sealed on a private site, so
    nothing is reloaded twice and it decrypts with the key the phone holds."""
    trip = private_copy(tmp_path / "trip", MINI) if private else tmp_path / "trip"
    if not private:
        import shutil

        shutil.copytree(MINI, trip)
    out, cache = tmp_path / "out", tmp_path / "cache"
    settings = {"content": trip, "output": out, "today": TODAY, "quiet": True, "environ": ENV}
    last = build(build_options(cache=cache, **settings))  # type: ignore[arg-type]
    edit(trip / "people" / "jose-alvarez.yaml", "Director of Route", "Head of Route")  # met twice
    looking_at = next(
        (p.relative_to(out).as_posix() for p in out.glob(f"meetings/{on_screen}*jose*/index.html")),
        None,
    )
    shown: list[dict[str, bytes]] = []
    pages_pass = build_options(  # as serve runs it: the last build's PDFs linked until replaced
        cache=cache,
        pdf_later=True,
        stale_pdfs=last.pdf_keys,
        ahead=shown.append,
        jobs=jobs,
        looking_at=looking_at if on_screen else None,
        **settings,
    )  # type: ignore[arg-type]
    build(pages_pass)
    files = read_tree(out)
    pages, *pdfs = shown
    assert len(pages) == 2 and all(name.endswith("/index.html") for name in pages)
    folders = [next(iter(pdf)).rsplit("/", 1)[0] for pdf in pdfs]
    listed = [name.rsplit("/", 1)[0] for name in pages]  # as the itinerary lists them
    assert folders == (listed[::-1] if on_screen else listed)
    if not private:
        days = [folder.split("/")[1][:10] for folder in folders]
        assert days == (["2027-05-11", "2027-05-10"] if on_screen else ["2027-05-10", "2027-05-11"])
    for each in shown:
        assert {name: files[name] for name in each} == each
    plain = opened(files) if private else files
    if private:
        assert all(b"Head of Route" not in page for page in pages.values())
    assert all(b"Head of Route" in plain[name] for name in pages)
    assert all("Head of Route" in pdf_text(plain[name]) for pdf in pdfs for name in pdf)
