"""`infoprep serve`: build, serve the output on 127.0.0.1, rebuild and reload on change.

The server only ever answers with files inside the output folder (paths are resolved and checked,
symlinks included). Each HTML response gets the theme's preview script (templates/_preview.js,
served at /__infoprep__/preview.js), which listens to a stream of Server-Sent Events
(/__infoprep__/events): after each rebuild the page reloads if its own file changed, keeping its
scroll position, or shows the located error of a failed rebuild over the last good page; the server
keeps running either way.

A change shows as pages first: each rebuild is a pass that templates the pages and links them to the
PDFs it has (the cached ones of unchanged print pages, else the last build's), publishes them, and
only then, in a background thread, a full pass renders the PDFs and the binder. A save while that
runs cancels it (the pool stops its workers: pool.Superseded) before the next pages pass, so no
stale work queues up.
"""

from __future__ import annotations

import errno
import hashlib
import ipaddress
import json
import mimetypes
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from generator.build import build
from generator.build_options import BuildOptions, BuildReport
from generator.errors import ContentError, InfoprepError
from generator.output import manifest
from generator.printing.binder_parts import PreparedParts
from generator.printing.pool import PdfPool, Superseded, default_workers, pdf_timeout
from generator.publish.keys import DerivedKeys
from generator.render.memo import RenderMemo
from generator.render.paths import Paths
from generator.render.theme import THEMES_DIR, CompiledTemplates

PREVIEW_PATH = "/__infoprep__/preview.js"
EVENTS_PATH = "/__infoprep__/events"
STATUS_PATH = "/__infoprep__/status"
PREVIEW_SCRIPT = THEMES_DIR / "default" / "templates" / "_preview.js"
"""The script added to every page the preview answers with: it listens for rebuilds and reloads its
page when its file changed (a file of its own, not inline: every page's Content-Security-Policy runs
only scripts from files)."""

KEEP_ALIVE = 15.0
"""Seconds between comments on an idle event stream, so a dead connection is noticed and its thread
ends."""

HISTORY = 200
"""Rebuilds whose changed files are remembered for a page that connects late; an older page just
reloads."""


@dataclass
class ServeState:
    """What the preview has published: a version counted up by every rebuild, the files each one
    changed (by their output path, from the output's manifest), and the error of the last rebuild if
    it failed."""

    version: int = 0
    error: str = ""
    changed: dict[int, frozenset[str]] = field(default_factory=dict)
    manifest: dict[str, str] = field(default_factory=dict)
    """The output's files as last published, with their SHA-256 (output.py's manifest); a page
    shown ahead of its publish counts as published."""

    ahead: dict[str, bytes] = field(default_factory=dict)
    """Pages and packet PDFs of the pass now running, shown before it publishes them
    (BuildOptions.ahead), by output path."""

    behind: dict[str, str | None] = field(default_factory=dict)
    """What `manifest` said of each file shown ahead before it was: put back if the pass fails."""

    looked_at: str | None = None
    """The page the preview served last, by output path: the one on screen (its packet's PDF is
    printed first after an edit, BuildOptions.looking_at)."""

    condition: threading.Condition = field(default_factory=threading.Condition)

    @property
    def lock(self) -> threading.Condition:
        return self.condition

    def status(self) -> bytes:
        with self.condition:
            return json.dumps({"version": self.version, "error": self.error}).encode()

    def show_ahead(self, files: Mapping[str, bytes]) -> None:
        """Pages (and packet PDFs) made by a pass that has not published yet: served from memory,
        and announced as changed, until the pass publishes them (or fails)."""
        with self.condition:
            changed = set()
            for name, data in files.items():
                digest = hashlib.sha256(data).hexdigest()
                if self.manifest.get(name) != digest:
                    self.behind.setdefault(name, self.manifest.get(name))
                    self.manifest[name] = digest
                    self.ahead[name] = data
                    changed.add(name)
            if changed:
                self._advance(frozenset(changed))

    def saw(self, name: str) -> None:
        """The preview served this page (by output path): the one on screen now."""
        with self.condition:
            self.looked_at = name

    def page(self, name: str) -> bytes | None:
        """A file shown ahead of its publish, by output path."""
        with self.condition:
            return self.ahead.get(name)

    def published(self, output: Path) -> frozenset[str]:
        """A rebuild succeeded: the files that differ from the last published ones (new, changed or
        gone)."""
        now = manifest(output)
        with self.condition:
            changed = frozenset(
                n for n in {*now, *self.manifest} if now.get(n) != self.manifest.get(n)
            )
            self.manifest, self.error = now, ""
            self.ahead, self.behind = {}, {}
            self._advance(changed)
        return changed

    def failed(self, error: str) -> None:
        """A rebuild failed: its error is shown over the last published pages (a page shown ahead
        goes back to the published one)."""
        with self.condition:
            self.error = error
            self._advance(frozenset(self._back()))

    def _back(self) -> set[str]:
        """Forget the pages shown ahead (the output still has the last published ones); their
        names. A pass that gave way to a newer edit keeps them shown: the next pass shows newer
        ones, publishes, or fails."""
        names = set(self.ahead)
        for name, digest in self.behind.items():
            if digest is None:
                self.manifest.pop(name, None)
            else:
                self.manifest[name] = digest
        self.ahead, self.behind = {}, {}
        return names

    def _advance(self, changed: frozenset[str]) -> None:
        self.version += 1
        self.changed[self.version] = changed
        self.changed.pop(self.version - HISTORY, None)
        self.condition.notify_all()

    def event(self, since: int) -> tuple[int, bytes]:
        """(the version now, the Server-Sent Event telling a page of version `since` what changed
        after it)."""
        with self.condition:
            # else a page of an older preview, or too old
            known = self.version - HISTORY < since <= self.version
            changed = (
                set().union(*(self.changed.get(v, ()) for v in range(since + 1, self.version + 1)))
                if known
                else set()
            )
            state = {
                "version": self.version,
                "error": self.error,
                "changed": sorted(changed),
                "all": not known,
            }
            return self.version, b"data: " + json.dumps(state).encode() + b"\n\n"

    def wait(self, version: int, timeout: float) -> bool:
        """Whether the version moved on from `version` within `timeout` seconds."""
        with self.condition:
            return self.condition.wait_for(lambda: self.version != version, timeout)


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
"""A request body infoprep reads and throws away (no request needs one); a bigger one ends the
connection."""
IDLE_SECONDS = 30
"""A connection that sends nothing for this long is closed: idle keep-alive connections would pile
up."""


