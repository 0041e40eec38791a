"""The web app files (publish/webapp.py, icons.py, service_worker.py): what a build adds so the site installs and
works offline. The browser side is tested in tests/browser/test_offline.py."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from generator.publish.icons import icon_png, icon_svg
from generator.publish.webapp import (
    AppName,
    app_name,
    build_id,
    published_digests,
    web_app,
    web_app_files,
)
from generator.render.paths import Paths

SEOUL = Path(__file__).resolve().parents[1] / "fixtures" / "seoul_phone"
NAME = AppName("Seoul urban-data week", "Seoul", "Itinerary")


def listed(sw: bytes) -> dict[str, str]:
    match = re.search(rb"var FILES = (\{.*?\});", sw, re.DOTALL)
    assert match
    return json.loads(match.group(1))


def build_of(sw: bytes) -> str:
    match = re.search(rb'var BUILD = "([0-9a-f]+)";', sw)
    assert match
    return match.group(1).decode()


@pytest.fixture
def seoul_site(seoul_pages: Path) -> Path:
    return seoul_pages


def test_a_build_lists_every_published_file_in_its_service_worker(seoul_site: Path) -> None:
    published = {p.relative_to(seoul_site).as_posix() for p in seoul_site.rglob("*") if p.is_file()}
    files = listed((seoul_site / "sw.js").read_bytes())
    assert set(files) == published - {"sw.js", ".infoprep.json"} - {
        n for n in published if n.startswith(".infoprep-cache/")
    }
    assert {
        "index.html",
        "network.html",
        "itinerary.ics",
        "static/style.css",
        "static/offline.js",
        "manifest.webmanifest",
    } <= set(files)
    assert all(re.fullmatch(r"[0-9a-f]{16}", digest) for digest in files.values())


def test_every_page_links_the_manifest_icon_and_policy(seoul_site: Path) -> None:
    for page in seoul_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        root = "../" * page.relative_to(seoul_site).as_posix().count("/")
        assert f'<link rel="manifest" href="{root}manifest.webmanifest">' in text, page
        assert f'<link rel="icon" href="{root}icons/icon.svg" type="image/svg+xml">' in text, page
        assert '<meta http-equiv="Content-Security-Policy"' in text, page
        assert f'<script src="{root}static/offline.js" defer></script>' in text, page


def test_public_manifest_is_named_for_the_trip_with_relative_urls(seoul_site: Path) -> None:
    manifest = json.loads((seoul_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert (manifest["name"], manifest["short_name"]) == ("Seoul urban-data week", "Seoul")
    assert manifest["start_url"] == manifest["scope"] == manifest["id"] == "./"
    assert manifest["display"] == "standalone" and re.fullmatch(
        r"#[0-9a-f]{6}", manifest["theme_color"]
    )
    for icon in manifest["icons"]:
        assert (seoul_site / icon["src"]).is_file()
    assert {(i["sizes"], i["purpose"]) for i in manifest["icons"]} >= {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }


def test_private_manifest_names_nothing_from_the_trip() -> None:
    from generator.content.load import load

    trip = load(SEOUL, str(SEOUL)).info
    files = web_app(trip, True, {"index.html": b"sealed"}, {})
    manifest = files["manifest.webmanifest"].decode()
    assert json.loads(manifest)["name"] == "Private pages"
    for text in (trip.title, trip.city, trip.traveler.name, "Seoul", "Meera", "2027"):
        assert text not in manifest and text.encode() not in files["sw.js"]


def test_build_id_follows_the_content() -> None:
    digests = {"index.html": "a" * 64, "network.html": "b" * 64}
    assert build_id(digests) == build_id(dict(reversed(digests.items())))
    assert build_id(digests) != build_id({**digests, "network.html": "c" * 64})
    assert build_id(digests) != build_id({**digests, "followups.html": "b" * 64})
    first = web_app_files(NAME, digests)
    assert first == web_app_files(NAME, digests)
    assert build_of(first["sw.js"]) != build_of(
        web_app_files(NAME, {**digests, "index.html": "d" * 64})["sw.js"]
    )


def test_hidden_files_are_not_published(tmp_path: Path) -> None:
    source = tmp_path / "style.css"
    source.write_bytes(b"body {}")
    digests = published_digests(
        {"index.html": b"x", ".infoprep-cache/index.json": b"{}"},
        {"static/style.css": source, ".infoprep.json": source},
    )
    assert set(digests) == {"index.html", "static/style.css"}
    assert published_digests({}, {"static/style.css": source}, {"static/style.css": "f" * 64}) == {
        "static/style.css": "f" * 64
    }


@pytest.mark.parametrize(("size", "maskable"), [(192, False), (512, False), (512, True)])
def test_icons_are_square_pngs_of_the_size_named(size: int, maskable: bool) -> None:
    data = icon_png(size, maskable)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (size, size) and image.mode == "RGBA"
    corner, middle = image.getpixel((0, 0)), image.getpixel((size // 2, size // 2))
    assert middle == (255, 255, 255, 255) or middle[:3] == (
        0x1F,
        0x5F,
        0xA8,
    )  # the page, or a line on it
    # the "any" icon has rounded corners; a maskable one is full-bleed
    assert corner[3] == (255 if maskable else 0)
    assert image.getpixel((size // 8, size // 2)) == (
        0x1F,
        0x5F,
        0xA8,
        255,
    )  # the background, left of the page
    assert icon_png(size, maskable) == data


def test_svg_icon_is_the_same_picture() -> None:
    svg = icon_svg()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">')
    assert svg.count("<rect") == 6 and 'fill="#1f5fa8"' in svg and 'fill="#ffffff"' in svg


def test_web_app_files_are_where_paths_says() -> None:
    files = web_app_files(NAME, {"index.html": "a" * 64})
    paths = Paths()
    assert set(files) == {
        paths.manifest,
        paths.service_worker,
        paths.icon,
        paths.icon_192,
        paths.icon_512,
        paths.icon_maskable,
    }
    assert set(listed(files["sw.js"])) == {"index.html"} | set(files) - {paths.service_worker}


def test_app_name_public_and_private() -> None:
    from generator.content.load import load

    trip = load(SEOUL, str(SEOUL)).info
    assert app_name(trip, False).name == trip.title
    assert app_name(trip, True) == AppName(
        "Private pages", "Private", "Encrypted pages: unlock them with the passphrase."
    )
