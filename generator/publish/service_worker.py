"""The service worker (sw.js): keeps one build of the site on the device, so it opens with no
network.

Why this shape:
- The worker lists every file of its build with a short digest, and names its cache by the build
  ("infoprep <scope> <build>"), so a new build is a new worker: the browser compares sw.js byte for
  byte on each visit online, installs the new one, which saves the new build, and the old caches of
  this site (and only of this site: the scope is in the name) are removed once it takes over.
- A file whose digest did not change is copied from the old cache instead of downloaded again: after
  one packet changes, a phone on a weak signal fetches that packet, not the whole site. A file
  downloaded is checked against its digest, so a copy never mixes two builds.
- Saved responses are copies (a redirected response, from a host that sends x.html to x, could not
  answer a page later) that keep only the type from the headers.
- Network first, the saved copy when the network fails or stays silent for NETWORK_WAIT ms: online,
  the page is always the published one; underground, it is the saved one. A page served from the
  saved copy gets `<meta name="infoprep-offline" content="ISO time saved">`, which static/offline.js
  turns into a note.
- It saves the files exactly as served. On a private site those are the encrypted shells and `.bin`
  files, so nothing readable is written to the device (tests/browser/test_offline.py reads every
  cache entry).
- Only GET requests for files of the build, inside the scope, are answered; anything else (serve's
  live-reload status, other sites on the origin) goes to the network untouched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

NETWORK_WAIT_MS = 4000
"""How long a request may wait for the network before the saved copy answers (a train between
stations)."""

SAVED_MARKER = "__infoprep__/saved"
"""A cache entry (not a file of the site) holding when this copy was saved."""

WORKER_TEMPLATE = "sw.js"
"""The worker's code, a file of the theme's templates/ (a theme may override it), read as it is."""


def default_worker_code() -> str:
    from generator.render.theme import THEMES_DIR

    return (THEMES_DIR / "default" / "templates" / WORKER_TEMPLATE).read_text(encoding="utf-8")


def service_worker(build: str, files: Mapping[str, str], code: str | None = None) -> bytes:
    """sw.js for one build.

    `files`: output path -> a digest of its bytes (every file the worker saves); `code`: the theme's
    templates/sw.js (the default theme's when None).

    The file list names every file of the site (on a public site, who you meet and when): loaded as
    a script by a page of another origin, sw.js must give nothing away. It stops at once outside a
    service worker, and keeps everything inside a function, so no global is left behind.
    """
    head = (
        "/* infoprep service worker: this build of the site, saved on the device so it opens "
        "offline. */\n"
        '"use strict";\n'
        'if (typeof ServiceWorkerGlobalScope === "undefined" || !(self instanceof '
        "ServiceWorkerGlobalScope)) "
        'throw new Error("not a service worker");\n'
        "(function () {\n"
        f"var BUILD = {json.dumps(build)};\n"
        f"var NETWORK_WAIT = {NETWORK_WAIT_MS};\n"
        f"var SAVED = {json.dumps(SAVED_MARKER)};\n"
        f"var FILES = {json.dumps(dict(sorted(files.items())), indent=0, ensure_ascii=True)};\n"
    )
    return (head + (code if code is not None else default_worker_code()) + "\n})();\n").encode(
        "utf-8"
    )
