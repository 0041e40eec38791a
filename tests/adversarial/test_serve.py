"""Family "Faults", serve part: `infoprep serve` under many parallel requests keeps answering, listens on
127.0.0.1 only, and never serves a file outside its output folder (traversal, encodings, symlinks).

One real server (a subprocess, --no-pdf) serves the small trip for the whole module; every request
goes to 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from adversarial.helpers import EPOCH, MEETING_ID, TRIP, Workspace, copy_tree


@dataclass(frozen=True)
class Server:
    ws: Workspace
    port: int
    banner: str
    proc: subprocess.Popen

    def get(self, path: str, method: str = "GET") -> tuple[int, bytes]:
        """One request with the path sent exactly as given (no client-side normalisation)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("serve")
    ws = Workspace(root / "work")
    copy_tree(TRIP, ws.content)
    (root / "secret.txt").write_text("TOPSECRET beside the workspace\n", encoding="utf-8")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "INFOPREP_PASSWORD")}
    env["SOURCE_DATE_EPOCH"] = EPOCH
    log = root / "serve.err"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "content",
            "-o",
            "out",
            "--port",
            str(port),
            "--no-pdf",
        ],
        cwd=ws.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        banner = ""
        while time.monotonic() < deadline and not banner:
            banner = next(
                (
                    line
                    for line in log.read_text(errors="replace").splitlines()
                    if line.startswith("Serving")
                ),
                "",
            )
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        assert banner, f"serve did not start: {log.read_text(errors='replace')}"
        # Things a request might try to reach: links out of the output folder, and files beside it.
        (ws.output / "leak.txt").symlink_to("/etc/passwd")
        (ws.output / "etcdir").symlink_to("/etc")
        (ws.output / "content-link").symlink_to(ws.content)
        (ws.output / "secret-link.txt").symlink_to(root / "secret.txt")
        yield Server(ws, port, banner, proc)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


PAGES = [
    "/",
    "/index.html",
    "/network.html",
    "/followups.html",
    f"/meetings/{MEETING_ID}/",
    f"/meetings/{MEETING_ID}/index.html",
]
ASSETS = ["/static/style.css", "/static/site.js", "/itinerary.ics", "/robots.txt"]


def test_listens_on_loopback_only(server: Server) -> None:
    from generator.cli import serve

    assert re.fullmatch(
        rf"Serving out/ at http://127\.0\.0\.1:{server.port}/ \(Ctrl-C to stop\)", server.banner
    ), server.banner
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"
    # The kernel's own table: the listening socket on our port is bound to 127.0.0.1, not 0.0.0.0.
    listening = [
        line.split()[1]
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == server.port
    ]
    assert listening == [f"0100007F:{server.port:04X}"]
    six = Path("/proc/net/tcp6")
    if six.exists():
        assert not [
            line
            for line in six.read_text().splitlines()[1:]
            if int(line.split()[1].split(":")[1], 16) == server.port and line.split()[3] == "0A"
        ]


def test_two_hundred_parallel_requests_all_answer(server: Server) -> None:
    paths = [(PAGES + ASSETS)[n % len(PAGES + ASSETS)] for n in range(200)]
    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(server.get, paths))
    assert [status for status, _ in results] == [200] * 200
    for path, (_, body) in zip(paths, results, strict=True):
        if path in ASSETS:
            assert body == (server.ws.output / path.lstrip("/")).read_bytes()
        else:
            assert body.rstrip().endswith(b"</html>")


def test_keeps_answering_through_a_rebuild(server: Server) -> None:
    trip = server.ws.content / "trip.yaml"
    original = trip.read_text(encoding="utf-8")
    paths = [(PAGES + ASSETS)[n % len(PAGES + ASSETS)] for n in range(200)]
    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            futures = []
            for n, path in enumerate(paths):
                if n == 20:
                    trip.write_text(original + "# touched\n", encoding="utf-8")
                futures.append(pool.submit(server.get, path))
                time.sleep(0.004)
            statuses = [f.result()[0] for f in futures]
    finally:
        trip.write_text(original, encoding="utf-8")
    assert statuses == [200] * 200


