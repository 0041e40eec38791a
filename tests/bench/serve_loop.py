"""The loop a user lives in: `infoprep serve` open in Chromium beside the editor, a note saved, the page and
the packet PDF updated. `python -m tests.bench.serve_loop --sizes sample,100 --edits 5` (part of `make bench`).

For each trip (the sample trip `content/`, and generated trips of N meetings: tests/bench/generate.py), public
and private, serve runs with PDFs as a user runs it (a subprocess, the build cache in a work folder), and
Debian's Chromium (/usr/bin/chromium, driven by Playwright; never a downloaded browser) opens the packet page
of the trip's first person (a private site is unlocked first). Then, `--edits` times, a line with a new word
is appended to that person's Markdown notes, and two times are taken from the save:
  page: until the open page shows the new word (the server's push, the page's reload, a private page's
        decryption included);
  PDF:  until serve answers with a new packet PDF (its bytes' digest changed: shown ahead of its
        publish, or published).
The person's packet alone is also rendered in this process (best of 3, WeasyPrint warm): the PDF time is
given as a ratio to it. Medians and ranges are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from tests.bench.generate import write_trip

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
PASSPHRASE = "bench passphrase of the loop"


@dataclass
class Loop:
    trip: str
    private: bool
    page: list[float] = field(default_factory=list)
    pdf: list[float] = field(default_factory=list)
    engine: float = 0.0


def first_person(content: Path) -> tuple[str, str]:
    """(slug, name) of the person of the schedule's first meeting."""
    schedule = (content / "schedule.yaml").read_text(encoding="utf-8")
    slug = re.search(r"person:\s*([\w-]+)", schedule).group(1)  # type: ignore[union-attr]
    profile = (content / "people" / f"{slug}.yaml").read_text(encoding="utf-8")
    return slug, re.search(r"^name:\s*(.+)$", profile, re.MULTILINE).group(1).strip()  # type: ignore[union-attr]


def make_private(content: Path) -> None:
    trip = content / "trip.yaml"
    text = trip.read_text(encoding="utf-8")
    if re.search(r"^\s+private: false\s*$", text, re.MULTILINE):
        text = re.sub(r"^(\s+)private: false\s*$", r"\1private: true", text, flags=re.MULTILINE)
    else:
        text += "\nsite:\n  private: true\n"
    trip.write_text(text, encoding="utf-8")


def engine_seconds(content: Path, slug: str) -> float:
    """The person's first packet rendered alone by the engine, warm: best of 3."""
    from datetime import date

    from generator.printing.pdf import PdfJob, PdfSettings, render_pdf, warm_up
    from generator.reading import load_and_plan
    from generator.render.memo import RenderMemo
    from generator.render.paths import Paths
    from generator.render.site import render_pages

    trip, plan, theme = load_and_plan(content, date.today())
    memo = RenderMemo()
    packet = next(p for p in plan.packets if p.slot.meeting.person.slug == slug)
    page = next(
        p
        for p in render_pages(plan, theme, Paths(), memo, True)
        if p.name == Paths().packet_pdf(packet.id)
    )
    settings = PdfSettings(
        trip.info.defaults.paper.value, theme.static_files(), trip.root / "assets"
    )
    warm_up()
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        render_pdf(PdfJob(page.name, page.data.decode(), page.title), settings)
        best = min(best, time.perf_counter() - started)
    return best


class Serve:
    def __init__(self, content: Path, output: Path, env: dict[str, str], code: Path):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "serve",
                str(content),
                "-o",
                str(output),
                "--port",
                "0",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=code,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(
            target=lambda: [self.lines.put(x) for x in self.process.stdout], daemon=True
        ).start()  # type: ignore[union-attr]
        self.url = ""
        self.built = False
        """Whether a full build finished before the server said where it listens (an older serve builds first)."""
        while not self.url:
            line = self.line(1800)
            self.built = self.built or "rebuilt" in line
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            self.url = match.group(0) if match else ""

    def line(self, timeout: float) -> str:
        line = self.lines.get(timeout=timeout)
        if "error" in line.lower() and "rebuilt" not in line:
            print("  serve:", line.rstrip(), file=sys.stderr)
        return line

    def until(self, pattern: str, timeout: float = 1800) -> None:
        while not re.search(pattern, self.line(timeout)):
            pass

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def served(url: str) -> str:
    """The SHA-256 of what serve answers at `url` now ("" for no answer)."""
    import hashlib
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - our own serve
            return hashlib.sha256(answer.read()).hexdigest()
    except OSError:
        return ""


