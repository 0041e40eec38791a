"""Installed distributions' versions, read from their metadata folders' names.

`importlib.metadata` costs ~20 ms to import (email, zipfile, csv...), paid by every build before its
first PDF worker starts; the versions the build cache hashes are in the `NAME-VERSION.dist-info`
folder names on sys.path already. Where a name is not found that way (an egg, an odd layout),
importlib.metadata answers.
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache

_DIST_INFO = re.compile(r"(?P<name>[^-]+)-(?P<version>[^-]+)\.dist-info\Z")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@lru_cache(maxsize=1)
def _installed() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            match = _DIST_INFO.match(entry)
            if match:
                found.setdefault(
                    _normal(match["name"]), match["version"]
                )  # the first on sys.path wins, as for import
    return found


def version(name: str) -> str:
    """The installed version of distribution `name`, or "-" when it is not installed."""
    known = _installed().get(_normal(name))
    if known is not None:
        return known
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"