TRAVERSALS = [
    "/../etc/passwd",
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/..%2f..%2f..%2fetc%2fpasswd",
    "/static/..%2f..%2f..%2fetc%2fpasswd",
    "//etc/passwd",
    "///etc/passwd",
    "/static/..%5c..%5c..%5cetc%5cpasswd",
    "/static/..\\..\\etc\\passwd",
    "/%00",
    "/index.html%00.css",
    "/meetings/../../content/trip.yaml",
    "/static/%2e%2e/%2e%2e/content/trip.yaml",
    "/../secret.txt",
    "/leak.txt",
    "/etcdir/passwd",
    "/content-link/trip.yaml",
    "/secret-link.txt",
    "/etc/passwd",
    "http://127.0.0.1/../../etc/passwd",
    "/%252e%252e/%252e%252e/etc/passwd",
    "/.%2e/.%2e/etc/passwd",
    "/%E2%80%A5/etc/passwd",
    "/%EF%BC%8E%EF%BC%8E/etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_outside_the_output_is_served(server: Server, path: str) -> None:
    for method in ("GET", "HEAD"):
        status, body = server.get(path, method)
        assert status in (400, 404, 421), (method, path, status)
        assert b"root:" not in body and b"TOPSECRET" not in body and b"timezone:" not in body


def test_status_endpoint_and_pages_do_not_leak_paths(server: Server) -> None:
    status, body = server.get("/__infoprep__/status")
    assert status == 200 and b'"error": ""' in body
    assert str(server.ws.root).encode() not in server.get("/")[1]


# ---- issue 13: DNS rebinding, smuggled bodies, clients that go away ------------------------------


def _raw(server: Server, request: bytes, read_for: float = 2.0) -> bytes:
    """Send bytes as they are and read what comes back until the server stops or `read_for` seconds pass."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=read_for) as sock:
        sock.sendall(request)
        chunks = []
        with contextlib.suppress(TimeoutError, socket.timeout):
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)


@pytest.mark.parametrize(
    "host",
    [
        "attacker.example",
        "attacker.example:{port}",
        "localhost.attacker.example:{port}",
        "127.0.0.1",
        "localhost:1",
    ],
)
def test_a_host_that_is_not_this_machine_gets_nothing(server: Server, host: str) -> None:
    """DNS rebinding: a page on attacker.example whose name now resolves to 127.0.0.1 must read no page, no note."""
    answer = _raw(
        server,
        "GET /network.html HTTP/1.1\r\nHost: "
        f"{host.format(port=server.port)}\r\nConnection: close\r\n\r\n".encode(),
    )
    assert answer.startswith(b"HTTP/1.1 421"), answer[:80]
    assert b"Jos" not in answer and b"Kim" not in answer


@pytest.mark.parametrize("host", ["localhost:{port}", "127.0.0.1:{port}"])
def test_this_machine_by_name_or_address_is_answered(server: Server, host: str) -> None:
    answer = _raw(
        server,
        f"GET / HTTP/1.1\r\nHost: {host.format(port=server.port)}\r\nConnection: "
        "close\r\n\r\n".encode(),
    )
    assert answer.startswith(b"HTTP/1.1 200")


def test_a_request_body_is_never_read_as_a_second_request(server: Server) -> None:
    """A GET with a body that holds a whole request for another host: the body is read and dropped, not answered."""
    host = f"127.0.0.1:{server.port}"
    smuggled = b"GET /network.html HTTP/1.1\r\nHost: attacker.example\r\n\r\n"
    request = (
        f"GET /robots.txt HTTP/1.1\r\nHost: {host}\r\nContent-Length: "
        f"{len(smuggled)}\r\n\r\n".encode()
        + smuggled
        + f"GET /robots.txt HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    )
    answer = _raw(server, request)
    assert answer.count(b"HTTP/1.1 200") == 2 and b"HTTP/1.1 421" not in answer, answer[:300]
    assert _raw(
        server,
        f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 3\r\nConnection: "
        "close\r\n\r\nabc".encode(),
    ).startswith(b"HTTP/1.1 405")


def test_clients_that_go_away_leave_no_traceback(server: Server) -> None:
    """Thirty browsers closing their tab mid-answer: the preview keeps answering and prints nothing about it."""
    log = server.ws.root.parent / "serve.err"
    before = log.read_text(errors="replace")
    for _ in range(30):
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(
                f"GET /network.html HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode()
            )
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )  # reset at close
    time.sleep(0.5)
    assert server.get("/")[0] == 200
    after = log.read_text(errors="replace")[len(before) :]
    assert (
        "Traceback" not in after and "BrokenPipe" not in after and "ConnectionReset" not in after
    ), after


@pytest.mark.parametrize(
    "path", ["/sw.js", "/", "/network.html", "/static/site.js", "/itinerary.ics", "/no-such-file"]
)
def test_nothing_served_is_readable_by_another_origin(server: Server, path: str) -> None:
    """Issue 26, item 11: a page elsewhere loaded sw.js as a script and read the file list (who you meet, when)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        conn.request("GET", path, headers={"Host": f"localhost:{server.port}"})
        response = conn.getresponse()
        response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()
    assert headers.get("x-content-type-options") == "nosniff", headers
    assert headers.get("cross-origin-resource-policy") == "same-origin", headers


def test_sw_js_run_as_a_script_elsewhere_leaves_nothing_behind(server: Server) -> None:
    """Without the headers (a published site): the worker stops at once outside a worker, and
    defines no global. The preview answers no sw.js at all (it keeps no offline copy)."""
    assert server.get("/sw.js")[0] == 404
    body = (server.ws.root / "out" / "sw.js").read_bytes()  # as the build wrote it
    assert b"jose-alvarez" in body
    script = (
        "const vm = require('vm'); const ctx = {self: {}, console}; ctx.window = ctx;"
        "try { vm.runInNewContext(require('fs').readFileSync(0, 'utf8'), ctx); } catch (e) {}"
        "process.stdout.write(JSON.stringify(Object.keys(ctx)));"
    )
    ran = subprocess.run(
        ["node", "-e", script], input=body.decode(), capture_output=True, text=True, timeout=30
    )
    assert ran.returncode == 0, ran.stderr
    assert sorted(json.loads(ran.stdout)) == ["console", "self", "window"]
