"""`infoprep serve` as a user runs it: a subprocess on a free port (--port 0), a page open in Chromium,
a content file edited on disk, the page reloading by itself; a broken file shown in the page."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import PASSPHRASE, SAMPLE, private_copy

PERSON = "mei-chen"


@dataclass
class Server:
    url: str
    content: Path
    process: subprocess.Popen[str]
    lines: queue.Queue[str]

    def output_until(self, pattern: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"serve never printed {pattern!r}; it printed:\n" + "".join(seen))


def start_serve(
    tmp_path: Path, content: Path, environ: dict[str, str] | None = None, pdf: bool = False
) -> Server:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH", "INFOPREP_PASSWORD")
    }
    env.update({"XDG_CACHE_HOME": str(tmp_path / "cache"), **(environ or {})})
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            str(content),
            "-o",
            str(tmp_path / "out"),
            "--port",
            "0",
            *([] if pdf else ["--no-pdf"]),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout], daemon=True
    ).start()  # type: ignore[union-attr]
    server = Server("", content, process, lines)
    match = re.search(
        r"http://127\.0\.0\.1:(\d+)/",
        server.output_until(r"Serving .* at http://127\.0\.0\.1:\d+/", timeout=120),
    )
    assert match and match.group(1) != "0"
    server.url = match.group(0)
    return server


@pytest.fixture
def served(tmp_path: Path) -> Iterator[list[Server]]:
    running: list[Server] = []
    yield running
    for server in running:
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def set_title(content: Path, title: str) -> None:
    person = content / "people" / f"{PERSON}.yaml"
    text = re.sub(
        r"^title: .*$",
        f"title: {title}",
        person.read_text(encoding="utf-8"),
        count=1,
        flags=re.MULTILINE,
    )
    person.write_text(text, encoding="utf-8")


def test_page_reloads_after_a_content_change_and_shows_errors(page, tmp_path: Path, served) -> None:
    content = tmp_path / "trip"
    shutil.copytree(SAMPLE, content)
    server = start_serve(tmp_path, content)
    served.append(server)
    page.goto(server.url)
    row = page.locator("ol.meetings li", has_text="Mei Chen").first
    assert "Chief Eviction Economist" not in row.inner_text()
    # No offline copy in the preview: each rebuild would install a worker saving the changed files.
    assert page.request.get(server.url + "sw.js").status == 404

    set_title(content, "Chief Eviction Economist")
    page.wait_for_function(
        "() => document.body.innerText.includes('Chief Eviction Economist')", timeout=20000
    )
    server.output_until("rebuilt")
    workers = "async () => (await navigator.serviceWorker.getRegistrations()).length"
    assert page.evaluate(workers) == 0

    person = content / "people" / f"{PERSON}.yaml"
    good = person.read_text(encoding="utf-8")
    person.write_text(good + "\nname: Duplicate\n", encoding="utf-8")
    banner = page.locator("#infoprep-error")
    banner.wait_for(timeout=20000)
    assert re.search(rf"people/{PERSON}\.yaml:\d+", banner.inner_text())
    assert "Chief Eviction Economist" in page.inner_text(
        "main"
    )  # the previous build is still served
    server.output_until(rf"{PERSON}\.yaml:\d+")

    person.write_text(good, encoding="utf-8")
    banner.wait_for(state="detached", timeout=20000)
    assert server.process.poll() is None


def test_private_preview_reloads_without_a_second_prompt(page, tmp_path: Path, served) -> None:
    content = private_copy(tmp_path / "trip", SAMPLE)
    server = start_serve(tmp_path, content, {"INFOPREP_PASSWORD": PASSPHRASE})
    served.append(server)
    page.goto(server.url)
    page.wait_for_selector("#infoprep-unlock:not([hidden])")
    page.fill("#infoprep-passphrase", PASSPHRASE)
    page.click("#infoprep-unlock button[type=submit]")
    page.wait_for_selector("section.day")

    set_title(content, "Chief Eviction Economist")
    page.wait_for_function(
        "() => document.body.innerText.includes('Chief Eviction Economist')", timeout=20000
    )
    assert page.locator("#infoprep-unlock").count() == 0


def test_only_the_edited_page_reloads_and_it_keeps_its_scroll(page, tmp_path: Path, served) -> None:
    content = tmp_path / "trip"
    shutil.copytree(SAMPLE, content)
    server = start_serve(tmp_path, content)
    served.append(server)
    other = page.context.new_page()
    page.goto(server.url)
    link = page.locator("ol.meetings li a", has_text="Mei Chen").first.get_attribute("href")
    page.goto(server.url + link.lstrip("./"))
    other.goto(server.url + "network.html")
    for tab in (page, other):
        tab.evaluate("() => { window.notReloaded = true; }")
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    scrolled, height = page.evaluate(
        "() => [window.scrollY, document.documentElement.scrollHeight]"
    )
    assert scrolled > 300

    notes = content / "people" / f"{PERSON}.md"  # research notes: on her packet only
    notes.write_text(
        notes.read_text(encoding="utf-8") + "\nAsked about the Leeds pilot in 2026.\n",
        encoding="utf-8",
    )
    page.wait_for_function("() => document.body.innerText.includes('Leeds pilot')", timeout=20000)
    # Back where it was: at the same place, or as far below it as the new line above it is tall.
    grown = f"Math.abs(document.documentElement.scrollHeight - {height})"
    page.wait_for_function(
        f"() => Math.abs(window.scrollY - {scrolled}) <= {grown} + 5", timeout=5000
    )
    assert page.evaluate("() => window.notReloaded") is None  # reloaded: its file changed
    time.sleep(0.5)
    # the network page did not change: not reloaded
    assert other.evaluate("() => window.notReloaded") is True
    other.close()


def test_pages_come_before_the_pdfs(page, tmp_path: Path, served) -> None:
    """With PDFs: the edited page shows while its packet PDF is still the last one, which follows after."""
    from fixtures.mini_trip import MINI

    content = tmp_path / "trip"
    shutil.copytree(MINI, content)
    server = start_serve(tmp_path, content, pdf=True)
    served.append(server)
    server.output_until(r"rebuilt", timeout=120)  # the first PDFs
    packet = next((tmp_path / "out" / "meetings").glob("*lena-brooks*/packet.pdf"))
    before = packet.read_bytes()
    page.goto(server.url + packet.parent.relative_to(tmp_path / "out").as_posix() + "/")
    person = content / "people" / "lena-brooks.yaml"
    person.write_text(
        person.read_text(encoding="utf-8").replace("title: Lab Manager", "title: Lab Director"),
        encoding="utf-8",
    )
    page.wait_for_function("() => document.body.innerText.includes('Lab Director')", timeout=20000)
    assert page.locator("a[href$='packet.pdf']").count() >= 1  # the page links its PDF all along
    server.output_until(r"pages: .*\(PDFs next\)")
    server.output_until(r"rebuilt: .*PDF", timeout=120)
    after = packet.read_bytes()
    assert after != before and after[:4] == b"%PDF"