def allowed_host(host: str, port: int) -> bool:
    """Whether a request's Host header names this server as a browser on this machine would:
    `localhost` or an IP address, with the port.

    Any other name (`attacker.example` resolving to 127.0.0.1: DNS rebinding) is refused, or a web
    page elsewhere could read every page of the preview, notes included.
    """
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
    """A thread per connection, a deep listen queue (a page opens a dozen requests at once), quiet
    when a client goes away mid-answer."""

    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # the browser closed the tab, or went quiet: not the preview's problem
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def make_handler(output: Path, state: ServeState) -> type[BaseHTTPRequestHandler]:
    preview = PREVIEW_SCRIPT.read_bytes()
    root = output.resolve()

    class Handler(BaseHTTPRequestHandler):
        server_version = "infoprep"
        protocol_version = "HTTP/1.1"
        # headers and body are two writes; without this each response waits ~40 ms for an ACK
        disable_nagle_algorithm = True
        timeout = IDLE_SECONDS

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet by default
            return

        def _send(self, status: int, body: bytes, kind: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                # Nothing the preview serves is for another origin: a page elsewhere may not load
                # sw.js (which lists every file: who you meet, when) or a page as a script, nor
                # sniff one into a type.
                self.send_header("X-Content-Type-Options", "nosniff")
                self.send_header("Cross-Origin-Resource-Policy", "same-origin")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
            except ConnectionError:
                self.close_connection = True

        def _drain(self) -> None:
            """Read the request's body, so it is never taken for the next request on this
            connection."""
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > MAX_BODY or self.headers.get("Transfer-Encoding"):
                self.close_connection = True
            elif length:
                self.rfile.read(length)

        def _refused(self) -> bool:
            """Answer 421 to a request whose Host is not this server on this machine (see
            allowed_host)."""
            self._drain()
            port = int(self.server.server_address[1])  # type: ignore[index]
            if allowed_host(self.headers.get("Host", ""), port):
                return False
            self._send(
                HTTPStatus.MISDIRECTED_REQUEST,
                b"This preview answers only http://localhost:%d/" % port,
                "text/plain; charset=utf-8",
            )
            return True

        def do_HEAD(self) -> None:
            self.do_GET()

        def _no(self) -> None:
            if not self._refused():
                self._send(
                    HTTPStatus.METHOD_NOT_ALLOWED, b"Only GET and HEAD", "text/plain; charset=utf-8"
                )

        # http.server's names
        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _no  # noqa: N815

        def _events(self) -> None:
            """Stream the state: at once (what changed since the page's version), then after every
            rebuild."""
            try:
                since = int(parse_qs(urlsplit(self.path).query).get("since", ["0"])[0])
            except ValueError:
                since = 0
            self.close_connection = True  # the stream ends when the connection does
            try:
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Connection", "close")
                self.end_headers()
                version, message = state.event(since)
                self.wfile.write(b"retry: 1000\n" + message)
                self.wfile.flush()
                while True:
                    if state.wait(version, KEEP_ALIVE):
                        last = version
                        version, message = state.event(last)
                        self.wfile.write(message)
                    else:
                        self.wfile.write(b": idle\n\n")
                    self.wfile.flush()
            except (ConnectionError, TimeoutError, OSError):
                return

        def do_GET(self) -> None:
            if self._refused():
                return
            route = urlsplit(self.path).path
            if route == STATUS_PATH:
                self._send(HTTPStatus.OK, state.status(), "application/json")
                return
            if route == PREVIEW_PATH:
                self._send(HTTPStatus.OK, preview, "text/javascript; charset=utf-8")
                return
            if route == EVENTS_PATH and self.command == "GET":
                self._events()
                return
            # before the file: a page newer than its version reloads once too often, never stays old
            version = state.version
            file = resolve_request(output, self.path)
            if file is None or file == root / Paths.service_worker:  # no offline copy: _preview.js
                self._send(HTTPStatus.NOT_FOUND, b"Not found", "text/plain; charset=utf-8")
                return
            name = file.relative_to(root).as_posix()  # resolve_request keeps it inside
            try:
                ahead = state.page(name)
                body = ahead if ahead is not None else file.read_bytes()
            except OSError:
                self._send(HTTPStatus.NOT_FOUND, b"Not found", "text/plain; charset=utf-8")
                return
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind == "text/html":
                state.saw(name)
                script = b'<script src="%s?v=%d"></script>' % (PREVIEW_PATH.encode(), version)
                body = body.replace(b"</body>", script + b"</body>", 1)
                kind += "; charset=utf-8"
            self._send(HTTPStatus.OK, body, kind)

    return Handler


def run_pass(
    options: BuildOptions, output: Path, state: ServeState, echo: Callable[[str], None]
) -> BuildReport | None:
    """One build; its result published to the pages (what changed, or the error).

    None when it failed or was superseded by a newer edit (which says nothing: the next pass follows
    at once).
    """
    try:
        report = build(options)
    except Superseded:
        return None
    except ContentError as exc:
        state.failed("\n".join(str(f) for f in exc.findings))
        echo(state.error)
        return None
    except InfoprepError as exc:
        state.failed(str(exc))
        echo(f"error: {exc}")
        return None
    # a bug (or a broken template override) must not stop the preview
    except Exception as exc:  # noqa: BLE001
        state.failed(f"internal error: {type(exc).__name__}: {exc}")
        echo(traceback.format_exc().rstrip())
        return None
    what = "pages" if options.pdf_later else "rebuilt"
    announce(what, output, state, echo, report.seconds, "" if report.complete else " (PDFs next)")
    return report


def announce(
    what: str,
    output: Path,
    state: ServeState,
    echo: Callable[[str], None],
    seconds: float,
    more: str = "",
) -> None:
    """Tell the pages what a publish changed, and the terminal."""
    changed = state.published(output)
    pages = sum(1 for name in changed if name.endswith(".html"))
    pdfs = sum(1 for name in changed if name.endswith((".pdf", ".pdf.bin")))
    echo(
        f"{datetime.now():%H:%M:%S} {what}: {pages} page(s), {pdfs} PDF(s) changed in "
        f"{seconds:.2f}s{more}"
    )


class Rebuilder:
    """The passes of one preview: pages at once, then PDFs and the binder in a background thread
    that the next edit cancels.

    Holds what passes hand on: the last full build's PDFs (linked until their pages' own are made).
    """

    def __init__(
        self, options: BuildOptions, output: Path, state: ServeState, echo: Callable[[str], None]
    ):
        self.options = options
        self.output = output
        self.state = state
        self.echo = echo
        self.pdf_keys: dict[str, str] = {}
        self.memo: RenderMemo | None = None
        """The last pass's render memo: the next pass takes its pages and notes from it."""
        self.cancel = threading.Event()
        self.background: threading.Thread | None = None

    def rebuild(self) -> None:
        self.stop()
        if not self.options.pdf:
            report = run_pass(
                replace(self.options, memo=self.memo), self.output, self.state, self.echo
            )
            if report is not None:
                self._keep(report)
            return
        pages = run_pass(
            replace(
                self.options,
                pdf_later=True,
                stale_pdfs=dict(self.pdf_keys),
                memo=self.memo,
                ahead=self._ahead,
                looking_at=self.state.looked_at,
            ),
            self.output,
            self.state,
            self.echo,
        )
        if pages is None:
            return
        self._keep(pages)
        if pages.complete:
            return
        self.cancel = threading.Event()
        started = time.perf_counter()

        def published() -> None:
            announce(
                "PDFs",
                self.output,
                self.state,
                self.echo,
                time.perf_counter() - started,
                " (the binder next)",
            )

        # the last binder stays published until the new one is assembled: never a moment without one
        pdfs = replace(
            self.options,
            cancel=self.cancel,
            binder_later=True,
            published=published,
            stale_pdfs=dict(self.pdf_keys),
            templated=pages.templated,
        )
        self.background = threading.Thread(target=self._pdfs, args=(pdfs,), daemon=True)
        self.background.start()

    def _ahead(self, files: Mapping[str, bytes]) -> None:
        self.state.show_ahead(files)
        pdfs = sum(1 for name in files if name.endswith((".pdf", ".pdf.bin")))
        self.echo(
            f"{datetime.now():%H:%M:%S} shown: {len(files) - pdfs} page(s), {pdfs} PDF(s) "
            "ahead of the rest"
        )

    def _pdfs(self, options: BuildOptions) -> None:
        report = run_pass(options, self.output, self.state, self.echo)
        if report is not None:
            self._keep(report)

    def _keep(self, report: BuildReport) -> None:
        if report.pdf_keys:
            self.pdf_keys = dict(report.pdf_keys)
        if report.templated is not None:  # the PDF pass adds its print pages to this memo
            self.memo = report.templated.memo

    def stop(self) -> None:
        """Cancel the PDFs being made for an older edit, and wait until that pass has let go of the
        cache."""
        if self.background is not None:
            self.cancel.set()
            self.background.join()
            self.background = None

    def close(self) -> None:
        self.stop()
        if self.options.pool is not None:
            self.options.pool.close()


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
    """The server, bound to its port; a port that is taken (or an address that cannot be used) is an
    InfoprepError saying how to choose another."""
    try:
        return PreviewServer((host, port), handler)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            why = (
                "is in use by another program"
                if exc.errno == errno.EADDRINUSE
                else "needs privileges to listen on"
            )
            raise InfoprepError(
                f"port {port} on {host} {why}; choose another with --port N (e.g. --port "
                f"{port + 1 if port else 8001}), "
                "or --port 0 to pick a free one"
            ) from None
        raise InfoprepError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


WATCH_STEP_MS = 30
"""A save is taken this long after the file system last reported a change (an editor's save is a
burst of events a few ms apart); 300 ms is the most a burst of saves is grouped over."""


def serve(
    content: Path, output: Path, host: str, port: int, pdf: bool, echo: Callable[[str], None]
) -> None:
    from watchfiles import watch

    # A private preview keeps its salt (publish/keys.py), so its file names and the browser's key
    # survive rebuilds.
    environ = dict(os.environ)
    pool = (
        PdfPool(default_workers(), pdf_timeout(environ), keep_warm=True) if pdf else None
    )  # WeasyPrint loaded once
    options = BuildOptions(
        content=content,
        output=output,
        pdf=pdf,
        quiet=True,
        environ=environ,
        pool=pool,
        compiled=CompiledTemplates(),
        keys=DerivedKeys(),
        binder_parts=PreparedParts(),
    )
    state = ServeState(manifest=manifest(output))
    server = listen(
        host, port, make_handler(output, state)
    )  # before the build: a port in use fails in a moment
    rebuilder = Rebuilder(options, output, state, echo)
    try:
        rebuilder.rebuild()
        if not output.is_dir():
            raise InfoprepError(f"{output}: nothing to serve; fix the errors above and run again")
    except BaseException:
        rebuilder.close()
        server.server_close()
        raise
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    echo(f"Serving {output}/ at http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)")
    watched = [str(content), str(THEMES_DIR)]
    try:
        for _changes in watch(
            *watched, watch_filter=ignore_output(output), debounce=300, step=WATCH_STEP_MS
        ):
            rebuilder.rebuild()
    except KeyboardInterrupt:
        pass
    finally:
        rebuilder.close()
        server.shutdown()
