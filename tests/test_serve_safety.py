"""`infoprep serve` without a browser: never a file outside the output folder, many parallel requests,
--port 0, rebuild failures that keep the server alive, a watcher that ignores our own writes."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from fixtures.building import build_options
from watchfiles import Change

from generator.build_options import BuildOptions
from generator.commands import serve as serve_module
from generator.commands.serve import (
    ServeState,
    ignore_output,
    make_handler,
    resolve_request,
    run_pass,
)

SAMPLE = Path(__file__).resolve().parents[1] / "content"
SECRET = b"TOP-SECRET-OUTSIDE"


@pytest.fixture
def layout(tmp_path: Path) -> Path:
    """tmp/out (the site) beside tmp/secret.txt and tmp/secret-dir, with symlinks from inside pointing out."""
    out = tmp_path / "out"
    (out / "static").mkdir(parents=True)
    (out / "index.html").write_bytes(b"<html><body>home</body></html>")
    (out / "static" / "style.css").write_bytes(b"body{}")
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (tmp_path / "secret-dir").mkdir()
    (tmp_path / "secret-dir" / "index.html").write_bytes(SECRET)
    (out / "link-out.txt").symlink_to(tmp_path / "secret.txt")
    (out / "dir-out").symlink_to(tmp_path / "secret-dir", target_is_directory=True)
    (out / "link-in.css").symlink_to(out / "static" / "style.css")
    return out


@pytest.mark.parametrize(
    "url",
    [
        "/../secret.txt",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/static%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/index.html%00.css",
        "//../secret.txt",
        "/link-out.txt",
        "/dir-out/",
        "/dir-out/index.html",
        "/nothing-here.html",
    ],
)
def test_requests_that_would_leave_the_output_folder_are_refused(layout: Path, url: str) -> None:
    assert resolve_request(layout, url) is None


def test_absolute_paths_stay_inside(layout: Path) -> None:
    secret = layout.parent / "secret.txt"
    assert resolve_request(layout, str(secret)) is None
    assert resolve_request(layout, "file://" + str(secret)) is None


def test_ordinary_requests_are_served(layout: Path) -> None:
    assert resolve_request(layout, "/") == (layout / "index.html").resolve()
    assert (
        resolve_request(layout, "/static/style.css?v=1#x")
        == (layout / "static" / "style.css").resolve()
    )
    assert resolve_request(layout, "/link-in.css") == (layout / "static" / "style.css").resolve()


@pytest.fixture
def live(layout: Path) -> Iterator[tuple[str, int, ServeState]]:
    state = ServeState()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(layout, state))
    server.daemon_threads = True
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    yield "127.0.0.1", server.server_address[1], state
    server.shutdown()


def _raw_get(host: str, port: int, path: str) -> tuple[int, bytes]:
    """A request with the path exactly as given (http.client does not clean `..` away)."""
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


@pytest.mark.parametrize(
    "path",
    ["/../secret.txt", "/%2e%2e/secret.txt", "/link-out.txt", "/dir-out/", "/..%2f..%2fsecret.txt"],
)
def test_live_server_never_answers_with_an_outside_file(live, path: str) -> None:
    host, port, _ = live
    status, body = _raw_get(host, port, path)
    assert status == 404 and SECRET not in body


def test_live_server_injects_reload_and_reports_status(live) -> None:
    host, port, state = live
    status, body = _raw_get(host, port, "/")
    assert status == 200 and body.endswith(
        b'<script src="/__infoprep__/preview.js?v=0"></script></body></html>'
    )
    status, script = _raw_get(
        host, port, "/__infoprep__/preview.js"
    )  # a file, not inline: pages allow no inline script
    assert status == 200 and b"/__infoprep__/events" in script and b"location.reload()" in script
    state.error = "trip.yaml:3: error: something"
    status, body = _raw_get(host, port, "/__infoprep__/status")
    assert json.loads(body) == {"version": 0, "error": "trip.yaml:3: error: something"}


def test_many_parallel_requests_all_answered(live) -> None:
    host, port, _ = live
    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(
            pool.map(
                lambda i: _raw_get(host, port, "/" if i % 2 else "/static/style.css")[0], range(120)
            )
        )
    assert results == [200] * 120


def test_a_crash_during_a_rebuild_keeps_the_server_going(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(options: BuildOptions) -> None:
        raise RuntimeError("template exploded")

    monkeypatch.setattr(serve_module, "build", broken)
    state = ServeState(version=3)
    said: list[str] = []
    run_pass(
        build_options(content=tmp_path, output=tmp_path / "out"),
        tmp_path / "out",
        state,
        said.append,
    )
    assert "RuntimeError: template exploded" in state.error
    assert "Traceback" in said[0]


def test_watcher_ignores_the_output_folder_inside_the_content(tmp_path: Path) -> None:
    content = tmp_path / "trip"
    output = content / "_site"
    allowed = ignore_output(output)
    assert allowed(Change.modified, str(content / "people" / "a.yaml"))
    assert not allowed(Change.added, str(output / "index.html"))
    assert not allowed(Change.added, str(content / "._site.infoprep-staging-123" / "index.html"))
    assert not allowed(Change.modified, str(content / "people" / ".a.yaml.swp"))


def test_port_zero_prints_the_real_port(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            str(SAMPLE),
            "-o",
            str(tmp_path / "out"),
            "--port",
            "0",
            "--no-pdf",
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline and "Serving" not in line:
            line = process.stderr.readline()  # type: ignore[union-attr]
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match and int(match.group(1)) > 0, line
        with urllib.request.urlopen(match.group(0) + "__infoprep__/status", timeout=5) as response:
            assert json.loads(response.read()) == {"version": 1, "error": ""}
        with urllib.request.urlopen(match.group(0), timeout=5) as response:
            assert b"Washington" in response.read()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)


def test_a_page_learns_what_changed_since_its_version(tmp_path: Path) -> None:
    """What the event stream tells a page that connects late: every file changed after the version it was served at;
    a page from an earlier preview process (a version the server never reached) is told to reload."""
    output = tmp_path / "out"
    output.mkdir()

    def publish(files: dict[str, str]) -> None:
        (output / ".infoprep.json").write_text(
            json.dumps({"generator": "infoprep", "files": files}), encoding="utf-8"
        )

    state = ServeState()
    publish({"index.html": "a", "network.html": "b", "meetings/x/index.html": "c"})
    state.published(output)
    publish({"index.html": "a", "network.html": "b2", "meetings/x/index.html": "c"})
    state.published(output)
    publish(
        {
            "index.html": "a",
            "network.html": "b2",
            "meetings/x/index.html": "c2",
            "meetings/y/index.html": "d",
        }
    )
    state.published(output)

    def told(since: int) -> dict[str, object]:
        return json.loads(state.event(since)[1].decode().removeprefix("data: "))

    assert told(1)["changed"] == ["meetings/x/index.html", "meetings/y/index.html", "network.html"]
    assert told(2)["changed"] == ["meetings/x/index.html", "meetings/y/index.html"]
    assert told(3) == {"version": 3, "error": "", "changed": [], "all": False}
    assert told(9)["all"] is True
    state.failed("people/x.yaml:3: error: a duplicate key")
    assert (
        told(3)["error"] == "people/x.yaml:3: error: a duplicate key" and told(3)["changed"] == []
    )


def test_a_page_shown_ahead_of_its_publish_is_served_until_the_pass_ends(
    live, layout: Path
) -> None:
    """Serve shows the edited person's page as soon as it is made: pages then get it from memory and
    are told it changed; a publish puts the output's files back in charge, and a failed pass the last
    published page (with its error)."""
    host, port, state = live
    version = state.version
    ahead = b"<html><body>made ahead</body></html>"

    def told(since: int) -> dict[str, object]:
        return json.loads(state.event(since)[1].decode().removeprefix("data: "))

    state.show_ahead({"index.html": ahead})
    assert told(version)["changed"] == ["index.html"]
    assert b"made ahead" in _raw_get(host, port, "/")[1]
    assert b"made ahead" in _raw_get(host, port, "/index.html")[1]
    state.show_ahead({"index.html": ahead})  # the same page again: nothing new to tell
    assert state.version == version + 1
    state.failed("people/x.yaml:3: error: a duplicate key")
    assert told(version + 1)["changed"] == ["index.html"]  # back to the published page
    assert b"home" in _raw_get(host, port, "/")[1]

    state.show_ahead({"index.html": ahead})
    published = state.version
    (layout / "index.html").write_bytes(ahead)  # the pass publishes what it showed
    (layout / ".infoprep.json").write_text(
        json.dumps(
            {"generator": "infoprep", "files": {"index.html": hashlib.sha256(ahead).hexdigest()}}
        ),
        encoding="utf-8",
    )
    state.published(layout)
    assert told(published)["changed"] == []  # shown already: no second reload
    (layout / "index.html").write_bytes(b"<html><body>edited on disk</body></html>")
    assert b"edited on disk" in _raw_get(host, port, "/")[1]  # the output's file again
