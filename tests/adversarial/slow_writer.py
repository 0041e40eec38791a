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
    staging: Path,
    out: Path,
    previous: Any,
    files: Mapping[str, bytes],
    copies: Mapping[str, Path],
    links: Mapping[str, Path],
) -> dict[str, str]:
    """The same files, in the same order, one call (and one pause) each."""
    digests: dict[str, str] = {}
    for name in sorted({*files, *copies, *links}):
        one = (
            ({name: files[name]}, {}, {})
            if name in files
            else ({}, {name: copies[name]}, {})
            if name in copies
            else ({}, {}, {name: links[name]})
        )
        digests.update(_real_write_tree(staging, out, previous, *one))
        time.sleep(DELAY)
    return digests


if __name__ == "__main__":
    output._write_tree = _slow_write_tree
    from generator.cli import main

    main()
