"""QR codes for printed pages, so a phone opens the map or the video link from paper."""

from __future__ import annotations

import re

from generator.render.memo import Memo

_SHAPE = re.compile(
    r"data:image/svg\+xml;charset=utf-8,"
    r"%3Csvg%20xmlns%3D%27http%3A%2F%2Fwww\.w3\.org%2F2000%2Fsvg%27"
    r"%20width%3D%27\d{1,4}%27%20height%3D%27\d{1,4}%27%20class%3D%27segno%27%3E"
    r"%3Cpath%20transform%3D%27scale%28\d%29%27"
    r"%20class%3D%27qrline%27%20stroke%3D%27%231b2430%27"
    r"%20d%3D%27(?:[0-9.Mmhv-]|%20)+%27%2F%3E%3C%2Fsvg%3E"
)


def checked(uri: str) -> str | None:
    """A QR code from the build cache, if it has exactly the shape segno makes (it is put in the PDF
    as is)."""
    return uri if _SHAPE.fullmatch(uri) else None


def qr_memo() -> Memo:
    return Memo(check=checked)


def qr_data_uri(url: str, memo: Memo) -> str:
    """An SVG data URI; made here, so the PDF fetcher may trust it (~4 ms each: memoized across
    builds)."""
    return memo.get(url, _make)


def _make(url: str) -> str:
    import segno  # here: a rebuild finds most codes in the memo, and segno takes ~25 ms to import

    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#1b2430"))
