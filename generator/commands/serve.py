"""`infoprep serve`: build, serve the output on 127.0.0.1, rebuild and reload on change.

The server only ever answers with files inside the output folder (paths are
resolved and checked, symlinks included). Each HTML response gets a small script
(/__infoprep__/reload.js, the one file not from the output) that polls /__infoprep__/status and reloads the page after a rebuild, or shows the
content error when a rebuild fails; the server keeps running either way.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import mimetypes
import os
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.build import BuildOptions, build
from generator.errors import ContentError, InfoprepError
from generator.render.theme import THEMES_DIR

RELOAD_PATH = "/__infoprep__/reload.js"
RELOAD_JS = b"""(function(){var v=null;function poll(){fetch('/__infoprep__/status',{cache:'no-store'}).then(function(r){return r.json()}).then(function(s){if(v!==null&&s.version!==v){location.reload();return}v=s.version;var b=document.getElementById('infoprep-error');if(s.error){if(!b){b=document.createElement('pre');b.id='infoprep-error';b.setAttribute('role','alert');b.style.cssText='position:fixed;left:0;right:0;bottom:0;margin:0;max-height:50vh;overflow:auto;background:#8a1f1f;color:#fff;padding:12px;font:14px/1.4 monospace;z-index:99;white-space:pre-wrap';document.body.appendChild(b)}b.textContent='infoprep: the last rebuild failed; showing the previous build.\\n\\n'+s.error}else if(b){b.remove()}}).catch(function(){}).then(function(){setTimeout(poll,700)})}poll()})();
"""
"""Polls the status, reloads after a rebuild, shows a failed rebuild's error. A file of its own, not an inline
script: every page's Content-Security-Policy runs only the site's own scripts (publish/webapp.py)."""
RELOAD_SCRIPT = b'<script src="' + RELOAD_PATH.encode() + b'"></script>'


@dataclass
class ServeState:
    version: int = 0
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def status(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}).encode()


def resolve_request(output: Path, url_path: str) -> Path | None:
    """The file a URL names inside `output`, or None for anything that would leave it."""
    raw = unquote(urlsplit(url_path).path)
    if "\0" in raw or "\\" in raw:
        return None
    parts = [p for p in raw.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    root = output.resolve()
    target = (root / Path(*parts)) if parts else root
    if target.is_dir():
        target = target / "index.html"
    try:
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real


MAX_BODY = 1 << 20
"""A request body infoprep reads and throws away (no request needs one); a bigger one ends the connection."""
IDLE_SECONDS = 30
"""A connection that sends nothing for this long is closed: idle keep-alive connections would pile up."""


def allowed_host(host: str, port: int) -> bool:
    """Whether a request's Host header names this server as a browser on this machine would: `localhost` or an IP
    address, with the port. Any other name (`attacker.example` resolving to 127.0.0.1: DNS rebinding) is refused,
    or a web page elsewhere could read every page of the preview, notes included."""
    name, _, given = host.rpartition(":")
    if not name or given != str(port):
        return False
    if name == "localhost":
        return True
    try:
        ipaddress.ip_address(name[1:-1] if name.startswith("[") and name.endswith("]") else name)
    except ValueError:
        return False
    return True


class PreviewServer(ThreadingHTTPServer):
    """A thread per connection, a deep listen queue (a page opens a dozen requests at once), quiet when a client
    goes away mid-answer."""

    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # the browser closed the tab, or went quiet: not the preview's problem
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def make_handler(output: Path, state: ServeState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "infoprep"
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes; without this each response waits ~40 ms for an ACK
        timeout = IDLE_SECONDS

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet by default
            return

        def _send(self, status: int, body: bytes, kind: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                # Nothing the preview serves is for another origin: a page elsewhere may not load sw.js (which
                # lists every file: who you meet, when) or a page as a script, nor sniff one into a type.
                self.send_header("X-Content-Type-Options", "nosniff")
                self.send_header("Cross-Origin-Resource-Policy", "same-origin")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
            except ConnectionError:
                self.close_connection = True

        def _drain(self) -> None:
            """Read the request's body, so it is never taken for the next request on this connection."""
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > MAX_BODY or self.headers.get("Transfer-Encoding"):
                self.close_connection = True
            elif length:
                self.rfile.read(length)

        def _refused(self) -> bool:
            """Answer 421 to a request whose Host is not this server on this machine (see allowed_host)."""
            self._drain()
            port = int(self.server.server_address[1])  # type: ignore[index]
            if allowed_host(self.headers.get("Host", ""), port):
                return False
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"This preview answers only http://localhost:%d/" % port, "text/plain; charset=utf-8")
            return True

        def do_HEAD(self) -> None:
            self.do_GET()

        def _no(self) -> None:
            if not self._refused():
                self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"Only GET and HEAD", "text/plain; charset=utf-8")

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _no  # noqa: N815 - http.server's names

        def do_GET(self) -> None:
            if self._refused():
                return
            if self.path.split("?")[0] == "/__infoprep__/status":
                self._send(HTTPStatus.OK, state.status(), "application/json")
                return
            if self.path.split("?")[0] == RELOAD_PATH:
                self._send(HTTPStatus.OK, RELOAD_JS, "text/javascript; charset=utf-8")
                return
            file = resolve_request(output, self.path)
            if file is None:
                self._send(HTTPStatus.NOT_FOUND, b"Not found", "text/plain; charset=utf-8")
                return
            try:
                body = file.read_bytes()
            except OSError:
                self._send(HTTPStatus.NOT_FOUND, b"Not found", "text/plain; charset=utf-8")
                return
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind == "text/html":
                body = body.replace(b"</body>", RELOAD_SCRIPT + b"</body>", 1)
                kind += "; charset=utf-8"
            self._send(HTTPStatus.OK, body, kind)

    return Handler


