"""Benchmark: what building in another language costs over English (issue 27: no more than 5 %).

    python -m tests.bench.languages                       (part of `make bench`)
    python -m tests.bench.languages --languages de,ja --repeat 5 --pdf

The sample trip (content/) is built with `defaults.language` set, each build in a fresh interpreter
with a cold build cache, as a user's first build is; the best of --repeat counts for each language.
Pages and the calendar only by default (the phrases are templated there; a PDF costs the same in any
language but for its fonts), --pdf for whole builds. The ratio is read from the table, never asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _trip(base: Path, language: str) -> Path:
    content = base / f"content-{language}"
    shutil.copytree(ROOT / "content", content)
    trip = content / "trip.yaml"
    trip.write_text(
        re.sub(
            r"^defaults:\n",
            f"defaults:\n  language: {language}\n",
            trip.read_text(encoding="utf-8"),
            count=1,
            flags=re.M,
        ),
        encoding="utf-8",
    )
    return content


def _once(content: Path, base: Path, pdf: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the build's processes): on a shared machine the CPU time is the steadier."""
    output = base / "out"
    cache = base / "cache"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "SOURCE_DATE_EPOCH": "1803427200"}
    args = [sys.executable, "-m", "generator", "build", str(content), "-o", str(output), "--clean"]
    if not pdf:
        args.append("--no-pdf")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env, timeout=900)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languages", default="en,en_GB,de,fr,es,pt_BR,zh_Hans,ja,ko")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="whole builds, PDFs included")
    options = parser.parse_args()
    languages = options.languages.split(",")
    if "en" not in languages:
        languages.insert(0, "en")
    with tempfile.TemporaryDirectory(prefix="infoprep-bench-languages-") as folder:
        base = Path(folder)
        trips = {language: _trip(base, language) for language in languages}
        wall = {language: float("inf") for language in languages}
        cpu = {language: float("inf") for language in languages}
        # interleaved, so a busy moment of the machine falls on every language
        for _ in range(options.repeat):
            for language in languages:
                seconds, used = _once(trips[language], base, options.pdf)
                wall[language], cpu[language] = (
                    min(wall[language], seconds),
                    min(cpu[language], used),
                )
    kind = "whole build" if options.pdf else "pages and calendar (--no-pdf)"
    print(
        f"Sample trip, {kind}, best of {options.repeat}, cold cache (CPU: the build's processes, "
        "steadier on a busy machine):"
    )
    print(f"{'language':<10} {'wall s':>8} {'vs en':>8} {'CPU s':>8} {'vs en':>8}")
    for language in languages:
        print(
            f"{language:<10} {wall[language]:>8.2f} {wall[language] / wall['en'] - 1:>+8.1%} "
            f"{cpu[language]:>8.2f} {cpu[language] / cpu['en'] - 1:>+8.1%}"
        )


if __name__ == "__main__":
    main()
