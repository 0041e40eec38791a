"""Real-browser fixtures: Debian's Chromium driven by Playwright (never a downloaded browser).

The browser itself is the suite's one `browser` (tests/conftest.py, fixtures/chromium.py). Without
/usr/bin/chromium (or the playwright package) these tests skip with the reason; under CI
(CI=true) they fail instead, so a CI image that lost its browser cannot pass silently.

Builds are made once per session and shared: the sample trip without PDFs (public), and a tiny
private trip of two meetings with PDFs (for the download test), both into tmp folders.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fixtures.mini_trip import Site, private_copy

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "content"
PASSPHRASE = "correct horse battery staple"
TODAY = date(2027, 3, 1)
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def page(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh phone-sized tab in its own context (its own storage); JS errors and anything the pages'
    Content-Security-Policy refuses fail the test."""
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield tab
    context.close()
    assert not errors, errors


@pytest.fixture(scope="session")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    from fixtures.building import build_options

    from generator.build import build

    root = tmp_path_factory.mktemp("public")
    output = root / "site"
    build(
        build_options(content=SAMPLE, output=output, pdf=False, today=TODAY, quiet=True, environ={})
    )
    return Site(SAMPLE, output)


SEOUL = REPO / "tests" / "fixtures" / "seoul_phone"
"""Seoul, A4, names in Hangul, Irish, Cyrillic and Chinese (with name_lang), a 4-meeting day, a call to Dublin."""
SEOUL_TODAY = date(2027, 10, 1)


@pytest.fixture(scope="session")
def seoul_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The Seoul trip, public, with PDFs."""
    from fixtures.building import build_options

    from generator.build import build

    output = tmp_path_factory.mktemp("seoul") / "site"
    build(
        build_options(
            content=SEOUL,
            output=output,
            pdf=True,
            jobs=1,
            today=SEOUL_TODAY,
            quiet=True,
            environ={},
        )
    )
    return Site(SEOUL, output)


TINY_PHOTO_NOTE = "\nnotes: |\n  Met at the transit summit.\n\n  ![Dana at the summit](assets/dana-okafor-summit.png)\n"


@pytest.fixture(scope="session")
def private_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Two meetings of the scaffold trip, private, with PDFs and a picture in a person's notes."""
    from fixtures.building import build_options
    from PIL import Image

    from generator.build import build
    from generator.commands.new import scaffold

    root = tmp_path_factory.mktemp("private")
    scaffolded = root / "scaffold"
    scaffold(scaffolded)
    content = private_copy(root / "trip", scaffolded)
    schedule = (content / "schedule.yaml").read_text(encoding="utf-8")
    (content / "schedule.yaml").write_text(
        schedule.split("\n- person: priya-shah")[0] + "\n", encoding="utf-8"
    )
    shutil.rmtree(content / "people")
    (content / "people").mkdir()
    for slug in ("dana-okafor", "luis-romero"):
        shutil.copy(scaffolded / "people" / f"{slug}.yaml", content / "people" / f"{slug}.yaml")
    person = content / "people" / "dana-okafor.yaml"
    text = re.sub(
        r"^notes:.*?(?=^\S|\Z)",
        "",
        person.read_text(encoding="utf-8"),
        flags=re.MULTILINE | re.DOTALL,
    )
    person.write_text(text.rstrip("\n") + "\n" + TINY_PHOTO_NOTE, encoding="utf-8")
    (content / "assets").mkdir()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(content / "assets" / "dana-okafor-summit.png")
    output = root / "site"
    build(
        build_options(
            content=content,
            output=output,
            pdf=True,
            jobs=1,
            today=TODAY,
            quiet=True,
            environ={"INFOPREP_PASSWORD": PASSPHRASE},
        )
    )
    return Site(content, output)


@pytest.fixture(scope="session")
def http_server() -> Iterator[Callable[..., str]]:
    """serve(folder, sub_path, pretty=False) -> base URL: the folder as a plain static host would serve it, under a
    sub-path; `pretty`: also serve x.html as x, as Netlify's Pretty URLs and Cloudflare Pages do."""
    servers: list[ThreadingHTTPServer] = []

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    class Pretty(Quiet):
        def translate_path(self, path: str) -> str:
            real = super().translate_path(path)
            if not os.path.exists(real) and os.path.isfile(real + ".html"):
                return real + ".html"
            return real

    def serve(folder: Path, sub_path: str = "", pretty: bool = False) -> str:
        if sub_path:
            host_root = folder.parent / f"host-{len(servers)}"
            mount = host_root / sub_path
            mount.parent.mkdir(parents=True, exist_ok=True)
            if not mount.exists():
                mount.symlink_to(folder, target_is_directory=True)
        else:
            host_root = folder
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0),
            functools.partial(Pretty if pretty else Quiet, directory=str(host_root)),
        )
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/" + (
            f"{sub_path}/" if sub_path else ""
        )

    yield serve
    for server in servers:
        server.shutdown()
