"""`python slow_writer.py build ...`: infoprep with its writer slowed down, so a test can interrupt it mid-staging.

Fault injection only: the real `generator.output._write_tree` writes every file; this wrapper hands
it one file at a time and sleeps SLOW_WRITER_DELAY seconds (default 0.5) after each, so the hidden
staging folder exists for seconds instead of milliseconds. Everything else is the real CLI.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import generator.output as output

DELAY = float(os.environ.get("SLOW_WRITER_DELAY", "0.5"))
_real_write_tree = output._write_tree


def _slow_write_tree(
    staging: Path, files: Mapping[str, bytes], sources: Mapping[str, Path], keep: Mapping[str, Path], known: Mapping[str, str], *rest: Any
) -> dict[str, str]:
    """The same files, in the same order and with the same precedence (files, then sources, then kept files)."""
    digests: dict[str, str] = {}
    for name in sorted(files):
        digests.update(_real_write_tree(staging, {name: files[name]}, {}, {}, known, *rest))
        time.sleep(DELAY)
    for name in sorted(sources):
        if name not in files:
            digests.update(_real_write_tree(staging, {}, {name: sources[name]}, {}, known, *rest))
            time.sleep(DELAY)
    for name in sorted(keep):
        if name not in files and name not in sources:
            digests.update(_real_write_tree(staging, {}, {}, {name: keep[name]}, known, *rest))
            time.sleep(DELAY)
    return digests


if __name__ == "__main__":
    output._write_tree = _slow_write_tree
    from generator.cli import main

    main()
