"""`infoprep serve` with PDFs, read as the preview script reads it: the Server-Sent Events stream says which
files each pass changed. A save shows the edited page first, then the pages with the edited person's packet
PDF, then the other PDFs, then the binder; a save made while they render supersedes them: what ends up
published is the latest text."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.building import build_options
from fixtures.mini_trip import MINI
from fixtures.pdf_pages import pdf_text

from generator.build import build


class Preview:
    def __init__(self, tmp_path: Path) -> None:
        self.content = tmp_path / "trip"
        self.output = tmp_path / "out"
        shutil.copytree(MINI, self.content)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH", "INFOPREP_PASSWORD")
        }
        env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "serve",
                str(self.content),
                "-o",
                str(self.output),
                "--port",
                "0",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(
            target=lambda: [self.lines.put(x) for x in self.process.stdout], daemon=True
        ).start()  # type: ignore[union-attr]
        self.url = ""
        while not self.url:
            line = self.lines.get(timeout=120)
            if match := re.search(r"http://127\.0\.0\.1:\d+/", line):
                self.url = match.group(0)

    def events(self, since: int) -> Iterator[dict[str, object]]:
        stream = urllib.request.urlopen(f"{self.url}__infoprep__/events?since={since}", timeout=180)  # noqa: S310 - our own server
        for raw in stream:
            if raw.startswith(b"data: "):
                yield json.loads(raw[6:])

    def get(self, path: str) -> str:
        """A file as the preview serves it (a page shown ahead of its publish included)."""
        return self.get_bytes(path).decode("utf-8")

    def get_bytes(self, path: str) -> bytes:
        with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as answer:  # noqa: S310
            return answer.read()

    def version(self) -> int:
        with urllib.request.urlopen(f"{self.url}__infoprep__/status", timeout=10) as answer:  # noqa: S310
            return int(json.loads(answer.read())["version"])

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    running = Preview(tmp_path)
    yield running
    running.stop()


def packet_of(output: Path, slug: str) -> str:
    return next(
        p.relative_to(output).as_posix() for p in (output / "meetings").glob(f"*{slug}*/packet.pdf")
    )


def test_pages_first_then_pdfs_and_a_later_save_wins(preview: Preview) -> None:
    events = preview.events(0)
    for state in events:  # the first build: pages, then every PDF
        if any(str(name).endswith("binder.pdf") for name in state["changed"]):  # type: ignore[attr-defined]
            break
    packet = packet_of(preview.output, "lena-brooks")
    page = packet.replace("packet.pdf", "index.html")
    person = preview.content / "people" / "lena-brooks.yaml"
    text = person.read_text(encoding="utf-8")

    person.write_text(text.replace("title: Lab Manager", "title: Lab Director"), encoding="utf-8")
    state = next(events)  # her page, shown as soon as it is made, before the rest of the site
    assert page in state["changed"] and packet not in state["changed"], state  # type: ignore[operator]
    assert "Lab Director" in preview.get(page)
    while packet not in state["changed"]:  # type: ignore[operator]
        state = next(events)  # then her packet's PDF, shown as soon as it is made (one person's
        # packets render while the pages are made; the itinerary and the binder come after)
        assert not state["error"], state
    assert "Lab Director" in pdf_text(preview.get_bytes(packet))
    while "Lab Director" not in (preview.output / page).read_text(encoding="utf-8"):
        state = next(events)  # then the pages are published, with the PDF shown
        assert not state["error"], state
    assert "Lab Director" in pdf_text(preview.output / packet)

    # Saved again at once, while the first save's PDFs render (or just after): the last save is what
    # stays.
    person.write_text(
        text.replace("title: Lab Manager", "title: Head of the Lab"), encoding="utf-8"
    )
    packet_seen = False
    for state in events:  # the packet PDF, then the binder, which comes last
        assert not state["error"], state
        # the last binder stays until the new one replaces it (the PDFs pass once published none)
        assert (preview.output / "binder.pdf").is_file(), state
        changed = state["changed"]
        packet_seen = packet_seen or (  # shown ahead of its publish: as the preview serves it
            packet in changed and "Head of the Lab" in pdf_text(preview.get_bytes(packet))
        )  # type: ignore[operator]
        if (
            packet_seen
            and "binder.pdf" in changed
            and "Head of the Lab" in pdf_text(preview.output / "binder.pdf")
        ):  # type: ignore[operator]
            break
    assert "Head of the Lab" in (preview.output / page).read_text(encoding="utf-8")
    assert "Head of the Lab" in pdf_text(preview.output / packet)
    assert "Lab Director" not in pdf_text(preview.output / "binder.pdf")
    # The PDFs pass published its pages pass's web pages without templating them again: they are
    # what a clean build of the same content makes.
    clean = preview.output.parent / "clean"
    build(build_options(content=preview.content, output=clean, quiet=True, environ={}))
    made = {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*.html")}
    assert {name: (preview.output / name).read_bytes() for name in made} == made


def test_a_failed_rebuild_is_an_event_with_its_location_and_the_pages_stay(
    preview: Preview,
) -> None:
    events = preview.events(preview.version())
    next(events)
    before = (preview.output / "index.html").read_bytes()
    person = preview.content / "people" / "kim-park.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "\nname: Twice\n", encoding="utf-8")
    state = next(events)
    assert re.search(r"people/kim-park\.yaml:\d+", str(state["error"])), state
    assert (preview.output / "index.html").read_bytes() == before


def test_the_packet_on_screen_prints_first(preview: Preview) -> None:
    """José is met on Monday and on Tuesday; with his Tuesday page open in the preview, an edit to
    him shows Tuesday's packet PDF before Monday's."""
    events = preview.events(0)
    for state in events:  # the first build, binder included
        if "binder.pdf" in state["changed"]:  # type: ignore[operator]
            break
    monday, tuesday = (packet_of(preview.output, f"2027-05-1{day}-jose") for day in (0, 1))
    assert "Director of Route" in preview.get(tuesday.replace("packet.pdf", "index.html"))
    person = preview.content / "people" / "jose-alvarez.yaml"
    person.write_text(
        person.read_text(encoding="utf-8").replace("Director of Route", "Head of Route"),
        encoding="utf-8",
    )
    state = next(events)
    while monday not in state["changed"] and tuesday not in state["changed"]:  # type: ignore[operator]
        assert not state["error"], state
        state = next(events)  # his pages first
    assert tuesday in state["changed"] and monday not in state["changed"], state  # type: ignore[operator]
    assert "Head of Route" in pdf_text(preview.get_bytes(tuesday))