def _rebuild(options: BuildOptions, state: ServeState, echo: Callable[[str], None]) -> None:
    try:
        report = build(options)
    except ContentError as exc:
        with state.lock:
            state.error = "\n".join(str(f) for f in exc.findings)
        echo(state.error)
        return
    except InfoprepError as exc:
        with state.lock:
            state.error = str(exc)
        echo(f"error: {exc}")
        return
    except Exception as exc:  # noqa: BLE001 - a bug (or a broken template override) must not stop the preview
        with state.lock:
            state.error = f"internal error: {type(exc).__name__}: {exc}"
        echo(traceback.format_exc().rstrip())
        return
    with state.lock:
        state.error = ""
        state.version += 1
    echo(f"{datetime.now():%H:%M:%S} rebuilt {len(report.plan.packets)} packets in {report.seconds:.1f}s")


def ignore_output(output: Path) -> Callable[[object, str], bool]:
    """A watchfiles filter: editor droppings and our own writes (an output folder inside the content
    folder, its staging and swap folders) must not trigger a rebuild, or the preview would loop."""
    from watchfiles import DefaultFilter

    default = DefaultFilter()
    out = output.resolve()
    prefix = f".{out.name}.infoprep-"

    def allowed(change: object, path: str) -> bool:
        real = Path(path).resolve()
        if real == out or real.is_relative_to(out):
            return False
        if any(part.startswith(prefix) for part in real.relative_to(real.anchor).parts):
            return False
        return default(change, path)  # type: ignore[arg-type]

    return allowed


def listen(host: str, port: int, handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    """The server, bound to its port; a port that is taken (or an address that cannot be used) is an InfoprepError
    saying how to choose another."""
    try:
        return PreviewServer((host, port), handler)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            why = "is in use by another program" if exc.errno == errno.EADDRINUSE else "needs privileges to listen on"
            raise InfoprepError(
                f"port {port} on {host} {why}; choose another with --port N (e.g. --port {port + 1 if port else 8001}), "
                "or --port 0 to pick a free one"
            ) from None
        raise InfoprepError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def serve(content: Path, output: Path, host: str, port: int, pdf: bool, echo: Callable[[str], None]) -> None:
    from watchfiles import watch

    # One salt for the whole session: a private preview keeps its file names and the browser's key across rebuilds.
    options = BuildOptions(content=content, output=output, pdf=pdf, quiet=True, private_salt=os.urandom(16))
    state = ServeState()
    server = listen(host, port, make_handler(output, state))  # before the build: a port in use fails in a moment
    try:
        _rebuild(options, state, echo)
        if not output.is_dir():
            raise InfoprepError(f"{output}: nothing to serve; fix the errors above and run again")
    except BaseException:
        server.server_close()
        raise
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    echo(f"Serving {output}/ at http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)")
    watched = [str(content), str(THEMES_DIR)]
    try:
        for _changes in watch(*watched, watch_filter=ignore_output(output), debounce=300, step=100):
            _rebuild(options, state, echo)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