def measure(
    work: Path,
    source: Path | None,
    size: int,
    private: bool,
    edits: int,
    browser: object,
    code: Path,
) -> Loop:
    label = "sample" if source else f"{size} meetings"
    content = work / f"trip-{label.replace(' ', '-')}-{'private' if private else 'public'}"
    if source:
        shutil.copytree(source, content)
    else:
        write_trip(content, size)
    if private:
        make_private(content)
    slug, name = first_person(content)
    notes = content / "people" / f"{slug}.md"
    if not notes.exists():  # the sample's first person has no notes file yet: the user starts one
        notes.write_text(f"# {name}: research notes\n", encoding="utf-8")
    loop = Loop(label, private)
    loop.engine = engine_seconds(content, slug)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH")}
    env.update({"XDG_CACHE_HOME": str(content) + "-cache", "INFOPREP_PASSWORD": PASSPHRASE})
    output = Path(str(content) + "-site")
    serve = Serve(content, output, env, code)
    try:
        if not serve.built:
            serve.until(r"rebuilt")  # the first PDF pass: every PDF made
        tab = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
        tab.goto(serve.url)
        if private:
            tab.fill("#infoprep-passphrase", PASSPHRASE)
            tab.click("#infoprep-unlock button[type=submit]")
            tab.wait_for_selector("ol.meetings")
        # Clicked, as a user follows it: a private site's key lives in the tab's memory, and a
        # link is followed inside the page (a fresh navigation would ask for the passphrase again).
        tab.locator("ol.meetings li a", has_text=name).first.click()
        tab.wait_for_selector("h1#who")  # the packet page (the name is on the home page too)
        folder = (
            tab.evaluate("() => decodeURIComponent(location.pathname)")
            .lstrip("/")
            .rsplit("/", 1)[0]
        )
        packet = f"{folder}/packet.pdf" + (".bin" if private else "")
        for n in range(edits):
            word = f"Zebrafinch{n}x{int(time.time())}"
            before = served(serve.url + quote(packet))
            started = time.perf_counter()
            notes.write_text(
                notes.read_text(encoding="utf-8") + f"\n\nAsked about {word}.\n", encoding="utf-8"
            )
            tab.wait_for_function(
                f"() => document.body && document.body.innerText.includes({json.dumps(word)})",
                timeout=120_000,
            )
            loop.page.append(time.perf_counter() - started)
            while (
                served(serve.url + quote(packet)) == before and time.perf_counter() - started < 600
            ):
                time.sleep(0.02)
            loop.pdf.append(time.perf_counter() - started)
            serve.until(r"rebuilt")  # the binder too: the next save starts from rest
            time.sleep(0.5)
        tab.close()
    finally:
        serve.stop()
    return loop


def spread(runs: list[float]) -> str:
    return f"{statistics.median(runs):.2f} s ({min(runs):.2f}-{max(runs):.2f})" if runs else "-"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="sample,100",
        help="'sample' (content/) and meeting counts, e.g. sample,100",
    )
    parser.add_argument("--edits", type=int, default=5, help="saves per trip")
    parser.add_argument("--public-only", action="store_true")
    parser.add_argument(
        "--code",
        type=Path,
        default=ROOT,
        help="a checkout of infoprep to run serve from (to compare)",
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        sys.exit(
            f"{CHROMIUM} is missing: install Debian's chromium (this benchmark never downloads a "
            "browser)"
        )
    from playwright.sync_api import sync_playwright

    loops = []
    with (
        tempfile.TemporaryDirectory(prefix="infoprep-serve-loop-") as folder,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for size in args.sizes.split(","):
            for private in (False,) if args.public_only else (False, True):
                source = ROOT / "content" if size == "sample" else None
                loop = measure(
                    Path(folder),
                    source,
                    0 if source else int(size),
                    private,
                    args.edits,
                    browser,
                    args.code,
                )
                loops.append(loop)
                print(
                    f"{loop.trip:>14} {'private' if private else 'public':>7}: page "
                    f"{spread(loop.page)}, "
                    f"packet PDF {spread(loop.pdf)} = "
                    f"{statistics.median(loop.pdf) / loop.engine:.1f}x its engine time "
                    f"({loop.engine:.2f} s)",
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    main()
