"""The site as a web app: a manifest to install it, icons, and a service worker that keeps it
offline.

    # {output path: bytes}
    files = web_app(trip, private, published_files, published_sources, known_digests)

Pure: given the files a build publishes (their bytes, or the finished files on disk to read), it
returns the few files to add. The build id is a digest of every other file's digest, so the same
content gives the same sw.js (builds with SOURCE_DATE_EPOCH stay byte-identical) and any change
gives a new one, which the browser installs on its next visit online.

A private site's trip title may name people ("Meeting Dr. Raghunathan's team"), and the manifest is
one of the few plain files: there, the app is called "Private pages", as its lock screen is, and
nothing else in these files comes from the content. Its words are the trip's page language, as
the pages' are (the lock screen says the same words in the same language).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.content.catalog import Words, words_for
from generator.content.models import TripFile
from generator.plan.dates import DateStyle
from generator.publish.icons import icon_png, icon_svg
from generator.publish.service_worker import service_worker
from generator.render.page_policy import THEME_COLOR
from generator.render.paths import Paths

BACKGROUND_COLOR = "#f4f6f9"
"""The page background (--wash): the splash screen while an installed app starts."""


@dataclass(frozen=True)
class AppName:
    """What the installed app is called, on the home screen and in the app switcher."""

    name: str
    short_name: str
    description: str
    lang: str = "en"
    """The BCP 47 tag of the language these words are in."""


def app_name(trip: TripFile, private: bool, words: Words | None = None) -> AppName:
    """`words`: the trip's page language (its own `translations:` over the catalog) by default."""
    words = words or words_for(trip.defaults.page_language, trip.translations)
    lang = words.language.tag
    if private:
        return AppName(
            words.gettext("Private pages"),
            words.gettext("Private"),
            words.gettext("Encrypted pages: unlock them with the passphrase."),
            lang,
        )
    span = DateStyle(trip.defaults.date_locale).date_range(trip.start, trip.end)
    return AppName(
        trip.title,
        trip.city,
        words.phrase(
            "Itinerary and meeting packets: %(city)s, %(dates)s", city=trip.city, dates=span
        ),
        lang,
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def published_digests(
    files: Mapping[str, bytes], sources: Mapping[str, Path], known: Mapping[str, str] | None = None
) -> dict[str, str]:
    """SHA-256 of every file the site publishes: `files` by their bytes, `sources` (files copied or
    linked as they are) from `known` or read.

    Hidden names (the build's marker and cache) are not published.
    """
    known = known or {}
    out = {name: _sha256(data) for name, data in files.items() if not _hidden(name)}
    for name, path in sources.items():
        if not _hidden(name) and name not in out:
            out[name] = known.get(name) or _sha256(path.read_bytes())
    return out


def _hidden(name: str) -> bool:
    return any(part.startswith(".") for part in name.split("/"))


def build_id(digests: Mapping[str, str]) -> str:
    """One digest for the whole build: of every file's name and digest, in order."""
    lines = "".join(f"{name}\0{digest}\n" for name, digest in sorted(digests.items()))
    return _sha256(lines.encode("utf-8"))[:20]


def manifest(name: AppName, paths: Paths) -> bytes:
    """The web app manifest.

    Its URLs are relative to itself (at the site root), so the app works under any
    sub-path: a GitHub Pages project site is https://you.github.io/trip/.
    """
    data = {
        "name": name.name,
        "short_name": name.short_name,
        "description": name.description,
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "lang": name.lang,
        "dir": "ltr",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": paths.icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
            {"src": paths.icon_192, "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": paths.icon_512, "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": paths.icon_maskable,
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def web_app_files(
    name: AppName, digests: Mapping[str, str], paths: Paths | None = None, worker: str | None = None
) -> dict[str, bytes]:
    """The manifest, the icons and the service worker for a site whose other files have these
    `digests`; `worker`:
    the theme's service-worker code (publish/service_worker.py).
    """
    paths = paths or Paths()
    app = {
        paths.manifest: manifest(name, paths),
        paths.icon: icon_svg().encode("utf-8"),
        paths.icon_192: icon_png(192),
        paths.icon_512: icon_png(512),
        paths.icon_maskable: icon_png(512, maskable=True),
    }
    saved = {**digests, **{n: _sha256(data) for n, data in app.items()}}
    saved.pop(paths.service_worker, None)
    build = build_id(saved)
    app[paths.service_worker] = service_worker(build, {n: d[:16] for n, d in saved.items()}, worker)
    return app


def web_app(
    trip: TripFile,
    private: bool,
    files: Mapping[str, bytes],
    sources: Mapping[str, Path],
    known: Mapping[str, str] | None = None,
    worker: str | None = None,
) -> dict[str, bytes]:
    """The build's hook: the web app's files for a site that publishes `files` and `sources` (see
    published_digests)."""
    return web_app_files(
        app_name(trip, private), published_digests(files, sources, known), worker=worker
    )
